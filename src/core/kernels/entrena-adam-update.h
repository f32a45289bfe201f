/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Adam's update with fused moment updates, vectorised: a template like
 * entrena-sgemm-ukernel.h, included by the instruction-set files that have
 * a fused multiply-add, after they define
 *
 *   AD_FN                name of the generated function (EntrenaKernelImpl.adam)
 *   AD_T, AD_VL          the vector type and its floats
 *   AD_LOADU(p), AD_STOREU(p, v), AD_SET1(x)
 *   AD_MUL, AD_ADD, AD_DIV (a, b)   one rounding each
 *   AD_SQRT(a)           correctly rounded square root
 *   AD_FMA(a, b, c)      a · b + c with one rounding
 *
 * Every element gets exactly the operations of the scalar reference
 * (_entrena_adam_ref in entrena-sgemm-ref.c), each rounded once, so the
 * result is the same bits; the last few elements are left to it.
 */

void
AD_FN (const EntrenaAdamArgs *args)
{
  const AD_T beta1 = AD_SET1 (args->beta1);
  const AD_T beta2 = AD_SET1 (args->beta2);
  const AD_T one_minus_beta1 = AD_SET1 (args->one_minus_beta1);
  const AD_T one_minus_beta2 = AD_SET1 (args->one_minus_beta2);
  const AD_T step_size = AD_SET1 (args->step_size);
  const AD_T bias_correction2_sqrt = AD_SET1 (args->bias_correction2_sqrt);
  const AD_T eps = AD_SET1 (args->eps);
  size_t     i = 0;

  for (; i + AD_VL <= args->n; i += AD_VL)
    {
      AD_T g = AD_LOADU (args->grads + i);
      AD_T m = AD_FMA (g, one_minus_beta1, AD_MUL (AD_LOADU (args->m + i), beta1));
      AD_T v = AD_FMA (AD_MUL (one_minus_beta2, g), g, AD_MUL (AD_LOADU (args->v + i), beta2));
      AD_T denom = AD_ADD (AD_DIV (AD_SQRT (v), bias_correction2_sqrt), eps);
      AD_T update = AD_MUL (step_size, m);

      AD_STOREU (args->m + i, m);
      AD_STOREU (args->v + i, v);
      AD_STOREU (args->params + i, AD_ADD (AD_LOADU (args->params + i), AD_DIV (update, denom)));
    }

  if (i < args->n)
    {
      EntrenaAdamArgs rest = *args;

      rest.n = args->n - i;
      rest.params += i;
      rest.grads += i;
      rest.m += i;
      rest.v += i;
      _entrena_adam_ref (&rest);
    }
}

#undef AD_FN
#undef AD_T
#undef AD_VL
#undef AD_LOADU
#undef AD_STOREU
#undef AD_SET1
#undef AD_MUL
#undef AD_ADD
#undef AD_DIV
#undef AD_SQRT
#undef AD_FMA
