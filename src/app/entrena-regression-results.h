/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "entrena-regression-chart.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_REGRESSION_RESULTS (entrena_regression_results_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaRegressionResults, entrena_regression_results, ENTRENA, REGRESSION_RESULTS, GtkWidget)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget                        *entrena_regression_results_new         (void);

void                              entrena_regression_results_set_metrics (EntrenaRegressionResults       *self,
                                                                          const EntrenaRegressionMetrics *metrics,
                                                                          const char                     *target);
const EntrenaRegressionChartData *entrena_regression_results_get_data    (EntrenaRegressionResults       *self);
const char                       *entrena_regression_results_get_description (EntrenaRegressionResults *self,
                                                                              gboolean                  residuals);

G_END_DECLS
