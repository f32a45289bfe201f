/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-recipes"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "bench-common.h"
#include "bench-peak.h"
#include "bench-train.h"
#include "entrena-dataset.h"
#include "entrena-kernels.h"
#include "entrena-mlp.h"
#include "entrena-split.h"
#include "entrena-training.h"

/*
 * What each training recipe costs: seconds per epoch of full-batch training
 * for every activation (with Adam) and every optimizer (with ReLU), each as a
 * ratio to ReLU with Adam measured in the same run, and the share of the
 * FMA peak of the kernel path that the epoch's products reach.
 *
 * Two sizes through bench-train's network (11-64-32-6, lr 0.01, seed 42,
 * test_size 0.2): the lesson's 1143 rows (914 to train) and 200,000 rows
 * (160,000 to train). The rows are synthetic (the time of an epoch does not
 * depend on the values). Everything runs in this one process, on the
 * dispatcher's kernel path, on one thread by default. Times are the
 * process's CPU time (what other processes take of the cores does not
 * count; with more than one thread, the sum over the threads). Every recipe
 * is timed in rounds, one batch of epochs per recipe per round, and the
 * best batch counts, so a busy machine slows the recipes alike and rarely
 * all of them at the best moment. A hash of each recipe's trained weights
 * (a fixed number of epochs) tells two builds' numbers apart by a bit; run
 * both under `setarch -R` (no address randomisation) to compare them: the
 * trained weights also vary with where the buffers land in memory.
 *
 *   bench-recipes [--rounds N] [--threads N] [--rows N]
 */

typedef struct
{
  const char        *name;
  EntrenaActivation  activation;
  EntrenaOptimizer   optimizer;
  double             momentum;
} Recipe;

static const Recipe recipes[] = {
  { "relu + adam", ENTRENA_ACTIVATION_RELU, ENTRENA_OPTIMIZER_ADAM, 0 },
  { "leaky-relu + adam", ENTRENA_ACTIVATION_LEAKY_RELU, ENTRENA_OPTIMIZER_ADAM, 0 },
  { "tanh + adam", ENTRENA_ACTIVATION_TANH, ENTRENA_OPTIMIZER_ADAM, 0 },
  { "sigmoid + adam", ENTRENA_ACTIVATION_SIGMOID, ENTRENA_OPTIMIZER_ADAM, 0 },
  { "gelu + adam", ENTRENA_ACTIVATION_GELU, ENTRENA_OPTIMIZER_ADAM, 0 },
  { "relu + adamw", ENTRENA_ACTIVATION_RELU, ENTRENA_OPTIMIZER_ADAMW, 0 },
  { "relu + sgd (momentum 0.9)", ENTRENA_ACTIVATION_RELU, ENTRENA_OPTIMIZER_SGD, 0.9 },
  { "relu + rmsprop", ENTRENA_ACTIVATION_RELU, ENTRENA_OPTIMIZER_RMSPROP, 0 },
};

#define N_RECIPES G_N_ELEMENTS (recipes)

/* Rows of normal features and classes in turn. */
static EntrenaDataset *
make_dataset (guint rows)
{
  EntrenaDataset *dataset = g_new0 (EntrenaDataset, 1);
  guint64 state = SEED;

  dataset->n_rows = rows;
  dataset->n_features = N_FEATURES;
  dataset->n_classes = N_CLASSES;
  dataset->X = g_aligned_alloc ((gsize) rows * N_FEATURES, sizeof (float), 64);
  dataset->y = g_new (guint8, rows);
  for (gsize i = 0; i < (gsize) rows * N_FEATURES; i++)
    dataset->X[i] = (float) bench_rng_normal (&state);
  for (guint i = 0; i < rows; i++)
    dataset->y[i] = (guint8) (i % N_CLASSES);

  return dataset;
}

/* Multiply-adds of one epoch's products, times two: forward, the weight
 * gradient and the input gradient (none for the first layer) over the
 * training rows, and the forward pass over the test rows. */
static double
epoch_flops (const EntrenaSplit *split)
{
  const double sizes[] = { N_FEATURES, HIDDEN_1, HIDDEN_2, N_CLASSES };
  double forward = 0, backward = 0;

  for (guint l = 0; l < 3; l++)
    {
      forward += 2 * sizes[l] * sizes[l + 1];
      backward += (l == 0 ? 2 : 4) * sizes[l] * sizes[l + 1];
    }

  return (forward + backward) * split->n_train + forward * split->n_test;
}

static EntrenaTraining *
new_training (const EntrenaDataset *dataset,
              const EntrenaSplit   *split,
              const Recipe         *recipe,
              guint                 epochs)
{
  g_autoptr (GError) error = NULL;
  EntrenaTrainingSettings config;
  EntrenaTraining *training;

  bench_train_settings_init (&config, epochs);
  config.activation = recipe->activation;
  config.optimizer = recipe->optimizer;
  config.momentum = recipe->momentum;

  training = entrena_training_new (dataset, split, &config, NULL, &error);
  if (training == NULL)
    g_error ("%s: %s", recipe->name, error->message);

  return training;
}

static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return (double) now.tv_sec + (double) now.tv_nsec * 1e-9;
}

/* CPU seconds per epoch of the next @epochs epochs of @training. */
static double
time_epochs (EntrenaTraining *training,
             guint            epochs)
{
  g_autoptr (GError) error = NULL;
  double before;

  if (!entrena_training_extend (training, epochs, &error))
    g_error ("training: %s", error->message);
  before = cpu_seconds ();
  if (!entrena_training_run (training, NULL, NULL, NULL, NULL, &error))
    g_error ("training: %s", error->message);

  return (cpu_seconds () - before) / epochs;
}

/* FNV-1a over the bits of the trained weights: the same recipe on two
 * builds shows whether anything changed by a bit. */
static guint32
weights_hash (const EntrenaTraining *training)
{
  const guint8 *bytes = (const guint8 *) training->mlp->params;
  guint32 hash = 2166136261u;

  for (gsize i = 0; i < training->mlp->n_params * sizeof (float); i++)
    hash = (hash ^ bytes[i]) * 16777619u;

  return hash;
}

static void
bench_size (guint  rows,
            int    rounds,
            double peak)
{
  g_autoptr (EntrenaDataset) dataset = make_dataset (rows);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaSplit) split = entrena_split_new (rows, TEST_SIZE, SEED, NULL, 0, &error);
  EntrenaTraining *trainings[N_RECIPES];
  double best[N_RECIPES];
  double flops;
  guint epochs;

  if (split == NULL)
    g_error ("%s", error->message);
  flops = epoch_flops (split);

  /* About 50 ms of epochs per batch, at least one. */
  epochs = (guint) CLAMP (5e7 / flops * 1e2, 1, 200);
  for (guint r = 0; r < N_RECIPES; r++)
    {
      trainings[r] = new_training (dataset, split, &recipes[r], 1);
      best[r] = INFINITY;
      if (!entrena_training_run (trainings[r], NULL, NULL, NULL, NULL, &error))
        g_error ("training: %s", error->message);
    }

  for (int round = 0; round < rounds; round++)
    for (guint r = 0; r < N_RECIPES; r++)
      best[r] = MIN (best[r], time_epochs (trainings[r], epochs));

  printf ("\n%u rows (%u to train, %u to test), %u epochs a batch, best of %d batches\n",
          rows, split->n_train, split->n_test, epochs, rounds);
  printf ("  %-28s %12s %10s %12s  %s\n", "recipe", "CPU ms/epoch", "× relu+adam", "% FMA peak",
          "weights after");
  for (guint r = 0; r < N_RECIPES; r++)
    {
      printf ("  %-28s %12.4f %10.3f %12.1f  %08x\n", recipes[r].name, best[r] * 1e3, best[r] / best[0],
              peak > 0 ? 100 * flops / best[r] / (peak * 1e9) : NAN, weights_hash (trainings[r]));
      entrena_training_free (trainings[r]);
    }
}

int
main (int   argc,
      char *argv[])
{
  int rounds = 7;
  int threads = 1;
  int rows = 200000;
  const GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Batches of epochs per recipe (7)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Kernel threads (1)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows of the large size (200000)", "N" },
    { NULL },
  };
  g_autofree char *cpu = NULL;
  double peak;

  if (!bench_parse_options (&argc, &argv, "- epoch time of every training recipe", entries))
    return 2;
  if (rounds < 1 || threads < 1 || rows < 100)
    {
      g_printerr ("bench-recipes: --rounds, --threads at least 1, --rows at least 100\n");
      return 2;
    }

  entrena_kernels_init ();
  entrena_kernels_set_threads ((unsigned) threads);
  cpu = bench_cpu_model ();
  peak = bench_peak_gflops (entrena_kernels_get_impl_name (), (unsigned) threads);
  printf ("entrena %s, kernel path %s, %d thread(s), %s; FMA peak %.1f GFLOP/s\n",
          PACKAGE_VERSION, entrena_kernels_get_impl_name (), threads, cpu, peak);

  bench_size (1143, rounds, peak);
  bench_size ((guint) rows, rounds, peak);

  return 0;
}
