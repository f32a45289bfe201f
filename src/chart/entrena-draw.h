/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Cairo helpers shared by the loss chart's renderer and the app's other
 * hand-drawn widgets (the confusion matrix). No GTK. */

/* Colour components are 0..1, not premultiplied, like GdkRGBA. */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} EntrenaChartColor;

/* Makes @color, its alpha multiplied by @alpha, the source of @cr. */
void entrena_draw_set_color    (cairo_t                 *cr,
                                const EntrenaChartColor *color,
                                double                   alpha);

/* Adds the rectangle (@x, @y, @width, @height) with corners rounded to
 * @radius (at most half its shorter side) as a closed sub-path of @cr. */
void entrena_draw_rounded_rect (cairo_t *cr,
                                double   x,
                                double   y,
                                double   width,
                                double   height,
                                double   radius);

G_END_DECLS
