/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-scaler"

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "entrena-scaler.h"

/**
 * entrena_scaler_new_fit:
 * @X: `[?][n_features]` row-major data; only the rows in @rows are read
 * @n_features: columns
 * @rows: (nullable): `[n_rows]` indices of the rows to fit on (the training
 *   rows), or %NULL for rows 0..@n_rows-1
 * @n_rows: number of rows to fit on
 *
 * Fits a standardization on the given rows as scikit-learn's StandardScaler
 * does: the mean and the population variance (divided by n) of each column,
 * accumulated in double with the corrected two-pass algorithm (Chan, Golub
 * and LeVeque), which is what scikit-learn computes too.
 *
 * A column counts as constant when its variance is within the rounding error
 * bound of that algorithm (scikit-learn's `_is_constant_feature`); its scale
 * is stored as 0 and it transforms to all zeros. With no rows at all, every
 * column gets mean 0 and scale 0.
 *
 * Returns: (transfer full): the fitted scaler
 */
EntrenaScaler *
entrena_scaler_new_fit (const float *X,
                        guint        n_features,
                        const guint *rows,
                        guint        n_rows)
{
  EntrenaScaler *self;
  g_autofree double *sum = NULL;   /* [n_features] */
  g_autofree double *corr = NULL;  /* [n_features], Σ (x - mean) */
  g_autofree double *sumsq = NULL; /* [n_features], Σ (x - mean)² */

  g_return_val_if_fail (X != NULL || n_rows == 0 || n_features == 0, NULL);

  self = g_new0 (EntrenaScaler, 1);
  self->n_features = n_features;
  self->mean = g_new0 (double, MAX (n_features, 1));
  self->scale = g_new0 (double, MAX (n_features, 1));

  if (n_rows == 0 || n_features == 0)
    return self;

  sum = g_new0 (double, n_features);
  corr = g_new0 (double, n_features);
  sumsq = g_new0 (double, n_features);

  /* Row by row, so that each pass reads X in memory order. */
  for (guint i = 0; i < n_rows; i++)
    {
      const float *x = X + (gsize) (rows != NULL ? rows[i] : i) * n_features;

      for (guint j = 0; j < n_features; j++)
        sum[j] += x[j];
    }

  for (guint j = 0; j < n_features; j++)
    self->mean[j] = sum[j] / n_rows;

  for (guint i = 0; i < n_rows; i++)
    {
      const float *x = X + (gsize) (rows != NULL ? rows[i] : i) * n_features;

      for (guint j = 0; j < n_features; j++)
        {
          double d = (double) x[j] - self->mean[j];

          corr[j] += d;
          sumsq[j] += d * d;
        }
    }

  for (guint j = 0; j < n_features; j++)
    {
      double n = n_rows;
      double var = (sumsq[j] - corr[j] * corr[j] / n) / n;
      double upper_bound = n * DBL_EPSILON * var
                           + (n * self->mean[j] * DBL_EPSILON) * (n * self->mean[j] * DBL_EPSILON);

      /* Rounding can leave a tiny (even negative) variance for a column
       * whose values are all equal. */
      if (!(var > upper_bound))
        self->scale[j] = 0.0;
      else
        self->scale[j] = sqrt (var);
    }

  return self;
}

/**
 * entrena_scaler_new:
 * @n_features: columns
 * @mean: `[n_features]` column means
 * @scale: `[n_features]` column scales, 0 for a constant column
 *
 * Makes a scaler from saved parameters, copying them.
 *
 * Returns: (transfer full): the scaler
 */
EntrenaScaler *
entrena_scaler_new (guint         n_features,
                    const double *mean,
                    const double *scale)
{
  EntrenaScaler *self;

  g_return_val_if_fail (mean != NULL || n_features == 0, NULL);
  g_return_val_if_fail (scale != NULL || n_features == 0, NULL);

  self = g_new0 (EntrenaScaler, 1);
  self->n_features = n_features;
  self->mean = g_new0 (double, MAX (n_features, 1));
  self->scale = g_new0 (double, MAX (n_features, 1));
  if (n_features > 0)
    {
      memcpy (self->mean, mean, n_features * sizeof (double));
      memcpy (self->scale, scale, n_features * sizeof (double));
    }

  return self;
}

/**
 * entrena_scaler_transform:
 * @self: a scaler
 * @X: `[n_rows][n_features]` row-major data, standardized in place
 * @n_rows: rows in @X
 *
 * Replaces each value x of column j by `(x - mean[j]) / scale[j]`, computed in
 * double and rounded once to float. Columns with scale 0 become 0.
 */
void
entrena_scaler_transform (const EntrenaScaler *self,
                          float               *X,
                          guint                n_rows)
{
  guint n_features;

  g_return_if_fail (self != NULL);
  g_return_if_fail (X != NULL || n_rows == 0 || self->n_features == 0);

  n_features = self->n_features;

  for (guint i = 0; i < n_rows; i++)
    {
      float *x = X + (gsize) i * n_features;

      for (guint j = 0; j < n_features; j++)
        {
          if (self->scale[j] == 0.0)
            x[j] = 0.0f;
          else
            x[j] = (float) (((double) x[j] - self->mean[j]) / self->scale[j]);
        }
    }
}

/**
 * entrena_scaler_free:
 * @self: (nullable): a scaler
 *
 * Frees @self.
 */
void
entrena_scaler_free (EntrenaScaler *self)
{
  if (self == NULL)
    return;

  g_free (self->mean);
  g_free (self->scale);
  g_free (self);
}
