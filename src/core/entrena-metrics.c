/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-metrics"

#include "config.h"

#include "entrena-metrics.h"

EntrenaMetrics *
entrena_metrics_new (const guint8 *predicted,
                     const guint8 *truth,
                     gsize         n,
                     guint         n_classes,
                     guint         majority_class)
{
  EntrenaMetrics *self = g_new0 (EntrenaMetrics, 1);
  gsize correct = 0;

  g_return_val_if_fail (n_classes > 0, NULL);

  self->n_classes = n_classes;
  self->n_rows = n;
  self->majority_class = majority_class;
  self->confusion = g_new0 (guint64, (gsize) n_classes * n_classes);
  self->precision = g_new0 (double, n_classes);
  self->recall = g_new0 (double, n_classes);
  self->f1 = g_new0 (double, n_classes);
  self->support = g_new0 (guint64, n_classes);

  for (gsize i = 0; i < n; i++)
    {
      g_return_val_if_fail (truth[i] < n_classes && predicted[i] < n_classes, self);
      self->confusion[(gsize) truth[i] * n_classes + predicted[i]]++;
      correct += truth[i] == predicted[i];
    }

  self->accuracy = n > 0 ? (double) correct / n : 0;

  for (guint c = 0; c < n_classes; c++)
    {
      guint64 true_positive = self->confusion[(gsize) c * n_classes + c];
      guint64 predicted_c = 0;

      for (guint t = 0; t < n_classes; t++)
        {
          predicted_c += self->confusion[(gsize) t * n_classes + c];
          self->support[c] += self->confusion[(gsize) c * n_classes + t];
        }

      self->precision[c] = predicted_c > 0 ? (double) true_positive / predicted_c : 0;
      self->recall[c] = self->support[c] > 0 ? (double) true_positive / self->support[c] : 0;
      self->f1[c] = self->precision[c] + self->recall[c] > 0
                      ? 2 * self->precision[c] * self->recall[c] / (self->precision[c] + self->recall[c])
                      : 0;
    }

  self->baseline_accuracy = n > 0 && majority_class < n_classes
                              ? (double) self->support[majority_class] / n
                              : 0;

  return self;
}

void
entrena_metrics_free (EntrenaMetrics *self)
{
  if (self == NULL)
    return;
  g_free (self->confusion);
  g_free (self->precision);
  g_free (self->recall);
  g_free (self->f1);
  g_free (self->support);
  g_free (self);
}

guint
entrena_majority_class (const guint8 *labels,
                        const guint  *rows,
                        gsize         n,
                        guint         n_classes)
{
  g_autofree gsize *counts = g_new0 (gsize, n_classes);
  guint best = 0;

  for (gsize i = 0; i < n; i++)
    counts[labels[rows != NULL ? rows[i] : i]]++;
  for (guint c = 1; c < n_classes; c++)
    if (counts[c] > counts[best])
      best = c;
  return best;
}
