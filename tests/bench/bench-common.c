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
#include <unistd.h>

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
