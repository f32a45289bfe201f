/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The dispatcher: which instruction-set path runs (the CPU's best, or the
 * one ENTRENA_SIMD names), how many threads a product may use, and the
 * public functions, which call the active path's table. The tables and how
 * each product is split across threads are in entrena-kernels-products.c.
 *
 * The active path starts as the best one the CPU supports and is chosen once
 * (pthread_once), as BLIS, zlib-ng and pixman do; ENTRENA_SIMD forces another
 * one, but never one the CPU lacks. This file is compiled with the baseline
 * flags: nothing beyond SSE2 runs before the CPU has been checked.
 */

#define _GNU_SOURCE

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entrena-kernels-pool.h"
#include "entrena-kernels-private.h"

/* 0 until initialised; then the thread count in use. */
static atomic_uint n_threads;
static unsigned    default_threads = 1;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static _Atomic (const EntrenaKernelTable *) active_table;

/* Every path Entrena has, on any architecture. */
static const char *const known_names[] = { "scalar", "sse2", "avx2", "avx512", "neon" };

static int
cpu_supports (const EntrenaKernelTable *table)
{
#if defined(__x86_64__)
  /* __builtin_cpu_supports also checks that the OS saves the registers
   * (XGETBV), which raw CPUID code tends to forget. Under valgrind, whose
   * CPUID hides AVX-512, this picks AVX2. */
  __builtin_cpu_init ();
  if (strcmp (table->name, "avx2") == 0)
    return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
  if (strcmp (table->name, "avx512") == 0)
    return __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512vl") &&
           __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
#endif
  /* scalar and sse2 are the baseline of their architecture; so is NEON on
   * AArch64. */
  (void) table;
  return 1;
}

static const EntrenaKernelTable *
best_supported (void)
{
  const EntrenaKernelTable *best = _entrena_kernel_tables[0];

  /* Worst to best: the last one the CPU supports. */
  for (size_t i = 1; _entrena_kernel_tables[i] != NULL; i++)
    if (cpu_supports (_entrena_kernel_tables[i]))
      best = _entrena_kernel_tables[i];

  return best;
}

static const EntrenaKernelTable *
find_compiled (const char *name)
{
  for (size_t i = 0; _entrena_kernel_tables[i] != NULL; i++)
    if (strcmp (_entrena_kernel_tables[i]->name, name) == 0)
      return _entrena_kernel_tables[i];

  return NULL;
}

const EntrenaKernelTable *
_entrena_kernels_select (const char *request,
                         char       *message,
                         size_t      message_size)
{
  const EntrenaKernelTable *best = best_supported ();
  const EntrenaKernelTable *table;
  int                       known = 0;

  if (message_size > 0)
    message[0] = '\0';

  if (request == NULL || request[0] == '\0' || strcmp (request, "auto") == 0)
    return best;

  table = find_compiled (request);
  if (table != NULL && cpu_supports (table))
    return table;

  for (size_t i = 0; i < sizeof known_names / sizeof known_names[0]; i++)
    known |= strcmp (known_names[i], request) == 0;

  if (table != NULL)
    snprintf (message, message_size,
              "ENTRENA_SIMD=%s: this CPU does not support the %s instructions; using %s instead",
              request, request, best->name);
  else if (known)
    snprintf (message, message_size,
              "ENTRENA_SIMD=%s: this build has no %s path (not this architecture); using %s instead",
              request, request, best->name);
  else
    snprintf (message, message_size,
              "ENTRENA_SIMD=%s: unknown path (scalar, sse2, avx2, avx512, neon or auto); using %s instead",
              request, best->name);

  return best;
}

static unsigned
get_threads (void)
{
  unsigned t = atomic_load_explicit (&n_threads, memory_order_relaxed);

  if (t == 0)
    {
      entrena_kernels_init ();
      t = atomic_load_explicit (&n_threads, memory_order_relaxed);
    }

  return t;
}

static unsigned
parse_threads (const char *value)
{
  char         *end = NULL;
  unsigned long n;

  if (value == NULL || value[0] == '\0')
    return 0;
  n = strtoul (value, &end, 10);
  if (end == value || *end != '\0' || n == 0)
    return 0;

  return n < ENTRENA_KERNELS_MAX_THREADS ? (unsigned) n : ENTRENA_KERNELS_MAX_THREADS;
}

static void
kernels_init_once (void)
{
  char                      message[256];
  const EntrenaKernelTable *table;
  unsigned                  threads;
  long                      cpus;

  table = _entrena_kernels_select (getenv ("ENTRENA_SIMD"), message, sizeof message);
  if (message[0] != '\0')
    fprintf (stderr, "entrena: %s\n", message);
  atomic_store_explicit (&active_table, table, memory_order_release);

  cpus = sysconf (_SC_NPROCESSORS_ONLN);
  threads = parse_threads (getenv ("ENTRENA_THREADS"));
  if (threads == 0 && getenv ("ENTRENA_THREADS") != NULL)
    fprintf (stderr, "entrena: ENTRENA_THREADS=%s is not a positive number; ignored\n",
             getenv ("ENTRENA_THREADS"));
  if (threads == 0)
    threads = cpus < 1 ? 1 : cpus > ENTRENA_KERNELS_MAX_THREADS ? ENTRENA_KERNELS_MAX_THREADS : (unsigned) cpus;
  default_threads = threads;

  /* Do not overwrite an earlier entrena_kernels_set_threads(). */
  {
    unsigned expected = 0;

    atomic_compare_exchange_strong (&n_threads, &expected, threads);
  }
}

/* ------------------------------------------------------------------------
 * Public API
 */

/**
 * entrena_kernels_init:
 *
 * Chooses the path: the best the CPU supports, or the one ENTRENA_SIMD names
 * (`scalar`, `sse2`, `avx2`, `avx512`, `neon` or `auto`) when the CPU has
 * it. Otherwise it prints why on stderr and uses the best path. Also reads
 * ENTRENA_THREADS. Runs once; every other function calls it, so calling it
 * from main() only moves the message to start-up.
 */
void
entrena_kernels_init (void)
{
  pthread_once (&init_once, kernels_init_once);
}

/**
 * entrena_kernels_get_active:
 *
 * Returns: (transfer none): the active path's table
 */
const EntrenaKernelTable *
entrena_kernels_get_active (void)
{
  const EntrenaKernelTable *table = atomic_load_explicit (&active_table, memory_order_acquire);

  if (table == NULL)
    {
      entrena_kernels_init ();
      table = atomic_load_explicit (&active_table, memory_order_acquire);
    }

  return table;
}

/**
 * entrena_kernels_get_impl_name:
 *
 * Returns: the active path's name ("avx512", "avx2", "sse2", "neon" or
 *   "scalar"), for `--version` and the About window's debug information
 */
const char *
entrena_kernels_get_impl_name (void)
{
  return entrena_kernels_get_active ()->name;
}

/**
 * entrena_kernels_get_table:
 * @name: a path name
 *
 * Returns: (transfer none) (nullable): the path's table, or NULL when the
 *   path is not compiled into this build or the CPU cannot run it
 */
const EntrenaKernelTable *
entrena_kernels_get_table (const char *name)
{
  const EntrenaKernelTable *table;

  entrena_kernels_init ();
  if (name == NULL)
    return NULL;
  table = find_compiled (name);
  if (table == NULL || !cpu_supports (table))
    return NULL;

  return table;
}

/**
 * entrena_kernels_set_impl:
 * @name: a path name, or "auto" for the best one
 *
 * Makes @name the active path, for example to show a class the same training
 * on the scalar path and then on AVX-512. Products already running finish on
 * the path they started on.
 *
 * Returns: 1 if @name is now active, 0 (and nothing changes) if this build
 *   or this CPU does not have it
 */
int
entrena_kernels_set_impl (const char *name)
{
  const EntrenaKernelTable *table;

  entrena_kernels_init ();
  if (name != NULL && strcmp (name, "auto") == 0)
    table = best_supported ();
  else
    table = entrena_kernels_get_table (name);
  if (table == NULL)
    return 0;
  atomic_store_explicit (&active_table, table, memory_order_release);

  return 1;
}

/**
 * entrena_kernels_list_compiled:
 *
 * Returns: (array zero-terminated=1) (transfer none): the names of the paths
 *   compiled into this build, worst to best, whether or not the CPU has them
 */
const char *const *
entrena_kernels_list_compiled (void)
{
  return _entrena_kernel_names;
}

/**
 * entrena_kernels_set_threads:
 * @n_threads: threads a large product may use, the caller's included;
 *   0 for the default (ENTRENA_THREADS, or else one per online CPU)
 *
 * The pool's threads start on the first product worth splitting and are
 * never stopped; lowering the count leaves the extra ones asleep.
 */
void
entrena_kernels_set_threads (unsigned n_threads_wanted)
{
  entrena_kernels_init ();
  if (n_threads_wanted == 0)
    n_threads_wanted = default_threads;
  if (n_threads_wanted > ENTRENA_KERNELS_MAX_THREADS)
    n_threads_wanted = ENTRENA_KERNELS_MAX_THREADS;
  atomic_store_explicit (&n_threads, n_threads_wanted, memory_order_relaxed);
}

/**
 * entrena_kernels_get_threads:
 *
 * Returns: the number of threads a large product may use
 */
unsigned
entrena_kernels_get_threads (void)
{
  return get_threads ();
}

typedef struct
{
  EntrenaTaskFunc func;
  void           *data;
} TaskJob;

static void
run_task (void    *data,
          unsigned task,
          unsigned slot,
          float   *work)
{
  const TaskJob *job = data;

  (void) work;
  job->func (job->data, task, slot);
}

/**
 * entrena_kernels_run_tasks:
 * @n_tasks: how many tasks
 * @max_slots: the most threads to use, the caller's included (the number of
 *   scratch areas the caller has for @func); at most
 *   entrena_kernels_get_threads() are used
 * @func: runs one task
 * @data: passed to @func
 *
 * Runs func (data, task, slot) once for every task, on the calling thread
 * and the kernels' thread pool, each thread taking the next task when it is
 * free. For data-parallel work of a size known in advance (the chunks of
 * rows of a training pass): to get the same result whatever the thread
 * count, let the tasks depend only on the data and combine their results
 * in task order afterwards. Products that the tasks compute run on the
 * thread of their task. When the pool is busy (another thread's job) every
 * task runs on the calling thread, in order, as slot 0.
 *
 * Returns: the number of threads that were asked to take part (1 when
 *   everything ran on the calling thread)
 */
unsigned
entrena_kernels_run_tasks (size_t          n_tasks,
                           unsigned        max_slots,
                           EntrenaTaskFunc func,
                           void           *data)
{
  TaskJob  job = { func, data };
  unsigned slots = get_threads ();

  if (max_slots < slots)
    slots = max_slots;
  if (n_tasks < slots)
    slots = (unsigned) n_tasks;
  if (n_tasks > UINT32_MAX)
    slots = 1;
  if (slots > 1)
    slots = _entrena_pool_acquire (slots);
  if (slots <= 1)
    {
      for (size_t t = 0; t < n_tasks; t++)
        func (data, t, 0);
      return 1;
    }

  _entrena_pool_run (run_task, &job, (unsigned) n_tasks, slots, NULL);
  _entrena_pool_release ();

  return slots;
}

/**
 * entrena_sgemm:
 * @trans_a: nonzero if @a holds op(A) transposed, [k][m] instead of [m][k]
 * @trans_b: nonzero if @b holds op(B) transposed, [n][k] instead of [k][n]
 * @m: rows of C
 * @n: columns of C
 * @k: the inner dimension
 * @alpha: scales the product
 * @a: op(A), [m][lda] (or [k][lda] when @trans_a)
 * @lda: leading dimension of @a, at least k (or m)
 * @b: op(B), [k][ldb] (or [n][ldb] when @trans_b)
 * @ldb: leading dimension of @b, at least n (or k)
 * @beta: scales C's old value; 0 overwrites C without reading it, so NaN or
 *   garbage there does not matter
 * @c: C, [m][ldc]; may not overlap @a or @b
 * @ldc: leading dimension of @c, at least n
 *
 * C = alpha · op(A) · op(B) + beta · C, with row-major matrices, as
 * `cblas_sgemm (CblasRowMajor, …)`. Nothing is checked (validate at the API
 * boundary in src/core); @a and @b need not be aligned.
 */
void
entrena_sgemm (ENTRENA_SGEMM_PARAMS)
{
  entrena_kernels_get_active ()->sgemm (ENTRENA_SGEMM_ARGS);
}

/**
 * entrena_linear_forward:
 * @n_rows: samples in the batch
 * @n_in: inputs of the layer
 * @n_out: outputs of the layer
 * @x: the layer's input, [n_rows][ldx]
 * @ldx: at least @n_in
 * @w: the weights, [n_out][ldw], as PyTorch's `nn.Linear.weight`
 * @ldw: at least @n_in
 * @bias: (nullable): [n_out]
 * @relu: nonzero to apply ReLU to the result (NaN stays NaN)
 * @y: the output, [n_rows][ldy]; overwritten; may not overlap the inputs
 * @ldy: at least @n_out
 *
 * Y = X · Wᵀ + bias, then ReLU if asked: one linear layer (and its
 * activation) for a whole batch, with the bias and the ReLU applied while
 * each tile of Y is still in registers. Keep Y: with @relu, it is also the
 * mask that entrena_linear_backward_input() needs.
 */
void
entrena_linear_forward (ENTRENA_LINEAR_FORWARD_PARAMS)
{
  entrena_kernels_get_active ()->linear_forward (ENTRENA_LINEAR_FORWARD_ARGS);
}

/**
 * entrena_linear_backward_input:
 * @n_rows: samples in the batch
 * @n_in: inputs of the layer
 * @n_out: outputs of the layer
 * @dy: the loss gradient at the layer's output, [n_rows][lddy]
 * @lddy: at least @n_out
 * @w: the weights, [n_out][ldw]
 * @ldw: at least @n_in
 * @mask: (nullable): [n_rows][ldmask]: the layer's input when that is the
 *   output of a ReLU (the previous layer's Y), or NULL
 * @ldmask: at least @n_in (ignored without @mask)
 * @dx: the gradient at the layer's input, [n_rows][lddx]; overwritten; may
 *   not overlap the inputs, @mask included
 * @lddx: at least @n_in
 *
 * dX = dY · W, and with @mask, dX = (dY · W) ⊙ [mask > 0]: the gradient
 * through this layer and through the ReLU before it, in one pass. Where
 * the mask is not positive the result is exactly 0, even when dY · W is
 * NaN or infinite (as `torch.threshold_backward`).
 */
void
entrena_linear_backward_input (ENTRENA_LINEAR_BACKWARD_INPUT_PARAMS)
{
  entrena_kernels_get_active ()->linear_backward_input (ENTRENA_LINEAR_BACKWARD_INPUT_ARGS);
}

/**
 * entrena_linear_backward_weight:
 * @n_rows: samples in the batch
 * @n_in: inputs of the layer
 * @n_out: outputs of the layer
 * @alpha: scales the gradients (1/n_rows for a mean loss, or 1 when dY
 *   already holds it)
 * @dy: the loss gradient at the layer's output, [n_rows][lddy]
 * @lddy: at least @n_out
 * @x: the layer's input, [n_rows][ldx]
 * @ldx: at least @n_in
 * @beta: 0 to overwrite @dw and @db, 1 to accumulate into them
 * @dw: the weight gradient, [n_out][lddw], laid out as the weights
 * @lddw: at least @n_in
 * @db: (nullable): the bias gradient, [n_out]
 *
 * dW = beta · dW + alpha · dYᵀ · X and db = beta · db + alpha · Σ_rows dY:
 * a reduction over every row of the batch. The bias gradient is summed
 * while the rows of dY are in cache for dW. Large batches are split across
 * threads along the rows, each summing into its own workspace.
 */
void
entrena_linear_backward_weight (ENTRENA_LINEAR_BACKWARD_WEIGHT_PARAMS)
{
  entrena_kernels_get_active ()->linear_backward_weight (ENTRENA_LINEAR_BACKWARD_WEIGHT_ARGS);
}

/**
 * entrena_adam_fused:
 * @n: parameters
 * @params: `[n]` updated in place
 * @grads: `[n]` their gradients
 * @m: `[n]` the first moments, updated
 * @v: `[n]` the second moments, updated
 * @beta1: β₁ as float (0.9f)
 * @beta2: β₂ as float (0.999f)
 * @one_minus_beta1: 1 − β₁, computed in double and rounded, as PyTorch
 *   does (not 1 − 0.9f)
 * @one_minus_beta2: 1 − β₂, likewise
 * @step_size: −lr / (1 − β₁ᵗ), rounded to float
 * @bias_correction2_sqrt: √(1 − β₂ᵗ), rounded to float
 * @eps: ε as float
 *
 * One Adam step as PyTorch's vectorised CPU kernel computes it, bit for bit:
 * m = β₁m + (1 − β₁)g and v = β₂v + (1 − β₂)g² each with one fused
 * multiply-add, then params += step_size · m / (√v / bias_correction2_sqrt
 * + ε), every other operation rounded once, in that order.
 */
void
entrena_adam_fused (ENTRENA_ADAM_FUSED_PARAMS)
{
  entrena_kernels_get_active ()->adam_fused (ENTRENA_ADAM_FUSED_ARGS);
}

/**
 * entrena_sgd_fused:
 * @args: the step (#EntrenaStepArgs; @square_avg, @alpha, @one_minus_alpha
 *   and @eps unused)
 *
 * One torch.optim.SGD step (dampening 0) as PyTorch's vectorised CPU kernels
 * compute it, bit for bit, each `a + alpha · b` one fused multiply-add:
 * d = g, or fma (p, wd, g) with weight decay; with momentum, buf = d on the
 * first step and buf · momentum + d (two roundings) after, then d =
 * fma (buf, momentum, d) with Nesterov or d = buf without; p = fma (d, −lr, p).
 */
void
entrena_sgd_fused (ENTRENA_SGD_FUSED_PARAMS)
{
  entrena_kernels_get_active ()->sgd_fused (ENTRENA_SGD_FUSED_ARGS);
}

/**
 * entrena_rmsprop_fused:
 * @args: the step (#EntrenaStepArgs; @nesterov and @first unused)
 *
 * One torch.optim.RMSprop step (not centered) as PyTorch's vectorised CPU
 * kernels compute it, bit for bit: d = g, or fma (p, wd, g) with weight
 * decay; s = fma ((1 − α) · d, d, s · α); avg = √s + ε; with momentum,
 * buf = buf · momentum + d / avg and p = fma (buf, −lr, p), without it
 * p = p + (−lr · d) / avg; every other operation rounded once, in that order.
 */
void
entrena_rmsprop_fused (ENTRENA_RMSPROP_FUSED_PARAMS)
{
  entrena_kernels_get_active ()->rmsprop_fused (ENTRENA_RMSPROP_FUSED_ARGS);
}

/**
 * entrena_activation_forward:
 * @activation: the function
 * @n: values
 * @x: `[n]` the activation's inputs (a Linear layer's outputs)
 * @y: `[n]` its outputs; may be @x itself
 *
 * y = f (x) element by element, as PyTorch's float32 CPU kernel of the
 * module (entrena-activation-ref.c gives each formula). On the calling
 * thread.
 */
void
entrena_activation_forward (ENTRENA_ACTIVATION_FORWARD_PARAMS)
{
  entrena_kernels_get_active ()->activation_forward (ENTRENA_ACTIVATION_FORWARD_ARGS);
}

/**
 * entrena_activation_backward:
 * @activation: the function
 * @n: values
 * @x: (nullable): `[n]` the activation's inputs; needed by GELU only
 * @y: `[n]` its outputs, as entrena_activation_forward() left them
 * @d: `[n]` on entry the loss gradient at the outputs, on return at the
 *   inputs
 *
 * d = d ⊙ f′ in place, with the formula of PyTorch's backward kernel for the
 * module: from the output for ReLU, LeakyReLU, Tanh and Sigmoid, from the
 * input for GELU. On the calling thread.
 */
void
entrena_activation_backward (ENTRENA_ACTIVATION_BACKWARD_PARAMS)
{
  entrena_kernels_get_active ()->activation_backward (ENTRENA_ACTIVATION_BACKWARD_ARGS);
}
