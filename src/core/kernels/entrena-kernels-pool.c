/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The kernels' thread pool and per-thread workspaces.
 *
 * The pool is started on the first product that is worth splitting and
 * lives until the process exits; it only grows (to the largest thread count
 * ever asked for). A product runs as n parts: part 0 on the calling thread,
 * part i on worker i − 1. One product uses the pool at a time; a thread that
 * finds it busy runs its product alone instead of waiting.
 *
 * Workers spin for a short while after each part before they sleep on a
 * condition variable, because a training step calls several products back
 * to back and waking a sleeping thread costs tens of microseconds.
 *
 * Workspaces: every thread that runs a part owns one block of
 * ENTRENA_WORK_FLOATS floats, 64-byte aligned, allocated once. A worker's is
 * allocated when the worker starts; a calling thread's on its first product
 * (a pthread key frees it when that thread exits, so the short-lived threads
 * of a GTask pool do not leak).
 */

#define _GNU_SOURCE

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entrena-kernels-pool.h"

#define MAX_WORKERS (ENTRENA_KERNELS_MAX_THREADS - 1)

/* How long an idle worker polls for the next part before it sleeps. */
#define SPIN_NS 200000

typedef struct
{
  pthread_t thread;
  unsigned  index;     /* runs part index + 1 */
  float    *work;
} Worker;

static struct
{
  pthread_mutex_t  submit;     /* held by the one caller using the pool */
  pthread_mutex_t  lock;       /* guards the job and the condition variables */
  pthread_cond_t   wake;
  pthread_cond_t   done;

  unsigned         n_workers;  /* started, only grows (under submit) */
  Worker           workers[MAX_WORKERS];

  /* The current job, written under lock before generation is bumped. */
  atomic_uint      generation;
  EntrenaPoolFunc  func;
  void            *data;
  unsigned         n_parts;
  atomic_uint      pending;    /* parts 1 … n_parts − 1 not yet finished */
} pool = {
  .submit = PTHREAD_MUTEX_INITIALIZER,
  .lock = PTHREAD_MUTEX_INITIALIZER,
  .wake = PTHREAD_COND_INITIALIZER,
  .done = PTHREAD_COND_INITIALIZER,
};

static pthread_once_t work_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t  work_key;

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ __volatile__ ("yield" ::: "memory");
#endif
}

static inline long long
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

float *
_entrena_work_alloc (void)
{
  return aligned_alloc (64, ENTRENA_WORK_FLOATS * sizeof (float));
}

static void
work_key_init (void)
{
  pthread_key_create (&work_key, free);
}

float *
_entrena_thread_work (void)
{
  float *work;

  pthread_once (&work_key_once, work_key_init);
  work = pthread_getspecific (work_key);
  if (work == NULL)
    {
      work = _entrena_work_alloc ();
      if (work != NULL && pthread_setspecific (work_key, work) != 0)
        {
          free (work);
          work = NULL;
        }
    }

  return work;
}

static void *
worker_main (void *user_data)
{
  Worker  *self = user_data;
  unsigned seen = 0;

  for (;;)
    {
      EntrenaPoolFunc func;
      void           *data;
      unsigned        n_parts;
      unsigned        gen = atomic_load_explicit (&pool.generation, memory_order_acquire);

      if (gen == seen)
        {
          long long until = now_ns () + SPIN_NS;

          for (unsigned spins = 1;; spins++)
            {
              cpu_relax ();
              gen = atomic_load_explicit (&pool.generation, memory_order_acquire);
              if (gen != seen)
                break;
              if (spins % 64 == 0 && now_ns () > until)
                break;
            }
        }

      /* Read the job as one consistent snapshot. */
      pthread_mutex_lock (&pool.lock);
      while ((gen = atomic_load_explicit (&pool.generation, memory_order_acquire)) == seen)
        pthread_cond_wait (&pool.wake, &pool.lock);
      func = pool.func;
      data = pool.data;
      n_parts = pool.n_parts;
      pthread_mutex_unlock (&pool.lock);

      seen = gen;
      if (self->index + 1 >= n_parts)
        continue;

      func (data, self->index + 1, self->work);

      if (atomic_fetch_sub_explicit (&pool.pending, 1, memory_order_acq_rel) == 1)
        {
          pthread_mutex_lock (&pool.lock);
          pthread_cond_broadcast (&pool.done);
          pthread_mutex_unlock (&pool.lock);
        }
    }

  return NULL;
}

/* Called with pool.submit held. Returns how many workers run. */
static unsigned
ensure_workers (unsigned wanted)
{
  if (wanted > MAX_WORKERS)
    wanted = MAX_WORKERS;

  while (pool.n_workers < wanted)
    {
      Worker        *w = &pool.workers[pool.n_workers];
      pthread_attr_t attr;
      int            failed;

      w->index = pool.n_workers;
      w->work = _entrena_work_alloc ();
      if (w->work == NULL)
        break;

      /* Workers never return and are never joined. */
      pthread_attr_init (&attr);
      pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
      failed = pthread_create (&w->thread, &attr, worker_main, w);
      pthread_attr_destroy (&attr);
      if (failed)
        {
          free (w->work);
          w->work = NULL;
          break;
        }
      pool.n_workers++;
    }

  return pool.n_workers;
}

unsigned
_entrena_pool_acquire (unsigned n_parts)
{
  unsigned workers;

  if (n_parts <= 1)
    return 1;
  if (pthread_mutex_trylock (&pool.submit) != 0)
    return 1;

  workers = ensure_workers (n_parts - 1);
  if (workers == 0)
    {
      pthread_mutex_unlock (&pool.submit);
      return 1;
    }

  return workers + 1 < n_parts ? workers + 1 : n_parts;
}

void
_entrena_pool_release (void)
{
  pthread_mutex_unlock (&pool.submit);
}

float *
_entrena_pool_part_work (unsigned part)
{
  return part == 0 ? _entrena_thread_work () : pool.workers[part - 1].work;
}

void
_entrena_pool_run (EntrenaPoolFunc func,
                   void           *data,
                   unsigned        n_parts,
                   float          *work0)
{
  if (n_parts <= 1)
    {
      func (data, 0, work0);
      return;
    }

  pthread_mutex_lock (&pool.lock);
  pool.func = func;
  pool.data = data;
  pool.n_parts = n_parts;
  atomic_store_explicit (&pool.pending, n_parts - 1, memory_order_relaxed);
  atomic_fetch_add_explicit (&pool.generation, 1, memory_order_release);
  pthread_cond_broadcast (&pool.wake);
  pthread_mutex_unlock (&pool.lock);

  func (data, 0, work0);

  /* The other parts take about as long as ours: poll, then sleep. */
  for (unsigned spins = 0; spins < 20000; spins++)
    {
      if (atomic_load_explicit (&pool.pending, memory_order_acquire) == 0)
        return;
      cpu_relax ();
    }

  pthread_mutex_lock (&pool.lock);
  while (atomic_load_explicit (&pool.pending, memory_order_acquire) != 0)
    pthread_cond_wait (&pool.done, &pool.lock);
  pthread_mutex_unlock (&pool.lock);
}
