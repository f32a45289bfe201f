/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The training runs of the golden files (tests/gen-torch-golden.py), run
 * again and held to PyTorch's curves.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core-test-util.h"
#include "entrena-csv.h"
#include "entrena-run.h"
#include "entrena-training.h"
#include "test-training.h"

typedef struct
{
  char    *name;
  char    *layers;
  gboolean standardize;
  EntrenaActivation activation;
  guint64  init_hash[2 * ENTRENA_MAX_HIDDEN_LAYERS + 2];   /* each state_dict entry's, when given */
  guint    n_init;
  guint    seed;
  double   lr;
  guint    epochs;
  double   test_size;
  char    *target;
  char    *exclude;
  guint    n_test;
  guint    test_rows[512];
  float    train_loss[200];
  float    test_loss[200];
  guint    test_correct[200];
  double   test_accuracy;
  double   train_tolerance;
  double   test_tolerance;
  EntrenaTask task;            /* "task regression": then test_rmse, not accuracy */
  gboolean scale_target;
  double   test_rmse;
  EntrenaOptimizer optimizer;       /* Adam (0) unless the run names one */
  double   momentum;
  gboolean nesterov;
  double   weight_decay;
} GoldenRun;

static void
check_golden_run (const GoldenRun *run,
                  EntrenaTable    *table)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_autoptr (EntrenaTraining) training = NULL;
  g_autoptr (EntrenaMetrics) test = NULL;
  g_auto (GStrv) exclude = g_strsplit (run->exclude != NULL && strcmp (run->exclude, "-") != 0 ? run->exclude : "", ",", -1);
  EntrenaRunSettings settings;
  guint checked = (guint) (run->epochs * 0.8);
  double worst = 0;

  entrena_run_settings_init (&settings);
  settings.data.target = run->target;
  settings.data.exclude = (const char * const *) exclude;
  settings.test_size = run->test_size;
  settings.training.seed = run->seed;
  settings.training.learning_rate = run->lr;
  settings.training.epochs = run->epochs;
  settings.training.standardize = run->standardize;
  settings.training.optimizer = run->optimizer;
  settings.training.momentum = run->momentum;
  settings.training.nesterov = run->nesterov;
  settings.training.weight_decay = run->weight_decay;
  settings.training.activation = run->activation;
  settings.data.task = run->task;
  settings.training.scale_target = run->scale_target;
  g_assert_true (entrena_training_settings_parse_layers (&settings.training, run->layers, &error));

  dataset = entrena_run_prepare (table, &settings, &split, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (split->n_test, ==, run->n_test);
  for (guint i = 0; i < run->n_test; i++)
    g_assert_cmpuint (dataset->row_index[split->test[i]], ==, run->test_rows[i]);

  training = entrena_training_new (dataset, split, &settings.training, NULL, &error);
  g_assert_no_error (error);
  /* The initial weights, bit for bit: W_0, b_0, W_1, … as the state_dict. */
  g_assert_true (run->n_init == 0 || run->n_init == 2 * training->initial->n_layers);
  for (guint t = 0; t < run->n_init; t++)
    {
      const EntrenaMlp *initial = training->initial;
      guint l = t / 2;
      gsize count = t % 2 == 0 ? (gsize) initial->sizes[l] * initial->sizes[l + 1] : initial->sizes[l + 1];
      gsize offset = t % 2 == 0 ? initial->weight_offset[l] : initial->bias_offset[l];

      g_assert_cmphex (ctu_fnv1a_words (initial->params + offset, count), ==, run->init_hash[t]);
    }
  entrena_training_run (training, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (training->n_epochs, ==, run->epochs);

  /* The tolerance: 1e-5 over the first 80% of epochs, relative to
   * the loss where it is larger than 1 (PyTorch's two kernels differ by
   * 7.6e-6 on a curve that starts at 38), or ten times what PyTorch's own
   * two CPU kernels differ by where that is more. */
  for (guint e = 0; e < checked; e++)
    {
      double train_error = fabs (training->train_loss[e] - run->train_loss[e]) / MAX (1.0, fabs (run->train_loss[e]));
      double test_error = fabs (training->test_loss[e] - run->test_loss[e]) / MAX (1.0, fabs (run->test_loss[e]));

      worst = MAX (worst, MAX (train_error, test_error));
      if (train_error > run->train_tolerance || test_error > run->test_tolerance)
        g_error ("%s, epoch %u: train %.9g (PyTorch %.9g), test %.9g (PyTorch %.9g)", run->name, e + 1,
                 training->train_loss[e], run->train_loss[e], training->test_loss[e], run->test_loss[e]);
    }
  g_test_message ("%s: largest difference from PyTorch over %u epochs: %.3g", run->name, checked, worst);

  if (run->task == ENTRENA_TASK_REGRESSION)
    {
      g_autoptr (EntrenaRegressionMetrics) metrics = entrena_run_evaluate_regression (training);

      g_assert_cmpfloat_with_epsilon (metrics->rmse, run->test_rmse, 1e-3 * run->test_rmse);
      return;
    }
  test = entrena_training_evaluate (training, TRUE);
  g_assert_cmpfloat_with_epsilon (test->accuracy, run->test_accuracy, 1.5 / run->n_test);
}

/* Runs every run of a golden file made by this machine's PyTorch kernel and
 * returns how many there were. */
guint
check_golden_file (const char *golden,
                   const char *csv_path,
                   const char *only)
{
  g_auto (GStrv) lines = read_lines (golden);
  g_autoptr (GFile) file = g_file_new_for_path (csv_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);
  const char *kernel = kernel_name ();
  GoldenRun run = { 0 };
  gboolean in_run = FALSE;
  guint runs = 0;

  g_assert_no_error (error);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], " ", -1);

      if (f[0] == NULL)
        continue;
      if (strcmp (f[0], "run") == 0)
        {
          memset (&run, 0, sizeof run);
          run.name = g_strdup (f[1]);
          run.train_tolerance = 1e-5;
          run.test_tolerance = 1e-5;
          in_run = TRUE;

          /* "#   NAME: train loss A (epochs 1-80), B (81-100); test loss C, D" */
          for (guint k = 0; lines[k] != NULL && lines[k][0] == '#'; k++)
            {
              g_autofree char *prefix = g_strdup_printf ("#   %s: ", run.name);
              double train80, train_rest, test80;

              if (g_str_has_prefix (lines[k], prefix) &&
                  sscanf (lines[k] + strlen (prefix), "train loss %lg (epochs 1-80), %lg (81-100); test loss %lg",
                          &train80, &train_rest, &test80) == 3)
                {
                  run.train_tolerance = MAX (1e-5, 10 * train80);
                  run.test_tolerance = MAX (1e-5, 10 * test80);
                }
            }
        }
      else if (!in_run)
        continue;
      else if (only != NULL && strcmp (run.name, only) != 0)
        in_run = FALSE;
      else if (strcmp (f[0], "kernel") == 0 && strcmp (f[1], kernel) != 0)
        in_run = FALSE;
      else if (strcmp (f[0], "target") == 0)
        run.target = g_strdup (f[1]);
      else if (strcmp (f[0], "exclude") == 0)
        run.exclude = g_strdup (f[1]);
      else if (strcmp (f[0], "layers") == 0)
        run.layers = g_strdup (f[1] != NULL && strcmp (f[1], "-") != 0 ? f[1] : "");
      else if (strcmp (f[0], "standardize") == 0)
        run.standardize = atoi (f[1]);
      else if (strcmp (f[0], "activation") == 0)
        g_assert_true (entrena_activation_from_string (f[1], &run.activation));
      else if (strcmp (f[0], "init") == 0 && run.n_init < G_N_ELEMENTS (run.init_hash))
        run.init_hash[run.n_init++] = g_ascii_strtoull (f[2], NULL, 16);
      else if (strcmp (f[0], "seed") == 0)
        run.seed = (guint) atoi (f[1]);
      else if (strcmp (f[0], "optimizer") == 0)
        g_assert_true (entrena_optimizer_from_string (f[1], &run.optimizer));
      else if (strcmp (f[0], "momentum") == 0)
        run.momentum = g_ascii_strtod (f[1], NULL);
      else if (strcmp (f[0], "nesterov") == 0)
        run.nesterov = atoi (f[1]);
      else if (strcmp (f[0], "weight_decay") == 0)
        run.weight_decay = g_ascii_strtod (f[1], NULL);
      else if (strcmp (f[0], "lr") == 0)
        run.lr = g_ascii_strtod (f[1], NULL);
      else if (strcmp (f[0], "test_size") == 0)
        run.test_size = g_ascii_strtod (f[1], NULL);
      else if (strcmp (f[0], "test_rows") == 0)
        for (run.n_test = 0; f[run.n_test + 1] != NULL && run.n_test < G_N_ELEMENTS (run.test_rows); run.n_test++)
          run.test_rows[run.n_test] = (guint) atoi (f[run.n_test + 1]);
      else if (strcmp (f[0], "epoch") == 0)
        {
          guint e = (guint) atoi (f[1]) - 1;

          g_assert_cmpuint (e, <, G_N_ELEMENTS (run.train_loss));
          run.train_loss[e] = (float) g_ascii_strtod (f[2], NULL);
          run.test_loss[e] = (float) g_ascii_strtod (f[3], NULL);
          run.epochs = MAX (run.epochs, e + 1);
        }
      else if (strcmp (f[0], "task") == 0)
        {
          /* The training loss is held to 1e-5; the test rows' loss of a
           * small regression that overfits magnifies the float32 rounding
           * of narrow inputs (a density of 0.99672), so it gets 1e-4. */
          g_assert_true (entrena_task_from_string (f[1], &run.task));
          run.test_tolerance = MAX (run.test_tolerance, 1e-4);
        }
      else if (strcmp (f[0], "scale_target") == 0)
        run.scale_target = atoi (f[1]);
      else if (strcmp (f[0], "test_rmse") == 0)
        run.test_rmse = g_ascii_strtod (f[1], NULL);
      else if (strcmp (f[0], "test_accuracy") == 0)
        run.test_accuracy = g_ascii_strtod (f[1], NULL);
      else if (strcmp (f[0], "end") == 0)
        {
          check_golden_run (&run, table);
          runs++;
          in_run = FALSE;
        }

      if (!in_run || strcmp (f[0], "end") == 0)
        {
          g_clear_pointer (&run.name, g_free);
          g_clear_pointer (&run.layers, g_free);
          g_clear_pointer (&run.target, g_free);
          g_clear_pointer (&run.exclude, g_free);
        }
    }

  return runs;
}
