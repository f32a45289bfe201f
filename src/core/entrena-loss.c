/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-loss"

#include "config.h"

#include <math.h>

#include "entrena-vecmath.h"
#include "entrena-loss.h"

/* The first largest score; NaN counts as the largest (as torch.argmax). */
static inline __attribute__ ((always_inline)) guint
argmax_inline (const float *scores,
               guint        n_classes)
{
  guint best = 0;

  for (guint c = 1; c < n_classes; c++)
    if (scores[c] > scores[best] || (isnan (scores[c]) && !isnan (scores[best])))
      best = c;
  return best;
}

guint
entrena_argmax (const float *scores,
                guint        n_classes)
{
  return argmax_inline (scores, n_classes);
}

/* The larger of two: b only when it is larger, so a NaN in b is passed
 * over and a NaN in a kept. */
static inline float
pair_max (float a,
          float b)
{
  return b > a ? b : a;
}

/*
 * A row's largest score: for the common class counts (constants once
 * inlined) a tree of pairs, whose depth is the log of a chain's; otherwise
 * a chain from z[0]. Either gives the same value, NaN exactly where z[0]
 * is NaN (each pair keeps its left one, and z[0] is left of everything).
 */
static inline __attribute__ ((always_inline)) float
row_max (const float *z,
         guint        n_classes)
{
  float m;

  switch (n_classes)
    {
    case 2:
      return pair_max (z[0], z[1]);
    case 3:
      return pair_max (pair_max (z[0], z[1]), z[2]);
    case 4:
      return pair_max (pair_max (z[0], z[1]), pair_max (z[2], z[3]));
    case 5:
      return pair_max (pair_max (pair_max (z[0], z[1]), pair_max (z[2], z[3])), z[4]);
    case 6:
      return pair_max (pair_max (pair_max (z[0], z[1]), pair_max (z[2], z[3])),
                       pair_max (z[4], z[5]));
    case 7:
      return pair_max (pair_max (pair_max (z[0], z[1]), pair_max (z[2], z[3])),
                       pair_max (pair_max (z[4], z[5]), z[6]));
    case 8:
      return pair_max (pair_max (pair_max (z[0], z[1]), pair_max (z[2], z[3])),
                       pair_max (pair_max (z[4], z[5]), pair_max (z[6], z[7])));
    default:
      m = z[0];
      for (guint c = 1; c < n_classes; c++)
        m = pair_max (m, z[c]);
      return m;
    }
}

/* Floats of exponentials computed at once: a block of rows. */
#define BLOCK_FLOATS 2048

/*
 * The cross-entropy of a block of at most BLOCK_FLOATS / n_classes rows, as
 * PyTorch's log_softmax computes it, in float: z − max, exp, the sum, its
 * log; each step over the whole block, so that exp and log run on vectors.
 * Inlined once per common class count (constant n_classes: loops unrolled)
 * and once for any other.
 */
static inline __attribute__ ((always_inline)) double
cross_entropy_block (const float  *logits,
                     const guint8 *y,
                     gsize         rows,
                     const guint   n_classes,
                     float         inv_total,
                     float        *dlogits,
                     gsize        *n_correct)
{
  float e[BLOCK_FLOATS];        /* exp (z − max) */
  float max[BLOCK_FLOATS];      /* each row's largest logit */
  float log_sum[BLOCK_FLOATS];  /* Σ exp (z − max), then its log */
  float inv_sum[BLOCK_FLOATS];  /* 1 / Σ exp (z − max) */
  double sum = 0;
  gsize correct = 0;

  for (gsize i = 0; i < rows; i++)
    {
      const float *z = logits + i * n_classes;
      float m = row_max (z, n_classes);

      max[i] = m;
      for (guint c = 0; c < n_classes; c++)
        e[i * n_classes + c] = z[c] - m;
    }
  entrena_expf_nonpositive (e, rows * n_classes);

  for (gsize i = 0; i < rows; i++)
    {
      const float *ei = e + i * n_classes;
      float s = 0;

      for (guint c = 0; c < n_classes; c++)
        s += ei[c];
      log_sum[i] = s;
      inv_sum[i] = 1.0f / s;
    }
  entrena_logf_positive (log_sum, rows);

  for (gsize i = 0; i < rows; i++)
    {
      const float *z = logits + i * n_classes;
      guint label = y[i];

      /* -log softmax(z)_y = -(z_y - max - log Σ exp (z - max)) */
      sum += (double) log_sum[i] - (double) (z[label] - max[i]);

      /* Right when the label's logit is the first largest. Without NaN
       * (which makes the sum NaN) that is the first equal to the maximum. */
      if (G_LIKELY (!isnan (log_sum[i])))
        {
          gboolean first = z[label] == max[i];

          for (guint c = 0; c < label && first; c++)
            first = z[c] != max[i];
          correct += first;
        }
      else
        correct += argmax_inline (z, n_classes) == label;
    }

  /* The gradient of the mean, (softmax − onehot) / N, last: it may
   * overwrite the logits. */
  if (dlogits != NULL)
    {
      for (gsize i = 0; i < rows; i++)
        {
          const float *ei = e + i * n_classes;
          float *d = dlogits + i * n_classes;
          float scale = inv_sum[i] * inv_total;

          for (guint c = 0; c < n_classes; c++)
            d[c] = ei[c] * scale;
          d[y[i]] -= inv_total;
        }
    }

  *n_correct += correct;
  return sum;
}

double
entrena_cross_entropy (const float  *logits,
                       const guint8 *y,
                       gsize         n,
                       guint         n_classes,
                       gsize         total_rows,
                       float        *dlogits,
                       gsize        *n_correct)
{
  gsize block_rows = MAX (1, BLOCK_FLOATS / MAX (n_classes, 1));
  float inv_total = (float) (1.0 / (double) total_rows);
  double sum = 0;
  gsize correct = 0;

  g_assert (n_classes >= 1 && n_classes <= BLOCK_FLOATS);

  for (gsize first = 0; first < n; first += block_rows)
    {
      gsize rows = MIN (block_rows, n - first);
      const float *z = logits + first * n_classes;
      float *d = dlogits != NULL ? dlogits + first * n_classes : NULL;

#define CASE(C) \
  case C:       \
    sum += cross_entropy_block (z, y + first, rows, C, inv_total, d, &correct); \
    break;
      switch (n_classes)
        {
        CASE (2)
        CASE (3)
        CASE (4)
        CASE (5)
        CASE (6)
        CASE (7)
        CASE (8)
        CASE (10)
        default:
          sum += cross_entropy_block (z, y + first, rows, n_classes, inv_total, d, &correct);
          break;
        }
#undef CASE
    }

  if (n_correct != NULL)
    *n_correct = correct;

  return sum;
}

/* Rows whose errors are squared at once, summed in float lanes and then
 * added to the double sum, so that the loop runs on vectors. */
#define ERROR_BLOCK 8

double
entrena_squared_error (const float *out,
                       const float *t,
                       gsize        n,
                       gsize        total_rows,
                       float       *dout)
{
  float scale = (float) (2.0 / (double) total_rows);
  double sum = 0;
  gsize i = 0;

  for (; i + ERROR_BLOCK <= n; i += ERROR_BLOCK)
    {
      float diff[ERROR_BLOCK];

      for (guint k = 0; k < ERROR_BLOCK; k++)
        diff[k] = out[i + k] - t[i + k];
      for (guint k = 0; k < ERROR_BLOCK; k++)
        sum += (double) (diff[k] * diff[k]);
      if (dout != NULL)
        for (guint k = 0; k < ERROR_BLOCK; k++)
          dout[i + k] = scale * diff[k];
    }
  for (; i < n; i++)
    {
      float diff = out[i] - t[i];

      sum += (double) (diff * diff);
      if (dout != NULL)
        dout[i] = scale * diff;
    }

  return sum;
}

double
entrena_squared_error_reference (const float *out,
                                 const float *t,
                                 gsize        n,
                                 gsize        total_rows,
                                 float       *dout)
{
  float scale = (float) (2.0 / (double) total_rows);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      float diff = out[i] - t[i];

      sum += (double) (diff * diff);
      if (dout != NULL)
        dout[i] = scale * diff;
    }
  return sum;
}
