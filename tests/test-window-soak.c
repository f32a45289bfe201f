/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-soak"

#include "config.h"

#include "training-window-test-util.h"

/*
 * The window's life, many times over: open a file, train, and then one of
 * five things while the run goes on: stop it, close the window, open another
 * file, change the settings, or save the model. Cycles go round the five in
 * turn. Run in the ASan build (LeakSanitizer at exit) with criticals fatal
 * (the test environment's G_DEBUG), it finds crashes, leaks and critical
 * warnings that one pass of each case does not.
 *
 * ENTRENA_SOAK_CYCLES sets the number of cycles (20 in the test suite; the
 * README names the command for 200).
 */

typedef enum
{
  END_STOP,
  END_CLOSE_WINDOW,
  END_OPEN_ANOTHER,
  END_CHANGE_SETTINGS,
  END_SAVE,
  N_ENDS
} End;

static const char * const end_names[] = {
  "stop", "close the window", "open another file", "change settings", "save",
};

static guint
n_cycles (void)
{
  const char *text = g_getenv ("ENTRENA_SOAK_CYCLES");

  return text != NULL ? MAX ((guint) g_ascii_strtoull (text, NULL, 10), 1) : 20;
}

/* Starts a long run on train-small.csv and waits until it has drawn a few
 * epochs; the pace is the fastest. */
static void
start_run (EntrenaWindow *window,
           GFile         *data,
           guint          cycle)
{
  ewt_open_and_wait (window, data);
  ewt_set_target (window, "grade");
  ewt_set_spin (window, "epochs-spin", 100000);
  /* Each cycle a different network, so that runs do not repeat one shape. */
  ewt_set_spin (window, "learning-rate-spin", cycle % 2 ? 0.01 : 0.003);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_true (entrena_window_get_training (window));
  ewt_wait_points (window, 2 + cycle % 3);
}

static void
stop_and_wait (EntrenaWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
}

static void
test_soak (void)
{
  g_autoptr(GFile) data = ewt_fixture ("train-small.csv");
  g_autoptr(GFile) other = ewt_temp_file ("soak-other.csv");
  g_autoptr(GFile) model = ewt_temp_file ("soak.safetensors");
  g_autofree char *model_uri = g_file_get_uri (model);
  g_autofree char *text = ewt_file_text (data);
  g_autoptr(GError) error = NULL;
  EntrenaWindow *window = NULL;
  guint cycles = n_cycles ();
  guint counts[N_ENDS] = { 0 };

  /* Another file that trains too: the same rows, another name. */
  g_file_replace_contents (other, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint cycle = 0; cycle < cycles; cycle++)
    {
      End end = (End) (cycle % N_ENDS);

      g_test_message ("cycle %u: %s", cycle + 1, end_names[end]);
      if (window == NULL)
        window = ewt_show_window (1280, 800);

      start_run (window, cycle % 2 ? other : data, cycle);

      switch (end)
        {
        case END_STOP:
          stop_and_wait (window);
          g_assert_false (ewt_error_shown (window));
          break;

        case END_CLOSE_WINDOW:
          ewt_destroy_window (window);
          window = NULL;
          break;

        case END_OPEN_ANOTHER:
          /* New data end the run on the old. */
          entrena_window_open_file (window, cycle % 2 ? data : other);
          g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
          g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
          g_assert_false (ewt_error_shown (window));
          break;

        case END_CHANGE_SETTINGS:
          ewt_set_spin (window, "epochs-spin", 50 + cycle);
          ewt_set_spin (window, "learning-rate-spin", 0.05);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);
          stop_and_wait (window);
          break;

        case END_SAVE:
          gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", model_uri);
          stop_and_wait (window);
          /* Whether a save while training was possible or not, one after works. */
          gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", model_uri);
          g_assert_false (ewt_error_shown (window));
          break;

        case N_ENDS:
        default:
          g_assert_not_reached ();
        }
      counts[end]++;
    }

  if (window != NULL)
    ewt_destroy_window (window);
  g_test_message ("%u cycles: %u stopped, %u windows closed, %u other files opened, %u settings "
                  "changed, %u saves while training", cycles, counts[END_STOP], counts[END_CLOSE_WINDOW],
                  counts[END_OPEN_ANOTHER], counts[END_CHANGE_SETTINGS], counts[END_SAVE]);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/window/soak", test_soak);

  return g_test_run ();
}
