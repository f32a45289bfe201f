/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-chart-canvas.h"
#include "entrena-regression-metrics.h"

G_BEGIN_DECLS

/*
 * What the two pictures of a regression's test rows share (the
 * predicted-against-actual scatter, entrena-scatter-chart.c, and the
 * residual histogram, entrena-residual-chart.c): their data, and the frame
 * around their plot, axes in the target's units. No GTK.
 */

/**
 * EntrenaRegressionChartData:
 * @metrics: the test rows' predictions, targets and scores
 * @target: the target column's name, which the axes are in
 *
 * What both regression pictures draw.
 */
typedef struct
{
  const EntrenaRegressionMetrics *metrics;
  const char                     *target;
} EntrenaRegressionChartData;

/* The residual of test row @i, in the target's units: actual − predicted. */
#define ENTRENA_REGRESSION_RESIDUAL(metrics, i) ((metrics)->actual[i] - (metrics)->predicted[i])

/**
 * entrena_regression_chart_layout:
 * @canvas: a drawing begun with entrena_chart_canvas_begin()
 * @caption: (nullable): a line of figures above the plot
 * @square: give the plot equal sides (both axes in the same units)
 * @geometry: (inout): its axes already ranged; gets where the plot goes
 *
 * Lays out the plot inside the picture's margins, leaving room for the
 * caption, the tick labels and the axis titles.
 *
 * Returns: %FALSE when the picture is too small for a plot
 */
gboolean entrena_regression_chart_layout (EntrenaChartCanvas     *canvas,
                                          const char             *caption,
                                          gboolean                square,
                                          EntrenaChartGeometry   *geometry);

/* Draws the frame, the ticks and labels of @geometry's axes, the axis titles
 * and the @caption over the plot. */
void     entrena_regression_chart_frame  (EntrenaChartCanvas         *canvas,
                                          const EntrenaChartGeometry *geometry,
                                          const char                 *x_title,
                                          const char                 *y_title,
                                          const char                 *caption);

/* Adds a dashed or plain line between two points of the plot, in data
 * units, clipped to the plot. */
void     entrena_regression_chart_line   (EntrenaChartCanvas         *canvas,
                                          const EntrenaChartGeometry *geometry,
                                          double                      x0,
                                          double                      y0,
                                          double                      x1,
                                          double                      y1,
                                          const EntrenaChartColor    *color,
                                          gboolean                    dashed);

/* The position of (@x, @y), in data units, in the picture. */
void     entrena_regression_chart_to_plot (const EntrenaChartGeometry *geometry,
                                           double                      x,
                                           double                      y,
                                           double                     *px,
                                           double                     *py);

/* The smallest and largest finite values of @values; FALSE without any. */
gboolean entrena_regression_chart_range  (const double *values,
                                          gsize         n,
                                          double       *min,
                                          double       *max);

G_END_DECLS
