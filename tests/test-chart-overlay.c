/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "entrena-chart-export.h"
#include "entrena-chart-model.h"
#include "entrena-chart.h"

/*
 * Runs compared on one chart: the model holds a named copy of each run's
 * curve, each run is drawn in its own colour of the colour-blind-safe
 * palette with the current run on top, and the SVG export names every run
 * in its <title> and <desc>.
 */

#define N_EPOCHS 60

static void
fill_curve (float  *values,
            guint   n,
            double  start,
            double  end,
            double  tau)
{
  for (guint i = 0; i < n; i++)
    values[i] = (float) (end + (start - end) * exp (-(double) i / tau));
}

static void
test_model_holds_runs (void)
{
  g_autoptr (EntrenaChartModel) model = entrena_chart_model_new ();
  float a[N_EPOCHS];
  float b[N_EPOCHS / 2];
  const EntrenaChartSeries *series;
  EntrenaChartColor first;
  EntrenaChartColor second;
  EntrenaChartData data;

  fill_curve (a, N_EPOCHS, 2.0, 0.5, 10);
  fill_curve (b, N_EPOCHS / 2, 2.5, 0.8, 5);
  entrena_chart_model_add (model, "learning rate 0.1", a, N_EPOCHS, 0);
  entrena_chart_model_add (model, "seed 7", b, N_EPOCHS / 2, 1);
  /* The model keeps its own copies. */
  a[0] = 99;
  g_assert_cmpuint (entrena_chart_model_get_n_series (model), ==, 2);
  series = entrena_chart_model_get_series (model, 0);
  g_assert_cmpstr (series->name, ==, "learning rate 0.1");
  g_assert_cmpuint (series->n_values, ==, N_EPOCHS);
  g_assert_cmpfloat (series->values[0], ==, 2.0f);
  series = entrena_chart_model_get_series (model, 1);
  g_assert_cmpstr (series->name, ==, "seed 7");
  g_assert_cmpuint (series->n_values, ==, N_EPOCHS / 2);

  /* Two runs, two different colours; the palette comes round dashed. */
  entrena_chart_overlay_color (0, &first, NULL);
  entrena_chart_overlay_color (1, &second, NULL);
  g_assert_true (memcmp (&first, &second, sizeof first) != 0);
  for (guint i = 0; i < 20; i++)
    {
      gboolean dashed;

      entrena_chart_overlay_color (i, &first, &dashed);
      g_assert_cmpint (dashed, ==, i >= 7 && i < 14);
    }

  entrena_chart_data_init (&data);
  entrena_chart_model_apply (model, &data);
  g_assert_cmpuint (data.n_overlays, ==, 2);
  g_assert_true (data.overlays == entrena_chart_model_get_series (model, 0));

  entrena_chart_model_clear (model);
  entrena_chart_model_apply (model, &data);
  g_assert_cmpuint (data.n_overlays, ==, 0);
  g_assert_null (data.overlays);
}

typedef struct
{
  float              train_loss[N_EPOCHS];
  float              test_loss[N_EPOCHS];
  EntrenaChartModel *model;
  EntrenaChartData   data;
  EntrenaChartStyle  style;
} Compare;

/* The current run and two earlier ones, compared on the test loss. */
static void
compare_init (Compare *c)
{
  float earlier[N_EPOCHS];

  fill_curve (c->train_loss, N_EPOCHS, 2.0, 0.4, 8);
  fill_curve (c->test_loss, N_EPOCHS, 2.1, 0.6, 8);
  c->model = entrena_chart_model_new ();
  fill_curve (earlier, N_EPOCHS, 2.2, 1.2, 20);
  entrena_chart_model_add (c->model, "learning rate 0.001", earlier, N_EPOCHS, 0);
  fill_curve (earlier, N_EPOCHS / 2, 3.0, 0.9, 3);
  entrena_chart_model_add (c->model, "layers 64, 32 → 16", earlier, N_EPOCHS / 2, 1);

  entrena_chart_data_init (&c->data);
  c->data.train_loss = c->train_loss;
  c->data.test_loss = c->test_loss;
  c->data.n_epochs = N_EPOCHS;
  c->data.total_epochs = N_EPOCHS;
  c->data.current_name = "seed 7";
  entrena_chart_model_apply (c->model, &c->data);
  entrena_chart_style_init_default (&c->style);
}

static void
test_draw_compare (void)
{
  Compare c;
  cairo_surface_t *surface;
  EntrenaChartGeometry geo;
  EntrenaChartColor color;

  compare_init (&c);
  surface = render (&c.data, &c.style, 1, &geo);
  g_assert_cmpfloat (geo.plot_width, >, 100);

  /* Each compared run shows in its colour; the current run's own blue and
   * orange are not used (it is drawn in the text colour). */
  for (guint i = 0; i < 2; i++)
    {
      entrena_chart_overlay_color (i, &color, NULL);
      g_assert_cmpuint (count_in_plot (surface, &color, &geo, 1), >, 50);
    }
  g_assert_cmpuint (count_in_plot (surface, &c.style.train, &geo, 1), <, 5);
  g_assert_cmpuint (count_in_plot (surface, &c.style.foreground, &geo, 1), >, 100);

  /* The current run lies on top: where its last point is, its colour shows. */
  {
    int x = (int) entrena_chart_geometry_epoch_to_x (&geo, N_EPOCHS - 5);
    int y = (int) entrena_chart_geometry_loss_to_y (&geo, c.test_loss[N_EPOCHS - 6]);

    g_assert_cmpuint (count_color (surface, &c.style.foreground, 12, x - 2, y - 2, x + 3, y + 3), >, 0);
  }

  cairo_surface_destroy (surface);
  entrena_chart_model_free (c.model);
}

static void
test_export_names_runs (void)
{
  Compare c;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) svg = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  const char *title_start;
  const char *desc_start;

  compare_init (&c);
  svg = entrena_chart_export_to_bytes (&c.data, &c.style, ENTRENA_CHART_FORMAT_SVG, 640, 400, 1, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));

  /* The title and the description come right inside the <svg> element,
   * each naming every run (escaped as XML text). */
  title_start = strstr (text, "<title>");
  desc_start = strstr (text, "<desc>");
  g_assert_nonnull (title_start);
  g_assert_nonnull (desc_start);
  g_assert_true (strstr (text, "<svg") < title_start);
  g_assert_true (title_start < desc_start);
  g_assert_true (strstr (text, "<defs") == NULL || desc_start < strstr (text, "<defs"));
  for (const char *name = "learning rate 0.001"; name != NULL; name = NULL)
    {
      g_assert_nonnull (g_strstr_len (title_start, desc_start - title_start, name));
      g_assert_nonnull (strstr (desc_start, name));
    }
  g_assert_nonnull (g_strstr_len (title_start, desc_start - title_start, "layers 64, 32 → 16"));
  g_assert_nonnull (strstr (desc_start, "layers 64, 32 → 16"));
  g_assert_nonnull (strstr (desc_start, "seed 7"));
  g_assert_nonnull (strstr (text, "</svg>"));

  title = entrena_chart_title (&c.data);
  g_assert_cmpstr (title, ==, "Test loss of runs: learning rate 0.001, layers 64, 32 → 16, seed 7");

  /* A single run's SVG is named too. */
  c.data.n_overlays = 0;
  g_clear_pointer (&svg, g_bytes_unref);
  g_clear_pointer (&text, g_free);
  svg = entrena_chart_export_to_bytes (&c.data, &c.style, ENTRENA_CHART_FORMAT_SVG, 640, 400, 1, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
  g_assert_nonnull (strstr (text, "<title>Loss chart</title>"));
  g_assert_nonnull (strstr (text, "<desc>Loss chart, epoch 60 of 60."));

  entrena_chart_model_apply (c.model, &c.data);
  pdf = entrena_chart_export_to_bytes (&c.data, &c.style, ENTRENA_CHART_FORMAT_PDF, 640, 400, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);

  entrena_chart_model_free (c.model);
}

/* Compared runs without a current run (as `entrena-cli plot` draws them):
 * the epoch axis reaches the longest run, the description names each. */
static void
test_runs_only (void)
{
  g_autoptr (EntrenaChartModel) model = entrena_chart_model_new ();
  g_autofree char *text = NULL;
  float accuracy[N_EPOCHS];
  EntrenaChartData data;
  EntrenaChartStyle style;
  EntrenaChartGeometry geo;
  cairo_surface_t *surface;

  fill_curve (accuracy, N_EPOCHS, 0.3, 0.8, 10);
  entrena_chart_model_add (model, "a.csv", accuracy, N_EPOCHS / 3, 0);
  entrena_chart_model_add (model, "b.csv", accuracy, N_EPOCHS, 1);
  entrena_chart_data_init (&data);
  data.empty_message = FALSE;
  data.kind = ENTRENA_CHART_ACCURACY;
  entrena_chart_model_apply (model, &data);
  entrena_chart_style_init_default (&style);

  surface = render (&data, &style, 1, &geo);
  g_assert_cmpfloat (geo.x_axis.max, >=, N_EPOCHS);
  cairo_surface_destroy (surface);

  text = entrena_chart_describe (&data);
  g_assert_cmpstr (text, ==, "Test accuracy of runs: a.csv, b.csv. “a.csv”: 72.5% at epoch 20. "
                             "“b.csv”: 79.9% at epoch 60.");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/chart/overlay/model", test_model_holds_runs);
  g_test_add_func ("/entrena/chart/overlay/draw", test_draw_compare);
  g_test_add_func ("/entrena/chart/overlay/export", test_export_names_runs);
  g_test_add_func ("/entrena/chart/overlay/runs-only", test_runs_only);

  return g_test_run ();
}
