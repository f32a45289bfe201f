/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by bench-import and bench-train (bench-common.c). */

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* CPUs kept busy by other processes that make a timed run suspect. */
#define BENCH_BUSY_LOAD 0.1

guint64  bench_rng_next            (guint64       *state);
double   bench_rng_uniform         (guint64       *state);
double   bench_rng_normal          (guint64       *state);

long     bench_proc_status_kib     (const char    *key);
long     bench_self_maxrss_kib     (void);

double   bench_system_busy_seconds (void);
double   bench_others_load         (double         busy_before,
                                    double         busy_after,
                                    double         child_cpu,
                                    double         wall);

gboolean bench_spawn_measured      (char * const  *argv,
                                    char * const  *envp,
                                    char         **output,
                                    long          *maxrss_kib,
                                    double        *wall,
                                    double        *others);

double   bench_now                 (void);
double   bench_process_cpu_seconds (void);
double   bench_median              (double        *values,
                                    guint          n);

double   bench_wait_quiet          (double         timeout);
char    *bench_cpu_model           (void);
gboolean bench_python_can_import   (const char    *python,
                                    const char    *module);

GHashTable *bench_parse_report     (const char    *output);
double   bench_report_double       (GHashTable    *report,
                                    const char    *key,
                                    double         missing);
gint64   bench_report_int          (GHashTable    *report,
                                    const char    *key,
                                    gint64         missing);
void     bench_report_take_string  (GHashTable    *report,
                                    const char    *key,
                                    char         **out);
long     bench_report_peak_kib     (GHashTable    *report,
                                    long           wait_maxrss_kib);
GHashTable *bench_run_child        (char * const  *argv,
                                    char * const  *envp,
                                    long          *peak_kib,
                                    double        *wall,
                                    double        *others);

gboolean bench_parse_options       (int                 *argc,
                                    char              ***argv,
                                    const char          *parameter_string,
                                    const GOptionEntry  *entries);

char    *bench_find_self           (const char    *argv0);
char    *bench_format_thousands    (double         value);
char    *bench_find_cli            (const char    *self);
gboolean bench_close_generated     (FILE          *out,
                                    const char    *path,
                                    GError       **error);
double   bench_cli_train_seconds   (const char    *output);

G_END_DECLS
