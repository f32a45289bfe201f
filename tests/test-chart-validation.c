/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "entrena-chart.h"

/*
 * The validation curve and the early-stopping marker, drawn by the shared
 * renderer: the dashed curve in its own colour with its legend entry, an
 * axis that holds it, the "Stopped at N, weights from epoch M" marker, and
 * the sentences a screen reader hears.
 */

#define N_EPOCHS 60

typedef struct
{
  float                train_loss[N_EPOCHS];
  float                test_loss[N_EPOCHS];
  float                val_loss[N_EPOCHS];
  float                train_accuracy[N_EPOCHS];
  float                test_accuracy[N_EPOCHS];
  float                val_accuracy[N_EPOCHS];
  EntrenaChartData     data;
  EntrenaChartStyle    style;
  EntrenaChartGeometry geo;
} Run;

/* Training falls on; validation and test fall, then rise again from epoch
 * 45, where the validation loss is lowest; patience 15 stops at 60. */
static void
run_init (Run *run)
{
  for (guint i = 0; i < N_EPOCHS; i++)
    {
      double e = i + 1;

      run->train_loss[i] = (float) (0.2 + 0.9 * exp (-e / 15.0));
      run->val_loss[i] = (float) (0.45 + 0.6 * exp (-e / 12.0) + (e > 45 ? 0.004 * (e - 45) : 0));
      run->test_loss[i] = run->val_loss[i] + 0.2f;
      run->train_accuracy[i] = (float) (0.9 - 0.5 * exp (-e / 15.0));
      run->val_accuracy[i] = (float) (0.8 - 0.4 * exp (-e / 12.0));
      run->test_accuracy[i] = run->val_accuracy[i] - 0.05f;
    }
  entrena_chart_data_init (&run->data);
  run->data.train_loss = run->train_loss;
  run->data.test_loss = run->test_loss;
  run->data.val_loss = run->val_loss;
  run->data.train_accuracy = run->train_accuracy;
  run->data.test_accuracy = run->test_accuracy;
  run->data.val_accuracy = run->val_accuracy;
  run->data.n_epochs = N_EPOCHS;
  run->data.total_epochs = 100;
  run->data.state = ENTRENA_CONVERGENCE_CONVERGED;
  run->data.suggested_epoch = 30;
  entrena_chart_style_init_default (&run->style);
}

static void
test_draw_validation (void)
{
  Run run;
  cairo_surface_t *surface;
  guint in_plot;
  guint legend;

  run_init (&run);
  surface = render (&run.data, &run.style, 1, &run.geo);
  /* Dashed along the run's 60 of 100 epochs: well over a third of them. */
  in_plot = count_in_plot (surface, &run.style.validation, &run.geo, 1);
  g_assert_cmpuint (in_plot, >, run.geo.plot_width * 0.6 * 0.5);
  /* Its legend entry, above the plot. */
  legend = count_color (surface, &run.style.validation, 8, 0, 0, WIDTH, (int) run.geo.plot_y - 2);
  g_assert_cmpuint (legend, >, 10);
  cairo_surface_destroy (surface);

  /* Without validation rows, none of its colour anywhere. */
  run.data.val_loss = NULL;
  run.data.val_accuracy = NULL;
  surface = render (&run.data, &run.style, 1, &run.geo);
  g_assert_cmpuint (count_color (surface, &run.style.validation, 8, 0, 0, WIDTH, HEIGHT), ==, 0);
  cairo_surface_destroy (surface);

  /* Its colour is its own in both palettes. */
  g_assert_false (memcmp (&run.style.validation, &run.style.train, sizeof run.style.train) == 0);
  g_assert_false (memcmp (&run.style.validation, &run.style.test, sizeof run.style.test) == 0);
  entrena_chart_style_init_dark (&run.style);
  g_assert_false (memcmp (&run.style.validation, &run.style.train, sizeof run.style.train) == 0);
  g_assert_false (memcmp (&run.style.validation, &run.style.test, sizeof run.style.test) == 0);
}

/* A validation loss above the others still fits in the plot. */
static void
test_axis_holds_validation (void)
{
  Run run;
  cairo_surface_t *surface;

  run_init (&run);
  run.val_loss[0] = 5.0f;
  surface = render (&run.data, &run.style, 1, &run.geo);
  g_assert_cmpfloat (run.geo.y_axis.max, >=, 5.0);
  cairo_surface_destroy (surface);
}

static guint
column (cairo_surface_t *surface,
        const Run       *run,
        double           e)
{
  int x = (int) floor (entrena_chart_geometry_epoch_to_x (&run->geo, e));

  /* The lower part of the plot: under the labels, over the curves' range. */
  return count_color (surface, &run->style.validation, 8, x - 1,
                      (int) (run->geo.plot_y + run->geo.plot_height * 0.75), x + 2,
                      (int) (run->geo.plot_y + run->geo.plot_height));
}

static void
test_draw_early_stop (void)
{
  Run run;
  cairo_surface_t *surface;

  run_init (&run);
  surface = render (&run.data, &run.style, 1, &run.geo);
  g_assert_cmpuint (column (surface, &run, 45), ==, 0);
  cairo_surface_destroy (surface);

  /* The marker: a line at the epoch whose weights were kept. */
  run.data.stopped_epoch = 60;
  run.data.best_val_epoch = 45;
  surface = render (&run.data, &run.style, 1, &run.geo);
  g_assert_cmpuint (column (surface, &run, 45), >, run.geo.plot_height * 0.25 * 0.3);
  g_assert_cmpuint (column (surface, &run, 30), ==, 0);
  cairo_surface_destroy (surface);

  /* On the accuracy chart too. */
  run.data.kind = ENTRENA_CHART_ACCURACY;
  surface = render (&run.data, &run.style, 1, &run.geo);
  g_assert_cmpuint (column (surface, &run, 45), >, run.geo.plot_height * 0.25 * 0.3);
  cairo_surface_destroy (surface);

  /* A stop past the data (a stale one) is not drawn. */
  run.data.kind = ENTRENA_CHART_LOSS;
  run.data.n_epochs = 40;
  surface = render (&run.data, &run.style, 1, &run.geo);
  g_assert_cmpuint (column (surface, &run, 45), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_describe_validation (void)
{
  Run run;
  g_autofree char *plain = NULL;
  g_autofree char *stopped = NULL;
  g_autofree char *accuracy = NULL;
  g_autofree char *none = NULL;

  run_init (&run);
  plain = entrena_chart_describe (&run.data);
  g_assert_nonnull (strstr (plain, "Latest validation loss 0.514; the lowest, 0.464, at epoch 45."));
  g_assert_null (strstr (plain, "Early stopping"));

  run.data.stopped_epoch = 60;
  run.data.best_val_epoch = 45;
  run.data.cursor_epoch = 45;
  stopped = entrena_chart_describe (&run.data);
  g_assert_nonnull (strstr (stopped, "Early stopping ended training at epoch 60 and kept the weights from epoch 45"));
  g_assert_nonnull (strstr (stopped, "At the epoch cursor the validation value is 0.464."));

  run.data.kind = ENTRENA_CHART_ACCURACY;
  accuracy = entrena_chart_describe (&run.data);
  g_assert_nonnull (strstr (accuracy, "Latest validation accuracy"));
  g_assert_nonnull (strstr (accuracy, "Early stopping ended training at epoch 60"));

  run.data.kind = ENTRENA_CHART_LOSS;
  run.data.val_loss = NULL;
  run.data.stopped_epoch = 0;
  none = entrena_chart_describe (&run.data);
  g_assert_null (strstr (none, "validation"));
}

int
main (int    argc,
      char **argv)
{
  /* The C locale: "0.464" with a point. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/chart/validation/draw", test_draw_validation);
  g_test_add_func ("/entrena/chart/validation/axis", test_axis_holds_validation);
  g_test_add_func ("/entrena/chart/validation/early-stop", test_draw_early_stop);
  g_test_add_func ("/entrena/chart/validation/describe", test_describe_validation);

  return g_test_run ();
}
