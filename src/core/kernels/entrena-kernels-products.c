/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The products of every path: the public operations built on one
 * instruction set's single-threaded kernel, and how a large product is
 * planned across the thread pool (split along m, n or k, the partial sums
 * added up afterwards). One table of these functions per compiled path;
 * entrena-kernels.c chooses which table is active.
 */

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

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
  unsigned threads = entrena_kernels_get_threads ();
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

          *cij = _entrena_epilogue_ref (g, i, j, g->beta != 0.0f ? g->beta * *cij : 0.0f);
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

/*
 * What every product but the weight gradient ends with: nothing to do for an
 * empty C, only the epilogue without a product (k == 0 or alpha == 0), and
 * otherwise the product on the calling thread's workspace (the scalar path,
 * which needs none, when even that cannot be allocated).
 */
static void
compute_product (const EntrenaKernelImpl *impl,
                 const EntrenaGemmArgs   *g)
{
  float *work0;

  if (g->m == 0 || g->n == 0)
    return;
  if (g->k == 0 || g->alpha == 0.0f)
    {
      apply_without_product (g);
      return;
    }

  work0 = _entrena_thread_work ();
  if (work0 == NULL)
    impl = &_entrena_kernel_impl_scalar;

  run_product (impl, g, work0);
}

/* The arguments of entrena_sgemm() as a product without an epilogue. */
static inline EntrenaGemmArgs
product_args (ENTRENA_SGEMM_PARAMS)
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

  return g;
}

static void
do_sgemm (const EntrenaKernelImpl *impl,
          ENTRENA_SGEMM_PARAMS)
{
  EntrenaGemmArgs g = product_args (ENTRENA_SGEMM_ARGS);

  compute_product (impl, &g);
}

static void
do_linear_forward (const EntrenaKernelImpl *impl,
                   ENTRENA_LINEAR_FORWARD_PARAMS)
{
  /* Y = X · Wᵀ: W is [out][in], so op(B) = Wᵀ is packed, and A = X is read
   * in place, one tile of rows at a time. */
  EntrenaGemmArgs g = product_args (0, 1, n_rows, n_out, n_in, 1.0f, x, ldx, w, ldw, 0.0f, y, ldy);

  g.bias = bias;
  g.relu = relu != 0;
  compute_product (impl, &g);
}

static void
do_linear_backward_input (const EntrenaKernelImpl *impl,
                          ENTRENA_LINEAR_BACKWARD_INPUT_PARAMS)
{
  /* dX = dY · W, with W [out][in] read in place as op(B). */
  EntrenaGemmArgs g = product_args (0, 0, n_rows, n_in, n_out, 1.0f, dy, lddy, w, ldw, 0.0f, dx,
                                    lddx);

  g.mask = mask;
  g.ldmask = ldmask;
  compute_product (impl, &g);
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

/*
 * Have the product of g also sum the first n_out columns of dY (the bias
 * gradient) into ksum, zeroed here, while dY's rows are in cache; nothing
 * when ksum is NULL.
 */
static void
fuse_bias_sums (EntrenaGemmArgs *g,
                float           *ksum,
                const float     *dy,
                size_t           lddy,
                size_t           n_out)
{
  g->ksum = ksum;
  g->ksum_src = dy;
  g->ksum_ld = lddy;
  g->ksum_cols = n_out;
  if (ksum != NULL)
    memset (ksum, 0, n_out * sizeof (float));
}

static void
do_linear_backward_weight (const EntrenaKernelImpl *impl,
                           ENTRENA_LINEAR_BACKWARD_WEIGHT_PARAMS)
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
      EntrenaGemmArgs g = product_args (1, 0, n_out, n_in, n_rows, alpha, dy, lddy, x, ldx, beta,
                                        dw, lddw);

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
      EntrenaGemmArgs g = product_args (1, 0, n_in, n_out, n_rows, 1.0f, x, ldx, dy, lddy, 0.0f,
                                        partial_area (work0), n_out);
      Product         pr;
      unsigned        parts;

      fuse_bias_sums (&g, fuse_db ? ksum_area (work0) : NULL, dy, lddy, n_out);
      parts = plan_split (impl, &g, 1, &pr);
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
      EntrenaGemmArgs g = product_args (1, 0, n_out, n_in, n_rows, alpha, dy, lddy, x, ldx, beta,
                                        dw, lddw);

      fuse_bias_sums (&g, fuse_db ? ksum_area (work0) : NULL, dy, lddy, n_out);
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
               ENTRENA_ADAM_FUSED_PARAMS)
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

static void
do_sgd_fused (const EntrenaKernelImpl *impl,
              ENTRENA_SGD_FUSED_PARAMS)
{
  impl->sgd (args);
}

static void
do_rmsprop_fused (const EntrenaKernelImpl *impl,
                  ENTRENA_RMSPROP_FUSED_PARAMS)
{
  impl->rmsprop (args);
}

static void
do_activation_forward (const EntrenaKernelImpl *impl,
                       ENTRENA_ACTIVATION_FORWARD_PARAMS)
{
  impl->activation_forward (ENTRENA_ACTIVATION_FORWARD_ARGS);
}

static void
do_activation_backward (const EntrenaKernelImpl *impl,
                        ENTRENA_ACTIVATION_BACKWARD_PARAMS)
{
  impl->activation_backward (ENTRENA_ACTIVATION_BACKWARD_ARGS);
}

/* ------------------------------------------------------------------------
 * One table per compiled path
 */

#define DEFINE_OP(op, OP, id)                                                 \
  static void                                                                 \
  op##_##id (ENTRENA_##OP##_PARAMS)                                           \
  {                                                                           \
    do_##op (&_entrena_kernel_impl_##id, ENTRENA_##OP##_ARGS);                \
  }

#define DEFINE_PATH(id)                                                       \
  DEFINE_OP (sgemm, SGEMM, id)                                                \
  DEFINE_OP (linear_forward, LINEAR_FORWARD, id)                              \
  DEFINE_OP (linear_backward_input, LINEAR_BACKWARD_INPUT, id)                \
  DEFINE_OP (linear_backward_weight, LINEAR_BACKWARD_WEIGHT, id)              \
  DEFINE_OP (adam_fused, ADAM_FUSED, id)                                      \
  DEFINE_OP (sgd_fused, SGD_FUSED, id)                                        \
  DEFINE_OP (rmsprop_fused, RMSPROP_FUSED, id)                                \
  DEFINE_OP (activation_forward, ACTIVATION_FORWARD, id)                      \
  DEFINE_OP (activation_backward, ACTIVATION_BACKWARD, id)                    \
  static const EntrenaKernelTable table_##id = {                              \
    .name = #id,                                                              \
    .sgemm = sgemm_##id,                                                      \
    .linear_forward = linear_forward_##id,                                    \
    .linear_backward_input = linear_backward_input_##id,                      \
    .linear_backward_weight = linear_backward_weight_##id,                    \
    .adam_fused = adam_fused_##id,                                            \
    .sgd_fused = sgd_fused_##id,                                              \
    .rmsprop_fused = rmsprop_fused_##id,                                      \
    .activation_forward = activation_forward_##id,                            \
    .activation_backward = activation_backward_##id,                          \
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
const EntrenaKernelTable *const _entrena_kernel_tables[] = {
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
  NULL,
};

const char *const _entrena_kernel_names[] = {
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

/* Their implementations, in the same order. */
const EntrenaKernelImpl *const _entrena_kernel_impls[] = {
  &_entrena_kernel_impl_scalar,
#if defined(__x86_64__)
  &_entrena_kernel_impl_sse2,
#endif
#if defined(ENTRENA_HAVE_AVX2)
  &_entrena_kernel_impl_avx2,
#endif
#if defined(ENTRENA_HAVE_AVX512)
  &_entrena_kernel_impl_avx512,
#endif
#if defined(ENTRENA_HAVE_NEON)
  &_entrena_kernel_impl_neon,
#endif
  NULL,
};

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
