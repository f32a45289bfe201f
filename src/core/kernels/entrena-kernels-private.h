/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the instruction-set files and the dispatcher share. Nothing here
 * contains intrinsics: each entrena-sgemm-<isa>.c is compiled with its own
 * flags and exports only plain C entry points.
 */

#include <stddef.h>

#include "entrena-kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The parameters of the operations of entrena-kernels.h (their function
 * types there), for the functions that define or forward them: the public
 * entry points, and each path's in entrena-kernels-products.c.
 */
#define ENTRENA_SGEMM_PARAMS                                                         \
  int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a, \
  size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc
#define ENTRENA_SGEMM_ARGS trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc

#define ENTRENA_LINEAR_FORWARD_PARAMS                                                 \
  size_t n_rows, size_t n_in, size_t n_out, const float *x, size_t ldx, const float *w, \
  size_t ldw, const float *bias, int relu, float *y, size_t ldy
#define ENTRENA_LINEAR_FORWARD_ARGS n_rows, n_in, n_out, x, ldx, w, ldw, bias, relu, y, ldy

#define ENTRENA_LINEAR_BACKWARD_INPUT_PARAMS                                            \
  size_t n_rows, size_t n_in, size_t n_out, const float *dy, size_t lddy, const float *w, \
  size_t ldw, const float *mask, size_t ldmask, float *dx, size_t lddx
#define ENTRENA_LINEAR_BACKWARD_INPUT_ARGS \
  n_rows, n_in, n_out, dy, lddy, w, ldw, mask, ldmask, dx, lddx

#define ENTRENA_LINEAR_BACKWARD_WEIGHT_PARAMS                                       \
  size_t n_rows, size_t n_in, size_t n_out, float alpha, const float *dy, size_t lddy, \
  const float *x, size_t ldx, float beta, float *dw, size_t lddw, float *db
#define ENTRENA_LINEAR_BACKWARD_WEIGHT_ARGS \
  n_rows, n_in, n_out, alpha, dy, lddy, x, ldx, beta, dw, lddw, db

#define ENTRENA_ADAM_FUSED_PARAMS                                                       \
  size_t n, float *params, const float *grads, float *m, float *v, float beta1,         \
  float beta2, float one_minus_beta1, float one_minus_beta2, float step_size,           \
  float bias_correction2_sqrt, float eps
#define ENTRENA_ADAM_FUSED_ARGS \
  n, params, grads, m, v, beta1, beta2, one_minus_beta1, one_minus_beta2, step_size, \
  bias_correction2_sqrt, eps

#define ENTRENA_SGD_FUSED_PARAMS const EntrenaStepArgs *args
#define ENTRENA_SGD_FUSED_ARGS args
#define ENTRENA_RMSPROP_FUSED_PARAMS const EntrenaStepArgs *args
#define ENTRENA_RMSPROP_FUSED_ARGS args

#define ENTRENA_ACTIVATION_FORWARD_PARAMS \
  EntrenaActivation activation, size_t n, const float *x, float *y
#define ENTRENA_ACTIVATION_FORWARD_ARGS activation, n, x, y

#define ENTRENA_ACTIVATION_BACKWARD_PARAMS \
  EntrenaActivation activation, size_t n, const float *x, const float *y, float *d
#define ENTRENA_ACTIVATION_BACKWARD_ARGS activation, n, x, y, d

/* The activations' elementary functions (entrena-activation-math.h), one
 * path's vector versions over an array: only the tests call them. */
typedef enum
{
  ENTRENA_ELEMENTARY_EXP,
  ENTRENA_ELEMENTARY_TANH,
  ENTRENA_ELEMENTARY_ERF,
} EntrenaElementary;

#define ENTRENA_N_ELEMENTARY 3

#define ENTRENA_ELEMENTARY_PARAMS \
  EntrenaElementary fn, size_t n, const float *x, float *y

/*
 * Blocking and workspace. Each thread that runs kernels owns one workspace of
 * ENTRENA_WORK_FLOATS floats, 64-byte aligned, in three parts:
 *
 *   pack     [ENTRENA_KC_MAX * ENTRENA_NC_MAX]  op(B) packed in slivers of
 *            NR columns: for each sliver, kc rows of NR floats (zero padded at
 *            the right edge). A panel is kc ≤ KC_MAX rows by nc ≤ NC_MAX
 *            columns, so it stays in the L2 cache while the rows of A stream.
 *   partial  [ENTRENA_PARTIAL_FLOATS]  one thread's share of a product split
 *            along k, summed into C by the calling thread afterwards.
 *   ksum     [ENTRENA_KSUM_FLOATS]  column sums fused into a product (the
 *            bias gradient).
 */
#define ENTRENA_KC_MAX          256
#define ENTRENA_NC_MAX          512
#define ENTRENA_PACK_FLOATS     ((size_t) ENTRENA_KC_MAX * ENTRENA_NC_MAX)
#define ENTRENA_PARTIAL_FLOATS  ((size_t) 128 * 1024)
#define ENTRENA_KSUM_FLOATS     ((size_t) 4096)
#define ENTRENA_WORK_FLOATS     (ENTRENA_PACK_FLOATS + ENTRENA_PARTIAL_FLOATS + ENTRENA_KSUM_FLOATS)

/**
 * EntrenaGemmArgs:
 *
 * One product on one thread:
 *
 *   C[m][n] = epilogue (alpha · op(A)[m][k] · op(B)[k][n] + beta · C)
 *
 * op(A)[i][p] is a[i * lda + p], or a[p * lda + i] when @trans_a; op(B)[p][j]
 * is b[p * ldb + j], or b[j * ldb + p] when @trans_b. beta == 0 overwrites C
 * without reading it (so NaN there does not propagate).
 *
 * The epilogue runs once on each final value, in this order: add @bias[j]
 * (if not NULL), ReLU (if @relu; NaN stays NaN), then keep the value only
 * where @mask[i * ldmask + j] > 0 and store 0 elsewhere (if @mask is not
 * NULL). @mask may not alias @c.
 *
 * If @ksum is not NULL, the driver also accumulates column sums of a matrix
 * that is read along k, while its rows are in cache:
 *   ksum[j] += Σ_p ksum_src[p * ksum_ld + j] for p < k, j < ksum_cols.
 */
typedef struct
{
  int          trans_a;
  int          trans_b;
  size_t       m;
  size_t       n;
  size_t       k;
  float        alpha;
  const float *a;
  size_t       lda;
  const float *b;
  size_t       ldb;
  float        beta;
  float       *c;
  size_t       ldc;

  /* Epilogue. */
  const float *bias;           /* [n] or NULL */
  int          relu;
  const float *mask;           /* [m][ldmask] or NULL */
  size_t       ldmask;

  /* Fused column sums. */
  float       *ksum;           /* [ksum_cols] or NULL */
  const float *ksum_src;       /* [k][ksum_ld] */
  size_t       ksum_ld;
  size_t       ksum_cols;
} EntrenaGemmArgs;

/*
 * The epilogue of EntrenaGemmArgs on one value v of C[i][j]: the bias, ReLU
 * as PyTorch's (negative values become 0, NaN stays NaN so that divergence
 * is still detected downstream), then the ReLU derivative: keep the value
 * where the mask is positive. A select, not a multiplication, so 0 · NaN or
 * 0 · ∞ give 0, as torch.threshold_backward does.
 */
static inline float
_entrena_epilogue_ref (const EntrenaGemmArgs *g,
                       size_t                 i,
                       size_t                 j,
                       float                  v)
{
  if (g->bias != NULL)
    v += g->bias[j];
  if (g->relu && v < 0.0f)
    v = 0.0f;
  if (g->mask != NULL && !(g->mask[i * g->ldmask + j] > 0.0f))
    v = 0.0f;

  return v;
}

/**
 * EntrenaAdamArgs:
 *
 * One step of Adam over n parameters, with the moment updates fused (one
 * rounding each), as PyTorch's vectorised CPU kernels compute them:
 *
 *   m = fma (g, one_minus_beta1, m · beta1)
 *   v = fma (one_minus_beta2 · g, g, v · beta2)
 *   params += (step_size · m) / (sqrt (v) / bias_correction2_sqrt + eps)
 *
 * with every other operation rounded to float once, in this order.
 */
typedef struct
{
  size_t       n;
  float       *params;
  const float *grads;
  float       *m;
  float       *v;
  float        beta1;
  float        beta2;
  float        one_minus_beta1;
  float        one_minus_beta2;
  float        step_size;
  float        bias_correction2_sqrt;
  float        eps;
} EntrenaAdamArgs;

/**
 * EntrenaKernelImpl:
 * @name: path name
 * @mr: rows of the register tile; thread splits along m are multiples of it
 * @nr: columns of the main register tile
 * @vl: floats per vector register (for the choice of orientation)
 * @gemm: the single-threaded product; @work is the thread's pack area,
 *   at least %ENTRENA_PACK_FLOATS floats, 64-byte aligned
 * @colsum: sum[j] += Σ_p a[p * lda + j] for p < rows, j < cols
 * @adam: one fused Adam step (EntrenaAdamArgs)
 * @sgd: one fused SGD step (EntrenaStepArgs, entrena_sgd_fused())
 * @rmsprop: one fused RMSprop step (EntrenaStepArgs, entrena_rmsprop_fused())
 * @activation_forward: entrena_activation_forward() on one thread
 * @activation_backward: entrena_activation_backward() on one thread
 * @elementary: exp, tanh or erf of each element, for the tests
 *
 * One instruction set's entry points, all single-threaded. The products
 * (entrena-kernels-products.c) add the argument handling, the threading and
 * the training products on top.
 */
typedef struct
{
  const char *name;
  size_t      mr;
  size_t      nr;
  size_t      vl;
  void      (*gemm)   (const EntrenaGemmArgs *args,
                       float                 *work);
  void      (*colsum) (size_t       rows,
                       size_t       cols,
                       const float *a,
                       size_t       lda,
                       float       *sum);
  void      (*adam)   (const EntrenaAdamArgs *args);
  void      (*sgd)    (const EntrenaStepArgs *args);
  void      (*rmsprop) (const EntrenaStepArgs *args);
  EntrenaActivationForwardFunc  *activation_forward;
  EntrenaActivationBackwardFunc *activation_backward;
  void      (*elementary) (ENTRENA_ELEMENTARY_PARAMS);
} EntrenaKernelImpl;

extern const EntrenaKernelImpl _entrena_kernel_impl_scalar;
#if defined(__x86_64__)
extern const EntrenaKernelImpl _entrena_kernel_impl_sse2;
#endif
#if defined(ENTRENA_HAVE_AVX2)
extern const EntrenaKernelImpl _entrena_kernel_impl_avx2;
#endif
#if defined(ENTRENA_HAVE_AVX512)
extern const EntrenaKernelImpl _entrena_kernel_impl_avx512;
#endif
#if defined(ENTRENA_HAVE_NEON)
extern const EntrenaKernelImpl _entrena_kernel_impl_neon;
#endif

/*
 * The compiled paths' tables and their names, worst to best (scalar first),
 * each NULL-terminated (entrena-kernels-products.c).
 */
extern const EntrenaKernelTable *const _entrena_kernel_tables[];
extern const char *const               _entrena_kernel_names[];
extern const EntrenaKernelImpl *const  _entrena_kernel_impls[];

/* The readable reference, also used by the tests and as the scalar path. */
void _entrena_gemm_ref   (const EntrenaGemmArgs *args,
                          float                 *work);
void _entrena_colsum_ref (size_t       rows,
                          size_t       cols,
                          const float *a,
                          size_t       lda,
                          float       *sum);
void _entrena_adam_ref   (const EntrenaAdamArgs *args);
void _entrena_sgd_ref    (const EntrenaStepArgs *args);
void _entrena_rmsprop_ref (const EntrenaStepArgs *args);
void _entrena_activation_forward_ref  (ENTRENA_ACTIVATION_FORWARD_PARAMS);
void _entrena_activation_backward_ref (ENTRENA_ACTIVATION_BACKWARD_PARAMS);
void _entrena_elementary_ref          (ENTRENA_ELEMENTARY_PARAMS);

/*
 * For tests: which path an ENTRENA_SIMD value selects on this CPU. When
 * another path than the one asked for is chosen, message gets the reason
 * (otherwise it is set to the empty string).
 */
const EntrenaKernelTable *_entrena_kernels_select (const char *request,
                                                   char       *message,
                                                   size_t      message_size);

/*
 * For tests: the smallest product, in multiply-adds (m · n · k), that is
 * split across threads. 0 splits everything that can be split.
 * Returns the previous value.
 */
size_t _entrena_kernels_set_split_threshold (size_t flops);

/* For tests: how many products have run split across threads so far. */
size_t _entrena_kernels_get_n_split (void);

#ifdef __cplusplus
}
#endif
