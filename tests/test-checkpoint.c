/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-checkpoint"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "core-test-util.h"
#include "entrena-checkpoint.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-model-io.h"
#include "entrena-run.h"

/*
 * Checkpoints: a run saved after N epochs and restored goes on to give, bit
 * for bit, what N + M epochs at once give; a damaged checkpoint, or one that
 * does not match the CSV, is refused with a message that says why.
 */

static char *
small_csv (gsize *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "train-small.csv", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, length, NULL));
  return text;
}

static EntrenaTable *
table_from (const char *text,
            const char *name)
{
  g_autoptr (GError) error = NULL;
  EntrenaTable *table = entrena_csv_read_data (text, strlen (text), name, NULL, &error);

  g_assert_no_error (error);
  return table;
}

static EntrenaTable *
small_table (void)
{
  g_autofree char *text = small_csv (NULL);

  return table_from (text, "train-small.csv");
}

/* Everything a run computes, the state it goes on from and its results. */
static void
assert_same_run (const EntrenaRunResult *ra,
                 const EntrenaRunResult *rb)
{
  ctu_assert_same_training (ra->training, rb->training);
  g_assert_cmpuint (ra->info->training.epochs, ==, rb->info->training.epochs);
  g_assert_cmpfloat (ra->test_metrics->accuracy, ==, rb->test_metrics->accuracy);
  g_assert_cmpfloat (ra->train_metrics->accuracy, ==, rb->train_metrics->accuracy);
}

static EntrenaRunResult *
restore (EntrenaTable *table,
         GBytes       *bytes,
         GError      **error)
{
  return entrena_checkpoint_restore_bytes (table, bytes, "run.ckpt", error);
}

static void
check_resume (gsize batch_size)
{
  g_autoptr (EntrenaTable) table = small_table ();
  g_autoptr (EntrenaRunResult) straight = ctu_small_run (table, 50, batch_size);
  g_autoptr (EntrenaRunResult) first = ctu_small_run (table, 30, batch_size);
  g_autoptr (EntrenaRunResult) resumed = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  bytes = entrena_checkpoint_save_bytes (first, &error);
  g_assert_no_error (error);

  /* The state as it was, the seconds included. */
  resumed = restore (table, bytes, &error);
  g_assert_no_error (error);
  assert_same_run (resumed, first);
  g_assert_cmpmem (resumed->training->seconds, 30 * sizeof (double), first->training->seconds, 30 * sizeof (double));
  g_assert_cmpfloat (resumed->training->train_seconds, ==, first->training->train_seconds);

  /* 30, saved, restored, then 20 more: 50 at once. */
  g_assert_true (entrena_run_train_more (resumed, 20, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_run (resumed, straight);
}

static void
test_resume_full_batch (void)
{
  check_resume (0);
}

static void
test_resume_mini_batch (void)
{
  check_resume (16);
}

/* Through a file, twice: the second save replaces the first. */
static void
test_file_round_trip (void)
{
  g_autoptr (EntrenaTable) table = small_table ();
  g_autoptr (EntrenaRunResult) run = ctu_small_run (table, 12, 20);
  g_autoptr (EntrenaRunResult) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("entrena-checkpoint-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.ckpt", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (EntrenaMlp) model = NULL;

  g_assert_true (entrena_checkpoint_save (run, file, &error));
  g_assert_no_error (error);
  g_assert_true (entrena_run_train_more (run, 3, NULL, NULL, NULL, NULL, &error));
  g_assert_true (entrena_checkpoint_save (run, file, &error));
  g_assert_no_error (error);

  back = entrena_checkpoint_restore (table, file, &error);
  g_assert_no_error (error);
  assert_same_run (back, run);

  /* A model loader does not take a checkpoint for a model. */
  model = entrena_model_load (file, NULL, NULL, &error);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
  g_assert_null (model);

  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The checkpoint of the lesson's run on train-small.csv, 10 epochs. */
static GBytes *
small_checkpoint (void)
{
  g_autoptr (EntrenaTable) table = small_table ();
  g_autoptr (EntrenaRunResult) run = ctu_small_run (table, 10, 0);
  g_autoptr (GError) error = NULL;
  GBytes *bytes = entrena_checkpoint_save_bytes (run, &error);

  g_assert_no_error (error);
  return bytes;
}

/* Restores @bytes on train-small.csv changed by @edit (NULL: as it is) and
 * expects an error of @code whose message holds @expected. */
static void
assert_refused (GBytes          *bytes,
                const char      *from,
                const char      *to,
                int              code,
                const char      *expected)
{
  g_autofree char *text = small_csv (NULL);
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaRunResult) run = NULL;
  g_autoptr (GError) error = NULL;

  if (from != NULL)
    {
      g_autoptr (GString) changed = g_string_new (text);
      const char *at = strstr (changed->str, from);
      gssize position;

      g_assert_nonnull (at);
      position = at - changed->str;
      g_string_erase (changed, position, strlen (from));
      g_string_insert (changed, position, to);
      g_free (text);
      text = g_string_free (g_steal_pointer (&changed), FALSE);
    }
  table = table_from (text, "other.csv");
  run = restore (table, bytes, &error);
  g_assert_null (run);
  g_assert_error (error, ENTRENA_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "run.ckpt"));
  g_assert_nonnull (strstr (error->message, expected));
}

static void
test_wrong_csv (void)
{
  g_autoptr (GBytes) bytes = small_checkpoint ();

  /* A value changed. */
  assert_refused (bytes, "141.62", "141.63", ENTRENA_ERROR_INVALID_ARGUMENT, "values in this CSV differ");
  /* A row fewer. */
  assert_refused (bytes, "2.0974,141.36,0.0583,1.3156,1.3698,8\n", "", ENTRENA_ERROR_INVALID_ARGUMENT,
                  "trained on 90 rows and this CSV has 89");
  /* A column renamed. */
  assert_refused (bytes, "weight,", "mass,", ENTRENA_ERROR_INVALID_ARGUMENT,
                  "input 2 is “weight” in the checkpoint and “mass” in this CSV");
  /* The target missing. */
  assert_refused (bytes, "grade", "level", ENTRENA_ERROR_INVALID_ARGUMENT, "does not fit “other.csv”");
  /* A class renamed. */
  assert_refused (bytes, ",8\n", ",9\n", ENTRENA_ERROR_INVALID_ARGUMENT, "its classes are 3, 5, 8");
}

/* @bytes with @from replaced by @to, once, in the header. */
static GBytes *
patched (GBytes     *bytes,
         const char *from,
         const char *to)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  char *copy = g_memdup2 (data, size);
  char *at = g_strstr_len (copy + 8, size - 8, from);   /* the header, after its length */

  g_assert_nonnull (at);
  g_assert_cmpuint (strlen (from), ==, strlen (to));
  memcpy (at, to, strlen (to));
  return g_bytes_new_take (copy, size);
}

/* @bytes with float @value written over the first value of tensor @name. */
static GBytes *
poisoned (GBytes     *bytes,
          const char *name,
          float       value)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint64 header_len;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *entry;
  guint8 *copy;
  gint64 begin;

  memcpy (&header_len, data, 8);
  header_len = GUINT64_FROM_LE (header_len);
  g_assert_true (json_parser_load_from_data (parser, (const char *) data + 8, (gssize) header_len, NULL));
  entry = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), name);
  begin = json_array_get_int_element (json_object_get_array_member (entry, "data_offsets"), 0);
  copy = g_memdup2 (data, size);
  memcpy (copy + 8 + header_len + begin, &value, sizeof value);   /* little-endian machines */
  return g_bytes_new_take (copy, size);
}

static void
test_damaged (void)
{
  g_autoptr (GBytes) bytes = small_checkpoint ();
  g_autoptr (EntrenaTable) table = small_table ();
  g_autoptr (EntrenaRunResult) run = ctu_small_run (table, 5, 0);
  g_autoptr (GError) error = NULL;
  gsize size = g_bytes_get_size (bytes);

  /* Truncated, anywhere. */
  for (gsize cut = 0; cut < size; cut += size / 7 + 1)
    {
      g_autoptr (GBytes) part = g_bytes_new_from_bytes (bytes, 0, cut);

      assert_refused (part, NULL, NULL, ENTRENA_ERROR_FORMAT, "run.ckpt");
    }

  /* A tensor of the wrong shape, consistent or not with its data. */
  {
    g_autoptr (GBytes) wrong = patched (bytes, "\"shape\":[624]", "\"shape\":[312]");

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "does not match its shape");
  }
  {
    g_autoptr (GBytes) wrong = patched (bytes, "\"epochs\":\"10\"", "\"epochs\":\"09\"");

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "should hold 9 values");
  }
  {
    g_autoptr (GBytes) wrong = patched (bytes, "\"optimizer_step\":\"10\"", "\"optimizer_step\":\"11\"");

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "optimizer_step");
  }
  {
    g_autoptr (GBytes) wrong = patched (bytes, "\"dtype\":\"U32\"", "\"dtype\":\"F32\"");

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "should hold U32 numbers");
  }

  /* Numbers that cannot be. */
  {
    g_autoptr (GBytes) wrong = poisoned (bytes, "history.train_loss", NAN);

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "history.train_loss");
  }
  {
    g_autoptr (GBytes) wrong = poisoned (bytes, "optimizer.v", -1.0f);

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "optimizer.v");
  }
  {
    g_autoptr (GBytes) wrong = poisoned (bytes, "0.weight", INFINITY);

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "not a finite number");
  }
  {
    g_autoptr (GBytes) wrong = poisoned (bytes, "history.test_accuracy", 1.5f);

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "history.test_accuracy");
  }

  /* A model is not a checkpoint. */
  {
    g_autoptr (GBytes) model = entrena_model_save_bytes (run->training->mlp, run->info, &error);

    g_assert_no_error (error);
    assert_refused (model, NULL, NULL, ENTRENA_ERROR_FORMAT, "no training state");
  }
}

/* The lesson's run with a validation share of 0.25, patience 5 and
 * standardized features: it stops at epoch 23 with the weights of epoch 18
 * (test-early-stopping.py checks those against PyTorch). */
static EntrenaRunResult *
early_stopping_run (EntrenaTable *table,
                    guint         epochs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaRunResult) run = NULL;
  EntrenaRunSettings settings;

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.epochs = epochs;
  settings.training.standardize = TRUE;
  settings.training.val_size = 0.25;
  settings.training.patience = 5;
  run = entrena_run_start (table, &settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (entrena_run_train (run, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  entrena_run_finish (run);
  return g_steal_pointer (&run);
}

static void
test_resume_early_stopping (void)
{
  g_autoptr (EntrenaTable) table = small_table ();
  g_autoptr (EntrenaRunResult) straight = early_stopping_run (table, 40);
  g_autoptr (EntrenaRunResult) first = early_stopping_run (table, 20);
  g_autoptr (EntrenaRunResult) resumed = NULL;
  g_autoptr (EntrenaRunResult) stopped = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (straight->training->early.stopped_epoch, ==, 23);
  g_assert_cmpuint (straight->training->early.best_epoch, ==, 18);
  g_assert_cmpuint (first->training->early.stopped_epoch, ==, 0);

  /* 20, saved, restored, then 20 more: the same stop as 40 at once, with the
   * best epoch's weights and results. */
  bytes = entrena_checkpoint_save_bytes (first, &error);
  g_assert_no_error (error);
  resumed = restore (table, bytes, &error);
  g_assert_no_error (error);
  assert_same_run (resumed, first);
  g_assert_true (entrena_run_train_more (resumed, 20, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_run (resumed, straight);
  g_assert_cmpuint (resumed->info->stopped_epoch, ==, 23);
  g_assert_cmpuint (resumed->info->best_val_epoch, ==, 18);

  /* After the stop: restored, it goes on from the weights at the stop, as
   * the run itself does. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = entrena_checkpoint_save_bytes (straight, &error);
  g_assert_no_error (error);
  stopped = restore (table, bytes, &error);
  g_assert_no_error (error);
  /* (Its description says the 23 epochs done; the run's, the 40 asked for.) */
  ctu_assert_same_training (stopped->training, straight->training);
  g_assert_cmpfloat (stopped->test_metrics->accuracy, ==, straight->test_metrics->accuracy);
  g_assert_true (entrena_run_train_more (stopped, 3, NULL, NULL, NULL, NULL, &error));
  g_assert_true (entrena_run_train_more (straight, 3, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_run (stopped, straight);
  g_assert_cmpuint (straight->training->n_epochs, ==, 26);
  g_assert_cmpuint (straight->training->early.stopped_epoch, ==, 0);

  /* Damaged validation state is refused. */
  {
    g_autoptr (GBytes) wrong = poisoned (bytes, "history.val_accuracy", 1.5f);

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "history.val_accuracy");
  }
  {
    g_autoptr (GBytes) wrong = poisoned (bytes, "early_stopping.stop", NAN);

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "early_stopping.stop");
  }
  {
    g_autoptr (GBytes) wrong = patched (bytes, "\"early_wait\"", "\"early_wayt\"");

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "early_wait");
  }
  {
    g_autoptr (GBytes) wrong = patched (bytes, "\"stopped_epoch\":\"23\"", "\"stopped_epoch\":\"99\"");

    assert_refused (wrong, NULL, NULL, ENTRENA_ERROR_FORMAT, "stopped_epoch");
  }
}

static void
test_refused_to_save (void)
{
  g_autoptr (EntrenaTable) table = small_table ();
  g_autoptr (EntrenaRunResult) run = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaRunSettings settings;

  run = ctu_start_small_run (table, 100, 0, &error);
  g_assert_no_error (error);
  bytes = entrena_checkpoint_save_bytes (run, &error);
  g_assert_null (bytes);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&run, entrena_run_result_unref);

  /* A diverged run cannot go on. */
  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.learning_rate = 10;
  settings.training.epochs = 300;
  run = entrena_run_start (table, &settings, NULL, &error);
  g_assert_true (entrena_run_train (run, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (run->diverged);
  bytes = entrena_checkpoint_save_bytes (run, &error);
  g_assert_null (bytes);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/checkpoint/resume-full-batch", test_resume_full_batch);
  g_test_add_func ("/entrena/checkpoint/resume-mini-batch", test_resume_mini_batch);
  g_test_add_func ("/entrena/checkpoint/file-round-trip", test_file_round_trip);
  g_test_add_func ("/entrena/checkpoint/wrong-csv", test_wrong_csv);
  g_test_add_func ("/entrena/checkpoint/damaged", test_damaged);
  g_test_add_func ("/entrena/checkpoint/resume-early-stopping", test_resume_early_stopping);
  g_test_add_func ("/entrena/checkpoint/refused-to-save", test_refused_to_save);

  return g_test_run ();
}
