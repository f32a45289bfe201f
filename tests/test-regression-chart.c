/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "entrena-chart-export.h"
#include "entrena-residual-chart.h"
#include "entrena-scatter-chart.h"

/*
 * The regression pictures, drawn into images: the scatter's dots fall inside
 * its plot where their values say, with the diagonal y = x; the residual
 * histogram's bars count every row; the descriptions carry the figures; the
 * SVG export has a title and a description; empty and broken data draw
 * without a crash.
 */

#define SIDE 600

/* Ten rows, the predictions 2 off the actual values, alternately above and below. */
static EntrenaRegressionMetrics *
ten_rows (void)
{
  double actual[10], predicted[10];

  for (guint i = 0; i < 10; i++)
    {
      actual[i] = 10.0 + 5.0 * i;
      predicted[i] = actual[i] + (i % 2 == 0 ? 2.0 : -2.0);
    }
  return entrena_regression_metrics_new (predicted, actual, 10, 30.0);
}

static cairo_surface_t *
draw (void                            (*draw_func) (cairo_t *, const EntrenaRegressionChartData *,
                                                    const EntrenaChartStyle *, double, double, double,
                                                    EntrenaChartGeometry *),
      const EntrenaRegressionChartData *data,
      const EntrenaChartStyle          *style,
      EntrenaChartGeometry             *geometry)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SIDE, SIDE);
  cairo_t *cr = cairo_create (surface);

  draw_func (cr, data, style, SIDE, SIDE, 1, geometry);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* @over at @alpha over @under, as cairo blends it. */
static EntrenaChartColor
blend (const EntrenaChartColor *over,
       const EntrenaChartColor *under,
       double                   alpha)
{
  EntrenaChartColor c = { over->red * alpha + under->red * (1 - alpha),
                          over->green * alpha + under->green * (1 - alpha),
                          over->blue * alpha + under->blue * (1 - alpha), 1 };

  return c;
}

static void
test_scatter_points (void)
{
  g_autoptr (EntrenaRegressionMetrics) metrics = ten_rows ();
  EntrenaRegressionChartData data = { metrics, "price" };
  EntrenaChartStyle style;
  EntrenaChartGeometry geo;
  EntrenaChartColor dot;
  cairo_surface_t *surface;

  entrena_chart_style_init_default (&style);
  surface = draw (entrena_scatter_chart_draw, &data, &style, &geo);
  g_assert_cmpfloat (geo.plot_width, >, 100);
  /* Both axes in the target's units over the same range: a square plot. */
  g_assert_cmpfloat_with_epsilon (geo.plot_width, geo.plot_height, 1e-9);
  g_assert_cmpfloat (geo.x_axis.min, ==, geo.y_axis.min);
  g_assert_cmpfloat (geo.x_axis.max, ==, geo.y_axis.max);
  g_assert_cmpfloat (geo.x_axis.min, <, 10);
  g_assert_cmpfloat (geo.x_axis.max, >, 55);

  dot = blend (&style.test, &style.background, 0.75);
  for (guint i = 0; i < metrics->n_rows; i++)
    {
      double x, y;

      entrena_regression_chart_to_plot (&geo, metrics->actual[i], metrics->predicted[i], &x, &y);
      g_assert_cmpfloat (x, >, geo.plot_x);
      g_assert_cmpfloat (x, <, geo.plot_x + geo.plot_width);
      g_assert_cmpfloat (y, >, geo.plot_y);
      g_assert_cmpfloat (y, <, geo.plot_y + geo.plot_height);
      /* The dot's centre is the test colour, over the background. */
      g_assert_cmpuint (count_color (surface, &dot, 10, (int) x - 1, (int) y - 1, (int) x + 2, (int) y + 2), >, 0);
    }
  /* The diagonal: the marker colour along y = x, between the dots. */
  {
    double x, y;

    entrena_regression_chart_to_plot (&geo, 32.5, 32.5, &x, &y);
    g_assert_cmpuint (count_color (surface, &style.marker, 60, (int) x - 6, (int) y - 6, (int) x + 7, (int) y + 7),
                      >, 0);
  }
  /* Nothing of the dots' colour outside the plot. */
  g_assert_cmpuint (count_color (surface, &dot, 10, 0, 0, SIDE, (int) geo.plot_y - 1), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_scatter_description (void)
{
  g_autoptr (EntrenaRegressionMetrics) metrics = ten_rows ();
  EntrenaRegressionChartData data = { metrics, "price" };
  g_autofree char *text = entrena_scatter_chart_describe (&data);
  g_autofree char *rmse = g_strdup_printf ("RMSE %.4g", metrics->rmse);
  g_autofree char *r2 = g_strdup_printf ("R² %.3f", metrics->r2);

  g_assert_cmpfloat_with_epsilon (metrics->rmse, 2.0, 1e-12);
  g_assert_nonnull (strstr (text, "“price”"));
  g_assert_nonnull (strstr (text, "10 test rows"));
  g_assert_nonnull (strstr (text, rmse));
  g_assert_nonnull (strstr (text, r2));
  g_assert_nonnull (strstr (text, "from 10 to 55"));
  g_assert_nonnull (strstr (text, "from 12 to 53"));
}

static void
test_residual_summary (void)
{
  g_autoptr (EntrenaRegressionMetrics) metrics = ten_rows ();
  EntrenaRegressionChartData data = { metrics, "price" };
  EntrenaResidualSummary summary;
  g_autofree char *text = NULL;

  entrena_residual_chart_summarize (metrics, &summary);
  g_assert_cmpuint (summary.n_rows, ==, 10);
  g_assert_cmpfloat_with_epsilon (summary.mean, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.deviation, 2, 1e-12);
  g_assert_cmpfloat (summary.min, ==, -2);
  g_assert_cmpfloat (summary.max, ==, 2);
  /* Every residual is ±RMSE exactly: all within. */
  g_assert_cmpfloat (summary.within_rmse, ==, 1);

  text = entrena_residual_chart_describe (&data);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "10 test rows"));
  g_assert_nonnull (strstr (text, "standard deviation 2"));
  g_assert_nonnull (strstr (text, "100.0% within ±1 RMSE (2)"));
  g_assert_nonnull (strstr (text, "from -2 to 2"));
}

static void
test_residual_bars (void)
{
  g_autoptr (EntrenaRegressionMetrics) metrics = ten_rows ();
  EntrenaRegressionChartData data = { metrics, "price" };
  EntrenaChartStyle style;
  EntrenaChartGeometry geo;
  EntrenaChartColor bar;
  cairo_surface_t *surface;
  double x, y, zero_x;

  entrena_chart_style_init_default (&style);
  surface = draw (entrena_residual_chart_draw, &data, &style, &geo);
  g_assert_cmpfloat (geo.plot_width, >, 100);
  /* Centred on zero, reaching past the widest residual. */
  g_assert_cmpfloat (geo.x_axis.min, ==, -geo.x_axis.max);
  g_assert_cmpfloat (geo.x_axis.max, >=, 2);
  /* Five rows in each of two bars: the axis reaches 5. */
  g_assert_cmpfloat (geo.y_axis.max, >=, 5);

  bar = blend (&style.test, &style.background, 0.85);
  entrena_regression_chart_to_plot (&geo, 0, 0, &zero_x, &y);
  /* A bar of five rows just inside each end; none around zero. */
  entrena_regression_chart_to_plot (&geo, -1.95, 2.5, &x, &y);
  g_assert_cmpuint (count_color (surface, &bar, 10, (int) x - 2, (int) y - 2, (int) x + 3, (int) y + 3), >, 0);
  entrena_regression_chart_to_plot (&geo, 1.95, 2.5, &x, &y);
  g_assert_cmpuint (count_color (surface, &bar, 10, (int) x - 2, (int) y - 2, (int) x + 3, (int) y + 3), >, 0);
  entrena_regression_chart_to_plot (&geo, 0.5, 2.5, &x, &y);
  g_assert_cmpuint (count_color (surface, &bar, 10, (int) x - 2, (int) y - 2, (int) x + 3, (int) y + 3), ==, 0);
  /* Above five rows, no bar. */
  entrena_regression_chart_to_plot (&geo, -1.95, 5.4, &x, &y);
  if (geo.y_axis.max > 5.5)
    g_assert_cmpuint (count_color (surface, &bar, 10, (int) x - 2, (int) y - 2, (int) x + 3, (int) y + 3), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_svg_export (void)
{
  g_autoptr (EntrenaRegressionMetrics) metrics = ten_rows ();
  EntrenaRegressionChartData data = { metrics, "price" };
  EntrenaChartStyle style;
  g_autofree char *description = entrena_scatter_chart_describe (&data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) svg = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autofree char *text = NULL;

  entrena_chart_style_init_default (&style);
  svg = entrena_chart_export_drawing_to_bytes (entrena_scatter_chart_draw_func, &data, &style,
                                               "Predicted against actual", description,
                                               ENTRENA_CHART_FORMAT_SVG, 800, 600, 1, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
  g_assert_nonnull (strstr (text, "<title>Predicted against actual</title>"));
  g_assert_nonnull (strstr (text, "<desc>"));

  png = entrena_chart_export_drawing_to_bytes (entrena_residual_chart_draw_func, &data, &style, "Residuals", NULL,
                                               ENTRENA_CHART_FORMAT_PNG, 800, 600, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
}

/* No rows, one row, constant values, NaN and infinity: pictures, no crash. */
static void
test_degenerate (void)
{
  double nan_actual[3] = { NAN, 1, INFINITY };
  double nan_predicted[3] = { 1, NAN, 2 };
  double same[4] = { 5, 5, 5, 5 };
  double one = 3;
  g_autoptr (EntrenaRegressionMetrics) empty = entrena_regression_metrics_new (&one, &one, 0, 0);
  g_autoptr (EntrenaRegressionMetrics) single = entrena_regression_metrics_new (&one, &one, 1, 3);
  g_autoptr (EntrenaRegressionMetrics) constant = entrena_regression_metrics_new (same, same, 4, 5);
  g_autoptr (EntrenaRegressionMetrics) broken = entrena_regression_metrics_new (nan_predicted, nan_actual, 3, 1);
  EntrenaRegressionMetrics *all[] = { empty, single, constant, broken };
  EntrenaChartStyle style;

  entrena_chart_style_init_default (&style);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      EntrenaRegressionChartData data = { all[i], "y" };
      g_autofree char *a = entrena_scatter_chart_describe (&data);
      g_autofree char *b = entrena_residual_chart_describe (&data);

      cairo_surface_destroy (draw (entrena_scatter_chart_draw, &data, &style, NULL));
      cairo_surface_destroy (draw (entrena_residual_chart_draw, &data, &style, NULL));
      g_assert_nonnull (a);
      g_assert_nonnull (b);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/regression-chart/scatter/points", test_scatter_points);
  g_test_add_func ("/regression-chart/scatter/description", test_scatter_description);
  g_test_add_func ("/regression-chart/residuals/summary", test_residual_summary);
  g_test_add_func ("/regression-chart/residuals/bars", test_residual_bars);
  g_test_add_func ("/regression-chart/svg-export", test_svg_export);
  g_test_add_func ("/regression-chart/degenerate", test_degenerate);

  return g_test_run ();
}
