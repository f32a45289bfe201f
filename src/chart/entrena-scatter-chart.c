/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-chart-axis.h"
#include "entrena-format.h"
#include "entrena-scatter-chart.h"

/* Both axes: the range of every actual and predicted value, so that the
 * line y = x is the diagonal of a square plot. */
static void
shared_range (const EntrenaRegressionMetrics *metrics,
              double                         *min,
              double                         *max)
{
  double a_min, a_max, p_min, p_max;
  gboolean any_actual = entrena_regression_chart_range (metrics->actual, metrics->n_rows, &a_min, &a_max);
  gboolean any_predicted = entrena_regression_chart_range (metrics->predicted, metrics->n_rows, &p_min, &p_max);

  if (any_actual && any_predicted)
    {
      *min = MIN (a_min, p_min);
      *max = MAX (a_max, p_max);
    }
  else
    {
      *min = any_actual ? a_min : p_min;
      *max = any_actual ? a_max : p_max;
    }
  if (!(*max > *min))
    {
      double half = MAX (fabs (*min) * 0.1, 1);

      *min -= half;
      *max += half;
    }
  else
    {
      double margin = (*max - *min) * 0.04;

      *min -= margin;
      *max += margin;
    }
}

static char *
dup_caption (const EntrenaRegressionMetrics *metrics)
{
  g_autofree char *rows = entrena_format_count (metrics->n_rows);

  /* Translators: above the predicted-against-actual scatter: test rows, RMSE and R² */
  return g_strdup_printf (_("%s test rows · RMSE %.4g · R² %.3f"), rows, metrics->rmse, metrics->r2);
}

static void
draw_points (EntrenaChartCanvas             *canvas,
             const EntrenaChartGeometry     *geometry,
             const EntrenaRegressionMetrics *metrics)
{
  cairo_t *cr = canvas->cr;
  double r = MAX (2.5, canvas->base * 0.22);

  cairo_save (cr);
  cairo_rectangle (cr, geometry->plot_x, geometry->plot_y, geometry->plot_width, geometry->plot_height);
  cairo_clip (cr);
  /* One path for every dot: thousands of rows draw in two operations. */
  for (gsize i = 0; i < metrics->n_rows; i++)
    {
      double x, y;

      if (!isfinite (metrics->actual[i]) || !isfinite (metrics->predicted[i]))
        continue;
      entrena_regression_chart_to_plot (geometry, metrics->actual[i], metrics->predicted[i], &x, &y);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }
  entrena_draw_set_color (cr, &canvas->style->test, 0.75);
  cairo_fill_preserve (cr);
  entrena_draw_set_color (cr, &canvas->style->foreground, 0.6);
  cairo_set_line_width (cr, MAX (1, r * 0.25));
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
entrena_scatter_chart_draw (cairo_t                          *cr,
                            const EntrenaRegressionChartData *data,
                            const EntrenaChartStyle          *style,
                            double                            width,
                            double                            height,
                            double                            scale,
                            EntrenaChartGeometry             *geometry)
{
  EntrenaChartCanvas canvas;
  EntrenaChartGeometry geo = { 0 };
  g_autofree char *caption = NULL;
  g_autofree char *x_title = NULL;
  g_autofree char *y_title = NULL;
  double min, max;

  g_return_if_fail (cr != NULL && data != NULL && data->metrics != NULL && style != NULL);

  if (geometry != NULL)
    *geometry = geo;
  if (!entrena_chart_canvas_begin (&canvas, cr, style, width, height, scale))
    return;

  shared_range (data->metrics, &min, &max);
  caption = dup_caption (data->metrics);
  entrena_chart_axis_fixed (&geo.y_axis, min, max, MAX (2, (guint) (height / (canvas.base * 3))));
  if (!entrena_regression_chart_layout (&canvas, caption, TRUE, &geo))
    {
      entrena_chart_canvas_end (&canvas);
      return;
    }
  entrena_chart_axis_fixed (&geo.x_axis, min, max, MAX (2, (guint) (geo.plot_width / (canvas.base * 4))));
  entrena_chart_axis_fixed (&geo.y_axis, min, max, MAX (2, (guint) (geo.plot_height / (canvas.base * 3))));

  /* Translators: the scatter's horizontal axis; %s is the target column's name */
  x_title = g_strdup_printf (_("Actual %s"), data->target);
  /* Translators: the scatter's vertical axis; %s is the target column's name */
  y_title = g_strdup_printf (_("Predicted %s"), data->target);
  entrena_regression_chart_frame (&canvas, &geo, x_title, y_title, caption);
  entrena_regression_chart_line (&canvas, &geo, min, min, max, max, &style->marker, TRUE);
  draw_points (&canvas, &geo, data->metrics);

  entrena_chart_canvas_end (&canvas);
  if (geometry != NULL)
    *geometry = geo;
}

void
entrena_scatter_chart_draw_func (cairo_t                 *cr,
                                 gconstpointer            data,
                                 const EntrenaChartStyle *style,
                                 double                   width,
                                 double                   height,
                                 double                   scale)
{
  entrena_scatter_chart_draw (cr, data, style, width, height, scale, NULL);
}

char *
entrena_scatter_chart_describe (const EntrenaRegressionChartData *data)
{
  const EntrenaRegressionMetrics *metrics = data->metrics;
  g_autofree char *rows = entrena_format_count (metrics->n_rows);
  double a_min, a_max, p_min, p_max;

  entrena_regression_chart_range (metrics->actual, metrics->n_rows, &a_min, &a_max);
  entrena_regression_chart_range (metrics->predicted, metrics->n_rows, &p_min, &p_max);

  /* Translators: the scatter's description for screen readers. %s: the
   * target column, the number of test rows; then RMSE, R² and the ranges of
   * the actual and the predicted values. */
  return g_strdup_printf (_("Predicted against actual “%s” for %s test rows: RMSE %.4g, R² %.3f. "
                            "Actual values from %.4g to %.4g, predictions from %.4g to %.4g. "
                            "A perfect model’s dots would lie on the diagonal line."),
                          data->target, rows, metrics->rmse, metrics->r2, a_min, a_max, p_min, p_max);
}
