/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "entrena-chart-export.h"
#include "entrena-chart.h"

/*
 * The accuracy chart and the epoch cursor, drawn by the shared renderer:
 * the axis from 0 to 100%, the two curves, the cursor's line, and the
 * description a screen reader hears. With ENTRENA_CHART_DUMP_DIR set, the
 * drawings are also saved there as PNG, to look at.
 */

#define N_EPOCHS 100

typedef struct
{
  float                train_loss[N_EPOCHS];
  float                test_loss[N_EPOCHS];
  float                train_accuracy[N_EPOCHS];
  float                test_accuracy[N_EPOCHS];
  EntrenaChartData     data;
  EntrenaChartStyle    style;
  EntrenaChartGeometry geo;
} Run;

/* A run whose accuracy climbs from 30% onto a plateau near 60% (train) and
 * 55% (test), the losses falling alongside. */
static void
run_init (Run              *run,
          EntrenaChartKind  kind)
{
  for (guint i = 0; i < N_EPOCHS; i++)
    {
      double t = 1 - exp (-(double) i / 15.0);

      run->train_loss[i] = (float) (1.0 + 1.9 * exp (-(double) i / 12.0));
      run->test_loss[i] = (float) (0.95 + 1.7 * exp (-(double) i / 14.0));
      run->train_accuracy[i] = (float) (0.30 + 0.30 * t);
      run->test_accuracy[i] = (float) (0.30 + 0.25 * t);
    }

  entrena_chart_data_init (&run->data);
  run->data.train_loss = run->train_loss;
  run->data.test_loss = run->test_loss;
  run->data.train_accuracy = run->train_accuracy;
  run->data.test_accuracy = run->test_accuracy;
  run->data.n_epochs = N_EPOCHS;
  run->data.total_epochs = N_EPOCHS;
  run->data.state = ENTRENA_CONVERGENCE_CONVERGED;
  run->data.suggested_epoch = 43;
  run->data.kind = kind;
  entrena_chart_style_init_default (&run->style);
}

static cairo_surface_t *
run_render (Run        *run,
            const char *name)
{
  cairo_surface_t *surface = render (&run->data, &run->style, 1, &run->geo);
  const char *dir = g_getenv ("ENTRENA_CHART_DUMP_DIR");

  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
    }

  return surface;
}

static void
test_accuracy_axis (void)
{
  EntrenaChartAxis axis;

  /* Always 0 to 1 (0 to 100%), whatever the data. */
  entrena_chart_axis_for_shares (&axis, 5);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, ==, 1);
  g_assert_false (axis.log_scale);
  g_assert_cmpuint (axis.n_ticks, >=, 3);
  g_assert_cmpuint (axis.n_ticks, <=, 6);
  g_assert_cmpfloat (axis.ticks[0], ==, 0);
  g_assert_cmpfloat (axis.ticks[axis.n_ticks - 1], ==, 1);
}

static void
test_draw_accuracy (void)
{
  Run run;
  cairo_surface_t *surface;
  int x;

  run_init (&run, ENTRENA_CHART_ACCURACY);
  run.data.log_scale = TRUE;  /* a loss setting: no effect here */
  surface = run_render (&run, "accuracy.png");

  /* The axis spans 0 to 100%: 0 at the bottom of the plot, 1 at the top. */
  g_assert_cmpfloat (run.geo.y_axis.min, ==, 0);
  g_assert_cmpfloat (run.geo.y_axis.max, ==, 1);
  g_assert_false (run.geo.y_axis.log_scale);
  g_assert_cmpfloat (fabs (entrena_chart_geometry_loss_to_y (&run.geo, 0) - (run.geo.plot_y + run.geo.plot_height)), <, 0.01);
  g_assert_cmpfloat (fabs (entrena_chart_geometry_loss_to_y (&run.geo, 1) - run.geo.plot_y), <, 0.01);

  /* Both curves, where their accuracies are: at epoch 80 train is near
   * 60% and test near 55%. */
  g_assert_cmpuint (count_in_plot (surface, &run.style.train, &run.geo, 1), >, run.geo.plot_width * 1.5);
  g_assert_cmpuint (count_in_plot (surface, &run.style.test, &run.geo, 1), >, run.geo.plot_width * 0.8);
  x = (int) entrena_chart_geometry_epoch_to_x (&run.geo, 80);
  {
    int y_train = (int) entrena_chart_geometry_loss_to_y (&run.geo, run.train_accuracy[79]);
    int y_test = (int) entrena_chart_geometry_loss_to_y (&run.geo, run.test_accuracy[79]);

    g_assert_cmpuint (count_color (surface, &run.style.train, 8, x - 2, y_train - 2, x + 3, y_train + 3), >, 0);
    g_assert_cmpuint (count_color (surface, &run.style.test, 8, x - 2, y_test - 2, x + 3, y_test + 3), >, 0);
    /* Nothing where the losses (above 1, off this axis) would be. */
    g_assert_cmpuint (count_color (surface, &run.style.train, 8, x - 2, (int) run.geo.plot_y, x + 3,
                                   (int) entrena_chart_geometry_loss_to_y (&run.geo, 0.9)), ==, 0);
  }

  /* The convergence marker belongs to the loss chart. */
  x = (int) entrena_chart_geometry_epoch_to_x (&run.geo, 43);
  g_assert_cmpuint (count_color (surface, &run.style.marker, 8, x - 1, (int) (run.geo.plot_y + run.geo.plot_height * 0.3),
                                 x + 2, (int) (run.geo.plot_y + run.geo.plot_height)), ==, 0);
  cairo_surface_destroy (surface);

  /* Without test rows: the train curve only. */
  run.data.test_accuracy = NULL;
  surface = run_render (&run, "accuracy-no-test.png");
  g_assert_cmpuint (count_in_plot (surface, &run.style.test, &run.geo, 1), ==, 0);
  g_assert_cmpuint (count_in_plot (surface, &run.style.train, &run.geo, 1), >, run.geo.plot_width * 1.5);
  cairo_surface_destroy (surface);

  /* No epochs yet: an empty frame, no crash. */
  run.data.n_epochs = 0;
  cairo_surface_destroy (run_render (&run, "accuracy-empty.png"));
}

/* Pixels that differ between @a and @b in the device rectangle. */
static guint
count_changed (cairo_surface_t *a,
               cairo_surface_t *b,
               int              x0,
               int              y0,
               int              x1,
               int              y1)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (pixel_at (a, x, y) != pixel_at (b, x, y))
        n++;

  return n;
}

static void
check_cursor (EntrenaChartKind kind)
{
  Run run;
  cairo_surface_t *plain;
  cairo_surface_t *marked;
  int x;
  int y_mid;

  run_init (&run, kind);
  plain = run_render (&run, "cursor-none.png");
  run.data.cursor_epoch = 56;
  marked = run_render (&run, kind == ENTRENA_CHART_ACCURACY ? "cursor-accuracy.png" : "cursor-loss.png");

  /* A line at epoch 56 through the middle of the plot … */
  x = (int) entrena_chart_geometry_epoch_to_x (&run.geo, 56);
  y_mid = (int) (run.geo.plot_y + run.geo.plot_height * 0.25);
  g_assert_cmpuint (count_changed (plain, marked, x - 1, y_mid, x + 2, y_mid + 40), >=, 40);
  /* … nowhere else: far from it, the drawing is the same. */
  g_assert_cmpuint (count_changed (plain, marked, (int) entrena_chart_geometry_epoch_to_x (&run.geo, 20), (int) run.geo.plot_y,
                                   (int) entrena_chart_geometry_epoch_to_x (&run.geo, 30),
                                   (int) (run.geo.plot_y + run.geo.plot_height)), ==, 0);
  cairo_surface_destroy (marked);

  /* The cursor may stand at the start (the initial weights); beyond the
   * epochs so far there is nothing to mark. */
  run.data.cursor_epoch = 0;
  cairo_surface_destroy (run_render (&run, "cursor-start.png"));
  run.data.cursor_epoch = N_EPOCHS + 1;
  marked = run_render (&run, "cursor-beyond.png");
  g_assert_cmpuint (count_changed (plain, marked, 0, 0, WIDTH, HEIGHT), ==, 0);
  cairo_surface_destroy (marked);
  cairo_surface_destroy (plain);
}

static void
test_draw_cursor (void)
{
  check_cursor (ENTRENA_CHART_LOSS);
  check_cursor (ENTRENA_CHART_ACCURACY);
}

static void
test_describe_accuracy (void)
{
  Run run;
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *loss_cursor = NULL;

  run_init (&run, ENTRENA_CHART_ACCURACY);
  run.data.n_epochs = 0;
  empty = entrena_chart_describe (&run.data);
  g_assert_cmpstr (empty, ==, "Accuracy chart. No training yet.");

  run.data.n_epochs = N_EPOCHS;
  text = entrena_chart_describe (&run.data);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Accuracy chart, epoch 100 of 100."));
  /* The latest figures, as percentages, and which is measured when. */
  g_assert_nonnull (strstr (text, "Latest train accuracy 60.0% (measured before the epoch’s step), test accuracy 55.0% (after it)."));
  g_assert_nonnull (strstr (text, "best test accuracy"));
  g_assert_null (strstr (text, "cursor"));

  run.data.cursor_epoch = 10;
  cursor = entrena_chart_describe (&run.data);
  g_test_message ("%s", cursor);
  g_assert_nonnull (strstr (cursor, "The epoch cursor is at epoch 10: train accuracy 43.5%, test accuracy 41.3%."));

  run.data.kind = ENTRENA_CHART_LOSS;
  loss_cursor = entrena_chart_describe (&run.data);
  g_assert_true (g_str_has_prefix (loss_cursor, "Loss chart, epoch 100 of 100."));
  g_assert_nonnull (strstr (loss_cursor, "The epoch cursor is at epoch 10: training loss"));
}

static void
test_export_accuracy (void)
{
  Run run;
  const EntrenaChartFormat formats[] = { ENTRENA_CHART_FORMAT_PNG, ENTRENA_CHART_FORMAT_SVG, ENTRENA_CHART_FORMAT_PDF };

  run_init (&run, ENTRENA_CHART_ACCURACY);
  run.data.cursor_epoch = 56;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) bytes = entrena_chart_export_to_bytes (&run.data, &run.style, formats[i], 640, 360, 1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 1000);
      /* The vector formats carry the axis title as text or glyphs; SVG's
       * is readable. */
      if (formats[i] == ENTRENA_CHART_FORMAT_SVG)
        g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "<svg"));
    }
}

int
main (int    argc,
      char **argv)
{
  /* The C locale: "59.9%" with a point. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/chart/accuracy/axis", test_accuracy_axis);
  g_test_add_func ("/entrena/chart/accuracy/draw", test_draw_accuracy);
  g_test_add_func ("/entrena/chart/accuracy/cursor", test_draw_cursor);
  g_test_add_func ("/entrena/chart/accuracy/describe", test_describe_accuracy);
  g_test_add_func ("/entrena/chart/accuracy/export", test_export_accuracy);

  return g_test_run ();
}
