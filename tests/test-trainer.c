/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "entrena-error.h"
#include "entrena-trainer.h"

#include "core-test-util.h"

typedef struct
{
  GMainLoop            *loop;
  GThread              *main_thread;
  GArray               *losses;      /* train loss per delivered epoch */
  guint                 last_epoch;
  guint                 stop_at;
  EntrenaRunResult     *result;
  GError               *error;
} Run;

static void
epoch_completed_cb (EntrenaTrainer     *trainer,
                    const EntrenaEpoch *record,
                    Run                *run)
{
  float loss = record->train_loss;

  /* Every epoch arrives, in order, on the thread that started the run. */
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpuint (record->epoch, ==, run->last_epoch + 1);
  g_assert_true (isfinite (record->test_loss) && record->test_accuracy >= 0 && record->test_accuracy <= 1);
  g_assert_true (record->train_accuracy >= 0 && record->train_accuracy <= 1);
  run->last_epoch = record->epoch;
  g_array_append_val (run->losses, loss);
  if (record->epoch == run->stop_at)
    entrena_trainer_stop (trainer);
}

static void
finished_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->result = entrena_trainer_run_finish (ENTRENA_TRAINER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->losses, g_array_unref);
  g_clear_pointer (&run->result, entrena_run_result_unref);
  g_clear_error (&run->error);
}

static void
train (EntrenaTrainer     *trainer,
       EntrenaTable       *table,
       EntrenaRunSettings *settings,
       GCancellable       *cancellable,
       Run                *run)
{
  gulong handler;

  run->loop = g_main_loop_new (NULL, FALSE);
  run->main_thread = g_thread_self ();
  run->losses = g_array_new (FALSE, FALSE, sizeof (float));
  handler = g_signal_connect (trainer, "epoch-completed", G_CALLBACK (epoch_completed_cb), run);
  entrena_trainer_run_async (trainer, table, settings, cancellable, finished_cb, run);
  g_assert_cmpint (entrena_trainer_get_state (trainer), ==, ENTRENA_TRAINER_PREPARING);
  g_main_loop_run (run->loop);
  g_signal_handler_disconnect (trainer, handler);
}

/* A trainer and the small fixture, with settings that predict its grade. */
typedef struct
{
  EntrenaTable       *table;
  EntrenaTrainer     *trainer;
  EntrenaRunSettings  settings;
  Run                 run;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->table = ctu_read_fixture ("train-small.csv");
  f->trainer = entrena_trainer_new ();
  entrena_run_settings_init (&f->settings);
  f->settings.data.target = "grade";
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  run_clear (&f->run);
  g_clear_object (&f->trainer);
  g_clear_pointer (&f->table, entrena_table_unref);
}

/* One run of the fixture's trainer on its table and settings. */
static void
fixture_train (Fixture      *f,
               GCancellable *cancellable,
               Run          *run)
{
  train (f->trainer, f->table, &f->settings, cancellable, run);
}

static void
test_full_run (Fixture       *f,
               gconstpointer  data)
{
  Run *first = &f->run, second = { 0 };

  f->settings.training.epochs = 60;

  fixture_train (f, NULL, first);
  g_assert_no_error (first->error);
  g_assert_nonnull (first->result);
  g_assert_cmpuint (first->losses->len, ==, 60);
  g_assert_cmpuint (entrena_trainer_get_epoch (f->trainer), ==, 60);
  g_assert_cmpint (entrena_trainer_get_state (f->trainer), ==, ENTRENA_TRAINER_DONE);
  g_assert_cmpuint (first->result->training->n_epochs, ==, 60);
  g_assert_cmpmem (first->losses->data, 60 * sizeof (float), first->result->training->train_loss, 60 * sizeof (float));
  g_assert_nonnull (first->result->test_metrics);
  g_assert_nonnull (first->result->info);
  g_assert_cmpstr (first->result->info->target, ==, "grade");

  /* The same seed gives the same losses on the same kernel path. */
  fixture_train (f, NULL, &second);
  g_assert_cmpmem (first->losses->data, 60 * sizeof (float), second.losses->data, second.losses->len * sizeof (float));

  run_clear (&second);
}

static void
test_stop_keeps_model (Fixture       *f,
                       gconstpointer  data)
{
  Run *run = &f->run;

  f->settings.training.epochs = 100000;
  run->stop_at = 3;

  fixture_train (f, NULL, run);
  g_assert_no_error (run->error);
  g_assert_nonnull (run->result);
  g_assert_cmpint (run->result->training->stop_reason, ==, ENTRENA_STOP_STOPPED);
  g_assert_cmpuint (run->result->training->n_epochs, >=, 3);
  g_assert_cmpuint (run->result->training->n_epochs, <, 100000);
  g_assert_cmpuint (run->losses->len, ==, run->result->training->n_epochs);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Run *run = &f->run;
  gint64 start;

  f->settings.training.epochs = 1000000;
  g_timeout_add (50, cancel_cb, cancellable);

  start = g_get_monotonic_time ();
  fixture_train (f, cancellable, run);
  g_assert_null (run->result);
  g_assert_error (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_bad_settings (Fixture       *f,
                   gconstpointer  data)
{
  Run *run = &f->run;

  f->settings.data.target = "no such column";

  fixture_train (f, NULL, run);
  g_assert_null (run->result);
  g_assert_error (run->error, ENTRENA_ERROR, ENTRENA_ERROR_UNKNOWN_COLUMN);
  g_assert_cmpuint (run->losses->len, ==, 0);
}

static void
test_divergence_is_a_result (Fixture       *f,
                             gconstpointer  data)
{
  Run *run = &f->run;

  f->settings.training.learning_rate = 10;
  f->settings.training.epochs = 300;

  fixture_train (f, NULL, run);
  g_assert_no_error (run->error);
  g_assert_nonnull (run->result);
  g_assert_nonnull (run->result->diverged);
  g_assert_cmpint (run->result->training->convergence.state, ==, ENTRENA_CONVERGENCE_DIVERGED);
}

static void
count_epochs (const EntrenaEpoch *epoch,
              gpointer            user_data)
{
  guint *count = user_data;

  g_assert_cmpuint (epoch->epoch, ==, *count + 1);
  (*count)++;
}

/* The synchronous pipeline gives what the threaded trainer gives. */
static void
test_execute (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (EntrenaRunResult) result = NULL;
  g_autoptr (GError) error = NULL;
  Run *threaded = &f->run;
  guint count = 0;

  f->settings.training.epochs = 25;

  result = entrena_run_execute (f->table, &f->settings, NULL, NULL, count_epochs, &count, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (count, ==, 25);
  g_assert_cmpuint (result->training->n_epochs, ==, 25);
  g_assert_nonnull (result->train_metrics);
  g_assert_nonnull (result->test_metrics);
  g_assert_cmpstr (result->info->target, ==, "grade");
  g_assert_cmpuint (result->info->training.epochs, ==, 25);
  g_assert_null (result->diverged);

  fixture_train (f, NULL, threaded);
  g_assert_no_error (threaded->error);
  g_assert_cmpmem (result->training->train_loss, 25 * sizeof (float),
                   threaded->result->training->train_loss, threaded->result->training->n_epochs * sizeof (float));
  g_assert_cmpfloat (result->test_metrics->accuracy, ==, threaded->result->test_metrics->accuracy);
}

/* Settings survive the trip through a GVariant, and keys that are absent
 * leave their setting alone. */
static void
test_settings_variant (void)
{
  const char * const exclude[] = { "id", "notes", NULL };
  g_autoptr (GVariant) variant = NULL;
  g_autoptr (GVariant) partial = NULL;
  g_autofree const char **read_exclude = NULL;
  EntrenaRunSettings settings, read;
  GVariantDict dict;

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.data.exclude = exclude;
  settings.data.missing = ENTRENA_MISSING_FILL;
  settings.test_size = 0.3;
  settings.stratify = TRUE;
  g_assert_true (entrena_training_settings_parse_layers (&settings.training, "8,4,2", NULL));
  settings.training.learning_rate = 0.005;
  settings.training.epochs = 321;
  settings.training.seed = 7;
  settings.training.batch_size = 16;
  settings.training.standardize = TRUE;
  settings.training.activation = ENTRENA_ACTIVATION_GELU;

  variant = entrena_run_settings_to_variant (&settings);
  entrena_run_settings_init (&read);
  entrena_run_settings_from_variant (&read, variant, &read_exclude);
  g_assert_cmpstr (read.data.target, ==, "grade");
  g_assert_true (g_strv_equal ((const char * const *) read.data.exclude, exclude));
  g_assert_cmpint (read.data.missing, ==, ENTRENA_MISSING_FILL);
  g_assert_cmpfloat (read.test_size, ==, 0.3);
  g_assert_true (read.stratify);
  g_assert_cmpmem (read.training.hidden, read.training.n_hidden * sizeof (guint),
                   settings.training.hidden, settings.training.n_hidden * sizeof (guint));
  g_assert_cmpfloat (read.training.learning_rate, ==, 0.005);
  g_assert_cmpuint (read.training.epochs, ==, 321);
  g_assert_cmpuint (read.training.seed, ==, 7);
  g_assert_cmpuint (read.training.batch_size, ==, 16);
  g_assert_true (read.training.standardize);
  g_assert_cmpint (read.training.activation, ==, ENTRENA_ACTIVATION_GELU);

  /* Without a target, the data's keys are left out. */
  entrena_run_settings_init (&settings);
  g_variant_unref (variant);
  variant = entrena_run_settings_to_variant (&settings);
  g_assert_false (g_variant_lookup (variant, "target", "&s", NULL));
  g_assert_false (g_variant_lookup_value (variant, "missing", NULL) != NULL);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "epochs", "u", 12);
  g_variant_dict_insert (&dict, "seed", "s", "not a number");
  g_variant_dict_insert (&dict, "activation", "s", "swish");
  partial = g_variant_ref_sink (g_variant_dict_end (&dict));
  entrena_run_settings_from_variant (&read, partial, NULL);
  g_assert_cmpuint (read.training.epochs, ==, 12);
  g_assert_cmpuint (read.training.seed, ==, 7);
  g_assert_cmpint (read.training.activation, ==, ENTRENA_ACTIVATION_GELU);
  g_assert_cmpuint (read.training.n_hidden, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/entrena/trainer/full-run", Fixture, NULL, fixture_set_up, test_full_run, fixture_tear_down);
  g_test_add ("/entrena/trainer/stop", Fixture, NULL, fixture_set_up, test_stop_keeps_model, fixture_tear_down);
  g_test_add ("/entrena/trainer/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/entrena/trainer/bad-settings", Fixture, NULL, fixture_set_up, test_bad_settings, fixture_tear_down);
  g_test_add ("/entrena/trainer/divergence", Fixture, NULL, fixture_set_up, test_divergence_is_a_result, fixture_tear_down);
  g_test_add ("/entrena/run/execute", Fixture, NULL, fixture_set_up, test_execute, fixture_tear_down);
  g_test_add_func ("/entrena/run/settings-variant", test_settings_variant);

  return g_test_run ();
}
