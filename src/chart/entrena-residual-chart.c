/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-chart-axis.h"
#include "entrena-format.h"
#include "entrena-residual-chart.h"

void
entrena_residual_chart_summarize (const EntrenaRegressionMetrics *metrics,
                                  EntrenaResidualSummary         *summary)
{
  double sum = 0, squares = 0;
  gsize within = 0;

  memset (summary, 0, sizeof *summary);
  summary->min = INFINITY;
  summary->max = -INFINITY;
  for (gsize i = 0; i < metrics->n_rows; i++)
    {
      double residual = ENTRENA_REGRESSION_RESIDUAL (metrics, i);

      if (!isfinite (residual))
        continue;
      summary->n_rows++;
      sum += residual;
      summary->min = MIN (summary->min, residual);
      summary->max = MAX (summary->max, residual);
      if (fabs (residual) <= metrics->rmse)
        within++;
    }
  if (summary->n_rows == 0)
    {
      summary->min = summary->max = 0;
      return;
    }
  summary->mean = sum / summary->n_rows;
  for (gsize i = 0; i < metrics->n_rows; i++)
    {
      double residual = ENTRENA_REGRESSION_RESIDUAL (metrics, i);

      if (isfinite (residual))
        squares += (residual - summary->mean) * (residual - summary->mean);
    }
  summary->deviation = sqrt (squares / summary->n_rows);
  summary->within_rmse = (double) within / summary->n_rows;
}

/* About the square root of the rows, within reason. */
static guint
count_bins (gsize n_rows)
{
  return CLAMP ((guint) ceil (sqrt ((double) n_rows)), 5, ENTRENA_RESIDUAL_CHART_MAX_BINS);
}

static void
draw_bars (EntrenaChartCanvas             *canvas,
           const EntrenaChartGeometry     *geometry,
           const guint                    *counts,
           guint                           n_bins,
           double                          reach)
{
  cairo_t *cr = canvas->cr;
  double gap = MAX (1, geometry->plot_width / n_bins * 0.08);

  for (guint b = 0; b < n_bins; b++)
    {
      double left, right, top, bottom;

      if (counts[b] == 0)
        continue;
      entrena_regression_chart_to_plot (geometry, -reach + 2 * reach * b / n_bins, counts[b], &left, &top);
      entrena_regression_chart_to_plot (geometry, -reach + 2 * reach * (b + 1) / n_bins, 0, &right, &bottom);
      cairo_rectangle (cr, left + gap / 2, top, MAX (1, right - left - gap), bottom - top);
    }
  entrena_draw_set_color (cr, &canvas->style->test, 0.85);
  cairo_fill (cr);
}

void
entrena_residual_chart_draw (cairo_t                          *cr,
                             const EntrenaRegressionChartData *data,
                             const EntrenaChartStyle          *style,
                             double                            width,
                             double                            height,
                             double                            scale,
                             EntrenaChartGeometry             *geometry)
{
  const EntrenaRegressionMetrics *metrics;
  EntrenaChartCanvas canvas;
  EntrenaChartGeometry geo = { 0 };
  EntrenaResidualSummary summary;
  guint counts[ENTRENA_RESIDUAL_CHART_MAX_BINS] = { 0 };
  guint n_bins, highest = 1;
  g_autofree char *caption = NULL;
  g_autofree char *x_title = NULL;
  g_autofree char *within = NULL;
  double reach;

  g_return_if_fail (cr != NULL && data != NULL && data->metrics != NULL && style != NULL);

  metrics = data->metrics;
  if (geometry != NULL)
    *geometry = geo;
  if (!entrena_chart_canvas_begin (&canvas, cr, style, width, height, scale))
    return;

  /* Symmetric around zero, reaching past the widest residual and ±RMSE. */
  entrena_residual_chart_summarize (metrics, &summary);
  reach = MAX (MAX (fabs (summary.min), fabs (summary.max)), isfinite (metrics->rmse) ? metrics->rmse : 0);
  if (!(reach > 0))
    reach = 1;
  reach *= 1.05;
  n_bins = count_bins (summary.n_rows);
  for (gsize i = 0; i < metrics->n_rows; i++)
    {
      double residual = ENTRENA_REGRESSION_RESIDUAL (metrics, i);
      guint b;

      if (!isfinite (residual))
        continue;
      b = (guint) CLAMP (floor ((residual + reach) / (2 * reach) * n_bins), 0, n_bins - 1);
      counts[b]++;
      highest = MAX (highest, counts[b]);
    }

  within = entrena_format_percent (summary.within_rmse);
  /* Translators: above the residual histogram: the residuals' mean and
   * standard deviation, and the share of rows within ±1 RMSE ("74%") */
  caption = g_strdup_printf (_("Mean %.3g · deviation %.3g · %s within ±RMSE"), summary.mean, summary.deviation,
                             within);
  entrena_chart_axis_linear (&geo.y_axis, 0, highest, MAX (2, (guint) (height / (canvas.base * 3))));
  if (!entrena_regression_chart_layout (&canvas, caption, FALSE, &geo))
    {
      entrena_chart_canvas_end (&canvas);
      return;
    }
  entrena_chart_axis_fixed (&geo.x_axis, -reach, reach, MAX (2, (guint) (geo.plot_width / (canvas.base * 4))));
  entrena_chart_axis_linear (&geo.y_axis, 0, highest, MAX (2, (guint) (geo.plot_height / (canvas.base * 2.5))));

  /* Translators: the residual histogram's horizontal axis; %s is the target column's name */
  x_title = g_strdup_printf (_("Actual − predicted %s"), data->target);
  entrena_regression_chart_frame (&canvas, &geo, x_title, _("Test rows"), caption);
  draw_bars (&canvas, &geo, counts, n_bins, reach);
  entrena_regression_chart_line (&canvas, &geo, 0, geo.y_axis.min, 0, geo.y_axis.max, &style->foreground, FALSE);
  if (isfinite (metrics->rmse) && metrics->rmse > 0)
    {
      entrena_regression_chart_line (&canvas, &geo, -metrics->rmse, geo.y_axis.min, -metrics->rmse, geo.y_axis.max,
                                     &style->marker, TRUE);
      entrena_regression_chart_line (&canvas, &geo, metrics->rmse, geo.y_axis.min, metrics->rmse, geo.y_axis.max,
                                     &style->marker, TRUE);
    }

  entrena_chart_canvas_end (&canvas);
  if (geometry != NULL)
    *geometry = geo;
}

void
entrena_residual_chart_draw_func (cairo_t                 *cr,
                                  gconstpointer            data,
                                  const EntrenaChartStyle *style,
                                  double                   width,
                                  double                   height,
                                  double                   scale)
{
  entrena_residual_chart_draw (cr, data, style, width, height, scale, NULL);
}

char *
entrena_residual_chart_describe (const EntrenaRegressionChartData *data)
{
  EntrenaResidualSummary summary;
  g_autofree char *rows = NULL;
  g_autofree char *within = NULL;

  entrena_residual_chart_summarize (data->metrics, &summary);
  rows = entrena_format_count (summary.n_rows);
  within = entrena_format_percent (summary.within_rmse);

  /* Translators: the residual histogram's description for screen readers.
   * %s: the target column, the number of test rows; then the residuals'
   * mean and standard deviation, the share within ±1 RMSE ("74%"), the RMSE,
   * and the smallest and largest residual. */
  return g_strdup_printf (_("Residuals (actual − predicted “%s”) of %s test rows: mean %.3g, standard deviation "
                            "%.3g; %s within ±1 RMSE (%.4g); from %.4g to %.4g."),
                          data->target, rows, summary.mean, summary.deviation, within, data->metrics->rmse,
                          summary.min, summary.max);
}
