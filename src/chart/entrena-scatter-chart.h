/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "entrena-regression-chart.h"

G_BEGIN_DECLS

/**
 * entrena_scatter_chart_draw:
 * @cr: any cairo context: a widget's snapshot, an image, SVG or PDF surface
 * @data: the test rows' predictions and targets
 * @style: colours and fonts
 * @width: the picture's width, in @cr's user units
 * @height: its height
 * @scale: device pixels per user unit (1 for vector output)
 * @geometry: (out) (optional): where the plot went, in data units on both
 *   axes; its plot width is 0 when there was no room for one
 *
 * Draws the predicted-against-actual scatter into (0, 0, @width, @height):
 * one dot per test row, actual value across and prediction up, both axes in
 * the target's units over the same range, the line y = x where a perfect
 * model's dots would lie, and the RMSE and R² above.
 */
void  entrena_scatter_chart_draw      (cairo_t                          *cr,
                                       const EntrenaRegressionChartData *data,
                                       const EntrenaChartStyle          *style,
                                       double                            width,
                                       double                            height,
                                       double                            scale,
                                       EntrenaChartGeometry             *geometry);

/* entrena_scatter_chart_draw() as an #EntrenaChartDrawFunc, for exports. */
void  entrena_scatter_chart_draw_func (cairo_t                 *cr,
                                       gconstpointer            data,
                                       const EntrenaChartStyle *style,
                                       double                   width,
                                       double                   height,
                                       double                   scale);

/* The scatter in words, with its figures, for screen readers and an SVG's
 * description: rows, RMSE, R², the ranges. (transfer full) */
char *entrena_scatter_chart_describe  (const EntrenaRegressionChartData *data) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
