/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "entrena-chart-canvas.h"
#include "entrena-chart-private.h"

void
entrena_chart_data_init (EntrenaChartData *data)
{
  g_return_if_fail (data != NULL);

  *data = (EntrenaChartData) {
    .train_loss = NULL,
    .test_loss = NULL,
    .n_epochs = 0,
    .total_epochs = 0,
    .suggested_epoch = 0,
    .best_test_epoch = 0,
    .state = ENTRENA_CONVERGENCE_STILL_IMPROVING,
    .diverged_epoch = 0,
    .log_scale = FALSE,
    .hover_epoch = -1,
    .empty_message = TRUE,
    .running = FALSE,
    .kind = ENTRENA_CHART_LOSS,
    .train_accuracy = NULL,
    .test_accuracy = NULL,
    .cursor_epoch = -1,
    .val_loss = NULL,
    .val_accuracy = NULL,
    .stopped_epoch = 0,
    .best_val_epoch = 0,
    .overlays = NULL,
    .n_overlays = 0,
    .overlay_curve = ENTRENA_CHART_CURVE_TEST,
    .current_name = NULL,
  };
}

const float *
_entrena_chart_val_series (const EntrenaChartData *data)
{
  return data->kind == ENTRENA_CHART_ACCURACY ? data->val_accuracy : data->val_loss;
}

void
_entrena_chart_series (const EntrenaChartData  *data,
                       const float            **train,
                       const float            **test)
{
  gboolean accuracy = data->kind == ENTRENA_CHART_ACCURACY;

  *train = accuracy ? data->train_accuracy : data->train_loss;
  *test = accuracy ? data->test_accuracy : data->test_loss;
}

/* A style's colours as 0xRRGGBB, opaque. */
typedef struct
{
  guint32 background;
  guint32 foreground;
  guint32 grid;
  guint32 surface;
  guint32 train;
  guint32 test;
  guint32 marker;
  guint32 best;
  guint32 danger;
  guint32 warning;
  guint32 validation;
} Palette;

/* The GNOME palette, picked for a washed-out projector: the text is near
 * black, the curves are the saturated blue and orange, and the grid stays
 * visible without competing with them. */
static const Palette light_palette = {
  .background = 0xffffff,
  .foreground = 0x1e1e1e,
  .grid = 0xd8d8d8,
  .surface = 0xffffff,
  .train = 0x3584e4,  /* blue 3 */
  .test = 0xe66100,   /* orange 5 */
  .marker = 0x2ec27e, /* green 4 */
  .best = 0x9141ac,   /* purple 3 */
  .danger = 0xe01b24, /* red 3 */
  .warning = 0xe5a50a,
  /* Okabe and Ito's reddish purple, darkened for white: apart from the blue
   * and the orange in every kind of colour vision, and dashed besides. */
  .validation = 0xb4589a,
};

/* Libadwaita's dark window, with the lighter shades of each hue so the
 * curves keep their contrast against it. */
static const Palette dark_palette = {
  .background = 0x242424,
  .foreground = 0xffffff,
  .grid = 0x484848,
  .surface = 0x383838,
  .train = 0x62a0ea,  /* blue 2 */
  .test = 0xff7800,   /* orange 3 */
  .marker = 0x33d17a, /* green 3 */
  .best = 0xc061cb,   /* purple 2 */
  .danger = 0xe01b24,
  .warning = 0xf5c211,
  .validation = 0xdc8add, /* purple 1 */
};

static EntrenaChartColor
rgb (guint32 hex)
{
  return (EntrenaChartColor) {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };
}

static void
style_init (EntrenaChartStyle *style,
            const Palette     *palette)
{
  *style = (EntrenaChartStyle) {
    .background = rgb (palette->background),
    .foreground = rgb (palette->foreground),
    .grid = rgb (palette->grid),
    .surface = rgb (palette->surface),
    .train = rgb (palette->train),
    .test = rgb (palette->test),
    .marker = rgb (palette->marker),
    .best = rgb (palette->best),
    .danger = rgb (palette->danger),
    .warning = rgb (palette->warning),
    .font_family = NULL,
    .font_scale = 1.0,
    .zoom = 1.0,
    .validation = rgb (palette->validation),
    .pango_context = NULL,
  };
}

void
entrena_chart_style_init_default (EntrenaChartStyle *style)
{
  g_return_if_fail (style != NULL);

  style_init (style, &light_palette);
}

void
entrena_chart_style_init_dark (EntrenaChartStyle *style)
{
  g_return_if_fail (style != NULL);

  style_init (style, &dark_palette);
}

/* Geometry */

double
entrena_chart_geometry_epoch_to_x (const EntrenaChartGeometry *geometry,
                                   double                      epoch)
{
  g_return_val_if_fail (geometry != NULL, 0);

  return geometry->plot_x + geometry->plot_width * entrena_chart_axis_fraction (&geometry->x_axis, epoch);
}

double
entrena_chart_geometry_loss_to_y (const EntrenaChartGeometry *geometry,
                                  double                      loss)
{
  g_return_val_if_fail (geometry != NULL, 0);

  return geometry->plot_y + geometry->plot_height * (1 - entrena_chart_axis_fraction (&geometry->y_axis, loss));
}

int
entrena_chart_geometry_epoch_at_x (const EntrenaChartGeometry *geometry,
                                   double                      x,
                                   guint                       n_epochs)
{
  double epoch;

  g_return_val_if_fail (geometry != NULL, -1);

  if (n_epochs == 0 || geometry->plot_width <= 0)
    return -1;
  if (x < geometry->plot_x || x > geometry->plot_x + geometry->plot_width)
    return -1;

  epoch = geometry->x_axis.min + (x - geometry->plot_x) / geometry->plot_width * (geometry->x_axis.max - geometry->x_axis.min);

  return (int) CLAMP (lround (epoch), 1, (long) MIN (n_epochs, (guint) G_MAXINT));
}

/* Drawing helpers */

/* Centres a line of @line_width on device pixels: a line an odd number of
 * device pixels wide sits on a half pixel, an even one on a whole pixel. */
double
_entrena_chart_snap (const Chart *chart,
                     double       v,
                     double       line_width)
{
  double d = v * chart->scale;
  long device_width = MAX (1, lround (line_width * chart->scale));

  if (device_width % 2 == 1)
    d = floor (d) + 0.5;
  else
    d = round (d);

  return d / chart->scale;
}

/* The width of a line that is a whole number of device pixels, at least one. */
double
_entrena_chart_crisp_width (const Chart *chart,
                            double       line_width)
{
  return MAX (1, round (line_width * chart->scale)) / chart->scale;
}

void
_entrena_chart_measure_text (Chart                      *chart,
                             const PangoFontDescription *font,
                             const char                 *text,
                             double                     *width,
                             double                     *height)
{
  entrena_chart_text_measure (chart->layout, font, text, width, height);
}

/* Shows @text with its (@align_x, @align_y) point at (@x, @y): 0 is the
 * left/top edge, 1 the right/bottom one. */
void
_entrena_chart_draw_text (Chart                      *chart,
                          const PangoFontDescription *font,
                          const char                 *text,
                          double                      x,
                          double                      y,
                          double                      align_x,
                          double                      align_y,
                          const EntrenaChartColor    *color,
                          double                      alpha)
{
  entrena_chart_text_show (chart->cr, chart->layout, font, text, x, y, align_x, align_y, color, alpha);
}

static double
linear_channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static const EntrenaChartColor *
pick_text_on (const EntrenaChartColor *fill)
{
  static const EntrenaChartColor black = { 0.0, 0.0, 0.0, 0.9 };
  static const EntrenaChartColor white = { 1.0, 1.0, 1.0, 1.0 };
  double luminance = 0.2126 * linear_channel (fill->red)
                     + 0.7152 * linear_channel (fill->green)
                     + 0.0722 * linear_channel (fill->blue);

  /* WCAG contrast ratios against white and against black. */
  return (1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05) ? &white : &black;
}

void
_entrena_chart_pill_size (Chart                      *chart,
                          const PangoFontDescription *font,
                          const char                 *text,
                          double                     *width,
                          double                     *height)
{
  double w;
  double h;

  _entrena_chart_measure_text (chart, font, text, &w, &h);
  if (width != NULL)
    *width = w + h * 0.9;
  if (height != NULL)
    *height = h * 1.35;
}

/* A filled label. The text takes black or white, whichever reads better on
 * @fill, so theme colours of any lightness work. */
void
_entrena_chart_draw_pill (Chart                      *chart,
                          const PangoFontDescription *font,
                          const char                 *text,
                          double                      x,
                          double                      y,
                          const EntrenaChartColor    *fill,
                          double                      fill_alpha,
                          const EntrenaChartColor    *text_color)
{
  double w;
  double h;

  _entrena_chart_pill_size (chart, font, text, &w, &h);
  entrena_draw_rounded_rect (chart->cr, x, y, w, h, h * 0.3);
  entrena_draw_set_color (chart->cr, fill, fill_alpha);
  cairo_fill (chart->cr);
  if (text_color == NULL)
    text_color = pick_text_on (fill);
  _entrena_chart_draw_text (chart, font, text, x + w / 2, y + h / 2, 0.5, 0.5, text_color, 1);
}

/* Layout */

static const char *
y_axis_title (const Chart *chart)
{
  /* A comparison shows one curve of each run: name it. */
  if (chart->data->n_overlays > 0 && !chart->data->log_scale)
    return entrena_chart_curve_name (chart->data->kind, chart->data->overlay_curve);
  if (chart->data->kind == ENTRENA_CHART_ACCURACY)
    /* Translators: the title of the accuracy chart's vertical axis. */
    return _("Accuracy");
  return chart->data->log_scale ? _("Loss (log scale)") : _("Loss");
}

/* The label of a tick on the vertical axis: a loss, or a percentage. */
static char *
y_tick_label (const Chart *chart,
              double       value)
{
  if (chart->data->kind == ENTRENA_CHART_ACCURACY)
    /* Translators: a tick label on the accuracy chart's axis, "40%". Some
     * languages put a (non-breaking) space before the sign: "%.0f %%". */
    return g_strdup_printf (_("%.0f%%"), value * 100.0);
  return entrena_chart_axis_format_tick (&chart->geo.y_axis, value);
}

/* The status shown top right: progress while training, a verdict after.
 * Returns: (transfer full) (nullable): the text, with @fill its colour */
static char *
status_text (const Chart              *chart,
             const EntrenaChartColor **fill)
{
  const EntrenaChartData *data = chart->data;

  if (data->state == ENTRENA_CONVERGENCE_DIVERGED)
    {
      *fill = &chart->style->danger;
      if (data->diverged_epoch > 0)
        /* Translators: a banner on the loss chart; %u is an epoch number. */
        return g_strdup_printf (_("Diverged at epoch %u"), data->diverged_epoch);
      return g_strdup (_("Diverged"));
    }

  if (data->running && data->n_epochs > 0)
    {
      *fill = &chart->style->foreground;
      /* Translators: progress on the loss chart while training, "Epoch 40 of 100". */
      return g_strdup_printf (_("Epoch %u of %u"), data->n_epochs, MAX (data->total_epochs, data->n_epochs));
    }

  if (data->state == ENTRENA_CONVERGENCE_STILL_IMPROVING && data->n_epochs > 0)
    {
      *fill = &chart->style->warning;
      return g_strdup (_("Still improving: train longer"));
    }

  return NULL;
}

typedef struct
{
  const char              *name;
  const EntrenaChartColor *color;
} LegendItem;

/* The legend's entries, and how wide the legend is. */
static guint
legend_items (Chart      *chart,
              LegendItem  items[3],
              double     *width)
{
  const float *train;
  const float *test;
  guint n;

  _entrena_chart_series (chart->data, &train, &test);
  n = test != NULL ? 2 : 1;
  if (_entrena_chart_val_series (chart->data) != NULL)
    {
      /* Translators: in the chart's legend: the curve of the rows set aside
       * for validation (after the test curve). */
      items[n++] = (LegendItem) { chart->data->kind == ENTRENA_CHART_ACCURACY ? _("Validation accuracy")
                                                                                : _("Validation loss"),
                                  &chart->style->validation };
    }
  if (chart->data->kind == ENTRENA_CHART_ACCURACY)
    {
      /* Translators: in the accuracy chart's legend; measured before each
       * epoch's step. */
      items[0] = (LegendItem) { _("Train accuracy"), &chart->style->train };
      /* Translators: in the accuracy chart's legend; measured after each
       * epoch's step. */
      if (test != NULL)
        items[1] = (LegendItem) { _("Test accuracy"), &chart->style->test };
    }
  else
    {
      items[0] = (LegendItem) { _("Train loss"), &chart->style->train };
      if (test != NULL)
        items[1] = (LegendItem) { _("Test loss"), &chart->style->test };
    }

  if (width != NULL)
    {
      *width = 0;
      for (guint i = 0; i < n; i++)
        {
          double w;

          _entrena_chart_measure_text (chart, chart->font_normal, items[i].name, &w, NULL);
          *width += (i > 0 ? chart->base * 1.2 : 0) + chart->base * 1.4 + chart->base * 0.45 + w;
        }
    }

  return n;
}

static gboolean
compute_layout (Chart *chart)
{
  const EntrenaChartData *data = chart->data;
  EntrenaChartGeometry *geo = &chart->geo;
  g_autofree char *widest = NULL;
  double tick_w;
  double tick_h;
  double title_h;
  double header_h;
  double label_w = 0;
  double top;
  double bottom;
  double left;
  double right;
  guint max_ticks;
  guint total = MAX (MAX (data->total_epochs, data->n_epochs), 1);
  double zoom = chart->style->zoom > 0 && isfinite (chart->style->zoom) ? CLAMP (chart->style->zoom, 0.5, 4) : 1;

  /* A chart too small for its zoom gives up some of it rather than its plot:
   * 300% wants about 600 units on its shorter side. */
  zoom = MIN (zoom, MAX (1, MIN (chart->width, chart->height) / 200));

  for (guint i = 0; i < data->n_overlays; i++)
    total = MAX (total, data->overlays[i].n_values);

  /* Text sized from the chart, so it reads from the back of a classroom:
   * about 22 px at 1280×800, never below 12 px. */
  chart->base = MAX (12 * zoom, MIN (chart->height / 36, chart->width / 52) * MAX (chart->style->font_scale, 0.1) * zoom);
  chart->base = MIN (chart->base, 40 * zoom);
  chart->pad = round (chart->base * 0.75);
  chart->curve_width = MAX (2.5 * zoom, chart->base * 0.14);
  chart->marker_width = MAX (2 * zoom, round (chart->base * 0.1));

  /* Tick labels are a little smaller, but never below 12 px (zoomed) either. */
  chart->font_small = entrena_chart_font_new (chart->style, MAX (12 * zoom, round (chart->base * 0.85)), PANGO_WEIGHT_NORMAL);
  chart->font_normal = entrena_chart_font_new (chart->style, chart->base, PANGO_WEIGHT_NORMAL);
  chart->font_bold = entrena_chart_font_new (chart->style, chart->base, PANGO_WEIGHT_BOLD);

  _entrena_chart_measure_text (chart, chart->font_small, "0123456789", NULL, &tick_h);
  _entrena_chart_measure_text (chart, chart->font_normal, _("Epoch"), NULL, &title_h);
  _entrena_chart_pill_size (chart, chart->font_bold, "Ag", &label_w, &header_h);

  /* The status banner shares the legend's row when both fit; the legend
   * starts where the plot does, which is not known yet, so assume the most
   * it could need. */
  chart->status = status_text (chart, &chart->status_fill);
  if (chart->data->n_overlays > 0)
    {
      /* A comparison's legend may take several rows; the banner gets its own. */
      chart->legend_rows = _entrena_chart_overlay_legend (chart, FALSE);
      chart->status_own_row = chart->status != NULL;
    }
  else if (chart->status != NULL)
    {
      LegendItem items[3];
      double legend_w;
      double status_w;

      legend_items (chart, items, &legend_w);
      _entrena_chart_pill_size (chart, chart->font_bold, chart->status, &status_w, NULL);
      chart->status_own_row = chart->width * 0.25 + legend_w + chart->base + status_w + chart->pad > chart->width;
    }

  top = chart->pad + header_h + chart->pad * 0.75;
  if (chart->legend_rows > 1)
    top += (chart->legend_rows - 1) * (header_h + chart->base * 0.3);
  if (chart->status_own_row)
    top += header_h + chart->base * 0.3;
  bottom = chart->height - chart->pad - title_h - chart->base * 0.3 - tick_h - chart->base * 0.3;
  geo->plot_y = top;
  geo->plot_height = bottom - top;

  /* Labels about 2.5 text lines apart keep the loss axis calm. */
  max_ticks = (guint) CLAMP (geo->plot_height / (tick_h * 2.5), 2, 10);
  if (data->kind == ENTRENA_CHART_ACCURACY)
    entrena_chart_axis_for_shares (&geo->y_axis, max_ticks);
  else if (data->n_overlays > 0)
    _entrena_chart_overlay_loss_axis (chart, max_ticks);
  else if (data->val_loss != NULL && data->n_epochs > 0)
    {
      /* The range of all three curves: training and validation losses
       * against the test losses twice. */
      guint n = data->n_epochs;
      g_autofree float *ours = g_new (float, 2 * n);
      g_autofree float *tests = data->test_loss != NULL ? g_new (float, 2 * n) : NULL;

      memcpy (ours, data->train_loss, n * sizeof (float));
      memcpy (ours + n, data->val_loss, n * sizeof (float));
      if (tests != NULL)
        {
          memcpy (tests, data->test_loss, n * sizeof (float));
          memcpy (tests + n, data->test_loss, n * sizeof (float));
        }
      entrena_chart_axis_for_losses (&geo->y_axis, ours, tests, 2 * n, data->log_scale, max_ticks);
    }
  else
    entrena_chart_axis_for_losses (&geo->y_axis, data->train_loss, data->n_epochs > 0 ? data->test_loss : NULL,
                                   data->n_epochs, data->log_scale, max_ticks);

  label_w = 0;
  for (guint i = 0; i < geo->y_axis.n_ticks; i++)
    {
      g_autofree char *text = y_tick_label (chart, geo->y_axis.ticks[i]);
      double w;

      _entrena_chart_measure_text (chart, chart->font_small, text, &w, NULL);
      label_w = MAX (label_w, w);
    }
  left = chart->pad + title_h + chart->base * 0.5 + label_w + chart->base * 0.4;

  /* The last epoch label is centred on the right edge; leave room for half. */
  widest = g_strdup_printf ("%u", total);
  _entrena_chart_measure_text (chart, chart->font_small, widest, &tick_w, NULL);
  right = MAX (chart->pad, tick_w / 2 + chart->pad * 0.5);

  geo->plot_x = left;
  geo->plot_width = chart->width - left - right;

  max_ticks = (guint) CLAMP (geo->plot_width / (tick_w + chart->base * 3), 1, 12);
  entrena_chart_axis_epochs (&geo->x_axis, total, max_ticks);

  return geo->plot_width >= 16 && geo->plot_height >= 16;
}

/* Parts of the chart, back to front */

static void
draw_grid (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartGeometry *geo = &chart->geo;
  double hairline = _entrena_chart_crisp_width (chart, 1);
  double left = geo->plot_x;
  double right = geo->plot_x + geo->plot_width;
  double bottom = geo->plot_y + geo->plot_height;
  double last_label = -G_MAXDOUBLE;
  double tick_h;

  cairo_save (cr);
  cairo_set_line_width (cr, hairline);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  _entrena_chart_measure_text (chart, chart->font_small, "0", NULL, &tick_h);

  /* Horizontal lines at the loss ticks, labelled on the left. */
  for (guint i = 0; i < chart->geo.y_axis.n_ticks; i++)
    {
      double value = geo->y_axis.ticks[i];
      double y = _entrena_chart_snap (chart, entrena_chart_geometry_loss_to_y (geo, value), 1);

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      entrena_draw_set_color (cr, &chart->style->grid, 1);
      cairo_stroke (cr);

      /* Uneven log ticks can crowd; drop a label rather than overlap. */
      if (last_label - y >= tick_h * 1.1 || i == 0)
        {
          g_autofree char *text = y_tick_label (chart, value);

          _entrena_chart_draw_text (chart, chart->font_small, text, left - chart->base * 0.4, y, 1, 0.5,
                                    &chart->style->foreground, 0.8);
          last_label = y;
        }
    }

  /* Vertical lines at the epoch ticks, fainter, labelled below. */
  last_label = -G_MAXDOUBLE;
  for (guint i = 0; i < geo->x_axis.n_ticks; i++)
    {
      double value = geo->x_axis.ticks[i];
      double x = _entrena_chart_snap (chart, entrena_chart_geometry_epoch_to_x (geo, value), 1);
      g_autofree char *text = entrena_chart_axis_format_tick (&geo->x_axis, value);
      double w;

      if (i > 0)
        {
          cairo_move_to (cr, x, geo->plot_y);
          cairo_line_to (cr, x, bottom);
          entrena_draw_set_color (cr, &chart->style->grid, 0.6);
          cairo_stroke (cr);
        }

      _entrena_chart_measure_text (chart, chart->font_small, text, &w, NULL);
      if (x - w / 2 >= last_label + chart->base * 0.5)
        {
          _entrena_chart_draw_text (chart, chart->font_small, text, x, bottom + chart->base * 0.3, 0.5, 0,
                                    &chart->style->foreground, 0.8);
          last_label = x + w / 2;
        }
    }

  /* The baseline, stronger than the grid. */
  {
    double y = _entrena_chart_snap (chart, bottom, 1);

    cairo_move_to (cr, left, y);
    cairo_line_to (cr, right, y);
    entrena_draw_set_color (cr, &chart->style->foreground, 0.55);
    cairo_stroke (cr);
  }

  cairo_restore (cr);
}

static void
draw_axis_titles (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartGeometry *geo = &chart->geo;
  /* Translators: the title of the loss chart's horizontal axis. */
  const char *x_title = _("Epoch");
  const char *y_title = y_axis_title (chart);

  _entrena_chart_draw_text (chart, chart->font_normal, x_title, geo->plot_x + geo->plot_width / 2,
                            chart->height - chart->pad, 0.5, 1, &chart->style->foreground, 1);

  /* The loss title reads bottom to top, centred on the plot. */
  cairo_save (cr);
  cairo_translate (cr, chart->pad, geo->plot_y + geo->plot_height / 2);
  cairo_rotate (cr, -G_PI / 2);
  pango_cairo_update_layout (cr, chart->layout);
  _entrena_chart_draw_text (chart, chart->font_normal, y_title, 0, 0, 0.5, 0, &chart->style->foreground, 1);
  cairo_restore (cr);
  pango_cairo_update_layout (cr, chart->layout);
}

static void
draw_header (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartStyle *style = chart->style;
  LegendItem items[3];
  guint n_items = chart->data->n_overlays > 0 ? 0 : legend_items (chart, items, NULL);
  double pill_w;
  double pill_h;
  double centre;
  double x = chart->geo.plot_x;

  _entrena_chart_pill_size (chart, chart->font_bold, "Ag", &pill_w, &pill_h);
  centre = chart->pad + pill_h / 2;
  if (chart->data->n_overlays > 0)
    _entrena_chart_overlay_legend (chart, TRUE);

  /* The legend, aligned with the plot: a short thick stroke per series. */
  for (guint i = 0; i < n_items; i++)
    {
      double sample = chart->base * 1.4;
      double w;

      cairo_move_to (cr, x, centre);
      cairo_line_to (cr, x + sample, centre);
      cairo_set_line_width (cr, chart->curve_width);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      entrena_draw_set_color (cr, items[i].color, 1);
      if (items[i].color == &style->validation)
        {
          double dashes[] = { sample * 0.3, sample * 0.25 };

          /* Dashed as its curve is; butt ends keep the gaps visible. */
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      x += sample + chart->base * 0.45;

      _entrena_chart_draw_text (chart, chart->font_normal, items[i].name, x, centre, 0, 0.5, &style->foreground, 1);
      _entrena_chart_measure_text (chart, chart->font_normal, items[i].name, &w, NULL);
      x += w + chart->base * 1.2;
    }

  if (chart->status != NULL)
    {
      gboolean neutral = chart->status_fill == &style->foreground;
      double y = chart->pad;

      if (chart->status_own_row)
        y += MAX (chart->legend_rows, 1) * (pill_h + chart->base * 0.3);
      _entrena_chart_pill_size (chart, chart->font_bold, chart->status, &pill_w, &pill_h);
      /* Progress is quiet (a faint tint, normal text); verdicts are solid. */
      _entrena_chart_draw_pill (chart, chart->font_bold, chart->status, MAX (chart->pad, chart->width - chart->pad - pill_w), y,
                                chart->status_fill, neutral ? 0.1 : 1, neutral ? &style->foreground : NULL);
    }
}

static void
draw_empty (Chart *chart)
{
  const EntrenaChartGeometry *geo = &chart->geo;
  const char *text = chart->data->kind == ENTRENA_CHART_ACCURACY ?
                     _("The accuracy curves appear here as training runs") :
                     _("The loss curve appears here as training runs");

  _entrena_chart_draw_text (chart, chart->font_normal, text,
                            geo->plot_x + geo->plot_width / 2, geo->plot_y + geo->plot_height / 2, 0.5, 0.5,
                            &chart->style->foreground, 0.6);
}

void
entrena_chart_draw (cairo_t                 *cr,
                    const EntrenaChartData  *data,
                    const EntrenaChartStyle *style,
                    double                   width,
                    double                   height,
                    double                   scale,
                    EntrenaChartGeometry    *geometry)
{
  Chart chart = { 0 };
  const float *train = NULL;
  const float *test = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (data->n_epochs == 0 || data->train_loss != NULL);
  g_return_if_fail (data->n_epochs == 0 || data->kind != ENTRENA_CHART_ACCURACY || data->train_accuracy != NULL);

  _entrena_chart_series (data, &train, &test);

  if (geometry != NULL)
    memset (geometry, 0, sizeof *geometry);
  if (!(width > 0) || !(height > 0) || !isfinite (width) || !isfinite (height))
    return;

  chart.cr = cr;
  chart.data = data;
  chart.style = style;
  chart.width = width;
  chart.height = height;
  chart.scale = scale > 0 && isfinite (scale) ? scale : 1;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);

  if (style->background.alpha > 0)
    {
      cairo_rectangle (cr, 0, 0, width, height);
      entrena_draw_set_color (cr, &style->background, 1);
      cairo_fill (cr);
    }

  chart.layout = entrena_chart_layout_new (cr, style);

  if (compute_layout (&chart))
    {
      draw_grid (&chart);
      draw_axis_titles (&chart);
      _entrena_chart_draw_divergence (&chart);
      if (data->n_epochs == 0 && data->empty_message)
        draw_empty (&chart);
      if (data->n_overlays > 0)
        _entrena_chart_draw_overlays (&chart);
      else
        {
          _entrena_chart_draw_series (&chart, test, &style->test);
          if (_entrena_chart_val_series (data) != NULL)
            {
              double dashes[] = { chart.base * 0.9, chart.base * 0.45 };

              cairo_save (cr);
              cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
              _entrena_chart_draw_series (&chart, _entrena_chart_val_series (data), &style->validation);
              cairo_restore (cr);
            }
          _entrena_chart_draw_series (&chart, train, &style->train);
        }
      /* Under the markers, whose labels stay readable across its line. */
      _entrena_chart_draw_cursor (&chart);
      /* The convergence and lowest-test-loss markers are about the loss. */
      if (data->kind == ENTRENA_CHART_LOSS)
        _entrena_chart_draw_markers (&chart);
      _entrena_chart_draw_early_stop (&chart);
      draw_header (&chart);
      _entrena_chart_draw_hover (&chart);

      if (geometry != NULL)
        *geometry = chart.geo;
    }

  g_clear_pointer (&chart.status, g_free);
  g_clear_pointer (&chart.font_small, pango_font_description_free);
  g_clear_pointer (&chart.font_normal, pango_font_description_free);
  g_clear_pointer (&chart.font_bold, pango_font_description_free);
  g_clear_object (&chart.layout);
  cairo_restore (cr);
}
