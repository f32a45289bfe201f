/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-torch-random"

#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-torch-random.h"

/*
 * This file reproduces `tensor.uniform_ (from, to)` of PyTorch 1.13 on a
 * contiguous float32 CPU tensor. The C++ it mirrors (ATen, v1.13.1):
 *
 *   // native/cpu/DistributionTemplates.h
 *   auto from = static_cast<scalar_t> (from_);     // the Python doubles, to float
 *   auto to = static_cast<scalar_t> (to_);
 *   at::uniform_real_distribution<scalar_t> uniform (from, to);
 *   cpu_serial_kernel (iter, [&] () -> scalar_t {
 *     return static_cast<scalar_t> (uniform (generator));
 *   });
 *
 *   // core/DistributionsHelper.h: one 32-bit draw per float element
 *   return transformation::uniform_real<T> (generator->random (), from_, to_);
 *
 *   // core/TransformationHelper.h, with dist_acctype<float> = float
 *   constexpr auto MASK = (1 << 24) - 1;        // digits of float
 *   constexpr auto DIVISOR = 1.0f / (1 << 24);
 *   dist_acctype<T> x = (val & MASK) * DIVISOR; // exact
 *   return (x * (to - from) + from);
 *
 * Everything is float arithmetic. `to - from` is one rounding. The last line
 * is where PyTorch's own builds disagree with each other: the kernel is
 * compiled once per CPU capability, and GCC (which contracts by default)
 * turns `x * (to - from) + from` into a fused multiply-add in the AVX2 and
 * AVX-512 builds (-mavx2 -mfma), but cannot in the baseline x86-64 build. So
 * on the same seed, about a third of the values differ in the last bit
 * between `ATEN_CPU_CAPABILITY=default` and the capability PyTorch picks on
 * any CPU with AVX2 and FMA (checked with Debian's 1.13 on 790,626 values:
 * the fused version matches AVX2 and AVX-512 bit for bit, the two-rounding
 * version matches `default` bit for bit).
 *
 * We follow the capability PyTorch would pick on this machine, with the
 * same rule as ATen's compute_cpu_capability (): the ATEN_CPU_CAPABILITY
 * environment variable ("default", "avx2" or "avx512") wins; otherwise AVX2
 * and FMA present means the fused kernel. The choice is made once per
 * process. Both variants are computed exactly whatever the CPU: fmaf () is
 * correctly rounded even without FMA hardware, and the two-rounding variant
 * is never contracted whatever the compiler flags (see uniform_float_plain()).
 *
 * On other architectures PyTorch 1.13 has a single (DEFAULT) kernel, and
 * every one it supports there (aarch64, ppc64le, s390x) has a fused
 * multiply-add that GCC contracts into by default, so we use the fused
 * version. That is inferred from the compiler's behaviour, not checked
 * against PyTorch on those machines.
 */

/* 1 / 2^24 as float, exact: `DIVISOR` above. */
#define TORCH_FLOAT_DIVISOR (1.0f / 16777216.0f)
#define TORCH_FLOAT_MASK 0xffffffU

static gboolean
torch_cpu_kernel_is_fused (void)
{
#if defined(__x86_64__) || defined(__i386__)
  const char *env = g_getenv ("ATEN_CPU_CAPABILITY");

  /* ATen trusts the variable without looking at the CPU, and ignores (with
   * a warning) anything it does not know. */
  if (env != NULL)
    {
      if (strcmp (env, "default") == 0)
        return FALSE;
      if (strcmp (env, "avx2") == 0 || strcmp (env, "avx512") == 0)
        return TRUE;
    }

  /* ATen 1.13 keeps AVX-512 opt-in, so the automatic choice is AVX2 (fused)
   * or DEFAULT (not fused). __builtin_cpu_supports includes the check that
   * the OS saves the AVX state, as cpuinfo does. */
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
#else
  return TRUE;
#endif
}

gboolean
entrena_torch_kernel_is_fused (void)
{
  static gsize fused = 0;

  /* Stored as 1 + the answer, so that 0 means "not decided yet". */
  if (g_once_init_enter (&fused))
    {
      gsize value = torch_cpu_kernel_is_fused () ? 2 : 1;

      g_debug ("PyTorch uniform_ arithmetic: %s",
               value == 2 ? "fused multiply-add (AVX2 kernel)" : "two roundings (default kernel)");
      g_once_init_leave (&fused, value);
    }

  return fused == 2;
}

/* x * range + from, rounded once: the AVX2 / AVX-512 kernel. */
static inline float
uniform_float_fused (guint32 v,
                     float   range,
                     float   from)
{
  float x = (float) (v & TORCH_FLOAT_MASK) * TORCH_FLOAT_DIVISOR;

  return fmaf (x, range, from);
}

/* x * range, rounded to float, then + from, rounded again: the baseline
 * kernel. The product goes through a volatile so that it really is rounded
 * to float: with -ffp-contract=fast (GCC's default in GNU C) and FMA in the
 * target (-march=native, aarch64) the compiler would otherwise fuse the
 * multiply and the add, and it sees through tricks such as computing the
 * product in double first. Speed does not matter here: initialisation draws
 * each parameter once. */
static inline float
uniform_float_plain (guint32 v,
                     float   range,
                     float   from)
{
  float          x = (float) (v & TORCH_FLOAT_MASK) * TORCH_FLOAT_DIVISOR;
  volatile float product = x * range;

  return product + from;
}

/**
 * entrena_torch_uniform_fill:
 * @rng: PyTorch's CPU generator state (an MT19937 seeded by `torch.manual_seed`)
 * @out: `[n]` floats to fill
 * @n: how many
 * @from: lower bound, as the Python float passed to `uniform_`
 * @to: upper bound
 *
 * Does what `tensor.uniform_ (from, to)` does to a contiguous float32 tensor
 * on the CPU, number for number: one 32-bit draw per element, in memory
 * order. See the comment at the top of this file for the arithmetic and for
 * why it depends on the kernel PyTorch would pick on this machine.
 */
void
entrena_torch_uniform_fill (EntrenaMt19937 *rng,
                            float          *out,
                            gsize           n,
                            double          from,
                            double          to)
{
  float lo;
  float range;

  g_return_if_fail (rng != NULL);
  g_return_if_fail (out != NULL || n == 0);
  /* ATen's own checks (uniform_impl_), made in double before the casts. */
  g_return_if_fail (from <= to);
  g_return_if_fail (to - from <= G_MAXFLOAT);

  lo = (float) from;
  range = (float) to - lo;

  if (entrena_torch_kernel_is_fused ())
    {
      for (gsize i = 0; i < n; i++)
        out[i] = uniform_float_fused (entrena_mt19937_next (rng), range, lo);
    }
  else
    {
      for (gsize i = 0; i < n; i++)
        out[i] = uniform_float_plain (entrena_mt19937_next (rng), range, lo);
    }
}
