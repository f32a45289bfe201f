/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "entrena-chart-export.h"
#include "entrena-chart.h"
#include "entrena-error.h"

/* Drawing */

typedef struct
{
  float *train; /* [n] */
  float *test;  /* [n] */
  guint  n;
} Curves;

/* The shape of the lesson's curve: a fast fall onto a plateau, test a
 * little lower than train as in WineQT. */
static Curves
make_curves (guint n)
{
  Curves c = { g_new (float, MAX (n, 1)), g_new (float, MAX (n, 1)), n };

  for (guint i = 0; i < n; i++)
    {
      c.train[i] = (float) (1.0 + 1.9 * exp (-(double) i / 12.0));
      c.test[i] = (float) (0.95 + 1.7 * exp (-(double) i / 14.0));
    }

  return c;
}

static void
curves_clear (Curves *c)
{
  g_clear_pointer (&c->train, g_free);
  g_clear_pointer (&c->test, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Curves, curves_clear)

static EntrenaChartData
make_data (const Curves *c,
           guint         total)
{
  EntrenaChartData data;

  entrena_chart_data_init (&data);
  data.train_loss = c->train;
  data.test_loss = c->test;
  data.n_epochs = c->n;
  data.total_epochs = total;
  data.state = ENTRENA_CONVERGENCE_CONVERGED;

  return data;
}

/* The lesson's curves as chart data, in the default style, and the geometry
 * of the last drawing. */
typedef struct
{
  Curves               c;
  EntrenaChartData     data;
  EntrenaChartStyle    style;
  EntrenaChartGeometry geo;
} Chart;

static Chart
chart_make (guint n,
            guint total)
{
  Chart chart = { make_curves (n) };

  chart.data = make_data (&chart.c, total);
  entrena_chart_style_init_default (&chart.style);

  return chart;
}

static void
chart_clear (Chart *chart)
{
  curves_clear (&chart->c);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Chart, chart_clear)

/* @chart drawn at @scale, its geometry kept. */
static cairo_surface_t *
chart_render (Chart  *chart,
              double  scale)
{
  return render (&chart->data, &chart->style, scale, &chart->geo);
}


static void
test_draw_curves (void)
{
  g_auto (Chart) chart = chart_make (100, 100);
  cairo_surface_t *surface;

  surface = chart_render (&chart, 1);

  g_assert_cmpfloat (chart.geo.plot_width, >, WIDTH / 2);
  g_assert_cmpfloat (chart.geo.plot_height, >, HEIGHT / 2);
  g_assert_cmpfloat (chart.geo.plot_x + chart.geo.plot_width, <=, WIDTH);
  g_assert_cmpfloat (chart.geo.plot_y + chart.geo.plot_height, <=, HEIGHT);
  /* The background is the style's. */
  g_assert_cmphex (pixel_at (surface, 1, 1), ==, 0xffffffff);
  /* Both curves are there, thick: about 2 px along the plot's width (the
   * test curve partly under the train curve, drawn on top). */
  g_assert_cmpuint (count_in_plot (surface, &chart.style.train, &chart.geo, 1), >, chart.geo.plot_width * 1.5);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.test, &chart.geo, 1), >, chart.geo.plot_width * 0.8);
  /* The train curve starts high on the left, where its first loss is. */
  {
    int x = (int) entrena_chart_geometry_epoch_to_x (&chart.geo, 2);
    int y = (int) entrena_chart_geometry_loss_to_y (&chart.geo, chart.c.train[1]);

    g_assert_cmpuint (count_color (surface, &chart.style.train, 8, x - 3, y - 3, x + 4, y + 4), >, 0);
  }
  cairo_surface_destroy (surface);

  /* No test rows: one curve. */
  chart.data.test_loss = NULL;
  surface = chart_render (&chart, 1);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.train, &chart.geo, 1), >, chart.geo.plot_width * 1.5);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.test, &chart.geo, 1), ==, 0);
  cairo_surface_destroy (surface);
}


/* Marker-coloured pixels in a 3-device-pixel column around epoch @e, in the
 * lower part of the plot where no label is. */
static guint
marker_column (cairo_surface_t            *surface,
               const EntrenaChartGeometry *geo,
               const EntrenaChartColor    *color,
               double                      e,
               double                      scale)
{
  int x = (int) floor (entrena_chart_geometry_epoch_to_x (geo, e) * scale);

  return count_color (surface, color, 8, x - 1, (int) ((geo->plot_y + geo->plot_height * 0.3) * scale), x + 2,
                      (int) ((geo->plot_y + geo->plot_height) * scale));
}

static void
check_markers (double scale)
{
  g_auto (Chart) chart = chart_make (100, 100);
  cairo_surface_t *surface;
  double span;

  chart.data.suggested_epoch = 43;
  chart.data.best_test_epoch = 57;
  surface = chart_render (&chart, scale);
  span = chart.geo.plot_height * 0.7 * scale;

  /* Dashed lines: at least a third of the column is the marker's colour,
   * exactly at its epoch, and nowhere near another epoch. */
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.marker, 43, scale), >, span / 3);
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.best, 57, scale), >, span / 4);
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.marker, 30, scale), ==, 0);
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.marker, 57, scale), ==, 0);
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.best, 43, scale), ==, 0);
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.best, 70, scale), ==, 0);
  cairo_surface_destroy (surface);

  /* A marker beyond the data (a stale suggestion) is not drawn. */
  chart.data.n_epochs = 40;
  surface = chart_render (&chart, scale);
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.marker, 43, scale), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_draw_markers (void)
{
  check_markers (1);
}

static void
test_draw_hidpi (void)
{
  check_markers (2);
}

static void
test_draw_crisp (void)
{
  g_auto (Chart) chart = chart_make (100, 100);
  cairo_surface_t *surface;
  const double scales[] = { 1, 2 };

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      double scale = scales[s];
      guint crisp = 0;

      surface = chart_render (&chart, scale);
      /* Every horizontal grid line covers whole device rows in the exact
       * grid colour (no blurred half-tone rows), where no curve crosses. */
      for (guint i = 1; i < chart.geo.y_axis.n_ticks - 1; i++)
        {
          double y = entrena_chart_geometry_loss_to_y (&chart.geo, chart.geo.y_axis.ticks[i]) * scale;
          int row = (int) floor (y);
          int x0 = (int) ((chart.geo.plot_x + chart.geo.plot_width * 0.75) * scale);
          int x1 = (int) ((chart.geo.plot_x + chart.geo.plot_width) * scale) - 2;
          guint exact = count_color (surface, &chart.style.grid, 0, x0, row, x1, row + 1);

          if (exact >= (guint) (x1 - x0) * 8 / 10)
            crisp++;
          /* The row above is background, not a smear of grey (but for the
           * fainter vertical grid lines crossing it). */
          g_assert_cmpuint (count_color (surface, &chart.style.grid, 20, x0, row - (int) scale - 1, x1, row - (int) scale),
                            <=, (guint) (x1 - x0) / 20);
        }
      g_assert_cmpuint (crisp, >=, chart.geo.y_axis.n_ticks - 3);
      cairo_surface_destroy (surface);
    }
}

static void
test_draw_hover (void)
{
  g_auto (Chart) chart = chart_make (100, 100);
  cairo_surface_t *plain;
  cairo_surface_t *hovered;
  int x;
  int y;
  guint changed = 0;

  plain = chart_render (&chart, 1);
  chart.data.hover_epoch = 37;
  hovered = chart_render (&chart, 1);

  /* A dot on the train curve at epoch 37 … */
  x = (int) entrena_chart_geometry_epoch_to_x (&chart.geo, 37);
  y = (int) entrena_chart_geometry_loss_to_y (&chart.geo, chart.c.train[36]);
  g_assert_cmpuint (count_color (hovered, &chart.style.train, 8, x - 2, y - 2, x + 3, y + 3), >=, 9);

  /* … a vertical line there, and nothing changed far from it but the box. */
  for (int row = (int) (chart.geo.plot_y + chart.geo.plot_height * 0.8);
       row < (int) (chart.geo.plot_y + chart.geo.plot_height) - 2;
       row++)
    if (pixel_at (plain, x, row) != pixel_at (hovered, x, row))
      changed++;
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmphex (pixel_at (plain, (int) entrena_chart_geometry_epoch_to_x (&chart.geo, 90),
                             (int) (chart.geo.plot_y + chart.geo.plot_height - 3)),
                   ==,
                   pixel_at (hovered, (int) entrena_chart_geometry_epoch_to_x (&chart.geo, 90),
                             (int) (chart.geo.plot_y + chart.geo.plot_height - 3)));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (hovered);

  /* Out of range hovers are ignored. */
  chart.data.hover_epoch = 101;
  cairo_surface_destroy (render (&chart.data, &chart.style, 1, NULL));
  chart.data.hover_epoch = 0;
  cairo_surface_destroy (render (&chart.data, &chart.style, 1, NULL));
}

static void
test_draw_diverged (void)
{
  float train[] = { 2.9f, 2.1f, 3.5f, 9.0f, 25.0f };
  float test[] = { 2.5f, 2.0f, 4.0f, 12.0f, 28.0f };
  EntrenaChartData data;
  EntrenaChartStyle style;
  EntrenaChartGeometry geo;
  cairo_surface_t *surface;
  int x;

  entrena_chart_data_init (&data);
  data.train_loss = train;
  data.test_loss = test;
  data.n_epochs = G_N_ELEMENTS (train);
  data.total_epochs = 100;
  data.state = ENTRENA_CONVERGENCE_DIVERGED;
  data.diverged_epoch = 6;
  entrena_chart_style_init_default (&style);
  surface = render (&data, &style, 1, &geo);

  /* The line at the failing epoch is solid danger red. */
  x = (int) floor (entrena_chart_geometry_epoch_to_x (&geo, 6));
  g_assert_cmpuint (count_color (surface, &style.danger, 8, x - 1, (int) (geo.plot_y + geo.plot_height / 2), x + 2,
                                 (int) (geo.plot_y + geo.plot_height)),
                    >, geo.plot_height / 2 - 2);
  /* The banner above the plot is filled with it too. */
  g_assert_cmpuint (count_color (surface, &style.danger, 8, WIDTH / 2, 0, WIDTH, (int) geo.plot_y), >, 500);
  /* The rest of the run is tinted: not white any more. */
  g_assert_cmphex (pixel_at (surface, (int) entrena_chart_geometry_epoch_to_x (&geo, 80),
                             (int) (geo.plot_y + geo.plot_height * 0.6)),
                   !=, 0xffffffff);
  cairo_surface_destroy (surface);
}

static void
test_draw_non_finite (void)
{
  g_auto (Chart) chart = chart_make (60, 60);
  cairo_surface_t *surface;
  float nothing[3] = { NAN, INFINITY, -INFINITY };

  chart.c.train[5] = NAN;
  chart.c.train[6] = INFINITY;
  chart.c.train[20] = -INFINITY;
  chart.c.test[0] = NAN;
  chart.c.test[30] = INFINITY;
  chart.c.test[59] = NAN;
  chart.data.hover_epoch = 7;
  chart.data.best_test_epoch = 1;
  surface = chart_render (&chart, 1);

  /* The axis ignores the infinities: it stays near the finite data. */
  g_assert_cmpfloat (chart.geo.y_axis.max, <, 10);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.train, &chart.geo, 1), >, chart.geo.plot_width);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.test, &chart.geo, 1), >, chart.geo.plot_width);
  cairo_surface_destroy (surface);

  chart.data.log_scale = TRUE;
  cairo_surface_destroy (render (&chart.data, &chart.style, 1, NULL));

  /* Nothing finite at all. */
  entrena_chart_data_init (&chart.data);
  chart.data.train_loss = nothing;
  chart.data.test_loss = nothing;
  chart.data.n_epochs = 3;
  chart.data.total_epochs = 10;
  chart.data.hover_epoch = 2;
  surface = chart_render (&chart, 1);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.train, &chart.geo, 1), ==, 0);
  cairo_surface_destroy (surface);
  chart.data.log_scale = TRUE;
  cairo_surface_destroy (render (&chart.data, &chart.style, 1, NULL));
}

static void
test_draw_sizes (void)
{
  EntrenaChartStyle style;
  EntrenaChartGeometry geo;
  EntrenaChartData data;
  cairo_surface_t *surface;
  float one = 0.7f;

  entrena_chart_style_init_default (&style);

  /* No epochs: a frame and an invitation, no curve. */
  entrena_chart_data_init (&data);
  data.total_epochs = 100;
  surface = render (&data, &style, 1, &geo);
  g_assert_cmpfloat (geo.plot_width, >, 0);
  g_assert_cmpuint (count_in_plot (surface, &style.train, &geo, 1), ==, 0);
  cairo_surface_destroy (surface);

  /* Nothing at all, not even a plan. */
  entrena_chart_data_init (&data);
  cairo_surface_destroy (render (&data, &style, 1, NULL));

  /* One epoch: a dot. */
  data.train_loss = &one;
  data.n_epochs = 1;
  data.total_epochs = 100;
  data.running = TRUE;
  surface = render (&data, &style, 1, &geo);
  g_assert_cmpuint (count_in_plot (surface, &style.train, &geo, 1), >=, 9);
  cairo_surface_destroy (surface);

  /* A hundred thousand epochs draw quickly and fully. */
  {
    g_auto (Curves) c = make_curves (100000);
    EntrenaChartData big = make_data (&c, 100000);
    gint64 start = g_get_monotonic_time ();
    double seconds;

    big.suggested_epoch = 40000;
    big.best_test_epoch = 99999;
    big.hover_epoch = 50000;
    /* Noise, so the decimation has extremes to keep. */
    for (guint i = 0; i < c.n; i += 997)
      c.train[i] += 0.5f;
    surface = render (&big, &style, 1, &geo);
    seconds = (g_get_monotonic_time () - start) / 1e6;
    g_test_message ("100000 epochs drawn in %.3f s", seconds);
    g_assert_cmpfloat (seconds, <, 5);
    g_assert_cmpuint (count_in_plot (surface, &style.train, &geo, 1), >, geo.plot_width * 1.5);
    /* The spikes survive the decimation: some train pixels high above the plateau. */
    g_assert_cmpuint (count_color (surface, &style.train, 8, (int) entrena_chart_geometry_epoch_to_x (&geo, 50000), (int) geo.plot_y,
                                   (int) entrena_chart_geometry_epoch_to_x (&geo, 90000),
                                   (int) entrena_chart_geometry_loss_to_y (&geo, 1.3)),
                      >, 10);
    cairo_surface_destroy (surface);
  }

  /* Tiny and degenerate sizes must not crash. */
  {
    g_auto (Curves) c = make_curves (10);
    EntrenaChartData small = make_data (&c, 10);
    const double sizes[][2] = { { 40, 30 }, { 1, 1 }, { 0, 0 }, { -5, 10 }, { NAN, 10 }, { 200, 120 } };

    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 120);
        cairo_t *cr = cairo_create (s);

        entrena_chart_draw (cr, &small, &style, sizes[i][0], sizes[i][1], 1, &geo);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (s);
      }
  }
}

static void
test_draw_log (void)
{
  g_auto (Chart) chart = chart_make (200, 200);
  cairo_surface_t *surface;
  double y_mid;

  /* Losses falling over four decades, and one exact zero. */
  for (guint i = 0; i < chart.c.n; i++)
    {
      chart.c.train[i] = (float) pow (10, -4.0 * i / (chart.c.n - 1));
      chart.c.test[i] = chart.c.train[i] * 1.5f;
    }
  chart.c.train[150] = 0;
  chart.data.log_scale = TRUE;
  chart.data.suggested_epoch = 150;
  surface = chart_render (&chart, 1);

  g_assert_true (chart.geo.y_axis.log_scale);
  g_assert_cmpfloat (chart.geo.y_axis.min, <=, 1e-4);
  /* A straight line on a log axis: halfway through, halfway up. */
  y_mid = entrena_chart_geometry_loss_to_y (&chart.geo, chart.c.train[100]);
  g_assert_cmpfloat (fabs (y_mid - (entrena_chart_geometry_loss_to_y (&chart.geo, chart.c.train[0]) +
                                    entrena_chart_geometry_loss_to_y (&chart.geo, chart.c.train[199])) / 2), <, 2);
  g_assert_cmpuint (count_color (surface, &chart.style.train, 8, (int) entrena_chart_geometry_epoch_to_x (&chart.geo, 101) - 3,
                                 (int) y_mid - 3, (int) entrena_chart_geometry_epoch_to_x (&chart.geo, 101) + 4, (int) y_mid + 4),
                    >, 4);
  g_assert_cmpuint (marker_column (surface, &chart.geo, &chart.style.marker, 150, 1), >, 0);
  cairo_surface_destroy (surface);
}

static void
test_draw_dark (void)
{
  g_auto (Chart) chart = chart_make (50, 100);
  cairo_surface_t *surface;

  chart.data.running = TRUE;
  entrena_chart_style_init_dark (&chart.style);
  surface = chart_render (&chart, 1);
  g_assert_cmphex (pixel_at (surface, 1, 1), ==, 0xff242424);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.train, &chart.geo, 1), >, chart.geo.plot_width * 0.5);
  g_assert_cmpuint (count_in_plot (surface, &chart.style.test, &chart.geo, 1), >, chart.geo.plot_width * 0.5);
  /* Running: the epoch axis spans the plan, the curve half of it. */
  g_assert_cmpfloat (chart.geo.x_axis.max, ==, 100);
  g_assert_cmpuint (count_color (surface, &chart.style.train, 8,
                                 (int) entrena_chart_geometry_epoch_to_x (&chart.geo, 60), (int) chart.geo.plot_y,
                                 (int) (chart.geo.plot_x + chart.geo.plot_width),
                                 (int) (chart.geo.plot_y + chart.geo.plot_height)),
                    ==, 0);
  cairo_surface_destroy (surface);

  /* A transparent background stays transparent. */
  chart.style.background.alpha = 0;
  surface = chart_render (&chart, 1);
  g_assert_cmphex (pixel_at (surface, 1, 1) >> 24, ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_geometry (void)
{
  g_auto (Chart) chart = chart_make (40, 100);

  cairo_surface_destroy (chart_render (&chart, 1));

  for (guint e = 1; e <= 40; e++)
    g_assert_cmpint (entrena_chart_geometry_epoch_at_x (&chart.geo, entrena_chart_geometry_epoch_to_x (&chart.geo, e) + 0.3, 40), ==, e);
  /* Past the last epoch so far: the last one. Outside the plot: none. */
  g_assert_cmpint (entrena_chart_geometry_epoch_at_x (&chart.geo, entrena_chart_geometry_epoch_to_x (&chart.geo, 80), 40), ==, 40);
  g_assert_cmpint (entrena_chart_geometry_epoch_at_x (&chart.geo, chart.geo.plot_x + 1, 40), ==, 1);
  g_assert_cmpint (entrena_chart_geometry_epoch_at_x (&chart.geo, chart.geo.plot_x - 5, 40), ==, -1);
  g_assert_cmpint (entrena_chart_geometry_epoch_at_x (&chart.geo, chart.geo.plot_x + chart.geo.plot_width + 5, 40), ==, -1);
  g_assert_cmpint (entrena_chart_geometry_epoch_at_x (&chart.geo, chart.geo.plot_x + 10, 0), ==, -1);
  g_assert_cmpfloat (entrena_chart_geometry_epoch_to_x (&chart.geo, 0), ==, chart.geo.plot_x);
  g_assert_cmpfloat (entrena_chart_geometry_epoch_to_x (&chart.geo, 100), ==, chart.geo.plot_x + chart.geo.plot_width);
}

static void
test_describe (void)
{
  g_auto (Curves) c = make_curves (100);
  EntrenaChartData data = make_data (&c, 100);
  g_autofree char *converged = NULL;
  g_autofree char *running = NULL;
  g_autofree char *improving = NULL;
  g_autofree char *diverged = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *no_test = NULL;
  g_autofree char *latest = NULL;

  c.train[99] = 1.0234f;
  c.test[99] = 0.9612f;
  c.test[56] = 0.5f;
  data.suggested_epoch = 43;
  data.best_test_epoch = 57;
  converged = entrena_chart_describe (&data);
  g_test_message ("%s", converged);
  g_assert_nonnull (strstr (converged, "epoch 100 of 100"));
  g_assert_nonnull (strstr (converged, "1.02"));
  g_assert_nonnull (strstr (converged, "0.961"));
  g_assert_nonnull (strstr (converged, "converged at about epoch 43"));
  g_assert_nonnull (strstr (converged, "lowest test loss, 0.5, was at epoch 57"));

  data.n_epochs = 40;
  data.total_epochs = 100;
  data.running = TRUE;
  data.state = ENTRENA_CONVERGENCE_STILL_IMPROVING;
  data.suggested_epoch = 0;
  data.best_test_epoch = 40;
  running = entrena_chart_describe (&data);
  g_test_message ("%s", running);
  g_assert_nonnull (strstr (running, "epoch 40 of 100"));
  latest = g_strdup_printf ("%.3g", c.train[39]);
  g_assert_nonnull (strstr (running, latest));
  g_assert_nonnull (strstr (running, "still falling"));

  data.running = FALSE;
  improving = entrena_chart_describe (&data);
  g_assert_nonnull (strstr (improving, "training longer would help"));

  data.state = ENTRENA_CONVERGENCE_DIVERGED;
  data.diverged_epoch = 12;
  data.n_epochs = 11;
  c.train[10] = INFINITY;
  diverged = entrena_chart_describe (&data);
  g_test_message ("%s", diverged);
  g_assert_nonnull (strstr (diverged, "diverged at epoch 12"));
  g_assert_nonnull (strstr (diverged, "infinite"));

  data.test_loss = NULL;
  data.state = ENTRENA_CONVERGENCE_CONVERGED;
  data.suggested_epoch = 5;
  no_test = entrena_chart_describe (&data);
  g_assert_null (strstr (no_test, "test loss"));

  entrena_chart_data_init (&data);
  empty = entrena_chart_describe (&data);
  g_assert_nonnull (strstr (empty, "No training yet"));
}

/* Export */

static void
assert_magic (GFile      *file,
              const char *magic)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  g_assert_cmpuint (length, >, strlen (magic));
  g_assert_cmpmem (contents, strlen (magic), magic, strlen (magic));
}

static void
test_export (void)
{
  g_auto (Chart) chart = chart_make (100, 100);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", &error);
  const struct { const char *name; EntrenaChartFormat format; const char *magic; } cases[] = {
    { "chart.png", ENTRENA_CHART_FORMAT_GUESS, "\x89PNG\r\n\x1a\n" },
    { "chart.svg", ENTRENA_CHART_FORMAT_GUESS, "<?xml" },
    { "chart.pdf", ENTRENA_CHART_FORMAT_GUESS, "%PDF-" },
    { "CHART.PDF", ENTRENA_CHART_FORMAT_GUESS, "%PDF-" },
    { "no-extension", ENTRENA_CHART_FORMAT_PNG, "\x89PNG" },
    { "chart.png.svg", ENTRENA_CHART_FORMAT_GUESS, "<?xml" },
  };

  g_assert_no_error (error);
  chart.data.suggested_epoch = 43;
  chart.data.best_test_epoch = 57;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr (GFile) file = g_file_new_for_path (path);

      g_test_message ("%s", cases[i].name);
      g_assert_true (entrena_chart_export (&chart.data, &chart.style, file, cases[i].format, 1280, 800, 1, &error));
      g_assert_no_error (error);
      assert_magic (file, cases[i].magic);
    }

  g_assert_cmpint (entrena_chart_format_from_filename ("a.Png"), ==, ENTRENA_CHART_FORMAT_PNG);
  g_assert_cmpint (entrena_chart_format_from_filename ("a.svg"), ==, ENTRENA_CHART_FORMAT_SVG);
  g_assert_cmpint (entrena_chart_format_from_filename ("a.pdf"), ==, ENTRENA_CHART_FORMAT_PDF);
  g_assert_cmpint (entrena_chart_format_from_filename ("a.jpg"), ==, ENTRENA_CHART_FORMAT_GUESS);
  g_assert_cmpint (entrena_chart_format_from_filename ("png"), ==, ENTRENA_CHART_FORMAT_GUESS);

  /* The PNG has the asked size, doubled at scale 2; the SVG is in points. */
  {
    g_autofree char *path = g_build_filename (dir, "hidpi.png", NULL);
    g_autofree char *svg_path = g_build_filename (dir, "chart.svg", NULL);
    g_autofree char *svg = NULL;
    g_autoptr (GFile) file = g_file_new_for_path (path);
    cairo_surface_t *image;

    g_assert_true (entrena_chart_export (&chart.data, &chart.style, file, ENTRENA_CHART_FORMAT_GUESS, 640, 400, 2, &error));
    g_assert_no_error (error);
    image = cairo_image_surface_create_from_png (path);
    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 800);
    cairo_surface_destroy (image);

    g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "width=\"1280pt\""));
  }

  /* Failures: nothing is written, an existing file stays as it was. */
  {
    g_autofree char *path = g_build_filename (dir, "chart.jpg", NULL);
    g_autofree char *missing = g_build_filename (dir, "no-such-dir", "chart.png", NULL);
    g_autofree char *kept = g_build_filename (dir, "kept.png", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (GFile) missing_file = g_file_new_for_path (missing);
    g_autoptr (GFile) kept_file = g_file_new_for_path (kept);

    g_assert_false (entrena_chart_export (&chart.data, &chart.style, file, ENTRENA_CHART_FORMAT_GUESS, 1280, 800, 1, &error));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

    g_assert_false (entrena_chart_export (&chart.data, &chart.style, missing_file, ENTRENA_CHART_FORMAT_GUESS, 1280, 800, 1, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);

    g_assert_true (g_file_set_contents (kept, "old", -1, NULL));
    g_assert_false (entrena_chart_export (&chart.data, &chart.style, kept_file, ENTRENA_CHART_FORMAT_GUESS, 0, 800, 1, &error));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (entrena_chart_export (&chart.data, &chart.style, kept_file, ENTRENA_CHART_FORMAT_GUESS, 100, 100, 100, &error));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "old");

    /* And a successful export replaces it. */
    g_assert_true (entrena_chart_export (&chart.data, &chart.style, kept_file, ENTRENA_CHART_FORMAT_GUESS, 100, 100, 1, &error));
    g_assert_no_error (error);
    assert_magic (kept_file, "\x89PNG");
  }

  /* A vector export of 100000 epochs stays small: the curve is decimated. */
  {
    g_auto (Curves) big = make_curves (100000);
    EntrenaChartData big_data = make_data (&big, 100000);
    g_autoptr (GBytes) bytes = entrena_chart_export_to_bytes (&big_data, &chart.style, ENTRENA_CHART_FORMAT_SVG,
                                                             1280, 800, 1, &error);

    g_assert_no_error (error);
    g_test_message ("SVG of 100000 epochs: %zu bytes", g_bytes_get_size (bytes));
    g_assert_cmpuint (g_bytes_get_size (bytes), <, 2 * 1024 * 1024);
  }

  {
    g_autoptr (GBytes) bytes = entrena_chart_export_to_bytes (&chart.data, &chart.style, ENTRENA_CHART_FORMAT_GUESS, 10, 10, 1, &error);

    g_assert_null (bytes);
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  g_assert_no_errno (g_chdir (g_get_tmp_dir ()));
  {
    g_autoptr (GFile) d = g_file_new_for_path (dir);
    g_autoptr (GFileEnumerator) it = g_file_enumerate_children (d, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
    GFileInfo *info;

    while (it != NULL && (info = g_file_enumerator_next_file (it, NULL, NULL)) != NULL)
      {
        g_autoptr (GFile) child = g_file_get_child (d, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (d, NULL, NULL);
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/chart/draw/curves", test_draw_curves);
  g_test_add_func ("/entrena/chart/draw/markers", test_draw_markers);
  g_test_add_func ("/entrena/chart/draw/hidpi", test_draw_hidpi);
  g_test_add_func ("/entrena/chart/draw/crisp", test_draw_crisp);
  g_test_add_func ("/entrena/chart/draw/hover", test_draw_hover);
  g_test_add_func ("/entrena/chart/draw/diverged", test_draw_diverged);
  g_test_add_func ("/entrena/chart/draw/non-finite", test_draw_non_finite);
  g_test_add_func ("/entrena/chart/draw/sizes", test_draw_sizes);
  g_test_add_func ("/entrena/chart/draw/log", test_draw_log);
  g_test_add_func ("/entrena/chart/draw/dark", test_draw_dark);
  g_test_add_func ("/entrena/chart/geometry", test_geometry);
  g_test_add_func ("/entrena/chart/describe", test_describe);
  g_test_add_func ("/entrena/chart/export", test_export);

  return g_test_run ();
}
