/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-mt19937.h"

G_BEGIN_DECLS

/**
 * entrena_torch_uniform_fill:
 * @rng: PyTorch's CPU generator state (an MT19937 seeded by `torch.manual_seed`)
 * @out: `[n]` floats to fill
 * @n: how many
 * @from: lower bound, as the Python float passed to `uniform_`
 * @to: upper bound
 *
 * Does what `tensor.uniform_ (from, to)` does to a contiguous float32 tensor
 * on the CPU, number for number.
 */
void entrena_torch_uniform_fill (EntrenaMt19937 *rng,
                                 float          *out,
                                 gsize           n,
                                 double          from,
                                 double          to);

/**
 * entrena_torch_kernel_is_fused:
 *
 * Whether PyTorch's CPU kernels on this machine round `a * b + c` once (the
 * AVX2 build of ATen, chosen when the CPU has AVX2 and FMA, or forced with
 * `ATEN_CPU_CAPABILITY=avx2`) or twice (the baseline build, or
 * `ATEN_CPU_CAPABILITY=default`). Decided once per process; arithmetic that
 * must match PyTorch to the bit follows it.
 */
gboolean entrena_torch_kernel_is_fused (void);

G_END_DECLS
