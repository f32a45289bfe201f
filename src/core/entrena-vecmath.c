/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-loss"

#include "config.h"

#include <string.h>

#include "entrena-kernels.h"
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
 * this runs on every CPU before any dispatch, and (with GCC on x86-64) of 8
 * and 16 floats for CPUs with AVX2 or AVX-512; two vectors at a time keep
 * both of a core's vector units busy.
 *
 * Below −87.3 (where exp leaves float's normal range) the result is 0; NaN
 * stays NaN; −∞ gives 0.
 */

/*
 * The same functions on vectors of 4, 8 or 16 floats: every lane takes the
 * same operations in the same order (never contracted into a fused
 * multiply-add), so each width gives the same bits. The 4-float ones run on
 * every CPU; the wider ones only where the kernels' active path is AVX2 or
 * AVX-512, whose CPUs have those registers.
 */
#define LOG2E  1.44269504088896341f
#define LN2_HI 0.693359375f          /* 355 / 512 */
#define LN2_LO -2.12194440054690583e-4f
#define SHIFT  12582912.0f           /* 1.5 · 2²³: adding it rounds to an integer */
#define LOWEST -87.3365447505531f    /* log (FLT_MIN) */

#define DEFINE_VECMATH(W, ATTRIBUTES)                                              \
typedef float  f##W __attribute__ ((vector_size (4 * W)));                         \
typedef gint32 i##W __attribute__ ((vector_size (4 * W)));                         \
                                                                                   \
ATTRIBUTES static inline f##W                                                      \
expf_##W (f##W x)                                                                  \
{                                                                                  \
  const f##W lowest = (f##W) {} + LOWEST;                                          \
  i##W under = x < lowest;  /* all ones where x < LOWEST or x is −∞; NaN: 0 */     \
  f##W xc = (f##W) (((i##W) x & ~under) | ((i##W) lowest & under));                \
  f##W n = (xc * LOG2E + SHIFT) - SHIFT;                                           \
  f##W r = (xc - n * LN2_HI) - n * LN2_LO;                                         \
  f##W p;                                                                          \
  i##W bits;                                                                       \
                                                                                   \
  /* Σ rᵏ / k! for k ≤ 7, by Horner's rule. */                                     \
  p = r * (1.0f / 5040.0f) + (1.0f / 720.0f);                                      \
  p = p * r + (1.0f / 120.0f);                                                     \
  p = p * r + (1.0f / 24.0f);                                                      \
  p = p * r + (1.0f / 6.0f);                                                       \
  p = p * r + 0.5f;                                                                \
  p = p * r + 1.0f;                                                                \
  p = p * r + 1.0f;                                                                \
                                                                                   \
  /* 2ⁿ for −126 ≤ n ≤ 0, as float bits. */                                        \
  bits = (__builtin_convertvector (n, i##W) + 127) << 23;                          \
                                                                                   \
  return (f##W) ((i##W) (p * (f##W) bits) & ~under);                               \
}                                                                                  \
                                                                                   \
ATTRIBUTES static inline f##W                                                      \
logf_##W (f##W x)                                                                  \
{                                                                                  \
  const i##W mantissa = (i##W) {} + 0x007fffff;                                   \
  const i##W one_bits = (i##W) {} + 0x3f800000;                                   \
  const f##W sqrt2 = (f##W) {} + 1.41421356f;                                      \
  i##W bits = (i##W) x;                                                            \
  i##W e = ((bits >> 23) & 0xff) - 127;                                            \
  f##W f = (f##W) ((bits & mantissa) | one_bits);   /* [1, 2) */                   \
  i##W big = f >= sqrt2;                                                           \
  f##W s, s2, p, ef;                                                               \
                                                                                   \
  /* Into [√½, √2): halve f and count one more in e where f ≥ √2. */               \
  f = (f##W) ((i##W) f - (big & 0x00800000));                                      \
  e -= big;                                                                        \
  ef = __builtin_convertvector (e, f##W);                                          \
                                                                                   \
  s = (f - 1.0f) / (f + 1.0f);                                                     \
  s2 = s * s;                                                                      \
  p = s2 * (1.0f / 11.0f) + (1.0f / 9.0f);                                         \
  p = p * s2 + (1.0f / 7.0f);                                                      \
  p = p * s2 + (1.0f / 5.0f);                                                      \
  p = p * s2 + (1.0f / 3.0f);                                                      \
  p = (p * s2) * s;                                                                \
                                                                                   \
  /* e ln 2 + 2s + 2p, the smallest terms first; NaN where x is NaN (all           \
   * bits set is a NaN). */                                                        \
  return (f##W) ((i##W) (ef * LN2_HI + (ef * LN2_LO + (2.0f * p + 2.0f * s)))      \
                 | (x != x));                                                      \
}                                                                                  \
                                                                                   \
/* f over x[0 … n − 1] in place, two vectors at a time, then the tail in a         \
 * vector padded with pad (a value f takes without trouble). */                    \
ATTRIBUTES static inline __attribute__ ((always_inline)) void                      \
map_##W (float   *x,                                                               \
         gsize    n,                                                               \
         gboolean log)                                                             \
{                                                                                  \
  gsize i = 0;                                                                     \
                                                                                   \
  for (; i + 2 * W <= n; i += 2 * W)                                               \
    {                                                                              \
      f##W v[2];                                                                   \
                                                                                   \
      memcpy (v, x + i, sizeof v);                                                 \
      v[0] = log ? logf_##W (v[0]) : expf_##W (v[0]);                              \
      v[1] = log ? logf_##W (v[1]) : expf_##W (v[1]);                              \
      memcpy (x + i, v, sizeof v);                                                 \
    }                                                                              \
                                                                                   \
  for (; i < n; i += W)                                                            \
    {                                                                              \
      gsize left = MIN (W, n - i);                                                 \
      f##W v = (f##W) {} + (log ? 1.0f : 0.0f);                                    \
                                                                                   \
      memcpy (&v, x + i, left * sizeof (float));                                   \
      v = log ? logf_##W (v) : expf_##W (v);                                       \
      memcpy (x + i, &v, left * sizeof (float));                                   \
    }                                                                              \
}                                                                                  \
                                                                                   \
ATTRIBUTES static void                                                             \
map_exp_##W (float *x,                                                             \
             gsize  n)                                                             \
{                                                                                  \
  map_##W (x, n, FALSE);                                                           \
}                                                                                  \
                                                                                   \
ATTRIBUTES static void                                                             \
map_log_##W (float *x,                                                             \
             gsize  n)                                                             \
{                                                                                  \
  map_##W (x, n, TRUE);                                                            \
}

DEFINE_VECMATH (4, )

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* GCC compiles these with the wider instruction sets, and contracts
 * nothing, so that they give the 4-float functions' bits. */
#pragma GCC push_options
#pragma GCC optimize ("fp-contract=off")
DEFINE_VECMATH (8, __attribute__ ((target ("avx2"))))
DEFINE_VECMATH (16, __attribute__ ((target ("avx512f"))))
#pragma GCC pop_options
#define HAVE_WIDE_VECMATH 1
#endif

static int wide_override = -1;

/* 16, 8 or 4: the widest vectors the kernels' active path allows. */
static guint
vector_width (void)
{
#ifdef HAVE_WIDE_VECMATH
  const char *path = entrena_kernels_get_impl_name ();

  if (wide_override >= 0)
    return (guint) wide_override;
  if (strcmp (path, "avx512") == 0)
    return 16;
  if (strcmp (path, "avx2") == 0)
    return 8;
#endif
  return 4;
}

static void
map (float    *x,
     gsize     n,
     gboolean  log)
{
  switch (vector_width ())
    {
#ifdef HAVE_WIDE_VECMATH
    case 16:
      (log ? map_log_16 : map_exp_16) (x, n);
      break;
    case 8:
      (log ? map_log_8 : map_exp_8) (x, n);
      break;
#endif
    default:
      (log ? map_log_4 : map_exp_4) (x, n);
      break;
    }
}

/**
 * _entrena_vecmath_set_width:
 * @width: 4, 8 or 16 floats a vector (only those the CPU has), or 0 for the
 *   widest the kernels' active path allows
 *
 * For the tests, which check that every width gives the same bits.
 */
void
_entrena_vecmath_set_width (guint width)
{
  wide_override = width == 0 ? -1 : (int) width;
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
  map (x, n, FALSE);
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
  map (x, n, TRUE);
}
