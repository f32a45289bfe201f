/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The kernels' thread pool and per-thread workspaces.
 *
 * The pool is started on the first job that is worth splitting and lives
 * until the process exits; it only grows (to the largest thread count ever
 * asked for). One job uses the pool at a time; a thread that finds it busy
 * runs its work alone instead of waiting.
 *
 * A job is a number of tasks. The caller and the workers each take the next
 * task that nobody has taken (one compare-and-swap on a word that holds the
 * job's generation and the next task), until none is left. So when the
 * system does not schedule a worker, because the machine is busy with
 * something else, the caller runs that worker's tasks instead of waiting
 * for it: a job is never slower than running it on the caller alone by
 * more than one task.
 *
 * Workers poll for a short while after each job before they sleep on a
 * condition variable, because a training step calls several products back
 * to back and waking a sleeping thread costs tens of microseconds; the
 * polling is short so that an idle pool does not take a core from the
 * interface or from other programs for long.
 *
 * Workspaces: every thread that runs tasks owns one block of
 * ENTRENA_WORK_FLOATS floats, 64-byte aligned, allocated once. A worker's is
 * allocated when the worker starts; a calling thread's on its first product
 * (a pthread key frees it when that thread exits, so the short-lived threads
 * of a GTask pool do not leak).
 */

#define _GNU_SOURCE

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entrena-kernels-pool.h"

#define MAX_WORKERS (ENTRENA_KERNELS_MAX_THREADS - 1)

/* How long an idle worker polls for the next job before it sleeps. */
#define SPIN_NS 100000

typedef struct
{
  pthread_t thread;
  unsigned  slot;      /* 1 + its index */
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
  unsigned         n_tasks;
  unsigned         n_slots;
  float           *work0;
  /* generation << 32 | the next task to take */
  _Atomic uint64_t next;
  atomic_uint      finished;   /* tasks done */
  atomic_uint      sleeping;   /* callers waiting on done */
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

/*
 * Takes the next task of job gen: returns 1 and sets *task, or 0 when the
 * job has none left or is no longer the current one.
 */
static int
take_task (unsigned  gen,
           unsigned  n_tasks,
           unsigned *task)
{
  uint64_t word = atomic_load_explicit (&pool.next, memory_order_acquire);

  for (;;)
    {
      if ((unsigned) (word >> 32) != gen || (unsigned) word >= n_tasks)
        return 0;
      if (atomic_compare_exchange_weak_explicit (&pool.next, &word, word + 1,
                                                 memory_order_acq_rel, memory_order_acquire))
        {
          *task = (unsigned) word;
          return 1;
        }
    }
}

static void
finish_tasks (unsigned n_done,
              unsigned n_tasks)
{
  if (n_done == 0)
    return;
  if (atomic_fetch_add (&pool.finished, n_done) + n_done == n_tasks &&
      atomic_load (&pool.sleeping) != 0)
    {
      pthread_mutex_lock (&pool.lock);
      pthread_cond_broadcast (&pool.done);
      pthread_mutex_unlock (&pool.lock);
    }
}

static void *
worker_main (void *user_data)
{
  Worker  *self = user_data;
  unsigned seen = 0;

  /* Kernels called from a task on this thread use its workspace. */
  pthread_once (&work_key_once, work_key_init);
  pthread_setspecific (work_key, self->work);

  for (;;)
    {
      EntrenaPoolFunc func;
      void           *data;
      unsigned        n_tasks, n_slots, task, n_done = 0;
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
      n_tasks = pool.n_tasks;
      n_slots = pool.n_slots;
      pthread_mutex_unlock (&pool.lock);

      seen = gen;
      if (self->slot >= n_slots)
        continue;

      /* A task taken belongs to job gen, whose caller waits for it: data
       * stays valid until it is finished. */
      while (take_task (gen, n_tasks, &task))
        {
          func (data, task, self->slot, self->work);
          n_done++;
        }
      finish_tasks (n_done, n_tasks);
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

      w->slot = pool.n_workers + 1;
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
_entrena_pool_acquire (unsigned n_slots)
{
  unsigned workers;

  if (n_slots <= 1)
    return 1;
  if (pthread_mutex_trylock (&pool.submit) != 0)
    return 1;

  workers = ensure_workers (n_slots - 1);
  if (workers == 0)
    {
      pthread_mutex_unlock (&pool.submit);
      return 1;
    }

  return workers + 1 < n_slots ? workers + 1 : n_slots;
}

void
_entrena_pool_release (void)
{
  pthread_mutex_unlock (&pool.submit);
}

float *
_entrena_pool_part_work (unsigned i)
{
  return i == 0 ? pool.work0 : pool.workers[i - 1].work;
}

void
_entrena_pool_run (EntrenaPoolFunc func,
                   void           *data,
                   unsigned        n_tasks,
                   unsigned        n_slots,
                   float          *work0)
{
  unsigned gen, task, n_done = 0;

  if (n_slots <= 1 || n_tasks <= 1)
    {
      for (task = 0; task < n_tasks; task++)
        func (data, task, 0, work0);
      return;
    }

  /* Read by _entrena_pool_part_work() while the pool is reserved. */
  pool.work0 = work0;

  pthread_mutex_lock (&pool.lock);
  pool.func = func;
  pool.data = data;
  pool.n_tasks = n_tasks;
  pool.n_slots = n_slots;
  atomic_store_explicit (&pool.finished, 0, memory_order_relaxed);
  gen = atomic_load_explicit (&pool.generation, memory_order_relaxed) + 1;
  atomic_store_explicit (&pool.next, (uint64_t) gen << 32, memory_order_release);
  atomic_store_explicit (&pool.generation, gen, memory_order_release);
  pthread_cond_broadcast (&pool.wake);
  pthread_mutex_unlock (&pool.lock);

  while (take_task (gen, n_tasks, &task))
    {
      func (data, task, 0, work0);
      n_done++;
    }
  finish_tasks (n_done, n_tasks);

  /* What is left was taken by workers that are running it: poll briefly,
   * then sleep. */
  for (unsigned spins = 0; spins < 20000; spins++)
    {
      if (atomic_load_explicit (&pool.finished, memory_order_acquire) == n_tasks)
        return;
      cpu_relax ();
    }

  pthread_mutex_lock (&pool.lock);
  /* Sequentially consistent with finish_tasks(): either it sees a sleeper
   * or this sees every task finished. */
  atomic_fetch_add (&pool.sleeping, 1);
  while (atomic_load (&pool.finished) != n_tasks)
    pthread_cond_wait (&pool.done, &pool.lock);
  atomic_fetch_sub (&pool.sleeping, 1);
  pthread_mutex_unlock (&pool.lock);
}
