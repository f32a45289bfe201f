/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "entrena-chart.h"

#define DEFAULT_FONT_FAMILY "Cantarell, sans-serif"

/* Everything one drawing needs. Sizes are in the chart's user units
 * (logical pixels); @scale turns them into device pixels. */
typedef struct
{
  cairo_t                 *cr;
  const EntrenaChartData  *data;
  const EntrenaChartStyle *style;
  double                   width;
  double                   height;
  double                   scale;

  PangoLayout          *layout;
  PangoFontDescription *font_small;   /* ticks, marker labels, hover box */
  PangoFontDescription *font_normal;  /* axis titles, legend */
  PangoFontDescription *font_bold;    /* the status banner */

  char                    *status;          /* the banner's text, or NULL */
  const EntrenaChartColor *status_fill;
  gboolean                 status_own_row;  /* too narrow to share the legend's row */

  double base;         /* the normal text size */
  double pad;          /* the outer margin */
  double curve_width;  /* the loss curves */
  double marker_width; /* the dashed markers */

  EntrenaChartGeometry geo;
} Chart;

/* A label already placed, so the next can avoid it. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} Box;

static const EntrenaChartColor *
pick_text_on (const EntrenaChartColor *fill);

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
  };
}

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

void
entrena_chart_style_init_default (EntrenaChartStyle *style)
{
  g_return_if_fail (style != NULL);

  /* The GNOME palette, picked for a washed-out projector: the text is near
   * black, the curves are the saturated blue and orange, and the grid stays
   * visible without competing with them. */
  style->background = rgb (0xffffff);
  style->foreground = rgb (0x1e1e1e);
  style->grid = rgb (0xd8d8d8);
  style->surface = rgb (0xffffff);
  style->train = rgb (0x3584e4);  /* blue 3 */
  style->test = rgb (0xe66100);   /* orange 5 */
  style->marker = rgb (0x2ec27e); /* green 4 */
  style->best = rgb (0x9141ac);   /* purple 3 */
  style->danger = rgb (0xe01b24); /* red 3 */
  style->warning = rgb (0xe5a50a);
  style->font_family = NULL;
  style->font_scale = 1.0;
}

void
entrena_chart_style_init_dark (EntrenaChartStyle *style)
{
  g_return_if_fail (style != NULL);

  /* Libadwaita's dark window, with the lighter shades of each hue so the
   * curves keep their contrast against it. */
  style->background = rgb (0x242424);
  style->foreground = rgb (0xffffff);
  style->grid = rgb (0x484848);
  style->surface = rgb (0x383838);
  style->train = rgb (0x62a0ea);  /* blue 2 */
  style->test = rgb (0xff7800);   /* orange 3 */
  style->marker = rgb (0x33d17a); /* green 3 */
  style->best = rgb (0xc061cb);   /* purple 2 */
  style->danger = rgb (0xe01b24);
  style->warning = rgb (0xf5c211);
  style->font_family = NULL;
  style->font_scale = 1.0;
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

static void
set_color (cairo_t                 *cr,
           const EntrenaChartColor *color,
           double                   alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* Centres a line of @line_width on device pixels: a line an odd number of
 * device pixels wide sits on a half pixel, an even one on a whole pixel. */
static double
snap (const Chart *chart,
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
static double
crisp_width (const Chart *chart,
             double       line_width)
{
  return MAX (1, round (line_width * chart->scale)) / chart->scale;
}

static void
measure_text (Chart                      *chart,
              const PangoFontDescription *font,
              const char                 *text,
              double                     *width,
              double                     *height)
{
  PangoRectangle logical;

  pango_layout_set_font_description (chart->layout, font);
  pango_layout_set_text (chart->layout, text, -1);
  pango_layout_get_extents (chart->layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Shows @text with its (@align_x, @align_y) point at (@x, @y): 0 is the
 * left/top edge, 1 the right/bottom one. */
static void
draw_text (Chart                      *chart,
           const PangoFontDescription *font,
           const char                 *text,
           double                      x,
           double                      y,
           double                      align_x,
           double                      align_y,
           const EntrenaChartColor    *color,
           double                      alpha)
{
  double w;
  double h;

  measure_text (chart, font, text, &w, &h);
  set_color (chart->cr, color, alpha);
  cairo_move_to (chart->cr, x - w * align_x, y - h * align_y);
  pango_cairo_show_layout (chart->cr, chart->layout);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
pill_size (Chart                      *chart,
           const PangoFontDescription *font,
           const char                 *text,
           double                     *width,
           double                     *height)
{
  double w;
  double h;

  measure_text (chart, font, text, &w, &h);
  if (width != NULL)
    *width = w + h * 0.9;
  if (height != NULL)
    *height = h * 1.35;
}

/* A filled label. The text takes black or white, whichever reads better on
 * @fill, so theme colours of any lightness work. */
static void
draw_pill (Chart                      *chart,
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

  pill_size (chart, font, text, &w, &h);
  rounded_rect (chart->cr, x, y, w, h, h * 0.3);
  set_color (chart->cr, fill, fill_alpha);
  cairo_fill (chart->cr);
  if (text_color == NULL)
    text_color = pick_text_on (fill);
  draw_text (chart, font, text, x + w / 2, y + h / 2, 0.5, 0.5, text_color, 1);
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

/* Layout */

static PangoFontDescription *
make_font (const EntrenaChartStyle *style,
           double                   size,
           PangoWeight              weight)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, style->font_family != NULL ? style->font_family : DEFAULT_FONT_FAMILY);
  pango_font_description_set_weight (font, weight);
  /* Absolute sizes are in user units, so text scales with the chart. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);

  return font;
}

static const char *
y_axis_title (const Chart *chart)
{
  return chart->data->log_scale ? _("Loss (log scale)") : _("Loss");
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
              LegendItem  items[2],
              double     *width)
{
  guint n = chart->data->test_loss != NULL ? 2 : 1;

  items[0] = (LegendItem) { _("Train loss"), &chart->style->train };
  items[1] = (LegendItem) { _("Test loss"), &chart->style->test };

  if (width != NULL)
    {
      *width = 0;
      for (guint i = 0; i < n; i++)
        {
          double w;

          measure_text (chart, chart->font_normal, items[i].name, &w, NULL);
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

  /* Text sized from the chart, so it reads from the back of a classroom:
   * about 22 px at 1280×800, never below 12 px. */
  chart->base = MAX (12, MIN (chart->height / 36, chart->width / 52) * MAX (chart->style->font_scale, 0.1));
  chart->base = MIN (chart->base, 40);
  chart->pad = round (chart->base * 0.75);
  chart->curve_width = MAX (2.5, chart->base * 0.14);
  chart->marker_width = MAX (2, round (chart->base * 0.1));

  /* Tick labels are a little smaller, but never below 12 px either. */
  chart->font_small = make_font (chart->style, MAX (12, round (chart->base * 0.85)), PANGO_WEIGHT_NORMAL);
  chart->font_normal = make_font (chart->style, chart->base, PANGO_WEIGHT_NORMAL);
  chart->font_bold = make_font (chart->style, chart->base, PANGO_WEIGHT_BOLD);

  measure_text (chart, chart->font_small, "0123456789", NULL, &tick_h);
  measure_text (chart, chart->font_normal, _("Epoch"), NULL, &title_h);
  pill_size (chart, chart->font_bold, "Ag", &label_w, &header_h);

  /* The status banner shares the legend's row when both fit; the legend
   * starts where the plot does, which is not known yet, so assume the most
   * it could need. */
  chart->status = status_text (chart, &chart->status_fill);
  if (chart->status != NULL)
    {
      LegendItem items[2];
      double legend_w;
      double status_w;

      legend_items (chart, items, &legend_w);
      pill_size (chart, chart->font_bold, chart->status, &status_w, NULL);
      chart->status_own_row = chart->width * 0.25 + legend_w + chart->base + status_w + chart->pad > chart->width;
    }

  top = chart->pad + header_h + chart->pad * 0.75;
  if (chart->status_own_row)
    top += header_h + chart->base * 0.3;
  bottom = chart->height - chart->pad - title_h - chart->base * 0.3 - tick_h - chart->base * 0.3;
  geo->plot_y = top;
  geo->plot_height = bottom - top;

  /* Labels about 2.5 text lines apart keep the loss axis calm. */
  max_ticks = (guint) CLAMP (geo->plot_height / (tick_h * 2.5), 2, 10);
  entrena_chart_axis_for_losses (&geo->y_axis, data->train_loss, data->n_epochs > 0 ? data->test_loss : NULL,
                                 data->n_epochs, data->log_scale, max_ticks);

  label_w = 0;
  for (guint i = 0; i < geo->y_axis.n_ticks; i++)
    {
      g_autofree char *text = entrena_chart_axis_format_tick (&geo->y_axis, geo->y_axis.ticks[i]);
      double w;

      measure_text (chart, chart->font_small, text, &w, NULL);
      label_w = MAX (label_w, w);
    }
  left = chart->pad + title_h + chart->base * 0.5 + label_w + chart->base * 0.4;

  /* The last epoch label is centred on the right edge; leave room for half. */
  widest = g_strdup_printf ("%u", total);
  measure_text (chart, chart->font_small, widest, &tick_w, NULL);
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
  double hairline = crisp_width (chart, 1);
  double left = geo->plot_x;
  double right = geo->plot_x + geo->plot_width;
  double bottom = geo->plot_y + geo->plot_height;
  double last_label = -G_MAXDOUBLE;
  double tick_h;

  cairo_save (cr);
  cairo_set_line_width (cr, hairline);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  measure_text (chart, chart->font_small, "0", NULL, &tick_h);

  /* Horizontal lines at the loss ticks, labelled on the left. */
  for (guint i = 0; i < chart->geo.y_axis.n_ticks; i++)
    {
      double value = geo->y_axis.ticks[i];
      double y = snap (chart, entrena_chart_geometry_loss_to_y (geo, value), 1);

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      set_color (cr, &chart->style->grid, 1);
      cairo_stroke (cr);

      /* Uneven log ticks can crowd; drop a label rather than overlap. */
      if (last_label - y >= tick_h * 1.1 || i == 0)
        {
          g_autofree char *text = entrena_chart_axis_format_tick (&geo->y_axis, value);

          draw_text (chart, chart->font_small, text, left - chart->base * 0.4, y, 1, 0.5,
                     &chart->style->foreground, 0.8);
          last_label = y;
        }
    }

  /* Vertical lines at the epoch ticks, fainter, labelled below. */
  last_label = -G_MAXDOUBLE;
  for (guint i = 0; i < geo->x_axis.n_ticks; i++)
    {
      double value = geo->x_axis.ticks[i];
      double x = snap (chart, entrena_chart_geometry_epoch_to_x (geo, value), 1);
      g_autofree char *text = entrena_chart_axis_format_tick (&geo->x_axis, value);
      double w;

      if (i > 0)
        {
          cairo_move_to (cr, x, geo->plot_y);
          cairo_line_to (cr, x, bottom);
          set_color (cr, &chart->style->grid, 0.6);
          cairo_stroke (cr);
        }

      measure_text (chart, chart->font_small, text, &w, NULL);
      if (x - w / 2 >= last_label + chart->base * 0.5)
        {
          draw_text (chart, chart->font_small, text, x, bottom + chart->base * 0.3, 0.5, 0,
                     &chart->style->foreground, 0.8);
          last_label = x + w / 2;
        }
    }

  /* The baseline, stronger than the grid. */
  {
    double y = snap (chart, bottom, 1);

    cairo_move_to (cr, left, y);
    cairo_line_to (cr, right, y);
    set_color (cr, &chart->style->foreground, 0.55);
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

  draw_text (chart, chart->font_normal, x_title, geo->plot_x + geo->plot_width / 2,
             chart->height - chart->pad, 0.5, 1, &chart->style->foreground, 1);

  /* The loss title reads bottom to top, centred on the plot. */
  cairo_save (cr);
  cairo_translate (cr, chart->pad, geo->plot_y + geo->plot_height / 2);
  cairo_rotate (cr, -G_PI / 2);
  pango_cairo_update_layout (cr, chart->layout);
  draw_text (chart, chart->font_normal, y_title, 0, 0, 0.5, 0, &chart->style->foreground, 1);
  cairo_restore (cr);
  pango_cairo_update_layout (cr, chart->layout);
}

static void
draw_divergence (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartGeometry *geo = &chart->geo;
  double right = geo->plot_x + geo->plot_width;
  double x;
  double line_width = chart->marker_width;

  if (chart->data->state != ENTRENA_CONVERGENCE_DIVERGED || chart->data->diverged_epoch == 0)
    return;

  x = entrena_chart_geometry_epoch_to_x (geo, MIN (chart->data->diverged_epoch, geo->x_axis.max));
  x = snap (chart, x, line_width);

  /* Everything from the blow-up on is tinted: nothing there is learning. */
  cairo_rectangle (cr, x, geo->plot_y, MAX (right - x, 0), geo->plot_height);
  set_color (cr, &chart->style->danger, 0.12);
  cairo_fill (cr);

  cairo_move_to (cr, x, geo->plot_y);
  cairo_line_to (cr, x, geo->plot_y + geo->plot_height);
  cairo_set_line_width (cr, crisp_width (chart, line_width));
  set_color (cr, &chart->style->danger, 1);
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
  set_color (cr, &chart->style->surface, 1);
  cairo_fill (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  set_color (cr, fill, 1);
  cairo_fill (cr);
}

static void
draw_series (Chart                   *chart,
             const float             *values,
             const EntrenaChartColor *color)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartGeometry *geo = &chart->geo;
  guint n = chart->data->n_epochs;
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
  set_color (cr, color, 1);
  cairo_stroke (cr);

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
  if (chart->data->running && isfinite (values[n - 1]))
    draw_dot (chart, entrena_chart_geometry_epoch_to_x (geo, n),
              clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, values[n - 1])),
              chart->curve_width * 1.5, color);

  cairo_restore (cr);
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

  pill_size (chart, chart->font_small, text, &w, &h);
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

  draw_pill (chart, chart->font_small, text, box.x, box.y, fill, 1, NULL);
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
  cairo_set_line_width (cr, crisp_width (chart, chart->marker_width));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (cr, dashes, n_dashes, 0);
  set_color (cr, color, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_markers (Chart *chart)
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

      converged_x = snap (chart, entrena_chart_geometry_epoch_to_x (geo, data->suggested_epoch), chart->marker_width);
      draw_marker_line (chart, converged_x, &style->marker, dashes, G_N_ELEMENTS (dashes));
    }

  if (show_best)
    {
      double dashes[] = { chart->base * 0.15, chart->base * 0.25 };
      float loss = data->test_loss[data->best_test_epoch - 1];

      best_x = snap (chart, entrena_chart_geometry_epoch_to_x (geo, data->best_test_epoch), chart->marker_width);
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

static void
draw_header (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartStyle *style = chart->style;
  LegendItem items[2];
  guint n_items = legend_items (chart, items, NULL);
  double pill_w;
  double pill_h;
  double centre;
  double x = chart->geo.plot_x;

  pill_size (chart, chart->font_bold, "Ag", &pill_w, &pill_h);
  centre = chart->pad + pill_h / 2;

  /* The legend, aligned with the plot: a short thick stroke per series. */
  for (guint i = 0; i < n_items; i++)
    {
      double sample = chart->base * 1.4;
      double w;

      cairo_move_to (cr, x, centre);
      cairo_line_to (cr, x + sample, centre);
      cairo_set_line_width (cr, chart->curve_width);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      set_color (cr, items[i].color, 1);
      cairo_stroke (cr);
      x += sample + chart->base * 0.45;

      draw_text (chart, chart->font_normal, items[i].name, x, centre, 0, 0.5, &style->foreground, 1);
      measure_text (chart, chart->font_normal, items[i].name, &w, NULL);
      x += w + chart->base * 1.2;
    }

  if (chart->status != NULL)
    {
      gboolean neutral = chart->status_fill == &style->foreground;
      double y = chart->pad;

      if (chart->status_own_row)
        y += pill_h + chart->base * 0.3;
      pill_size (chart, chart->font_bold, chart->status, &pill_w, &pill_h);
      /* Progress is quiet (a faint tint, normal text); verdicts are solid. */
      draw_pill (chart, chart->font_bold, chart->status, MAX (chart->pad, chart->width - chart->pad - pill_w), y,
                 chart->status_fill, neutral ? 0.1 : 1, neutral ? &style->foreground : NULL);
    }
}

static void
draw_empty (Chart *chart)
{
  const EntrenaChartGeometry *geo = &chart->geo;

  draw_text (chart, chart->font_normal, _("The loss curve appears here as training runs"),
             geo->plot_x + geo->plot_width / 2, geo->plot_y + geo->plot_height / 2, 0.5, 0.5,
             &chart->style->foreground, 0.6);
}

static void
draw_hover (Chart *chart)
{
  cairo_t *cr = chart->cr;
  const EntrenaChartData *data = chart->data;
  const EntrenaChartGeometry *geo = &chart->geo;
  const EntrenaChartStyle *style = chart->style;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;
  g_autofree char *text = NULL;
  double values[2];
  const EntrenaChartColor *colors[2] = { &style->train, &style->test };
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

  x = snap (chart, entrena_chart_geometry_epoch_to_x (geo, e), 1);
  cairo_move_to (cr, x, geo->plot_y);
  cairo_line_to (cr, x, geo->plot_y + geo->plot_height);
  cairo_set_line_width (cr, crisp_width (chart, 1));
  set_color (cr, &style->foreground, 0.5);
  cairo_stroke (cr);

  values[0] = data->train_loss[e - 1];
  values[1] = data->test_loss != NULL ? data->test_loss[e - 1] : NAN;
  /* Test first, so the train dot stays on top, like the train curve. */
  for (int s = 1; s >= 0; s--)
    {
      double y;

      if (!isfinite (values[s]))
        continue;
      y = clamp_y (chart, entrena_chart_geometry_loss_to_y (geo, values[s]));
      draw_dot (chart, x, y, chart->curve_width * 1.4, colors[s]);
      y_top = MIN (y_top, y);
      y_bottom = MAX (y_bottom, y);
    }

  train = format_loss (values[0]);
  if (data->test_loss != NULL)
    {
      test = format_loss (values[1]);
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

  measure_text (chart, chart->font_small, text, &text_w, &text_h);
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
  rounded_rect (cr, box_x, box_y + 2, box_w, box_h, text_h * 0.35);
  set_color (cr, &style->foreground, 0.12);
  cairo_fill (cr);
  rounded_rect (cr, box_x, box_y, box_w, box_h, text_h * 0.35);
  set_color (cr, &style->surface, 1);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, crisp_width (chart, 1));
  set_color (cr, &style->foreground, 0.25);
  cairo_stroke (cr);
  draw_text (chart, chart->font_small, text, box_x + box_w / 2, box_y + box_h / 2, 0.5, 0.5,
             &style->foreground, 1);
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
  cairo_font_options_t *options;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (data->n_epochs == 0 || data->train_loss != NULL);

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
      set_color (cr, &style->background, 1);
      cairo_fill (cr);
    }

  chart.layout = pango_cairo_create_layout (cr);
  /* Unhinted metrics lay text out the same at every scale and in every
   * export; greyscale antialiasing is right on transparent backgrounds. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (pango_layout_get_context (chart.layout), options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (chart.layout);

  if (compute_layout (&chart))
    {
      draw_grid (&chart);
      draw_axis_titles (&chart);
      draw_divergence (&chart);
      if (data->n_epochs == 0 && data->empty_message)
        draw_empty (&chart);
      draw_series (&chart, data->test_loss, &style->test);
      draw_series (&chart, data->train_loss, &style->train);
      draw_markers (&chart);
      draw_header (&chart);
      draw_hover (&chart);

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

/* For screen readers */

static char *
describe_loss (double loss)
{
  if (isnan (loss))
    /* Translators: a loss that is not a number, in the chart's description. */
    return g_strdup (_("not a number"));
  if (isinf (loss))
    /* Translators: an infinite loss, in the chart's description. */
    return g_strdup (_("infinite"));
  return g_strdup_printf ("%.3g", loss);
}

char *
entrena_chart_describe (const EntrenaChartData *data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint n;
  guint total;

  g_return_val_if_fail (data != NULL, NULL);

  n = data->n_epochs;
  total = MAX (data->total_epochs, n);

  if (n == 0 || data->train_loss == NULL)
    return g_strdup (_("Loss chart. No training yet."));

  /* Each sentence is translated whole; the paragraph only joins them. */
  /* Translators: the first sentence of the loss chart's description for
   * screen readers; the first %u is the latest epoch, the second the total. */
  g_string_append_printf (text, _("Loss chart, epoch %u of %u."), n, total);

  {
    g_autofree char *train = describe_loss (data->train_loss[n - 1]);

    g_string_append_c (text, ' ');
    if (data->test_loss != NULL)
      {
        g_autofree char *test = describe_loss (data->test_loss[n - 1]);

        /* Translators: in the loss chart's description; both %s are losses. */
        g_string_append_printf (text, _("Latest training loss %s, test loss %s."), train, test);
      }
    else
      {
        /* Translators: in the loss chart's description; %s is a loss. */
        g_string_append_printf (text, _("Latest training loss %s."), train);
      }
  }

  g_string_append_c (text, ' ');
  switch (data->state)
    {
    case ENTRENA_CONVERGENCE_DIVERGED:
      if (data->diverged_epoch > 0)
        /* Translators: in the loss chart's description; %u is an epoch. */
        g_string_append_printf (text, _("Training diverged at epoch %u: the loss blew up. "
                                        "A lower learning rate usually helps."),
                                data->diverged_epoch);
      else
        g_string_append (text, _("Training diverged: the loss blew up. A lower learning rate usually helps."));
      break;

    case ENTRENA_CONVERGENCE_CONVERGED:
      if (data->suggested_epoch > 0)
        /* Translators: in the loss chart's description; %u is an epoch. */
        g_string_append_printf (text, _("The loss converged at about epoch %u: more epochs gain little."),
                                data->suggested_epoch);
      else
        g_string_append (text, _("The loss converged: more epochs gain little."));
      break;

    case ENTRENA_CONVERGENCE_STILL_IMPROVING:
    default:
      if (data->running)
        g_string_append (text, _("Training is running and the loss is still falling."));
      else
        g_string_append (text, _("The loss is still improving: training longer would help."));
      break;
    }

  if (data->best_test_epoch > 0 && data->test_loss != NULL && data->best_test_epoch <= n)
    {
      g_autofree char *best = describe_loss (data->test_loss[data->best_test_epoch - 1]);

      g_string_append_c (text, ' ');
      /* Translators: in the loss chart's description; %u is an epoch and %s a loss. */
      g_string_append_printf (text, _("The lowest test loss, %s, was at epoch %u."), best, data->best_test_epoch);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
