/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The scalar reference: the specification every fast path is tested
 * against, and the "scalar" path itself. It is written to be read, not to be
 * fast: one dot product per element of C, summed in float in the order
 * p = 0, 1, …, k − 1.
 */

#include <math.h>
#include <stddef.h>

#include "entrena-kernels-private.h"

/* op(A)[i][p] and op(B)[p][j] of a row-major product. */
static inline float
op_a (const EntrenaGemmArgs *g,
      size_t                 i,
      size_t                 p)
{
  return g->trans_a ? g->a[p * g->lda + i] : g->a[i * g->lda + p];
}

static inline float
op_b (const EntrenaGemmArgs *g,
      size_t                 p,
      size_t                 j)
{
  return g->trans_b ? g->b[j * g->ldb + p] : g->b[p * g->ldb + j];
}

void
_entrena_gemm_ref (const EntrenaGemmArgs *g,
                   float                 *work)
{
  (void) work;

  for (size_t i = 0; i < g->m; i++)
    {
      for (size_t j = 0; j < g->n; j++)
        {
          float *cij = &g->c[i * g->ldc + j];
          float  sum = 0.0f;
          float  v;

          for (size_t p = 0; p < g->k; p++)
            sum += op_a (g, i, p) * op_b (g, p, j);

          v = g->alpha * sum;

          /* beta == 0 means "overwrite": C's old value is not read, so NaN
           * or garbage there cannot leak into the result (BLIS, BLAS). */
          if (g->beta != 0.0f)
            v += g->beta * *cij;

          *cij = _entrena_epilogue_ref (g, i, j, v);
        }
    }

  if (g->ksum != NULL)
    _entrena_colsum_ref (g->k, g->ksum_cols, g->ksum_src, g->ksum_ld, g->ksum);
}

void
_entrena_colsum_ref (size_t       rows,
                     size_t       cols,
                     const float *a,
                     size_t       lda,
                     float       *sum)
{
  for (size_t j = 0; j < cols; j++)
    {
      float s = 0.0f;

      for (size_t p = 0; p < rows; p++)
        s += a[p * lda + j];

      sum[j] += s;
    }
}

/* The fused Adam step, one element at a time: the specification of
 * EntrenaAdamArgs, and the path for instruction sets without a fused
 * multiply-add (fmaf is then libm's, exact too). */
void
_entrena_adam_ref (const EntrenaAdamArgs *args)
{
  for (size_t i = 0; i < args->n; i++)
    {
      float g = args->grads[i];
      float m = fmaf (g, args->one_minus_beta1, args->m[i] * args->beta1);
      float v = fmaf (args->one_minus_beta2 * g, g, args->v[i] * args->beta2);
      float denom = sqrtf (v) / args->bias_correction2_sqrt + args->eps;
      float update = args->step_size * m;

      args->m[i] = m;
      args->v[i] = v;
      args->params[i] = args->params[i] + update / denom;
    }
}

/* The fused SGD step, one element at a time: the specification of
 * entrena_sgd_fused(), and the path without a vector fused multiply-add. */
void
_entrena_sgd_ref (const EntrenaStepArgs *args)
{
  for (size_t i = 0; i < args->n; i++)
    {
      float p = args->params[i];
      float d = args->grads[i];

      if (args->decay)
        d = fmaf (p, args->weight_decay, d);
      if (args->buf != NULL)
        {
          volatile float decayed = args->buf[i] * args->momentum;   /* rounded on its own */
          float b = args->first ? d : decayed + d;

          args->buf[i] = b;
          d = args->nesterov ? fmaf (b, args->momentum, d) : b;
        }
      args->params[i] = fmaf (d, args->neg_lr, p);
    }
}

/* The fused RMSprop step, one element at a time: the specification of
 * entrena_rmsprop_fused(). */
void
_entrena_rmsprop_ref (const EntrenaStepArgs *args)
{
  for (size_t i = 0; i < args->n; i++)
    {
      float p = args->params[i];
      float d = args->grads[i];
      float s;
      float avg;

      if (args->decay)
        d = fmaf (p, args->weight_decay, d);
      s = fmaf (args->one_minus_alpha * d, d, args->square_avg[i] * args->alpha);
      args->square_avg[i] = s;
      avg = sqrtf (s) + args->eps;
      if (args->buf != NULL)
        {
          volatile float decayed = args->buf[i] * args->momentum;   /* rounded on its own */
          float b = decayed + d / avg;

          args->buf[i] = b;
          args->params[i] = fmaf (b, args->neg_lr, p);
        }
      else
        args->params[i] = p + (args->neg_lr * d) / avg;
    }
}

const EntrenaKernelImpl _entrena_kernel_impl_scalar = {
  .name = "scalar",
  .mr = 1,
  .nr = 1,
  .vl = 1,
  .gemm = _entrena_gemm_ref,
  .colsum = _entrena_colsum_ref,
  .adam = _entrena_adam_ref,
  .sgd = _entrena_sgd_ref,
  .rmsprop = _entrena_rmsprop_ref,
  .activation_forward = _entrena_activation_forward_ref,
  .activation_backward = _entrena_activation_backward_ref,
  .elementary = _entrena_elementary_ref,
};
