/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-mt19937"

#include "config.h"

#include "entrena-mt19937.h"

/* The constants of the reference implementation (mt19937ar.c). */
#define MT_M          397
#define MT_MATRIX_A   0x9908b0dfU
#define MT_UPPER_MASK 0x80000000U
#define MT_LOWER_MASK 0x7fffffffU

/**
 * entrena_mt19937_init:
 * @self: a generator
 * @seed: the seed
 *
 * Seeds @self as the reference `init_genrand (seed)` does. NumPy's
 * `RandomState (seed)` for an integer seed and PyTorch's `manual_seed (seed)`
 * (for seeds below 2^32) start from this same state.
 */
void
entrena_mt19937_init (EntrenaMt19937 *self,
                      guint32         seed)
{
  g_return_if_fail (self != NULL);

  self->state[0] = seed;
  for (guint i = 1; i < ENTRENA_MT19937_N; i++)
    {
      guint32 prev = self->state[i - 1];

      /* Unsigned 32-bit arithmetic wraps, which is the "& 0xffffffff" of
       * the reference code. */
      self->state[i] = 1812433253U * (prev ^ (prev >> 30)) + i;
    }

  /* The first call to next() regenerates the whole block. */
  self->index = ENTRENA_MT19937_N;
}

/* Regenerates all 624 words of state at once, as genrand_int32 does. */
static void
mt19937_twist (EntrenaMt19937 *self)
{
  static const guint32 mag01[2] = { 0, MT_MATRIX_A };
  guint32             *mt = self->state;
  guint                k;
  guint32              y;

  for (k = 0; k < ENTRENA_MT19937_N - MT_M; k++)
    {
      y = (mt[k] & MT_UPPER_MASK) | (mt[k + 1] & MT_LOWER_MASK);
      mt[k] = mt[k + MT_M] ^ (y >> 1) ^ mag01[y & 1];
    }
  for (; k < ENTRENA_MT19937_N - 1; k++)
    {
      y = (mt[k] & MT_UPPER_MASK) | (mt[k + 1] & MT_LOWER_MASK);
      mt[k] = mt[k + MT_M - ENTRENA_MT19937_N] ^ (y >> 1) ^ mag01[y & 1];
    }
  y = (mt[ENTRENA_MT19937_N - 1] & MT_UPPER_MASK) | (mt[0] & MT_LOWER_MASK);
  mt[ENTRENA_MT19937_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1];

  self->index = 0;
}

/**
 * entrena_mt19937_next:
 * @self: a seeded generator
 *
 * Returns: the next tempered 32-bit output (`genrand_int32`)
 */
guint32
entrena_mt19937_next (EntrenaMt19937 *self)
{
  guint32 y;

  /* No g_return_if_fail here: this is the hot path. */
  if (G_UNLIKELY (self->index >= ENTRENA_MT19937_N))
    mt19937_twist (self);

  y = self->state[self->index++];

  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;

  return y;
}

/* NumPy's next_uint64 for MT19937: the first word is the high half. */
static inline guint64
mt19937_next64 (EntrenaMt19937 *self)
{
  guint64 hi = entrena_mt19937_next (self);
  guint64 lo = entrena_mt19937_next (self);

  return (hi << 32) | lo;
}

/**
 * entrena_mt19937_next64:
 * @self: a seeded generator
 *
 * Draws two 32-bit outputs and joins them, the first one as the high half.
 * This is NumPy's `next_uint64` for MT19937 and PyTorch's
 * `CPUGeneratorImpl::random64 ()` (`make64BitsFrom32Bits (random (), random ())`),
 * which float64 `uniform_` and int64 `random_` draw from.
 *
 * Returns: the next 64-bit value
 */
guint64
entrena_mt19937_next64 (EntrenaMt19937 *self)
{
  return mt19937_next64 (self);
}

/**
 * entrena_mt19937_numpy_interval:
 * @self: a seeded generator
 * @max: the largest value wanted
 *
 * Draws a uniform integer in [0, @max] exactly as NumPy's legacy
 * `random_interval` does: mask the output down to the smallest all-ones bit
 * pattern covering @max and reject values above @max. Up to 2^32 - 1 it
 * draws 32-bit words, above that 64-bit ones; @max == 0 draws nothing.
 *
 * Returns: the value
 */
guint64
entrena_mt19937_numpy_interval (EntrenaMt19937 *self,
                                guint64         max)
{
  guint64 mask = max;
  guint64 value;

  if (max == 0)
    return 0;

  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;

  if (max <= G_MAXUINT32)
    {
      while ((value = (entrena_mt19937_next (self) & mask)) > max)
        ;
    }
  else
    {
      while ((value = (mt19937_next64 (self) & mask)) > max)
        ;
    }

  return value;
}

/**
 * entrena_mt19937_numpy_shuffle:
 * @self: a seeded generator
 * @data: `[n]` values to shuffle in place
 * @n: number of values
 *
 * Shuffles @data as NumPy's legacy `RandomState.shuffle` does for a 1-d
 * array: for i from n - 1 down to 1, swap item i with item
 * `random_interval (i)`.
 */
void
entrena_mt19937_numpy_shuffle (EntrenaMt19937 *self,
                               guint          *data,
                               guint           n)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || n == 0);

  for (guint i = n > 0 ? n - 1 : 0; i >= 1; i--)
    {
      guint j = (guint) entrena_mt19937_numpy_interval (self, i);
      guint tmp = data[i];

      data[i] = data[j];
      data[j] = tmp;
    }
}

/**
 * entrena_mt19937_numpy_permutation:
 * @self: a seeded generator
 * @out: `[n]` receives the permutation
 * @n: number of items
 *
 * Writes NumPy's legacy `RandomState.permutation (n)` to @out: the identity
 * 0, 1, …, n - 1 shuffled by entrena_mt19937_numpy_shuffle().
 */
void
entrena_mt19937_numpy_permutation (EntrenaMt19937 *self,
                                   guint          *out,
                                   guint           n)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL || n == 0);

  for (guint i = 0; i < n; i++)
    out[i] = i;

  entrena_mt19937_numpy_shuffle (self, out, n);
}
