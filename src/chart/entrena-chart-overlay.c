/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-chart-private.h"

/* Comparing runs on one chart: one curve per run, each in its own colour,
 * the current run's on top, and a legend that names them all. */

/* Okabe and Ito's palette for colour-blind readers, in an order where the
 * first colours differ most; black is left out (it is the current run's,
 * drawn in the text colour) and yellow, faint on white, comes last. */
static const guint32 okabe_ito[] = {
  0x0072b2, /* blue */
  0xe69f00, /* orange */
  0x009e73, /* bluish green */
  0xd55e00, /* vermillion */
  0xcc79a7, /* reddish purple */
  0x56b4e9, /* sky blue */
  0xf0e442, /* yellow */
};

void
entrena_chart_overlay_color (guint              index,
                             EntrenaChartColor *color,
                             gboolean          *dashed)
{
  guint32 hex = okabe_ito[index % G_N_ELEMENTS (okabe_ito)];

  g_return_if_fail (color != NULL);

  *color = (EntrenaChartColor) {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };
  if (dashed != NULL)
    *dashed = (index / G_N_ELEMENTS (okabe_ito)) % 2 == 1;
}

const char *
entrena_chart_curve_name (EntrenaChartKind  kind,
                          EntrenaChartCurve curve)
{
  gboolean accuracy = kind == ENTRENA_CHART_ACCURACY;

  switch (curve)
    {
    case ENTRENA_CHART_CURVE_TRAIN:
      return accuracy ? _("Train accuracy") : _("Train loss");
    case ENTRENA_CHART_CURVE_VALIDATION:
      return accuracy ? _("Validation accuracy") : _("Validation loss");
    case ENTRENA_CHART_CURVE_TEST:
    default:
      return accuracy ? _("Test accuracy") : _("Test loss");
    }
}

const float *
_entrena_chart_current_curve (const EntrenaChartData *data)
{
  const float *train;
  const float *test;

  if (data->n_epochs == 0)
    return NULL;
  _entrena_chart_series (data, &train, &test);
  if (data->overlay_curve == ENTRENA_CHART_CURVE_VALIDATION)
    return _entrena_chart_val_series (data);

  return data->overlay_curve == ENTRENA_CHART_CURVE_TRAIN ? train : test;
}

static const char *
current_name (const EntrenaChartData *data)
{
  /* Translators: the current run in the legend of a chart comparing runs. */
  return data->current_name != NULL ? data->current_name : _("This run");
}

char *
entrena_chart_title (const EntrenaChartData *data)
{
  g_autoptr (GString) title = NULL;
  gboolean first = TRUE;

  g_return_val_if_fail (data != NULL, NULL);

  if (data->n_overlays == 0)
    return g_strdup (data->kind == ENTRENA_CHART_ACCURACY ? _("Accuracy chart") : _("Loss chart"));

  /* Translators: the start of a chart's title when it compares runs,
   * "Test loss: learning rate 0.1, seed 7"; %s is the curve. */
  title = g_string_new (NULL);
  g_string_append_printf (title, _("%s of runs:"), entrena_chart_curve_name (data->kind, data->overlay_curve));
  for (guint i = 0; i < data->n_overlays; i++)
    {
      g_string_append (title, first ? " " : ", ");
      g_string_append (title, data->overlays[i].name);
      first = FALSE;
    }
  if (_entrena_chart_current_curve (data) != NULL)
    g_string_append_printf (title, ", %s", current_name (data));

  return g_string_free (g_steal_pointer (&title), FALSE);
}

/* Draws (or only measures) one legend entry at (@x, @centre): a short
 * stroke of the curve's colour and dash, then the name. Returns its width. */
static double
legend_entry (Chart                   *chart,
              gboolean                 draw,
              double                   x,
              double                   centre,
              const char              *name,
              const EntrenaChartColor *color,
              gboolean                 dashed)
{
  cairo_t *cr = chart->cr;
  double sample = chart->base * 1.4;
  double w;

  _entrena_chart_measure_text (chart, chart->font_normal, name, &w, NULL);
  if (draw)
    {
      cairo_save (cr);
      cairo_move_to (cr, x, centre);
      cairo_line_to (cr, x + sample, centre);
      cairo_set_line_width (cr, chart->curve_width);
      cairo_set_line_cap (cr, dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
      if (dashed)
        {
          double dashes[] = { sample * 0.4, sample * 0.2 };

          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      entrena_draw_set_color (cr, color, 1);
      cairo_stroke (cr);
      cairo_restore (cr);
      _entrena_chart_draw_text (chart, chart->font_normal, name, x + sample + chart->base * 0.45, centre, 0, 0.5,
                                &chart->style->foreground, 1);
    }

  return sample + chart->base * 0.45 + w;
}

guint
_entrena_chart_overlay_legend (Chart    *chart,
                               gboolean  draw)
{
  const EntrenaChartData *data = chart->data;
  double right = chart->width - chart->pad;
  double gap = chart->base * 1.2;
  double row_h;
  double x = chart->pad;
  guint rows = 1;
  gboolean with_current = _entrena_chart_current_curve (data) != NULL;
  guint n = data->n_overlays + (with_current ? 1 : 0);

  _entrena_chart_pill_size (chart, chart->font_bold, "Ag", NULL, &row_h);

  /* The current run first, as the one the others are compared with. */
  for (guint i = 0; i < n; i++)
    {
      /* k is the run's index in the overlays, n_overlays for the current run. */
      guint k = with_current ? (i == 0 ? data->n_overlays : i - 1) : i;
      const char *name = k == data->n_overlays ? current_name (data) : data->overlays[k].name;
      const EntrenaChartColor *color = k == data->n_overlays ? &chart->style->foreground : &data->overlays[k].color;
      gboolean dashed = k < data->n_overlays && data->overlays[k].dashed;
      double w = legend_entry (chart, FALSE, 0, 0, name, color, dashed);
      double centre;

      if (x > chart->pad && x + w > right)
        {
          x = chart->pad;
          rows++;
        }
      centre = chart->pad + (rows - 1) * (row_h + chart->base * 0.3) + row_h / 2;
      if (draw)
        legend_entry (chart, TRUE, x, centre, name, color, dashed);
      x += w + gap;
    }

  return rows;
}

void
_entrena_chart_overlay_loss_axis (Chart *chart,
                                  guint  max_ticks)
{
  const EntrenaChartData *data = chart->data;
  const float *current = _entrena_chart_current_curve (data);
  double lo = INFINITY;
  double hi = -INFINITY;

  for (guint i = 0; i <= data->n_overlays; i++)
    {
      const float *values = i < data->n_overlays ? data->overlays[i].values : current;
      guint n = i < data->n_overlays ? data->overlays[i].n_values : data->n_epochs;
      double min;
      double max;

      if (values != NULL && entrena_chart_finite_range (values, NULL, n, data->log_scale, &min, &max))
        {
          lo = MIN (lo, min);
          hi = MAX (hi, max);
        }
    }

  entrena_chart_axis_for_loss_range (&chart->geo.y_axis, lo <= hi, lo, hi, data->log_scale, max_ticks);
}

void
_entrena_chart_draw_overlays (Chart *chart)
{
  const EntrenaChartData *data = chart->data;

  /* The newest compared run is drawn last, so it lies over the older ones;
   * the current run lies over them all. */
  for (guint i = data->n_overlays; i > 0; i--)
    {
      const EntrenaChartSeries *series = &data->overlays[i - 1];

      _entrena_chart_draw_curve (chart, series->values, series->n_values, &series->color, series->dashed, FALSE);
    }
  _entrena_chart_draw_curve (chart, _entrena_chart_current_curve (data), data->n_epochs,
                             &chart->style->foreground, FALSE, data->running);
}
