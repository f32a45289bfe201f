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
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-common.h"
#include "bench-peak.h"
#include "bench-train.h"
#include "entrena-kernels.h"

/*
 * Seconds per epoch of full-batch training, next to PyTorch running the
 * lesson's loop on the same rows, against two sets of targets (see
 * print_targets()): parity, Entrena on one thread no slower than PyTorch;
 * speed, a quarter of PyTorch's time at the lesson's size, a fifth of it and
 * under a third of its peak memory at the large size on two threads.
 *
 * Two sizes: the lesson's (1143 rows of 11 wine measurements, 914 to train
 * and 229 to test, 6 quality classes) and 1,000,000 rows (800,000 + 200,000),
 * both through an 11-64-32-6 network with ReLU, cross-entropy and Adam
 * (lr 0.01), seed 42, split as train_test_split (test_size=0.2,
 * random_state=42) splits. The data is synthetic and fixed (a seeded
 * generator shaped like the wine data: 11 roughly normal features and an
 * ordinal class with the wine set's proportions); the time of an epoch does
 * not depend on the values.
 *
 * Every configuration runs in a child process of its own (fork, exec, wait4,
 * as bench-import does), so each one's peak resident size (VmHWM, which
 * starts afresh at exec) is its own: Entrena on every kernel path the CPU has
 * on one thread and the dispatcher's path on two, then PyTorch
 * (bench-train-torch.py, when /usr/bin/python3 can import torch) on one and
 * two threads, with the environment as it is and, when OPENBLAS_CORETYPE or
 * OPENBLAS_L2_SIZE is set, once more without them.
 *
 * Each Entrena child measures:
 *   - the whole epoch as entrena_training_run() runs it: the full-batch step
 *     (forward, cross-entropy, backward, Adam) and the test loss and
 *     accuracy after it, timed by the engine itself (train_seconds);
 *   - the same work piece by piece with the engine's own functions: the
 *     forward/cross-entropy/backward pass (entrena_mlp_loss_grad), the Adam
 *     step (with the engine's copy of the weights before it) and the test
 *     evaluation (entrena_mlp_evaluate).
 * Tiny epochs are timed in batches of 100; the median batch counts. A slow
 * path (the scalar reference) makes fewer batches (--budget), so that the
 * default run stays within about three minutes on two cores.
 *
 * The parent also measures how busy other processes kept the CPUs during
 * each run (/proc/stat against the child's own CPU time): on a shared
 * machine two threads cannot be timed while something else holds a core.
 * --wait-quiet waits for the CPUs to go idle before each run.
 *
 *   bench-train [--quick] [--rows N] [--epochs N] [--path NAME]... [--no-torch]
 *               [--wait-quiet S] [--retry-busy N] [--budget S] [--chunk-sweep 1024,...]
 *               [--strict] [--python PATH] [--torch-script PATH] [--keep]
 */

#ifndef BENCH_TORCH_SCRIPT
# define BENCH_TORCH_SCRIPT "bench-train-torch.py"
#endif

#define LESSON_ROWS  1143     /* WineQT.csv: 914 + 229 */
#define DEFAULT_ROWS 1000000
#define QUICK_ROWS   100000
#define MIB          (1024.0 * 1024.0)
#define MAX_CONFIGS  16

static int        opt_rows = 0;
static int        opt_epochs = 0;
static gboolean   opt_quick = FALSE;
static gboolean   opt_no_torch = FALSE;
static gboolean   opt_strict = FALSE;
static gboolean   opt_keep = FALSE;
static double     opt_wait_quiet = 0;
static int        opt_retry_busy = 0;
static double     opt_budget = 0;
static char      *opt_chunks = NULL;
static char     **opt_paths = NULL;
static char      *opt_python = NULL;
static char      *opt_script = NULL;

/* The child's options. */
static char                  *opt_child = NULL;
static BenchTrainChildOptions child = {
  .threads = 1,
  .warmup = 1,
  .batch = 1,
  .repeats = 3,
};

static GOptionEntry entries[] = {
  { "quick", 'q', 0, G_OPTION_ARG_NONE, &opt_quick, "Smaller: 100,000 rows for the large size, fewer repeats", NULL },
  { "rows", 'n', 0, G_OPTION_ARG_INT, &opt_rows, "Rows of the large size (default 1000000)", "N" },
  { "epochs", 'e', 0, G_OPTION_ARG_INT, &opt_epochs, "Timed epochs at the large size (default 5)", "N" },
  { "path", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &opt_paths, "Only this kernel path (repeatable; default: all the CPU has)", "NAME" },
  { "no-torch", 0, 0, G_OPTION_ARG_NONE, &opt_no_torch, "Do not run PyTorch", NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict, "Exit with 1 when a target is missed", NULL },
  { "wait-quiet", 'w', 0, G_OPTION_ARG_DOUBLE, &opt_wait_quiet, "Before each run, wait up to S seconds for other processes to leave the CPUs idle", "S" },
  { "retry-busy", 0, 0, G_OPTION_ARG_INT, &opt_retry_busy, "Run a configuration again, up to N times, while other processes keep the CPUs busy", "N" },
  { "budget", 0, 0, G_OPTION_ARG_DOUBLE, &opt_budget, "Seconds of timed epochs per run before fewer repeats are made (default 4, 1 with --quick)", "S" },
  { "chunk-sweep", 0, 0, G_OPTION_ARG_STRING, &opt_chunks, "Also time the epoch's pieces at the large size with these rows per chunk (e.g. 512,1024,4096; the engine uses 1024)", "LIST" },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the generated data files", NULL },
  { "python", 0, 0, G_OPTION_ARG_FILENAME, &opt_python, "Python interpreter (default /usr/bin/python3)", "PATH" },
  { "torch-script", 0, 0, G_OPTION_ARG_FILENAME, &opt_script, "bench-train-torch.py", "PATH" },
  { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_child, NULL, NULL },
  { "child-rows", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child.rows, NULL, NULL },
  { "child-path", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child.path, NULL, NULL },
  { "child-threads", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child.threads, NULL, NULL },
  { "child-warmup", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child.warmup, NULL, NULL },
  { "child-batch", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child.batch, NULL, NULL },
  { "child-repeats", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child.repeats, NULL, NULL },
  { "child-budget", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &child.budget, NULL, NULL },
  { "child-chunk", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &child.chunk, NULL, NULL },
  { NULL }
};

/* The environment variables that decide how PyTorch and its BLAS run. */
static const char *const shown_env[] = {
  "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
  "MKL_NUM_THREADS", "ATEN_CPU_CAPABILITY", "ENTRENA_SIMD", "ENTRENA_THREADS", NULL
};

/* ---------------------------------------------------------------------- */
/* The parent: run children and collect what they report                  */

typedef struct
{
  gboolean ok;
  char    *label;        /* "entrena avx512", "torch 1.13.0a0" */
  char    *variant;      /* for PyTorch: which environment */
  gboolean is_torch;
  guint    threads;
  double   seconds;      /* the whole epoch, median */
  double   min_seconds;
  double   cpu_seconds;  /* the whole epoch by the process's CPU time, median */
  double   step_seconds; /* the training step alone */
  double   grad_seconds;
  double   adam_seconds;
  double   eval_seconds;
  double   sum_seconds;
  double   first_loss;
  double   peak_mib;     /* VmHWM, or ru_maxrss when there is no /proc */
  double   runtime_mib;  /* resident once the libraries are loaded */
  double   wall;
  guint    chunk;        /* rows a chunk in a chunk sweep, else 0 */
  double   others;       /* CPUs other processes kept busy meanwhile */
  int      repeats;      /* timed batches */
  guint    n_train;
  guint    n_test;
  char    *version;
  char    *pools;
} Measurement;

static void
measurement_clear (Measurement *m)
{
  g_clear_pointer (&m->label, g_free);
  g_clear_pointer (&m->variant, g_free);
  g_clear_pointer (&m->version, g_free);
  g_clear_pointer (&m->pools, g_free);
}

/* Runs the child once and reads what it reports, over what @m holds already. */
static gboolean
measure_once (char * const *argv,
              char * const *envp,
              Measurement  *m)
{
  g_autoptr (GHashTable) report = NULL;
  long hwm, runtime;
  double wall, others;

  if (opt_wait_quiet > 0)
    bench_wait_quiet (opt_wait_quiet);
  report = bench_run_child (argv, envp, &hwm, &wall, &others);
  if (report == NULL)
    return FALSE;

  runtime = (long) bench_report_int (report, "runtime_kib", -1);
  m->seconds = bench_report_double (report, "seconds", NAN);
  m->min_seconds = bench_report_double (report, "min_seconds", NAN);
  m->cpu_seconds = bench_report_double (report, "cpu_seconds", NAN);
  m->step_seconds = bench_report_double (report, "step_seconds", NAN);
  m->grad_seconds = bench_report_double (report, "grad_seconds", NAN);
  m->adam_seconds = bench_report_double (report, "adam_seconds", NAN);
  m->eval_seconds = bench_report_double (report, "eval_seconds", NAN);
  m->sum_seconds = bench_report_double (report, "sum_seconds", NAN);
  m->first_loss = bench_report_double (report, "first_loss", NAN);
  m->repeats = (int) bench_report_int (report, "repeats", m->repeats);
  m->threads = (guint) bench_report_int (report, "threads", m->threads);
  m->n_train = (guint) bench_report_int (report, "n_train", m->n_train);
  m->n_test = (guint) bench_report_int (report, "n_test", m->n_test);
  bench_report_take_string (report, "version", &m->version);
  bench_report_take_string (report, "pools", &m->pools);

  m->peak_mib = hwm / 1024.0;
  m->runtime_mib = runtime > 0 ? runtime / 1024.0 : NAN;
  m->wall = wall;
  m->others = others;
  m->ok = TRUE;

  return TRUE;
}

/* Runs the child once, and again (--retry-busy times at most) while other
 * processes kept the CPUs busy; keeps the run they disturbed least. */
static gboolean
measure (char * const *argv,
         char * const *envp,
         Measurement  *m)
{
  if (!measure_once (argv, envp, m))
    return FALSE;

  for (int attempt = 0; attempt < opt_retry_busy && !(m->others < BENCH_BUSY_LOAD); attempt++)
    {
      Measurement again = { 0 };

      printf ("busy (%.2f CPUs), again ... ", m->others);
      fflush (stdout);
      if (!measure_once (argv, envp, &again))
        {
          measurement_clear (&again);
          break;
        }
      if (again.others < m->others)
        {
          measurement_clear (m);
          *m = again;
        }
      else
        measurement_clear (&again);
    }

  return TRUE;
}

/* Multiply-adds of one pass over @rows rows: forward, the weight gradient of
 * every layer and the input gradient of every layer but the first. */
static double
flops_per_epoch (guint n_train,
                 guint n_test)
{
  guint sizes[] = { N_FEATURES, HIDDEN_1, HIDDEN_2, N_CLASSES };
  double layer_macs = 0, input_grad_macs = 0;

  for (guint l = 0; l + 1 < G_N_ELEMENTS (sizes); l++)
    {
      layer_macs += (double) sizes[l] * sizes[l + 1];
      if (l > 0)
        input_grad_macs += (double) sizes[l] * sizes[l + 1];
    }

  return 2.0 * ((double) n_train * (2 * layer_macs + input_grad_macs) + (double) n_test * layer_macs);
}

/* ---------------------------------------------------------------------- */
/* One size: every configuration, then the table                          */

typedef struct
{
  const char *name;         /* "lesson", "1,000,000 rows" */
  guint       rows;
  int         warmup;       /* epochs */
  int         batch;        /* epochs per timed batch */
  int         repeats;      /* timed batches */
  Measurement entrena[MAX_CONFIGS];
  guint       n_entrena;
  Measurement torch[MAX_CONFIGS];
  guint       n_torch;
  const guint *chunks;          /* 0-terminated, or NULL: the chunk sweep */
  Measurement sweep[2 * MAX_CONFIGS];
  guint       n_sweep;
  double      torch_best[3];    /* [threads]: the faster PyTorch variant's epoch */
  double      torch_peak[3];    /* [threads]: its peak MiB */
} Size;

typedef struct
{
  char         *self;
  const char   *python;
  const char   *script;
  gboolean      with_torch;
  const char   *paths[8];
  guint         n_paths;
  const char   *best_path;
  gboolean      env_has_coretype;
  double        budget;
  double        peak[8][3];   /* [path][threads]: GFLOP/s of the path's FMA loop */
} Plan;

/* The FMA peak of every path on one thread, and of the dispatched path on
 * two, measured before and after the runs: the better of the two counts (a
 * neighbour that took a core for a moment lowers one of them). */
static void
measure_peaks (Plan *plan)
{
  for (guint i = 0; i < plan->n_paths; i++)
    {
      plan->peak[i][1] = MAX (plan->peak[i][1], bench_peak_gflops (plan->paths[i], 1));
      if (g_str_equal (plan->paths[i], plan->best_path))
        plan->peak[i][2] = MAX (plan->peak[i][2], bench_peak_gflops (plan->paths[i], 2));
    }
}

/* The peak an Entrena measurement is held against: its path's on its
 * threads; PyTorch's, the dispatched path's (the best the CPU does). */
static double
peak_for (const Plan        *plan,
          const Measurement *m)
{
  const char *path = m->is_torch ? plan->best_path : m->label + strlen ("entrena ");

  if (m->threads == 0 || m->threads > 2)
    return 0;
  for (guint i = 0; i < plan->n_paths; i++)
    if (g_str_equal (plan->paths[i], path))
      return plan->peak[i][m->threads];
  return 0;
}

static void
run_entrena (const Plan  *plan,
             Size        *size,
             const char  *data,
             const char  *path,
             guint        threads,
             guint        chunk,
             Measurement *m)
{
  g_autofree char *chunk_arg = g_strdup_printf ("--child-chunk=%u", chunk);
  g_autofree char *rows = g_strdup_printf ("--child-rows=%u", size->rows);
  g_autofree char *path_arg = g_strdup_printf ("--child-path=%s", path);
  g_autofree char *threads_arg = g_strdup_printf ("--child-threads=%u", threads);
  g_autofree char *warmup = g_strdup_printf ("--child-warmup=%d", size->warmup);
  g_autofree char *batch = g_strdup_printf ("--child-batch=%d", size->batch);
  g_autofree char *repeats = g_strdup_printf ("--child-repeats=%d", size->repeats);
  g_autofree char *budget = g_strdup_printf ("--child-budget=%g", plan->budget);
  char *argv[] = {
    plan->self, (char *) "--child", (char *) data, rows, path_arg, threads_arg,
    warmup, batch, repeats, budget, chunk_arg, NULL
  };

  if (chunk > 0)
    printf ("  entrena %-7s %u thread%s, %6u rows a chunk (pieces only) ... ", path, threads,
            threads > 1 ? "s" : " ", chunk);
  else
    printf ("  entrena %-7s %u thread%s ... ", path, threads, threads > 1 ? "s" : " ");
  fflush (stdout);
  memset (m, 0, sizeof *m);
  if (!measure (argv, NULL, m))
    {
      printf ("failed\n");
      measurement_clear (m);
      return;
    }
  m->label = g_strdup_printf ("entrena %s", path);
  m->chunk = chunk;
  printf ("%9.3f ms/epoch, peak %7.1f MiB  (%.1f s%s)\n", 1e3 * m->seconds, m->peak_mib, m->wall,
          m->others >= BENCH_BUSY_LOAD ? ", MACHINE BUSY" : "");
  m->ok = TRUE;
}

static void
run_torch (const Plan *plan,
           Size       *size,
           const char *data,
           guint       threads,
           gboolean    unset_coretype)
{
  g_autofree char *rows = g_strdup_printf ("--rows=%u", size->rows);
  g_autofree char *threads_arg = g_strdup_printf ("--threads=%u", threads);
  g_autofree char *warmup = g_strdup_printf ("--warmup=%d", size->warmup);
  g_autofree char *batch = g_strdup_printf ("--batch=%d", size->batch);
  g_autofree char *repeats = g_strdup_printf ("--repeats=%d", size->repeats);
  g_autofree char *budget = g_strdup_printf ("--budget=%g", plan->budget);
  g_autofree char *data_arg = g_strdup_printf ("--data=%s", data);
  g_autofree char *count = g_strdup_printf ("%u", threads);
  char *argv[] = {
    (char *) plan->python, (char *) plan->script, data_arg, rows, threads_arg,
    warmup, batch, repeats, budget, NULL
  };
  g_auto (GStrv) envp = g_get_environ ();
  Measurement *m = &size->torch[size->n_torch];

  envp = g_environ_setenv (envp, "OMP_NUM_THREADS", count, TRUE);
  envp = g_environ_setenv (envp, "OPENBLAS_NUM_THREADS", count, TRUE);
  envp = g_environ_setenv (envp, "MKL_NUM_THREADS", count, TRUE);
  if (unset_coretype)
    {
      envp = g_environ_unsetenv (envp, "OPENBLAS_CORETYPE");
      envp = g_environ_unsetenv (envp, "OPENBLAS_L2_SIZE");
    }

  printf ("  pytorch %-7s %u thread%s ... ", unset_coretype ? "no-core" : "env", threads,
          threads > 1 ? "s" : " ");
  fflush (stdout);
  memset (m, 0, sizeof *m);
  if (!measure (argv, envp, m))
    {
      printf ("failed\n");
      measurement_clear (m);
      return;
    }
  m->is_torch = TRUE;
  m->label = g_strdup_printf ("pytorch %s", m->version != NULL && g_str_has_prefix (m->version, "torch ")
                                            ? m->version + 6 : "?");
  m->variant = g_strdup (unset_coretype ? "CORETYPE/L2 unset" : "env as-is");
  printf ("%9.3f ms/epoch, peak %7.1f MiB  (%.1f s%s) [%s]\n", 1e3 * m->seconds, m->peak_mib,
          m->wall, m->others >= BENCH_BUSY_LOAD ? ", MACHINE BUSY" : "", m->pools != NULL ? m->pools : "");
  if (threads < G_N_ELEMENTS (size->torch_best) &&
      (!(size->torch_best[threads] > 0) || m->seconds < size->torch_best[threads]))
    {
      size->torch_best[threads] = m->seconds;
      size->torch_peak[threads] = m->peak_mib;
    }
  size->n_torch++;
}

static void
run_size (const Plan *plan,
          Size       *size)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  double start = bench_now ();

  printf ("\n%s: generating %u rows ... ", size->name, size->rows);
  fflush (stdout);
  data = bench_train_generate_file (size->rows, &error);
  if (data == NULL)
    {
      printf ("\n%s\n", error->message);
      return;
    }
  printf ("%.1f s; timing %s%d epoch%s after %d of warm-up\n", bench_now () - start,
          size->batch > 1 ? "batches of " : "", size->batch > 1 ? size->batch : size->repeats,
          size->batch > 1 || size->repeats > 1 ? "s" : "",
          size->warmup);
  if (size->batch > 1)
    printf ("  (median of %d batches)\n", size->repeats);

  for (guint i = 0; i <= plan->n_paths; i++)
    {
      Measurement *m = &size->entrena[size->n_entrena];

      /* Every path on one thread, then the dispatcher's on two. */
      run_entrena (plan, size, data, i < plan->n_paths ? plan->paths[i] : plan->best_path,
                   i < plan->n_paths ? 1 : 2, 0, m);
      if (m->ok)
        size->n_entrena++;
    }

  for (guint i = 0; size->chunks != NULL && size->chunks[i] != 0; i++)
    for (guint threads = 1; threads <= 2 && size->n_sweep < G_N_ELEMENTS (size->sweep); threads++)
      {
        Measurement *m = &size->sweep[size->n_sweep];

        run_entrena (plan, size, data, plan->best_path, threads, size->chunks[i], m);
        if (m->ok)
          size->n_sweep++;
      }

  if (plan->with_torch)
    for (guint threads = 1; threads <= 2; threads++)
      {
        run_torch (plan, size, data, threads, FALSE);
        if (plan->env_has_coretype)
          run_torch (plan, size, data, threads, TRUE);
      }

  if (opt_keep)
    printf ("  kept %s\n", data);
  else
    g_unlink (data);
}

static void
print_row (const Plan        *plan,
           const Size        *size,
           const Measurement *m,
           double             flops)
{
  double torch = m->threads < G_N_ELEMENTS (size->torch_best) ? size->torch_best[m->threads] : 0;
  double peak = peak_for (plan, m);
  g_autofree char *name = m->is_torch ? g_strdup_printf ("%s %s", m->label, m->variant)
                                      : g_strdup (m->label);

  printf ("  %-34s %3u %10.3f %10.3f %10.3f %7.1f", name, m->threads,
          1e3 * m->step_seconds, 1e3 * m->eval_seconds, 1e3 * m->seconds,
          flops / m->seconds * 1e-9);
  if (peak > 0)
    printf (" %5.1f%%", 100.0 * flops / m->seconds * 1e-9 / peak);
  else
    printf (" %6s", "");
  if (!m->is_torch && torch > 0)
    printf (" %8.2fx", torch / m->seconds);
  else
    printf (" %9s", "");
  printf (" %9.1f %9.1f", m->peak_mib, m->peak_mib - m->runtime_mib);
  if (!m->is_torch && torch > 0)
    printf (" %7.2fx", size->torch_peak[m->threads] / m->peak_mib);
  else
    printf (" %8s", "");
  printf (" %6.2f %3d\n", m->others, m->repeats);
}

static void
print_size (const Plan *plan,
            const Size *size)
{
  const Measurement *any = size->n_entrena > 0 ? &size->entrena[0] : size->n_torch > 0 ? &size->torch[0] : NULL;
  double flops;

  if (any == NULL)
    return;

  flops = flops_per_epoch (any->n_train, any->n_test);
  printf ("\n%s: %u train + %u test rows, %u-%u-%u-%u, full batch, Adam lr 0.01, %.2f GFLOP/epoch\n",
          size->name, any->n_train, any->n_test, N_FEATURES, HIDDEN_1, HIDDEN_2,
          N_CLASSES, flops * 1e-9);
  printf ("  %-34s %3s %10s %10s %10s %7s %6s %9s %9s %9s %8s %6s %3s\n", "", "thr", "step ms", "eval ms",
          "epoch ms", "GFLOP/s", "of pk", "torch/this", "peak MiB", "data MiB", "mem x", "others", "n");
  for (guint i = 0; i < size->n_entrena; i++)
    print_row (plan, size, &size->entrena[i], flops);
  for (guint i = 0; i < size->n_torch; i++)
    print_row (plan, size, &size->torch[i], flops);

  printf ("  Entrena's epoch piece by piece (forward+cross-entropy+backward | Adam | test evaluation):\n");
  for (guint i = 0; i < size->n_entrena; i++)
    {
      const Measurement *m = &size->entrena[i];

      printf ("    %-14s %u thr %10.3f | %7.3f | %8.3f ms = %9.3f ms  (EntrenaTraining: %.3f ms)\n",
              m->label, m->threads, 1e3 * m->grad_seconds, 1e3 * m->adam_seconds,
              1e3 * m->eval_seconds, 1e3 * m->sum_seconds, 1e3 * m->seconds);
    }

  /* On one thread the process's CPU time is the epoch's own, whatever else
   * ran on the machine: the share of the peak a busy machine still shows
   * (with two, it would count the pool's threads waiting too). */
  printf ("  By CPU time (one thread; the peak is timed the same way):\n");
  for (guint i = 0; i < size->n_entrena; i++)
    {
      const Measurement *m = &size->entrena[i];
      double peak = peak_for (plan, m);

      if (m->threads != 1 || !(m->cpu_seconds > 0))
        continue;
      printf ("    %-14s 1 thr %10.3f ms/epoch %7.1f GFLOP/s", m->label, 1e3 * m->cpu_seconds,
              flops / m->cpu_seconds * 1e-9);
      if (peak > 0)
        printf (" %5.1f%% of the 1-core peak", 100.0 * flops / m->cpu_seconds * 1e-9 / peak);
      printf ("\n");
    }

  if (size->n_sweep > 0)
    {
      printf ("  Rows per chunk (the engine's pieces with another workspace; the engine uses 1024):\n");
      for (guint i = 0; i < size->n_sweep; i++)
        {
          const Measurement *m = &size->sweep[i];

          printf ("    %6u rows %-14s %u thr %10.3f | %7.3f | %8.3f ms = %9.3f ms  (others %.2f)\n",
                  m->chunk, m->label, m->threads, 1e3 * m->grad_seconds, 1e3 * m->adam_seconds,
                  1e3 * m->eval_seconds, 1e3 * m->sum_seconds, m->others);
        }
    }

  if (size->n_entrena > 0 && size->n_torch > 0)
    printf ("  First epoch's training loss: entrena %.7f, pytorch %.7f (same rows, split and seed)\n",
            size->entrena[0].first_loss, size->torch[0].first_loss);
}

static const Measurement *
find_entrena (const Size *size,
              const char *path,
              guint       threads)
{
  g_autofree char *label = g_strdup_printf ("entrena %s", path);

  for (guint i = 0; i < size->n_entrena; i++)
    if (size->entrena[i].threads == threads && g_str_equal (size->entrena[i].label, label))
      return &size->entrena[i];
  return NULL;
}

/* Prints one target; returns FALSE when it was measured and missed. */
static gboolean
print_target (const char *kind,
              const char *what,
              double      ratio,
              double      goal,
              const char *unit)
{
  if (!(ratio > 0))
    {
      printf ("  %-8s %-52s %9s  (goal ≥ %.2gx %s): not measured\n", kind, what, "-", goal, unit);
      return TRUE;
    }
  printf ("  %-8s %-52s %8.2fx  (goal ≥ %.2gx %s): %s\n", kind, what, ratio, goal, unit,
          ratio >= goal ? "MET" : "MISSED");
  return ratio >= goal;
}

/* Prints a target on a share of the FMA peak; returns FALSE when it was
 * measured and missed. */
static gboolean
print_share_target (const char        *what,
                    const Plan        *plan,
                    const Measurement *m,
                    double             goal)
{
  double share = 0;

  if (m != NULL && peak_for (plan, m) > 0)
    share = flops_per_epoch (m->n_train, m->n_test) / m->seconds * 1e-9 / peak_for (plan, m);
  if (!(share > 0))
    {
      printf ("  %-8s %-52s %9s  (goal ≥ %.0f%% of peak): not measured\n", "peak", what, "-", 100 * goal);
      return TRUE;
    }
  printf ("  %-8s %-52s %8.1f%%  (goal ≥ %.0f%% of peak): %s\n", "peak", what, 100 * share, 100 * goal,
          share >= goal ? "MET" : "MISSED");
  return share >= goal;
}

static gboolean
print_targets (const Plan *plan,
               const Size *lesson,
               const Size *large)
{
  const Measurement *l1 = find_entrena (lesson, plan->best_path, 1);
  const Measurement *l2 = find_entrena (lesson, plan->best_path, 2);
  const Measurement *b1 = find_entrena (large, plan->best_path, 1);
  const Measurement *b2 = find_entrena (large, plan->best_path, 2);
  g_autofree char *l_what = NULL, *b_what = NULL, *b2_what = NULL, *m_what = NULL;
  g_autofree char *p_what = NULL, *t_what = NULL;
  gboolean ok = TRUE;
  double r;

  printf ("\nTargets (Entrena on the dispatched path, %s; the FMA peak of this run; PyTorch: the faster environment)\n",
          plan->best_path);

  l_what = g_strdup_printf ("lesson size, 1 thread: PyTorch / Entrena time");
  b_what = g_strdup_printf ("%s rows, 1 thread: PyTorch / Entrena time", large->name);
  b2_what = g_strdup_printf ("%s rows, 2 threads: PyTorch / Entrena time", large->name);
  m_what = g_strdup_printf ("%s rows, 2 threads: PyTorch / Entrena peak memory", large->name);

  ok &= print_share_target ("lesson size, 1 thread: share of the 1-core peak", plan, l1, 0.75);
  p_what = g_strdup_printf ("%s rows, 2 threads: share of the 2-core peak", large->name);
  ok &= print_share_target (p_what, plan, b2, 0.70);
  r = l1 != NULL && l2 != NULL ? l1->seconds / l2->seconds : 0;
  ok &= print_target ("threads", "lesson size: 1-thread / 2-thread time", r, 1, "2 not slower");
  t_what = g_strdup_printf ("%s rows: 1-thread / 2-thread time", large->name);
  r = b1 != NULL && b2 != NULL ? b1->seconds / b2->seconds : 0;
  ok &= print_target ("threads", t_what, r, 1, "2 not slower");

  r = l1 != NULL && lesson->torch_best[1] > 0 ? lesson->torch_best[1] / l1->seconds : 0;
  ok &= print_target ("parity", l_what, r, 1, "not slower");
  r = b1 != NULL && large->torch_best[1] > 0 ? large->torch_best[1] / b1->seconds : 0;
  ok &= print_target ("parity", b_what, r, 1, "not slower");
  r = l1 != NULL && lesson->torch_best[1] > 0 ? lesson->torch_best[1] / l1->seconds : 0;
  ok &= print_target ("speed", l_what, r, 4, "time ≤ 1/4");
  r = b2 != NULL && large->torch_best[2] > 0 ? large->torch_best[2] / b2->seconds : 0;
  ok &= print_target ("speed", b2_what, r, 5, "time ≤ 1/5");
  r = b2 != NULL && large->torch_peak[2] > 0 ? large->torch_peak[2] / b2->peak_mib : 0;
  ok &= print_target ("speed", m_what, r, 3, "memory < 1/3");

  if (large->rows != DEFAULT_ROWS)
    printf ("  (the large size is %u rows, not 1,000,000: run without --quick/--rows for the targets)\n",
            large->rows);

  /* Every path on one thread against PyTorch: parity on every path, not
   * only the dispatched one. */
  for (guint i = 0; i < plan->n_paths; i++)
    {
      const Measurement *a = find_entrena (lesson, plan->paths[i], 1);
      const Measurement *b = find_entrena (large, plan->paths[i], 1);

      if (a == NULL || b == NULL || !(lesson->torch_best[1] > 0) || !(large->torch_best[1] > 0))
        continue;
      printf ("  %-8s %-7s 1 thread: PyTorch / Entrena %6.2fx (lesson), %6.2fx (%s rows)\n",
              "path", plan->paths[i], lesson->torch_best[1] / a->seconds,
              large->torch_best[1] / b->seconds, large->name);
    }

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cpu = NULL;
  g_autofree char *large_name = NULL;
  g_autofree guint *chunk_list = NULL;
  Plan plan = { 0 };
  Size lesson = { 0 };
  Size large = { 0 };
  const char *const *compiled;
  gboolean ok;

  if (!bench_parse_options (&argc, &argv, "- seconds per training epoch, next to PyTorch", entries))
    return 2;

  if (opt_child != NULL)
    return bench_train_run_child (opt_child, &child);

  if (opt_rows < 0 || opt_epochs < 0)
    {
      g_printerr ("--rows and --epochs must be positive\n");
      return 2;
    }
  if (opt_rows > 0 && opt_rows < 10)
    {
      g_printerr ("--rows must be at least 10\n");
      return 2;
    }

  plan.self = bench_find_self (argv[0]);
  if (plan.self == NULL)
    {
      g_printerr ("cannot find this program to run it again\n");
      return 2;
    }
  plan.python = opt_python != NULL ? opt_python : "/usr/bin/python3";
  plan.script = opt_script != NULL ? opt_script : BENCH_TORCH_SCRIPT;
  plan.with_torch = !opt_no_torch && g_file_test (plan.script, G_FILE_TEST_IS_REGULAR) &&
                    bench_python_can_import (plan.python, "torch");
  plan.budget = opt_budget > 0 ? opt_budget : opt_quick ? 1.0 : 4.0;
  plan.env_has_coretype = g_getenv ("OPENBLAS_CORETYPE") != NULL || g_getenv ("OPENBLAS_L2_SIZE") != NULL;

  /* Every compiled path the CPU has, worst to best, or the ones asked for. */
  compiled = entrena_kernels_list_compiled ();
  for (guint i = 0; compiled[i] != NULL && plan.n_paths < G_N_ELEMENTS (plan.paths); i++)
    {
      if (entrena_kernels_get_table (compiled[i]) == NULL)
        continue;
      if (opt_paths != NULL && !g_strv_contains ((const char * const *) opt_paths, compiled[i]))
        continue;
      plan.paths[plan.n_paths++] = compiled[i];
    }
  for (guint i = 0; opt_paths != NULL && opt_paths[i] != NULL; i++)
    if (entrena_kernels_get_table (opt_paths[i]) == NULL)
      g_printerr ("no kernel path “%s” in this build or on this CPU; skipped\n", opt_paths[i]);
  if (plan.n_paths == 0)
    {
      g_printerr ("no kernel path to run\n");
      return 2;
    }
  /* The two-thread run: the dispatcher's own choice when it is among them. */
  entrena_kernels_set_impl ("auto");
  plan.best_path = plan.paths[plan.n_paths - 1];
  for (guint i = 0; i < plan.n_paths; i++)
    if (g_str_equal (plan.paths[i], entrena_kernels_get_impl_name ()))
      plan.best_path = plan.paths[i];

  lesson.name = "lesson";
  lesson.rows = LESSON_ROWS;
  lesson.warmup = 100;
  lesson.batch = 100;
  lesson.repeats = opt_quick ? 3 : 7;

  large.rows = opt_rows > 0 ? (guint) opt_rows : opt_quick ? QUICK_ROWS : DEFAULT_ROWS;
  large.warmup = 1;
  large.batch = 1;
  large.repeats = opt_epochs > 0 ? opt_epochs : opt_quick ? 2 : 5;
  if (opt_chunks != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (opt_chunks, ",", -1);
      guint n = 0;

      chunk_list = g_new0 (guint, g_strv_length (parts) + 1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint64 v;

          if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 1 << 24, &v, NULL))
            {
              g_printerr ("--chunk-sweep: “%s” is not a row count\n", parts[i]);
              return 2;
            }
          chunk_list[n++] = (guint) v;
        }
      large.chunks = chunk_list;
    }
  large_name = bench_format_thousands (large.rows);
  large.name = large_name;

  cpu = bench_cpu_model ();
  printf ("bench-train: Entrena %s, %s, %ld CPUs online\n", PACKAGE_VERSION, cpu,
          sysconf (_SC_NPROCESSORS_ONLN));
  printf ("Kernel paths: ");
  for (guint i = 0; compiled[i] != NULL; i++)
    printf ("%s%s%s", i > 0 ? ", " : "", compiled[i],
            entrena_kernels_get_table (compiled[i]) != NULL ? "" : " (not on this CPU)");
  printf ("; dispatched: %s\n", plan.best_path);
  printf ("Environment:");
  for (guint i = 0; shown_env[i] != NULL; i++)
    printf (" %s=%s", shown_env[i], g_getenv (shown_env[i]) != NULL ? g_getenv (shown_env[i]) : "(unset)");
  printf ("\n");
  if (plan.with_torch)
    printf ("PyTorch: %s %s, pinned with torch.set_num_threads, threadpoolctl when installed and "
            "OMP/OPENBLAS/MKL_NUM_THREADS; %s\n",
            plan.python, plan.script,
            plan.env_has_coretype ? "run with the environment as it is and without OPENBLAS_CORETYPE/L2_SIZE"
                                  : "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset, so one run covers both");
  else
    printf ("PyTorch: not run (%s)\n", opt_no_torch ? "--no-torch" : "cannot import torch with the python given");

  measure_peaks (&plan);
  run_size (&plan, &lesson);
  run_size (&plan, &large);
  measure_peaks (&plan);

  printf ("\nstep = forward, cross-entropy, backward and Adam (the train step alone); eval = the test\n"
          "loss and accuracy after it; epoch = the whole epoch, bench_median (Entrena: entrena_training_run's\n"
          "own time; PyTorch: the lesson's loop, step + eval). torch/this = PyTorch's epoch (the faster\n"
          "environment, same threads) / this epoch. peak = VmHWM of the child; data = peak minus the\n"
          "resident size once the program and its libraries (for PyTorch: after import torch) are loaded.\n"
          "mem x = PyTorch's peak / this peak. others = CPUs that other processes kept busy during\n"
          "the run (above 0.1 the two-thread figures are not to be trusted). n = timed batches.\n");
  printf ("\nFMA peak of each path, measured in this run (the better of before and after the runs):");
  for (guint i = 0; i < plan.n_paths; i++)
    {
      printf ("%s %s %.1f GFLOP/s", i > 0 ? ";" : "", plan.paths[i], plan.peak[i][1]);
      if (plan.peak[i][2] > 0)
        printf (" (2 threads %.1f)", plan.peak[i][2]);
    }
  printf ("\n\"of pk\" = GFLOP/s / the peak of the row's path on its threads (PyTorch: against %s's).\n",
          plan.best_path);
  print_size (&plan, &lesson);
  print_size (&plan, &large);

  ok = print_targets (&plan, &lesson, &large);

  {
    double worst = 0;

    for (guint i = 0; i < lesson.n_entrena; i++)
      worst = MAX (worst, lesson.entrena[i].others);
    for (guint i = 0; i < lesson.n_torch; i++)
      worst = MAX (worst, lesson.torch[i].others);
    for (guint i = 0; i < large.n_entrena; i++)
      worst = MAX (worst, large.entrena[i].others);
    for (guint i = 0; i < large.n_torch; i++)
      worst = MAX (worst, large.torch[i].others);
    if (worst >= BENCH_BUSY_LOAD)
      printf ("\nWARNING: other processes kept up to %.2f CPUs busy during the runs (column \"others\");\n"
              "the figures, above all the two-thread ones, are not reliable. Run again on an idle\n"
              "machine, or with --wait-quiet 30 --retry-busy 3.\n", worst);
  }

  for (guint i = 0; i < lesson.n_entrena; i++)
    measurement_clear (&lesson.entrena[i]);
  for (guint i = 0; i < lesson.n_torch; i++)
    measurement_clear (&lesson.torch[i]);
  for (guint i = 0; i < large.n_entrena; i++)
    measurement_clear (&large.entrena[i]);
  for (guint i = 0; i < large.n_torch; i++)
    measurement_clear (&large.torch[i]);
  for (guint i = 0; i < large.n_sweep; i++)
    measurement_clear (&large.sweep[i]);
  g_free (plan.self);

  return opt_strict && !ok ? 1 : 0;
}
