/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-chart-canvas.h"
#include "entrena-format.h"
#include "entrena-network-chart.h"

/*
 * The network as a diagram: a column of neurons per layer, the inputs on the
 * left and the outputs on the right, and an edge for each weight between
 * the neurons shown. Wide layers show the neurons with the largest weights
 * in and out; the others are counted under the column.
 */

/* Positive and negative weights: blue and vermillion, Okabe and Ito's pair
 * that stays apart for colour-blind viewers and in greyscale. */
static const EntrenaChartColor positive_colour = { 0.0, 0.447, 0.698, 1.0 };
static const EntrenaChartColor negative_colour = { 0.835, 0.369, 0.0, 1.0 };

float
entrena_network_chart_weight (const EntrenaMlp *mlp,
                              guint             column,
                              guint             to,
                              guint             from)
{
  guint layer = column - 1;

  return mlp->params[mlp->weight_offset[layer] + (gsize) to * mlp->sizes[layer] + from];
}

float
entrena_network_chart_bias (const EntrenaMlp *mlp,
                            guint             column,
                            guint             neuron)
{
  return mlp->params[mlp->bias_offset[column - 1] + neuron];
}

/* How much a neuron matters to the picture: the norm of its weights in and out. */
static double
neuron_weight (const EntrenaMlp *mlp,
               guint             column,
               guint             neuron)
{
  double sum = 0;

  if (column > 0)
    for (guint from = 0; from < mlp->sizes[column - 1]; from++)
      {
        double w = entrena_network_chart_weight (mlp, column, neuron, from);

        sum += w * w;
      }
  if (column < mlp->n_layers)
    for (guint to = 0; to < mlp->sizes[column + 1]; to++)
      {
        double w = entrena_network_chart_weight (mlp, column + 1, to, neuron);

        sum += w * w;
      }

  return sum;
}

/* The neurons of a wide column with the largest weights, in their order. */
static void
pick_shown (const EntrenaMlp          *mlp,
            guint                      column,
            EntrenaNetworkChartLayout *layout)
{
  guint n = mlp->sizes[column];
  g_autofree double *weight = NULL;
  g_autofree gboolean *keep = NULL;
  guint k = 0;

  if (n <= ENTRENA_NETWORK_CHART_MAX_SHOWN)
    {
      for (guint i = 0; i < n; i++)
        layout->shown[column][i] = i;
      layout->n_shown[column] = n;
      layout->n_more[column] = 0;
      return;
    }

  weight = g_new (double, n);
  keep = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    weight[i] = neuron_weight (mlp, column, i);
  for (guint pick = 0; pick < ENTRENA_NETWORK_CHART_MAX_SHOWN; pick++)
    {
      int best = -1;

      for (guint i = 0; i < n; i++)
        if (!keep[i] && (best < 0 || weight[i] > weight[best]))
          best = (int) i;
      keep[best] = TRUE;
    }
  for (guint i = 0; i < n; i++)
    if (keep[i])
      layout->shown[column][k++] = i;
  layout->n_shown[column] = k;
  layout->n_more[column] = n - k;
}

static double
text_size (double width,
           double height)
{
  return CLAMP (MIN (height / 36, width / 52), 12, 40);
}

void
entrena_network_chart_layout (const EntrenaNetworkChartData *data,
                              double                         width,
                              double                         height,
                              EntrenaNetworkChartLayout     *layout)
{
  const EntrenaMlp *mlp = data->mlp;
  double base = text_size (width, height);
  double pad = round (base * 0.75);
  double top = pad + base * 2;
  double bottom = height - pad - base * 2.6;
  double left;
  double right;
  double most = 1;
  double step;

  *layout = (EntrenaNetworkChartLayout) { 0 };
  layout->n_columns = MIN (mlp->n_layers + 1, ENTRENA_NETWORK_CHART_MAX_COLUMNS);
  layout->label_width = MIN (width * 0.2, base * 12);
  left = pad + layout->label_width;
  right = width - pad - layout->label_width;

  for (guint c = 0; c < layout->n_columns; c++)
    {
      pick_shown (mlp, c, layout);
      most = MAX (most, layout->n_shown[c]);
      layout->x[c] = layout->n_columns > 1 ? left + (right - left) * c / (layout->n_columns - 1) : width / 2;
    }

  step = (bottom - top) / most;
  layout->radius = MAX (2, MIN (MIN (step * 0.32, base * 0.7),
                                layout->n_columns > 1 ? (right - left) / (layout->n_columns - 1) * 0.12 : base));
  for (guint c = 0; c < layout->n_columns; c++)
    {
      guint n = layout->n_shown[c];
      double col_step = MIN ((bottom - top) / MAX (n, 1), base * 3);
      double centre = (top + bottom) / 2;

      for (guint i = 0; i < n; i++)
        layout->y[c][i] = centre + (i - (n - 1) / 2.0) * col_step;
    }
}

/* The largest |weight| among the edges drawn into column @c. */
static double
largest_weight (const EntrenaNetworkChartData   *data,
                const EntrenaNetworkChartLayout *layout,
                guint                            c)
{
  double largest = 0;

  for (guint i = 0; i < layout->n_shown[c]; i++)
    for (guint j = 0; j < layout->n_shown[c - 1]; j++)
      largest = MAX (largest, fabs (entrena_network_chart_weight (data->mlp, c, layout->shown[c][i],
                                                                 layout->shown[c - 1][j])));

  return largest > 0 ? largest : 1;
}

static double
edge_width (double weight,
            double largest,
            double radius)
{
  return 0.6 + radius * 0.6 * fabs (weight) / largest;
}

static double
distance_to_segment (double px,
                     double py,
                     double ax,
                     double ay,
                     double bx,
                     double by)
{
  double dx = bx - ax;
  double dy = by - ay;
  double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / length2, 0, 1) : 0;

  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

gboolean
entrena_network_chart_hit (const EntrenaNetworkChartData   *data,
                           const EntrenaNetworkChartLayout *layout,
                           double                           x,
                           double                           y,
                           int                             *column,
                           int                             *neuron,
                           int                             *from)
{
  double nearest = G_MAXDOUBLE;

  for (guint c = 0; c < layout->n_columns; c++)
    for (guint i = 0; i < layout->n_shown[c]; i++)
      if (hypot (x - layout->x[c], y - layout->y[c][i]) <= layout->radius * 1.4)
        {
          *column = (int) c;
          *neuron = (int) layout->shown[c][i];
          *from = -1;
          return TRUE;
        }

  for (guint c = 1; c < layout->n_columns; c++)
    {
      double largest;

      if (x < layout->x[c - 1] || x > layout->x[c])
        continue;
      largest = largest_weight (data, layout, c);
      for (guint i = 0; i < layout->n_shown[c]; i++)
        for (guint j = 0; j < layout->n_shown[c - 1]; j++)
          {
            float w = entrena_network_chart_weight (data->mlp, c, layout->shown[c][i], layout->shown[c - 1][j]);
            double d = distance_to_segment (x, y, layout->x[c - 1], layout->y[c - 1][j],
                                            layout->x[c], layout->y[c][i]);

            if (d <= MAX (3, edge_width (w, largest, layout->radius) / 2 + 1.5) && d < nearest)
              {
                nearest = d;
                *column = (int) c;
                *neuron = (int) layout->shown[c][i];
                *from = (int) layout->shown[c - 1][j];
              }
          }
    }

  return nearest < G_MAXDOUBLE;
}

static gboolean
is_selected_edge (const EntrenaNetworkChartData *data,
                  guint                          c,
                  guint                          to,
                  guint                          from)
{
  if (data->selected_column < 0)
    return FALSE;
  if (data->selected_from >= 0)
    return data->selected_column == (int) c && data->selected_neuron == (int) to && data->selected_from == (int) from;

  return (data->selected_column == (int) c && data->selected_neuron == (int) to) ||
         (data->selected_column == (int) c - 1 && data->selected_neuron == (int) from);
}

static void
draw_edges (EntrenaChartCanvas              *canvas,
            const EntrenaNetworkChartData   *data,
            const EntrenaNetworkChartLayout *layout)
{
  cairo_t *cr = canvas->cr;
  gboolean selection = data->selected_column >= 0;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint c = 1; c < layout->n_columns; c++)
    {
      double largest = largest_weight (data, layout, c);

      for (guint i = 0; i < layout->n_shown[c]; i++)
        for (guint j = 0; j < layout->n_shown[c - 1]; j++)
          {
            guint to = layout->shown[c][i];
            guint from = layout->shown[c - 1][j];
            float w = entrena_network_chart_weight (data->mlp, c, to, from);
            double alpha = 0.2 + 0.7 * fabs (w) / largest;

            if (selection)
              alpha = is_selected_edge (data, c, to, from) ? 1.0 : alpha * 0.3;
            entrena_draw_set_color (cr, w >= 0 ? &positive_colour : &negative_colour, alpha);
            cairo_set_line_width (cr, edge_width (w, largest, layout->radius));
            cairo_move_to (cr, layout->x[c - 1], layout->y[c - 1][j]);
            cairo_line_to (cr, layout->x[c], layout->y[c][i]);
            cairo_stroke (cr);
          }
    }
}

static void
draw_neurons (EntrenaChartCanvas              *canvas,
              const EntrenaNetworkChartData   *data,
              const EntrenaNetworkChartLayout *layout)
{
  const EntrenaChartStyle *style = canvas->style;
  cairo_t *cr = canvas->cr;

  for (guint c = 0; c < layout->n_columns; c++)
    {
      double largest = 0;

      for (guint i = 0; c > 0 && i < layout->n_shown[c]; i++)
        largest = MAX (largest, fabs (entrena_network_chart_bias (data->mlp, c, layout->shown[c][i])));
      for (guint i = 0; i < layout->n_shown[c]; i++)
        {
          guint n = layout->shown[c][i];

          cairo_new_sub_path (cr);
          cairo_arc (cr, layout->x[c], layout->y[c][i], layout->radius, 0, 2 * G_PI);
          entrena_draw_set_color (cr, &style->surface, 1);
          cairo_fill_preserve (cr);
          /* A neuron's bias tints it, in the colour of its sign. */
          if (c > 0 && largest > 0)
            {
              float b = entrena_network_chart_bias (data->mlp, c, n);

              entrena_draw_set_color (cr, b >= 0 ? &positive_colour : &negative_colour, 0.7 * fabs (b) / largest);
              cairo_fill_preserve (cr);
            }
          entrena_draw_set_color (cr, &style->foreground, 0.8);
          cairo_set_line_width (cr, MAX (1, layout->radius * 0.15));
          cairo_stroke (cr);

          if (data->selected_column == (int) c && data->selected_neuron == (int) n && data->selected_from < 0)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, layout->x[c], layout->y[c][i], layout->radius * 1.45, 0, 2 * G_PI);
              cairo_set_line_width (cr, MAX (2, layout->radius * 0.25));
              cairo_stroke (cr);
            }
        }
    }
}

/* A name beside a neuron, cut to the room there is. */
static void
draw_name (EntrenaChartCanvas *canvas,
           const char         *name,
           double              x,
           double              y,
           double              width,
           double              align_x)
{
  pango_layout_set_width (canvas->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (canvas->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (canvas->layout, align_x > 0.5 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_small, name, x - width * align_x, y, 0, 0.5,
                           &canvas->style->foreground, 0.9);
  pango_layout_set_width (canvas->layout, -1);
}

static char *
column_title (const EntrenaMlp *mlp,
              guint             c)
{
  if (c == 0)
    return g_strdup (C_("network picture", "Inputs"));
  if (c == mlp->n_layers)
    return g_strdup (C_("network picture", "Outputs"));

  /* Translators: a column of the network picture; %u is its number, then its width. */
  return g_strdup_printf (C_("network picture", "Hidden %u · %u"), c, mlp->sizes[c]);
}

static void
draw_labels (EntrenaChartCanvas              *canvas,
             const EntrenaNetworkChartData   *data,
             const EntrenaNetworkChartLayout *layout)
{
  const EntrenaChartColor *ink = &canvas->style->foreground;
  guint last = layout->n_columns - 1;
  double gap = layout->radius + canvas->base * 0.4;
  double bottom = 0;

  for (guint c = 0; c < layout->n_columns; c++)
    for (guint i = 0; i < layout->n_shown[c]; i++)
      bottom = MAX (bottom, layout->y[c][i]);
  bottom += layout->radius + canvas->base * 0.4;

  for (guint i = 0; i < layout->n_shown[0]; i++)
    draw_name (canvas, data->input_names[layout->shown[0][i]], layout->x[0] - gap, layout->y[0][i],
               layout->label_width, 1);
  for (guint i = 0; i < layout->n_shown[last]; i++)
    draw_name (canvas, data->class_names[layout->shown[last][i]], layout->x[last] + gap, layout->y[last][i],
               layout->label_width, 0);

  for (guint c = 0; c < layout->n_columns; c++)
    {
      g_autofree char *title = column_title (data->mlp, c);

      if (layout->n_more[c] > 0)
        {
          /* Translators: under a column of the network picture, the neurons not drawn. */
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%u more", "+%u more",
                                                                layout->n_more[c]), layout->n_more[c]);

          entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_small, more, layout->x[c], bottom,
                                   0.5, 0, ink, 0.75);
        }
      entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_normal, title, layout->x[c],
                               canvas->height - canvas->pad,
                               0.5, 1, ink, 1);
    }
}

static void
draw_legend (EntrenaChartCanvas *canvas)
{
  const char *items[] = { C_("network picture", "positive weight"), C_("network picture", "negative weight"),
                          C_("network picture", "thicker: larger") };
  const EntrenaChartColor *colours[] = { &positive_colour, &negative_colour, NULL };
  double x = canvas->pad;
  double y = canvas->pad + canvas->base * 0.6;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      double w;

      entrena_chart_text_measure (canvas->layout, canvas->font_small, items[i], &w, NULL);
      if (colours[i] != NULL)
        {
          entrena_draw_set_color (canvas->cr, colours[i], 1);
          cairo_set_line_width (canvas->cr, 3);
          cairo_move_to (canvas->cr, x, y);
          cairo_line_to (canvas->cr, x + canvas->base * 1.5, y);
          cairo_stroke (canvas->cr);
          x += canvas->base * 1.9;
        }
      entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_small, items[i], x, y, 0, 0.5,
                               &canvas->style->foreground, 0.85);
      x += w + canvas->base * 1.2;
    }
}

void
entrena_network_chart_draw (cairo_t                       *cr,
                            const EntrenaNetworkChartData *data,
                            const EntrenaChartStyle       *style,
                            double                         width,
                            double                         height,
                            double                         scale)
{
  EntrenaChartCanvas canvas;
  EntrenaNetworkChartLayout layout;

  g_return_if_fail (cr != NULL && data != NULL && data->mlp != NULL && style != NULL);

  if (!entrena_chart_canvas_begin (&canvas, cr, style, width, height, scale))
    return;
  /* The layout's text size, not the style's scaled one: the two must agree. */
  canvas.base = text_size (width, height);

  entrena_network_chart_layout (data, width, height, &layout);
  if (layout.radius > 0)
    {
      draw_legend (&canvas);
      draw_edges (&canvas, data, &layout);
      draw_neurons (&canvas, data, &layout);
      draw_labels (&canvas, data, &layout);
    }

  entrena_chart_canvas_end (&canvas);
}

void
entrena_network_chart_draw_func (cairo_t                 *cr,
                                 gconstpointer            data,
                                 const EntrenaChartStyle *style,
                                 double                   width,
                                 double                   height,
                                 double                   scale)
{
  entrena_network_chart_draw (cr, data, style, width, height, scale);
}

/* "x", "hidden layer 1, neuron 3" or "A". (transfer full) */
static char *
neuron_name (const EntrenaNetworkChartData *data,
             guint                          column,
             guint                          neuron)
{
  if (column == 0)
    return g_strdup (data->input_names[neuron]);
  if (column == data->mlp->n_layers)
    /* Translators: %s is a class name. */
    return g_strdup_printf (_("output “%s”"), data->class_names[neuron]);

  /* Translators: %u are numbers from 1. */
  return g_strdup_printf (_("hidden layer %u, neuron %u"), column, neuron + 1);
}

char *
entrena_network_chart_describe_selection (const EntrenaNetworkChartData *data)
{
  g_autofree char *name = NULL;
  guint c;
  guint n;

  g_return_val_if_fail (data != NULL && data->mlp != NULL, NULL);

  if (data->selected_column < 0)
    return NULL;
  c = (guint) data->selected_column;
  n = (guint) data->selected_neuron;
  name = neuron_name (data, c, n);

  if (data->selected_from >= 0)
    {
      g_autofree char *from = neuron_name (data, c - 1, (guint) data->selected_from);

      /* Translators: a weight of the network: from a neuron to another, then its value. */
      return g_strdup_printf (_("%s → %s: weight %.4g"), from, name,
                              entrena_network_chart_weight (data->mlp, c, n, (guint) data->selected_from));
    }
  if (c == 0)
    /* Translators: %s is a column name. */
    return g_strdup_printf (_("Input “%s” (inputs have no bias)"), name);

  /* Translators: a neuron of the network, then its bias. */
  return g_strdup_printf (_("%s: bias %.4g"), name, entrena_network_chart_bias (data->mlp, c, n));
}

char *
entrena_network_chart_describe (const EntrenaNetworkChartData *data)
{
  const EntrenaMlp *mlp = data->mlp;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) hidden = g_string_new (NULL);
  g_autofree char *inputs = g_strjoinv (", ", (char **) data->input_names);
  g_autofree char *classes = g_strjoinv (", ", (char **) data->class_names);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *positive_share = NULL;
  guint64 n_weights = 0;
  guint64 n_positive = 0;
  double strongest = 0;
  guint strongest_c = 1, strongest_to = 0, strongest_from = 0;

  for (guint c = 1; c < mlp->n_layers; c++)
    g_string_append_printf (hidden, "%s%u", c > 1 ? ", " : "", mlp->sizes[c]);
  for (guint c = 1; c <= mlp->n_layers; c++)
    for (guint to_n = 0; to_n < mlp->sizes[c]; to_n++)
      for (guint from_n = 0; from_n < mlp->sizes[c - 1]; from_n++)
        {
          float w = entrena_network_chart_weight (mlp, c, to_n, from_n);

          n_weights++;
          n_positive += w > 0;
          if (fabs (w) > fabs (strongest))
            {
              strongest = w;
              strongest_c = c;
              strongest_to = to_n;
              strongest_from = from_n;
            }
        }
  positive_share = entrena_format_percent (n_weights > 0 ? (double) n_positive / n_weights : NAN);
  from = neuron_name (data, strongest_c - 1, strongest_from);
  to = neuron_name (data, strongest_c, strongest_to);

  if (mlp->sizes[mlp->n_layers] == 1)
    g_string_append_printf (text,
                            /* Translators: the description of a regression network, whose one
                             * output is the number it predicts: an epoch, inputs, hidden
                             * layers' widths, the output's name. */
                            _("Network at epoch %u: %u inputs (%s); hidden layers of %s neurons; one output (%s)."),
                            data->epoch, mlp->sizes[0], inputs, hidden->len > 0 ? hidden->str : "0", classes);
  else
    g_string_append_printf (text,
                            /* Translators: the network picture's description: an epoch,
                             * inputs, hidden layers' widths, outputs. */
                            _("Network at epoch %u: %u inputs (%s); hidden layers of %s neurons; %u outputs (%s)."),
                            data->epoch, mlp->sizes[0], inputs, hidden->len > 0 ? hidden->str : "0",
                            mlp->sizes[mlp->n_layers], classes);
  g_string_append_c (text, ' ');
  g_string_append_printf (text,
                          /* Translators: a count of weights, the share that is positive,
                           * the largest weight and where it goes. */
                          _("%u weights, %s of them positive; the largest, %.3g, goes from %s to %s."),
                          (guint) n_weights, positive_share, strongest, from, to);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
