/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-loss"

#include "config.h"

#include <math.h>

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

double
entrena_cross_entropy (const float  *logits,
                       const guint8 *y,
                       gsize         n,
                       guint         n_classes,
                       gsize         total_rows,
                       float        *dlogits,
                       gsize        *n_correct)
{
  double sum = 0;
  gsize correct = 0;
  double inv_total = 1.0 / (double) total_rows;

  for (gsize i = 0; i < n; i++)
    {
      const float *z = logits + i * n_classes;
      double e[256];   /* exp (z - max) per class: at most 256 classes */
      float max = z[0];
      double exp_sum = 0;
      double log_sum;
      guint label = y[i];

      g_assert (n_classes <= G_N_ELEMENTS (e));

      for (guint c = 1; c < n_classes; c++)
        max = z[c] > max ? z[c] : max;
      for (guint c = 0; c < n_classes; c++)
        {
          e[c] = exp ((double) z[c] - max);
          exp_sum += e[c];
        }
      log_sum = log (exp_sum);

      /* -log softmax(z)_y = -(z_y - max - log Σ exp (z - max)) */
      sum += log_sum - ((double) z[label] - max);

      if (entrena_argmax (z, n_classes) == label)
        correct++;

      /* softmax = e / Σ e, each exponential computed once. */
      if (dlogits != NULL)
        {
          float *d = dlogits + i * n_classes;

          for (guint c = 0; c < n_classes; c++)
            d[c] = (float) ((e[c] / exp_sum - (c == label ? 1.0 : 0.0)) * inv_total);
        }
    }

  if (n_correct != NULL)
    *n_correct = correct;

  return sum;
}
