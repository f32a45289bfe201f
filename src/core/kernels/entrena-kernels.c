/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The dispatcher: which instruction-set path runs, the public products built
 * on the single-threaded kernels, and how a product is split across threads.
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

/*
 * Products smaller than this many multiply-adds stay on one thread: about
 * 2·10⁶ (some 40 µs on one AVX-512 core), so that waking a second thread
 * (a few µs when it is spinning, tens when asleep) costs little in
 * comparison. Every product of the lesson's network (914 rows, 11-64-32-6)
 * is below it.
 */
#define DEFAULT_SPLIT_THRESHOLD ((size_t) 1 << 21)

/* The granularity of a split along k. */
#define K_STEP 64

static atomic_size_t split_threshold = DEFAULT_SPLIT_THRESHOLD;
static atomic_size_t n_split;

/* 0 until initialised; then the thread count in use. */
static atomic_uint n_threads;
static unsigned    default_threads = 1;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static _Atomic (const EntrenaKernelTable *) active_table;

/* ------------------------------------------------------------------------
 * Splitting a product
 */

typedef enum
{
  SPLIT_M,
  SPLIT_N,
  SPLIT_K,
} SplitDim;

typedef struct
{
  const EntrenaKernelImpl *impl;
  const EntrenaGemmArgs   *args;
  SplitDim                 dim;
  size_t                   chunk;          /* along dim, per part */
  unsigned                 first_partial;  /* SPLIT_K: parts ≥ this write partials */
} Product;

static inline size_t
min_size (size_t a,
          size_t b)
{
  return a < b ? a : b;
}

static inline size_t
div_up (size_t a,
        size_t b)
{
  return (a + b - 1) / b;
}

static inline float *
partial_area (float *work)
{
  return work + ENTRENA_PACK_FLOATS;
}

static inline float *
ksum_area (float *work)
{
  return work + ENTRENA_PACK_FLOATS + ENTRENA_PARTIAL_FLOATS;
}

/* One part of a split product: the packing area of the running thread's
 * workspace, the partial sums in workspace number part. */
static void
product_part (void    *data,
              unsigned part,
              unsigned slot,
              float   *work)
{
  const Product  *pr = data;
  EntrenaGemmArgs g = *pr->args;
  size_t          lo = part * pr->chunk;
  size_t          len;

  switch (pr->dim)
    {
    case SPLIT_M:
      len = min_size (pr->chunk, g.m - lo);
      g.m = len;
      g.a += g.trans_a ? lo : lo * g.lda;
      g.c += lo * g.ldc;
      if (g.mask != NULL)
        g.mask += lo * g.ldmask;
      if (part != 0)
        g.ksum = NULL;
      break;

    case SPLIT_N:
      len = min_size (pr->chunk, g.n - lo);
      g.n = len;
      g.b += g.trans_b ? lo * g.ldb : lo;
      g.c += lo;
      if (g.bias != NULL)
        g.bias += lo;
      if (g.mask != NULL)
        g.mask += lo;
      if (part != 0)
        g.ksum = NULL;
      break;

    case SPLIT_K:
    default:
      len = min_size (pr->chunk, g.k - lo);
      g.k = len;
      g.a += g.trans_a ? lo * g.lda : lo;
      g.b += g.trans_b ? lo : lo * g.ldb;
      if (g.ksum != NULL)
        g.ksum_src += lo * g.ksum_ld;
      if (part >= pr->first_partial)
        {
          /* This part's share goes to its own workspace, summed later. */
          g.c = partial_area (_entrena_pool_part_work (part));
          g.ldc = g.n;
          g.beta = 0.0f;
          if (g.ksum != NULL)
            {
              g.ksum = ksum_area (_entrena_pool_part_work (part));
              memset (g.ksum, 0, g.ksum_cols * sizeof (float));
            }
        }
      break;
    }

  (void) slot;
  pr->impl->gemm (&g, work);
}

/*
 * Parts of at most `parts` for len items, each a multiple of step (but the
 * last): rounding up to the step may leave fewer parts than asked for.
 */
static unsigned
chunk_parts (size_t    len,
             size_t    step,
             unsigned  parts,
             size_t   *chunk)
{
  *chunk = div_up (div_up (len, parts), step) * step;

  return (unsigned) div_up (len, *chunk);
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

/*
 * How to split: along m (rows of C: every part packs its own copy of op(B),
 * which is small next to its share of A), along n, or along k (each part
 * sums its share of k into a private C, for the reductions over all rows of
 * the weight gradient, where C is small and k is the number of samples).
 * Returns the number of parts and fills pr.
 */
static unsigned
plan_split (const EntrenaKernelImpl *impl,
            const EntrenaGemmArgs   *g,
            int                      k_only,
            Product                 *pr)
{
  unsigned threads = get_threads ();
  size_t   threshold = atomic_load_explicit (&split_threshold, memory_order_relaxed);
  size_t   mn = g->m > SIZE_MAX / g->n ? SIZE_MAX : g->m * g->n;
  size_t   mnk = g->k != 0 && mn > SIZE_MAX / g->k ? SIZE_MAX : mn * g->k;
  int      epilogue = g->bias != NULL || g->relu || g->mask != NULL;
  int      can_k = !epilogue && mn <= ENTRENA_PARTIAL_FLOATS &&
                   (g->ksum == NULL || g->ksum_cols <= ENTRENA_KSUM_FLOATS);
  size_t   len, step;
  unsigned parts, got;

  if (threads <= 1 || mnk < threshold)
    return 1;

  if (k_only)
    {
      if (!can_k)
        return 1;
      pr->dim = SPLIT_K;
    }
  else if (can_k && g->k >= 4 * (g->m > g->n ? g->m : g->n) && g->k >= 2 * K_STEP)
    pr->dim = SPLIT_K;
  else if (g->m >= 2 * impl->mr)
    pr->dim = SPLIT_M;
  else if (g->n >= 2 * impl->nr)
    pr->dim = SPLIT_N;
  else if (can_k && g->k >= 2 * K_STEP)
    pr->dim = SPLIT_K;
  else
    return 1;

  switch (pr->dim)
    {
    case SPLIT_M:
      len = g->m;
      step = impl->mr;
      break;
    case SPLIT_N:
      len = g->n;
      step = impl->nr;
      break;
    case SPLIT_K:
    default:
      len = g->k;
      step = K_STEP;
      break;
    }

  parts = (unsigned) min_size (threads, div_up (len, step));
  parts = chunk_parts (len, step, parts, &pr->chunk);
  if (parts <= 1)
    return 1;

  got = _entrena_pool_acquire (parts);
  if (got <= 1)
    return 1;
  if (got < parts)
    {
      parts = chunk_parts (len, step, got, &pr->chunk);
      if (parts <= 1)
        {
          _entrena_pool_release ();
          return 1;
        }
    }

  pr->impl = impl;
  pr->args = g;
  atomic_fetch_add_explicit (&n_split, 1, memory_order_relaxed);

  return parts;
}

/* C = epilogue (beta · C), for k == 0 or alpha == 0. */
static void
apply_without_product (const EntrenaGemmArgs *g)
{
  for (size_t i = 0; i < g->m; i++)
    {
      for (size_t j = 0; j < g->n; j++)
        {
          float *cij = &g->c[i * g->ldc + j];
          float  v = g->beta != 0.0f ? g->beta * *cij : 0.0f;

          if (g->bias != NULL)
            v += g->bias[j];
          if (g->relu && v < 0.0f)
            v = 0.0f;
          if (g->mask != NULL && !(g->mask[i * g->ldmask + j] > 0.0f))
            v = 0.0f;
          *cij = v;
        }
    }
}

/*
 * Runs a product into g->c, on this thread or split across the pool. With
 * g->ksum, the column sums are added to g->ksum. Needs g->k ≥ 1 and work0,
 * the calling thread's workspace.
 */
static void
run_product (const EntrenaKernelImpl *impl,
             const EntrenaGemmArgs   *g,
             float                   *work0)
{
  Product  pr;
  unsigned parts = plan_split (impl, g, 0, &pr);

  if (parts <= 1)
    {
      impl->gemm (g, work0);
      return;
    }

  pr.first_partial = 1;
  _entrena_pool_run (product_part, &pr, parts, parts, work0);

  if (pr.dim == SPLIT_K)
    {
      for (unsigned p = 1; p < parts; p++)
        {
          float       *work = _entrena_pool_part_work (p);
          const float *partial = partial_area (work);

          for (size_t i = 0; i < g->m; i++)
            for (size_t j = 0; j < g->n; j++)
              g->c[i * g->ldc + j] += partial[i * g->n + j];

          if (g->ksum != NULL)
            for (size_t j = 0; j < g->ksum_cols; j++)
              g->ksum[j] += ksum_area (work)[j];
        }
    }

  _entrena_pool_release ();
}

/* ------------------------------------------------------------------------
 * The products
 */

static void
do_sgemm (const EntrenaKernelImpl *impl,
          int                      trans_a,
          int                      trans_b,
          size_t                   m,
          size_t                   n,
          size_t                   k,
          float                    alpha,
          const float             *a,
          size_t                   lda,
          const float             *b,
          size_t                   ldb,
          float                    beta,
          float                   *c,
          size_t                   ldc)
{
  EntrenaGemmArgs g = {
    .trans_a = trans_a != 0,
    .trans_b = trans_b != 0,
    .m = m,
    .n = n,
    .k = k,
    .alpha = alpha,
    .a = a,
    .lda = lda,
    .b = b,
    .ldb = ldb,
    .beta = beta,
    .c = c,
    .ldc = ldc,
  };
  float *work0;

  if (m == 0 || n == 0)
    return;
  if (k == 0 || alpha == 0.0f)
    {
      apply_without_product (&g);
      return;
    }

  work0 = _entrena_thread_work ();
  if (work0 == NULL)
    impl = &_entrena_kernel_impl_scalar;

  run_product (impl, &g, work0);
}

static void
do_linear_forward (const EntrenaKernelImpl *impl,
                   size_t                   n_rows,
                   size_t                   n_in,
                   size_t                   n_out,
                   const float             *x,
                   size_t                   ldx,
                   const float             *w,
                   size_t                   ldw,
                   const float             *bias,
                   int                      relu,
                   float                   *y,
                   size_t                   ldy)
{
  /* Y = X · Wᵀ: W is [out][in], so op(B) = Wᵀ is packed, and A = X is read
   * in place, one tile of rows at a time. */
  EntrenaGemmArgs g = {
    .trans_a = 0,
    .trans_b = 1,
    .m = n_rows,
    .n = n_out,
    .k = n_in,
    .alpha = 1.0f,
    .a = x,
    .lda = ldx,
    .b = w,
    .ldb = ldw,
    .beta = 0.0f,
    .c = y,
    .ldc = ldy,
    .bias = bias,
    .relu = relu != 0,
  };
  float *work0;

  if (n_rows == 0 || n_out == 0)
    return;
  if (n_in == 0)
    {
      apply_without_product (&g);
      return;
    }

  work0 = _entrena_thread_work ();
  if (work0 == NULL)
    impl = &_entrena_kernel_impl_scalar;

  run_product (impl, &g, work0);
}

static void
do_linear_backward_input (const EntrenaKernelImpl *impl,
                          size_t                   n_rows,
                          size_t                   n_in,
                          size_t                   n_out,
                          const float             *dy,
                          size_t                   lddy,
                          const float             *w,
                          size_t                   ldw,
                          const float             *mask,
                          size_t                   ldmask,
                          float                   *dx,
                          size_t                   lddx)
{
  /* dX = dY · W, with W [out][in] read in place as op(B). */
  EntrenaGemmArgs g = {
    .trans_a = 0,
    .trans_b = 0,
    .m = n_rows,
    .n = n_in,
    .k = n_out,
    .alpha = 1.0f,
    .a = dy,
    .lda = lddy,
    .b = w,
    .ldb = ldw,
    .beta = 0.0f,
    .c = dx,
    .ldc = lddx,
    .mask = mask,
    .ldmask = ldmask,
  };
  float *work0;

  if (n_rows == 0 || n_in == 0)
    return;
  if (n_out == 0)
    {
      apply_without_product (&g);
      return;
    }

  work0 = _entrena_thread_work ();
  if (work0 == NULL)
    impl = &_entrena_kernel_impl_scalar;

  run_product (impl, &g, work0);
}

/* db = beta · db + alpha · sum, where beta == 0 overwrites. */
static void
finish_bias_gradient (float       *db,
                      const float *sum,
                      size_t       n,
                      float        alpha,
                      float        beta)
{
  for (size_t j = 0; j < n; j++)
    db[j] = (beta != 0.0f ? beta * db[j] : 0.0f) + alpha * sum[j];
}

/*
 * Lanes a product of n columns fills, padding included, as the number of
 * floats of the narrowest kernel: the cost of one orientation.
 */
static size_t
padded_lanes (const EntrenaKernelImpl *impl,
              size_t                   m,
              size_t                   n)
{
  return m * (div_up (n, impl->vl) * impl->vl);
}

static void
do_linear_backward_weight (const EntrenaKernelImpl *impl,
                           size_t                   n_rows,
                           size_t                   n_in,
                           size_t                   n_out,
                           float                    alpha,
                           const float             *dy,
                           size_t                   lddy,
                           const float             *x,
                           size_t                   ldx,
                           float                    beta,
                           float                   *dw,
                           size_t                   lddw,
                           float                   *db)
{
  float *work0;
  int    fuse_db = db != NULL && n_out <= ENTRENA_KSUM_FLOATS;

  if (n_out == 0)
    return;
  if (n_rows == 0 || alpha == 0.0f)
    {
      EntrenaGemmArgs g = { .m = n_out, .n = n_in, .beta = beta, .c = dw, .ldc = lddw };

      apply_without_product (&g);
      if (db != NULL)
        {
          EntrenaGemmArgs gb = { .m = 1, .n = n_out, .beta = beta, .c = db, .ldc = n_out };

          apply_without_product (&gb);
        }
      return;
    }

  work0 = _entrena_thread_work ();
  if (work0 == NULL)
    {
      /* Out of memory for even one workspace: the reference needs none. */
      EntrenaGemmArgs g = {
        .trans_a = 1, .m = n_out, .n = n_in, .k = n_rows, .alpha = alpha,
        .a = dy, .lda = lddy, .b = x, .ldb = ldx, .beta = beta, .c = dw, .ldc = lddw,
      };

      _entrena_gemm_ref (&g, NULL);
      for (size_t j = 0; db != NULL && j < n_out; j++)
        {
          float s = 0.0f;

          _entrena_colsum_ref (n_rows, 1, dy + j, lddy, &s);
          finish_bias_gradient (db + j, &s, 1, alpha, beta);
        }
      return;
    }

  if (n_in > 0 && n_in * n_out <= ENTRENA_PARTIAL_FLOATS &&
      padded_lanes (impl, n_in, n_out) < padded_lanes (impl, n_out, n_in))
    {
      /*
       * Fewer lanes are wasted the other way round (11 inputs, 64 outputs:
       * 11 rows of 64 columns fill every lane, 64 rows of 11 do not), so
       * compute dWᵀ = Xᵀ · dY into each part's workspace and transpose it at
       * the end, which is cheap next to the reduction over all rows.
       */
      EntrenaGemmArgs g = {
        .trans_a = 1,
        .trans_b = 0,
        .m = n_in,
        .n = n_out,
        .k = n_rows,
        .alpha = 1.0f,
        .a = x,
        .lda = ldx,
        .b = dy,
        .ldb = lddy,
        .beta = 0.0f,
        .c = partial_area (work0),
        .ldc = n_out,
        .ksum = fuse_db ? ksum_area (work0) : NULL,
        .ksum_src = dy,
        .ksum_ld = lddy,
        .ksum_cols = n_out,
      };
      Product  pr;
      unsigned parts = plan_split (impl, &g, 1, &pr);

      if (g.ksum != NULL)
        memset (g.ksum, 0, n_out * sizeof (float));

      if (parts <= 1)
        impl->gemm (&g, work0);
      else
        {
          pr.first_partial = 0;
          _entrena_pool_run (product_part, &pr, parts, parts, work0);
        }

      /* Sum the parts into the first one, then transpose into dW. */
      if (parts < 1)
        parts = 1;
      for (unsigned p = 1; p < parts; p++)
        {
          const float *partial = partial_area (_entrena_pool_part_work (p));

          for (size_t i = 0; i < n_in * n_out; i++)
            g.c[i] += partial[i];
        }
      for (size_t o = 0; o < n_out; o++)
        {
          float *dw_row = dw + o * lddw;

          if (beta == 0.0f)
            for (size_t i = 0; i < n_in; i++)
              dw_row[i] = alpha * g.c[i * n_out + o];
          else
            for (size_t i = 0; i < n_in; i++)
              dw_row[i] = beta * dw_row[i] + alpha * g.c[i * n_out + o];
        }

      if (fuse_db)
        {
          float *sum = ksum_area (work0);

          for (unsigned p = 1; p < parts; p++)
            for (size_t j = 0; j < n_out; j++)
              sum[j] += ksum_area (_entrena_pool_part_work (p))[j];
          finish_bias_gradient (db, sum, n_out, alpha, beta);
          fuse_db = 0;
          db = NULL;
        }

      if (parts > 1)
        _entrena_pool_release ();
    }
  else if (n_in > 0)
    {
      /* dW = dYᵀ · X: both read in place along the rows. */
      EntrenaGemmArgs g = {
        .trans_a = 1,
        .trans_b = 0,
        .m = n_out,
        .n = n_in,
        .k = n_rows,
        .alpha = alpha,
        .a = dy,
        .lda = lddy,
        .b = x,
        .ldb = ldx,
        .beta = beta,
        .c = dw,
        .ldc = lddw,
        .ksum = fuse_db ? ksum_area (work0) : NULL,
        .ksum_src = dy,
        .ksum_ld = lddy,
        .ksum_cols = n_out,
      };

      if (g.ksum != NULL)
        memset (g.ksum, 0, n_out * sizeof (float));
      run_product (impl, &g, work0);
      if (fuse_db)
        {
          finish_bias_gradient (db, ksum_area (work0), n_out, alpha, beta);
          db = NULL;
        }
    }

  /* The bias gradient on its own: more outputs than the fused sums hold,
   * or no inputs at all. */
  if (db != NULL)
    {
      float *sum = ksum_area (work0);

      for (size_t j0 = 0; j0 < n_out; j0 += ENTRENA_KSUM_FLOATS)
        {
          size_t cols = min_size (ENTRENA_KSUM_FLOATS, n_out - j0);

          memset (sum, 0, cols * sizeof (float));
          impl->colsum (n_rows, cols, dy + j0, lddy, sum);
          finish_bias_gradient (db + j0, sum, cols, alpha, beta);
        }
    }
}

static void
do_adam_fused (const EntrenaKernelImpl *impl,
               size_t                   n,
               float                   *params,
               const float             *grads,
               float                   *m,
               float                   *v,
               float                    beta1,
               float                    beta2,
               float                    one_minus_beta1,
               float                    one_minus_beta2,
               float                    step_size,
               float                    bias_correction2_sqrt,
               float                    eps)
{
  EntrenaAdamArgs args = {
    .n = n,
    .params = params,
    .grads = grads,
    .m = m,
    .v = v,
    .beta1 = beta1,
    .beta2 = beta2,
    .one_minus_beta1 = one_minus_beta1,
    .one_minus_beta2 = one_minus_beta2,
    .step_size = step_size,
    .bias_correction2_sqrt = bias_correction2_sqrt,
    .eps = eps,
  };

  impl->adam (&args);
}

/* ------------------------------------------------------------------------
 * One table per compiled path
 */

#define DEFINE_PATH(id)                                                                           \
  static void                                                                                     \
  sgemm_##id (int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha,                \
              const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,       \
              size_t ldc)                                                                         \
  {                                                                                               \
    do_sgemm (&_entrena_kernel_impl_##id, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb,       \
              beta, c, ldc);                                                                      \
  }                                                                                               \
  static void                                                                                     \
  linear_forward_##id (size_t n_rows, size_t n_in, size_t n_out, const float *x, size_t ldx,      \
                       const float *w, size_t ldw, const float *bias, int relu, float *y,         \
                       size_t ldy)                                                                \
  {                                                                                               \
    do_linear_forward (&_entrena_kernel_impl_##id, n_rows, n_in, n_out, x, ldx, w, ldw, bias,     \
                       relu, y, ldy);                                                             \
  }                                                                                               \
  static void                                                                                     \
  linear_backward_input_##id (size_t n_rows, size_t n_in, size_t n_out, const float *dy,         \
                              size_t lddy, const float *w, size_t ldw, const float *mask,         \
                              size_t ldmask, float *dx, size_t lddx)                              \
  {                                                                                               \
    do_linear_backward_input (&_entrena_kernel_impl_##id, n_rows, n_in, n_out, dy, lddy, w, ldw,  \
                              mask, ldmask, dx, lddx);                                            \
  }                                                                                               \
  static void                                                                                     \
  linear_backward_weight_##id (size_t n_rows, size_t n_in, size_t n_out, float alpha,            \
                               const float *dy, size_t lddy, const float *x, size_t ldx,          \
                               float beta, float *dw, size_t lddw, float *db)                     \
  {                                                                                               \
    do_linear_backward_weight (&_entrena_kernel_impl_##id, n_rows, n_in, n_out, alpha, dy, lddy,  \
                               x, ldx, beta, dw, lddw, db);                                       \
  }                                                                                               \
  static void                                                                                     \
  adam_fused_##id (size_t n, float *params, const float *grads, float *m, float *v, float beta1,  \
                   float beta2, float one_minus_beta1, float one_minus_beta2, float step_size,    \
                   float bias_correction2_sqrt, float eps)                                        \
  {                                                                                               \
    do_adam_fused (&_entrena_kernel_impl_##id, n, params, grads, m, v, beta1, beta2,              \
                   one_minus_beta1, one_minus_beta2, step_size, bias_correction2_sqrt, eps);      \
  }                                                                                               \
  static const EntrenaKernelTable table_##id = {                                                  \
    .name = #id,                                                                                  \
    .sgemm = sgemm_##id,                                                                          \
    .linear_forward = linear_forward_##id,                                                        \
    .linear_backward_input = linear_backward_input_##id,                                          \
    .linear_backward_weight = linear_backward_weight_##id,                                        \
    .adam_fused = adam_fused_##id,                                                                \
  };

DEFINE_PATH (scalar)
#if defined(__x86_64__)
DEFINE_PATH (sse2)
#endif
#if defined(ENTRENA_HAVE_AVX2)
DEFINE_PATH (avx2)
#endif
#if defined(ENTRENA_HAVE_AVX512)
DEFINE_PATH (avx512)
#endif
#if defined(ENTRENA_HAVE_NEON)
DEFINE_PATH (neon)
#endif

/* Compiled paths, worst to best. */
static const EntrenaKernelTable *const compiled[] = {
  &table_scalar,
#if defined(__x86_64__)
  &table_sse2,
#endif
#if defined(ENTRENA_HAVE_AVX2)
  &table_avx2,
#endif
#if defined(ENTRENA_HAVE_AVX512)
  &table_avx512,
#endif
#if defined(ENTRENA_HAVE_NEON)
  &table_neon,
#endif
};

#define N_COMPILED (sizeof compiled / sizeof compiled[0])

static const char *const compiled_names[] = {
  "scalar",
#if defined(__x86_64__)
  "sse2",
#endif
#if defined(ENTRENA_HAVE_AVX2)
  "avx2",
#endif
#if defined(ENTRENA_HAVE_AVX512)
  "avx512",
#endif
#if defined(ENTRENA_HAVE_NEON)
  "neon",
#endif
  NULL,
};

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
  for (size_t i = N_COMPILED; i-- > 0;)
    if (cpu_supports (compiled[i]))
      return compiled[i];

  return &table_scalar;
}

static const EntrenaKernelTable *
find_compiled (const char *name)
{
  for (size_t i = 0; i < N_COMPILED; i++)
    if (strcmp (compiled[i]->name, name) == 0)
      return compiled[i];

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
  return compiled_names;
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

size_t
_entrena_kernels_set_split_threshold (size_t flops)
{
  return atomic_exchange (&split_threshold, flops);
}

size_t
_entrena_kernels_get_n_split (void)
{
  return atomic_load (&n_split);
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
entrena_sgemm (int          trans_a,
               int          trans_b,
               size_t       m,
               size_t       n,
               size_t       k,
               float        alpha,
               const float *a,
               size_t       lda,
               const float *b,
               size_t       ldb,
               float        beta,
               float       *c,
               size_t       ldc)
{
  entrena_kernels_get_active ()->sgemm (trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta,
                                        c, ldc);
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
entrena_linear_forward (size_t       n_rows,
                        size_t       n_in,
                        size_t       n_out,
                        const float *x,
                        size_t       ldx,
                        const float *w,
                        size_t       ldw,
                        const float *bias,
                        int          relu,
                        float       *y,
                        size_t       ldy)
{
  entrena_kernels_get_active ()->linear_forward (n_rows, n_in, n_out, x, ldx, w, ldw, bias, relu,
                                                 y, ldy);
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
entrena_linear_backward_input (size_t       n_rows,
                               size_t       n_in,
                               size_t       n_out,
                               const float *dy,
                               size_t       lddy,
                               const float *w,
                               size_t       ldw,
                               const float *mask,
                               size_t       ldmask,
                               float       *dx,
                               size_t       lddx)
{
  entrena_kernels_get_active ()->linear_backward_input (n_rows, n_in, n_out, dy, lddy, w, ldw,
                                                        mask, ldmask, dx, lddx);
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
entrena_linear_backward_weight (size_t       n_rows,
                                size_t       n_in,
                                size_t       n_out,
                                float        alpha,
                                const float *dy,
                                size_t       lddy,
                                const float *x,
                                size_t       ldx,
                                float        beta,
                                float       *dw,
                                size_t       lddw,
                                float       *db)
{
  entrena_kernels_get_active ()->linear_backward_weight (n_rows, n_in, n_out, alpha, dy, lddy, x,
                                                         ldx, beta, dw, lddw, db);
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
entrena_adam_fused (size_t       n,
                    float       *params,
                    const float *grads,
                    float       *m,
                    float       *v,
                    float        beta1,
                    float        beta2,
                    float        one_minus_beta1,
                    float        one_minus_beta2,
                    float        step_size,
                    float        bias_correction2_sqrt,
                    float        eps)
{
  entrena_kernels_get_active ()->adam_fused (n, params, grads, m, v, beta1, beta2, one_minus_beta1,
                                             one_minus_beta2, step_size, bias_correction2_sqrt,
                                             eps);
}
