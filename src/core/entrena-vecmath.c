/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-loss"

#include "config.h"

#include <string.h>

#include "entrena-vecmath.h"

/*
 * exp() and log() of many floats at once, for the softmax of the
 * cross-entropy: exp of a logit minus its row's largest (so ≤ 0, or NaN),
 * and log of the sum of those exponentials (so ≥ 1, or NaN).
 *
 * exp:
 * The usual reduction: x = n · ln 2 + r with n = round (x / ln 2) and
 * |r| ≤ ln 2 / 2, so exp (x) = 2ⁿ · exp (r). r is computed in two steps with
 * ln 2 split into a part of 9 significant bits (n · LN2_HI is exact for
 * |n| < 2¹⁵) and the rest (Cody and Waite's method); exp (r) is its Taylor
 * polynomial of degree 7, whose truncation error, |r|⁸ / 8! < 6e-9 relative,
 * is far below float's rounding; 2ⁿ is built from its exponent bits. The
 * result is within 2 ulp of the exact value (the tests hold it to libm's
 * double exp), as PyTorch's own vectorised exp is.
 *
 * log: x = 2ᵉ · f with f in [√½, √2), so log x = e · ln 2 + log f, and
 * log f = 2 atanh (s) = 2 (s + s³/3 + s⁵/5 + …) with s = (f − 1) / (f + 1),
 * |s| ≤ 0.172; the series to s¹¹ leaves a truncation error below 4e-10.
 * e · ln 2 is added in two parts (LN2_HI · e is exact). Within 2 ulp of the
 * exact value for normal positive x, as PyTorch's float log is; NaN stays
 * NaN. Zero, negative, subnormal and infinite arguments are not handled
 * (the sum of a softmax's exponentials is at least 1).
 *
 * Written with GCC's generic vectors of 4 floats, which the compiler maps to
 * whatever the build's baseline has (SSE2 on x86-64, NEON on AArch64), so
 * this runs on every CPU before any dispatch; two vectors at a time keep
 * both of a core's vector units busy.
 *
 * Below −87.3 (where exp leaves float's normal range) the result is 0; NaN
 * stays NaN; −∞ gives 0.
 */

typedef float  v4f __attribute__ ((vector_size (16)));
typedef gint32 v4i __attribute__ ((vector_size (16)));

#define LANES 4

#define LOG2E  1.44269504088896341f
#define LN2_HI 0.693359375f          /* 355 / 512 */
#define LN2_LO -2.12194440054690583e-4f
#define SHIFT  12582912.0f           /* 1.5 · 2²³: adding it rounds to an integer */
#define LOWEST -87.3365447505531f    /* log (FLT_MIN) */

static inline v4f
expf_v4 (v4f x)
{
  const v4f lowest = { LOWEST, LOWEST, LOWEST, LOWEST };
  v4i under = x < lowest;          /* all ones where x < LOWEST or x is −∞; NaN: 0 */
  v4f xc = (v4f) (((v4i) x & ~under) | ((v4i) lowest & under));
  v4f n = (xc * LOG2E + SHIFT) - SHIFT;
  v4f r = (xc - n * LN2_HI) - n * LN2_LO;
  v4f p;
  v4i bits;

  /* Σ rᵏ / k! for k ≤ 7, by Horner's rule. */
  p = r * (1.0f / 5040.0f) + (1.0f / 720.0f);
  p = p * r + (1.0f / 120.0f);
  p = p * r + (1.0f / 24.0f);
  p = p * r + (1.0f / 6.0f);
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;

  /* 2ⁿ for −126 ≤ n ≤ 0, as float bits. */
  bits = (__builtin_convertvector (n, v4i) + 127) << 23;

  return (v4f) ((v4i) (p * (v4f) bits) & ~under);
}

static inline v4f
logf_v4 (v4f x)
{
  const v4i mantissa = { 0x007fffff, 0x007fffff, 0x007fffff, 0x007fffff };
  const v4i one_bits = { 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000 };
  const v4f sqrt2 = { 1.41421356f, 1.41421356f, 1.41421356f, 1.41421356f };
  v4i bits = (v4i) x;
  v4i e = ((bits >> 23) & 0xff) - 127;
  v4f f = (v4f) ((bits & mantissa) | one_bits);   /* [1, 2) */
  v4i big = f >= sqrt2;
  v4f s, s2, p, ef;

  /* Into [√½, √2): halve f and count one more in e where f ≥ √2. */
  f = (v4f) ((v4i) f - (big & 0x00800000));
  e -= big;
  ef = __builtin_convertvector (e, v4f);

  s = (f - 1.0f) / (f + 1.0f);
  s2 = s * s;
  p = s2 * (1.0f / 11.0f) + (1.0f / 9.0f);
  p = p * s2 + (1.0f / 7.0f);
  p = p * s2 + (1.0f / 5.0f);
  p = p * s2 + (1.0f / 3.0f);
  p = (p * s2) * s;

  /* e ln 2 + 2s + 2p, the smallest terms first; NaN where x is NaN (all
   * bits set is a NaN). */
  return (v4f) ((v4i) (ef * LN2_HI + (ef * LN2_LO + (2.0f * p + 2.0f * s))) | (x != x));
}

/*
 * f over x[0 … n − 1] in place, two vectors at a time, then the tail in a
 * vector padded with pad (a value f takes without trouble). Inlined with
 * each f, so f is inlined too.
 */
static inline __attribute__ ((always_inline)) void
map_v4 (float  *x,
        gsize   n,
        v4f   (*f) (v4f),
        float   pad)
{
  gsize i = 0;

  for (; i + 2 * LANES <= n; i += 2 * LANES)
    {
      v4f v[2];

      memcpy (v, x + i, sizeof v);
      v[0] = f (v[0]);
      v[1] = f (v[1]);
      memcpy (x + i, v, sizeof v);
    }

  for (; i < n; i += LANES)
    {
      gsize left = MIN (LANES, n - i);
      v4f v = { pad, pad, pad, pad };

      memcpy (&v, x + i, left * sizeof (float));
      v = f (v);
      memcpy (x + i, &v, left * sizeof (float));
    }
}

/**
 * entrena_expf_nonpositive:
 * @x: `[n]` values ≤ 0 (or NaN), replaced by their exponentials
 * @n: how many
 *
 * x[i] = exp (x[i]) for every i, within 2 ulp, several at a time. For
 * positive arguments the result is wrong: only use it after subtracting a
 * maximum.
 */
void
entrena_expf_nonpositive (float *x,
                          gsize  n)
{
  map_v4 (x, n, expf_v4, 0.0f);
}

/**
 * entrena_logf_positive:
 * @x: `[n]` normal positive floats (or NaN), replaced by their logarithms
 * @n: how many
 *
 * x[i] = log (x[i]) for every i, within 2 ulp, several at a time. Zero,
 * negative, subnormal and infinite arguments give wrong results.
 */
void
entrena_logf_positive (float *x,
                       gsize  n)
{
  map_v4 (x, n, logf_v4, 1.0f);
}
