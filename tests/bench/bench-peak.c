/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include <pthread.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

#include "bench-peak.h"

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* ------------------------------------------------------------------------
 * FMA peak: chains of a = a · x + y, 12 independent ones, enough to cover
 * the latency of the multiply-add units on current cores.
 */

typedef double (*PeakFunc) (long iters);

#define PEAK_CHAINS 12

#if defined(__x86_64__) || defined(__aarch64__)
# if defined(__x86_64__)
#  define FLOAT_REG "+x"     /* an SSE register */
# else
#  define FLOAT_REG "+w"     /* a NEON register */
# endif
/* The scalar path has no FMA on baseline x86-64: a multiply and an add, on
 * AArch64 too, for the same work. The empty asm keeps each chain in its own
 * register (not vectorised). */
static double
peak_scalar (long iters)
{
  float a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1, a8 = 1, a9 = 1, a10 = 1, a11 = 1;
  const float x = 0.9999f, y = 0.0001f;

  for (long i = 0; i < iters; i++)
    {
      a0 = a0 * x + y; a1 = a1 * x + y; a2 = a2 * x + y; a3 = a3 * x + y;
      a4 = a4 * x + y; a5 = a5 * x + y; a6 = a6 * x + y; a7 = a7 * x + y;
      a8 = a8 * x + y; a9 = a9 * x + y; a10 = a10 * x + y; a11 = a11 * x + y;
      __asm__ volatile ("" : FLOAT_REG (a0), FLOAT_REG (a1), FLOAT_REG (a2), FLOAT_REG (a3),
                        FLOAT_REG (a4), FLOAT_REG (a5), FLOAT_REG (a6), FLOAT_REG (a7),
                        FLOAT_REG (a8), FLOAT_REG (a9), FLOAT_REG (a10), FLOAT_REG (a11));
    }

  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
}
#endif

/*
 * A peak loop on instruction sets with a fused multiply-add: PEAK_CHAINS
 * independent chains on vectors of type T, each step FMA (acc, x, y) =
 * acc · x + y, summed at the end (ADD), one float of the sum returned (TO_FLOAT).
 */
#define DEFINE_PEAK_FMA(name, attributes, T, SET1, FMA, ADD, TO_FLOAT) \
  attributes static double                                              \
  name (long iters)                                                     \
  {                                                                     \
    T       acc[PEAK_CHAINS];                                           \
    const T x = SET1 (0.9999f), y = SET1 (0.0001f);                     \
                                                                        \
    for (int j = 0; j < PEAK_CHAINS; j++)                               \
      acc[j] = SET1 (1.0f);                                             \
    for (long i = 0; i < iters; i++)                                    \
      _Pragma ("GCC unroll 12")                                         \
      for (int j = 0; j < PEAK_CHAINS; j++)                             \
        acc[j] = FMA (acc[j], x, y);                                    \
    for (int j = 1; j < PEAK_CHAINS; j++)                               \
      acc[0] = ADD (acc[0], acc[j]);                                    \
                                                                        \
    return TO_FLOAT (acc[0]);                                           \
  }

#if defined(__x86_64__)
static double
peak_sse2 (long iters)
{
  const __m128 x = _mm_set1_ps (0.9999f), y = _mm_set1_ps (0.0001f);
  __m128 a0 = _mm_set1_ps (1.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
  __m128 a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
  float  out[4];

  /* A multiply and an add (SSE2 has no FMA); the empty asm keeps the
   * compiler from folding the chains away. */
  for (long i = 0; i < iters; i++)
    {
      a0 = _mm_add_ps (_mm_mul_ps (a0, x), y); a1 = _mm_add_ps (_mm_mul_ps (a1, x), y);
      a2 = _mm_add_ps (_mm_mul_ps (a2, x), y); a3 = _mm_add_ps (_mm_mul_ps (a3, x), y);
      a4 = _mm_add_ps (_mm_mul_ps (a4, x), y); a5 = _mm_add_ps (_mm_mul_ps (a5, x), y);
      a6 = _mm_add_ps (_mm_mul_ps (a6, x), y); a7 = _mm_add_ps (_mm_mul_ps (a7, x), y);
      a8 = _mm_add_ps (_mm_mul_ps (a8, x), y); a9 = _mm_add_ps (_mm_mul_ps (a9, x), y);
      a10 = _mm_add_ps (_mm_mul_ps (a10, x), y); a11 = _mm_add_ps (_mm_mul_ps (a11, x), y);
      __asm__ volatile ("" : "+x" (a0), "+x" (a1), "+x" (a2), "+x" (a3), "+x" (a4), "+x" (a5),
                        "+x" (a6), "+x" (a7), "+x" (a8), "+x" (a9), "+x" (a10), "+x" (a11));
    }
  a0 = _mm_add_ps (_mm_add_ps (_mm_add_ps (a0, a1), _mm_add_ps (a2, a3)),
                   _mm_add_ps (_mm_add_ps (a4, a5), _mm_add_ps (a6, a7)));
  a0 = _mm_add_ps (a0, _mm_add_ps (_mm_add_ps (a8, a9), _mm_add_ps (a10, a11)));
  _mm_storeu_ps (out, a0);

  return out[0];
}

DEFINE_PEAK_FMA (peak_avx2, __attribute__ ((target ("avx2,fma"))), __m256, _mm256_set1_ps,
                 _mm256_fmadd_ps, _mm256_add_ps, _mm256_cvtss_f32)
DEFINE_PEAK_FMA (peak_avx512, __attribute__ ((target ("avx512f"))), __m512, _mm512_set1_ps,
                 _mm512_fmadd_ps, _mm512_add_ps, _mm512_reduce_add_ps)
#elif defined(__aarch64__)
/* vfmaq_f32 (c, a, b) is c + a · b. */
#define NEON_FMA(a, x, y) vfmaq_f32 ((y), (a), (x))
DEFINE_PEAK_FMA (peak_neon, , float32x4_t, vdupq_n_f32, NEON_FMA, vaddq_f32, vaddvq_f32)
#endif

/* FLOPs per iteration of each peak loop (2 per lane per chain). */
static PeakFunc
peak_func_for (const char *path,
               double     *flops_per_iter)
{
#if defined(__x86_64__) || defined(__aarch64__)
  if (strcmp (path, "scalar") == 0)
    return *flops_per_iter = 2.0 * PEAK_CHAINS, peak_scalar;
#endif
#if defined(__x86_64__)
  if (strcmp (path, "sse2") == 0)
    return *flops_per_iter = 2.0 * 4 * PEAK_CHAINS, peak_sse2;
  if (strcmp (path, "avx2") == 0)
    return *flops_per_iter = 2.0 * 8 * PEAK_CHAINS, peak_avx2;
  if (strcmp (path, "avx512") == 0)
    return *flops_per_iter = 2.0 * 16 * PEAK_CHAINS, peak_avx512;
#elif defined(__aarch64__)
  if (strcmp (path, "neon") == 0)
    return *flops_per_iter = 2.0 * 4 * PEAK_CHAINS, peak_neon;
#endif
  return NULL;
}

typedef struct
{
  PeakFunc func;
  long     iters;
  double   seconds;
  double   sink;
} PeakThread;

/* The thread's own CPU time: what other processes take of a busy
 * machine's cores does not lower the peak. */
static double
thread_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static void *
peak_thread (void *user_data)
{
  PeakThread *pt = user_data;
  double      t0 = thread_seconds ();

  pt->sink = pt->func (pt->iters);
  pt->seconds = thread_seconds () - t0;

  return NULL;
}

double
bench_peak_gflops (const char *path,
                   unsigned    n_threads)
{
  double     flops_per_iter;
  PeakFunc   func = peak_func_for (path, &flops_per_iter);
  long       iters = 1 << 16;
  double     best = 0.0;
  PeakThread pt[64];
  pthread_t  th[64];

  if (func == NULL || n_threads == 0)
    return 0.0;
  if (n_threads > 64)
    n_threads = 64;

  /* Calibrate to about 0.1 s, then keep the best of three. */
  for (;;)
    {
      double t0 = now ();

      func (iters);
      if (now () - t0 > 0.1 || iters > (1L << 34))
        break;
      iters *= 2;
    }

  for (int rep = 0; rep < 3; rep++)
    {
      double total = 0.0;

      for (unsigned t = 0; t < n_threads; t++)
        {
          pt[t].func = func;
          pt[t].iters = iters;
          pthread_create (&th[t], NULL, peak_thread, &pt[t]);
        }
      for (unsigned t = 0; t < n_threads; t++)
        {
          pthread_join (th[t], NULL);
          total += flops_per_iter * (double) iters / pt[t].seconds;
        }
      if (total > best)
        best = total;
    }

  return best * 1e-9;
}

