/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the kernel tests share: test-sgemm.c (the products on every path) and
 * test-kernels-dispatch.c (the dispatcher, the public functions, threads and
 * Adam) and test-activation-math.c (exp, tanh and erf), one program.
 */

#include <glib.h>

#include "entrena-kernels-private.h"
#include "entrena-kernels.h"

/* Every path Entrena has, compiled into this build or not. */
static const char *const paths[] = { "scalar", "sse2", "avx2", "avx512", "neon" };

gboolean                  close_enough             (float         got,
                                                    float         want,
                                                    size_t        k,
                                                    double        scale);
const EntrenaKernelTable *table_or_skip            (gconstpointer data);

/* test-kernels-dispatch.c */
void                      test_threads             (gconstpointer data);
void                      test_concurrent          (gconstpointer data);
void                      test_dispatch            (void);
void                      test_public_api          (void);
void                      test_adam                (gconstpointer data);
void                      test_optim_steps         (gconstpointer data);
void                      test_activation          (gconstpointer data);
void                      test_activation_formulas (void);
void                      test_run_tasks           (void);
void                      test_split_deterministic (gconstpointer data);

/* test-activation-math.c */
void                      test_elementary_accuracy (void);
void                      test_elementary_fmaf     (void);
void                      test_elementary          (gconstpointer data);
