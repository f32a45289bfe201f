/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-training-window"

#include "config.h"

#include <string.h>

#include "entrena-confusion-view.h"
#include "entrena-epoch-cursor.h"
#include "entrena-format.h"
#include "entrena-results-page.h"
#include "training-window-test-util.h"

/*
 * The epoch cursor and the accuracy view, in the training window: moving the
 * cursor back shows that epoch's results (compared with the engine's, and
 * with a run of that many epochs), after a run and while one is paused; the
 * Loss and Accuracy buttons swap the chart, its name and its description.
 * Part of the test-training-window program (its main() registers these).
 */

static EntrenaEpochCursor *
find_cursor (EntrenaWindow *window)
{
  return ENTRENA_EPOCH_CURSOR (ewt_find (window, "epoch-cursor"));
}

static EntrenaConfusionView *
find_confusion (EntrenaWindow *window)
{
  return ENTRENA_CONFUSION_VIEW (ewt_find (window, "confusion-view"));
}

/* The confusion view shows exactly @metrics' matrix. */
static void
assert_confusion (EntrenaWindow        *window,
                  const EntrenaMetrics *metrics)
{
  EntrenaConfusionView *view = find_confusion (window);

  g_assert_cmpuint (entrena_confusion_view_get_n_classes (view), ==, metrics->n_classes);
  for (guint i = 0; i < metrics->n_classes; i++)
    for (guint j = 0; j < metrics->n_classes; j++)
      g_assert_cmpuint (entrena_confusion_view_get_count (view, i, j), ==,
                        metrics->confusion[i * metrics->n_classes + j]);
}

/* The big figures show @test's and @train's accuracies. */
static void
assert_accuracies (EntrenaWindow        *window,
                   const EntrenaMetrics *test,
                   const EntrenaMetrics *train)
{
  g_autofree char *test_text = entrena_format_percent (test->accuracy);
  g_autofree char *train_text = entrena_format_percent (train->accuracy);

  g_assert_cmpstr (ewt_label_text (window, "test-accuracy-label"), ==, test_text);
  g_assert_cmpstr (ewt_label_text (window, "train-accuracy-label"), ==, train_text);
}

/* Moves the slider as a user would: its adjustment, or its key bindings. */
static void
move_slider (EntrenaWindow *window,
             double         value)
{
  gtk_range_set_value (GTK_RANGE (ewt_find (window, "epoch-scale")), value);
}

static void
press_slider_key (EntrenaWindow *window,
                  GtkScrollType  scroll)
{
  gboolean handled = FALSE;

  /* What Home, End and the arrows do on a GtkScale. */
  g_signal_emit_by_name (ewt_find (window, "epoch-scale"), "move-slider", scroll, &handled);
}

static void
test_rewind (void)
{
  EntrenaWindow *window = ewt_show_small (20);
  EntrenaEpochCursor *cursor = find_cursor (window);
  EntrenaLossChart *chart = entrena_window_get_loss_chart (window);
  EntrenaRunResult *result;
  EntrenaRunSettings settings;
  g_autoptr(EntrenaMetrics) test7 = NULL;
  g_autoptr(EntrenaMetrics) train7 = NULL;
  g_autoptr(EntrenaRunResult) straight = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) excluded = NULL;
  guint weights_epoch = 0;

  /* Nothing to look back at before a run. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cursor)));

  ewt_train_and_wait (window);
  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cursor)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (cursor)));
  g_assert_cmpuint (entrena_epoch_cursor_get_n_epochs (cursor), ==, 20);
  g_assert_cmpuint (entrena_epoch_cursor_get_epoch (cursor), ==, 20);
  g_assert_true (entrena_epoch_cursor_get_following (cursor));
  g_assert_cmpstr (ewt_label_text (window, "epoch-position-label"), ==, "epoch 20 of 20");
  /* At the end, the run's own results and no line on the chart. */
  g_assert_cmpint (entrena_loss_chart_get_cursor_epoch (chart), ==, -1);
  g_assert_cmpint (entrena_results_page_get_epoch (ENTRENA_RESULTS_PAGE (ewt_find (window, "results-page"))), ==, -1);
  assert_confusion (window, result->test_metrics);
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "results-epoch-label")));

  /* Epoch 7: the chart marks it and the results are the engine's for it … */
  move_slider (window, 7);
  g_assert_cmpuint (entrena_epoch_cursor_get_epoch (cursor), ==, 7);
  g_assert_false (entrena_epoch_cursor_get_following (cursor));
  g_assert_cmpstr (ewt_label_text (window, "epoch-position-label"), ==, "epoch 7 of 20");
  g_assert_cmpint (entrena_loss_chart_get_cursor_epoch (chart), ==, 7);
  g_assert_cmpint (entrena_results_page_get_epoch (ENTRENA_RESULTS_PAGE (ewt_find (window, "results-page"))), ==, 7);
  test7 = entrena_training_evaluate_at (result->training, 7, TRUE, &weights_epoch);
  train7 = entrena_training_evaluate_at (result->training, 7, FALSE, NULL);
  g_assert_cmpuint (weights_epoch, ==, 7);
  assert_confusion (window, test7);
  assert_accuracies (window, test7, train7);
  g_assert_true (gtk_widget_get_visible (ewt_find (window, "results-epoch-label")));
  g_assert_cmpstr (ewt_label_text (window, "results-epoch-label"), ==, "After epoch 7 of 20");

  /* … and those of a run of 7 epochs, cell for cell (the settings as the
   * window gathers them). */
  entrena_run_settings_init (&settings);
  excluded = entrena_dataset_page_dup_excluded_columns (entrena_window_get_dataset_page (window));
  settings.data.target = "grade";
  settings.data.exclude = (const char * const *) excluded;
  settings.data.missing = entrena_dataset_page_get_missing_policy (entrena_window_get_dataset_page (window));
  entrena_training_page_get_run_settings (entrena_window_get_training_page (window), &settings);
  settings.training.epochs = 7;
  straight = entrena_run_execute (entrena_window_get_table (window), &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_confusion (window, straight->test_metrics);
  assert_accuracies (window, straight->test_metrics, straight->train_metrics);

  /* Home: the initial weights. */
  press_slider_key (window, GTK_SCROLL_START);
  g_assert_cmpuint (entrena_epoch_cursor_get_epoch (cursor), ==, 0);
  g_assert_cmpint (entrena_loss_chart_get_cursor_epoch (chart), ==, 0);
  {
    g_autoptr(EntrenaMetrics) test0 = entrena_training_evaluate_at (result->training, 0, TRUE, NULL);

    assert_confusion (window, test0);
  }

  /* An arrow: one epoch on. */
  press_slider_key (window, GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpuint (entrena_epoch_cursor_get_epoch (cursor), ==, 1);

  /* End follows the latest epoch again: the run's own results. */
  press_slider_key (window, GTK_SCROLL_END);
  g_assert_true (entrena_epoch_cursor_get_following (cursor));
  g_assert_cmpint (entrena_loss_chart_get_cursor_epoch (chart), ==, -1);
  assert_confusion (window, result->test_metrics);
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "results-epoch-label")));

  /* So does Latest. */
  move_slider (window, 12);
  g_assert_false (entrena_epoch_cursor_get_following (cursor));
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "epoch-latest-button")));
  g_signal_emit_by_name (ewt_find (window, "epoch-latest-button"), "clicked");
  g_assert_true (entrena_epoch_cursor_get_following (cursor));
  g_assert_cmpuint (entrena_epoch_cursor_get_epoch (cursor), ==, 20);
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "epoch-latest-button")));

  /* A new run starts the cursor over. */
  move_slider (window, 5);
  ewt_train_and_wait (window);
  g_assert_true (entrena_epoch_cursor_get_following (cursor));
  g_assert_cmpint (entrena_loss_chart_get_cursor_epoch (chart), ==, -1);

  ewt_destroy_window (window);
}

static gboolean
cursor_movable (gpointer data)
{
  EntrenaWindow *window = data;

  return gtk_widget_is_sensitive (ewt_find (window, "epoch-cursor")) || !entrena_window_get_training (window);
}

static void
test_rewind_paused (void)
{
  EntrenaWindow *window = ewt_show_small (3000);
  EntrenaEpochCursor *cursor = find_cursor (window);
  EntrenaTrainer *trainer;
  EntrenaRunResult *result;
  guint held;

  /* Slowly, so that the run is caught in the middle and paused there (the
   * pace applies from the moment it is set: many epochs, so that the run is
   * still going then). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  trainer = entrena_window_get_trainer (window);
  entrena_trainer_set_pace (trainer, 50);
  ewt_wait_points (window, 4);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (cursor)));
  entrena_trainer_set_paused (trainer, TRUE);

  /* Held between epochs: the cursor can move, over the epochs so far. */
  g_assert_true (gtu_wait_until (cursor_movable, window, TRAIN_TIMEOUT_MS));
  g_assert_true (entrena_window_get_training (window));
  held = entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (window));
  g_assert_cmpuint (held, >=, 4);
  g_assert_cmpuint (held, <, 3000);
  g_assert_cmpuint (entrena_epoch_cursor_get_n_epochs (cursor), ==, held);
  g_assert_true (gtk_widget_get_visible (ewt_find (window, "results-scroller")));
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "results-scroller")));

  move_slider (window, 2);
  g_assert_cmpint (entrena_loss_chart_get_cursor_epoch (entrena_window_get_loss_chart (window)), ==, 2);
  g_assert_cmpint (entrena_results_page_get_epoch (ENTRENA_RESULTS_PAGE (ewt_find (window, "results-page"))), ==, 2);

  /* Resumed, the run finishes; the cursor stays where the user put it, and
   * the results are those of its epoch in the finished run. */
  entrena_trainer_set_pace (trainer, ENTRENA_PACE_FASTEST);
  entrena_trainer_set_paused (trainer, FALSE);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  result = entrena_window_get_result (window);
  g_assert_cmpuint (result->training->n_epochs, ==, 3000);
  g_assert_cmpuint (entrena_epoch_cursor_get_epoch (cursor), ==, 2);
  g_assert_false (entrena_epoch_cursor_get_following (cursor));
  {
    g_autoptr(EntrenaMetrics) test2 = entrena_training_evaluate_at (result->training, 2, TRUE, NULL);

    assert_confusion (window, test2);
  }
  g_assert_cmpstr (ewt_label_text (window, "results-epoch-label"), ==, "After epoch 2 of 3000");

  ewt_destroy_window (window);
}

static void
test_accuracy_view (void)
{
  EntrenaWindow *window = ewt_show_small (20);
  EntrenaLossChart *chart = entrena_window_get_loss_chart (window);
  GtkAccessible *accessible = GTK_ACCESSIBLE (chart);
  EntrenaChartData data;
  g_autofree char *loss_description = NULL;
  g_autofree char *accuracy_description = NULL;

  ewt_train_and_wait (window);
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "Loss chart");
  loss_description = entrena_loss_chart_dup_description (chart);
  g_assert_true (g_str_has_prefix (loss_description, "Loss chart, epoch 20 of 20."));

  /* The Accuracy button: the accuracy curves, named and described as such. */
  g_signal_emit_by_name (ewt_find (window, "accuracy-view-button"), "clicked");
  g_assert_true (entrena_loss_chart_get_show_accuracy (chart));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ewt_find (window, "loss-view-button"))));
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "Accuracy chart");
  accuracy_description = entrena_loss_chart_dup_description (chart);
  g_test_message ("accuracy chart description: %s", accuracy_description);
  g_assert_true (g_str_has_prefix (accuracy_description, "Accuracy chart, epoch 20 of 20."));
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accuracy_description);

  /* It draws, and exports, the accuracy of every epoch as the engine
   * recorded it. */
  entrena_loss_chart_get_data (chart, &data);
  g_assert_cmpint (data.kind, ==, ENTRENA_CHART_ACCURACY);
  g_assert_cmpuint (data.n_epochs, ==, 20);
  {
    EntrenaTraining *training = entrena_window_get_result (window)->training;

    for (guint i = 0; i < 20; i++)
      {
        g_assert_cmpfloat (data.train_accuracy[i], ==, training->train_accuracy[i]);
        g_assert_cmpfloat (data.test_accuracy[i], ==, training->test_accuracy[i]);
      }
  }
  gtu_spin (100);

  /* And back. */
  g_signal_emit_by_name (ewt_find (window, "loss-view-button"), "clicked");
  g_assert_false (entrena_loss_chart_get_show_accuracy (chart));
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "Loss chart");
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, loss_description);

  ewt_destroy_window (window);
}

/* Registered by test-training-window.c's main(). */
void
ewt_add_rewind_tests (void)
{
  g_test_add_func ("/entrena/training-window/rewind", test_rewind);
  g_test_add_func ("/entrena/training-window/rewind-paused", test_rewind_paused);
  g_test_add_func ("/entrena/training-window/accuracy-view", test_accuracy_view);
}
