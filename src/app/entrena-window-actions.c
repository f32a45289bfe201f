/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "entrena-chart-export.h"
#include "entrena-map-chart.h"
#include "entrena-network-chart.h"
#include "entrena-residual-chart.h"
#include "entrena-scatter-chart.h"
#include "entrena-loss-chart.h"
#include "entrena-model-io.h"
#include "entrena-script.h"
#include "entrena-training-history.h"
#include "entrena-window-private.h"

/*
 * The window's commands: train and stop, back to the lesson's settings, and
 * what can be kept of a run: the model (safetensors), the loss chart (PNG, SVG
 * or PDF, drawn by the same code as the window's chart), the training history
 * (CSV) and the PyTorch script that repeats the run.
 *
 * Each file command has two actions: one that asks where (win.save-model) and
 * one that takes the place as a URI (win.save-model-to), which is what the
 * file chooser calls and what tests and scripts can call directly.
 */

/* The size of an exported chart: a 16:9 slide, drawn at twice the pixels for PNG. */
#define EXPORT_WIDTH 1200
#define EXPORT_HEIGHT 675
#define EXPORT_PNG_SCALE 2.0

/* The window keeps at most one file chooser of these, under this key. */
#define CHOOSER_KEY "entrena-save-chooser"

typedef void (*SaveFunc) (EntrenaWindow *self,
                          GFile         *file);

static EntrenaRunResult *
get_result (EntrenaWindow *self)
{
  return entrena_window_get_result (self);
}

/* "train-small" for train-small.csv: the start of every suggested file name. */
static char *
dup_stem (EntrenaWindow *self)
{
  EntrenaTable *table = entrena_window_get_table (self);
  const char *name = table != NULL ? entrena_table_get_display_name (table) : NULL;
  const char *dot;

  if (name == NULL || *name == '\0')
    return g_strdup ("entrena");

  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    return g_strndup (name, dot - name);

  return g_strdup (name);
}

static char *
dup_display_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_file_get_parse_name (file);

  return g_steal_pointer (&name);
}

static void
show_save_error (EntrenaWindow *self,
                 GFile         *file,
                 const GError  *error)
{
  g_autofree char *name = dup_display_name (file);
  g_autofree char *title = NULL;

  /* Translators: %s is a file name */
  title = g_strdup_printf (_("Could not save “%s”"), name);
  _entrena_window_show_error (self, title, error->message);
}

/* Asking where */

static void
chooser_response_cb (GtkFileChooserNative *chooser,
                     int                   response,
                     EntrenaWindow        *self)
{
  SaveFunc save = g_object_get_data (G_OBJECT (chooser), "entrena-save-func");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL)
    {
      /* A chart saved as "loss" gets the extension of the type picked in the chooser. */
      const char *extension = g_object_get_data (G_OBJECT (chooser), "entrena-extension");
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
      g_autofree char *basename = g_file_get_basename (file);

      if (filter != NULL && g_object_get_data (G_OBJECT (filter), "entrena-extension") != NULL)
        extension = g_object_get_data (G_OBJECT (filter), "entrena-extension");

      if (extension != NULL && basename != NULL && strchr (basename, '.') == NULL)
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autofree char *named = g_strconcat (basename, extension, NULL);

          if (parent != NULL)
            {
              g_object_unref (file);
              file = g_file_get_child (parent, named);
            }
        }

      save (self, file);
    }

  /* Dropping it from the window frees it; the emission holds it until we return. */
  g_object_set_data (G_OBJECT (self), CHOOSER_KEY, NULL);
}

static void
destroy_chooser (gpointer data)
{
  GtkNativeDialog *chooser = data;

  g_signal_handlers_disconnect_matched (chooser, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        chooser_response_cb, NULL);
  if (gtk_native_dialog_get_visible (chooser))
    gtk_native_dialog_hide (chooser);
  g_object_unref (chooser);
}

static GtkFileFilter *
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *suffix)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, suffix);
  g_object_set_data_full (G_OBJECT (filter), "entrena-extension",
                          g_strconcat (".", suffix, NULL), g_free);
  gtk_file_chooser_add_filter (chooser, filter);

  return filter;
}

static GtkFileChooser *
ask_where (EntrenaWindow *self,
           const char    *title,
           const char    *suggested_name,
           SaveFunc       save)
{
  GtkFileChooserNative *chooser;
  g_autofree char *path = _entrena_window_dup_table_path (self);

  chooser = gtk_file_chooser_native_new (title,
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);

  /* Next to the data, where a lesson's files usually live. */
  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_object_set_data (G_OBJECT (chooser), "entrena-save-func", save);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);

  /* Replaces (and closes) a chooser still open for another command. */
  g_object_set_data_full (G_OBJECT (self), CHOOSER_KEY, chooser, destroy_chooser);

  return GTK_FILE_CHOOSER (chooser);
}

static void
show_chooser (EntrenaWindow *self)
{
  GtkNativeDialog *chooser = g_object_get_data (G_OBJECT (self), CHOOSER_KEY);

  if (chooser != NULL)
    gtk_native_dialog_show (chooser);
}

/* Saving */

static void
save_model (EntrenaWindow *self,
            GFile         *file)
{
  EntrenaRunResult *result = get_result (self);
  g_autoptr(GError) error = NULL;

  if (result == NULL)
    return;

  /* A few kilobytes to a few megabytes, written to a temporary file and renamed. */
  if (!entrena_model_save (result->training->mlp, result->info, file, NULL, &error))
    show_save_error (self, file, error);
}

/* The picture of the view on screen, drawn by the chart library: the
 * loss or accuracy chart, the decision map or the network. Returns the
 * drawing function and its data, with the picture's title and its
 * description for screen readers (for an SVG). */
static EntrenaChartDrawFunc
view_picture (EntrenaWindow     *self,
              EntrenaChartData  *chart,
              gconstpointer     *data,
              char             **title,
              char             **description)
{
  const char *view = entrena_training_view_get_view (self->training_view);

  if (g_str_equal (view, "decision-map"))
    {
      EntrenaDecisionMap *map = entrena_decision_map_view_get_map (entrena_training_view_get_map_view (self->training_view));

      if (map == NULL)
        return NULL;
      *data = map;
      *title = g_strdup (_("Decision map"));
      *description = entrena_decision_map_describe (map);
      return entrena_map_chart_draw_func;
    }
  if (g_str_equal (view, "network"))
    {
      const EntrenaNetworkChartData *network =
        entrena_network_view_get_data (entrena_training_view_get_network_view (self->training_view));

      if (network == NULL)
        return NULL;
      *data = network;
      *title = g_strdup (_("Network"));
      *description = entrena_network_chart_describe (network);
      return entrena_network_chart_draw_func;
    }

  /* What the window shows, without the pointer's epoch. */
  entrena_loss_chart_get_data (entrena_window_get_loss_chart (self), chart);
  chart->hover_epoch = -1;
  *data = chart;
  *title = entrena_chart_title (chart);
  *description = entrena_chart_describe (chart);
  return entrena_chart_draw_func;
}

/* Writes a picture the chart library draws to @file, in the format its
 * name ends with, on the light style a document or slide expects; with no
 * @draw, only says when the name ends in none of them. */
static void
export_drawing (EntrenaWindow        *self,
                GFile                *file,
                EntrenaChartDrawFunc  draw,
                gconstpointer         data,
                const char           *title,
                const char           *description)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  EntrenaChartStyle style;
  EntrenaChartFormat format;

  format = entrena_chart_format_from_filename (basename);
  if (format == ENTRENA_CHART_FORMAT_GUESS)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("Charts are saved as PNG, SVG or PDF: end the file name with .png, .svg or .pdf."));
      show_save_error (self, file, error);
      return;
    }
  /* Nothing to draw (yet). */
  if (draw == NULL)
    return;

  entrena_chart_style_init_default (&style);
  if (!entrena_chart_export_drawing (draw, data, &style, title, description, file, format, EXPORT_WIDTH, EXPORT_HEIGHT,
                                     format == ENTRENA_CHART_FORMAT_PNG ? EXPORT_PNG_SCALE : 1.0,
                                     &error))
    show_save_error (self, file, error);
}

static void
export_chart (EntrenaWindow *self,
              GFile         *file)
{
  EntrenaChartData chart;
  EntrenaChartDrawFunc draw;
  gconstpointer data = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  draw = view_picture (self, &chart, &data, &title, &description);
  export_drawing (self, file, draw, data, title, description);
}

/* The regression pictures the results show: the scatter and the residuals. */
static const EntrenaRegressionChartData *
shown_regression (EntrenaWindow *self)
{
  return entrena_results_page_get_regression (entrena_training_view_get_results_page (self->training_view));
}

static void
export_scatter (EntrenaWindow *self,
                GFile         *file)
{
  const EntrenaRegressionChartData *data = shown_regression (self);
  g_autofree char *description = data != NULL ? entrena_scatter_chart_describe (data) : NULL;

  export_drawing (self, file, data != NULL ? entrena_scatter_chart_draw_func : NULL, data, _("Predicted against actual"), description);
}

static void
export_residuals (EntrenaWindow *self,
                  GFile         *file)
{
  const EntrenaRegressionChartData *data = shown_regression (self);
  g_autofree char *description = data != NULL ? entrena_residual_chart_describe (data) : NULL;

  export_drawing (self, file, data != NULL ? entrena_residual_chart_draw_func : NULL, data, _("Residuals"), description);
}

static void
export_history (EntrenaWindow *self,
                GFile         *file)
{
  EntrenaRunResult *result = get_result (self);
  g_autoptr(GError) error = NULL;

  if (result != NULL && !entrena_training_write_history (result->training, file, &error))
    show_save_error (self, file, error);
}

/* The PyTorch script */

static void
copy_script_cb (GtkButton *button,
                GtkWidget *window)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (window), "entrena-text-view");
  AdwToastOverlay *overlay = g_object_get_data (G_OBJECT (window), "entrena-toast-overlay");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);

  adw_toast_overlay_add_toast (overlay, adw_toast_new (_("Copied to the clipboard")));
}

static GtkWidget *
create_script_window (EntrenaWindow *self,
                      const char    *script)
{
  GtkWidget *window, *box, *header, *title, *copy, *overlay, *scroller, *view;
  GtkEventController *shortcuts;

  window = adw_window_new ();
  gtk_widget_set_name (window, "script-window");
  gtk_window_set_title (GTK_WINDOW (window), _("PyTorch Code"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 780, 640);

  header = adw_header_bar_new ();
  title = adw_window_title_new (_("PyTorch Code"),
                                _("The same run in Python, with pandas, scikit-learn and PyTorch"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);

  copy = gtk_button_new_with_mnemonic (_("_Copy"));
  gtk_widget_set_name (copy, "copy-button");
  gtk_widget_add_css_class (copy, "suggested-action");
  gtk_widget_set_tooltip_text (copy, _("Copy the Code to the Clipboard"));
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_script_cb), window, 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), copy);

  view = gtk_text_view_new ();
  gtk_widget_set_name (view, "script-view");
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), script, -1);
  gtk_widget_add_css_class (view, "script-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("PyTorch code"),
                                  -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_vexpand (scroller, TRUE);

  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scroller);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), overlay);
  adw_window_set_content (ADW_WINDOW (window), box);

  /* Escape closes it, as it does a dialog. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  g_object_set_data (G_OBJECT (window), "entrena-text-view", view);
  g_object_set_data (G_OBJECT (window), "entrena-toast-overlay", overlay);

  return window;
}

/* Actions */

static void
train_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _entrena_window_start_training (ENTRENA_WINDOW (widget), FALSE);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _entrena_window_stop_training (ENTRENA_WINDOW (widget));
}

/* The file commands: each has an action that asks where, with a file name
 * made from the data's, and one that takes the place as a URI. */
typedef struct
{
  const char *name;       /* translatable */
  const char *mime_type;  /* nullable */
  const char *suffix;
} SaveFilter;

typedef struct
{
  const char *action_name;
  const char *to_action_name;
  const char *title;        /* of the file chooser; translatable */
  const char *name_suffix;  /* of the suggested file name, after the data's name */
  SaveFunc    save;
  SaveFilter  filters[3];   /* the first one is chosen */
} SaveCommand;

static const SaveCommand save_commands[] = {
  { "win.save-model", "win.save-model-to", N_("Save Model"), ".safetensors", save_model,
    { { N_("Models (safetensors)"), NULL, "safetensors" } } },
  { "win.export-chart", "win.export-chart-to", N_("Export Chart"), "-loss.png", export_chart,
    { { N_("PNG Images"), "image/png", "png" },
      { N_("SVG Drawings"), "image/svg+xml", "svg" },
      { N_("PDF Documents"), "application/pdf", "pdf" } } },
  { "win.export-history", "win.export-history-to", N_("Export Training History"), "-history.csv",
    export_history,
    { { N_("CSV Files"), "text/csv", "csv" } } },
  { "win.export-scatter", "win.export-scatter-to", N_("Export Scatter"), "-scatter.png", export_scatter,
    { { N_("PNG Images"), "image/png", "png" },
      { N_("SVG Drawings"), "image/svg+xml", "svg" },
      { N_("PDF Documents"), "application/pdf", "pdf" } } },
  { "win.export-residuals", "win.export-residuals-to", N_("Export Residuals"), "-residuals.png", export_residuals,
    { { N_("PNG Images"), "image/png", "png" },
      { N_("SVG Drawings"), "image/svg+xml", "svg" },
      { N_("PDF Documents"), "application/pdf", "pdf" } } },
};

/* The suggested name of an export of the view on screen, after the data's name. */
static const char *
export_suffix (EntrenaWindow *self)
{
  const char *view = entrena_training_view_get_view (self->training_view);

  if (g_str_equal (view, "decision-map"))
    return "-map.png";
  if (g_str_equal (view, "network"))
    return "-network.png";
  if (g_str_equal (view, "accuracy"))
    return "-accuracy.png";

  return "-loss.png";
}

static const SaveCommand *
find_save_command (const char *action_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (save_commands); i++)
    {
      if (g_str_equal (action_name, save_commands[i].action_name) ||
          g_str_equal (action_name, save_commands[i].to_action_name))
        return &save_commands[i];
    }

  g_return_val_if_reached (NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);
  const SaveCommand *command = find_save_command (action_name);
  g_autofree char *stem = dup_stem (self);
  g_autofree char *name = g_strconcat (stem, command->save == export_chart ? export_suffix (self)
                                                                           : command->name_suffix, NULL);
  GtkFileFilter *first = NULL;
  GtkFileChooser *chooser;

  chooser = ask_where (self, _(command->title), name, command->save);
  for (guint i = 0; i < G_N_ELEMENTS (command->filters) && command->filters[i].name != NULL; i++)
    {
      const SaveFilter *filter = &command->filters[i];
      GtkFileFilter *added = add_filter (chooser, _(filter->name), filter->mime_type, filter->suffix);

      if (first == NULL)
        first = added;
    }
  gtk_file_chooser_set_filter (chooser, first);
  show_chooser (self);
}

static void
save_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  const SaveCommand *command = find_save_command (action_name);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  command->save (ENTRENA_WINDOW (widget), file);
}

static void
show_script_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);
  EntrenaRunResult *result = get_result (self);
  g_autofree char *script = NULL;
  g_autofree char *path = NULL;

  if (result == NULL)
    return;

  path = _entrena_window_dup_table_path (self);
  script = entrena_script_generate (result->info, path);
  gtk_window_present (GTK_WINDOW (create_script_window (self, script)));
}

static void
restore_lesson_settings_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  /* With a lesson file open, its settings are the lesson's. */
  if (!_entrena_window_restore_lesson (self))
    entrena_training_page_restore_lesson_settings (entrena_window_get_training_page (self));
}

void
_entrena_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  for (guint i = 0; i < G_N_ELEMENTS (save_commands); i++)
    {
      gtk_widget_class_install_action (widget_class, save_commands[i].action_name, NULL,
                                       save_action);
      gtk_widget_class_install_action (widget_class, save_commands[i].to_action_name, "s",
                                       save_to_action);
    }
  gtk_widget_class_install_action (widget_class, "win.show-script", NULL, show_script_action);
  gtk_widget_class_install_action (widget_class, "win.restore-lesson-settings", NULL,
                                   restore_lesson_settings_action);

  /* Also set application-wide in EntrenaApplication::startup, for menus and the
   * shortcuts window; these keep them working in a window without an application. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-model", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-chart", NULL);
}

/* Closes a file chooser still open, when the window goes. */
void
_entrena_window_actions_dispose (EntrenaWindow *self)
{
  g_object_set_data (G_OBJECT (self), CHOOSER_KEY, NULL);
}

void
_entrena_window_show_save_error (EntrenaWindow *self,
                                 GFile         *file,
                                 const GError  *error)
{
  show_save_error (self, file, error);
}

/* Asks where to save a file of one type, then calls @save with the place:
 * the window's other files' way to the same file chooser. */
void
_entrena_window_ask_where_to_save (EntrenaWindow         *self,
                                   const char            *title,
                                   const char            *suggested_name,
                                   const char            *filter_name,
                                   const char            *mime_type,
                                   const char            *suffix,
                                   EntrenaWindowSaveFunc  save)
{
  GtkFileChooser *chooser = ask_where (self, title, suggested_name, save);

  gtk_file_chooser_set_filter (chooser, add_filter (chooser, filter_name, mime_type, suffix));
  show_chooser (self);
}
