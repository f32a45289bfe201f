/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The kernels' thread pool and per-thread workspaces (entrena-kernels-pool.c). */

#include "entrena-kernels-private.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ENTRENA_KERNELS_MAX_THREADS 64

/* One part of a split product: part 0 runs on the caller, with work0. */
typedef void (*EntrenaPoolFunc) (void    *data,
                                 unsigned part,
                                 float   *work);

/* A new ENTRENA_WORK_FLOATS block, 64-byte aligned; free() it. NULL if out of memory. */
float   *_entrena_work_alloc     (void);

/* The calling thread's workspace, allocated on first use; NULL if out of memory. */
float   *_entrena_thread_work    (void);

/*
 * Reserves the pool for up to n_parts parts. Returns how many parts may run
 * (1 if the pool is busy or no worker could start); when more than 1, call
 * _entrena_pool_run() and then _entrena_pool_release().
 */
unsigned _entrena_pool_acquire   (unsigned n_parts);
void     _entrena_pool_run       (EntrenaPoolFunc func,
                                  void           *data,
                                  unsigned        n_parts,
                                  float          *work0);
/* The workspace that ran a part, valid until _entrena_pool_release(). */
float   *_entrena_pool_part_work (unsigned part);
void     _entrena_pool_release   (void);

#ifdef __cplusplus
}
#endif
