/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The activations, vectorised: a template like entrena-adam-update.h,
 * included by each instruction-set file after it defines
 *
 *   AC_FORWARD_FN, AC_BACKWARD_FN   names of the generated functions
 *                                   (EntrenaKernelImpl.activation_forward, …)
 *   AC_ELEMENTARY_FN                (with AC_FMA only) EntrenaKernelImpl.elementary
 *   AC_T, AC_VL                     the vector type and its floats
 *   AC_LOADU(p), AC_STOREU(p, v), AC_SET1(x)
 *   AC_MUL, AC_SUB (a, b)           one rounding each
 *   AC_SELECT_POS(m, a, b)          a where m > 0, else b (NaN in m: b)
 *
 * and, where the instruction set has a fused multiply-add (without one,
 * everything below stays with the scalar reference, which fuses):
 *
 *   AC_FNMA_ONE(y)                  1 − y · y with one rounding
 *   AC_FMA(a, b, c)                 a · b + c with one rounding
 *   AC_ADD, AC_DIV (a, b)           one rounding each
 *   AC_SELECT_LT(a, b, t, f)        t where a < b, else f (NaN: f)
 *   AC_SELECT_GT(a, b, t, f)        t where a > b, else f (NaN: f)
 *   AC_I_T                          a vector of as many 32-bit integers
 *   AC_AS_I(v), AC_AS_F(i)          the same bits as the other type
 *   AC_I_SET1(k), AC_I_ADD, AC_I_SUB, AC_I_AND, AC_I_OR (a, b)
 *   AC_I_SRA1(i), AC_I_SHL23(i)     i >> 1 (arithmetic), i << 23
 *
 * Every operation is the scalar reference's (entrena-activation-ref.c and
 * entrena-activation-math.h) in the same order, so the result is the same
 * bits. What is left over (ReLU, which the products' epilogue does, and
 * the last few elements) goes to the reference.
 */

#include "entrena-activation-math.h"

#ifdef AC_FMA

#define AC_HORNER(acc, x, c) ((acc) = AC_FMA ((acc), (x), AC_SET1 (c)))

/* _entrena_expf_factors (), a vector at a time. */
static inline void
ac_expf_factors (AC_T  x,
                 AC_T *a,
                 AC_T *b)
{
  const AC_T shift = AC_SET1 (ENTRENA_EXP_SHIFT);
  AC_T       k, r, p;
  AC_I_T     n, n1;

  x = AC_SELECT_GT (x, AC_SET1 (ENTRENA_EXP_MAX), AC_SET1 (ENTRENA_EXP_MAX), x);
  x = AC_SELECT_LT (x, AC_SET1 (ENTRENA_EXP_MIN), AC_SET1 (ENTRENA_EXP_MIN), x);
  k = AC_FMA (x, AC_SET1 (ENTRENA_EXP_LOG2E), shift);
  n = AC_I_SUB (AC_AS_I (k), AC_I_SET1 ((int32_t) ENTRENA_EXP_SHIFT_BITS));
  k = AC_SUB (k, shift);
  r = AC_FMA (k, AC_SET1 (-ENTRENA_EXP_LN2_HI), x);
  r = AC_FMA (k, AC_SET1 (-ENTRENA_EXP_LN2_LO), r);

  p = AC_SET1 (ENTRENA_EXP_C7);
  AC_HORNER (p, r, ENTRENA_EXP_C6);
  AC_HORNER (p, r, ENTRENA_EXP_C5);
  AC_HORNER (p, r, ENTRENA_EXP_C4);
  AC_HORNER (p, r, ENTRENA_EXP_C3);
  AC_HORNER (p, r, ENTRENA_EXP_C2);
  AC_HORNER (p, r, 1.0f);
  AC_HORNER (p, r, 1.0f);

  n1 = AC_I_SRA1 (n);
  *a = AC_MUL (p, AC_AS_F (AC_I_SHL23 (AC_I_ADD (n1, AC_I_SET1 (127)))));
  *b = AC_AS_F (AC_I_SHL23 (AC_I_ADD (AC_I_SUB (n, n1), AC_I_SET1 (127))));
}

static inline AC_T
ac_expf (AC_T x)
{
  AC_T a, b;

  ac_expf_factors (x, &a, &b);
  return AC_MUL (a, b);
}

/* |x| and x's sign bit. */
static inline AC_T
ac_split_sign (AC_T    x,
               AC_I_T *sign)
{
  *sign = AC_I_AND (AC_AS_I (x), AC_I_SET1 ((int32_t) ENTRENA_SIGN_BIT));
  return AC_AS_F (AC_I_AND (AC_AS_I (x), AC_I_SET1 ((int32_t) ~ENTRENA_SIGN_BIT)));
}

static inline AC_T
ac_tanhf (AC_T x)
{
  const AC_T one = AC_SET1 (1.0f);
  AC_I_T     sign;
  AC_T       a = ac_split_sign (x, &sign);
  AC_T       s = AC_MUL (a, a);
  AC_T       p = AC_SET1 (ENTRENA_TANH_P7);
  AC_T       small, big, e1, e2;

  AC_HORNER (p, s, ENTRENA_TANH_P6);
  AC_HORNER (p, s, ENTRENA_TANH_P5);
  AC_HORNER (p, s, ENTRENA_TANH_P4);
  AC_HORNER (p, s, ENTRENA_TANH_P3);
  AC_HORNER (p, s, ENTRENA_TANH_P2);
  AC_HORNER (p, s, ENTRENA_TANH_P1);
  AC_HORNER (p, s, ENTRENA_TANH_P0);
  small = AC_FMA (AC_MUL (a, s), p, a);

  ac_expf_factors (AC_ADD (a, a), &e1, &e2);
  big = AC_SUB (one, AC_DIV (AC_SET1 (2.0f), AC_FMA (e1, e2, one)));

  return AC_AS_F (AC_I_OR (AC_AS_I (AC_SELECT_LT (a, AC_SET1 (ENTRENA_TANH_SMALL), small, big)), sign));
}

static inline AC_T
ac_erff (AC_T x)
{
  AC_I_T sign;
  AC_T   a = ac_split_sign (x, &sign);
  AC_T   s = AC_MUL (a, a);
  AC_T   t = AC_SUB (a, AC_SET1 (ENTRENA_ERF_MID));
  AC_T   p = AC_SET1 (ENTRENA_ERF_P8);
  AC_T   q = AC_SET1 (ENTRENA_ERF_Q14);
  AC_T   r;

  AC_HORNER (p, s, ENTRENA_ERF_P7);
  AC_HORNER (p, s, ENTRENA_ERF_P6);
  AC_HORNER (p, s, ENTRENA_ERF_P5);
  AC_HORNER (p, s, ENTRENA_ERF_P4);
  AC_HORNER (p, s, ENTRENA_ERF_P3);
  AC_HORNER (p, s, ENTRENA_ERF_P2);
  AC_HORNER (p, s, ENTRENA_ERF_P1);
  AC_HORNER (p, s, ENTRENA_ERF_P0);

  AC_HORNER (q, t, ENTRENA_ERF_Q13);
  AC_HORNER (q, t, ENTRENA_ERF_Q12);
  AC_HORNER (q, t, ENTRENA_ERF_Q11);
  AC_HORNER (q, t, ENTRENA_ERF_Q10);
  AC_HORNER (q, t, ENTRENA_ERF_Q9);
  AC_HORNER (q, t, ENTRENA_ERF_Q8);
  AC_HORNER (q, t, ENTRENA_ERF_Q7);
  AC_HORNER (q, t, ENTRENA_ERF_Q6);
  AC_HORNER (q, t, ENTRENA_ERF_Q5);
  AC_HORNER (q, t, ENTRENA_ERF_Q4);
  AC_HORNER (q, t, ENTRENA_ERF_Q3);
  AC_HORNER (q, t, ENTRENA_ERF_Q2);
  AC_HORNER (q, t, ENTRENA_ERF_Q1);
  AC_HORNER (q, t, ENTRENA_ERF_Q0);

  r = AC_SELECT_LT (a, AC_SET1 (ENTRENA_ERF_SMALL), AC_FMA (a, p, a), q);
  r = AC_SELECT_GT (a, AC_SET1 (ENTRENA_ERF_ONE), AC_SET1 (1.0f), r);

  return AC_AS_F (AC_I_OR (AC_AS_I (r), sign));
}

/* One vector of the forward pass of Tanh, Sigmoid or GELU. */
static inline AC_T
ac_forward_smooth (EntrenaActivation activation,
                   AC_T              v)
{
  AC_T a, b;

  switch (activation)
    {
    case ENTRENA_ACTIVATION_TANH:
      return ac_tanhf (v);
    case ENTRENA_ACTIVATION_SIGMOID:
      ac_expf_factors (AC_MUL (v, AC_SET1 (-1.0f)), &a, &b);
      return AC_DIV (AC_SET1 (1.0f), AC_FMA (a, b, AC_SET1 (1.0f)));
    case ENTRENA_ACTIVATION_GELU:
    default:
      return AC_MUL (AC_MUL (v, AC_SET1 (0.5f)),
                     AC_ADD (AC_SET1 (1.0f), ac_erff (AC_MUL (v, AC_SET1 (ENTRENA_GELU_ALPHA)))));
    }
}

void
AC_ELEMENTARY_FN (ENTRENA_ELEMENTARY_PARAMS)
{
  size_t i = 0;

  for (; i + AC_VL <= n; i += AC_VL)
    {
      AC_T v = AC_LOADU (x + i);

      AC_STOREU (y + i, fn == ENTRENA_ELEMENTARY_EXP ? ac_expf (v)
                        : fn == ENTRENA_ELEMENTARY_TANH ? ac_tanhf (v)
                        : ac_erff (v));
    }
  if (i < n)
    _entrena_elementary_ref (fn, n - i, x + i, y + i);
}

#undef AC_HORNER

#endif /* AC_FMA */

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
#ifdef AC_FMA
  else if (activation != ENTRENA_ACTIVATION_RELU)
    {
      for (; i + AC_VL <= n; i += AC_VL)
        AC_STOREU (y + i, ac_forward_smooth (activation, AC_LOADU (x + i)));
    }
#endif

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
#ifdef AC_FMA
    case ENTRENA_ACTIVATION_TANH:
      for (; i + AC_VL <= n; i += AC_VL)
        AC_STOREU (d + i, AC_MUL (AC_LOADU (d + i), AC_FNMA_ONE (AC_LOADU (y + i))));
      break;
    case ENTRENA_ACTIVATION_GELU:
      for (; i + AC_VL <= n; i += AC_VL)
        {
          AC_T v = AC_LOADU (x + i);
          AC_T cdf = AC_MUL (AC_SET1 (0.5f),
                             AC_ADD (one, ac_erff (AC_MUL (v, AC_SET1 (ENTRENA_GELU_ALPHA)))));
          AC_T pdf = AC_MUL (AC_SET1 (ENTRENA_GELU_BETA),
                             ac_expf (AC_MUL (AC_MUL (v, v), AC_SET1 (-0.5f))));

          AC_STOREU (d + i, AC_MUL (AC_LOADU (d + i), AC_FMA (v, pdf, cdf)));
        }
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
#undef AC_ELEMENTARY_FN
#undef AC_T
#undef AC_VL
#undef AC_LOADU
#undef AC_STOREU
#undef AC_SET1
#undef AC_MUL
#undef AC_SUB
#undef AC_SELECT_POS
#undef AC_FNMA_ONE
#undef AC_FMA
#undef AC_ADD
#undef AC_DIV
#undef AC_SELECT_LT
#undef AC_SELECT_GT
#undef AC_I_T
#undef AC_AS_I
#undef AC_AS_F
#undef AC_I_SET1
#undef AC_I_ADD
#undef AC_I_SUB
#undef AC_I_AND
#undef AC_I_OR
#undef AC_I_SRA1
#undef AC_I_SHL23
