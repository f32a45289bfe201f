/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-lesson-window"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "entrena-lesson.h"
#include "entrena-lesson-bar.h"
#include "entrena-lesson-dialog.h"
#include "entrena-recent-files.h"
#include "training-window-test-util.h"

/*
 * Lesson files in the window: a lesson opens with its settings, the locked
 * ones insensitive and the hidden ones left out, and its instructions shown;
 * a lesson with embedded data opens with the source CSV gone; a bad lesson
 * leaves the window as it was; what is on screen saves as a lesson that
 * opens again the same. Run under Xvfb (the "gui" suite).
 *
 * With ENTRENA_SCREENSHOT_DIR set, /entrena/lesson-window/locked also saves
 * lesson-locked.png there.
 */

/* A lesson on train-small.csv written next to it in the cache folder,
 * @embed-ded or by path; the CSV copy is @csv_out. */
static GFile *
write_lesson (const char  *name,
              gboolean     embed,
              GFile      **csv_out)
{
  g_autoptr (GFile) fixture = ewt_fixture ("train-small.csv");
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *lesson_name = g_strconcat (name, ".entrena", NULL);
  g_autoptr (GFile) csv = ewt_temp_file (csv_name);
  GFile *file = ewt_temp_file (lesson_name);
  g_autoptr (EntrenaLesson) lesson = entrena_lesson_new ();
  g_autoptr (GError) error = NULL;
  const char * const locked[] = { "target", "learning-rate", "epochs", "hidden-layers", NULL };
  const char * const hidden[] = { "seed", "pace", NULL };
  const guint layers[] = { 12, 6 };
  EntrenaRunSettings settings;

  g_assert_true (g_file_copy (fixture, csv, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.learning_rate = 0.05;
  settings.training.epochs = 40;
  settings.training.n_hidden = 2;
  memcpy (settings.training.hidden, layers, sizeof layers);
  settings.training.seed = 7;
  settings.training.standardize = TRUE;

  lesson->title = g_strdup ("Grades");
  lesson->instructions = g_strdup ("Train, then add a layer.");
  g_clear_pointer (&lesson->settings, g_variant_unref);
  lesson->settings = entrena_lesson_settings_new (&settings, 0.0);
  g_strfreev (lesson->locked);
  lesson->locked = g_strdupv ((char **) locked);
  g_strfreev (lesson->hidden);
  lesson->hidden = g_strdupv ((char **) hidden);
  if (embed)
    g_assert_true (entrena_lesson_embed_data (lesson, csv, &error));
  else
    entrena_lesson_set_data_file (lesson, csv, file);
  g_assert_no_error (error);
  g_assert_true (entrena_lesson_save (lesson, file, NULL, &error));
  g_assert_no_error (error);

  if (csv_out != NULL)
    *csv_out = g_steal_pointer (&csv);

  return file;
}

/* Whether the lesson bar shows. */
static gboolean
bar_revealed (EntrenaWindow *window)
{
  return entrena_lesson_bar_get_revealed (ENTRENA_LESSON_BAR (gtu_find_type (GTK_WIDGET (window),
                                                                             ENTRENA_TYPE_LESSON_BAR)));
}

/* The row (or, for the hidden layers, the group) that holds the widget named @name. */
static GtkWidget *
row_of (EntrenaWindow *window,
        const char    *name)
{
  GtkWidget *widget = ewt_find (window, name);
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  if (row == NULL)
    row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
  return row;
}

static void
assert_locked (EntrenaWindow *window,
               const char    *name)
{
  GtkWidget *row = row_of (window, name);

  g_assert_false (gtk_widget_is_sensitive (row));
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_nonnull (gtk_widget_get_tooltip_text (row));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "lesson"));
}

static void
assert_free (EntrenaWindow *window,
             const char    *name)
{
  GtkWidget *row = row_of (window, name);

  g_assert_true (gtk_widget_get_sensitive (row));
  g_assert_true (gtk_widget_get_visible (row));
}

static void
test_locked (void)
{
  g_autoptr (GFile) file = write_lesson ("locked", FALSE, NULL);
  g_autoptr (GFile) plain = ewt_fixture ("train-small.csv");
  /* The window draws a thin frame of its own under X11 without a window
   * manager: a screenshot is 1280×800 inside it. */
  gboolean shots = g_getenv ("ENTRENA_SCREENSHOT_DIR") != NULL;
  EntrenaWindow *window = ewt_show_window (shots ? 1290 : 1280, shots ? 810 : 800);
  EntrenaTrainingPage *page = entrena_window_get_training_page (window);
  EntrenaRunResult *result;
  EntrenaRunSettings settings;

  ewt_open_and_wait (window, file);

  /* The lesson's settings, its instructions, and what it fixes or hides. */
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpfloat (settings.training.learning_rate, ==, 0.05);
  g_assert_cmpuint (settings.training.epochs, ==, 40);
  g_assert_cmpuint (settings.training.seed, ==, 7);
  g_assert_cmpuint (settings.training.n_hidden, ==, 2);
  g_assert_cmpuint (settings.training.hidden[0], ==, 12);
  g_assert_true (settings.training.standardize);
  g_assert_true (bar_revealed (window));
  g_assert_cmpstr (ewt_label_text (window, "lesson-title"), ==, "Grades");
  g_assert_cmpstr (ewt_label_text (window, "lesson-instructions"), ==, "Train, then add a layer.");

  assert_locked (window, "learning-rate-spin");
  assert_locked (window, "epochs-spin");
  assert_locked (window, "layers-list");
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "learning-rate-spin")));
  g_assert_false (gtk_widget_get_visible (row_of (window, "seed-spin")));
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "pace-scale")));
  assert_free (window, "test-size-spin");
  assert_free (window, "standardize-switch");

  /* The window trains with them. */
  ewt_train_and_wait (window);
  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->training->n_epochs, ==, 40);
  g_assert_cmpfloat (result->training->settings.learning_rate, ==, 0.05);
  if (shots)
    {
      gtu_spin (500);
      ewt_save_screenshot (window, "lesson-locked.png");
    }

  /* Restore Lesson Settings goes back to the lesson's, not the defaults, and says so. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (ewt_find (window, "lesson-button")), "Grades"));
  ewt_set_spin (window, "test-size-spin", 30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpfloat_with_epsilon (settings.test_size, 0.2, 1e-9);
  g_assert_cmpuint (settings.training.seed, ==, 7);

  /* Other data: the lesson is over. */
  ewt_open_and_wait (window, plain);
  assert_free (window, "learning-rate-spin");
  assert_free (window, "seed-spin");
  g_assert_true (gtk_widget_get_visible (ewt_find (window, "pace-scale")));
  g_assert_false (bar_revealed (window));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (ewt_find (window, "lesson-button")), "Grades"));

  ewt_destroy_window (window);
}

static void
test_embedded (void)
{
  g_autoptr (GFile) csv = NULL;
  g_autoptr (GFile) file = write_lesson ("embedded", TRUE, &csv);
  EntrenaWindow *window = ewt_show_window (1280, 800);
  EntrenaTable *table;

  /* One file can be handed out: the source CSV is not needed. */
  g_assert_true (g_file_delete (csv, NULL, NULL));
  ewt_open_and_wait (window, file);
  table = entrena_window_get_table (window);
  g_assert_nonnull (table);
  g_assert_cmpstr (entrena_table_get_display_name (table), ==, "embedded.csv");
  g_assert_cmpint (entrena_dataset_page_get_target_column (entrena_window_get_dataset_page (window)), ==,
                   entrena_table_find_column (table, "grade"));
  ewt_train_and_wait (window);
  g_assert_nonnull (entrena_window_get_result (window));

  ewt_destroy_window (window);
}

static void
test_invalid (void)
{
  g_autoptr (GFile) plain = ewt_fixture ("train-small.csv");
  g_autoptr (GFile) bad = ewt_temp_file ("bad.entrena");
  EntrenaWindow *window = ewt_show_window (1280, 800);
  EntrenaTable *before;
  static const char text[] =
    "{\"format\": \"entrena-lesson\", \"version\": 1, \"data\": {\"name\": \"a.csv\", \"csv\": \"x,y\\n1,a\\n\"},"
    " \"settings\": {\"epochs\": 0}}";

  g_assert_true (g_file_replace_contents (bad, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                          NULL, NULL, NULL));
  ewt_open_and_wait (window, plain);
  ewt_set_target (window, "grade");
  before = entrena_window_get_table (window);

  entrena_window_open_file (window, bad);
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_true (ewt_error_shown (window));
  g_assert_nonnull (strstr (ewt_label_text (window, "error-message"), "bad.entrena"));
  g_assert_nonnull (strstr (ewt_label_text (window, "error-message"), "settings.epochs"));

  /* Nothing of it was applied. */
  g_assert_true (entrena_window_get_table (window) == before);
  g_assert_false (bar_revealed (window));
  assert_free (window, "epochs-spin");

  ewt_destroy_window (window);
}

static void
test_save (void)
{
  g_autoptr (GFile) plain = ewt_temp_file ("saved.csv");
  g_autoptr (GFile) fixture = ewt_fixture ("train-small.csv");
  g_autoptr (GFile) file = ewt_temp_file ("saved.entrena");
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaWindow *window = ewt_show_window (1280, 800);
  EntrenaRunSettings settings;
  g_autofree const char **exclude = NULL;
  g_autofree const char **categorical = NULL;

  g_assert_true (g_file_copy (fixture, plain, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  ewt_open_and_wait (window, plain);
  ewt_set_target (window, "grade");
  ewt_set_spin (window, "epochs-spin", 9);
  ewt_set_spin (window, "seed-spin", 3);

  entrena_window_save_lesson (window, file);
  g_assert_false (ewt_error_shown (window));

  lesson = entrena_lesson_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lesson->data_path, ==, "saved.csv");
  entrena_run_settings_init (&settings);
  entrena_lesson_settings_apply (lesson->settings, &settings, &exclude, &categorical);
  g_assert_cmpstr (settings.data.target, ==, "grade");
  g_assert_cmpuint (settings.training.epochs, ==, 9);
  g_assert_cmpuint (settings.training.seed, ==, 3);

  ewt_destroy_window (window);
}

static void
test_dialog (void)
{
  g_autoptr (GFile) file = write_lesson ("dialog", TRUE, NULL);
  g_autoptr (GFile) out = ewt_temp_file ("again.entrena");
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaWindow *window = ewt_show_window (1280, 800);
  EntrenaLessonDialog *dialog;
  GtkWidget *row;

  ewt_open_and_wait (window, file);

  /* The dialog starts from the lesson on screen: its title, its locks, its
   * embedded data (which can only be embedded). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-lesson", NULL);
  dialog = ENTRENA_LESSON_DIALOG (ewt_find_toplevel (ENTRENA_TYPE_LESSON_DIALOG, NULL, NULL));
  g_assert_nonnull (dialog);
  g_assert_true (gtu_wait_mapped (GTK_WIDGET (dialog), 5000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ewt_find (dialog, "lesson-title-entry"))), ==, "Grades");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (ewt_find (dialog, "lesson-embed-switch"))));
  g_assert_false (gtk_widget_is_sensitive (ewt_find (dialog, "lesson-embed-switch")));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (ewt_find (dialog, "learning-rate"))), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (ewt_find (dialog, "seed"))), ==, 2);

  /* Change it: another title, the epochs free, the test split locked. */
  gtk_editable_set_text (GTK_EDITABLE (ewt_find (dialog, "lesson-title-entry")), "Grades, part 2");
  adw_combo_row_set_selected (ADW_COMBO_ROW (ewt_find (dialog, "epochs")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (ewt_find (dialog, "test-size")), 1);
  row = ewt_find (dialog, "lesson-save");
  g_signal_emit_by_name (row, "clicked");
  g_assert_null (ewt_find_toplevel (ENTRENA_TYPE_LESSON_DIALOG, NULL, NULL));

  /* Where to save is asked next; the file is written with those choices. */
  entrena_window_save_lesson (window, out);
  g_assert_false (ewt_error_shown (window));
  lesson = entrena_lesson_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lesson->title, ==, "Grades, part 2");
  g_assert_cmpstr (lesson->instructions, ==, "Train, then add a layer.");
  g_assert_nonnull (lesson->data);
  g_assert_true (entrena_lesson_is_locked (lesson, "test-size"));
  g_assert_true (entrena_lesson_is_locked (lesson, "learning-rate"));
  g_assert_false (entrena_lesson_is_locked (lesson, "epochs"));
  g_assert_true (entrena_lesson_is_hidden (lesson, "seed"));

  ewt_destroy_window (window);
}

/* For gtu_wait_until(): the recent files list the URI @data. */
static gboolean
recent_has (gpointer data)
{
  g_autoptr (GPtrArray) infos = entrena_recent_files_dup_data_files (gtk_recent_manager_get_default ());

  for (guint i = 0; i < infos->len; i++)
    if (g_strcmp0 (gtk_recent_info_get_uri (g_ptr_array_index (infos, i)), data) == 0)
      return TRUE;

  return FALSE;
}

static GtkDropTarget *
find_drop_target (EntrenaWindow *window)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static void
test_recent_and_drop (void)
{
  g_autoptr (GFile) file = write_lesson ("recent", TRUE, NULL);
  g_autoptr (GFile) plain = ewt_fixture ("train-small.csv");
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr (GtkRecentInfo) info = NULL;
  EntrenaWindow *window = ewt_show_window (1280, 800);
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  /* A lesson opened joins the recent files, as a lesson. */
  ewt_open_and_wait (window, file);
  g_assert_true (gtu_wait_until (recent_has, uri, 5000));
  info = gtk_recent_manager_lookup_item (gtk_recent_manager_get_default (), uri, NULL);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, "application/x-entrena-lesson");

  /* The recent files' menu item opens it again. */
  ewt_open_and_wait (window, plain);
  g_assert_false (bar_revealed (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri);
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_true (bar_revealed (window));

  /* And so does a drop. */
  ewt_open_and_wait (window, plain);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (find_drop_target (window), "drop", &value, 10.0, 10.0, &dropped);
  g_value_unset (&value);
  g_assert_true (dropped);
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_false (ewt_error_shown (window));
  g_assert_true (bar_revealed (window));

  ewt_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/lesson-window/locked", test_locked);
  g_test_add_func ("/entrena/lesson-window/embedded", test_embedded);
  g_test_add_func ("/entrena/lesson-window/invalid", test_invalid);
  g_test_add_func ("/entrena/lesson-window/save", test_save);
  g_test_add_func ("/entrena/lesson-window/dialog", test_dialog);
  g_test_add_func ("/entrena/lesson-window/recent-and-drop", test_recent_and_drop);

  return g_test_run ();
}
