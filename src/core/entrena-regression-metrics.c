/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-metrics"

#include "config.h"

#include <math.h>

#include "entrena-regression-metrics.h"

/**
 * entrena_regression_metrics_new:
 * @predicted: `[n]` the model's numbers
 * @actual: `[n]` the true numbers
 * @n: rows; with none, every figure is NaN
 * @baseline_mean: what the baseline predicts, the training rows' mean
 *
 * Computes in double as scikit-learn's `mean_squared_error`,
 * `mean_absolute_error` and `r2_score` do on float64 arrays.
 *
 * Returns: (transfer full): the metrics
 */
EntrenaRegressionMetrics *
entrena_regression_metrics_new (const double *predicted,
                                const double *actual,
                                gsize         n,
                                double        baseline_mean)
{
  EntrenaRegressionMetrics *self = g_new0 (EntrenaRegressionMetrics, 1);
  double squared = 0, absolute = 0, mean = 0, total = 0;
  double base_squared = 0, base_absolute = 0;

  self->n_rows = n;
  self->predicted = g_memdup2 (predicted, MAX (n, 1) * sizeof (double));
  self->actual = g_memdup2 (actual, MAX (n, 1) * sizeof (double));
  self->baseline_mean = baseline_mean;
  if (n == 0)
    {
      self->rmse = self->mae = self->r2 = NAN;
      self->baseline_rmse = self->baseline_mae = NAN;
      return self;
    }

  for (gsize i = 0; i < n; i++)
    {
      double error = actual[i] - predicted[i];
      double base = actual[i] - baseline_mean;

      squared += error * error;
      absolute += fabs (error);
      base_squared += base * base;
      base_absolute += fabs (base);
      mean += actual[i];
    }
  mean /= (double) n;
  for (gsize i = 0; i < n; i++)
    total += (actual[i] - mean) * (actual[i] - mean);

  self->rmse = sqrt (squared / (double) n);
  self->mae = absolute / (double) n;
  self->baseline_rmse = sqrt (base_squared / (double) n);
  self->baseline_mae = base_absolute / (double) n;
  if (total > 0)
    self->r2 = 1 - squared / total;
  else
    self->r2 = squared == 0 ? 1 : 0;

  return self;
}

void
entrena_regression_metrics_free (EntrenaRegressionMetrics *self)
{
  if (self == NULL)
    return;
  g_free (self->predicted);
  g_free (self->actual);
  g_free (self);
}
