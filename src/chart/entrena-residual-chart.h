/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "entrena-regression-chart.h"

G_BEGIN_DECLS

/* At most this many bars. */
#define ENTRENA_RESIDUAL_CHART_MAX_BINS 40

/**
 * EntrenaResidualSummary:
 * @n_rows: the residuals counted (finite ones)
 * @mean: their mean, in the target's units
 * @deviation: their population standard deviation
 * @min: the smallest
 * @max: the largest
 * @within_rmse: the share of rows whose residual is within ±RMSE
 *
 * The residuals (actual − predicted) of the test rows in figures.
 */
typedef struct
{
  gsize  n_rows;
  double mean;
  double deviation;
  double min;
  double max;
  double within_rmse;
} EntrenaResidualSummary;

void  entrena_residual_chart_summarize (const EntrenaRegressionMetrics *metrics,
                                        EntrenaResidualSummary         *summary);

/**
 * entrena_residual_chart_draw:
 * @cr: any cairo context
 * @data: the test rows' predictions and targets
 * @style: colours and fonts
 * @width: the picture's width, in @cr's user units
 * @height: its height
 * @scale: device pixels per user unit (1 for vector output)
 * @geometry: (out) (optional): where the plot went: residuals across, rows
 *   up; its plot width is 0 when there was no room for one
 *
 * Draws the histogram of the residuals (actual − predicted) into (0, 0,
 * @width, @height), centred on zero, with lines at 0 and ±RMSE.
 */
void  entrena_residual_chart_draw      (cairo_t                          *cr,
                                        const EntrenaRegressionChartData *data,
                                        const EntrenaChartStyle          *style,
                                        double                            width,
                                        double                            height,
                                        double                            scale,
                                        EntrenaChartGeometry             *geometry);

/* entrena_residual_chart_draw() as an #EntrenaChartDrawFunc, for exports. */
void  entrena_residual_chart_draw_func (cairo_t                 *cr,
                                        gconstpointer            data,
                                        const EntrenaChartStyle *style,
                                        double                   width,
                                        double                   height,
                                        double                   scale);

/* The histogram in words, with its figures: rows, the residuals' mean and
 * spread, the share within ±1 RMSE, the range. (transfer full) */
char *entrena_residual_chart_describe  (const EntrenaRegressionChartData *data) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
