/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-window-private.h"

/*
 * The main window: a header bar with Open, Train/Stop and the main menu, a slim
 * loading bar, an error bar, and a stack with the welcome page and, once a
 * table is loaded, two views: the data pane, and the training view (the
 * settings, the loss chart and the results), which also runs the training.
 *
 * Opening files and demos is in entrena-window-open.c; the commands that keep
 * what a run made (save, export, the PyTorch script) in entrena-window-actions.c;
 * Pause, Step and Train More, and their keys, in entrena-window-run.c.
 */

G_DEFINE_FINAL_TYPE (EntrenaWindow, entrena_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_TRAINING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* Errors */

void
_entrena_window_show_error (EntrenaWindow *self,
                            const char    *title,
                            const char    *message)
{
  g_return_if_fail (ENTRENA_IS_WINDOW (self));

  gtk_label_set_label (self->error_title, title);
  gtk_label_set_label (self->error_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_message), message != NULL && *message != '\0');
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

void
_entrena_window_hide_error (EntrenaWindow *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
training_error_cb (EntrenaWindow       *self,
                   const char          *title,
                   const char          *message,
                   EntrenaTrainingView *view)
{
  _entrena_window_show_error (self, title, message);
}

void
_entrena_window_notify_loading (EntrenaWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Training */

/* The data pane is locked while a run trains. Changing the sensitivity of
 * the pane restyles each of its many widgets (a frame's worth of work), so
 * it is done only while the pane is on screen or as it comes on screen: a
 * run that starts and ends in the Training view never pays for it. */
static void
update_data_lock (EntrenaWindow *self)
{
  gboolean locked = entrena_training_view_get_training (self->training_view);
  gboolean shown = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "data") == 0;
  GtkWidget *pane = GTK_WIDGET (self->dataset_page);

  if (locked && !shown)
    return;
  if (gtk_widget_get_sensitive (pane) == locked)
    gtk_widget_set_sensitive (pane, !locked);
}

static void
training_changed_cb (EntrenaWindow       *self,
                     GParamSpec          *pspec,
                     EntrenaTrainingView *view)
{
  gboolean training = entrena_training_view_get_training (view);

  gtk_stack_set_visible_child_name (self->train_stack, training ? "stop" : "train");
  update_data_lock (self);

  _entrena_window_update_actions (self);

  /* Stop takes the place of Train under the keyboard focus. */
  if (training && gtk_widget_has_focus (gtk_stack_get_child_by_name (self->train_stack, "train")))
    gtk_widget_grab_focus (gtk_stack_get_child_by_name (self->train_stack, "stop"));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

/**
 * _entrena_window_get_run_settings:
 * @self: a window with a table
 * @settings: (out caller-allocates): the settings on screen
 * @excluded: (out) (transfer full): the columns left out, which
 *   @settings->data.exclude points to
 *
 * The data choices and training settings on screen, with what an open lesson
 * sets that the window has no control for. Without a target column chosen,
 * @settings->data.target is %NULL.
 */
void
_entrena_window_get_run_settings (EntrenaWindow       *self,
                                  EntrenaRunSettings  *settings,
                                  char              ***excluded)
{
  EntrenaTable *table = entrena_dataset_page_get_table (self->dataset_page);
  int target = entrena_dataset_page_get_target_column (self->dataset_page);

  entrena_run_settings_init (settings);
  *excluded = entrena_dataset_page_dup_excluded_columns (self->dataset_page);
  settings->data.target = table != NULL && target >= 0 ? entrena_table_get_column_name (table, target) : NULL;
  settings->data.exclude = (const char * const *) *excluded;
  settings->data.missing = entrena_dataset_page_get_missing_policy (self->dataset_page);
  entrena_training_page_get_run_settings (entrena_window_get_training_page (self), settings);
  _entrena_window_lesson_run_settings (self, settings);
}

/* Starts a run on the data and settings on screen; with @step, one that
 * trains its first epoch and holds. */
void
_entrena_window_start_training (EntrenaWindow *self,
                                gboolean       step)
{
  EntrenaTable *table;
  EntrenaRunSettings settings;
  g_auto(GStrv) excluded = NULL;
  int target;

  g_return_if_fail (ENTRENA_IS_WINDOW (self));

  table = entrena_dataset_page_get_table (self->dataset_page);
  target = entrena_dataset_page_get_target_column (self->dataset_page);
  if (entrena_window_get_training (self) || self->loading || table == NULL)
    return;

  if (target < 0)
    {
      _entrena_window_show_error (self, _("Choose a target column"),
                                  _("Pick the column the network should learn to predict in the Data view."));
      adw_view_stack_set_visible_child_name (self->view_stack, "data");
      return;
    }

  _entrena_window_hide_error (self);

  _entrena_window_get_run_settings (self, &settings, &excluded);

  _entrena_window_save_file_settings (self, table, &settings);

  adw_view_stack_set_visible_child_name (self->view_stack, "training");
  if (step)
    entrena_training_view_start_stepped (self->training_view, table, &settings);
  else
    entrena_training_view_start (self->training_view, table, &settings);
}

void
_entrena_window_stop_training (EntrenaWindow *self)
{
  g_return_if_fail (ENTRENA_IS_WINDOW (self));

  entrena_training_view_stop (self->training_view);
}

void
_entrena_window_update_actions (EntrenaWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean training = entrena_window_get_training (self);
  /* A model opened without its data hides the data there may be. */
  gboolean has_table = entrena_dataset_page_get_table (self->dataset_page) != NULL && self->opened_model == NULL;
  /* The run's model, unless a model opened without its data hides it. */
  gboolean has_model = entrena_window_get_result (self) != NULL && !training && self->opened_model == NULL;
  gboolean valid = entrena_training_page_get_settings_valid (entrena_window_get_training_page (self));

  gtk_widget_action_set_enabled (widget, "win.train", has_table && valid && !training && !self->loading);
  gtk_widget_action_set_enabled (widget, "win.stop", training);
  gtk_widget_action_set_enabled (widget, "win.save-model", has_model);
  gtk_widget_action_set_enabled (widget, "win.save-model-to", has_model);
  gtk_widget_action_set_enabled (widget, "win.show-script", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-history", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-history-to", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-chart", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-chart-to", has_model);
  {
    EntrenaRunResult *result = entrena_window_get_result (self);
    gboolean regression = has_model && result->training->task == ENTRENA_TASK_REGRESSION;

    gtk_widget_action_set_enabled (widget, "win.export-scatter", regression);
    gtk_widget_action_set_enabled (widget, "win.export-scatter-to", regression);
    gtk_widget_action_set_enabled (widget, "win.export-residuals", regression);
    gtk_widget_action_set_enabled (widget, "win.export-residuals-to", regression);
  }
  gtk_widget_action_set_enabled (widget, "win.restore-lesson-settings", !training);
  gtk_widget_action_set_enabled (widget, "win.save-lesson", has_table && !self->loading);
  gtk_widget_action_set_enabled (widget, "win.show-lesson-instructions", self->lesson != NULL);
  _entrena_window_update_run_actions (self, has_table && valid && !training && !self->loading);
  _entrena_window_update_predict_actions (self);
}

/* The local path of the file on screen, or NULL for a demo or a remote file. (transfer full) */
char *
_entrena_window_dup_table_path (EntrenaWindow *self)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  if (self->table_uri == NULL)
    return NULL;

  file = g_file_new_for_uri (self->table_uri);

  return g_file_get_path (file);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _entrena_window_hide_error (ENTRENA_WINDOW (widget));
}

/* The training view, when off screen, follows the window's size (entrena-window-ahead.c). */
static void
entrena_window_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  GTK_WIDGET_CLASS (entrena_window_parent_class)->size_allocate (widget, width, height, baseline);

  _entrena_window_lay_out_ahead (self);
}

/* GObject */

static void
entrena_window_dispose (GObject *object)
{
  EntrenaWindow *self = (EntrenaWindow *) object;

  _entrena_window_open_dispose (self);
  _entrena_window_actions_dispose (self);
  _entrena_window_predict_dispose (self);
  g_clear_handle_id (&self->layout_source, g_source_remove);

  /* Disposing the training view cancels its run. */
  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_WINDOW);

  g_clear_object (&self->recent_menu);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->lesson, entrena_lesson_free);

  G_OBJECT_CLASS (entrena_window_parent_class)->dispose (object);
}

static void
entrena_window_finalize (GObject *object)
{
  EntrenaWindow *self = (EntrenaWindow *) object;

  g_clear_pointer (&self->loading_name, g_free);
  g_clear_pointer (&self->loading_uri, g_free);
  g_clear_pointer (&self->table_uri, g_free);
  g_clear_pointer (&self->loading_demo, g_free);
  g_clear_pointer (&self->table_demo, g_free);
  g_clear_pointer (&self->loading_target, g_free);

  G_OBJECT_CLASS (entrena_window_parent_class)->finalize (object);
}

static void
entrena_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EntrenaWindow *self = ENTRENA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, entrena_window_get_loading (self));
      break;

    case PROP_TRAINING:
      g_value_set_boolean (value, entrena_window_get_training (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_window_class_init (EntrenaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_window_dispose;
  object_class->finalize = entrena_window_finalize;
  object_class->get_property = entrena_window_get_property;
  widget_class->size_allocate = entrena_window_size_allocate;

  /**
   * EntrenaWindow:loading:
   *
   * Whether a data set is being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaWindow:training:
   *
   * Whether a network is being trained.
   */
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, error_message);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, lesson_bar);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, dataset_page);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, files_section);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, demo_menu);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, train_stack);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, training_view);

  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  _entrena_window_class_add_open_actions (widget_class);
  _entrena_window_class_add_actions (widget_class);
  _entrena_window_class_add_run_actions (widget_class);
  _entrena_window_class_add_zoom_actions (widget_class);
  _entrena_window_class_add_lesson_actions (widget_class);
  _entrena_window_class_add_predict_actions (widget_class);

  g_type_ensure (ENTRENA_TYPE_WELCOME_PAGE);
  g_type_ensure (ENTRENA_TYPE_DATASET_PAGE);
  g_type_ensure (ENTRENA_TYPE_TRAINING_VIEW);
  g_type_ensure (ENTRENA_TYPE_LESSON_BAR);
}

/* A folded revealer keeps its child visible, and GTK 4.8 then lists the
 * child's widgets (a progress bar named "Loading progress") to assistive
 * technologies while nothing shows them: the child is shown from the moment
 * the revealer starts to open until it has closed. */
static void
revealer_child_visibility_cb (GtkRevealer *revealer)
{
  GtkWidget *child = gtk_revealer_get_child (revealer);

  if (child != NULL)
    gtk_widget_set_visible (child, gtk_revealer_get_reveal_child (revealer)
                                   || gtk_revealer_get_child_revealed (revealer));
}

static void
hide_folded_child (GtkRevealer *revealer)
{
  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (revealer_child_visibility_cb), NULL);
  g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (revealer_child_visibility_cb), NULL);
  revealer_child_visibility_cb (revealer);
}

static void
entrena_window_init (EntrenaWindow *self)
{
  EntrenaLossChart *loss_chart;
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GPropertyAction) log_scale = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  loss_chart = entrena_training_view_get_loss_chart (self->training_view);
  hide_folded_child (self->loading_revealer);
  hide_folded_child (self->predict_revealer);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Without the schema (a run from an unprepared build tree) the window works, it
   * just does not remember its size. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind (self->settings, "window-width",
                       self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height",
                       self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized",
                       self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "chart-log-scale",
                       loss_chart, "log-scale", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "pace",
                       entrena_training_view_get_run_bar (self->training_view), "pace",
                       G_SETTINGS_BIND_DEFAULT);
      entrena_training_page_bind_settings (entrena_window_get_training_page (self), self->settings);
    }
  else
    {
      g_debug ("Schema %s is not installed; window state will not be saved", BASE_APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self), 1100, 720);
    }

  g_signal_connect_object (self->training_view, "notify::training",
                           G_CALLBACK (training_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (update_data_lock), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->training_view, "error",
                           G_CALLBACK (training_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entrena_window_get_training_page (self), "notify::settings-valid",
                           G_CALLBACK (_entrena_window_update_actions), self, G_CONNECT_SWAPPED);

  _entrena_window_open_init (self);
  _entrena_window_run_init (self);
  _entrena_window_zoom_init (self);
  _entrena_window_predict_init (self);
  _entrena_window_update_actions (self);

  /* The Log Scale toggle; the chart's property is what GSettings remembers. */
  log_scale = g_property_action_new ("chart-log-scale", loss_chart, "log-scale");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (log_scale));

  /* The switcher moves to the bottom of a narrow window. */
  g_object_bind_property (self->window_title, "title-visible",
                          self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);
}

/**
 * entrena_window_new:
 * @application: (nullable): the application, or %NULL (tests)
 *
 * Returns: (transfer full): a new window, with nothing loaded
 */
EntrenaWindow *
entrena_window_new (GtkApplication *application)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (ENTRENA_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

gboolean
entrena_window_get_loading (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), FALSE);

  return self->loading;
}

/**
 * entrena_window_get_table:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the table on screen
 */
EntrenaTable *
entrena_window_get_table (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return entrena_dataset_page_get_table (self->dataset_page);
}

/**
 * entrena_window_get_dataset_page:
 * @self: a window
 *
 * Returns: (transfer none): the data pane, which holds the user's choices
 *   of target, features and missing-value policy
 */
EntrenaDatasetPage *
entrena_window_get_dataset_page (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->dataset_page;
}

/**
 * entrena_window_get_training_page:
 * @self: a window
 *
 * Returns: (transfer none): the training settings
 */
EntrenaTrainingPage *
entrena_window_get_training_page (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return entrena_training_view_get_training_page (self->training_view);
}

/**
 * entrena_window_get_loss_chart:
 * @self: a window
 *
 * Returns: (transfer none): the loss chart
 */
EntrenaLossChart *
entrena_window_get_loss_chart (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return entrena_training_view_get_loss_chart (self->training_view);
}

gboolean
entrena_window_get_training (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), FALSE);

  return entrena_training_view_get_training (self->training_view);
}

/**
 * entrena_window_get_trainer:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the trainer of the current or last run
 */
EntrenaTrainer *
entrena_window_get_trainer (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return entrena_training_view_get_trainer (self->training_view);
}

/**
 * entrena_window_get_result:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the last run that finished on the
 *   data on screen, stopped or not
 */
EntrenaRunResult *
entrena_window_get_result (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return entrena_training_view_get_result (self->training_view);
}
