/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-run-bar"

#include "config.h"

#include <string.h>

#include "entrena-application.h"
#include "entrena-format.h"
#include "entrena-run-bar.h"
#include "training-window-test-util.h"

/*
 * The run bar drives a run as a teacher would: the pace slows it down, Pause
 * holds it, Step lets exactly one epoch through, Resume finishes it, and
 * Train More goes on from where it ended, bit for bit as one longer run.
 * Space and Right arrow do the same from the keyboard, and `entrena --target`
 * opens a file with its target chosen. Run under Xvfb (the "gui" suite).
 * Epochs are counted, never timed: the bounds are wide.
 */

/* The pace slider's stops for 10 and 100 epochs per second, and the last
 * one, Fastest. */
#define STOP_10 5
#define STOP_100 11
#define STOP_FASTEST 14

/* Tests check what the program does, not how fast a shared machine runs it:
 * that a paced run keeps up with its pace is checked only with
 * ENTRENA_CHECK_TIMING set (on a quiet machine, by hand), never under
 * AddressSanitizer. */
#if defined(__SANITIZE_ADDRESS__)
#define CHECK_TIMING FALSE
#else
#define CHECK_TIMING (g_getenv ("ENTRENA_CHECK_TIMING") != NULL)
#endif

static guint
n_points (EntrenaWindow *window)
{
  return entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (window));
}

/* Whether the button named @name can be pressed: its action is enabled. */
static gboolean
action_enabled (EntrenaWindow *window,
                const char    *name)
{
  return gtk_widget_get_sensitive (ewt_find (window, name));
}

/* Asserts that @a and @b trained the same epochs, value for value. */
static void
assert_same_history (const EntrenaTraining *a,
                     const EntrenaTraining *b)
{
  g_assert_cmpuint (a->n_epochs, ==, b->n_epochs);
  g_assert_cmpmem (a->train_loss, a->n_epochs * sizeof (float), b->train_loss, b->n_epochs * sizeof (float));
  g_assert_cmpmem (a->test_loss, a->n_epochs * sizeof (float), b->test_loss, b->n_epochs * sizeof (float));
  g_assert_cmpmem (a->test_accuracy, a->n_epochs * sizeof (float),
                   b->test_accuracy, b->n_epochs * sizeof (float));
  g_assert_cmpmem (a->train_accuracy, a->n_epochs * sizeof (float),
                   b->train_accuracy, b->n_epochs * sizeof (float));
  g_assert_cmpuint (a->mlp->n_params, ==, b->mlp->n_params);
  g_assert_cmpmem (a->mlp->params, a->mlp->n_params * sizeof (float),
                   b->mlp->params, b->mlp->n_params * sizeof (float));
}

/* The chart shows exactly the run's history. */
static void
assert_chart_is_history (EntrenaWindow         *window,
                         const EntrenaTraining *training)
{
  EntrenaChartData data;

  entrena_loss_chart_get_data (entrena_window_get_loss_chart (window), &data);
  g_assert_cmpuint (data.n_epochs, ==, training->n_epochs);
  g_assert_cmpmem (data.train_loss, data.n_epochs * sizeof (float),
                   training->train_loss, training->n_epochs * sizeof (float));
}

/* A straight run of @epochs on the small fixture, in its own window. */
static EntrenaRunResult *
straight_run (guint epochs)
{
  EntrenaWindow *window = ewt_show_small (epochs);
  EntrenaRunResult *result;

  ewt_train_and_wait (window);
  result = entrena_run_result_ref (entrena_window_get_result (window));
  g_assert_cmpuint (result->training->n_epochs, ==, epochs);
  ewt_destroy_window (window);

  return result;
}

static void
test_pace (void)
{
  EntrenaWindow *window = ewt_show_small (2000);
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  guint at_10, at_100;
  gint64 start;
  double seconds, seconds_100;

  /* Fastest is the default; the slider shows its value in words. */
  g_assert_cmpfloat (g_settings_get_double (settings, "pace"), ==, 0.0);
  g_assert_cmpstr (ewt_label_text (window, "pace-label"), ==, "Fastest");
  ewt_set_pace_stop (window, STOP_10);
  g_assert_cmpstr (ewt_label_text (window, "pace-label"), ==, "10 epochs/s");
  g_assert_cmpfloat (g_settings_get_double (settings, "pace"), ==, 10.0);

  /* 10 epochs a second: about 10 in the first second (the first at once).
   * Epochs never come faster than the pace, whatever the machine; that they
   * come about as fast as it is checked on a quiet machine only. */
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  ewt_wait_points (window, 1);
  gtu_spin (1000);
  at_10 = n_points (window);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("epochs after %.2f s at 10 epochs/s: %u", seconds, at_10);
  g_assert_cmpfloat (at_10, <=, 2 + 10.0 * seconds);
  if (CHECK_TIMING)
    g_assert_cmpuint (at_10, >=, 3);

  /* The pace changes in the middle of the run, at once: about 100 more. */
  ewt_set_pace_stop (window, STOP_100);
  g_assert_cmpstr (ewt_label_text (window, "pace-label"), ==, "100 epochs/s");
  start = g_get_monotonic_time ();
  gtu_spin (1000);
  at_100 = n_points (window) - at_10;
  seconds_100 = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("epochs in the next %.2f s at 100 epochs/s: %u", seconds_100, at_100);
  /* The chart may still be drawing epochs of the slower pace (a busy main
   * loop lags behind the worker): bound the two paces' epochs together. */
  g_assert_cmpfloat (at_10 + at_100, <=, 3 + 10.0 * seconds + 100.0 * seconds_100);
  if (CHECK_TIMING)
    {
      g_assert_cmpuint (at_100, >=, 30);
      g_assert_cmpuint (at_100, >=, 3 * at_10);
    }

  /* Fastest again: the rest of the 2,000 epochs go by without waiting. */
  ewt_set_pace_stop (window, STOP_FASTEST);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_cmpuint (entrena_window_get_result (window)->training->n_epochs, ==, 2000);
  g_assert_cmpfloat (g_settings_get_double (settings, "pace"), ==, 0.0);

  ewt_destroy_window (window);

  /* A new window starts at the pace remembered. */
  g_settings_set_double (settings, "pace", 10.0);
  window = ewt_show_window (1100, 720);
  g_assert_cmpstr (ewt_label_text (window, "pace-label"), ==, "10 epochs/s");
  g_settings_reset (settings, "pace");
  ewt_destroy_window (window);
}

static void
test_pause_step_resume (void)
{
  g_autoptr(EntrenaRunResult) straight = straight_run (200);
  EntrenaWindow *window = ewt_show_small (200);
  g_autofree char *paused_title = NULL;
  GtkWidget *pause_button = ewt_find (window, "pause-button");
  guint held;

  /* Pause and Step wait for a run; Step may start one. */
  g_assert_false (action_enabled (window, "pause-button"));
  g_assert_true (action_enabled (window, "step-button"));

  /* At 10 epochs a second the run lasts 20 s: time enough for the test to
   * see it going however busy the machine (at 100, under AddressSanitizer,
   * it ended before the main loop drew its fifth point). */
  ewt_set_pace_stop (window, STOP_10);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  ewt_wait_points (window, 2);
  g_assert_true (action_enabled (window, "pause-button"));
  g_assert_false (action_enabled (window, "step-button"));

  /* Pause holds after the epoch in progress: nothing arrives for a second. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL);
  ewt_wait_holding (window);
  held = n_points (window);
  gtu_spin (1000);
  g_assert_cmpuint (n_points (window), ==, held);
  g_assert_true (entrena_window_get_training (window));
  g_assert_true (action_enabled (window, "step-button"));
  paused_title = g_strdup_printf ("Paused at epoch %u of 200", held);
  g_assert_cmpstr (ewt_label_text (window, "status-title"), ==, paused_title);
  g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (pause_button)))),
                   ==, "_Resume");

  /* Step: exactly one epoch, then it holds again. */
  for (guint i = 1; i <= 3; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
      g_assert_true (gtu_wait_until (ewt_has_points, &(PointsWait) { window, held + i }, TRAIN_TIMEOUT_MS));
      ewt_wait_holding (window);
      gtu_spin (200);
      g_assert_cmpuint (n_points (window), ==, held + i);
    }

  /* Resume finishes the run, with the numbers of one that never stopped. */
  ewt_set_pace_stop (window, STOP_FASTEST);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL);
  g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (pause_button)))),
                   ==, "_Pause");
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  assert_same_history (entrena_window_get_result (window)->training, straight->training);
  assert_chart_is_history (window, straight->training);

  ewt_destroy_window (window);
}

static void
test_step_before_run (void)
{
  EntrenaWindow *window = ewt_show_small (50);

  /* Step on a fresh run trains epoch 1 and holds. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  g_assert_true (entrena_window_get_training (window));
  ewt_wait_holding (window);
  g_assert_cmpuint (n_points (window), ==, 1);
  g_assert_cmpstr (ewt_label_text (window, "status-title"), ==, "Paused at epoch 1 of 50");

  /* Stopped there, the run keeps its one epoch; Train starts afresh, unpaused. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_cmpuint (entrena_window_get_result (window)->training->n_epochs, ==, 1);
  ewt_train_and_wait (window);
  g_assert_cmpuint (entrena_window_get_result (window)->training->n_epochs, ==, 50);

  ewt_destroy_window (window);
}

static void
test_train_more (void)
{
  g_autoptr(EntrenaRunResult) straight = straight_run (72);
  EntrenaWindow *window = ewt_show_small (30);
  GtkWidget *more_box = ewt_find (window, "train-more-box");
  EntrenaRunResult *first;

  /* Train More is in its place from the start, and can be used once a run has ended. */
  g_assert_true (gtk_widget_get_visible (more_box));
  g_assert_false (gtk_widget_get_sensitive (more_box));
  g_assert_false (action_enabled (window, "train-more-button"));
  ewt_train_and_wait (window);
  g_assert_true (gtk_widget_get_sensitive (more_box));
  g_assert_true (action_enabled (window, "train-more-button"));
  first = entrena_window_get_result (window);

  /* 30, then 12 more (a number typed in), then the Epochs setting's 30 more:
   * one curve, the same numbers as 72 at once. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train-more", "u", 12);
  g_assert_true (entrena_window_get_training (window));
  g_assert_false (gtk_widget_get_sensitive (more_box));
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_true (entrena_window_get_result (window) == first);
  g_assert_cmpuint (n_points (window), ==, 42);
  g_assert_cmpuint (first->training->n_epochs, ==, 42);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train-more", "u", 0);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  assert_same_history (entrena_window_get_result (window)->training, straight->training);
  assert_chart_is_history (window, straight->training);

  /* The results are the longer run's. */
  {
    g_autofree char *accuracy = entrena_format_percent (straight->test_metrics->accuracy);
    g_autofree char *status = g_strdup_printf ("%u epochs", 72);

    g_assert_cmpfloat (first->test_metrics->accuracy, ==, straight->test_metrics->accuracy);
    g_assert_cmpstr (ewt_label_text (window, "test-accuracy-label"), ==, accuracy);
    g_assert_nonnull (strstr (ewt_label_text (window, "status-label"), status));
  }

  /* Stop works during Train More, and Train starts from scratch. */
  ewt_set_pace_stop (window, STOP_100);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train-more", "u", 1000);
  ewt_wait_points (window, 75);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_cmpint (entrena_window_get_result (window)->training->stop_reason, ==, ENTRENA_STOP_STOPPED);
  g_assert_cmpuint (entrena_window_get_result (window)->training->n_epochs, <, 1072);
  ewt_set_pace_stop (window, STOP_FASTEST);
  ewt_train_and_wait (window);
  g_assert_cmpuint (entrena_window_get_result (window)->training->n_epochs, ==, 30);
  g_assert_cmpuint (n_points (window), ==, 30);

  ewt_destroy_window (window);
}

/* Presses @keyval on @window's run keys, as the key would; whether they took it. */
static gboolean
press_run_key (EntrenaWindow *window,
               guint          keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "entrena-run-keys") != 0)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 GTK_WIDGET (window), NULL);
        }
    }

  g_error ("The window has no run key %s", gdk_keyval_name (keyval));
}

static void
test_keys (void)
{
  EntrenaWindow *window = ewt_show_small (300);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  gboolean listed_space = FALSE, listed_right = FALSE;
  guint held;

  /* Without a run the keys go where they would have gone. */
  g_assert_false (press_run_key (window, GDK_KEY_space));
  g_assert_false (press_run_key (window, GDK_KEY_Right));

  ewt_set_pace_stop (window, STOP_10);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  ewt_wait_points (window, 2);

  /* Right only steps a paused run; Space pauses, also with a button focused. */
  g_assert_false (press_run_key (window, GDK_KEY_Right));
  gtk_widget_grab_focus (ewt_find (window, "stop-button"));
  g_assert_true (press_run_key (window, GDK_KEY_space));
  g_assert_true (entrena_window_get_training (window));
  ewt_wait_holding (window);
  held = n_points (window);

  /* A slider keeps its arrows. */
  gtk_widget_grab_focus (ewt_find (window, "pace-scale"));
  g_assert_false (press_run_key (window, GDK_KEY_Right));
  gtk_widget_grab_focus (ewt_find (window, "stop-button"));
  g_assert_true (press_run_key (window, GDK_KEY_Right));
  g_assert_true (gtu_wait_until (ewt_has_points, &(PointsWait) { window, held + 1 }, TRAIN_TIMEOUT_MS));
  ewt_wait_holding (window);
  g_assert_cmpuint (n_points (window), ==, held + 1);

  /* Space resumes. */
  ewt_set_pace_stop (window, STOP_FASTEST);
  g_assert_true (press_run_key (window, GDK_KEY_space));
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_cmpuint (entrena_window_get_result (window)->training->n_epochs, ==, 300);

  /* Both are in the shortcuts window. */
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accel = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accel, NULL);
      listed_space |= g_strcmp0 (accel, "space") == 0;
      listed_right |= g_strcmp0 (accel, "Right") == 0;
    }
  g_assert_true (listed_space);
  g_assert_true (listed_right);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  ewt_destroy_window (window);
}

static void
test_accessible_names (void)
{
  EntrenaWindow *window = ewt_show_small (20);
  static const struct {
    const char *widget;
    const char *label;
  } buttons[] = {
    { "pause-button", "_Pause" },
    { "step-button", "St_ep" },
    { "train-more-button", "Train _More" },
  };

  /* A screen reader reads the buttons' labels (checked through AT-SPI by
   * hand: "Pause", "Step", "Train More") and the slider's name. */
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *content = gtk_button_get_child (GTK_BUTTON (ewt_find (window, buttons[i].widget)));

      g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), ==, buttons[i].label);
    }
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "pace-scale")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Pace");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "pace-scale")),
                                       GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "Fastest");

  /* The figures say what they are: "Test accuracy 61.6%". */
  ewt_train_and_wait (window);
  {
    g_autofree char *test = g_strdup_printf ("Test accuracy %s", ewt_label_text (window, "test-accuracy-label"));
    g_autofree char *train = g_strdup_printf ("Train accuracy %s", ewt_label_text (window, "train-accuracy-label"));
    g_autofree char *baseline = g_strdup_printf ("Baseline accuracy %s", ewt_label_text (window, "baseline-label"));

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "test-accuracy-label")),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, test);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "train-accuracy-label")),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, train);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "baseline-label")),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, baseline);
  }

  ewt_destroy_window (window);
}

/* --target */

typedef struct
{
  char     *target[2];  /* the target chosen in each window that opened */
  char     *error[2];   /* or the error it showed */
  guint     n_checked;
} TargetCheck;

/* Checks the window that opened once it has loaded; after the first (--target
 * grade), opens the file again with a column it does not have. */
static gboolean
check_opened_cb (gpointer data)
{
  TargetCheck *check = data;
  GApplication *app = g_application_get_default ();
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));
  EntrenaWindow *window;
  EntrenaTable *table;
  int column;
  guint i = check->n_checked;

  if (windows == NULL)
    return G_SOURCE_CONTINUE;
  window = ENTRENA_WINDOW (windows->data);
  if (entrena_window_get_loading (window) ||
      (entrena_window_get_table (window) == NULL && !ewt_error_shown (window)))
    return G_SOURCE_CONTINUE;

  table = entrena_window_get_table (window);
  column = entrena_dataset_page_get_target_column (entrena_window_get_dataset_page (window));
  if (table != NULL && column >= 0)
    check->target[i] = g_strdup (entrena_table_get_column_name (table, column));
  if (ewt_error_shown (window))
    check->error[i] = g_strdup (ewt_label_text (window, "error-message"));
  check->n_checked++;

  if (check->n_checked == 1)
    {
      g_autoptr(GFile) file = ewt_fixture ("train-small.csv");

      g_application_open (app, &file, 1, "no-such-column");
      gtk_window_destroy (GTK_WINDOW (window));
      return G_SOURCE_CONTINUE;
    }

  /* The last window gone, the application quits. */
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static void
test_target_option (void)
{
  g_autoptr(EntrenaApplication) app = entrena_application_new ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "train-small.csv", NULL);
  char *argv[] = { (char *) "entrena", (char *) "--target", (char *) "grade", path, NULL };
  TargetCheck check = { { NULL, NULL }, { NULL, NULL }, 0 };

  ewt_keep_recent_dir ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_timeout_add (20, check_opened_cb, &check);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
  g_assert_cmpuint (check.n_checked, ==, 2);

  /* The file opened with its target chosen. */
  g_assert_cmpstr (check.target[0], ==, "grade");
  g_assert_null (check.error[0]);

  /* A column the file does not have: an error in the window that names it. */
  g_test_message ("error for an unknown target: %s", check.error[1]);
  g_assert_nonnull (check.error[1]);
  g_assert_nonnull (strstr (check.error[1], "no-such-column"));

  for (guint i = 0; i < 2; i++)
    {
      g_free (check.target[i]);
      g_free (check.error[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/run-bar/accessible-names", test_accessible_names);
  g_test_add_func ("/entrena/run-bar/pace", test_pace);
  g_test_add_func ("/entrena/run-bar/pause-step-resume", test_pause_step_resume);
  g_test_add_func ("/entrena/run-bar/step-before-run", test_step_before_run);
  g_test_add_func ("/entrena/run-bar/train-more", test_train_more);
  g_test_add_func ("/entrena/run-bar/keys", test_keys);
  g_test_add_func ("/entrena/run-bar/target-option", test_target_option);

  return g_test_run ();
}
