/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "entrena-chart.h"
#include "entrena-decision-map.h"

G_BEGIN_DECLS

/**
 * entrena_map_chart_draw:
 * @cr: any cairo context: a widget's snapshot, an image, SVG or PDF surface
 * @map: the decision map
 * @style: colours and fonts
 * @width: the picture's width, in @cr's user units
 * @height: its height
 * @scale: device pixels per user unit (1 for vector output)
 *
 * Draws a decision map into (0, 0, @width, @height): each cell in its
 * class's colour, lighter where the network is less sure, the training rows
 * as dots, the test rows as rings (crossed when predicted wrong), the axes
 * in the data's units, a legend, and what the other inputs are held at.
 */
void entrena_map_chart_draw (cairo_t                  *cr,
                             const EntrenaDecisionMap *map,
                             const EntrenaChartStyle  *style,
                             double                    width,
                             double                    height,
                             double                    scale);

/* entrena_map_chart_draw() as an #EntrenaChartDrawFunc, for exports. */
void entrena_map_chart_draw_func (cairo_t                 *cr,
                                  gconstpointer            map,
                                  const EntrenaChartStyle *style,
                                  double                   width,
                                  double                   height,
                                  double                   scale);

G_END_DECLS
