/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The activations' arithmetic parts, vectorised: a template like
 * entrena-adam-update.h, included by each instruction-set file after it
 * defines
 *
 *   AC_FORWARD_FN, AC_BACKWARD_FN   names of the generated functions
 *                                   (EntrenaKernelImpl.activation_forward, …)
 *   AC_T, AC_VL                     the vector type and its floats
 *   AC_LOADU(p), AC_STOREU(p, v), AC_SET1(x)
 *   AC_MUL, AC_SUB (a, b)           one rounding each
 *   AC_SELECT_POS(m, a, b)          a where m > 0, else b (NaN in m: b)
 *   AC_FNMA_ONE(y)                  1 − y · y with one rounding, or leave it
 *                                   undefined where there is no fused
 *                                   multiply-add (Tanh's backward then stays
 *                                   scalar)
 *
 * LeakyReLU both ways, and the backward of Tanh and Sigmoid (which need
 * only the output) are vectorised here with exactly the scalar reference's
 * operations (entrena-activation-ref.c), so the result is the same bits.
 * The rest (ReLU, which the products' epilogue does; tanh, exp and erf,
 * which are libm's) and the last few elements are left to the reference.
 */

void
AC_FORWARD_FN (ENTRENA_ACTIVATION_FORWARD_PARAMS)
{
  size_t i = 0;

  if (activation == ENTRENA_ACTIVATION_LEAKY_RELU)
    {
      const AC_T slope = AC_SET1 (ENTRENA_LEAKY_RELU_SLOPE);

      for (; i + AC_VL <= n; i += AC_VL)
        {
          AC_T v = AC_LOADU (x + i);

          AC_STOREU (y + i, AC_SELECT_POS (v, v, AC_MUL (v, slope)));
        }
    }

  if (i < n)
    _entrena_activation_forward_ref (activation, n - i, x + i, y + i);
}

void
AC_BACKWARD_FN (ENTRENA_ACTIVATION_BACKWARD_PARAMS)
{
  const AC_T one = AC_SET1 (1.0f);
  const AC_T slope = AC_SET1 (ENTRENA_LEAKY_RELU_SLOPE);
  size_t i = 0;

  (void) one;
  switch (activation)
    {
    case ENTRENA_ACTIVATION_LEAKY_RELU:
      for (; i + AC_VL <= n; i += AC_VL)
        {
          AC_T g = AC_LOADU (d + i);

          AC_STOREU (d + i, AC_SELECT_POS (AC_LOADU (y + i), g, AC_MUL (g, slope)));
        }
      break;
#ifdef AC_FNMA_ONE
    case ENTRENA_ACTIVATION_TANH:
      for (; i + AC_VL <= n; i += AC_VL)
        AC_STOREU (d + i, AC_MUL (AC_LOADU (d + i), AC_FNMA_ONE (AC_LOADU (y + i))));
      break;
#endif
    case ENTRENA_ACTIVATION_SIGMOID:
      for (; i + AC_VL <= n; i += AC_VL)
        {
          AC_T out = AC_LOADU (y + i);

          AC_STOREU (d + i, AC_MUL (AC_MUL (AC_LOADU (d + i), AC_SUB (one, out)), out));
        }
      break;
    default:
      break;
    }

  if (i < n)
    _entrena_activation_backward_ref (activation, n - i, x != NULL ? x + i : NULL, y + i, d + i);
}

#undef AC_FORWARD_FN
#undef AC_BACKWARD_FN
#undef AC_T
#undef AC_VL
#undef AC_LOADU
#undef AC_STOREU
#undef AC_SET1
#undef AC_MUL
#undef AC_SUB
#undef AC_SELECT_POS
#undef AC_FNMA_ONE
