/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-loss"

#include "config.h"

#include <math.h>

#include "entrena-expf.h"
#include "entrena-loss.h"

guint
entrena_argmax (const float *scores,
                guint        n_classes)
{
  guint best = 0;

  for (guint c = 1; c < n_classes; c++)
    if (scores[c] > scores[best] || (isnan (scores[c]) && !isnan (scores[best])))
      best = c;
  return best;
}

/* Floats of exponentials computed at once: a block of rows. */
#define BLOCK_FLOATS 2048

double
entrena_cross_entropy (const float  *logits,
                       const guint8 *y,
                       gsize         n,
                       guint         n_classes,
                       gsize         total_rows,
                       float        *dlogits,
                       gsize        *n_correct)
{
  float e[BLOCK_FLOATS];   /* exp (z − max) for a block of rows */
  float max[BLOCK_FLOATS];
  gsize block_rows = MAX (1, BLOCK_FLOATS / MAX (n_classes, 1));
  double sum = 0;
  gsize correct = 0;
  float inv_total = (float) (1.0 / (double) total_rows);

  g_assert (n_classes >= 1 && n_classes <= BLOCK_FLOATS);

  for (gsize first = 0; first < n; first += block_rows)
    {
      gsize rows = MIN (block_rows, n - first);

      /* z − max per row, as log_softmax subtracts it (in float), then all
       * the exponentials of the block at once. */
      for (gsize i = 0; i < rows; i++)
        {
          const float *z = logits + (first + i) * n_classes;
          float m = z[0];

          for (guint c = 1; c < n_classes; c++)
            m = z[c] > m ? z[c] : m;
          max[i] = m;
          for (guint c = 0; c < n_classes; c++)
            e[i * n_classes + c] = z[c] - m;
        }
      entrena_expf_nonpositive (e, rows * n_classes);

      for (gsize i = 0; i < rows; i++)
        {
          const float *z = logits + (first + i) * n_classes;
          const float *ei = e + i * n_classes;
          guint label = y[first + i];
          double exp_sum = 0;

          for (guint c = 0; c < n_classes; c++)
            exp_sum += ei[c];

          /* -log softmax(z)_y = -(z_y - max - log Σ exp (z - max)) */
          sum += log (exp_sum) - ((double) z[label] - max[i]);

          if (entrena_argmax (z, n_classes) == label)
            correct++;

          /* The gradient of the mean: (softmax − onehot) / N. */
          if (dlogits != NULL)
            {
              float *d = dlogits + (first + i) * n_classes;
              float inv_sum = (float) (1.0 / exp_sum);

              for (guint c = 0; c < n_classes; c++)
                d[c] = (ei[c] * inv_sum - (c == label ? 1.0f : 0.0f)) * inv_total;
            }
        }
    }

  if (n_correct != NULL)
    *n_correct = correct;

  return sum;
}
