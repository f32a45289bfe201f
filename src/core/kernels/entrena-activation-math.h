/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * exp, tanh and erf of a float, written so that a vector of floats computes
 * the very same bits: every step is one IEEE operation (a product, a sum, a
 * quotient or a fused multiply-add, each rounded once), a comparison and a
 * choice, or an operation on the bits. entrena-activation-simd.h repeats each
 * step with vector instructions; these scalar versions are the reference it
 * is tested against, bit for bit.
 *
 * Accuracy, over every float argument (checked exhaustively, all 2³² of
 * them, against glibc's double exp, tanh and erf; the kernel tests sweep a
 * dense subset and hold it to 2 ulp): largest errors found exp 0.94 ulp,
 * tanh 0.96 ulp, erf 1.11 ulp (296 arguments above 1 ulp). glibc's expf, tanhf and erff and
 * PyTorch's (SLEEF's, within 1 ulp) may therefore differ from these by a
 * few ulp, far below what a loss curve shows. NaN stays NaN, ±0 stays ±0
 * (tanh, erf), ±∞ gives the limits (exp: ∞ and 0; tanh, erf: ±1).
 *
 * exp (x):
 *   x = n ln 2 + r with n = round (x / ln 2), |r| ≤ ln 2 / 2. n comes from
 *   adding 1.5 · 2²³ (the sum's last bits are n); r = x − n ln 2 with ln 2
 *   in two parts, the first product exact inside the fused multiply-add.
 *   exp (r) is its Taylor polynomial of degree 7 (truncation < 6e-9
 *   relative), and 2ⁿ is applied as two powers of two built from their
 *   exponent bits, 2^⌊n/2⌋ and 2^(n − ⌊n/2⌋): each is a normal float over
 *   the whole range, and only the last product rounds, so results in the
 *   subnormal range and overflow to ∞ are rounded once, correctly. x is
 *   clamped to [−104, 89] first, beyond which the result is 0 or ∞.
 *
 * tanh (x), a = |x|, the sign put back at the end:
 *   a < 1:  a + a³ P(a²), P a polynomial of degree 7 fitted to (tanh a − a) / a³
 *           (relative error of the fit below 0.12 ulp with float coefficients);
 *   a ≥ 1:  1 − 2 / (e²ᵃ + 1), where the sum e²ᵃ + 1 is one fused
 *           multiply-add of exp's last product (no rounding of e²ᵃ alone).
 *           tanh a ≥ 0.76 there, so the error of the quotient is divided by
 *           three or more in the difference.
 *
 * erf (x), a = |x|, the sign put back at the end:
 *   a < 1:  a + a P(a²), P of degree 8 fitted to (erf a − a) / a;
 *   a < 3.93: Q(a − m), Q of degree 14 fitted to erf on [1, 3.93] around
 *           m = 2.469482421875, where erf (m) is within 0.003 ulp of a
 *           float (so Q's constant term rounds to almost nothing); a − m is
 *           exact, and the fit is within 0.13 ulp with float coefficients;
 *   else:   1 (erf a rounds to 1 from a ≈ 3.92 on).
 *
 * Plain C, no GLib: part of the kernels.
 */

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define ENTRENA_EXP_MAX   89.0f
#define ENTRENA_EXP_MIN   -104.0f
#define ENTRENA_EXP_LOG2E 1.44269504088896341f
#define ENTRENA_EXP_SHIFT 12582912.0f          /* 1.5 · 2²³ */
#define ENTRENA_EXP_SHIFT_BITS 0x4b400000u     /* its bits */
#define ENTRENA_EXP_LN2_HI 6.93147182e-01f     /* ln 2 rounded to float */
#define ENTRENA_EXP_LN2_LO -1.90465421e-09f    /* ln 2 − ENTRENA_EXP_LN2_HI */

/* Σ rᵏ / k!, k = 7 … 2 (the last two are 1). */
#define ENTRENA_EXP_C7 (1.0f / 5040.0f)
#define ENTRENA_EXP_C6 (1.0f / 720.0f)
#define ENTRENA_EXP_C5 (1.0f / 120.0f)
#define ENTRENA_EXP_C4 (1.0f / 24.0f)
#define ENTRENA_EXP_C3 (1.0f / 6.0f)
#define ENTRENA_EXP_C2 0.5f

#define ENTRENA_TANH_SMALL 1.0f
#define ENTRENA_TANH_P0 -3.33333284e-01f
#define ENTRENA_TANH_P1 1.33331999e-01f
#define ENTRENA_TANH_P2 -5.39530963e-02f
#define ENTRENA_TANH_P3 2.17847265e-02f
#define ENTRENA_TANH_P4 -8.59510712e-03f
#define ENTRENA_TANH_P5 3.07858502e-03f
#define ENTRENA_TANH_P6 -8.41131608e-04f
#define ENTRENA_TANH_P7 1.21469326e-04f

#define ENTRENA_ERF_SMALL 1.0f
#define ENTRENA_ERF_ONE   3.93f
#define ENTRENA_ERF_P0 1.28379166e-01f
#define ENTRENA_ERF_P1 -3.76126379e-01f
#define ENTRENA_ERF_P2 1.12837911e-01f
#define ENTRENA_ERF_P3 -2.68661305e-02f
#define ENTRENA_ERF_P4 5.22377621e-03f
#define ENTRENA_ERF_P5 -8.54248879e-04f
#define ENTRENA_ERF_P6 1.19548196e-04f
#define ENTRENA_ERF_P7 -1.38987052e-05f
#define ENTRENA_ERF_P8 1.05629874e-06f
#define ENTRENA_ERF_MID 2.469482421875f
#define ENTRENA_ERF_Q0 9.99521255e-01f
#define ENTRENA_ERF_Q1 2.53492617e-03f
#define ENTRENA_ERF_Q2 -6.26012962e-03f
#define ENTRENA_ERF_Q3 9.46253166e-03f
#define ENTRENA_ERF_Q4 -9.59557109e-03f
#define ENTRENA_ERF_Q5 6.63309824e-03f
#define ENTRENA_ERF_Q6 -2.90633412e-03f
#define ENTRENA_ERF_Q7 4.85765922e-04f
#define ENTRENA_ERF_Q8 3.31388001e-04f
#define ENTRENA_ERF_Q9 -2.92651530e-04f
#define ENTRENA_ERF_Q10 7.77505047e-05f
#define ENTRENA_ERF_Q11 2.28765166e-05f
#define ENTRENA_ERF_Q12 -1.71100037e-05f
#define ENTRENA_ERF_Q13 2.17892861e-07f
#define ENTRENA_ERF_Q14 1.06557638e-06f

#define ENTRENA_SIGN_BIT 0x80000000u

/* GELU's constants: √½, and 2/√π · √½ · ½ (the normal density's factor). */
#define ENTRENA_GELU_ALPHA ((float) M_SQRT1_2)
#define ENTRENA_GELU_BETA  ((float) (M_2_SQRTPI * M_SQRT1_2 * 0.5))

/*
 * a · b + c rounded once: the instruction where the compiler may use one
 * (AArch64, or an x86-64 build for FMA CPUs); elsewhere (the x86-64
 * baseline, where libm's fmaf is some fifty times slower) computed in
 * double, where the product of two floats is exact. The double sum s is
 * then within half a double ulp of the exact value, so rounding s to float
 * gives the exact value's float unless s lies exactly halfway between two
 * floats (its 29 bits below float precision are 1 and 28 zeros), or among
 * float's subnormals, where fewer bits count. There (rarely) the sum is
 * rounded to odd instead, which cannot round twice (53 bits are more than
 * 24 + 2): the sum's rounding error comes from Knuth's two-sum; s goes one
 * step toward zero where it went past the exact value, and its last bit is
 * set where anything was lost.
 */
static inline float
_entrena_fmaf (float a,
               float b,
               float c)
{
#ifdef __FP_FAST_FMAF
  return fmaf (a, b, c);
#else
  double   p = (double) a * (double) b;
  double   s = p + (double) c;
  uint64_t bits;

  memcpy (&bits, &s, sizeof bits);
  if (__builtin_expect ((bits & 0x1fffffffu) == 0x10000000u || fabs (s) < FLT_MIN, 0))
    {
      double   bv = s - p;
      double   e = (p - (s - bv)) + ((double) c - bv);
      uint64_t inexact = (uint64_t) ((e != 0.0) & (fabs (s) <= DBL_MAX));
      uint64_t beyond = (uint64_t) ((e < 0.0) != (s < 0.0));

      bits = (bits - (inexact & beyond)) | inexact;
      memcpy (&s, &bits, sizeof s);
    }

  return (float) s;
#endif
}

static inline uint32_t
_entrena_float_bits (float f)
{
  uint32_t u;

  memcpy (&u, &f, sizeof u);
  return u;
}

static inline float
_entrena_bits_float (uint32_t u)
{
  float f;

  memcpy (&f, &u, sizeof f);
  return f;
}

/* exp (x) = *a · *b, as two factors: the caller makes the last product
 * (or a fused multiply-add of it). */
static inline void
_entrena_expf_factors (float  x,
                       float *a,
                       float *b)
{
  float    k, r, p;
  uint32_t n, n1;

  x = x > ENTRENA_EXP_MAX ? ENTRENA_EXP_MAX : x;       /* NaN stays NaN */
  x = x < ENTRENA_EXP_MIN ? ENTRENA_EXP_MIN : x;
  k = _entrena_fmaf (x, ENTRENA_EXP_LOG2E, ENTRENA_EXP_SHIFT);
  n = _entrena_float_bits (k) - ENTRENA_EXP_SHIFT_BITS;  /* wraps to n */
  k = k - ENTRENA_EXP_SHIFT;
  r = _entrena_fmaf (k, -ENTRENA_EXP_LN2_HI, x);
  r = _entrena_fmaf (k, -ENTRENA_EXP_LN2_LO, r);

  p = _entrena_fmaf (ENTRENA_EXP_C7, r, ENTRENA_EXP_C6);
  p = _entrena_fmaf (p, r, ENTRENA_EXP_C5);
  p = _entrena_fmaf (p, r, ENTRENA_EXP_C4);
  p = _entrena_fmaf (p, r, ENTRENA_EXP_C3);
  p = _entrena_fmaf (p, r, ENTRENA_EXP_C2);
  p = _entrena_fmaf (p, r, 1.0f);
  p = _entrena_fmaf (p, r, 1.0f);

  /* ⌊n/2⌋ by an arithmetic shift, as the vector instructions do it. */
  n1 = (uint32_t) ((int32_t) n >> 1);
  *a = p * _entrena_bits_float ((n1 + 127u) << 23);
  *b = _entrena_bits_float ((n - n1 + 127u) << 23);
}

static inline float
_entrena_expf (float x)
{
  float a, b;

  _entrena_expf_factors (x, &a, &b);
  return a * b;
}

static inline float
_entrena_tanhf (float x)
{
  uint32_t sign = _entrena_float_bits (x) & ENTRENA_SIGN_BIT;
  float    a = _entrena_bits_float (_entrena_float_bits (x) & ~ENTRENA_SIGN_BIT);
  float    s = a * a;
  float    p, small, big, e1, e2;

  p = _entrena_fmaf (ENTRENA_TANH_P7, s, ENTRENA_TANH_P6);
  p = _entrena_fmaf (p, s, ENTRENA_TANH_P5);
  p = _entrena_fmaf (p, s, ENTRENA_TANH_P4);
  p = _entrena_fmaf (p, s, ENTRENA_TANH_P3);
  p = _entrena_fmaf (p, s, ENTRENA_TANH_P2);
  p = _entrena_fmaf (p, s, ENTRENA_TANH_P1);
  p = _entrena_fmaf (p, s, ENTRENA_TANH_P0);
  small = _entrena_fmaf (a * s, p, a);

  _entrena_expf_factors (a + a, &e1, &e2);
  big = 1.0f - 2.0f / _entrena_fmaf (e1, e2, 1.0f);

  return _entrena_bits_float (_entrena_float_bits (a < ENTRENA_TANH_SMALL ? small : big) | sign);
}

static inline float
_entrena_erff (float x)
{
  uint32_t sign = _entrena_float_bits (x) & ENTRENA_SIGN_BIT;
  float    a = _entrena_bits_float (_entrena_float_bits (x) & ~ENTRENA_SIGN_BIT);
  float    s = a * a;
  float    t = a - ENTRENA_ERF_MID;
  float    p, q, r;

  p = _entrena_fmaf (ENTRENA_ERF_P8, s, ENTRENA_ERF_P7);
  p = _entrena_fmaf (p, s, ENTRENA_ERF_P6);
  p = _entrena_fmaf (p, s, ENTRENA_ERF_P5);
  p = _entrena_fmaf (p, s, ENTRENA_ERF_P4);
  p = _entrena_fmaf (p, s, ENTRENA_ERF_P3);
  p = _entrena_fmaf (p, s, ENTRENA_ERF_P2);
  p = _entrena_fmaf (p, s, ENTRENA_ERF_P1);
  p = _entrena_fmaf (p, s, ENTRENA_ERF_P0);

  q = _entrena_fmaf (ENTRENA_ERF_Q14, t, ENTRENA_ERF_Q13);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q12);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q11);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q10);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q9);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q8);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q7);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q6);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q5);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q4);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q3);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q2);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q1);
  q = _entrena_fmaf (q, t, ENTRENA_ERF_Q0);

  r = a < ENTRENA_ERF_SMALL ? _entrena_fmaf (a, p, a) : q;
  r = a > ENTRENA_ERF_ONE ? 1.0f : r;

  return _entrena_bits_float (_entrena_float_bits (r) | sign);
}
