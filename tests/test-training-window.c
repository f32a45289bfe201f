/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-training-window"

#include "config.h"

#include <string.h>

#include "entrena-confusion-view.h"
#include "entrena-format.h"
#include "entrena-model-io.h"
#include "training-window-test-util.h"

/*
 * Runs in the training window, driven through its actions as a user would
 * with the buttons: train and watch, stop, save and export, close the window
 * or open new data in the middle of a run, and runs that fail or diverge. Run
 * under Xvfb (the "gui" suite). The same program runs the tests of
 * test-training-window-settings.c: the settings, shortcuts, responsiveness
 * and screenshots.
 */

/* Tests */

static void
test_accessible_names (void)
{
  static const struct {
    const char *widget;
    const char *label;
  } names[] = {
    { "open-button", "Open" },
    { "train-button", "Train" },
    { "stop-button", "Stop" },
    { "target-dropdown", "Target column" },
    { "test-size-spin", "Test split" },
    { "layers-list", "Hidden layers" },
    { "learning-rate-spin", "Learning rate" },
    { "epochs-spin", "Epochs" },
    { "test-accuracy-label", "Test accuracy" },
    { "loss-chart", "Loss chart" },
  };
  EntrenaWindow *window = ewt_show_small (20);
  GtkAccessible *chart;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, names[i].widget)),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, names[i].label);

  /* The chart is an image whose description says what it shows, in words. */
  chart = GTK_ACCESSIBLE (ewt_find (window, "loss-chart"));
  gtk_test_accessible_assert_role (chart, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_test_accessible_has_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  ewt_train_and_wait (window);
  {
    g_autofree char *description = entrena_loss_chart_dup_description (entrena_window_get_loss_chart (window));

    g_test_message ("chart description: %s", description);
    g_assert_nonnull (strstr (description, "20"));
    gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  }

  ewt_destroy_window (window);
}

static gboolean
page_insensitive (gpointer window)
{
  return !gtk_widget_get_sensitive (ewt_find (window, "training-page")) ||
         !entrena_window_get_training (window);
}

static gboolean
page_sensitive (gpointer window)
{
  return gtk_widget_get_sensitive (ewt_find (window, "training-page"));
}

static void
test_train (void)
{
  EntrenaWindow *window = ewt_show_small (60);
  EntrenaLossChart *chart = entrena_window_get_loss_chart (window);
  EntrenaRunResult *result;
  GtkStack *train_stack = GTK_STACK (ewt_find (window, "train-stack"));
  g_autofree char *expected = NULL;
  const char *text;
  double shown;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (train_stack), ==, "train");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);

  /* Train becomes Stop while it runs, and the settings cannot change under it. */
  g_assert_true (entrena_window_get_training (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (train_stack), ==, "stop");
  /* At once they take neither the pointer nor the focus; they look it a
   * frame later, so that the frame that starts the run stays light. */
  g_assert_false (gtk_widget_get_can_target (ewt_find (window, "training-page")));
  g_assert_false (gtk_widget_get_can_focus (ewt_find (window, "training-page")));
  g_assert_true (gtu_wait_until (page_insensitive, window, TRAIN_TIMEOUT_MS));
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (train_stack), ==, "train");
  g_assert_true (gtk_widget_get_can_target (ewt_find (window, "training-page")));
  g_assert_true (gtu_wait_until (page_sensitive, window, TRAIN_TIMEOUT_MS));

  g_assert_false (ewt_error_shown (window));
  result = entrena_window_get_result (window);
  g_assert_nonnull (result);

  /* One point per epoch. */
  g_assert_cmpuint (result->training->n_epochs, ==, 60);
  g_assert_cmpuint (entrena_loss_chart_get_n_points (chart), ==, result->training->n_epochs);

  /* The markers are where the engine put them. */
  g_test_message ("suggested epoch %u, lowest test loss at %u, state %s",
                  result->training->convergence.suggested_epoch,
                  result->training->convergence.best_test_epoch,
                  entrena_convergence_state_to_string (result->training->convergence.state));
  g_assert_cmpuint (entrena_loss_chart_get_suggested_epoch (chart), ==,
                    result->training->convergence.suggested_epoch);
  g_assert_cmpuint (entrena_loss_chart_get_best_test_epoch (chart), ==,
                    result->training->convergence.best_test_epoch);
  g_assert_cmpint (entrena_loss_chart_get_state (chart), ==, result->training->convergence.state);
  g_assert_false (entrena_loss_chart_get_running (chart));

  /* The accuracy label shows the engine's test accuracy as a percentage. */
  text = ewt_label_text (window, "test-accuracy-label");
  g_test_message ("test accuracy label: %s (engine: %.6f)", text, result->test_metrics->accuracy);
  expected = entrena_format_percent (result->test_metrics->accuracy);
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (g_str_has_suffix (text, "%"));
  shown = g_ascii_strtod (text, NULL);
  g_assert_cmpfloat_with_epsilon (shown / 100.0, result->test_metrics->accuracy, 0.0005 + 1e-9);

  /* The confusion matrix has a row and a column per class. */
  g_assert_cmpuint (entrena_confusion_view_get_n_classes (ENTRENA_CONFUSION_VIEW (ewt_find (window, "confusion-view"))),
                    ==, result->dataset->n_classes);

  /* Hovering picks an epoch; so do the arrow keys. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (chart));
    int width, height;

    /* Drawn once, so that the chart knows where its plot is. */
    g_assert_true (gtu_wait_mapped (GTK_WIDGET (chart), 5000));
    gtk_widget_queue_draw (GTK_WIDGET (chart));
    gtu_spin (200);
    width = gtk_widget_get_width (GTK_WIDGET (chart));
    height = gtk_widget_get_height (GTK_WIDGET (chart));
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
          g_signal_emit_by_name (controller, "motion", width * 0.6, height * 0.5);
      }
    g_test_message ("hover at 60%% of the width of %d×%d: epoch %d",
                    width, height, entrena_loss_chart_get_hover_epoch (chart));
    g_assert_cmpint (entrena_loss_chart_get_hover_epoch (chart), >, 1);
    g_assert_cmpint (entrena_loss_chart_get_hover_epoch (chart), <, 60);
    entrena_loss_chart_set_hover_epoch (chart, -1);
  }

  /* The Log Scale toggle is the chart's, and remembered. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.entrena.Entrena");
    gboolean log_scale = g_settings_get_boolean (settings, "chart-log-scale");

    gtk_widget_activate_action (GTK_WIDGET (window), "win.chart-log-scale", NULL);
    g_assert_cmpint (entrena_loss_chart_get_log_scale (chart), ==, !log_scale);
    g_assert_cmpint (g_settings_get_boolean (settings, "chart-log-scale"), ==, !log_scale);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.chart-log-scale", NULL);
    g_assert_cmpint (entrena_loss_chart_get_log_scale (chart), ==, log_scale);
  }

  /* The status names the verdict. */
  if (result->training->convergence.state == ENTRENA_CONVERGENCE_CONVERGED)
    {
      g_autofree char *epoch = g_strdup_printf ("%u", result->training->convergence.suggested_epoch);

      g_assert_nonnull (strstr (ewt_label_text (window, "status-title"), epoch));
    }

  ewt_destroy_window (window);
}

static void
test_stop_and_save (void)
{
  EntrenaWindow *window = ewt_show_small (100000);
  EntrenaLossChart *chart = entrena_window_get_loss_chart (window);
  g_autoptr(GFile) model_file = ewt_temp_file ("stopped.safetensors");
  g_autoptr(GFile) history_file = ewt_temp_file ("stopped-history.csv");
  g_autoptr(GFile) png_file = ewt_temp_file ("stopped-loss.png");
  g_autoptr(GFile) svg_file = ewt_temp_file ("stopped-loss.svg");
  g_autoptr(GFile) bad_file = ewt_temp_file ("stopped-loss.txt");
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent/entrena/model.safetensors");
  g_autoptr(EntrenaMlp) mlp = NULL;
  g_autoptr(EntrenaModelInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *history = NULL;
  g_auto(GStrv) lines = NULL;
  EntrenaRunResult *result;
  EntrenaTrainer *trainer;
  GtkWindow *script_window = NULL;

  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "stop-button")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  ewt_wait_points (window, 5);

  /* Stop keeps the model learned so far. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  trainer = entrena_window_get_trainer (window);
  g_assert_cmpint (entrena_trainer_get_state (trainer), ==, ENTRENA_TRAINER_DONE);

  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_cmpint (result->training->stop_reason, ==, ENTRENA_STOP_STOPPED);
  g_assert_cmpuint (result->training->n_epochs, >=, 5);
  g_assert_cmpuint (result->training->n_epochs, <, 100000);
  g_assert_cmpuint (entrena_loss_chart_get_n_points (chart), ==, result->training->n_epochs);
  g_assert_nonnull (strstr (ewt_label_text (window, "status-label"), "Stopped"));
  g_assert_false (ewt_error_shown (window));
  g_test_message ("stopped after %u epochs", result->training->n_epochs);

  /* The model is saved, and reads back. */
  uri = g_file_get_uri (model_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", uri);
  g_assert_false (ewt_error_shown (window));
  mlp = entrena_model_load (model_file, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mlp);
  g_assert_cmpstr (info->target, ==, "grade");

  /* The history: a header and a line per epoch. */
  g_free (uri);
  uri = g_file_get_uri (history_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-history-to", "s", uri);
  g_assert_false (ewt_error_shown (window));
  history = ewt_file_text (history_file);
  lines = g_strsplit (history, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "epoch,train_loss,test_loss,test_accuracy,seconds,train_accuracy");
  g_assert_cmpuint (g_strv_length (lines), ==, result->training->n_epochs + 2);  /* and "" after the last \n */
  g_assert_true (g_str_has_prefix (lines[1], "1,"));

  /* The chart as PNG and SVG. */
  g_free (uri);
  uri = g_file_get_uri (png_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
  g_assert_false (ewt_error_shown (window));
  {
    g_autofree char *png = ewt_file_text (png_file);

    g_assert_cmpint (memcmp (png, "\x89PNG", 4), ==, 0);
  }
  g_free (uri);
  uri = g_file_get_uri (svg_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
  g_assert_false (ewt_error_shown (window));
  {
    g_autofree char *svg = ewt_file_text (svg_file);

    g_assert_nonnull (strstr (svg, "<svg"));
  }

  /* Errors appear in the window, in words, and the window goes on working. */
  g_free (uri);
  uri = g_file_get_uri (bad_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
  g_assert_true (ewt_error_shown (window));
  g_assert_nonnull (strstr (ewt_label_text (window, "error-message"), ".png"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);

  g_free (uri);
  uri = g_file_get_uri (nowhere);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", uri);
  g_assert_true (ewt_error_shown (window));
  g_assert_cmpstr (ewt_label_text (window, "error-title"), ==, "Could not save “model.safetensors”");
  g_test_message ("save error: %s", ewt_label_text (window, "error-message"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);

  /* The PyTorch script, in a window with a Copy button. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-script", NULL);
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (g_strcmp0 (gtk_widget_get_name (l->data), "script-window") == 0)
        script_window = l->data;
  }
  g_assert_nonnull (script_window);
  {
    GtkTextView *view = GTK_TEXT_VIEW (gtu_find (GTK_WIDGET (script_window), "script-view"));
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
    g_autofree char *script = NULL;
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    script = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (script, "import torch"));
    g_assert_true (gtk_text_view_get_monospace (view));
    gtu_click (gtu_find (GTK_WIDGET (script_window), "copy-button"));
  }
  gtk_window_destroy (script_window);

  /* Training again from the stopped state works. */
  ewt_set_spin (window, "epochs-spin", 10);
  ewt_train_and_wait (window);
  g_assert_cmpuint (entrena_loss_chart_get_n_points (chart), ==, 10);

  ewt_destroy_window (window);
}

static void
record_epoch (gpointer  data,
              GObject  *where_the_object_was)
{
  /* Weak notifications come at dispose: the trainer's fields are still there. */
  *(guint *) data = entrena_trainer_get_epoch ((EntrenaTrainer *) where_the_object_was);
}

static void
test_close_during_training (void)
{
  EntrenaWindow *window = ewt_show_small (100000);
  EntrenaTrainer *trainer;
  guint last_epoch = 0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  ewt_wait_points (window, 3);

  trainer = entrena_window_get_trainer (window);
  g_assert_nonnull (trainer);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (trainer), (gpointer *) &trainer);
  g_object_weak_ref (G_OBJECT (trainer), record_epoch, &last_epoch);

  /* Closing disposes the window, which cancels the run; the task holds the
   * trainer until the worker has returned, and then it goes too. */
  gtk_window_destroy (GTK_WINDOW (window));
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while ((window != NULL || trainer != NULL) && g_get_monotonic_time () < end)
      {
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
      }
  }
  g_assert_null (trainer);
  g_assert_null (window);
  /* Closing stopped the run; it did not just run to its end. */
  g_test_message ("the run stopped after epoch %u of 100000", last_epoch);
  g_assert_cmpuint (last_epoch, >=, 3);
  g_assert_cmpuint (last_epoch, <, 100000);
}

static void
test_new_data_cancels (void)
{
  EntrenaWindow *window = ewt_show_small (100000);
  g_autoptr(GFile) file = ewt_fixture ("train-small.csv");
  EntrenaTrainer *trainer;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  ewt_wait_points (window, 3);
  trainer = entrena_window_get_trainer (window);
  g_object_add_weak_pointer (G_OBJECT (trainer), (gpointer *) &trainer);

  /* While it trains, Train is off; a new table ends the run without a word. */
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "train-button")));
  ewt_open_and_wait (window, file);
  g_assert_false (entrena_window_get_training (window));
  g_assert_null (entrena_window_get_result (window));
  g_assert_cmpuint (entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (window)), ==, 0);

  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (trainer != NULL && g_get_monotonic_time () < end)
      {
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
      }
  }
  g_assert_null (trainer);
  g_assert_false (ewt_error_shown (window));

  /* And the window trains on the new data. */
  ewt_set_target (window, "grade");
  ewt_set_spin (window, "epochs-spin", 5);
  ewt_train_and_wait (window);
  g_assert_nonnull (entrena_window_get_result (window));

  ewt_destroy_window (window);
}

static void
test_training_error (void)
{
  g_autoptr(GFile) file = ewt_fixture ("one-class.csv");
  EntrenaWindow *window = ewt_show_window (1280, 800);
  const char *message;

  ewt_open_and_wait (window, file);
  ewt_set_target (window, "label");
  ewt_train_and_wait (window);

  /* The core's message, in the window; the window is ready for another try. */
  g_assert_true (ewt_error_shown (window));
  message = ewt_label_text (window, "error-message");
  g_test_message ("training error: %s / %s", ewt_label_text (window, "error-title"), message);
  g_assert_cmpstr (ewt_label_text (window, "error-title"), ==, "Could not train on “one-class.csv”");
  g_assert_cmpstr (message, !=, "");
  g_assert_null (entrena_window_get_result (window));
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "train-button")));

  ewt_destroy_window (window);
}

static void
test_diverged (void)
{
  EntrenaWindow *window = ewt_show_small (100);
  EntrenaRunResult *result;
  g_autofree char *epoch = NULL;

  /* A learning rate far too big: the loss blows up within a few epochs. */
  ewt_set_spin (window, "learning-rate-spin", 10);
  ewt_train_and_wait (window);

  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_nonnull (result->diverged);
  g_assert_cmpint (result->training->convergence.state, ==, ENTRENA_CONVERGENCE_DIVERGED);
  g_assert_cmpint (entrena_loss_chart_get_state (entrena_window_get_loss_chart (window)), ==,
                   ENTRENA_CONVERGENCE_DIVERGED);

  /* Said plainly, above the chart and in the error bar, with what to do. */
  epoch = g_strdup_printf ("Diverged at epoch %u", result->training->convergence.diverged_epoch);
  g_assert_cmpstr (ewt_label_text (window, "status-title"), ==, epoch);
  g_assert_true (ewt_error_shown (window));
  g_assert_cmpstr (ewt_label_text (window, "error-title"), ==, "Training diverged");
  g_assert_nonnull (strstr (ewt_label_text (window, "error-message"), "learning rate"));
  g_test_message ("%s: %s", ewt_label_text (window, "status-title"), ewt_label_text (window, "error-message"));

  /* The window is ready for another try. */
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "train-button")));
  ewt_set_spin (window, "learning-rate-spin", 0.01);
  ewt_set_spin (window, "epochs-spin", 5);
  ewt_train_and_wait (window);
  g_assert_null (entrena_window_get_result (window)->diverged);
  g_assert_false (ewt_error_shown (window));

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/training-window/accessible-names", test_accessible_names);
  g_test_add_func ("/entrena/training-window/train", test_train);
  g_test_add_func ("/entrena/training-window/stop-and-save", test_stop_and_save);
  g_test_add_func ("/entrena/training-window/close-during-training", test_close_during_training);
  g_test_add_func ("/entrena/training-window/new-data-cancels", test_new_data_cancels);
  g_test_add_func ("/entrena/training-window/training-error", test_training_error);
  g_test_add_func ("/entrena/training-window/diverged", test_diverged);
  ewt_add_rewind_tests ();
  ewt_add_map_tests ();
  ewt_add_settings_tests ();
  ewt_add_validation_tests ();
  ewt_add_optimizer_tests ();

  return g_test_run ();
}
