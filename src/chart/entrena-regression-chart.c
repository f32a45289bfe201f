/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <math.h>

#include "entrena-chart-axis.h"
#include "entrena-regression-chart.h"

gboolean
entrena_regression_chart_range (const double *values,
                                gsize         n,
                                double       *min,
                                double       *max)
{
  gboolean any = FALSE;

  *min = INFINITY;
  *max = -INFINITY;
  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (values[i]))
        continue;
      *min = MIN (*min, values[i]);
      *max = MAX (*max, values[i]);
      any = TRUE;
    }
  if (!any)
    *min = *max = 0;

  return any;
}

gboolean
entrena_regression_chart_layout (EntrenaChartCanvas   *canvas,
                                 const char           *caption,
                                 gboolean              square,
                                 EntrenaChartGeometry *geometry)
{
  double tick_w = 0, tick_h, title_h, caption_h = 0;

  entrena_chart_text_measure (canvas->layout, canvas->font_small, "0", NULL, &tick_h);
  entrena_chart_text_measure (canvas->layout, canvas->font_normal, "Ag", NULL, &title_h);
  for (guint i = 0; i < geometry->y_axis.n_ticks; i++)
    {
      g_autofree char *label = entrena_chart_axis_format_tick (&geometry->y_axis, geometry->y_axis.ticks[i]);
      double w;

      entrena_chart_text_measure (canvas->layout, canvas->font_small, label, &w, NULL);
      tick_w = MAX (tick_w, w);
    }
  if (caption != NULL)
    caption_h = title_h + canvas->base * 0.6;

  geometry->plot_x = canvas->pad + title_h + canvas->base * 0.5 + tick_w + canvas->base * 0.4;
  geometry->plot_y = canvas->pad + caption_h;
  geometry->plot_width = canvas->width - geometry->plot_x - canvas->pad - canvas->base * 0.5;
  geometry->plot_height = canvas->height - geometry->plot_y - canvas->pad - tick_h - title_h - canvas->base * 0.6;
  if (geometry->plot_width < 20 || geometry->plot_height < 20)
    return FALSE;

  if (square && geometry->plot_width > geometry->plot_height)
    {
      geometry->plot_x += (geometry->plot_width - geometry->plot_height) / 2;
      geometry->plot_width = geometry->plot_height;
    }
  else if (square)
    {
      geometry->plot_height = geometry->plot_width;
    }

  return TRUE;
}

void
entrena_regression_chart_to_plot (const EntrenaChartGeometry *geometry,
                                  double                      x,
                                  double                      y,
                                  double                     *px,
                                  double                     *py)
{
  *px = geometry->plot_x + entrena_chart_axis_fraction (&geometry->x_axis, x) * geometry->plot_width;
  *py = geometry->plot_y + (1 - entrena_chart_axis_fraction (&geometry->y_axis, y)) * geometry->plot_height;
}

void
entrena_regression_chart_line (EntrenaChartCanvas         *canvas,
                               const EntrenaChartGeometry *geometry,
                               double                      x0,
                               double                      y0,
                               double                      x1,
                               double                      y1,
                               const EntrenaChartColor    *color,
                               gboolean                    dashed)
{
  cairo_t *cr = canvas->cr;
  double px, py;
  double dash = canvas->base * 0.4;

  cairo_save (cr);
  cairo_rectangle (cr, geometry->plot_x, geometry->plot_y, geometry->plot_width, geometry->plot_height);
  cairo_clip (cr);
  entrena_regression_chart_to_plot (geometry, x0, y0, &px, &py);
  cairo_move_to (cr, px, py);
  entrena_regression_chart_to_plot (geometry, x1, y1, &px, &py);
  cairo_line_to (cr, px, py);
  if (dashed)
    cairo_set_dash (cr, &dash, 1, 0);
  cairo_set_line_width (cr, MAX (1.5, canvas->base * 0.12));
  entrena_draw_set_color (cr, color, 0.9);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
entrena_regression_chart_frame (EntrenaChartCanvas         *canvas,
                                const EntrenaChartGeometry *geometry,
                                const char                 *x_title,
                                const char                 *y_title,
                                const char                 *caption)
{
  const EntrenaChartStyle *style = canvas->style;
  cairo_t *cr = canvas->cr;
  double left = geometry->plot_x, top = geometry->plot_y;
  double right = left + geometry->plot_width, bottom = top + geometry->plot_height;
  double tick_h;

  entrena_chart_text_measure (canvas->layout, canvas->font_small, "0", NULL, &tick_h);

  cairo_set_line_width (cr, 1);
  entrena_draw_set_color (cr, &style->foreground, 0.5);
  cairo_rectangle (cr, left + 0.5, top + 0.5, geometry->plot_width - 1, geometry->plot_height - 1);
  cairo_stroke (cr);

  for (guint i = 0; i < geometry->x_axis.n_ticks; i++)
    {
      double value = geometry->x_axis.ticks[i];
      g_autofree char *label = entrena_chart_axis_format_tick (&geometry->x_axis, value);
      double x = left + entrena_chart_axis_fraction (&geometry->x_axis, value) * geometry->plot_width;

      entrena_draw_set_color (cr, &style->grid, 1);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      entrena_draw_set_color (cr, &style->foreground, 0.6);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + canvas->base * 0.3);
      cairo_stroke (cr);
      entrena_chart_text_show (cr, canvas->layout, canvas->font_small, label, x, bottom + canvas->base * 0.35,
                               0.5, 0, &style->foreground, 0.85);
    }
  for (guint i = 0; i < geometry->y_axis.n_ticks; i++)
    {
      double value = geometry->y_axis.ticks[i];
      g_autofree char *label = entrena_chart_axis_format_tick (&geometry->y_axis, value);
      double y = top + (1 - entrena_chart_axis_fraction (&geometry->y_axis, value)) * geometry->plot_height;

      entrena_draw_set_color (cr, &style->grid, 1);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      entrena_draw_set_color (cr, &style->foreground, 0.6);
      cairo_move_to (cr, left - canvas->base * 0.3, y);
      cairo_line_to (cr, left, y);
      cairo_stroke (cr);
      entrena_chart_text_show (cr, canvas->layout, canvas->font_small, label, left - canvas->base * 0.4, y,
                               1, 0.5, &style->foreground, 0.85);
    }

  entrena_chart_text_show (cr, canvas->layout, canvas->font_normal, x_title, left + geometry->plot_width / 2,
                           bottom + canvas->base * 0.5 + tick_h, 0.5, 0, &style->foreground, 1);
  cairo_save (cr);
  cairo_translate (cr, canvas->pad, top + geometry->plot_height / 2);
  cairo_rotate (cr, -G_PI / 2);
  entrena_chart_text_show (cr, canvas->layout, canvas->font_normal, y_title, 0, 0, 0.5, 0, &style->foreground, 1);
  cairo_restore (cr);

  if (caption != NULL)
    {
      pango_layout_set_width (canvas->layout, (int) ((canvas->width - 2 * canvas->pad) * PANGO_SCALE));
      pango_layout_set_ellipsize (canvas->layout, PANGO_ELLIPSIZE_END);
      entrena_chart_text_show (cr, canvas->layout, canvas->font_normal, caption, canvas->pad, canvas->pad,
                               0, 0, &style->foreground, 1);
      pango_layout_set_width (canvas->layout, -1);
      pango_layout_set_ellipsize (canvas->layout, PANGO_ELLIPSIZE_NONE);
    }
}
