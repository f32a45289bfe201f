/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-training-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "entrena-application.h"
#include "entrena-confusion-view.h"
#include "entrena-format.h"
#include "entrena-kernels.h"
#include "entrena-model-io.h"
#include "entrena-window.h"
#include "gtk-test-util.h"
#include "window-test-util.h"

/*
 * The training window driven through its actions, as a user would with the
 * buttons and shortcuts: train, watch, stop, save, export, and close the
 * window in the middle of it. Run under Xvfb (the "gui" suite).
 *
 * With ENTRENA_SCREENSHOT_DIR set, /entrena/training-window/screenshots saves
 * the main states of a 1280×800 window as PNG files there.
 */

#define LOAD_TIMEOUT_MS 30000
#define TRAIN_TIMEOUT_MS 120000

/* The longest the main loop may stand still while 200,000 rows are trained. */
#define MAX_STALL_MS 500.0

/* Under AddressSanitizer (meson test --setup asan unwinds the stack on every
 * allocation) timings say nothing about the program: they are reported, not
 * checked. */
#if defined(__SANITIZE_ADDRESS__)
#define CHECK_TIMING FALSE

/* GLib grows its quark table by allocating a bigger array and, so that
 * lookups need no lock, never frees the old one (gquark.c). The window's
 * types, properties and actions take it past its first block, which
 * g_quark_init() allocated in a library constructor. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:_dl_init\n";
}
#else
#define CHECK_TIMING TRUE
#endif

/* Helpers */

static const char *
label_text (EntrenaWindow *window,
            const char    *name)
{
  return gtk_label_get_label (GTK_LABEL (ewt_find (window, name)));
}

static gboolean
error_shown (EntrenaWindow *window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (ewt_find (window, "error-revealer")));
}

static gboolean
not_loading (gpointer data)
{
  return !entrena_window_get_loading (data);
}

static gboolean
not_training (gpointer data)
{
  return !entrena_window_get_training (data);
}

static GFile *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

static GFile *
temp_file (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));

  return g_file_new_for_path (path);
}

static void
open_and_wait (EntrenaWindow *window,
               GFile         *file)
{
  entrena_window_open_file (window, file);
  g_assert_true (gtu_wait_until (not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_false (error_shown (window));
  g_assert_nonnull (entrena_window_get_table (window));
}

static void
set_target (EntrenaWindow *window,
            const char    *name)
{
  EntrenaTable *table = entrena_window_get_table (window);
  int column = entrena_table_find_column (table, name);

  g_assert_cmpint (column, >=, 0);
  entrena_dataset_page_set_target_column (entrena_window_get_dataset_page (window), column);
}

static void
set_spin (EntrenaWindow *window,
          const char    *name,
          double         value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ewt_find (window, name)), value);
}

/* The small fixture, ready to train: target "grade". */
static EntrenaWindow *
show_small (guint epochs)
{
  g_autoptr(GFile) file = fixture ("train-small.csv");
  EntrenaWindow *window = ewt_show_window (1280, 800);

  open_and_wait (window, file);
  set_target (window, "grade");
  set_spin (window, "epochs-spin", epochs);

  return window;
}

static void
train_and_wait (EntrenaWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_true (entrena_window_get_training (window));
  g_assert_true (gtu_wait_until (not_training, window, TRAIN_TIMEOUT_MS));
}

typedef struct
{
  EntrenaWindow *window;
  guint          n;
} PointsWait;

static gboolean
has_points (gpointer data)
{
  PointsWait *wait = data;

  return entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (wait->window)) >= wait->n ||
         !entrena_window_get_training (wait->window);
}

static void
wait_points (EntrenaWindow *window,
             guint          n)
{
  PointsWait wait = { window, n };

  g_assert_true (gtu_wait_until (has_points, &wait, TRAIN_TIMEOUT_MS));
  g_assert_true (entrena_window_get_training (window));
}

static char *
file_text (GFile *file)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

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
  EntrenaWindow *window = show_small (20);
  GtkAccessible *chart;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, names[i].widget)),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, names[i].label);

  /* The chart is an image whose description says what it shows, in words. */
  chart = GTK_ACCESSIBLE (ewt_find (window, "loss-chart"));
  gtk_test_accessible_assert_role (chart, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_test_accessible_has_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  train_and_wait (window);
  {
    g_autofree char *description = entrena_loss_chart_dup_description (entrena_window_get_loss_chart (window));

    g_test_message ("chart description: %s", description);
    g_assert_nonnull (strstr (description, "20"));
    gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  }

  ewt_destroy_window (window);
}

static void
test_train (void)
{
  EntrenaWindow *window = show_small (60);
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
  g_assert_false (gtk_widget_get_sensitive (ewt_find (window, "training-page")));
  g_assert_true (gtu_wait_until (not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (train_stack), ==, "train");
  g_assert_true (gtk_widget_get_sensitive (ewt_find (window, "training-page")));

  g_assert_false (error_shown (window));
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
  text = label_text (window, "test-accuracy-label");
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

      g_assert_nonnull (strstr (label_text (window, "status-title"), epoch));
    }

  ewt_destroy_window (window);
}

static void
test_stop_and_save (void)
{
  EntrenaWindow *window = show_small (100000);
  EntrenaLossChart *chart = entrena_window_get_loss_chart (window);
  g_autoptr(GFile) model_file = temp_file ("stopped.safetensors");
  g_autoptr(GFile) history_file = temp_file ("stopped-history.csv");
  g_autoptr(GFile) png_file = temp_file ("stopped-loss.png");
  g_autoptr(GFile) svg_file = temp_file ("stopped-loss.svg");
  g_autoptr(GFile) bad_file = temp_file ("stopped-loss.txt");
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
  wait_points (window, 5);

  /* Stop keeps the model learned so far. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (not_training, window, TRAIN_TIMEOUT_MS));
  trainer = entrena_window_get_trainer (window);
  g_assert_cmpint (entrena_trainer_get_state (trainer), ==, ENTRENA_TRAINER_DONE);

  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_cmpint (result->training->stop_reason, ==, ENTRENA_STOP_STOPPED);
  g_assert_cmpuint (result->training->n_epochs, >=, 5);
  g_assert_cmpuint (result->training->n_epochs, <, 100000);
  g_assert_cmpuint (entrena_loss_chart_get_n_points (chart), ==, result->training->n_epochs);
  g_assert_nonnull (strstr (label_text (window, "status-label"), "Stopped"));
  g_assert_false (error_shown (window));
  g_test_message ("stopped after %u epochs", result->training->n_epochs);

  /* The model is saved, and reads back. */
  uri = g_file_get_uri (model_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", uri);
  g_assert_false (error_shown (window));
  mlp = entrena_model_load (model_file, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mlp);
  g_assert_cmpstr (info->target, ==, "grade");

  /* The history: a header and a line per epoch. */
  g_free (uri);
  uri = g_file_get_uri (history_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-history-to", "s", uri);
  g_assert_false (error_shown (window));
  history = file_text (history_file);
  lines = g_strsplit (history, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "epoch,train_loss,test_loss,test_accuracy,seconds");
  g_assert_cmpuint (g_strv_length (lines), ==, result->training->n_epochs + 2);  /* and "" after the last \n */
  g_assert_true (g_str_has_prefix (lines[1], "1,"));

  /* The chart as PNG and SVG. */
  g_free (uri);
  uri = g_file_get_uri (png_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
  g_assert_false (error_shown (window));
  {
    g_autofree char *png = file_text (png_file);

    g_assert_cmpint (memcmp (png, "\x89PNG", 4), ==, 0);
  }
  g_free (uri);
  uri = g_file_get_uri (svg_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
  g_assert_false (error_shown (window));
  {
    g_autofree char *svg = file_text (svg_file);

    g_assert_nonnull (strstr (svg, "<svg"));
  }

  /* Errors appear in the window, in words, and the window goes on working. */
  g_free (uri);
  uri = g_file_get_uri (bad_file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
  g_assert_true (error_shown (window));
  g_assert_nonnull (strstr (label_text (window, "error-message"), ".png"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);

  g_free (uri);
  uri = g_file_get_uri (nowhere);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", uri);
  g_assert_true (error_shown (window));
  g_assert_cmpstr (label_text (window, "error-title"), ==, "Could not save “model.safetensors”");
  g_test_message ("save error: %s", label_text (window, "error-message"));
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
  set_spin (window, "epochs-spin", 10);
  train_and_wait (window);
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
  EntrenaWindow *window = show_small (100000);
  EntrenaTrainer *trainer;
  guint last_epoch = 0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  wait_points (window, 3);

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
  EntrenaWindow *window = show_small (100000);
  g_autoptr(GFile) file = fixture ("train-small.csv");
  EntrenaTrainer *trainer;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  wait_points (window, 3);
  trainer = entrena_window_get_trainer (window);
  g_object_add_weak_pointer (G_OBJECT (trainer), (gpointer *) &trainer);

  /* While it trains, Train is off; a new table ends the run without a word. */
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "train-button")));
  open_and_wait (window, file);
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
  g_assert_false (error_shown (window));

  /* And the window trains on the new data. */
  set_target (window, "grade");
  set_spin (window, "epochs-spin", 5);
  train_and_wait (window);
  g_assert_nonnull (entrena_window_get_result (window));

  ewt_destroy_window (window);
}

static void
test_training_error (void)
{
  g_autoptr(GFile) file = fixture ("one-class.csv");
  EntrenaWindow *window = ewt_show_window (1280, 800);
  const char *message;

  open_and_wait (window, file);
  set_target (window, "label");
  train_and_wait (window);

  /* The core's message, in the window; the window is ready for another try. */
  g_assert_true (error_shown (window));
  message = label_text (window, "error-message");
  g_test_message ("training error: %s / %s", label_text (window, "error-title"), message);
  g_assert_cmpstr (label_text (window, "error-title"), ==, "Could not train on “one-class.csv”");
  g_assert_cmpstr (message, !=, "");
  g_assert_null (entrena_window_get_result (window));
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "train-button")));

  ewt_destroy_window (window);
}

static void
test_diverged (void)
{
  EntrenaWindow *window = show_small (100);
  EntrenaRunResult *result;
  g_autofree char *epoch = NULL;

  /* A learning rate far too big: the loss blows up within a few epochs. */
  set_spin (window, "learning-rate-spin", 10);
  train_and_wait (window);

  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_nonnull (result->diverged);
  g_assert_cmpint (result->training->convergence.state, ==, ENTRENA_CONVERGENCE_DIVERGED);
  g_assert_cmpint (entrena_loss_chart_get_state (entrena_window_get_loss_chart (window)), ==,
                   ENTRENA_CONVERGENCE_DIVERGED);

  /* Said plainly, above the chart and in the error bar, with what to do. */
  epoch = g_strdup_printf ("Diverged at epoch %u", result->training->convergence.diverged_epoch);
  g_assert_cmpstr (label_text (window, "status-title"), ==, epoch);
  g_assert_true (error_shown (window));
  g_assert_cmpstr (label_text (window, "error-title"), ==, "Training diverged");
  g_assert_nonnull (strstr (label_text (window, "error-message"), "learning rate"));
  g_test_message ("%s: %s", label_text (window, "status-title"), label_text (window, "error-message"));

  /* The window is ready for another try. */
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "train-button")));
  set_spin (window, "learning-rate-spin", 0.01);
  set_spin (window, "epochs-spin", 5);
  train_and_wait (window);
  g_assert_null (entrena_window_get_result (window)->diverged);
  g_assert_false (error_shown (window));

  ewt_destroy_window (window);
}

static void
test_settings (void)
{
  g_autoptr(GFile) other = temp_file ("other.csv");
  g_autoptr(GFile) small = fixture ("train-small.csv");
  EntrenaWindow *window = show_small (7);
  EntrenaTrainingPage *page = entrena_window_get_training_page (window);
  EntrenaRunSettings settings;
  static const char other_csv[] = "u,v,kind\n1,2,x\n2,1,y\n3,4,x\n4,3,y\n";

  g_file_replace_contents (other, other_csv, strlen (other_csv), NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, NULL);

  /* The hidden layers are a list: add one, take the first away. */
  g_assert_cmpuint (entrena_training_page_get_n_layers (page), ==, 2);
  gtk_widget_activate_action (ewt_find (window, "training-page"), "layers.add", NULL);
  g_assert_cmpuint (entrena_training_page_get_n_layers (page), ==, 3);
  gtk_widget_activate_action (ewt_find (window, "training-page"), "layers.remove", "u", 0);
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpuint (settings.training.n_hidden, ==, 2);
  g_assert_cmpuint (settings.training.hidden[0], ==, 32);
  g_assert_cmpuint (settings.training.hidden[1], ==, 16);
  g_assert_cmpuint (settings.training.epochs, ==, 7);

  /* The features of the fixture differ in scale by far more than 100×. */
  g_assert_true (entrena_training_page_get_scale_hint_visible (page));
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "standardize-switch")), TRUE);
  g_assert_false (entrena_training_page_get_scale_hint_visible (page));

  set_spin (window, "test-size-spin", 30);
  train_and_wait (window);
  g_assert_cmpfloat_with_epsilon (entrena_window_get_result (window)->info->test_size, 0.3, 1e-9);
  ewt_destroy_window (window);

  /* A new window starts from the last values used… */
  window = ewt_show_window (1280, 800);
  page = entrena_window_get_training_page (window);
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpuint (settings.training.epochs, ==, 7);
  g_assert_cmpuint (settings.training.n_hidden, ==, 2);
  g_assert_true (settings.training.standardize);

  /* …and each file gets back its own. */
  open_and_wait (window, other);
  set_spin (window, "epochs-spin", 50);
  gtk_widget_activate_action (ewt_find (window, "training-page"), "layers.add", NULL);
  open_and_wait (window, small);
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpuint (settings.training.epochs, ==, 7);
  g_assert_cmpuint (settings.training.n_hidden, ==, 2);
  g_assert_cmpfloat_with_epsilon (settings.test_size, 0.3, 1e-9);
  g_assert_cmpint (entrena_dataset_page_get_target_column (entrena_window_get_dataset_page (window)), ==,
                   entrena_table_find_column (entrena_window_get_table (window), "grade"));

  ewt_destroy_window (window);
}

/* The lesson's settings come back with one click after experimenting. */
static void
test_lesson_settings (void)
{
  EntrenaWindow *window = show_small (7);
  EntrenaTrainingPage *page = entrena_window_get_training_page (window);
  GtkWidget *button = ewt_find (window, "lesson-button");
  g_autoptr(GSettings) gsettings = g_settings_new (BASE_APP_ID);
  g_autofree char *layers = NULL;
  EntrenaRunSettings settings;

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Restore Lesson Settings");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.restore-lesson-settings");

  /* Change every setting away from the lesson's. */
  set_spin (window, "test-size-spin", 30);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "stratify-switch")), TRUE);
  gtk_widget_activate_action (ewt_find (window, "training-page"), "layers.add", NULL);
  set_spin (window, "learning-rate-spin", 0.1);
  set_spin (window, "seed-spin", 7);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (ewt_find (window, "batch-row")), TRUE);
  set_spin (window, "batch-size-spin", 16);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "standardize-switch")), TRUE);

  gtu_click (button);

  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpfloat_with_epsilon (settings.test_size, 0.2, 1e-9);
  g_assert_false (settings.stratify);
  g_assert_cmpuint (settings.training.n_hidden, ==, 2);
  g_assert_cmpuint (settings.training.hidden[0], ==, 64);
  g_assert_cmpuint (settings.training.hidden[1], ==, 32);
  g_assert_cmpfloat_with_epsilon (settings.training.learning_rate, 0.01, 1e-12);
  g_assert_cmpuint (settings.training.epochs, ==, 100);
  g_assert_cmpuint (settings.training.seed, ==, 42);
  g_assert_cmpuint (settings.training.batch_size, ==, 0);
  g_assert_false (settings.training.standardize);

  /* They are remembered like any other change. */
  g_assert_cmpuint (g_settings_get_uint (gsettings, "epochs"), ==, 100);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "seed"), ==, 42);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "batch-size"), ==, 0);
  layers = g_settings_get_string (gsettings, "hidden-layers");
  g_assert_cmpstr (layers, ==, "64,32");

  /* While the network learns, its settings stay as they are. */
  set_spin (window, "epochs-spin", 100000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_true (entrena_window_get_training (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpuint (settings.training.epochs, ==, 100000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (not_training, window, TRAIN_TIMEOUT_MS));

  /* And afterwards the action works again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpuint (settings.training.epochs, ==, 100);

  ewt_destroy_window (window);
}

static void
test_shortcuts (void)
{
  static const struct {
    const char *action;
    const char *accel;
  } accels[] = {
    { "win.open", "<Control>o" },
    { "win.train", "<Control>Return" },
    { "win.stop", "Escape" },
    { "win.save-model", "<Control>s" },
    { "win.export-chart", "<Control>e" },
    { "app.quit", "<Control>q" },
  };
  static const char *listed[] = {
    "<Control>o", "<Control>Return", "Escape", "<Control>s", "<Control>e", "<Control>q",
    "<Control>question",
  };
  g_autoptr(EntrenaApplication) app = entrena_application_new ();
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) objects = NULL;
  g_autofree char *debug_info = NULL;
  GtkWindow *about = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 accels[i].action);

      g_assert_nonnull (set[0]);
      g_assert_cmpstr (set[0], ==, accels[i].accel);
    }

  /* Every shortcut is in the shortcuts window. */
  builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/gtk/help-overlay.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        {
          char *accel = NULL;

          g_object_get (l->data, "accelerator", &accel, NULL);
          g_ptr_array_add (shown, accel);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < shown->len && !found; j++)
        found = g_strcmp0 (g_ptr_array_index (shown, j), listed[i]) == 0;
      if (!found)
        g_error ("%s is not in the shortcuts window", listed[i]);
    }
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  /* The About window names the SIMD kernels in use. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_ABOUT_WINDOW (l->data))
        about = l->data;
  }
  g_assert_nonnull (about);
  debug_info = g_strdup (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)));
  g_test_message ("%s", debug_info);
  g_assert_nonnull (strstr (debug_info, entrena_kernels_get_impl_name ()));
  gtk_window_destroy (about);
}

/* Responsiveness */

typedef struct
{
  gint64 first;
  gint64 last;
  gint64 longest;
  gint64 longest_at;  /* when the longest stall ended, from the first tick */
  gint64 longest_later;  /* the longest after the first half second */
  guint  ticks;
} Stall;

/* Pressing Train shows the training view: its first layout and drawing is
 * the one long frame; after it, only the chart and labels change. */
#define SETTLE_US (500 * 1000)

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last == 0)
    stall->first = now;
  else
    {
      if (now - stall->last > stall->longest)
        {
          stall->longest = now - stall->last;
          stall->longest_at = now - stall->first;
        }
      if (stall->last - stall->first > SETTLE_US)
        stall->longest_later = MAX (stall->longest_later, now - stall->last);
    }
  stall->last = now;
  stall->ticks++;

  return G_SOURCE_CONTINUE;
}

static GFile *
write_big_csv (guint n_rows)
{
  g_autoptr(GFile) file = temp_file ("big-train.csv");
  g_autoptr(GString) text = g_string_new ("a,b,c,d,e,f,g,h,class\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  /* Eight numeric features; the class depends on a few of them, with noise. */
  for (guint i = 0; i < n_rows; i++)
    {
      double x[8];
      double score;

      for (guint j = 0; j < 8; j++)
        x[j] = g_rand_double_range (rand, -1.0, 1.0);
      score = x[0] + 0.5 * x[1] - x[2] * x[3] + 0.2 * g_rand_double_range (rand, -1.0, 1.0);
      g_string_append_printf (text, "%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s\n",
                              x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7],
                              score < -0.4 ? "low" : score < 0.4 ? "mid" : "high");
    }

  g_file_replace_contents (file, text->str, text->len, NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&file);
}

static void
test_responsiveness (void)
{
  g_autoptr(GFile) file = write_big_csv (200000);
  EntrenaWindow *window = ewt_show_window (1280, 800);
  Stall load_stall = { 0 }, train_stall = { 0 };
  EntrenaRunResult *result;
  gint64 start;
  guint source;

  /* A 1 ms timeout: the gaps between its runs are the main loop's stalls. */
  source = g_timeout_add (1, stall_tick_cb, &load_stall);
  open_and_wait (window, file);
  g_source_remove (source);

  set_target (window, "class");
  set_spin (window, "epochs-spin", 30);
  g_assert_cmpuint (entrena_table_get_n_rows (entrena_window_get_table (window)), ==, 200000);

  start = g_get_monotonic_time ();
  source = g_timeout_add (1, stall_tick_cb, &train_stall);
  train_and_wait (window);
  g_source_remove (source);

  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_cmpuint (entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (window)), ==, 30);

  g_test_message ("longest main-loop stall while loading 200,000 rows: %.1f ms (%u ticks)",
                  load_stall.longest / 1000.0, load_stall.ticks);
  g_test_message ("longest main-loop stall while training 200,000 rows × 8 features, %u epochs "
                  "in %.1f s: %.1f ms, ending %.0f ms after Train (%u ticks); "
                  "after the first half second: %.1f ms",
                  result->training->n_epochs, (g_get_monotonic_time () - start) / 1e6,
                  train_stall.longest / 1000.0, train_stall.longest_at / 1000.0, train_stall.ticks,
                  train_stall.longest_later / 1000.0);
  if (CHECK_TIMING)
    {
      g_assert_cmpfloat (train_stall.longest / 1000.0, <, MAX_STALL_MS);
      g_assert_cmpfloat (load_stall.longest / 1000.0, <, MAX_STALL_MS);
    }

  ewt_destroy_window (window);
}

/* Screenshots, on request */

static gboolean
painted_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
save_screenshot (EntrenaWindow *window,
                 const char    *name)
{
  const char *dir = g_getenv ("ENTRENA_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong id;

  /* The window's last painted frame: wait for one with everything up to date. */
  id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (gtu_wait_until (flag_set, &painted, 5000));
  g_signal_handler_disconnect (clock, id);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%d×%d)", path, width, height);
}

static void
test_screenshots (void)
{
  EntrenaWindow *window;
  EntrenaTrainingPage *page;
  static const guint layers[] = { 32, 16 };

  if (g_getenv ("ENTRENA_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Set ENTRENA_SCREENSHOT_DIR to take screenshots");
      return;
    }

  /* The window draws a thin frame of its own around the content under X11
   * without a window manager: 1280×800 inside it. */
  window = ewt_show_window (1280, 800);
  gtk_window_set_default_size (GTK_WINDOW (window), 1290, 810);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", "s", "blobs");
  g_assert_true (gtu_wait_until (not_loading, window, LOAD_TIMEOUT_MS));
  gtu_spin (500);
  save_screenshot (window, "data-loaded.png");

  page = entrena_window_get_training_page (window);
  entrena_training_page_set_layers (page, layers, G_N_ELEMENTS (layers));
  set_spin (window, "epochs-spin", 150);
  set_spin (window, "test-size-spin", 25);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "standardize-switch")), TRUE);

  /* In the middle of a run: one row per step, slow enough to catch. */
  set_spin (window, "learning-rate-spin", 0.0001);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (ewt_find (window, "batch-row")), TRUE);
  set_spin (window, "batch-size-spin", 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  wait_points (window, 55);
  save_screenshot (window, "training.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (not_training, window, TRAIN_TIMEOUT_MS));

  /* The lesson's full batch: a smooth curve with both markers. */
  set_spin (window, "learning-rate-spin", 0.003);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (ewt_find (window, "batch-row")), FALSE);
  train_and_wait (window);
  gtu_spin (500);
  save_screenshot (window, "finished.png");

  /* A small screen: checked by eye, not kept. */
  if (g_getenv ("ENTRENA_SCREENSHOT_SMALL") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 810, 610);
      gtu_spin (500);
      save_screenshot (window, "small-finished.png");
      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (ewt_find (window, "view-stack")), "data");
      gtu_spin (300);
      save_screenshot (window, "small-data.png");
    }

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  ewt_save_data_dirs ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The icon theme reads the system's data folders once, when GTK starts; the
   * isolated ones have no icons. */
  g_setenv ("XDG_DATA_DIRS", ewt_system_data_dirs, TRUE);

  /* GTK's in-process accessibility backend keeps the accessible properties for
   * gtk_test_accessible_assert_property() without an AT-SPI bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!gtu_init ())
    return 0;
  adw_init ();

  /* AdwApplication loads the stylesheet; these windows have no application. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/entrena/training-window/accessible-names", test_accessible_names);
  g_test_add_func ("/entrena/training-window/train", test_train);
  g_test_add_func ("/entrena/training-window/stop-and-save", test_stop_and_save);
  g_test_add_func ("/entrena/training-window/close-during-training", test_close_during_training);
  g_test_add_func ("/entrena/training-window/new-data-cancels", test_new_data_cancels);
  g_test_add_func ("/entrena/training-window/training-error", test_training_error);
  g_test_add_func ("/entrena/training-window/diverged", test_diverged);
  g_test_add_func ("/entrena/training-window/settings", test_settings);
  g_test_add_func ("/entrena/training-window/lesson-settings", test_lesson_settings);
  g_test_add_func ("/entrena/training-window/shortcuts", test_shortcuts);
  g_test_add_func ("/entrena/training-window/responsiveness", test_responsiveness);
  g_test_add_func ("/entrena/training-window/screenshots", test_screenshots);

  return g_test_run ();
}
