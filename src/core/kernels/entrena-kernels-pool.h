/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The kernels' thread pool and per-thread workspaces (entrena-kernels-pool.c). */

#include "entrena-kernels-private.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ENTRENA_KERNELS_MAX_THREADS 64

/*
 * One task of a job. @slot is the thread running it (0 for the caller,
 * i for the i-th worker), @work that thread's workspace. Which thread runs
 * which task is not fixed: a task must not depend on it, except for
 * scratch memory indexed by @slot.
 */
typedef void (*EntrenaPoolFunc) (void    *data,
                                 unsigned task,
                                 unsigned slot,
                                 float   *work);

/* A new ENTRENA_WORK_FLOATS block, 64-byte aligned; free() it. NULL if out of memory. */
float   *_entrena_work_alloc     (void);

/* The calling thread's workspace, allocated on first use; NULL if out of memory. */
float   *_entrena_thread_work    (void);

/*
 * Reserves the pool for a job on up to n_slots threads, the caller's
 * included. Returns how many may take part (1 if the pool is busy or no
 * worker could start, and then the pool is not reserved); when more than 1,
 * call _entrena_pool_run() and then _entrena_pool_release().
 */
unsigned _entrena_pool_acquire   (unsigned n_slots);

/*
 * Runs tasks 0 … n_tasks − 1, each once, on the caller (slot 0, with work0)
 * and on workers 1 … n_slots − 1, each thread taking the next task as it
 * becomes free: a worker that the system does not schedule holds nothing
 * up, the others run its share. Returns when every task has finished.
 */
void     _entrena_pool_run       (EntrenaPoolFunc func,
                                  void           *data,
                                  unsigned        n_tasks,
                                  unsigned        n_slots,
                                  float          *work0);

/*
 * Workspace number i of the reserved pool: work0 for 0, worker i's
 * otherwise (i < the value _entrena_pool_acquire() returned). Tasks of a
 * split product keep their partial results in workspace number task, apart
 * from the packing area that the running thread uses: so the partial sums
 * do not depend on which thread ran what. Valid until _entrena_pool_release().
 */
float   *_entrena_pool_part_work (unsigned i);
void     _entrena_pool_release   (void);

#ifdef __cplusplus
}
#endif
