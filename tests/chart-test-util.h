/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the chart tests share: drawing chart data into an image and counting
 * its pixels of a colour.
 */

#include <math.h>

#include "entrena-chart.h"

#define WIDTH  800
#define HEIGHT 500

static inline cairo_surface_t *
render (const EntrenaChartData  *data,
        const EntrenaChartStyle *style,
        double                   scale,
        EntrenaChartGeometry    *geometry)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) (WIDTH * scale), (int) (HEIGHT * scale));
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  entrena_chart_draw (cr, data, style, WIDTH, HEIGHT, scale, geometry);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static inline guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guchar *row = cairo_image_surface_get_data (surface) + (gsize) y * cairo_image_surface_get_stride (surface);

  return ((const guint32 *) row)[x];
}

/* Pixels within @tolerance (per channel) of an opaque @color in a device
 * rectangle. */
static inline guint
count_color (cairo_surface_t         *surface,
             const EntrenaChartColor *color,
             int                      tolerance,
             int                      x0,
             int                      y0,
             int                      x1,
             int                      y1)
{
  int r = (int) lround (color->red * 255);
  int g = (int) lround (color->green * 255);
  int b = (int) lround (color->blue * 255);
  guint n = 0;

  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, cairo_image_surface_get_width (surface));
  y1 = MIN (y1, cairo_image_surface_get_height (surface));
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = pixel_at (surface, x, y);

        if ((p >> 24) == 0xff && ABS ((int) ((p >> 16) & 0xff) - r) <= tolerance &&
            ABS ((int) ((p >> 8) & 0xff) - g) <= tolerance && ABS ((int) (p & 0xff) - b) <= tolerance)
          n++;
      }

  return n;
}

static inline guint
count_in_plot (cairo_surface_t            *surface,
               const EntrenaChartColor    *color,
               const EntrenaChartGeometry *geo,
               double                      scale)
{
  return count_color (surface, color, 8, (int) (geo->plot_x * scale), (int) (geo->plot_y * scale),
                      (int) ((geo->plot_x + geo->plot_width) * scale),
                      (int) ((geo->plot_y + geo->plot_height) * scale));
}
