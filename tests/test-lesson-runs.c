/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-lesson-runs"

#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-convergence.h"
#include "entrena-lesson.h"
#include "entrena-lesson-dialog.h"
#include "entrena-runs-list.h"
#include "training-window-test-util.h"

/*
 * A lesson's saved runs and the window's Runs list: the runs a lesson
 * keeps join the list when it opens (named as saved, with their final
 * figures, ticked onto the chart, marked as the lesson's); Save Lesson As…
 * saves the list's runs, so a lesson saved after two runs in one window
 * opens in another with both, curve for curve. Run under Xvfb (the "gui"
 * suite).
 */

#define N_EPOCHS 30

static EntrenaRunsList *
runs_list (EntrenaWindow *window)
{
  return ENTRENA_RUNS_LIST (ewt_find (window, "runs-list-widget"));
}

/* Equal value for value; a missing value (NaN) equals a missing value. */
static void
assert_same_values (const float *a,
                    const float *b,
                    guint        n)
{
  for (guint i = 0; i < n; i++)
    if (isnan (a[i]) || isnan (b[i]))
      g_assert_true (isnan (a[i]) && isnan (b[i]));
    else
      g_assert_cmpfloat (a[i], ==, b[i]);
}

typedef struct
{
  float train_loss[N_EPOCHS];
  float test_loss[N_EPOCHS];
  float test_accuracy[N_EPOCHS];
  float train_accuracy[N_EPOCHS];
} History;

/* A loss that falls to a plateau at @rate, with accuracies (or none, for
 * a regression run). */
static void
make_history (History  *history,
              double    rate,
              gboolean  regression)
{
  for (guint e = 0; e < N_EPOCHS; e++)
    {
      history->train_loss[e] = (float) (exp (-rate * e) + 0.1);
      history->test_loss[e] = (float) (exp (-rate * e) + 0.15);
      history->train_accuracy[e] = regression ? NAN : (float) (1.0 - 0.5 * exp (-rate * e));
      history->test_accuracy[e] = regression ? NAN : (float) (0.95 - 0.5 * exp (-rate * e));
    }
}

/* A lesson on a copy of train-small.csv with two saved runs: a
 * classification run at learning rate 0.1, then a regression run. */
static GFile *
write_lesson (const char *name,
              History    *first,
              History    *second)
{
  g_autoptr (GFile) fixture = ewt_fixture ("train-small.csv");
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *lesson_name = g_strconcat (name, ".entrena", NULL);
  g_autoptr (GFile) csv = ewt_temp_file (csv_name);
  GFile *file = ewt_temp_file (lesson_name);
  g_autoptr (EntrenaLesson) lesson = entrena_lesson_new ();
  g_autoptr (GError) error = NULL;
  EntrenaRunSettings settings;

  g_assert_true (g_file_copy (fixture, csv, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.epochs = N_EPOCHS;
  g_clear_pointer (&lesson->settings, g_variant_unref);
  lesson->settings = entrena_lesson_settings_new (&settings, 0.0);
  entrena_lesson_set_data_file (lesson, csv, file);

  make_history (first, 0.3, FALSE);
  settings.training.learning_rate = 0.1;
  entrena_lesson_add_run (lesson, "learning rate 0.1", entrena_lesson_settings_new (&settings, 0.0), N_EPOCHS,
                          first->train_loss, first->test_loss, first->test_accuracy, first->train_accuracy);
  make_history (second, 0.2, TRUE);
  settings.data.task = ENTRENA_TASK_REGRESSION;
  entrena_lesson_add_run (lesson, "as a regression", entrena_lesson_settings_new (&settings, 0.0), N_EPOCHS,
                          second->train_loss, second->test_loss, second->test_accuracy, second->train_accuracy);

  g_assert_true (entrena_lesson_save (lesson, file, NULL, &error));
  g_assert_no_error (error);

  return file;
}

static void
test_open_saved_runs (void)
{
  History first, second;
  g_autoptr (GFile) file = write_lesson ("saved-runs", &first, &second);
  EntrenaWindow *window = ewt_show_window (1280, 800);
  EntrenaLossChart *chart = entrena_window_get_loss_chart (window);
  EntrenaRunsList *list = runs_list (window);
  EntrenaRunRecord *newest, *oldest;
  EntrenaConvergence convergence;
  g_autofree char *expected = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *regression_summary = NULL;
  EntrenaChartData data;

  ewt_open_and_wait (window, file);

  /* Both runs, the file's last on top, named as saved, ticked, the lesson's. */
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 2);
  newest = entrena_runs_list_get_run (list, 0);
  oldest = entrena_runs_list_get_run (list, 1);
  g_assert_cmpstr (entrena_run_record_get_label (newest), ==, "as a regression");
  g_assert_cmpstr (entrena_run_record_get_label (oldest), ==, "learning rate 0.1");
  g_assert_true (entrena_run_record_get_from_lesson (newest));
  g_assert_true (entrena_run_record_get_from_lesson (oldest));
  g_assert_true (entrena_run_record_get_shown (newest));
  g_assert_true (entrena_run_record_get_shown (oldest));

  /* Final test loss and accuracy, and the epoch the history suggests. */
  entrena_convergence_analyze (first.train_loss, first.test_loss, N_EPOCHS, &convergence);
  g_assert_cmpint (convergence.state, ==, ENTRENA_CONVERGENCE_CONVERGED);
  expected = g_strdup_printf ("test loss %.3g · accuracy %.1f%% · suggested epoch %u", first.test_loss[N_EPOCHS - 1],
                              first.test_accuracy[N_EPOCHS - 1] * 100.0, convergence.suggested_epoch);
  summary = entrena_run_record_dup_summary (oldest);
  g_assert_cmpstr (summary, ==, expected);
  /* A regression run has a loss, and no accuracy. */
  regression_summary = entrena_run_record_dup_summary (newest);
  g_assert_true (g_str_has_prefix (regression_summary, "test loss "));
  g_assert_nonnull (strstr (regression_summary, "accuracy —"));

  /* The chart draws both, value for value. */
  entrena_loss_chart_get_data (chart, &data);
  g_assert_cmpuint (data.n_overlays, ==, 2);
  g_assert_cmpstr (data.overlays[0].name, ==, "as a regression");
  g_assert_cmpstr (data.overlays[1].name, ==, "learning rate 0.1");
  g_assert_cmpuint (data.overlays[1].n_values, ==, N_EPOCHS);
  assert_same_values (data.overlays[1].values, first.test_loss, N_EPOCHS);
  assert_same_values (data.overlays[0].values, second.test_loss, N_EPOCHS);
  entrena_loss_chart_set_show_accuracy (chart, TRUE);
  entrena_loss_chart_get_data (chart, &data);
  assert_same_values (data.overlays[1].values, first.test_accuracy, N_EPOCHS);
  entrena_loss_chart_set_show_accuracy (chart, FALSE);

  /* Unticked, as any run. */
  entrena_run_record_set_shown (newest, FALSE);
  g_assert_cmpuint (entrena_loss_chart_get_n_compared (chart), ==, 1);

  /* The mark says where the run comes from, to a screen reader too. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "run-from-lesson-icon")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "From the Lesson");

  /* A run trained here joins them, and is not the lesson's. */
  ewt_train_and_wait (window);
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 3);
  g_assert_false (entrena_run_record_get_from_lesson (entrena_runs_list_get_run (list, 0)));

  ewt_destroy_window (window);
}

/* Opens Save Lesson, checks what it offers for @n_runs runs, sets the
 * runs switch to @include and presses Save. */
static void
save_with_dialog (EntrenaWindow *window,
                  guint          n_runs,
                  gboolean       include)
{
  EntrenaLessonDialog *dialog;
  GtkWidget *runs_switch;
  GtkWidget *row;
  g_autofree char *offer = g_strdup_printf ("Include the %u runs of the Runs list", n_runs);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-lesson", NULL);
  dialog = ENTRENA_LESSON_DIALOG (ewt_find_toplevel (ENTRENA_TYPE_LESSON_DIALOG, NULL, NULL));
  g_assert_nonnull (dialog);
  g_assert_true (gtu_wait_mapped (GTK_WIDGET (dialog), 5000));
  runs_switch = ewt_find (dialog, "lesson-runs-switch");
  row = gtk_widget_get_ancestor (runs_switch, ADW_TYPE_ACTION_ROW);
  g_assert_true (gtk_widget_is_sensitive (runs_switch));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (runs_switch)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), offer));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (runs_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Include the runs");

  gtk_switch_set_active (GTK_SWITCH (runs_switch), include);
  g_signal_emit_by_name (ewt_find (dialog, "lesson-save"), "clicked");
  g_assert_null (ewt_find_toplevel (ENTRENA_TYPE_LESSON_DIALOG, NULL, NULL));
}

/* The four curves of @record are those of @other, value for value. */
static void
assert_same_run (EntrenaRunRecord *record,
                 EntrenaRunRecord *other)
{
  const EntrenaChartKind kinds[] = { ENTRENA_CHART_LOSS, ENTRENA_CHART_ACCURACY };
  const EntrenaChartCurve curves[] = { ENTRENA_CHART_CURVE_TRAIN, ENTRENA_CHART_CURVE_TEST };

  g_assert_cmpstr (entrena_run_record_get_label (record), ==, entrena_run_record_get_label (other));
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint c = 0; c < G_N_ELEMENTS (curves); c++)
      {
        guint n = 0, m = 0;
        const float *a = entrena_run_record_get_curve (record, kinds[k], curves[c], &n);
        const float *b = entrena_run_record_get_curve (other, kinds[k], curves[c], &m);

        g_assert_cmpuint (n, ==, m);
        g_assert_cmpuint (n, >, 0);
        assert_same_values (a, b, n);
      }
}

static void
test_save_runs_round_trip (void)
{
  g_autoptr (GFile) out = ewt_temp_file ("two-runs.entrena");
  g_autoptr (GFile) none = ewt_temp_file ("no-runs.entrena");
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_autoptr (EntrenaLesson) bare = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaWindow *window = ewt_show_small (12);
  EntrenaRunsList *list = runs_list (window);
  EntrenaWindow *other;
  EntrenaRunsList *other_list;

  ewt_train_and_wait (window);
  ewt_set_spin (window, "learning-rate-spin", 0.003);
  ewt_train_and_wait (window);
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 2);

  /* Saved with the runs: oldest first in the file, curves as recorded. */
  save_with_dialog (window, 2, TRUE);
  entrena_window_save_lesson (window, out);
  g_assert_false (ewt_error_shown (window));
  lesson = entrena_lesson_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lesson->runs->len, ==, 2);
  {
    const EntrenaLessonRun *run = g_ptr_array_index (lesson->runs, 0);
    EntrenaRunRecord *record = entrena_runs_list_get_run (list, 1);
    guint n = 0;
    const float *values = entrena_run_record_get_curve (record, ENTRENA_CHART_LOSS, ENTRENA_CHART_CURVE_TEST, &n);
    EntrenaRunSettings settings;

    g_assert_cmpstr (run->label, ==, entrena_run_record_get_label (record));
    g_assert_cmpuint (run->n_epochs, ==, n);
    assert_same_values (run->test_loss, values, n);
    entrena_run_settings_init (&settings);
    entrena_run_settings_from_variant (&settings, run->settings, NULL);
    g_assert_cmpuint (settings.training.epochs, ==, 12);
    g_assert_cmpstr (settings.data.target, ==, "grade");
  }

  /* Opened in a new window: the Runs list holds both, curve for curve. */
  other = ewt_show_window (1280, 800);
  ewt_open_and_wait (other, out);
  other_list = runs_list (other);
  g_assert_cmpuint (entrena_runs_list_get_n_runs (other_list), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      assert_same_run (entrena_runs_list_get_run (other_list, i), entrena_runs_list_get_run (list, i));
      g_assert_true (entrena_run_record_get_from_lesson (entrena_runs_list_get_run (other_list, i)));
    }
  {
    g_autofree char *a = entrena_run_record_dup_summary (entrena_runs_list_get_run (other_list, 0));
    g_autofree char *b = entrena_run_record_dup_summary (entrena_runs_list_get_run (list, 0));

    g_assert_cmpstr (a, ==, b);
  }

  /* Saved again from there, the runs stay (not twice). */
  save_with_dialog (other, 2, TRUE);
  entrena_window_save_lesson (other, out);
  g_clear_pointer (&lesson, entrena_lesson_free);
  lesson = entrena_lesson_load (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lesson->runs->len, ==, 2);
  ewt_destroy_window (other);

  /* With the switch off, no runs. */
  save_with_dialog (window, 2, FALSE);
  entrena_window_save_lesson (window, none);
  bare = entrena_lesson_load (none, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bare->runs->len, ==, 0);

  ewt_destroy_window (window);
}

/* A lesson opened over runs of the window waits for the answer to "Clear
 * the Runs?", then opens whole: its settings, its runs. */
static void
test_open_over_runs (void)
{
  History first, second;
  g_autoptr (GFile) file = write_lesson ("over-runs", &first, &second);
  g_autofree char *uri = g_file_get_uri (file);
  EntrenaWindow *window = ewt_show_small (3);
  EntrenaRunsList *list = runs_list (window);
  GtkWidget *dialog;

  ewt_train_and_wait (window);
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri);
  g_assert_true (gtu_wait_until (ewt_clear_runs_asked, window, LOAD_TIMEOUT_MS));
  dialog = ewt_clear_runs_dialog (window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "clear");
  gtk_window_close (GTK_WINDOW (dialog));

  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 2);
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, 1)), ==, "learning rate 0.1");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (ewt_find (window, "epochs-spin"))), ==, N_EPOCHS);

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/lesson-runs/open", test_open_saved_runs);
  g_test_add_func ("/entrena/lesson-runs/save-round-trip", test_save_runs_round_trip);
  g_test_add_func ("/entrena/lesson-runs/open-over-runs", test_open_over_runs);

  return g_test_run ();
}
