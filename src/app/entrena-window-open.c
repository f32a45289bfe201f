/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-table-loader.h"
#include "entrena-demo.h"
#include "entrena-lesson.h"
#include "entrena-file-settings.h"
#include "entrena-recent-files.h"
#include "entrena-window-private.h"

/*
 * How a window opens data: a CSV file (from the Open dialog, the recent
 * files, a drop or the command line) or a demo data set (from the welcome
 * page or the menu), with a slim loading bar meanwhile.
 *
 * Tables are read by a GTask worker (entrena-table-loader.c). Only one load is
 * current: starting another cancels it, and a cancelled load reports nothing.
 * A table that loads gets the target, features and training settings last used
 * with a file of its name (entrena-file-settings.c), and goes first in the
 * recent files (entrena-recent-files.c).
 */

/* Most recent files listed in the menu. */
#define MAX_RECENT 8

/* A load that ends this fast never shows the loading bar, so it does not flicker. */
#define REVEAL_LOADING_DELAY_MS 150

static void restore_file_settings (EntrenaWindow *self,
                                   EntrenaTable  *table);

/* Menu labels are mnemonic: a file called my_data.csv must not become "mydata.csv". */
static char *
escape_mnemonics (const char *label)
{
  g_auto(GStrv) parts = g_strsplit (label, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
show_error (EntrenaWindow *self,
            const char    *what,
            const char    *message)
{
  g_autofree char *title = NULL;

  /* Translators: %s is a file name or the name of a demo data set */
  title = g_strdup_printf (_("Could not open “%s”"), what);
  _entrena_window_show_error (self, title, message);
}

/* Loading */

static gboolean
reveal_loading_cb (gpointer user_data)
{
  EntrenaWindow *self = user_data;

  self->reveal_source = 0;
  gtk_revealer_set_reveal_child (self->loading_revealer, TRUE);

  return G_SOURCE_REMOVE;
}

static void
set_loading (EntrenaWindow *self,
             gboolean       loading)
{
  g_clear_handle_id (&self->reveal_source, g_source_remove);

  if (loading)
    self->reveal_source = g_timeout_add (REVEAL_LOADING_DELAY_MS, reveal_loading_cb, self);
  else
    gtk_revealer_set_reveal_child (self->loading_revealer, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", loading);

  loading = !!loading;
  if (self->loading != loading)
    {
      self->loading = loading;
      _entrena_window_update_actions (self);
      _entrena_window_notify_loading (self);
    }
}

static void
load_progress_cb (gpointer source_object,
                  guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  EntrenaWindow *self = source_object;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   CLAMP ((double) done / (double) total, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

/* The target column asked for on the command line wins over the one last
 * used; a name the file does not have is an error in the window. */
static void
choose_asked_target (EntrenaWindow *self,
                     EntrenaTable  *table)
{
  g_autofree char *target = g_steal_pointer (&self->loading_target);
  g_autofree char *message = NULL;
  int column;

  if (target == NULL)
    return;

  column = entrena_table_find_column (table, target);
  if (column >= 0)
    {
      entrena_dataset_page_set_target_column (self->dataset_page, column);
      return;
    }

  /* Translators: the first %s is a file name, the second the column the user asked for */
  message = g_strdup_printf (_("“%s” has no column called “%s”. Choose the target in the Data view."),
                             entrena_table_get_display_name (table), target);
  _entrena_window_show_error (self, _("Unknown target column"), message);
}

/**
 * _entrena_window_end_load:
 * @self: a window
 * @table: (nullable): what the load read
 * @error: (nullable): why it read nothing
 *
 * Ends the current load: shows @table, or the error. A cancelled load (by
 * the user, by a newer load, or by closing the window) touches nothing: the
 * window may be disposed by now and a newer load may own the loading bar.
 *
 * Returns: whether @table is now on screen
 */
gboolean
_entrena_window_end_load (EntrenaWindow *self,
                          EntrenaTable  *table,
                          const GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);

  if (table == NULL)
    {
      show_error (self, self->loading_name, error->message);
      if (entrena_dataset_page_get_table (self->dataset_page) == NULL && self->opened_model == NULL)
        gtk_stack_set_visible_child_name (self->content_stack, "welcome");
      return FALSE;
    }

  /* Runs to compare on the old data: ask before they go, when the file was
   * chosen in the window (not for a program or the command line). */
  if (self->ask_to_clear_runs &&
      entrena_runs_list_get_n_runs (entrena_training_view_get_runs_list (self->training_view)) > 0)
    {
      _entrena_window_ask_to_clear_runs (self, table);
      return FALSE;
    }

  _entrena_window_show_table (self, table);

  return TRUE;
}

/* Shows the table just loaded in place of the data before. */
void
_entrena_window_show_table (EntrenaWindow *self,
                            EntrenaTable  *table)
{
  /* New data: the run on the old data, and what it showed, are over, and so
   * is a lesson that was open. */
  entrena_training_view_clear (self->training_view);
  _entrena_window_close_lesson (self);
  _entrena_window_close_model (self);

  entrena_dataset_page_set_table (self->dataset_page, table);
  adw_view_switcher_title_set_subtitle (self->window_title, entrena_table_get_display_name (table));
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, "data");
  adw_view_stack_set_visible_child_name (self->view_stack, "data");

  g_free (self->table_uri);
  self->table_uri = g_strdup (self->loading_uri);
  g_free (self->table_demo);
  self->table_demo = g_strdup (self->loading_demo);
  restore_file_settings (self, table);
  choose_asked_target (self, table);

  if (self->loading_uri != NULL)
    entrena_recent_files_add (self->recent_manager, self->loading_uri);

  _entrena_window_update_actions (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(GError) error = NULL;

  table = entrena_table_load_finish (result, &error);
  _entrena_window_end_load (ENTRENA_WINDOW (object), table, error);
}

/* Settings per file */

/* Settings are remembered by file name, so a lesson's files keep their target,
 * features and training settings from one class to the next. */
void
_entrena_window_save_file_settings (EntrenaWindow            *self,
                                    EntrenaTable             *table,
                                    const EntrenaRunSettings *settings)
{
  g_autoptr(GVariant) entry = NULL;

  if (self->settings == NULL)
    return;

  entry = entrena_run_settings_to_variant (settings);
  entrena_file_settings_remember (self->settings, entrena_table_get_display_name (table), entry);
}

/**
 * _entrena_window_apply_settings:
 * @self: a window
 * @table: the table on screen
 * @entry: an `a{sv}` dictionary of run settings
 *   (entrena_run_settings_to_variant())
 *
 * Shows the target, the columns left out, the missing-value policy and the
 * training settings of @entry. Columns that are not in @table are passed over.
 */
void
_entrena_window_apply_settings (EntrenaWindow *self,
                                EntrenaTable  *table,
                                GVariant      *entry)
{
  g_autofree const char **excluded = NULL;
  EntrenaRunSettings settings;

  entrena_run_settings_init (&settings);
  settings.data.missing = entrena_dataset_page_get_missing_policy (self->dataset_page);
  entrena_run_settings_from_variant (&settings, entry, &excluded);

  if (settings.data.target != NULL)
    {
      int column = entrena_table_find_column (table, settings.data.target);

      if (column >= 0)
        entrena_dataset_page_set_target_column (self->dataset_page, column);
    }
  if (excluded != NULL)
    {
      guint n_columns = entrena_table_get_n_columns (table);
      int target_column = entrena_dataset_page_get_target_column (self->dataset_page);

      for (guint c = 0; c < n_columns; c++)
        {
          if ((int) c != target_column)
            entrena_dataset_page_set_column_is_feature (
              self->dataset_page, c,
              !g_strv_contains (excluded, entrena_table_get_column_name (table, c)));
        }
    }
  entrena_dataset_page_set_missing_policy (self->dataset_page, settings.data.missing);

  entrena_training_page_apply_state (entrena_window_get_training_page (self), entry);
}

static void
restore_file_settings (EntrenaWindow *self,
                       EntrenaTable  *table)
{
  g_autoptr(GVariant) entry = NULL;

  if (self->settings == NULL)
    return;

  entry = entrena_file_settings_lookup (self->settings, entrena_table_get_display_name (table));
  if (entry != NULL)
    _entrena_window_apply_settings (self, table, entry);
}

/* Cancels the current load, if any, and prepares the window for a new one:
 * of the file at @uri, or of the demo @demo_id, called @name in messages. */
GCancellable *
_entrena_window_begin_load (EntrenaWindow *self,
                            const char    *name,
                            const char    *uri,
                            const char    *demo_id)
{
  g_autofree char *label = NULL;

  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  self->ask_to_clear_runs = FALSE;

  g_free (self->loading_name);
  self->loading_name = g_strdup (name);
  g_free (self->loading_uri);
  self->loading_uri = g_strdup (uri);
  g_free (self->loading_demo);
  self->loading_demo = g_strdup (demo_id);
  g_clear_pointer (&self->loading_target, g_free);

  /* Translators: %s is a file name or the name of a demo data set */
  label = g_strdup_printf (_("Loading “%s”…"), name);
  gtk_label_set_label (self->loading_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  _entrena_window_hide_error (self);

  /* A new window loading its first table shows a blank page rather than flashing
   * the welcome page for the moment a small file takes. */
  if (entrena_dataset_page_get_table (self->dataset_page) == NULL && self->opened_model == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");

  self->load_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  return self->load_cancellable;
}

/* Recent files */

static void
update_recent_menu (EntrenaWindow *self)
{
  g_autoptr(GPtrArray) infos = entrena_recent_files_dup_data_files (self->recent_manager);

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < infos->len && i < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *label = escape_mnemonics (gtk_recent_info_get_display_name (info));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent",
                                         "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }

  /* The submenu is only there while it has something in it. */
  if (infos->len > 0 && !self->has_recent_submenu)
    {
      g_menu_insert_submenu (self->files_section, 0,
                             _("_Recent Files"), G_MENU_MODEL (self->recent_menu));
      self->has_recent_submenu = TRUE;
    }
  else if (infos->len == 0 && self->has_recent_submenu)
    {
      g_menu_remove (self->files_section, 0);
      self->has_recent_submenu = FALSE;
    }
}

/* Demo sets */

static void
populate_demo_menu (EntrenaWindow *self)
{
  for (const EntrenaDemoInfo *info = entrena_demo_list (); info->id != NULL; info++)
    {
      g_autofree char *label = escape_mnemonics (_(info->title));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-demo", "s", info->id);
      g_menu_append_item (self->demo_menu, item);
    }
}

/* Opening */

static void
file_chooser_response_cb (EntrenaWindow        *self,
                          int                   response,
                          GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  /* A new chooser is made next time; the signal emission keeps this one alive until we return. */
  g_clear_object (&self->file_chooser);

  if (file == NULL)
    return;

  if (self->settings != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        {
          g_autofree char *uri = g_file_get_uri (folder);

          g_settings_set_string (self->settings, "last-folder", uri);
        }
    }

  entrena_window_open_file (self, file);
  self->ask_to_clear_runs = TRUE;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);
  g_autoptr(GtkFileFilter) csv_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
      return;
    }

  gtk_file_filter_set_name (csv_filter, _("CSV Files and Lessons"));
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  gtk_file_filter_add_mime_type (csv_filter, "application/x-entrena-lesson");
  gtk_file_filter_add_suffix (csv_filter, "entrena");
  gtk_file_filter_add_mime_type (csv_filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv_filter, "csv");
  gtk_file_filter_add_suffix (csv_filter, "tsv");

  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->file_chooser = gtk_file_chooser_native_new (_("Open Data Set"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), csv_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->file_chooser), csv_filter);

  if (self->settings != NULL)
    {
      g_autofree char *uri = g_settings_get_string (self->settings, "last-folder");

      if (uri[0] != '\0')
        {
          g_autoptr(GFile) folder = g_file_new_for_uri (uri);

          /* The folder may be gone; the chooser then starts in its default place. */
          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->file_chooser), folder, NULL);
        }
    }

  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (file_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  entrena_window_open_demo (ENTRENA_WINDOW (widget), g_variant_get_string (parameter, NULL));
  ENTRENA_WINDOW (widget)->ask_to_clear_runs = TRUE;
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  entrena_window_open_file (ENTRENA_WINDOW (widget), file);
  ENTRENA_WINDOW (widget)->ask_to_clear_runs = TRUE;
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (self->load_cancellable == NULL)
    return;

  /* The load's callback sees the cancellation and shows nothing. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);

  if (entrena_dataset_page_get_table (self->dataset_page) == NULL && self->opened_model == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "welcome");
}

static gboolean
drop_cb (EntrenaWindow *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL)
        file = files->data;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      file = g_value_get_object (value);
    }

  if (file == NULL)
    return FALSE;

  entrena_window_open_file (self, file);
  self->ask_to_clear_runs = TRUE;

  return TRUE;
}

/* Setting up and taking down */

void
_entrena_window_class_add_open_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", "s", open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);

  /* Also set application-wide in EntrenaApplication::startup, where menus and the shortcuts
   * window find it; this binding keeps it working in a window without an application. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

void
_entrena_window_open_init (EntrenaWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", FALSE);

  populate_demo_menu (self);

  self->recent_menu = g_menu_new ();
  self->recent_manager = gtk_recent_manager_get_default ();
  g_signal_connect_object (self->recent_manager, "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);

  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}

/* Cancels the current load and closes the Open dialog, when the window goes. */
void
_entrena_window_open_dispose (EntrenaWindow *self)
{
  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  g_clear_handle_id (&self->reveal_source, g_source_remove);

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }

  if (self->recent_manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recent_manager, self);
      self->recent_manager = NULL;
    }
}

/**
 * entrena_window_open_file:
 * @self: a window
 * @file: a CSV file
 *
 * Starts reading @file, cancelling any load in progress. The current data stay
 * on screen until the new table is ready; an error appears in the window.
 */
void
entrena_window_open_file (EntrenaWindow *self,
                          GFile         *file)
{
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  GCancellable *cancellable;

  g_return_if_fail (ENTRENA_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_free (name);
      name = g_file_get_parse_name (file);
    }
  uri = g_file_get_uri (file);

  if (entrena_lesson_file_is_lesson (file))
    {
      _entrena_window_open_lesson (self, file, name, uri);
      return;
    }

  cancellable = _entrena_window_begin_load (self, name, uri, NULL);
  entrena_table_load_file_async (self, file, cancellable, load_progress_cb, NULL, load_cb, NULL);
}

/**
 * entrena_window_open_file_with_target:
 * @self: a window
 * @file: a CSV file
 * @target: (nullable): the name of the column to predict
 *
 * Opens @file as entrena_window_open_file() does, then makes @target the
 * target column; a @file without such a column shows an error naming it.
 */
void
entrena_window_open_file_with_target (EntrenaWindow *self,
                                      GFile         *file,
                                      const char    *target)
{
  g_return_if_fail (ENTRENA_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  entrena_window_open_file (self, file);
  self->loading_target = g_strdup (target);
}

/**
 * entrena_window_open_demo:
 * @self: a window
 * @demo_id: an id from entrena_demo_list()
 *
 * Starts generating a demo data set, cancelling any load in progress.
 */
void
entrena_window_open_demo (EntrenaWindow *self,
                          const char    *demo_id)
{
  const EntrenaDemoInfo *info;
  GCancellable *cancellable;

  g_return_if_fail (ENTRENA_IS_WINDOW (self));
  g_return_if_fail (demo_id != NULL);

  info = entrena_demo_find (demo_id);
  cancellable = _entrena_window_begin_load (self, info != NULL ? _(info->title) : demo_id, NULL, demo_id);
  entrena_table_load_demo_async (self, demo_id, cancellable, load_cb, NULL);
}
