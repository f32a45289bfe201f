/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The activations' exp, tanh and erf (entrena-activation-math.h): within
 * 2 ulp of the exact values, taken from glibc's double functions, over a
 * dense sweep of float arguments; and every vector path giving the scalar
 * reference's bits. Registered by test-sgemm.c's main().
 */

#include <float.h>
#include <math.h>
#include <string.h>

#include "entrena-activation-math.h"
#include "kernels-test.h"

/* Every SWEEP_STRIDE-th float bit pattern (both signs, zeros, subnormals,
 * every exponent, ±∞ and NaNs), then arguments every function treats
 * specially. The stride is odd and prime, so every low bit pattern of the
 * significand is met too. */
#define SWEEP_STRIDE 4099u

static const float special_args[] = {
  0.0f, -0.0f, 1e-45f, -1e-45f, 1e-40f, FLT_MIN, -FLT_MIN, 1e-20f, 0.5f, -0.5f,
  1.0f, -1.0f, 0.99999994f, 1.0000001f, 3.92f, 3.93f, 3.9300001f, 2.469482421875f,
  9.0f, -9.0f, 44.0f, 88.0f, 88.72283f, 88.72284f, 89.0f, 89.1f, -87.33654f, -87.34f,
  -103.0f, -103.97f, -104.0f, -104.1f, FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, NAN, -NAN,
};

static float *
sweep_args (size_t *n)
{
  size_t count = (size_t) (0x100000000ull / SWEEP_STRIDE) + 1 + G_N_ELEMENTS (special_args);
  float *x = g_new (float, count);
  size_t i = 0;

  for (uint64_t u = 0; u <= 0xffffffffull; u += SWEEP_STRIDE)
    x[i++] = _entrena_bits_float ((uint32_t) u);
  memcpy (x + i, special_args, sizeof special_args);
  *n = i + G_N_ELEMENTS (special_args);

  return x;
}

static double
exact (EntrenaElementary fn,
       float             x)
{
  switch (fn)
    {
    case ENTRENA_ELEMENTARY_EXP:
      return exp ((double) x);
    case ENTRENA_ELEMENTARY_TANH:
      return tanh ((double) x);
    case ENTRENA_ELEMENTARY_ERF:
    default:
      return erf ((double) x);
    }
}

/* How many float ulp got is from want (a double): the spacing of floats at
 * want's magnitude, 2⁻¹⁴⁹ among subnormals. Past FLT_MAX only ∞ is right. */
static double
ulp_error (float  got,
           double want)
{
  double mag = fabs (want);
  int    e;

  if (isnan (want))
    return isnan (got) ? 0.0 : INFINITY;
  if (mag > FLT_MAX)
    return (double) got == (want > 0 ? INFINITY : -INFINITY) || (float) want == got ? 0.0 : INFINITY;
  if (!isfinite (got))
    return INFINITY;
  if (mag < FLT_MIN)
    return fabs ((double) got - want) / ldexp (1.0, -149);
  frexp (mag, &e);
  return fabs ((double) got - want) / ldexp (1.0, e - 24);
}

/* The scalar reference within 2 ulp of the exact value everywhere swept,
 * with the signs of zero kept and the limits at ±∞. */
void
test_elementary_accuracy (void)
{
  static const char *const names[] = { "exp", "tanh", "erf" };
  size_t                   n;
  g_autofree float        *x = sweep_args (&n);
  g_autofree float        *y = g_new (float, n);

  for (int fn = 0; fn < ENTRENA_N_ELEMENTARY; fn++)
    {
      double worst = 0.0;
      float  worst_x = 0.0f;

      _entrena_elementary_ref (fn, n, x, y);
      for (size_t i = 0; i < n; i++)
        {
          double err = ulp_error (y[i], exact (fn, x[i]));

          if (err > worst)
            {
              worst = err;
              worst_x = x[i];
            }
        }
      g_test_message ("%s: at most %.3f ulp (at %a)", names[fn], worst, (double) worst_x);
      if (worst > 2.0)
        g_error ("%s (%a) is %.3f ulp from the exact value", names[fn], (double) worst_x, worst);
    }

  /* Zeros keep their sign where the function is odd; the limits at ±∞. */
  g_assert_true (signbit (_entrena_tanhf (-0.0f)) && _entrena_tanhf (-0.0f) == 0.0f);
  g_assert_true (signbit (_entrena_erff (-0.0f)) && _entrena_erff (-0.0f) == 0.0f);
  g_assert_cmpfloat (_entrena_expf (-0.0f), ==, 1.0f);
  g_assert_cmpfloat (_entrena_expf (INFINITY), ==, INFINITY);
  g_assert_cmpfloat (_entrena_expf (-INFINITY), ==, 0.0f);
  g_assert_cmpfloat (_entrena_tanhf (-INFINITY), ==, -1.0f);
  g_assert_cmpfloat (_entrena_erff (INFINITY), ==, 1.0f);
  g_assert_true (isnan (_entrena_expf (NAN)) && isnan (_entrena_tanhf (NAN)) && isnan (_entrena_erff (-NAN)));
}

/* This path's vector exp, tanh and erf give the reference's bits (any NaN
 * for a NaN) over the same sweep, every length's tail included. */
void
test_elementary (gconstpointer data)
{
  const EntrenaKernelImpl *impl = NULL;
  size_t                   n;
  g_autofree float        *x = NULL;
  g_autofree float        *y1 = NULL;
  g_autofree float        *y2 = NULL;

  if (table_or_skip (data) == NULL)
    return;
  for (size_t i = 0; _entrena_kernel_names[i] != NULL; i++)
    if (g_str_equal (_entrena_kernel_names[i], data))
      impl = _entrena_kernel_impls[i];
  g_assert_nonnull (impl);

  x = sweep_args (&n);
  y1 = g_new (float, n);
  y2 = g_new (float, n);
  for (int fn = 0; fn < ENTRENA_N_ELEMENTARY; fn++)
    {
      _entrena_elementary_ref (fn, n, x, y1);
      /* Shifted by one for the tail: n − 1 elements, then n. */
      impl->elementary (fn, n - 1, x + 1, y2 + 1);
      y2[0] = y1[0];
      for (size_t i = 0; i < n; i++)
        if (!(isnan (y1[i]) && isnan (y2[i])) && memcmp (&y1[i], &y2[i], sizeof (float)) != 0)
          g_error ("%s: function %d at %a: %a, the reference %a", (const char *) data, fn,
                   (double) x[i], (double) y2[i], (double) y1[i]);
      impl->elementary (fn, n, x, y2);
      for (size_t i = 0; i < n; i++)
        if (!(isnan (y1[i]) && isnan (y2[i])) && memcmp (&y1[i], &y2[i], sizeof (float)) != 0)
          g_error ("%s: function %d at %a: %a, the reference %a", (const char *) data, fn,
                   (double) x[i], (double) y2[i], (double) y1[i]);
    }
}

/* The reference's fused multiply-add (computed in double where the CPU
 * baseline has none) rounds as libm's fmaf: over random operands of every
 * magnitude, and over sums that land on or next to a halfway point between
 * two floats, where rounding twice would go wrong. */
void
test_elementary_fmaf (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (29);
  static const float special[] = { 0.0f, -0.0f, 1e-45f, FLT_MIN, FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, NAN, 1.0f };

  for (int i = 0; i < 2000000; i++)
    {
      float a = ldexpf ((float) g_rand_double_range (rand, -1, 1), g_rand_int_range (rand, -80, 80));
      float b = ldexpf ((float) g_rand_double_range (rand, -1, 1), g_rand_int_range (rand, -80, 80));
      double p = (double) a * (double) b;
      float c, want, got;

      switch (i % 5)
        {
        case 0:   /* anything */
          c = ldexpf ((float) g_rand_double_range (rand, -1, 1), g_rand_int_range (rand, -150, 128));
          break;
        case 1:   /* cancelling the product's leading bits */
          c = (float) -p;
          break;
        case 2:   /* half a float ulp of the product, give or take a little */
          c = (float) (p * ldexp (1.0, -24)) * (i % 2 ? 1.0f : -1.0f);
          break;
        case 3:   /* so that the sum ends exactly halfway in double */
          c = (float) (p - (double) (float) p);
          break;
        default:
          c = special[g_rand_int_range (rand, 0, G_N_ELEMENTS (special))];
          a = i % 3 ? a : special[g_rand_int_range (rand, 0, G_N_ELEMENTS (special))];
          break;
        }
      want = fmaf (a, b, c);
      got = _entrena_fmaf (a, b, c);
      if (!(isnan (want) && isnan (got)) && memcmp (&want, &got, sizeof want) != 0)
        g_error ("fma (%a, %a, %a) = %a, want %a", (double) a, (double) b, (double) c, (double) got,
                 (double) want);
    }
}
