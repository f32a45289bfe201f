/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ENTRENA_MT19937_N 624

/**
 * EntrenaMt19937:
 *
 * The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998), seeded from a
 * 32-bit integer with the reference `init_genrand`. Both NumPy's legacy
 * `RandomState(seed)` and PyTorch's CPU generator after `torch.manual_seed(seed)`
 * use this state and output function; they differ in how they turn its words
 * into numbers, which their own helpers reproduce.
 */
typedef struct
{
  guint32 state[ENTRENA_MT19937_N];
  guint   index;
} EntrenaMt19937;

void    entrena_mt19937_init   (EntrenaMt19937 *self,
                                guint32         seed);
guint32 entrena_mt19937_next   (EntrenaMt19937 *self);
/* Two 32-bit outputs, the first one as the high half: PyTorch's
 * CPUGeneratorImpl::random64 () and NumPy's next_uint64 alike. */
guint64 entrena_mt19937_next64 (EntrenaMt19937 *self);

/* NumPy legacy: a uniform integer in [0, max] by masked rejection (random_interval). */
guint64 entrena_mt19937_numpy_interval    (EntrenaMt19937 *self,
                                           guint64         max);
/* NumPy legacy: RandomState.permutation (n), written to out[n]. */
void    entrena_mt19937_numpy_permutation (EntrenaMt19937 *self,
                                           guint          *out,
                                           guint           n);
/* NumPy legacy: RandomState.shuffle (data) on a 1-d array of n items, in place.
 * Shuffling an array gives the same result as indexing it with
 * permutation (n), which is how scikit-learn uses it. */
void    entrena_mt19937_numpy_shuffle     (EntrenaMt19937 *self,
                                           guint          *data,
                                           guint           n);

G_END_DECLS
