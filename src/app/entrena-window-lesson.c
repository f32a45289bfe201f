/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-demo.h"
#include "entrena-error.h"
#include "entrena-lesson-dialog.h"
#include "entrena-window-private.h"

/*
 * Lessons in the window: opening a lesson file (read, with its data, by a
 * worker; shown only when all of it is right, so a bad lesson leaves the
 * window as it was), showing its settings with the locked ones insensitive
 * and the hidden ones left out, its instructions in the lesson bar, its saved
 * runs in the Runs list, and Save Lesson As…, which writes what is on screen
 * as a lesson, with the runs of the Runs list when asked.
 */

/* Opening */

typedef struct
{
  EntrenaLesson *lesson;
  EntrenaTable  *table;
} LessonLoad;

static void
lesson_load_free (LessonLoad *load)
{
  g_clear_pointer (&load->lesson, entrena_lesson_free);
  g_clear_pointer (&load->table, entrena_table_unref);
  g_free (load);
}

static void
load_lesson_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr (GError) error = NULL;
  LessonLoad *load = g_new0 (LessonLoad, 1);
  const char *target = NULL;

  load->lesson = entrena_lesson_load (file, cancellable, &error);
  if (load->lesson != NULL)
    load->table = entrena_lesson_read_table (load->lesson, cancellable, &error);

  /* The column to predict must be in the data. */
  if (load->table != NULL && g_variant_lookup (load->lesson->settings, "target", "&s", &target) &&
      target[0] != '\0' && entrena_table_find_column (load->table, target) < 0)
    {
      g_autofree char *name = g_file_get_basename (file);

      g_set_error (&error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT,
                   /* Translators: the first %s is a lesson file, the second a data file, the third a column */
                   _("The lesson “%s” cannot be used: at “settings.target”, its data “%s” have no column “%s”."),
                   name, load->lesson->data_name, target);
    }

  if (error != NULL || g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      lesson_load_free (load);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, load, (GDestroyNotify) lesson_load_free);
}

/* Shows the settings @self->lesson fixes or leaves out; with @clear, shows
 * them all as usual. */
static void
lock_settings (EntrenaWindow *self,
               gboolean       clear)
{
  const char * const *names = entrena_lesson_setting_names ();
  EntrenaTrainingPage *training_page = entrena_window_get_training_page (self);
  EntrenaRunBar *run_bar = entrena_training_view_get_run_bar (self->training_view);

  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean locked = !clear && entrena_lesson_is_locked (self->lesson, names[i]);
      gboolean hidden = !clear && entrena_lesson_is_hidden (self->lesson, names[i]);

      if (g_str_equal (names[i], "pace"))
        entrena_run_bar_lock_pace (run_bar, locked, hidden);
      entrena_dataset_page_lock_setting (self->dataset_page, names[i], locked, hidden);
      entrena_training_page_lock_setting (training_page, names[i], locked, hidden);
    }
}

static void
show_lesson_settings (EntrenaWindow *self)
{
  EntrenaTable *table = entrena_dataset_page_get_table (self->dataset_page);
  double pace;

  _entrena_window_apply_settings (self, table, self->lesson->settings);
  if (g_variant_lookup (self->lesson->settings, "pace", "d", &pace))
    entrena_run_bar_set_pace (entrena_training_view_get_run_bar (self->training_view), pace);
}

/* The runs saved with the lesson join the Runs list, ticked onto the chart:
 * the comparison the teacher prepared. The file lists them oldest first. */
static void
show_lesson_runs (EntrenaWindow *self)
{
  EntrenaRunsList *runs = entrena_training_view_get_runs_list (self->training_view);

  for (guint i = 0; i < self->lesson->runs->len; i++)
    {
      const EntrenaLessonRun *run = g_ptr_array_index (self->lesson->runs, i);
      const float * const curves[4] = { run->train_loss, run->test_loss, run->train_accuracy,
                                        run->test_accuracy };
      g_autofree char *label = NULL;

      /* Translators: the name of a run the lesson saved without one */
      label = run->label[0] != '\0' ? g_strdup (run->label) : g_strdup_printf (_("Run %u"), i + 1);
      entrena_runs_list_add_saved_run (runs, run->settings, label, run->n_epochs, curves, TRUE);
    }
}

/**
 * _entrena_window_show_lesson:
 * @self: a window showing the lesson's data
 * @lesson: (transfer full): the lesson
 *
 * Shows the lesson's settings, locks, saved runs and instructions.
 */
void
_entrena_window_show_lesson (EntrenaWindow *self,
                             EntrenaLesson *lesson)
{
  /* The data on screen are the lesson's file, or none for embedded data. */
  g_clear_pointer (&self->table_uri, g_free);
  if (lesson->data_file != NULL)
    self->table_uri = g_file_get_uri (lesson->data_file);

  g_clear_pointer (&self->lesson, entrena_lesson_free);
  self->lesson = lesson;

  show_lesson_settings (self);
  lock_settings (self, FALSE);
  show_lesson_runs (self);
  entrena_training_page_set_lesson_title (entrena_window_get_training_page (self),
                                          self->lesson->title != NULL ? self->lesson->title : "");
  entrena_lesson_bar_show (self->lesson_bar, self->lesson->title, self->lesson->instructions);
  _entrena_window_update_actions (self);
}

static void
lesson_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EntrenaWindow *self = ENTRENA_WINDOW (object);
  g_autoptr (GError) error = NULL;
  LessonLoad *load = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean shown;

  /* Should the window ask before clearing the Runs list, the lesson waits
   * for the answer with the data. */
  if (load != NULL)
    g_object_set_data_full (G_OBJECT (self), ENTRENA_WINDOW_PENDING_LESSON, g_steal_pointer (&load->lesson),
                            (GDestroyNotify) entrena_lesson_free);
  shown = _entrena_window_end_load (self, load != NULL ? load->table : NULL, error);
  g_clear_pointer (&load, lesson_load_free);
  if (shown)
    _entrena_window_show_lesson (self, g_object_steal_data (G_OBJECT (self), ENTRENA_WINDOW_PENDING_LESSON));
  else
    g_object_set_data (G_OBJECT (self), ENTRENA_WINDOW_PENDING_LESSON, NULL);
}

/**
 * _entrena_window_open_lesson:
 * @self: a window
 * @file: a lesson file
 * @name: what to call it in messages
 * @uri: its URI, for the recent files
 *
 * Starts reading @file and its data, cancelling any load in progress.
 */
void
_entrena_window_open_lesson (EntrenaWindow *self,
                             GFile         *file,
                             const char    *name,
                             const char    *uri)
{
  GCancellable *cancellable = _entrena_window_begin_load (self, name, uri, NULL);
  g_autoptr (GTask) task = g_task_new (self, cancellable, lesson_loaded_cb, NULL);

  g_task_set_source_tag (task, _entrena_window_open_lesson);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_lesson_thread);
}

/* Other data are on screen: the lesson is over. */
void
_entrena_window_close_lesson (EntrenaWindow *self)
{
  if (self->lesson == NULL)
    return;

  lock_settings (self, TRUE);
  entrena_training_page_set_lesson_title (entrena_window_get_training_page (self), NULL);
  entrena_lesson_bar_dismiss (self->lesson_bar);
  g_clear_pointer (&self->lesson, entrena_lesson_free);
}

/* Shows the open lesson's settings again; FALSE without a lesson. */
gboolean
_entrena_window_restore_lesson (EntrenaWindow *self)
{
  if (self->lesson == NULL)
    return FALSE;

  show_lesson_settings (self);
  return TRUE;
}

/* What the open lesson sets that the window has no control for: the numeric
 * columns taken as categories. */
void
_entrena_window_lesson_run_settings (EntrenaWindow      *self,
                                     EntrenaRunSettings *settings)
{
  g_autofree const char **categorical = NULL;

  if (self->lesson == NULL)
    return;

  /* The strings point into the lesson's settings, which outlive the call. */
  if (g_variant_lookup (self->lesson->settings, "categorical", "^a&s", &categorical) && categorical[0] != NULL)
    {
      g_object_set_data_full (G_OBJECT (self), "entrena-lesson-categorical",
                              g_steal_pointer (&categorical), g_free);
      settings->data.categorical = g_object_get_data (G_OBJECT (self), "entrena-lesson-categorical");
    }
}

static void
show_instructions_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (self->lesson != NULL)
    entrena_lesson_bar_show (self->lesson_bar, self->lesson->title, self->lesson->instructions);
}

/* Saving */

/* What the Save Lesson dialog chose, until the file is chosen. */
typedef struct
{
  char     *title;
  char     *instructions;
  char    **locked;
  char    **hidden;
  gboolean  embed;
  gboolean  include_runs;
} LessonDraft;

#define DRAFT_KEY "entrena-lesson-draft"

static void
lesson_draft_free (LessonDraft *draft)
{
  g_free (draft->title);
  g_free (draft->instructions);
  g_strfreev (draft->locked);
  g_strfreev (draft->hidden);
  g_free (draft);
}

/* Puts the data on screen in @lesson, inside it or by a path relative to @file. */
static gboolean
set_lesson_data (EntrenaWindow  *self,
                 EntrenaLesson  *lesson,
                 gboolean        embed,
                 GFile          *file,
                 GError        **error)
{
  g_autoptr (GFile) data_file = self->table_uri != NULL ? g_file_new_for_uri (self->table_uri) : NULL;

  if (data_file != NULL && !embed)
    {
      entrena_lesson_set_data_file (lesson, data_file, file);
      return TRUE;
    }
  if (data_file != NULL)
    return entrena_lesson_embed_data (lesson, data_file, error);
  if (self->lesson != NULL && self->lesson->data != NULL)
    {
      entrena_lesson_set_data (lesson, self->lesson->data_name, self->lesson->data);
      return TRUE;
    }
  if (self->table_demo != NULL)
    {
      gsize length = 0;
      char *csv = entrena_demo_generate (self->table_demo, &length);
      g_autofree char *name = g_strconcat (self->table_demo, ".csv", NULL);
      g_autoptr (GBytes) bytes = NULL;

      if (csv != NULL)
        {
          bytes = g_bytes_new_take (csv, length);
          entrena_lesson_set_data (lesson, name, bytes);
          return TRUE;
        }
    }

  g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                       _("The data on screen cannot go into a lesson."));
  return FALSE;
}

/* The settings of a run of the Runs list as a lesson keeps them: what the
 * run's settings lack (the categorical columns, the pace) is the lesson's. */
static GVariant *
lesson_run_settings (const EntrenaLesson *lesson,
                     GVariant            *run_settings)
{
  const char * const *names = entrena_lesson_setting_names ();
  GVariantDict dict;

  g_variant_dict_init (&dict, run_settings);
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_variant_dict_contains (&dict, names[i]))
      {
        g_autoptr (GVariant) value = g_variant_lookup_value (lesson->settings, names[i], NULL);

        if (value != NULL)
          g_variant_dict_insert_value (&dict, names[i], value);
      }

  return g_variant_dict_end (&dict);
}

/* Saves the runs of the Runs list in @lesson, oldest first, as they are. */
static void
add_runs_list (EntrenaWindow *self,
               EntrenaLesson *lesson)
{
  EntrenaRunsList *runs = entrena_training_view_get_runs_list (self->training_view);
  guint n = entrena_runs_list_get_n_runs (runs);

  for (guint i = n; i > 0 && lesson->runs->len < ENTRENA_LESSON_MAX_RUNS; i--)
    {
      EntrenaRunRecord *record = entrena_runs_list_get_run (runs, i - 1);
      const EntrenaChartKind kinds[4] = { ENTRENA_CHART_LOSS, ENTRENA_CHART_LOSS, ENTRENA_CHART_ACCURACY,
                                          ENTRENA_CHART_ACCURACY };
      const EntrenaChartCurve which[4] = { ENTRENA_CHART_CURVE_TRAIN, ENTRENA_CHART_CURVE_TEST,
                                           ENTRENA_CHART_CURVE_TRAIN, ENTRENA_CHART_CURVE_TEST };
      g_autofree float *missing = NULL;
      const float *curves[4];
      guint n_epochs = 0;

      entrena_run_record_get_curve (record, ENTRENA_CHART_LOSS, ENTRENA_CHART_CURVE_TRAIN, &n_epochs);
      if (n_epochs == 0)
        continue;
      /* A curve the run did not record is saved as no values. */
      missing = g_new (float, n_epochs);
      for (guint e = 0; e < n_epochs; e++)
        missing[e] = NAN;
      for (guint k = 0; k < G_N_ELEMENTS (curves); k++)
        {
          guint length = 0;

          curves[k] = entrena_run_record_get_curve (record, kinds[k], which[k], &length);
          if (curves[k] == NULL || length != n_epochs)
            curves[k] = missing;
        }

      entrena_lesson_add_run (lesson, entrena_run_record_get_label (record),
                              lesson_run_settings (lesson, entrena_run_record_get_settings (record)),
                              n_epochs, curves[0], curves[1], curves[3], curves[2]);
    }
}

/**
 * entrena_window_save_lesson:
 * @self: a window with data
 * @file: where to write
 *
 * Writes the data and settings on screen as a lesson, with what was last
 * chosen in the Save Lesson dialog (before that: no title, nothing locked,
 * the data by their path when they have a file, the runs of the Runs list).
 * An error shows in the window.
 */
void
entrena_window_save_lesson (EntrenaWindow *self,
                            GFile         *file)
{
  LessonDraft empty = { NULL, NULL, NULL, NULL, FALSE, TRUE };
  LessonDraft *draft = g_object_get_data (G_OBJECT (self), DRAFT_KEY);
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) excluded = NULL;
  EntrenaRunSettings settings;
  double pace;

  g_return_if_fail (ENTRENA_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (entrena_dataset_page_get_table (self->dataset_page) == NULL)
    return;
  if (draft == NULL)
    draft = &empty;

  lesson = entrena_lesson_new ();
  lesson->title = g_strdup (draft->title);
  lesson->instructions = g_strdup (draft->instructions);
  if (draft->locked != NULL)
    {
      g_strfreev (lesson->locked);
      lesson->locked = g_strdupv (draft->locked);
    }
  if (draft->hidden != NULL)
    {
      g_strfreev (lesson->hidden);
      lesson->hidden = g_strdupv (draft->hidden);
    }

  _entrena_window_get_run_settings (self, &settings, &excluded);
  pace = entrena_run_bar_get_pace (entrena_training_view_get_run_bar (self->training_view));
  g_clear_pointer (&lesson->settings, g_variant_unref);
  lesson->settings = entrena_lesson_settings_new (&settings, pace);

  /* The runs a lesson came with are in the Runs list now, with the
   * window's own. */
  if (draft->include_runs)
    add_runs_list (self, lesson);

  if (!set_lesson_data (self, lesson, draft->embed, file, &error) ||
      !entrena_lesson_save (lesson, file, NULL, &error))
    _entrena_window_show_save_error (self, file, error);
}

static void
dialog_save_cb (EntrenaWindow       *self,
                EntrenaLessonDialog *dialog)
{
  LessonDraft *draft = g_new0 (LessonDraft, 1);
  g_autofree char *suggested = NULL;

  draft->title = entrena_lesson_dialog_dup_title (dialog);
  draft->instructions = entrena_lesson_dialog_dup_instructions (dialog);
  draft->locked = entrena_lesson_dialog_dup_locked (dialog);
  draft->hidden = entrena_lesson_dialog_dup_hidden (dialog);
  draft->embed = entrena_lesson_dialog_get_embed (dialog);
  draft->include_runs = entrena_lesson_dialog_get_include_runs (dialog);
  g_object_set_data_full (G_OBJECT (self), DRAFT_KEY, draft, (GDestroyNotify) lesson_draft_free);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Translators: the file name a lesson is first offered under, when it has no title */
  suggested = g_strconcat (draft->title != NULL ? draft->title : _("lesson"), ".entrena", NULL);
  g_strdelimit (suggested, G_DIR_SEPARATOR_S, '-');
  _entrena_window_ask_where_to_save (self, _("Save Lesson"), suggested, _("Entrena Lessons"),
                           "application/x-entrena-lesson", "entrena", entrena_window_save_lesson);
}

static void
save_lesson_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);
  EntrenaLessonDialog *dialog;
  EntrenaLesson *lesson = self->lesson;

  if (entrena_dataset_page_get_table (self->dataset_page) == NULL)
    return;

  dialog = entrena_lesson_dialog_new (GTK_WINDOW (self));
  entrena_lesson_dialog_set_values (dialog,
                                    lesson != NULL ? lesson->title : NULL,
                                    lesson != NULL ? lesson->instructions : NULL,
                                    lesson != NULL && lesson->data != NULL,
                                    self->table_uri == NULL,
                                    lesson != NULL ? (const char * const *) lesson->locked : NULL,
                                    lesson != NULL ? (const char * const *) lesson->hidden : NULL);
  entrena_lesson_dialog_set_n_runs (dialog,
                                    entrena_runs_list_get_n_runs (entrena_training_view_get_runs_list (self->training_view)));
  g_signal_connect_object (dialog, "save", G_CALLBACK (dialog_save_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_entrena_window_class_add_lesson_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-lesson", NULL, save_lesson_action);
  gtk_widget_class_install_action (widget_class, "win.show-lesson-instructions", NULL, show_instructions_action);
}
