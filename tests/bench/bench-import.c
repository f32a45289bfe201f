/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-import"

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
#include <unistd.h>

#include "bench-common.h"
#include "entrena-csv.h"
#include "entrena-table.h"

/*
 * How long the core takes to import a large numeric CSV, and how much memory
 * it needs, next to pandas.read_csv on the same file.
 *
 * Each import runs in a child process of its own, so its peak RSS is not
 * mixed up with the generator's buffers or with an earlier run. The child
 * reports its own VmHWM (Linux), which starts afresh at exec; the parent also
 * collects ru_maxrss with wait4() as a fallback. Both children report the
 * resident size before reading too, so the cost of starting Python and
 * importing pandas can be told apart from the cost of the data.
 *
 * From file to a dataset ready to train (import, encoding, split: what a
 * user waits for) is timed too, as `entrena-cli train --epochs 1` on the same
 * file (target "quality"), its wall time less the train_seconds it reports,
 * against pandas.read_csv alone.
 *
 *   bench-import [--rows N] [--runs N] [--keep] [--cli PATH] [FILE.csv]
 */

#ifndef BENCH_PANDAS_SCRIPT
# define BENCH_PANDAS_SCRIPT "bench-import-pandas.py"
#endif

#define DEFAULT_ROWS 1000000
#define N_COLUMNS    13
#define MIB          (1024.0 * 1024.0)

typedef struct
{
  gboolean ok;
  double   seconds;       /* the import alone, timed inside the child */
  double   wall;          /* the child process from fork to exit */
  guint64  rows;
  guint    columns;
  double   peak_mib;      /* VmHWM, or ru_maxrss when there is no /proc */
  double   baseline_mib;  /* resident size just before reading */
  char    *version;
} Measurement;

static int      opt_rows = DEFAULT_ROWS;
static int      opt_runs = 3;
static gboolean opt_keep = FALSE;
static gboolean opt_strict = FALSE;
static char    *opt_python = NULL;
static char    *opt_script = NULL;
static char    *opt_child = NULL;
static char    *opt_cli = NULL;
static char    *opt_target = NULL;

static GOptionEntry entries[] = {
  { "rows", 'n', 0, G_OPTION_ARG_INT, &opt_rows, "Rows to generate (default 1000000)", "N" },
  { "runs", 'r', 0, G_OPTION_ARG_INT, &opt_runs, "Runs of each importer; the best counts (default 3)", "N" },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the generated file", NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict, "Exit with 1 when the peak memory is over the target", NULL },
  { "python", 0, 0, G_OPTION_ARG_FILENAME, &opt_python, "Python interpreter (default /usr/bin/python3)", "PATH" },
  { "pandas-script", 0, 0, G_OPTION_ARG_FILENAME, &opt_script, "bench-import-pandas.py", "PATH" },
  { "cli", 0, 0, G_OPTION_ARG_FILENAME, &opt_cli, "entrena-cli for the end-to-end time (default: the one of this build)", "PATH" },
  { "target", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_target, NULL, NULL },
  { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_child, NULL, NULL },
  { NULL }
};

/* ---------------------------------------------------------------------- */
/* Generating a wine-like file                                            */

/* An integer number of 10^-@decimals units drawn around @mean. */
static gint64
draw_units (guint64 *state,
            double   mean,
            double   sd,
            double   lo,
            double   hi,
            guint    decimals)
{
  /* CLAMP() evaluates its argument more than once: draw first. */
  double v = mean + sd * bench_rng_normal (state);

  v = CLAMP (v, lo, hi);

  for (guint i = 0; i < decimals; i++)
    v *= 10.0;

  return (gint64) llround (v);
}

/* Writes @units / 10^@decimals the way Python's repr() writes that float:
 * "7.4", "0.076", "11.0". Returns the end of the text. */
static char *
put_decimal (char   *p,
             gint64  units,
             guint   decimals)
{
  char digits[32];
  int n, int_len;

  g_assert (units >= 0);

  n = g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, units);

  if (decimals == 0)
    {
      memcpy (p, digits, n);
      return p + n;
    }

  /* Left-pad with zeros so there is at least one integer digit. */
  if (n <= (int) decimals)
    {
      int pad = (int) decimals + 1 - n;

      memmove (digits + pad, digits, n + 1);
      memset (digits, '0', pad);
      n += pad;
    }

  int_len = n - (int) decimals;
  memcpy (p, digits, int_len);
  p += int_len;
  *p++ = '.';

  /* Drop trailing zeros but keep one digit, as repr() does. */
  while (n > int_len + 1 && digits[n - 1] == '0')
    n--;
  memcpy (p, digits + int_len, n - int_len);

  return p + (n - int_len);
}

/* Writes @value as the shortest text that reads back as the same double,
 * which is what Python's repr() and so a pandas to_csv() produce. That is
 * where cells such as 0.9951200000000001 in real files come from. */
static char *
put_repr (char   *p,
          double  value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.16g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);

  len = strlen (buf);
  memcpy (p, buf, len);
  p += len;

  if (strpbrk (buf, ".e") == NULL)
    {
      *p++ = '.';
      *p++ = '0';
    }

  return p;
}

static const char *const wine_header =
  "fixed_acidity,volatile_acidity,citric_acid,residual_sugar,chlorides,"
  "free_sulfur_dioxide,total_sulfur_dioxide,density,pH,sulphates,alcohol,"
  "quality,is_red\n";

/* The 13 columns of the UCI wine quality sets (red and white together), with
 * similar ranges and the same mix of cell styles: one or three decimals,
 * whole numbers written as floats ("11.0"), float noise ("0.9951200000000001",
 * "9.566666666666666") and plain integers. */
static char *
put_wine_row (char    *p,
              guint64 *state)
{
  gboolean red = bench_rng_uniform (state) < 0.25;
  double u;

  p = put_decimal (p, draw_units (state, red ? 8.3 : 6.9, 1.3, 3.8, 15.9, 1), 1);
  *p++ = ',';
  p = put_decimal (p, draw_units (state, red ? 0.53 : 0.28, 0.12, 0.08, 1.58, 3), 3);
  *p++ = ',';
  p = put_decimal (p, draw_units (state, 0.3, 0.15, 0.0, 1.66, 2), 2);
  *p++ = ',';
  p = put_decimal (p, draw_units (state, red ? 2.5 : 6.4, red ? 1.0 : 4.0, 0.6, 65.8, 1), 1);
  *p++ = ',';
  p = put_decimal (p, draw_units (state, red ? 0.087 : 0.046, 0.02, 0.009, 0.611, 3), 3);
  *p++ = ',';
  /* Sulfur dioxide: whole mg/l, written as floats, now and then a half. */
  p = put_decimal (p, 10 * draw_units (state, 30.0, 15.0, 1.0, 289.0, 0) +
                      (bench_rng_uniform (state) < 0.05 ? 5 : 0), 1);
  *p++ = ',';
  p = put_decimal (p, 10 * draw_units (state, red ? 46.0 : 138.0, 40.0, 6.0, 440.0, 0), 1);
  *p++ = ',';
  p = put_repr (p, 0.98711 + (double) draw_units (state, 0.0075, 0.003, 0.0, 0.05187, 5) * 1e-5);
  *p++ = ',';
  p = put_decimal (p, draw_units (state, 3.22, 0.16, 2.72, 4.01, 2), 2);
  *p++ = ',';
  p = put_decimal (p, draw_units (state, 0.53, 0.15, 0.22, 2.0, 2), 2);
  *p++ = ',';
  u = bench_rng_uniform (state);
  if (u < 0.02)
    p = put_repr (p, (double) draw_units (state, 31.5, 3.6, 24.0, 44.0, 0) / 3.0);
  else
    p = put_decimal (p, draw_units (state, 10.5, 1.2, 8.0, 14.9, 1), 1);
  *p++ = ',';
  p = put_decimal (p, draw_units (state, 5.8, 0.87, 3.0, 9.0, 0), 0);
  *p++ = ',';
  *p++ = red ? '1' : '0';
  *p++ = '\n';

  return p;
}

static char *
generate_file (guint    rows,
               GError **error)
{
  g_autofree char *path = NULL;
  guint64 state = 0x3a1e5eedu;
  FILE *out;
  char line[512];
  int fd;

  fd = g_file_open_tmp ("bench-import-XXXXXX.csv", &path, error);
  if (fd < 0)
    return NULL;

  out = fdopen (fd, "w");
  if (out == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  setvbuf (out, NULL, _IOFBF, 1 << 20);

  fputs (wine_header, out);
  for (guint i = 0; i < rows; i++)
    {
      char *end = put_wine_row (line, &state);

      fwrite (line, 1, end - line, out);
    }

  if (!bench_close_generated (out, path, error))
    return NULL;

  return g_steal_pointer (&path);
}

/* ---------------------------------------------------------------------- */
/* The child that imports with the core                                   */

static int
run_child (const char *path)
{
  EntrenaCsvOptions options = ENTRENA_CSV_OPTIONS_INIT;
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (GError) error = NULL;
  long baseline;
  gint64 start, end;

  baseline = bench_proc_status_kib ("VmRSS:");
  if (baseline < 0)
    baseline = bench_self_maxrss_kib ();

  start = g_get_monotonic_time ();
  table = entrena_csv_read_file (file, &options, NULL, NULL, NULL, &error);
  end = g_get_monotonic_time ();

  if (table == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }

  printf ("version=entrena %s\n", PACKAGE_VERSION);
  printf ("seconds=%.6f\n", (end - start) / (double) G_USEC_PER_SEC);
  printf ("rows=%u\n", entrena_table_get_n_rows (table));
  printf ("columns=%u\n", entrena_table_get_n_columns (table));
  printf ("baseline_kib=%ld\n", baseline);
  printf ("hwm_kib=%ld\n", bench_proc_status_kib ("VmHWM:"));
  printf ("maxrss_kib=%ld\n", bench_self_maxrss_kib ());

  return 0;
}

/* ---------------------------------------------------------------------- */
/* The parent: run children and collect what they report                  */

static void
measurement_clear (Measurement *m)
{
  g_clear_pointer (&m->version, g_free);
}

/* Runs a child and reads what it reports. */
static gboolean
measure (char * const *argv,
         Measurement  *m)
{
  g_autoptr (GHashTable) report = NULL;
  long hwm, baseline;
  double wall;

  memset (m, 0, sizeof *m);

  /* The parent stays small (it never holds the file in memory), so what the
   * child inherits before exec does not show in its peak. */
  report = bench_run_child (argv, NULL, &hwm, &wall, NULL);
  if (report == NULL)
    return FALSE;

  baseline = (long) bench_report_int (report, "baseline_kib", -1);
  m->seconds = bench_report_double (report, "seconds", 0);
  m->rows = (guint64) bench_report_int (report, "rows", 0);
  m->columns = (guint) bench_report_int (report, "columns", 0);
  bench_report_take_string (report, "version", &m->version);

  m->peak_mib = hwm / 1024.0;
  m->baseline_mib = baseline > 0 ? baseline / 1024.0 : NAN;
  m->wall = wall;
  m->ok = TRUE;

  return TRUE;
}

/* Keeps the lowest time and the lowest peak of the runs so far. */
static void
keep_best (Measurement *best,
           Measurement *run)
{
  if (!best->ok)
    {
      *best = *run;
      run->version = NULL;
      return;
    }

  best->seconds = MIN (best->seconds, run->seconds);
  best->wall = MIN (best->wall, run->wall);
  best->peak_mib = MIN (best->peak_mib, run->peak_mib);
  best->baseline_mib = MIN (best->baseline_mib, run->baseline_mib);
  measurement_clear (run);
}

/* The best wall time of `entrena-cli train --epochs 1` less its training:
 * file to dataset ready to train. */
typedef struct
{
  gboolean ok;
  double   seconds;
  double   train;
  double   peak_mib;
  double   others;    /* the most CPUs other processes kept busy in a run */
} EndToEnd;

static void
measure_end_to_end (const char *cli,
                    const char *path,
                    EndToEnd   *best)
{
  char *argv[] = { (char *) cli, (char *) "train", (char *) path, (char *) "--target",
                   opt_target != NULL ? opt_target : (char *) "quality", (char *) "--epochs", (char *) "1",
                   (char *) "--quiet", (char *) "--json", NULL };
  g_autofree char *output = NULL;
  long peak_kib = -1;
  double wall = 0, others = 0, train;

  if (!bench_spawn_measured (argv, NULL, &output, &peak_kib, &wall, &others))
    return;
  train = bench_cli_train_seconds (output);
  if (train < 0)
    {
      g_printerr ("%s: unexpected output:\n%s\n", cli, output != NULL ? output : "");
      return;
    }
  printf ("; end to end %.3f s", wall - train);
  if (!best->ok || wall - train < best->seconds)
    {
      best->seconds = wall - train;
      best->train = train;
    }
  best->peak_mib = best->ok ? MIN (best->peak_mib, peak_kib / 1024.0) : peak_kib / 1024.0;
  best->others = best->ok ? MAX (best->others, others) : others;
  best->ok = TRUE;
}

static void
print_row (const char        *name,
           const Measurement *m)
{
  g_autofree char *rate = bench_format_thousands (m->rows / m->seconds);

  printf ("  %-16s %10.3f %14s %12.1f %12.1f %14.2f\n",
          name, m->seconds, rate, m->peak_mib, m->baseline_mib, m->wall);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *self = NULL;
  g_autofree char *path = NULL;
  const char *python;
  const char *script;
  Measurement best_entrena = { 0 };
  Measurement best_pandas = { 0 };
  EndToEnd end_to_end = { 0 };
  g_autofree char *cli = NULL;
  gboolean generated = FALSE;
  gboolean with_pandas;
  double data_mib, target_mib;
  GStatBuf st;
  int status = 0;

  if (!bench_parse_options (&argc, &argv, "[FILE.csv] - benchmark CSV import", entries))
    return 2;

  if (opt_child != NULL)
    return run_child (opt_child);

  if (opt_rows <= 0 || opt_runs <= 0)
    {
      g_printerr ("--rows and --runs must be positive\n");
      return 2;
    }

  self = bench_find_self (argv[0]);
  if (self == NULL)
    {
      g_printerr ("cannot find this program to run it again\n");
      return 2;
    }

  if (argc > 1)
    {
      path = g_strdup (argv[1]);
    }
  else
    {
      gint64 start = g_get_monotonic_time ();

      printf ("Generating %d rows x %d columns ... ", opt_rows, N_COLUMNS);
      fflush (stdout);
      path = generate_file ((guint) opt_rows, &error);
      if (path == NULL)
        {
          g_printerr ("\n%s\n", error->message);
          return 1;
        }
      generated = TRUE;
      printf ("%.1f s\n", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }

  if (g_stat (path, &st) != 0)
    {
      g_printerr ("%s: %s\n", path, g_strerror (errno));
      return 1;
    }

  cli = opt_cli != NULL ? g_strdup (opt_cli) : bench_find_cli (self);

  python = opt_python != NULL ? opt_python : "/usr/bin/python3";
  script = opt_script != NULL ? opt_script : BENCH_PANDAS_SCRIPT;
  with_pandas = bench_python_can_import (python, "pandas") && g_file_test (script, G_FILE_TEST_IS_REGULAR);

  printf ("File:  %s (%.1f MiB)\n", path, st.st_size / MIB);
  printf ("Runs:  best of %d, %s\n", opt_runs,
          with_pandas ? "entrena and pandas interleaved" : "pandas not available");

  for (int run = 0; run < opt_runs; run++)
    {
      char *entrena_argv[] = { self, (char *) "--child", path, NULL };
      char *pandas_argv[] = { (char *) python, (char *) script, path, NULL };
      Measurement m;

      if (!measure (entrena_argv, &m))
        {
          status = 1;
          goto out;
        }
      printf ("  run %d: entrena %.3f s, %.1f MiB", run + 1, m.seconds, m.peak_mib);
      keep_best (&best_entrena, &m);

      if (with_pandas)
        {
          if (measure (pandas_argv, &m))
            {
              printf ("; pandas %.3f s, %.1f MiB", m.seconds, m.peak_mib);
              keep_best (&best_pandas, &m);
            }
          else
            {
              with_pandas = FALSE;
            }
        }
      if (cli != NULL)
        measure_end_to_end (cli, path, &end_to_end);
      printf ("\n");
    }

  /* The target is for the float32 copy of the data a model trains from: the
   * table may hold twice that while it grows, plus a fixed allowance. */
  data_mib = (double) best_entrena.rows * best_entrena.columns * sizeof (float) / MIB;
  target_mib = 2.0 * data_mib + 64.0;

  printf ("\n");
  printf ("  %-16s %10s %14s %12s %12s %14s\n",
          "importer", "import s", "rows/s", "peak MiB", "start MiB", "process s");
  print_row ("entrena", &best_entrena);
  if (with_pandas && best_pandas.ok)
    print_row (best_pandas.version != NULL ? best_pandas.version : "pandas", &best_pandas);

  printf ("\n");
  printf ("  rows x columns                 %" G_GUINT64_FORMAT " x %u\n",
          best_entrena.rows, best_entrena.columns);
  printf ("  float32 data (rows*cols*4)     %.1f MiB\n", data_mib);
  printf ("  target (2 x data + 64 MiB)     %.1f MiB: entrena peak %.1f MiB, %s\n",
          target_mib, best_entrena.peak_mib,
          best_entrena.peak_mib <= target_mib ? "within target" : "OVER TARGET");

  if (with_pandas && best_pandas.ok)
    {
      printf ("  pandas / entrena               time %.2fx, peak memory %.2fx",
              best_pandas.seconds / best_entrena.seconds,
              best_pandas.peak_mib / best_entrena.peak_mib);
      if (isfinite (best_pandas.baseline_mib) && isfinite (best_entrena.baseline_mib))
        printf (" (%.2fx above start-up)",
                (best_pandas.peak_mib - best_pandas.baseline_mib) /
                (best_entrena.peak_mib - best_entrena.baseline_mib));
      printf ("\n");
    }

  if (end_to_end.ok)
    {
      printf ("\n");
      printf ("  file to dataset (entrena-cli train --epochs 1 less its %.3f s of training)\n",
              end_to_end.train);
      printf ("  entrena end to end             %.3f s, peak %.1f MiB\n", end_to_end.seconds,
              end_to_end.peak_mib);
      if (with_pandas && best_pandas.ok)
        printf ("  pandas.read_csv / end to end   %.2fx (target 2x)\n",
                best_pandas.seconds / end_to_end.seconds);
      printf ("  other processes' load          up to %.2f CPUs during a run\n", end_to_end.others);
    }
  else
    printf ("  end to end: not measured (no entrena-cli; give it with --cli)\n");

  if (opt_strict && best_entrena.peak_mib > target_mib)
    status = 1;

out:
  measurement_clear (&best_entrena);
  measurement_clear (&best_pandas);

  if (generated)
    {
      if (opt_keep)
        printf ("  kept %s\n", path);
      else
        g_unlink (path);
    }

  return status;
}
