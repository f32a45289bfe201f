/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-chart-private.h"
#include "entrena-format.h"

/* What the loss chart shows inside its plotting area: the divergence, the
 * curves, the markers and the hovered epoch. */

/* A label already placed, so the next can avoid it. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} Box;

static gboolean
boxes_overlap (const Box *a,
               const Box *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height && b->y < a->y + a->height;
}

static char *
format_loss (double loss)
{
  if (isnan (loss))
    return g_strdup ("—");
  if (isinf (loss))
    return g_strdup (loss > 0 ? "∞" : "−∞");
  /* Follows LC_NUMERIC: the user's decimal mark. */
  return g_strdup_printf ("%.3g", loss);
}

void
_entrena_chart_draw_divergence (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartGeometry *geo = &chart->geo;
  double right = geo->plot_x + geo->plot_width;
  double x;
  double line_width = chart->marker_width;

  if (chart->data->state != ENTRENA_CONVERGENCE_DIVERGED || chart->data->diverged_epoch == 0)
    return;

  x = entrena_chart_geometry_epoch_to_x (geo, MIN (chart->data->diverged_epoch, geo->x_axis.max));
  x = _entrena_chart_snap (chart, x, line_width);

  /* Everything from the blow-up on is tinted: nothing there is learning. */
  cairo_rectangle (cr, x, geo->plot_y, MAX (right - x, 0), geo->plot_height);
  entrena_draw_set_color (cr, &chart->style->danger, 0.12);
  cairo_fill (cr);

  cairo_move_to (cr, x, geo->plot_y);
  cairo_line_to (cr, x, geo->plot_y + geo->plot_height);
  cairo_set_line_width (cr, _entrena_chart_crisp_width (chart, line_width));
  entrena_draw_set_color (cr, &chart->style->danger, 1);
  cairo_stroke (cr);
}

static double
clamp_y (const Chart *chart,
         double       y)
{
  const EntrenaChartGeometry *geo = &chart->geo;
  double slack = chart->curve_width;

  /* Keeps cairo's fixed-point coordinates in range for values far outside
   * the axis (log scale of a zero loss, a clamped range). */
  return CLAMP (y, geo->plot_y - slack, geo->plot_y + geo->plot_height + slack);
}

/* Adds a point to the curve: a new sub-path after a gap, so an isolated
 * point still shows as a round dot. */
static void
curve_point (Chart    *chart,
             double    x,
             double    y,
             gboolean *pen_down)
{
  if (!*pen_down)
    {
      cairo_move_to (chart->cr, x, y);
      *pen_down = TRUE;
    }
  cairo_line_to (chart->cr, x, y);
}

static void
path_series (Chart       *chart,
             const float *values,
             guint        n)
{
  const EntrenaChartGeometry *geo = &chart->geo;
  guint columns = (guint) MAX (1, ceil (geo->plot_width * chart->scale));
  gboolean pen_down = FALSE;

  if (n <= 2 * columns)
    {
      for (guint i = 0; i < n; i++)
        {
          if (!isfinite (values[i]))
            {
              pen_down = FALSE;
              continue;
            }
          curve_point (chart, entrena_chart_geometry_epoch_to_x (geo, i + 1),
                       clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, values[i])), &pen_down);
        }
      return;
    }

  /* More epochs than device pixels: per pixel column, keep the first, the
   * lowest, the highest and the last point in their order. The stroke looks
   * the same, and 100,000 epochs become a few thousand segments (which keeps
   * SVG and PDF exports small too). */
  {
    long column = -1;
    guint first = 0;
    guint last = 0;
    guint lo = 0;
    guint hi = 0;
    gboolean have = FALSE;

    for (guint i = 0; i <= n; i++)
      {
        long c = -1;
        gboolean finite = i < n && isfinite (values[i]);

        if (i < n)
          c = (long) ((entrena_chart_geometry_epoch_to_x (geo, i + 1) - geo->plot_x) * chart->scale);

        if (have && (i == n || !finite || c != column))
          {
            guint picks[4] = { first, lo, hi, last };
            guint previous = G_MAXUINT;

            /* Sort the four indices; they are few. */
            for (guint a = 0; a < 4; a++)
              for (guint b = a + 1; b < 4; b++)
                if (picks[b] < picks[a])
                  {
                    guint t = picks[a];

                    picks[a] = picks[b];
                    picks[b] = t;
                  }
            for (guint p = 0; p < 4; p++)
              {
                if (picks[p] == previous)
                  continue;
                previous = picks[p];
                curve_point (chart, entrena_chart_geometry_epoch_to_x (geo, picks[p] + 1),
                             clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, values[picks[p]])),
                             &pen_down);
              }
            have = FALSE;
          }

        if (i == n)
          break;
        if (!finite)
          {
            pen_down = FALSE;
            continue;
          }
        if (!have)
          {
            column = c;
            first = lo = hi = i;
            have = TRUE;
          }
        if (values[i] < values[lo])
          lo = i;
        if (values[i] > values[hi])
          hi = i;
        last = i;
      }
  }
}

static void
draw_dot (Chart                   *chart,
          double                   x,
          double                   y,
          double                   radius,
          const EntrenaChartColor *fill)
{
  cairo_t *cr = chart->cr;

  /* A ring of the surface colour lifts the dot off the curve under it. */
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius + chart->curve_width * 0.7, 0, 2 * G_PI);
  entrena_draw_set_color (cr, &chart->style->surface, 1);
  cairo_fill (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  entrena_draw_set_color (cr, fill, 1);
  cairo_fill (cr);
}

void
_entrena_chart_draw_curve (Chart                   *chart,
                           const float             *values,
                           guint                    n,
                           const EntrenaChartColor *color,
                           gboolean                 dashed,
                           gboolean                 lead_dot)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartGeometry *geo = &chart->geo;
  double spacing = geo->plot_width / (geo->x_axis.max - geo->x_axis.min);

  if (values == NULL || n == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, geo->plot_x - chart->curve_width, geo->plot_y - chart->curve_width,
                   geo->plot_width + 2 * chart->curve_width, geo->plot_height + 2 * chart->curve_width);
  cairo_clip (cr);

  cairo_new_path (cr);
  path_series (chart, values, n);
  cairo_set_line_width (cr, chart->curve_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (dashed)
    {
      double dashes[] = { chart->curve_width * 3, chart->curve_width * 2 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  entrena_draw_set_color (cr, color, 1);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Few epochs: mark each, so a class can count them. */
  if (spacing >= chart->curve_width * 5)
    {
      for (guint i = 0; i < n; i++)
        if (isfinite (values[i]))
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, entrena_chart_geometry_epoch_to_x (geo, i + 1),
                       clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, values[i])),
                       chart->curve_width * 1.1, 0, 2 * G_PI);
          }
      cairo_fill (cr);
    }

  /* While training, the newest point leads the curve. */
  if (lead_dot && isfinite (values[n - 1]))
    draw_dot (chart, entrena_chart_geometry_epoch_to_x (geo, n),
              clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, values[n - 1])),
              chart->curve_width * 1.5, color);

  cairo_restore (cr);
}

void
_entrena_chart_draw_series (Chart                   *chart,
                            const float             *values,
                            const EntrenaChartColor *color)
{
  _entrena_chart_draw_curve (chart, values, chart->data->n_epochs, color, FALSE, chart->data->running);
}

/* Places a marker's label at the top of the plot, beside its line, in the
 * first row where it overlaps no earlier label. */
static void
place_marker_label (Chart                   *chart,
                    const char              *text,
                    double                   x,
                    const EntrenaChartColor *fill,
                    Box                     *placed,
                    guint                   *n_placed)
{
  const EntrenaChartGeometry *geo = &chart->geo;
  double gap = chart->base * 0.35;
  double w;
  double h;
  Box box;

  _entrena_chart_pill_size (chart, chart->font_small, text, &w, &h);
  box.width = w;
  box.height = h;
  box.x = x + gap;
  if (box.x + w > geo->plot_x + geo->plot_width)
    box.x = x - gap - w;
  box.x = MAX (box.x, geo->plot_x);

  for (guint row = 0; row < 4; row++)
    {
      gboolean clash = FALSE;

      box.y = geo->plot_y + gap + row * (h + gap);
      for (guint i = 0; i < *n_placed; i++)
        clash = clash || boxes_overlap (&box, &placed[i]);
      if (!clash)
        break;
    }

  _entrena_chart_draw_pill (chart, chart->font_small, text, box.x, box.y, fill, 1, NULL);
  placed[(*n_placed)++] = box;
}

static void
draw_marker_line (Chart                   *chart,
                  double                   x,
                  const EntrenaChartColor *color,
                  const double            *dashes,
                  int                      n_dashes)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartGeometry *geo = &chart->geo;

  cairo_save (cr);
  cairo_move_to (cr, x, geo->plot_y);
  cairo_line_to (cr, x, geo->plot_y + geo->plot_height);
  cairo_set_line_width (cr, _entrena_chart_crisp_width (chart, chart->marker_width));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (cr, dashes, n_dashes, 0);
  entrena_draw_set_color (cr, color, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
_entrena_chart_draw_markers (Chart *chart)
{
  const EntrenaChartData *data = chart->data;
  const EntrenaChartGeometry *geo = &chart->geo;
  const EntrenaChartStyle *style = chart->style;
  Box placed[2];
  guint n_placed = 0;
  gboolean show_converged = data->suggested_epoch > 0 && data->state == ENTRENA_CONVERGENCE_CONVERGED &&
                            data->suggested_epoch <= data->n_epochs;
  gboolean show_best = data->best_test_epoch > 0 && data->test_loss != NULL &&
                       data->best_test_epoch <= data->n_epochs;
  double converged_x = 0;
  double best_x = 0;

  if (show_converged)
    {
      double dashes[] = { chart->base * 0.5, chart->base * 0.3 };

      converged_x = _entrena_chart_snap (chart, entrena_chart_geometry_epoch_to_x (geo, data->suggested_epoch), chart->marker_width);
      draw_marker_line (chart, converged_x, &style->marker, dashes, G_N_ELEMENTS (dashes));
    }

  if (show_best)
    {
      double dashes[] = { chart->base * 0.15, chart->base * 0.25 };
      float loss = data->test_loss[data->best_test_epoch - 1];

      best_x = _entrena_chart_snap (chart, entrena_chart_geometry_epoch_to_x (geo, data->best_test_epoch), chart->marker_width);
      draw_marker_line (chart, best_x, &style->best, dashes, G_N_ELEMENTS (dashes));
      if (isfinite (loss))
        draw_dot (chart, best_x, clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, loss)),
                  chart->curve_width * 1.4, &style->best);
    }

  /* Labels after both lines, so neither line crosses the other's label. */
  if (show_converged)
    {
      /* Translators: the label of the convergence marker on the loss chart;
       * %u is the epoch after which training gained little. */
      g_autofree char *text = g_strdup_printf (_("converged ≈ epoch %u"), data->suggested_epoch);

      place_marker_label (chart, text, converged_x, &style->marker, placed, &n_placed);
    }
  if (show_best)
    {
      /* Translators: the label of the marker at the lowest test loss on the
       * loss chart; %u is its epoch. */
      g_autofree char *text = g_strdup_printf (_("lowest test loss, epoch %u"), data->best_test_epoch);

      place_marker_label (chart, text, best_x, &style->best, placed, &n_placed);
    }
}

/* The dots of both curves at @epoch (1..n_epochs) on the line at @x, and
 * how high the highest and low the lowest is (both unchanged without a
 * finite value). */
void
_entrena_chart_draw_early_stop (Chart *chart)
{
  const EntrenaChartData *data = chart->data;
  const EntrenaChartGeometry *geo = &chart->geo;
  const float *val = _entrena_chart_val_series (data);
  double dashes[] = { chart->base * 0.6, chart->base * 0.25, chart->base * 0.15, chart->base * 0.25 };
  g_autofree char *text = NULL;
  Box placed[3];
  guint n_placed = 0;
  double x;

  if (data->stopped_epoch == 0 || data->stopped_epoch > data->n_epochs ||
      data->best_val_epoch == 0 || data->best_val_epoch > data->n_epochs)
    return;

  /* A line at the epoch whose weights were kept, the dot on its validation
   * value; the curves themselves end at the stop. */
  x = _entrena_chart_snap (chart, entrena_chart_geometry_epoch_to_x (geo, data->best_val_epoch), chart->marker_width);
  draw_marker_line (chart, x, &chart->style->validation, dashes, G_N_ELEMENTS (dashes));
  if (val != NULL && isfinite (val[data->best_val_epoch - 1]))
    draw_dot (chart, x, clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, val[data->best_val_epoch - 1])),
              chart->curve_width * 1.4, &chart->style->validation);

  /* Below the loss chart's other markers' labels, which take the first rows. */
  for (guint i = 0; i < (data->kind == ENTRENA_CHART_LOSS ? 2 : 0); i++)
    {
      _entrena_chart_pill_size (chart, chart->font_small, "Ag", &placed[i].width, &placed[i].height);
      placed[i].x = geo->plot_x;
      placed[i].width = geo->plot_width;
      placed[i].y = geo->plot_y + chart->base * 0.35 + i * (placed[i].height + chart->base * 0.35);
      n_placed++;
    }
  /* Translators: the label of the early-stopping marker on the chart: the
   * run stopped at the first epoch, and the weights it kept are the second
   * epoch's (where the validation loss was lowest). */
  text = g_strdup_printf (_("Stopped at %u, weights from epoch %u"), data->stopped_epoch, data->best_val_epoch);
  place_marker_label (chart, text, x, &chart->style->validation, placed, &n_placed);
}

static void
draw_epoch_dots (Chart  *chart,
                 guint   epoch,
                 double  x,
                 double *y_top,
                 double *y_bottom)
{
  const float *series[3];
  const EntrenaChartColor *colors[3] = { &chart->style->train, &chart->style->test, &chart->style->validation };

  _entrena_chart_series (chart->data, &series[0], &series[1]);
  series[2] = _entrena_chart_val_series (chart->data);
  if (chart->data->n_overlays > 0)
    {
      /* A comparison shows one curve of the current run, in the text colour. */
      series[0] = _entrena_chart_current_curve (chart->data);
      series[1] = series[2] = NULL;
      colors[0] = &chart->style->foreground;
    }

  /* Validation and test first, so the train dot stays on top, like the train curve. */
  for (int s = 2; s >= 0; s--)
    {
      double y;

      if (series[s] == NULL || !isfinite (series[s][epoch - 1]))
        continue;
      y = clamp_y (chart, entrena_chart_geometry_loss_to_y (&chart->geo, series[s][epoch - 1]));
      draw_dot (chart, x, y, chart->curve_width * 1.4, colors[s]);
      *y_top = MIN (*y_top, y);
      *y_bottom = MAX (*y_bottom, y);
    }
}

/* A value of the chart's kind for the hover box: a loss or a percentage. */
static char *
format_value (const Chart *chart,
              double       value)
{
  if (chart->data->kind == ENTRENA_CHART_ACCURACY)
    return entrena_format_percent (value);
  return format_loss (value);
}

void
_entrena_chart_draw_cursor (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartData *data = chart->data;
  const EntrenaChartGeometry *geo = &chart->geo;
  double y_top = G_MAXDOUBLE;
  double y_bottom = -G_MAXDOUBLE;
  double gap = chart->base * 0.35;
  g_autofree char *text = NULL;
  double line_width = chart->marker_width;
  double w;
  double h;
  double x;

  if (data->cursor_epoch < 0 || (guint) data->cursor_epoch > data->n_epochs)
    return;

  x = _entrena_chart_snap (chart, entrena_chart_geometry_epoch_to_x (geo, data->cursor_epoch), line_width);
  cairo_move_to (cr, x, geo->plot_y);
  cairo_line_to (cr, x, geo->plot_y + geo->plot_height);
  cairo_set_line_width (cr, _entrena_chart_crisp_width (chart, line_width));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  entrena_draw_set_color (cr, &chart->style->foreground, 0.85);
  cairo_stroke (cr);

  if (data->cursor_epoch > 0)
    draw_epoch_dots (chart, (guint) data->cursor_epoch, x, &y_top, &y_bottom);

  /* Translators: the label of the epoch cursor's line on the chart, at the
   * foot of the line (clear of the markers' labels at the top). */
  text = g_strdup_printf (_("Epoch %d"), data->cursor_epoch);
  _entrena_chart_pill_size (chart, chart->font_small, text, &w, &h);
  _entrena_chart_draw_pill (chart, chart->font_small, text,
                            CLAMP (x - w / 2, geo->plot_x, geo->plot_x + geo->plot_width - w),
                            geo->plot_y + geo->plot_height - gap - h,
                            &chart->style->foreground, 1, NULL);
}

void
_entrena_chart_draw_hover (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartData *data = chart->data;
  const EntrenaChartGeometry *geo = &chart->geo;
  const EntrenaChartStyle *style = chart->style;
  const float *train_series;
  const float *test_series;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;
  g_autofree char *text = NULL;
  double y_top = G_MAXDOUBLE;
  double y_bottom = -G_MAXDOUBLE;
  double gap = chart->base * 0.5;
  double text_w;
  double text_h;
  double box_w;
  double box_h;
  double box_x;
  double box_y;
  double x;
  guint e;

  if (data->hover_epoch < 1 || (guint) data->hover_epoch > data->n_epochs)
    return;
  e = (guint) data->hover_epoch;

  x = _entrena_chart_snap (chart, entrena_chart_geometry_epoch_to_x (geo, e), 1);
  cairo_move_to (cr, x, geo->plot_y);
  cairo_line_to (cr, x, geo->plot_y + geo->plot_height);
  cairo_set_line_width (cr, _entrena_chart_crisp_width (chart, 1));
  entrena_draw_set_color (cr, &style->foreground, 0.5);
  cairo_stroke (cr);

  draw_epoch_dots (chart, e, x, &y_top, &y_bottom);

  _entrena_chart_series (data, &train_series, &test_series);
  train = format_value (chart, train_series[e - 1]);
  if (test_series != NULL)
    {
      test = format_value (chart, test_series[e - 1]);
      /* Translators: the box that follows the pointer over the loss chart,
       * "Epoch 37 · train 0.912 · test 0.955". */
      text = g_strdup_printf (_("Epoch %u · train %s · test %s"), e, train, test);
    }
  else
    {
      /* Translators: the box that follows the pointer over the loss chart
       * without test rows, "Epoch 37 · train 0.912". */
      text = g_strdup_printf (_("Epoch %u · train %s"), e, train);
    }
  if (_entrena_chart_val_series (data) != NULL)
    {
      g_autofree char *val = format_value (chart, _entrena_chart_val_series (data)[e - 1]);
      g_autofree char *line = g_steal_pointer (&text);

      /* Translators: appended to the box that follows the pointer over the
       * chart, "Epoch 37 · train 0.912 · test 0.955 · validation 0.930". */
      text = g_strdup_printf (_("%s · validation %s"), line, val);
    }

  _entrena_chart_measure_text (chart, chart->font_small, text, &text_w, &text_h);
  box_w = text_w + text_h;
  box_h = text_h * 1.5;

  /* Beside the line, right if it fits; above the dots, else below them. */
  box_x = x + gap;
  if (box_x + box_w > geo->plot_x + geo->plot_width)
    box_x = MAX (geo->plot_x, x - gap - box_w);
  if (y_top == G_MAXDOUBLE)
    y_top = y_bottom = geo->plot_y + geo->plot_height / 2;
  box_y = y_top - gap - box_h;
  if (box_y < geo->plot_y)
    box_y = MIN (y_bottom + gap, geo->plot_y + geo->plot_height - box_h);

  /* A soft shadow, the box, a hairline border, the text. */
  entrena_draw_rounded_rect (cr, box_x, box_y + 2, box_w, box_h, text_h * 0.35);
  entrena_draw_set_color (cr, &style->foreground, 0.12);
  cairo_fill (cr);
  entrena_draw_rounded_rect (cr, box_x, box_y, box_w, box_h, text_h * 0.35);
  entrena_draw_set_color (cr, &style->surface, 1);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, _entrena_chart_crisp_width (chart, 1));
  entrena_draw_set_color (cr, &style->foreground, 0.25);
  cairo_stroke (cr);
  _entrena_chart_draw_text (chart, chart->font_small, text, box_x + box_w / 2, box_y + box_h / 2, 0.5, 0.5,
                            &style->foreground, 1);
}
