/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the core tests.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>

#include "entrena-csv.h"
#include "entrena-run.h"

/* The CSV file tests/data/@name, read; the test fails if it cannot be. */
static inline EntrenaTable *
ctu_read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  EntrenaTable *table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return table;
}

/*
 * The checksum of the golden-file generators (tests/gen-*-golden.py): 64-bit
 * FNV-1a over @n 32-bit words, each taken whole (a float's bit pattern, an
 * index).
 */
static inline guint64
ctu_fnv1a_words (const void *words,
                 gsize       n)
{
  const guint8 *bytes = words;
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < n; i++)
    {
      guint32 word;

      memcpy (&word, bytes + i * sizeof word, sizeof word);
      h = (h ^ word) * G_GUINT64_CONSTANT (0x100000001b3);
    }

  return h;
}

/* The lesson's run on train-small.csv (@table; target "grade") for @epochs:
 * full batch, or standardized mini-batches of @batch_size rows. Not trained. */
static inline EntrenaRunResult *
ctu_start_small_run (EntrenaTable  *table,
                     guint          epochs,
                     gsize          batch_size,
                     GError       **error)
{
  EntrenaRunSettings settings;

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.epochs = epochs;
  settings.training.batch_size = batch_size;
  settings.training.standardize = batch_size > 0;
  return entrena_run_start (table, &settings, NULL, error);
}

/* The same run, trained and measured. */
static inline EntrenaRunResult *
ctu_small_run (EntrenaTable *table,
               guint         epochs,
               gsize         batch_size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaRunResult) run = ctu_start_small_run (table, epochs, batch_size, &error);

  g_assert_no_error (error);
  g_assert_true (entrena_run_train (run, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  entrena_run_finish (run);
  return g_steal_pointer (&run);
}

#define ctu_assert_same_floats(a, b, n) g_assert_cmpmem ((a), (n) * sizeof (float), (b), (n) * sizeof (float))

/* Everything a run computes, and the state it goes on from: weights,
 * optimiser, generator, bit for bit. */
static inline void
ctu_assert_same_training (const EntrenaTraining *a,
                          const EntrenaTraining *b)
{
  g_assert_cmpuint (a->n_epochs, ==, b->n_epochs);
  ctu_assert_same_floats (a->train_loss, b->train_loss, a->n_epochs);
  ctu_assert_same_floats (a->test_loss, b->test_loss, a->n_epochs);
  ctu_assert_same_floats (a->test_accuracy, b->test_accuracy, a->n_epochs);
  ctu_assert_same_floats (a->train_accuracy, b->train_accuracy, a->n_epochs);
  ctu_assert_same_floats (a->mlp->params, b->mlp->params, a->mlp->n_params);
  ctu_assert_same_floats (a->initial->params, b->initial->params, a->mlp->n_params);
  ctu_assert_same_floats (a->optimizer->m, b->optimizer->m, a->optimizer->n);
  ctu_assert_same_floats (a->optimizer->v, b->optimizer->v, a->optimizer->n);
  g_assert_cmpuint (a->optimizer->step, ==, b->optimizer->step);
  g_assert_cmpmem (&a->rng, sizeof a->rng, &b->rng, sizeof b->rng);
  g_assert_cmpuint (a->convergence.suggested_epoch, ==, b->convergence.suggested_epoch);
  g_assert_cmpint (a->convergence.state, ==, b->convergence.state);
  /* With validation rows: their history and early stopping's state. */
  g_assert_cmpuint (a->n_val, ==, b->n_val);
  if (a->n_val > 0)
    {
      ctu_assert_same_floats (a->val_loss, b->val_loss, a->n_epochs);
      ctu_assert_same_floats (a->val_accuracy, b->val_accuracy, a->n_epochs);
      g_assert_cmpuint (a->early.best_epoch, ==, b->early.best_epoch);
      g_assert_cmpuint (a->early.stopped_epoch, ==, b->early.stopped_epoch);
      g_assert_cmpuint (a->early.wait, ==, b->early.wait);
      g_assert_cmpfloat (a->early.best_loss, ==, b->early.best_loss);
      g_assert_cmpint (a->early.best_params != NULL, ==, b->early.best_params != NULL);
      if (a->early.best_params != NULL)
        ctu_assert_same_floats (a->early.best_params, b->early.best_params, a->mlp->n_params);
      g_assert_cmpint (a->early.stop_params != NULL, ==, b->early.stop_params != NULL);
      if (a->early.stop_params != NULL)
        ctu_assert_same_floats (a->early.stop_params, b->early.stop_params, a->mlp->n_params);
    }
}
