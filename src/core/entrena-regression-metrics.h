/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaRegressionMetrics:
 * @n_rows: rows measured
 * @predicted: `[n_rows]` the model's numbers
 * @actual: `[n_rows]` the true numbers
 * @rmse: the root of the mean squared error
 * @mae: the mean absolute error
 * @r2: the coefficient of determination, 1 − SS_res / SS_tot (scikit-learn's
 *   `r2_score`: 1 for a perfect fit of constant values, else 0 when they are
 *   constant)
 * @baseline_mean: the number the baseline always predicts: the training
 *   rows' mean
 * @baseline_rmse: the RMSE of always predicting @baseline_mean
 * @baseline_mae: the MAE of always predicting @baseline_mean
 *
 * How close a regression model's numbers are, in the target's units.
 */
typedef struct
{
  gsize   n_rows;
  double *predicted;
  double *actual;
  double  rmse;
  double  mae;
  double  r2;
  double  baseline_mean;
  double  baseline_rmse;
  double  baseline_mae;
} EntrenaRegressionMetrics;

EntrenaRegressionMetrics *entrena_regression_metrics_new  (const double *predicted,
                                                           const double *actual,
                                                           gsize         n,
                                                           double        baseline_mean) G_GNUC_WARN_UNUSED_RESULT;
void                      entrena_regression_metrics_free (EntrenaRegressionMetrics *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaRegressionMetrics, entrena_regression_metrics_free)

G_END_DECLS
