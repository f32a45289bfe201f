/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-common"

#include "config.h"

#include <errno.h>
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

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bench-common.h"

/* What the import and training benchmarks share: generated data, finding
 * themselves, measuring a child process and the rest of the machine. */

/* splitmix64: a fixed sequence, so every run benchmarks the same data. */
guint64
bench_rng_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);

  return z ^ (z >> 31);
}

double
bench_rng_uniform (guint64 *state)
{
  return (double) (bench_rng_next (state) >> 11) * 0x1.0p-53;
}

/* Roughly normal (Irwin-Hall with four terms): cheap, and good enough for
 * numbers that only have to look like measurements. */
double
bench_rng_normal (guint64 *state)
{
  double s = bench_rng_uniform (state) + bench_rng_uniform (state) + bench_rng_uniform (state) + bench_rng_uniform (state);

  return (s - 2.0) * 1.7320508075688772;
}

/* A "VmHWM:" or "VmRSS:" line of /proc/self/status, in KiB, or -1. */
long
bench_proc_status_kib (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, key);
  if (line == NULL)
    return -1;

  return strtol (line + strlen (key), NULL, 10);
}

long
bench_self_maxrss_kib (void)
{
  struct rusage usage;

  /* ru_maxrss is in KiB on Linux and the BSDs (bytes on macOS). */
  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;

  return usage.ru_maxrss;
}

/* Seconds of CPU time all CPUs have spent busy since boot (the "cpu" line
 * of /proc/stat without idle and iowait), or a negative number. */
double
bench_system_busy_seconds (void)
{
  g_autofree char *stat = NULL;
  unsigned long long v[8] = { 0 };
  long ticks = sysconf (_SC_CLK_TCK);

  if (ticks <= 0 || !g_file_get_contents ("/proc/stat", &stat, NULL, NULL))
    return -1;
  if (sscanf (stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
              &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
    return -1;

  /* user nice system [idle iowait] irq softirq steal */
  return (double) (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double) ticks;
}

/* The CPUs other processes kept busy (on average) while @child_cpu seconds
 * of ours ran in @wall seconds, from two system_busy_seconds(), or NAN. */
double
bench_others_load (double busy_before,
                   double busy_after,
                   double child_cpu,
                   double wall)
{
  if (busy_before < 0 || busy_after < 0 || !(wall > 0))
    return NAN;
  return MAX (0.0, (busy_after - busy_before - child_cpu) / wall);
}

/* Runs @argv (with @envp, or ours when %NULL) with its stdout in a pipe and
 * its stderr shared with ours, and waits for it with wait4() to get its own
 * resource usage. @others (nullable) gets the CPUs other processes kept busy
 * meanwhile (bench_others_load()). */
gboolean
bench_spawn_measured (char * const  *argv,
                      char * const  *envp,
                      char         **output,
                      long          *maxrss_kib,
                      double        *wall,
                      double        *others)
{
  GString *text = g_string_new (NULL);
  struct rusage usage;
  double busy_before;
  gint64 start;
  int fds[2];
  int status;
  pid_t pid;
  char buf[4096];
  ssize_t n;

  *output = NULL;
  *maxrss_kib = -1;
  *wall = 0;
  if (others != NULL)
    *others = NAN;

  if (pipe (fds) != 0)
    {
      g_printerr ("pipe: %s\n", g_strerror (errno));
      g_string_free (text, TRUE);
      return FALSE;
    }

  fflush (stdout);
  fflush (stderr);
  busy_before = bench_system_busy_seconds ();
  start = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    {
      g_printerr ("fork: %s\n", g_strerror (errno));
      close (fds[0]);
      close (fds[1]);
      g_string_free (text, TRUE);
      return FALSE;
    }

  if (pid == 0)
    {
      dup2 (fds[1], STDOUT_FILENO);
      close (fds[0]);
      close (fds[1]);
      if (envp != NULL)
        execve (argv[0], argv, envp);
      else
        execv (argv[0], argv);
      fprintf (stderr, "%s: %s\n", argv[0], strerror (errno));
      _exit (127);
    }

  close (fds[1]);
  while ((n = read (fds[0], buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      g_string_append_len (text, buf, n);
    }
  close (fds[0]);

  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          g_printerr ("wait4: %s\n", g_strerror (errno));
          g_string_free (text, TRUE);
          return FALSE;
        }
    }

  *wall = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *maxrss_kib = usage.ru_maxrss;
  if (others != NULL)
    *others = bench_others_load (busy_before, bench_system_busy_seconds (),
                                 usage.ru_utime.tv_sec + 1e-6 * usage.ru_utime.tv_usec +
                                 usage.ru_stime.tv_sec + 1e-6 * usage.ru_stime.tv_usec,
                                 *wall);
  *output = g_string_free (text, FALSE);

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("%s exited abnormally (status %d)\n", argv[0], status);
      return FALSE;
    }

  return TRUE;
}

char *
bench_find_self (const char *argv0)
{
  char *self;

  /* /proc/self/exe works however we were started; argv[0] when there is no /proc. */
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    return self;

  if (strchr (argv0, G_DIR_SEPARATOR) != NULL)
    return g_canonicalize_filename (argv0, NULL);

  return g_find_program_in_path (argv0);
}

/* Closes a generated file; FALSE, with the file removed, when that fails
 * (a full disk shows here). */
gboolean
bench_close_generated (FILE        *out,
                       const char  *path,
                       GError     **error)
{
  if (fclose (out) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

/* The entrena-cli of the build that holds @self (a benchmark), or NULL. */
char *
bench_find_cli (const char *self)
{
  g_autofree char *dir = NULL;
  g_autofree char *cli = NULL;

  if (self == NULL)
    return NULL;
  dir = g_path_get_dirname (self);
  cli = g_build_filename (dir, "..", "..", "src", "cli", "entrena-cli", NULL);
  return g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE) ? g_steal_pointer (&cli) : NULL;
}

/* The train_seconds of `entrena-cli train --json` output, or a negative number. */
double
bench_cli_train_seconds (const char *output)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *start = output != NULL ? strchr (output, '{') : NULL;
  JsonObject *object;

  if (start == NULL || !json_parser_load_from_data (parser, start, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return -1;
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "train_seconds"))
    return -1;
  return json_object_get_double_member (object, "train_seconds");
}

/* "1,000,000": @value rounded to an integer, with thousands separators. */
char *
bench_format_thousands (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", value);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

/* Seconds on the monotonic clock. */
double
bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* CPU seconds of the whole process, all its threads: on one thread, the
 * time it ran, whatever other processes took of the machine meanwhile. */
double
bench_process_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The median of @n values (which it sorts), or NAN when there are none. */
double
bench_median (double *values,
              guint   n)
{
  if (n == 0)
    return NAN;
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/*
 * Waits until other processes leave the CPUs alone (under 0.1 CPU busy
 * over half a second), at most @timeout seconds. Returns the load seen
 * last. The machine this runs on may be shared: two threads cannot be
 * timed while something else keeps a core busy.
 */
double
bench_wait_quiet (double timeout)
{
  double deadline = bench_now () + timeout;
  double load = NAN;

  while (timeout > 0)
    {
      double before = bench_system_busy_seconds ();

      g_usleep (G_USEC_PER_SEC / 2);
      load = bench_others_load (before, bench_system_busy_seconds (), 0, 0.5);
      if (!(load >= BENCH_BUSY_LOAD) || bench_now () >= deadline)
        break;
    }

  return load;
}

/* The CPU's model name, from /proc/cpuinfo. */
char *
bench_cpu_model (void)
{
  g_autofree char *info = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/cpuinfo", &info, NULL, NULL))
    return g_strdup ("unknown CPU");
  line = strstr (info, "model name");
  if (line == NULL || strchr (line, ':') == NULL)
    return g_strdup ("unknown CPU");
  line = strchr (line, ':') + 1;
  while (*line == ' ' || *line == '\t')
    line++;
  return g_strndup (line, strcspn (line, "\n"));
}

/* Whether @python runs and can import @module. */
gboolean
bench_python_can_import (const char *python,
                         const char *module)
{
  g_autofree char *code = g_strdup_printf ("import %s", module);
  const char *argv[] = { python, "-c", code, NULL };
  int status = 0;

  if (!g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;

  return g_spawn_check_wait_status (status, NULL);
}

/* A child's report: its "key=value" lines as a table of keys to values (the
 * last value of a key counts). (transfer full) */
GHashTable *
bench_parse_report (const char *output)
{
  GHashTable *report = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (report, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }

  return report;
}

/* The report's number for @key, or @missing when it has none. */
double
bench_report_double (GHashTable *report,
                     const char *key,
                     double      missing)
{
  const char *value = g_hash_table_lookup (report, key);

  return value != NULL ? g_ascii_strtod (value, NULL) : missing;
}

/* The report's integer for @key, or @missing when it has none. */
gint64
bench_report_int (GHashTable *report,
                  const char *key,
                  gint64      missing)
{
  const char *value = g_hash_table_lookup (report, key);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : missing;
}

/* Replaces *@out with a copy of the report's text for @key, when it has one. */
void
bench_report_take_string (GHashTable  *report,
                          const char  *key,
                          char       **out)
{
  const char *value = g_hash_table_lookup (report, key);

  if (value != NULL)
    {
      g_free (*out);
      *out = g_strdup (value);
    }
}

/*
 * The child's peak resident size in KiB: VmHWM, which belongs to the image
 * after exec alone, or else its ru_maxrss (which also counts what the forked
 * copy of the parent had resident before exec), or else @wait_maxrss_kib,
 * what wait4() said.
 */
long
bench_report_peak_kib (GHashTable *report,
                       long        wait_maxrss_kib)
{
  long hwm = (long) bench_report_int (report, "hwm_kib", -1);
  long maxrss = (long) bench_report_int (report, "maxrss_kib", -1);

  if (hwm <= 0)
    hwm = maxrss > 0 ? maxrss : wait_maxrss_kib;

  return hwm;
}

/*
 * Runs a child (bench_spawn_measured) and reads its report: the report, the
 * child's peak resident size in *@peak_kib (bench_report_peak_kib), its wall
 * time and (if @others is not NULL) the load of other processes meanwhile.
 * NULL, after showing the child's output, when the child failed or reported
 * no time or no peak. (transfer full)
 */
GHashTable *
bench_run_child (char * const *argv,
                 char * const *envp,
                 long         *peak_kib,
                 double       *wall,
                 double       *others)
{
  g_autofree char *output = NULL;
  g_autoptr (GHashTable) report = NULL;
  long maxrss_kib;

  if (!bench_spawn_measured (argv, envp, &output, &maxrss_kib, wall, others))
    return NULL;

  report = bench_parse_report (output);
  *peak_kib = bench_report_peak_kib (report, maxrss_kib);
  if (!g_hash_table_contains (report, "seconds") || *peak_kib <= 0)
    {
      g_printerr ("%s: unexpected output:\n%s\n", argv[0], output);
      return NULL;
    }

  return g_steal_pointer (&report);
}

/* Parses the command line against @entries, with @parameter_string on the
 * usage line; FALSE, after saying why, when it does not parse. */
gboolean
bench_parse_options (int                *argc,
                     char             ***argv,
                     const char         *parameter_string,
                     const GOptionEntry *entries)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  return TRUE;
}
