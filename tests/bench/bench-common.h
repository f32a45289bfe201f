/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by bench-import and bench-train (bench-common.c). */

#include <glib.h>

G_BEGIN_DECLS

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

char    *bench_find_self           (const char    *argv0);
char    *bench_format_thousands    (double         value);

G_END_DECLS
