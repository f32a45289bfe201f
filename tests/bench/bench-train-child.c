/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-train"

#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"
#include "bench-train.h"
#include "entrena-adam.h"
#include "entrena-dataset.h"
#include "entrena-kernels.h"
#include "entrena-mlp-pass.h"
#include "entrena-mlp.h"
#include "entrena-split.h"
#include "entrena-training.h"

/*
 * bench-train's data and its child process: the synthetic wine-like file,
 * and the run that trains on it with Entrena and prints what it measured
 * (see bench-train.c for what is measured and why).
 */

/* ---------------------------------------------------------------------- */
/* The data                                                               */

/*
 * Writes @rows rows: float32 X[rows][11], then uint8 y[rows]. The class is
 * an ordinal "quality" from a fixed linear score plus noise, cut where the
 * wine set's classes (qualities 3..8: 6, 33, 483, 462, 143 and 16 of 1143
 * rows) fall on a normal curve, so the classes are as unbalanced as the
 * lesson's and the network has something to learn.
 */
char *
bench_train_generate_file (guint    rows,
                           GError **error)
{
  /* Normal quantiles of the cumulative class shares, scaled by the
   * deviation of the score (sqrt (1 + 0.5²)). */
  static const double cuts[N_CLASSES - 1] = {
    -2.558 * 1.118, -1.824 * 1.118, -0.109 * 1.118, 1.084 * 1.118, 2.197 * 1.118,
  };
  g_autofree char *path = NULL;
  g_autofree guint8 *y = g_new (guint8, rows);
  double teacher[N_FEATURES];
  double norm = 0;
  guint64 state = 0x3a1e5eedu;
  FILE *out;
  int fd;

  for (guint j = 0; j < N_FEATURES; j++)
    {
      teacher[j] = bench_rng_normal (&state);
      norm += teacher[j] * teacher[j];
    }
  norm = sqrt (norm);

  fd = g_file_open_tmp ("bench-train-XXXXXX.bin", &path, error);
  if (fd < 0)
    return NULL;

  out = fdopen (fd, "wb");
  if (out == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  setvbuf (out, NULL, _IOFBF, 1 << 20);

  for (guint i = 0; i < rows; i++)
    {
      float x[N_FEATURES];
      double score = 0;
      guint8 label = 0;

      for (guint j = 0; j < N_FEATURES; j++)
        {
          x[j] = (float) bench_rng_normal (&state);
          score += teacher[j] / norm * x[j];
        }
      score += 0.5 * bench_rng_normal (&state);
      while (label < N_CLASSES - 1 && score > cuts[label])
        label++;
      y[i] = label;
      fwrite (x, sizeof (float), N_FEATURES, out);
    }
  fwrite (y, 1, rows, out);

  if (ferror (out) | (fclose (out) != 0))
    {
      int saved_errno = errno;

      g_unlink (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&path);
}

/* ---------------------------------------------------------------------- */
/* The child that trains with Entrena                                     */

static long
resident_kib (void)
{
  long kib = bench_proc_status_kib ("VmRSS:");

  return kib >= 0 ? kib : bench_self_maxrss_kib ();
}

/* The file as an EntrenaDataset, read straight into its aligned X. */
static EntrenaDataset *
load_dataset (const char  *path,
              guint        rows,
              GError     **error)
{
  g_autoptr (EntrenaDataset) dataset = g_new0 (EntrenaDataset, 1);
  gsize n_x = (gsize) rows * N_FEATURES;
  FILE *in;
  gboolean ok;

  dataset->n_rows = rows;
  dataset->n_features = N_FEATURES;
  dataset->n_classes = N_CLASSES;
  dataset->X = g_aligned_alloc (n_x, sizeof (float), 64);
  dataset->y = g_new (guint8, rows);

  in = g_fopen (path, "rb");
  if (in == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  ok = fread (dataset->X, sizeof (float), n_x, in) == n_x &&
       fread (dataset->y, 1, rows, in) == rows &&
       fgetc (in) == EOF;
  fclose (in);
  if (!ok)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s: not %u rows of %d features and a class", path, rows, N_FEATURES);
      return NULL;
    }

  return g_steal_pointer (&dataset);
}

/*
 * The engine's epoch piece by piece, with its own functions and buffers of
 * the same sizes (entrena-training.c's run_epoch() and the evaluation after
 * it), on a network of its own so that the EntrenaTraining stays untouched.
 */
typedef struct
{
  double grad;   /* forward, cross-entropy, backward */
  double adam;   /* the copy of the weights before the step, and the step */
  double eval;   /* test loss and accuracy */
} Pieces;

static void
time_pieces (const EntrenaTraining        *training,
             const BenchTrainChildOptions *options,
             int                           warmup,
             int                           repeats,
             Pieces                       *out)
{
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_copy (training->initial);
  g_autoptr (EntrenaAdam) adam = entrena_adam_new (mlp->n_params, training->settings.learning_rate);
  g_autofree double *grad_times = g_new (double, repeats);
  g_autofree double *adam_times = g_new (double, repeats);
  g_autofree double *eval_times = g_new (double, repeats);
  float *grads = g_aligned_alloc0 (mlp->n_params, sizeof (float), 64);
  float *previous = g_aligned_alloc0 (mlp->n_params, sizeof (float), 64);
  EntrenaMlpWorkspace *ws;
  gsize chunk;

  /* The engine's chunk: at most 1024 rows (CHUNK_ROWS), fewer if the data
   * is smaller; or the one asked for, to see what another would give. */
  chunk = options->chunk > 0 ? (gsize) options->chunk : 1024;
  chunk = MIN (chunk, MAX (training->n_train, MAX (training->n_test, 1)));
  ws = entrena_mlp_workspace_new (mlp, chunk);

  for (int r = -warmup; r < repeats; r++)
    {
      double grad = 0, step = 0, eval = 0;
      int epochs = r < 0 ? 1 : options->batch;

      for (int e = 0; e < epochs; e++)
        {
          double t0, t1, t2, t3;
          gsize correct;

          t0 = bench_now ();
          /* The rows as the engine reads them: its copies, or for large
           * data the dataset's own rows gathered a chunk at a time. */
          entrena_mlp_loss_grad_rows (mlp, ws, &training->train_rows, training->y_train, NULL,
                                      training->n_train, grads, NULL);
          t1 = bench_now ();
          memcpy (previous, mlp->params, mlp->n_params * sizeof (float));
          entrena_adam_step (adam, mlp->params, grads);
          t2 = bench_now ();
          if (training->n_test > 0)
            entrena_mlp_evaluate_rows (mlp, ws, &training->test_rows, training->y_test, NULL,
                                       training->n_test, &correct, NULL, NULL);
          t3 = bench_now ();

          grad += t1 - t0;
          step += t2 - t1;
          eval += t3 - t2;
        }

      if (r >= 0)
        {
          grad_times[r] = grad / epochs;
          adam_times[r] = step / epochs;
          eval_times[r] = eval / epochs;
        }
    }

  out->grad = bench_median (grad_times, repeats);
  out->adam = bench_median (adam_times, repeats);
  out->eval = bench_median (eval_times, repeats);

  entrena_mlp_workspace_free (ws);
  g_aligned_free (grads);
  g_aligned_free (previous);
}

/* The child: trains on the file at @path as @options say and prints what it
 * measured as "key=value" lines. Returns the exit status. */
int
bench_train_run_child (const char                   *path,
                       const BenchTrainChildOptions *options)
{
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (EntrenaTraining) training = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree double *epoch_times = NULL;
  g_autofree double *cpu_times = NULL;
  EntrenaTrainingSettings config;
  Pieces pieces;
  float first_loss = NAN;
  long runtime_kib, data_kib, hwm_kib;
  int warmup_runs;
  int repeats = options->repeats;

  runtime_kib = resident_kib ();

  if (options->rows <= 0 || options->threads <= 0 || options->warmup < 0 ||
      options->batch <= 0 || options->repeats <= 0)
    {
      g_printerr ("child: bad options\n");
      return 2;
    }

  if (options->path != NULL && !entrena_kernels_set_impl (options->path))
    {
      g_printerr ("child: no kernel path “%s” on this CPU\n", options->path);
      return 2;
    }
  entrena_kernels_set_threads ((unsigned) options->threads);

  dataset = load_dataset (path, (guint) options->rows, &error);
  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  split = entrena_split_new (dataset->n_rows, TEST_SIZE, SEED, NULL, 0, &error);
  if (split == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  data_kib = resident_kib ();

  bench_train_settings_init (&config, (guint) options->batch);

  training = entrena_training_new (dataset, split, &config, NULL, &error);
  if (training == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Whole epochs as the engine runs them: each run is one timed batch; the
   * weights and Adam's state carry on from one run to the next. A slow
   * path (the scalar reference) makes fewer batches, at least one, so that
   * the whole program stays within a few minutes. */
  epoch_times = g_new (double, repeats);
  cpu_times = g_new (double, repeats);
  warmup_runs = MAX (1, (options->warmup + options->batch - 1) / options->batch);
  for (int r = -warmup_runs; r < (options->chunk > 0 ? 0 : repeats); r++)
    {
      double seconds_before = training->train_seconds;
      double cpu_before = bench_process_cpu_seconds ();

      /* After the first batch, each one goes on for a batch more epochs. */
      if ((r > -warmup_runs && !entrena_training_extend (training, (guint) options->batch, &error))
          || !entrena_training_run (training, NULL, NULL, NULL, NULL, &error))
        {
          g_printerr ("training: %s\n", error->message);
          return 1;
        }
      if (isnan (first_loss))
        first_loss = training->train_loss[0];
      if (r == -1 && options->budget > 0)
        repeats = CLAMP ((int) (options->budget / (training->train_seconds - seconds_before)), 1, repeats);
      if (r >= 0)
        {
          epoch_times[r] = (training->train_seconds - seconds_before) / options->batch;
          cpu_times[r] = (bench_process_cpu_seconds () - cpu_before) / options->batch;
        }
    }

  /* The peak of the engine alone, before the pieces add their buffers. */
  hwm_kib = bench_proc_status_kib ("VmHWM:");

  /* The pieces: warm again only where epochs are short (the process and
   * its data are warm already). */
  time_pieces (training, options, options->batch > 1 ? options->warmup : 0, repeats, &pieces);

  printf ("version=entrena %s\n", PACKAGE_VERSION);
  printf ("path=%s\n", entrena_kernels_get_impl_name ());
  printf ("threads=%u\n", entrena_kernels_get_threads ());
  printf ("rows=%u\n", dataset->n_rows);
  printf ("n_train=%u\n", split->n_train);
  printf ("n_test=%u\n", split->n_test);
  printf ("grad_seconds=%.9f\n", pieces.grad);
  printf ("adam_seconds=%.9f\n", pieces.adam);
  printf ("step_seconds=%.9f\n", pieces.grad + pieces.adam);
  printf ("eval_seconds=%.9f\n", pieces.eval);
  printf ("sum_seconds=%.9f\n", pieces.grad + pieces.adam + pieces.eval);
  printf ("repeats=%d\n", repeats);
  if (options->chunk > 0)
    {
      /* A chunk the engine does not use: only the pieces were timed. */
      printf ("chunk=%d\n", options->chunk);
      printf ("seconds=%.9f\n", pieces.grad + pieces.adam + pieces.eval);
    }
  else
    {
      printf ("seconds=%.9f\n", bench_median (epoch_times, repeats));
      printf ("min_seconds=%.9f\n", epoch_times[0]);   /* median() sorted them */
      printf ("cpu_seconds=%.9f\n", bench_median (cpu_times, repeats));
    }
  printf ("first_loss=%.9g\n", first_loss);
  printf ("runtime_kib=%ld\n", runtime_kib);
  printf ("data_kib=%ld\n", data_kib);
  printf ("hwm_kib=%ld\n", hwm_kib);
  printf ("maxrss_kib=%ld\n", bench_self_maxrss_kib ());

  return 0;
}
