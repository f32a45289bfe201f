/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-run-control"

#include "config.h"

#include <math.h>
#include <string.h>

#include "core-test-util.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-run.h"
#include "entrena-snapshots.h"

/*
 * A run a person drives: paced, paused, stepped, resumed, continued for
 * more epochs, looked back at. None of it may change a number: each test
 * compares with a straight run, bit for bit.
 */

static EntrenaRunResult *
start_run (guint      epochs,
           gsize      batch_size,
           GError   **error)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("train-small.csv");

  return ctu_start_small_run (table, epochs, batch_size, error);
}

static EntrenaRunResult *
straight_run (guint epochs,
              gsize batch_size)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("train-small.csv");

  return ctu_small_run (table, epochs, batch_size);
}

#define assert_same_run ctu_assert_same_training

/* A run on a thread of its own, driven from this one. */
typedef struct
{
  EntrenaRunResult  *run;
  EntrenaRunControl *control;
  GCancellable      *cancellable;
  gint               epochs_done;   /* atomic */
  guint              pause_at;      /* the worker pauses itself after this epoch; 0: never */
  gboolean           ok;
  GError            *error;
} Driven;

static void
count_epoch (const EntrenaEpoch *epoch,
             gpointer            user_data)
{
  Driven *d = user_data;

  g_atomic_int_set (&d->epochs_done, (gint) epoch->epoch);
  if (epoch->epoch == d->pause_at)
    entrena_run_control_set_paused (d->control, TRUE);
}

static gpointer
drive_thread (gpointer user_data)
{
  Driven *d = user_data;

  d->ok = entrena_run_train (d->run, d->cancellable, d->control, count_epoch, d, &d->error);
  return NULL;
}

/* Waits until the training thread holds (paused, no step left). */
static void
wait_holding (Driven *d)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!entrena_run_control_is_holding (d->control))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
}

static void
test_pause_step_resume (void)
{
  g_autoptr (EntrenaRunResult) straight = straight_run (40, 0);
  g_autoptr (GError) error = NULL;
  Driven d = { 0 };
  GThread *thread;

  d.run = start_run (40, 0, &error);
  g_assert_no_error (error);
  d.control = entrena_run_control_new ();

  /* Step before the run starts: it trains epoch 1 and holds. */
  entrena_run_control_step (d.control);
  g_assert_true (entrena_run_control_get_paused (d.control));
  thread = g_thread_new ("driven", drive_thread, &d);
  wait_holding (&d);
  g_assert_cmpint (g_atomic_int_get (&d.epochs_done), ==, 1);

  /* Each step is exactly one epoch. */
  for (gint i = 2; i <= 4; i++)
    {
      entrena_run_control_step (d.control);
      /* The step is taken before the thread holds again. */
      while (g_atomic_int_get (&d.epochs_done) < i)
        g_usleep (1000);
      wait_holding (&d);
      g_assert_cmpint (g_atomic_int_get (&d.epochs_done), ==, i);
    }

  /* Paused, no epoch comes. */
  g_usleep (300 * 1000);
  g_assert_cmpint (g_atomic_int_get (&d.epochs_done), ==, 4);

  /* Resume, pause again at epoch 10, resume to the end. The pause comes
   * from the epoch's callback: from this thread, a busy machine could let
   * the run end before it. */
  d.pause_at = 10;
  entrena_run_control_set_paused (d.control, FALSE);
  while (g_atomic_int_get (&d.epochs_done) < 10)
    g_usleep (100);
  wait_holding (&d);
  g_assert_cmpint (g_atomic_int_get (&d.epochs_done), ==, 10);
  entrena_run_control_set_paused (d.control, FALSE);
  g_thread_join (thread);

  g_assert_no_error (d.error);
  g_assert_true (d.ok);
  g_assert_cmpint (d.run->training->stop_reason, ==, ENTRENA_STOP_FINISHED);
  assert_same_run (d.run->training, straight->training);

  entrena_run_result_unref (d.run);
  entrena_run_control_unref (d.control);
}

static void
test_stop_while_paused (void)
{
  g_autoptr (GError) error = NULL;
  Driven d = { 0 };
  GThread *thread;

  d.run = start_run (40, 0, &error);
  d.control = entrena_run_control_new ();
  entrena_run_control_step (d.control);
  entrena_run_control_step (d.control);
  thread = g_thread_new ("driven", drive_thread, &d);
  wait_holding (&d);
  g_assert_cmpint (g_atomic_int_get (&d.epochs_done), ==, 2);

  /* Stopping a held run ends it at once, successfully. */
  entrena_run_control_stop (d.control);
  g_thread_join (thread);
  g_assert_true (d.ok);
  g_assert_cmpuint (d.run->training->n_epochs, ==, 2);
  g_assert_cmpint (d.run->training->stop_reason, ==, ENTRENA_STOP_STOPPED);

  /* So does closing the window (cancelling) while paused. */
  entrena_run_result_unref (d.run);
  d.run = start_run (40, 0, &error);
  d.cancellable = g_cancellable_new ();
  entrena_run_control_rearm (d.control);
  entrena_run_control_step (d.control);
  thread = g_thread_new ("driven", drive_thread, &d);
  wait_holding (&d);
  g_cancellable_cancel (d.cancellable);
  g_thread_join (thread);
  g_assert_false (d.ok);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&d.error);
  g_object_unref (d.cancellable);
  entrena_run_result_unref (d.run);
  entrena_run_control_unref (d.control);
}

static void
test_pace (void)
{
  g_autoptr (EntrenaRunResult) straight = straight_run (200, 0);
  g_autoptr (GError) error = NULL;
  Driven d = { 0 };
  GThread *thread;
  gint first, done;
  gint64 start;
  double seconds;

  d.run = start_run (200, 0, &error);
  d.control = entrena_run_control_new ();
  /* 20 epochs a second: about 10 in half a second, where the fastest pace
   * trains all 200 in a few milliseconds. A slow machine may run behind the
   * pace, never ahead of it, so only the upper bound is firm: counted from
   * the first epoch, half a second holds at most 1 + 10 more. */
  entrena_run_control_set_pace (d.control, 20);
  thread = g_thread_new ("driven", drive_thread, &d);
  while (g_atomic_int_get (&d.epochs_done) < 1)
    g_usleep (1000);
  first = g_atomic_int_get (&d.epochs_done);
  start = g_get_monotonic_time ();
  g_usleep (500 * 1000);
  done = g_atomic_int_get (&d.epochs_done);
  /* A busy machine may sleep longer than asked: count on the time that passed. */
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("paced at 20 epochs/s: %d epochs in %.2f s after the first", done - first, seconds);
  g_assert_cmpfloat (done - first, <=, 1 + 20.0 * seconds);
  g_assert_cmpint (done, <, 200);

  /* The pace changes at once: back to the fastest, the run ends. */
  entrena_run_control_set_pace (d.control, ENTRENA_PACE_FASTEST);
  g_thread_join (thread);
  g_assert_true (d.ok);
  assert_same_run (d.run->training, straight->training);

  entrena_run_result_unref (d.run);
  entrena_run_control_unref (d.control);
}

static void
check_train_more (gsize batch_size)
{
  g_autoptr (EntrenaRunResult) straight = straight_run (50, batch_size);
  g_autoptr (EntrenaRunResult) run = straight_run (30, batch_size);
  g_autoptr (GError) error = NULL;

  g_assert_true (entrena_run_train_more (run, 20, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_run (run->training, straight->training);
  g_assert_cmpuint (run->info->training.epochs, ==, 50);
  g_assert_cmpfloat (run->test_metrics->accuracy, ==, straight->test_metrics->accuracy);
  g_assert_cmpfloat (run->train_metrics->accuracy, ==, straight->train_metrics->accuracy);

  /* And once more, a step at a time. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (entrena_run_train_more (run, 1, NULL, NULL, NULL, NULL, &error));
  g_clear_pointer (&straight, entrena_run_result_unref);
  straight = straight_run (53, batch_size);
  assert_same_run (run->training, straight->training);
}

static void
test_train_more (void)
{
  check_train_more (0);
}

static void
test_train_more_mini_batch (void)
{
  /* The mini-batch order goes on from the same generator. */
  check_train_more (16);
}

static void
test_train_more_after_stop (void)
{
  g_autoptr (EntrenaRunResult) straight = straight_run (40, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaRunResult) run = start_run (40, 0, &error);
  g_autoptr (EntrenaRunControl) control = entrena_run_control_new ();
  Driven d = { .run = run, .control = control };
  GThread *thread;

  entrena_run_control_step (control);
  for (guint i = 0; i < 11; i++)
    entrena_run_control_step (control);
  thread = g_thread_new ("driven", drive_thread, &d);
  wait_holding (&d);
  entrena_run_control_stop (control);
  g_thread_join (thread);
  g_assert_cmpuint (run->training->n_epochs, ==, 12);

  /* Stopped at 12, then 28 more: the same as 40 at once. */
  entrena_run_control_rearm (control);
  entrena_run_control_set_paused (control, FALSE);
  g_assert_true (entrena_run_train_more (run, 28, NULL, control, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_run (run->training, straight->training);
}

static void
test_train_more_refused_after_divergence (void)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("train-small.csv");
  g_autoptr (EntrenaRunResult) run = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaRunSettings settings;

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.learning_rate = 10;
  run = entrena_run_execute (table, &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run->diverged);
  g_assert_false (entrena_run_train_more (run, 10, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
}

static void
test_rewind (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaRunResult) run = start_run (30, 0, &error);
  guint found = 0;

  g_assert_no_error (error);
  entrena_training_keep_snapshots (run->training, ENTRENA_SNAPSHOTS_DEFAULT_BUDGET);
  g_assert_true (entrena_run_train (run, NULL, NULL, NULL, NULL, &error));
  entrena_run_finish (run);

  /* The metrics at epoch e are those of a run that trained e epochs. */
  for (guint e = 1; e <= 30; e += 7)
    {
      g_autoptr (EntrenaRunResult) shorter = straight_run (e, 0);
      g_autoptr (EntrenaMetrics) at = entrena_training_evaluate_at (run->training, e, TRUE, &found);

      g_assert_nonnull (at);
      g_assert_cmpuint (found, ==, e);
      g_assert_cmpuint (at->n_classes, ==, shorter->test_metrics->n_classes);
      g_assert_cmpmem (at->confusion, at->n_classes * at->n_classes * sizeof at->confusion[0],
                       shorter->test_metrics->confusion,
                       at->n_classes * at->n_classes * sizeof at->confusion[0]);
      g_assert_cmpfloat ((float) at->accuracy, ==, run->training->test_accuracy[e - 1]);
    }

  /* The train accuracy of epoch e is that of the weights before its step. */
  for (guint e = 1; e <= 30; e++)
    {
      g_autoptr (EntrenaMetrics) before = entrena_training_evaluate_at (run->training, e - 1, FALSE, &found);

      g_assert_cmpuint (found, ==, e - 1);
      g_assert_cmpfloat_with_epsilon (before->accuracy, run->training->train_accuracy[e - 1], 1e-6);
    }
}

static void
test_snapshots_thin (void)
{
  /* Room for 8 snapshots of 4 floats. */
  g_autoptr (EntrenaSnapshots) snapshots = entrena_snapshots_new (4, 8 * 4 * sizeof (float));
  float params[4];
  guint found;

  for (guint e = 0; e <= 100; e++)
    {
      for (guint i = 0; i < 4; i++)
        params[i] = (float) (e * 10 + i);
      entrena_snapshots_add (snapshots, e, params);
    }

  /* 101 epochs in 8 places: every 16th epoch, and the newest. */
  g_assert_cmpuint (entrena_snapshots_get_stride (snapshots), ==, 16);
  g_assert_true (entrena_snapshots_lookup (snapshots, 100, params, &found));
  g_assert_cmpuint (found, ==, 100);
  g_assert_cmpfloat (params[3], ==, 1003);
  g_assert_true (entrena_snapshots_lookup (snapshots, 99, params, &found));
  g_assert_cmpuint (found, ==, 96);
  g_assert_cmpfloat (params[0], ==, 960);
  g_assert_true (entrena_snapshots_lookup (snapshots, 15, params, &found));
  g_assert_cmpuint (found, ==, 0);
  g_assert_true (entrena_snapshots_lookup (snapshots, 16, params, &found));
  g_assert_cmpuint (found, ==, 16);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/run-control/pause-step-resume", test_pause_step_resume);
  g_test_add_func ("/entrena/run-control/stop-while-paused", test_stop_while_paused);
  g_test_add_func ("/entrena/run-control/pace", test_pace);
  g_test_add_func ("/entrena/run-control/train-more", test_train_more);
  g_test_add_func ("/entrena/run-control/train-more-mini-batch", test_train_more_mini_batch);
  g_test_add_func ("/entrena/run-control/train-more-after-stop", test_train_more_after_stop);
  g_test_add_func ("/entrena/run-control/train-more-refused-after-divergence",
                   test_train_more_refused_after_divergence);
  g_test_add_func ("/entrena/run-control/rewind", test_rewind);
  g_test_add_func ("/entrena/run-control/snapshots-thin", test_snapshots_thin);

  return g_test_run ();
}
