/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-chart-canvas.h"
#include "entrena-map-chart.h"

/* Where the plane goes, in the picture's units. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} Rect;

/* A cell's colour: its class's, faded towards @paper as the network is less
 * sure; a sure cell keeps some of the paper too, so the dots over it read. */
static guint32
cell_pixel (const EntrenaChartColor *colour,
            const EntrenaChartColor *paper,
            double                   confidence,
            guint                    n_classes)
{
  double chance = 1.0 / n_classes;
  double sure = CLAMP ((confidence - chance) / (1.0 - chance), 0.0, 1.0);
  double t = 0.15 + 0.5 * sure;
  guint32 r = (guint32) round (255 * (paper->red + (colour->red - paper->red) * t));
  guint32 g = (guint32) round (255 * (paper->green + (colour->green - paper->green) * t));
  guint32 b = (guint32) round (255 * (paper->blue + (colour->blue - paper->blue) * t));

  return 0xff000000u | (r << 16) | (g << 8) | b;
}

static void
draw_cells (EntrenaChartCanvas       *canvas,
            const EntrenaDecisionMap *map,
            const Rect               *plot)
{
  g_autofree EntrenaChartColor *colours = g_new (EntrenaChartColor, map->plane->n_classes);
  const EntrenaChartColor *paper = &canvas->style->surface;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, map->size, map->size);
  cairo_pattern_t *pattern;
  guchar *pixels;
  int stride;

  for (guint c = 0; c < map->plane->n_classes; c++)
    entrena_chart_class_color (c, &colours[c]);

  cairo_surface_flush (image);
  pixels = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (guint row = 0; row < map->size; row++)
    {
      guint32 *line = (guint32 *) (pixels + (gsize) row * stride);

      for (guint column = 0; column < map->size; column++)
        {
          gsize cell = (gsize) row * map->size + column;

          line[column] = cell_pixel (&colours[map->classes[cell]], paper, map->confidence[cell],
                                     map->plane->n_classes);
        }
    }
  cairo_surface_mark_dirty (image);

  cairo_save (canvas->cr);
  cairo_rectangle (canvas->cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (canvas->cr);
  cairo_translate (canvas->cr, plot->x, plot->y);
  cairo_scale (canvas->cr, plot->width / map->size, plot->height / map->size);
  cairo_set_source_surface (canvas->cr, image, 0, 0);
  pattern = cairo_get_source (canvas->cr);
  /* Smooth between cell centres, and the edge cells reach the frame. */
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_paint (canvas->cr);
  cairo_restore (canvas->cr);
  cairo_surface_destroy (image);
}

static void
to_plot (const EntrenaMapPlane *plane,
         const Rect            *plot,
         const float           *point,
         double                *x,
         double                *y)
{
  *x = plot->x + (point[0] - plane->x_min) / (plane->x_max - plane->x_min) * plot->width;
  *y = plot->y + (plane->y_max - point[1]) / (plane->y_max - plane->y_min) * plot->height;
}

/* The mark of a test row the network gets wrong: an × of half-size @size. */
static void
add_cross (cairo_t *cr,
           double   x,
           double   y,
           double   size)
{
  cairo_move_to (cr, x - size, y - size);
  cairo_line_to (cr, x + size, y + size);
  cairo_move_to (cr, x + size, y - size);
  cairo_line_to (cr, x - size, y + size);
}

/* Strokes the crosses of the current path, around rings of radius @ring. */
static void
stroke_crosses (cairo_t                 *cr,
                const EntrenaChartColor *ink,
                double                   ring)
{
  entrena_draw_set_color (cr, ink, 1);
  cairo_set_line_width (cr, MAX (1.5, ring * 0.4));
  cairo_stroke (cr);
}

/* A training row, in the legend: a dot. */
static void
draw_dot (cairo_t                 *cr,
          double                   x,
          double                   y,
          double                   r,
          const EntrenaChartColor *fill,
          const EntrenaChartColor *ink)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  entrena_draw_set_color (cr, fill, 1);
  cairo_fill_preserve (cr);
  entrena_draw_set_color (cr, ink, 0.7);
  cairo_set_line_width (cr, MAX (1, r * 0.3));
  cairo_stroke (cr);
}

/* A test row, in the legend: a ring, crossed when the network gets it wrong. */
static void
draw_ring (cairo_t                 *cr,
           double                   x,
           double                   y,
           double                   r,
           const EntrenaChartColor *colour,
           const EntrenaChartColor *ink,
           gboolean                 wrong)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  entrena_draw_set_color (cr, ink, 0.8);
  cairo_set_line_width (cr, r * 0.8);
  cairo_stroke_preserve (cr);
  entrena_draw_set_color (cr, colour, 1);
  cairo_set_line_width (cr, r * 0.45);
  cairo_stroke (cr);
  if (!wrong)
    return;
  add_cross (cr, x, y, r * 1.5);
  stroke_crosses (cr, ink, r);
}

/* The rows over the plane as vectors (for SVG and PDF), a class at a time:
 * one path for all its dots, one for its rings, and one for every cross. */
static void
draw_point_paths (EntrenaChartCanvas       *canvas,
                  const EntrenaDecisionMap *map,
                  const Rect               *plot)
{
  const EntrenaMapPlane *plane = map->plane;
  const EntrenaChartColor *ink = &canvas->style->foreground;
  cairo_t *cr = canvas->cr;
  double r = MAX (2.5, canvas->base * 0.22);
  double ring = r * 1.3;
  double x, y;

  for (guint c = 0; c < plane->n_classes; c++)
    {
      EntrenaChartColor colour;

      entrena_chart_class_color (c, &colour);
      for (guint p = 0; p < plane->n_train_points; p++)
        {
          if (plane->train_classes[p] != c)
            continue;
          to_plot (plane, plot, plane->train_points + 2 * p, &x, &y);
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        }
      entrena_draw_set_color (cr, &colour, 1);
      cairo_fill_preserve (cr);
      entrena_draw_set_color (cr, ink, 0.7);
      cairo_set_line_width (cr, MAX (1, r * 0.3));
      cairo_stroke (cr);

      for (guint p = 0; p < plane->n_test_points; p++)
        {
          if (plane->test_classes[p] != c)
            continue;
          to_plot (plane, plot, plane->test_points + 2 * p, &x, &y);
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, ring, 0, 2 * G_PI);
        }
      entrena_draw_set_color (cr, ink, 0.8);
      cairo_set_line_width (cr, ring * 0.8);
      cairo_stroke_preserve (cr);
      entrena_draw_set_color (cr, &colour, 1);
      cairo_set_line_width (cr, ring * 0.45);
      cairo_stroke (cr);
    }

  for (guint p = 0; p < plane->n_test_points; p++)
    {
      if (map->test_predicted[p] == plane->test_classes[p])
        continue;
      to_plot (plane, plot, plane->test_points + 2 * p, &x, &y);
      add_cross (cr, x, y, ring * 1.5);
    }
  stroke_crosses (cr, ink, ring);
}

/* One mark (a dot, a ring or a cross) drawn once into an image at the
 * target's resolution, to be stamped wherever a row lies: @half is how far
 * the mark reaches from its centre, in user units. */
typedef struct
{
  cairo_surface_t *image;
  double           centre;  /* the mark's centre in the image, in user units */
  double           scale;
} Stamp;

static void
stamp_begin (Stamp    *stamp,
             double    half,
             double    scale,
             cairo_t **cr)
{
  int pixels = (int) ceil (half * scale) + 1;

  stamp->scale = scale;
  stamp->centre = pixels / scale;
  stamp->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * pixels, 2 * pixels);
  cairo_surface_set_device_scale (stamp->image, scale, scale);
  *cr = cairo_create (stamp->image);
}

/* Paints @stamp centred on (@x, @y), on the target's pixel grid: an image
 * moved by whole pixels is copied, not resampled. */
static void
stamp_paint (cairo_t     *cr,
             const Stamp *stamp,
             double       x,
             double       y)
{
  cairo_set_source_surface (cr, stamp->image,
                            round (x * stamp->scale) / stamp->scale - stamp->centre,
                            round (y * stamp->scale) / stamp->scale - stamp->centre);
  cairo_paint (cr);
}

/* The rows over the plane on a raster target (the window, PNG), in the same
 * order and marks as draw_point_paths(): every mark is an image stamped at
 * its row, because filling and stroking a path of thousands of circles costs
 * cairo tens of milliseconds at every redraw. */
static void
draw_point_stamps (EntrenaChartCanvas       *canvas,
                   const EntrenaDecisionMap *map,
                   const Rect               *plot)
{
  const EntrenaMapPlane *plane = map->plane;
  const EntrenaChartColor *ink = &canvas->style->foreground;
  cairo_t *cr = canvas->cr;
  double r = MAX (2.5, canvas->base * 0.22);
  double ring = r * 1.3;
  double scale = MAX (1.0, canvas->scale);
  Stamp cross;
  cairo_t *stamp_cr;
  double x, y;

  for (guint c = 0; c < plane->n_classes; c++)
    {
      EntrenaChartColor colour;
      Stamp dot;
      Stamp circle;

      entrena_chart_class_color (c, &colour);
      stamp_begin (&dot, r + MAX (1, r * 0.3), scale, &stamp_cr);
      draw_dot (stamp_cr, dot.centre, dot.centre, r, &colour, ink);
      cairo_destroy (stamp_cr);
      stamp_begin (&circle, ring * 1.5, scale, &stamp_cr);
      draw_ring (stamp_cr, circle.centre, circle.centre, ring, &colour, ink, FALSE);
      cairo_destroy (stamp_cr);

      for (guint p = 0; p < plane->n_train_points; p++)
        {
          if (plane->train_classes[p] != c)
            continue;
          to_plot (plane, plot, plane->train_points + 2 * p, &x, &y);
          stamp_paint (cr, &dot, x, y);
        }
      for (guint p = 0; p < plane->n_test_points; p++)
        {
          if (plane->test_classes[p] != c)
            continue;
          to_plot (plane, plot, plane->test_points + 2 * p, &x, &y);
          stamp_paint (cr, &circle, x, y);
        }
      cairo_surface_destroy (dot.image);
      cairo_surface_destroy (circle.image);
    }

  stamp_begin (&cross, ring * 1.5 + MAX (1.5, ring * 0.4), scale, &stamp_cr);
  add_cross (stamp_cr, cross.centre, cross.centre, ring * 1.5);
  stroke_crosses (stamp_cr, ink, ring);
  cairo_destroy (stamp_cr);
  for (guint p = 0; p < plane->n_test_points; p++)
    {
      if (map->test_predicted[p] == plane->test_classes[p])
        continue;
      to_plot (plane, plot, plane->test_points + 2 * p, &x, &y);
      stamp_paint (cr, &cross, x, y);
    }
  cairo_surface_destroy (cross.image);
}

/* The rows over the plane: training rows as dots, test rows as rings,
 * crossed where the network is wrong. */
static void
draw_points (EntrenaChartCanvas       *canvas,
             const EntrenaDecisionMap *map,
             const Rect               *plot)
{
  cairo_surface_type_t target = cairo_surface_get_type (cairo_get_target (canvas->cr));

  cairo_save (canvas->cr);
  cairo_rectangle (canvas->cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (canvas->cr);
  if (target == CAIRO_SURFACE_TYPE_IMAGE || target == CAIRO_SURFACE_TYPE_RECORDING)
    draw_point_stamps (canvas, map, plot);
  else
    draw_point_paths (canvas, map, plot);
  cairo_restore (canvas->cr);
}

static void
draw_axes (EntrenaChartCanvas       *canvas,
           const EntrenaDecisionMap *map,
           const Rect               *plot)
{
  const EntrenaMapPlane *plane = map->plane;
  const EntrenaChartStyle *style = canvas->style;
  cairo_t *cr = canvas->cr;
  EntrenaChartAxis x_axis;
  EntrenaChartAxis y_axis;
  double tick_h;

  entrena_chart_axis_fixed (&x_axis, plane->x_min, plane->x_max,
                            MAX (2, (guint) (plot->width / (canvas->base * 6))));
  entrena_chart_axis_fixed (&y_axis, plane->y_min, plane->y_max,
                            MAX (2, (guint) (plot->height / (canvas->base * 3))));
  entrena_chart_text_measure (canvas->layout, canvas->font_small, "0", NULL, &tick_h);

  cairo_set_line_width (cr, 1);
  entrena_draw_set_color (cr, &style->foreground, 0.5);
  cairo_rectangle (cr, plot->x + 0.5, plot->y + 0.5, plot->width - 1, plot->height - 1);
  cairo_stroke (cr);

  for (guint i = 0; i < x_axis.n_ticks; i++)
    {
      g_autofree char *label = entrena_chart_axis_format_tick (&x_axis, x_axis.ticks[i]);
      double x = plot->x + entrena_chart_axis_fraction (&x_axis, x_axis.ticks[i]) * plot->width;

      entrena_draw_set_color (cr, &style->foreground, 0.6);
      cairo_move_to (cr, x, plot->y + plot->height);
      cairo_line_to (cr, x, plot->y + plot->height + canvas->base * 0.3);
      cairo_stroke (cr);
      entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_small, label, x,
                               plot->y + plot->height + canvas->base * 0.35,
                               0.5, 0, &style->foreground, 0.85);
    }
  for (guint i = 0; i < y_axis.n_ticks; i++)
    {
      g_autofree char *label = entrena_chart_axis_format_tick (&y_axis, y_axis.ticks[i]);
      double y = plot->y + (1 - entrena_chart_axis_fraction (&y_axis, y_axis.ticks[i])) * plot->height;

      entrena_draw_set_color (cr, &style->foreground, 0.6);
      cairo_move_to (cr, plot->x - canvas->base * 0.3, y);
      cairo_line_to (cr, plot->x, y);
      cairo_stroke (cr);
      entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_small, label, plot->x - canvas->base * 0.4, y,
                               1, 0.5, &style->foreground, 0.85);
    }

  /* The axis titles: the columns' names. */
  entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_normal, plane->x_name, plot->x + plot->width / 2,
                           plot->y + plot->height + canvas->base * 0.5 + tick_h, 0.5, 0, &style->foreground, 1);
  cairo_save (cr);
  cairo_translate (cr, canvas->pad, plot->y + plot->height / 2);
  cairo_rotate (cr, -G_PI / 2);
  entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_normal, plane->y_name, 0, 0, 0.5, 0,
                           &style->foreground, 1);
  cairo_restore (cr);
}

/* The legend over the plane: each class's colour, then what dots, rings
 * and crosses are. */
static void
draw_legend (EntrenaChartCanvas       *canvas,
             const EntrenaDecisionMap *map,
             double                    left)
{
  const EntrenaMapPlane *plane = map->plane;
  const EntrenaChartColor *ink = &canvas->style->foreground;
  EntrenaChartColor grey = { 0.6, 0.6, 0.6, 1 };
  const char *marks[] = { C_("decision map legend", "training"), C_("decision map legend", "test"),
                          C_("decision map legend", "test, wrong") };
  double x = left;
  double y = canvas->pad;
  double h;
  double r;

  entrena_chart_text_measure (canvas->layout, canvas->font_normal, "Ag", NULL, &h);
  r = h * 0.3;
  for (guint c = 0; c < plane->n_classes; c++)
    {
      EntrenaChartColor colour;
      double w;

      entrena_chart_text_measure (canvas->layout, canvas->font_normal, plane->class_names[c], &w, NULL);
      if (x + h + w > canvas->width - canvas->pad)
        break;
      entrena_chart_class_color (c, &colour);
      entrena_draw_set_color (canvas->cr, &colour, 1);
      entrena_draw_rounded_rect (canvas->cr, x, y + h * 0.15, h * 0.7, h * 0.7, h * 0.15);
      cairo_fill (canvas->cr);
      entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_normal, plane->class_names[c],
                               x + h * 0.9, y, 0, 0, ink, 1);
      x += h * 0.9 + w + h;
    }
  for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
    {
      double w;

      entrena_chart_text_measure (canvas->layout, canvas->font_small, marks[m], &w, NULL);
      if (x + h + w > canvas->width - canvas->pad)
        break;
      if (m == 0)
        draw_dot (canvas->cr, x + r, y + h / 2, r, &grey, ink);
      else
        draw_ring (canvas->cr, x + r, y + h / 2, r * 0.8, &grey, ink, m == 2);
      entrena_chart_text_show (canvas->cr, canvas->layout, canvas->font_small, marks[m], x + r * 2 + h * 0.3,
                               y + h / 2, 0, 0.5, ink, 0.85);
      x += r * 2 + h * 0.3 + w + h * 0.8;
    }
}

void
entrena_map_chart_draw (cairo_t                  *cr,
                        const EntrenaDecisionMap *map,
                        const EntrenaChartStyle  *style,
                        double                    width,
                        double                    height,
                        double                    scale)
{
  EntrenaChartCanvas canvas;
  double tick_w = 0;
  double tick_h;
  double title_h;
  double caption_h = 0;
  Rect plot;

  g_return_if_fail (cr != NULL && map != NULL && style != NULL);

  if (!entrena_chart_canvas_begin (&canvas, cr, style, width, height, scale))
    return;

  entrena_chart_text_measure (canvas.layout, canvas.font_small, "0", NULL, &tick_h);
  entrena_chart_text_measure (canvas.layout, canvas.font_normal, "Ag", NULL, &title_h);
  for (int e = 0; e < 2; e++)
    {
      double edge = e == 0 ? map->plane->y_min : map->plane->y_max;
      g_autofree char *text = g_strdup_printf ("%.3g", edge);
      double w;

      entrena_chart_text_measure (canvas.layout, canvas.font_small, text, &w, NULL);
      tick_w = MAX (tick_w, w);
    }
  if (map->plane->held != NULL)
    caption_h = tick_h + canvas.base * 0.3;

  plot.x = canvas.pad + title_h + canvas.base * 0.5 + tick_w + canvas.base * 0.4;
  plot.y = canvas.pad + title_h + canvas.base * 0.6;
  plot.width = width - plot.x - canvas.pad;
  plot.height = height - plot.y - canvas.pad - tick_h - title_h - canvas.base * 0.6 - caption_h;
  if (plot.width < 20 || plot.height < 20)
    {
      entrena_chart_canvas_end (&canvas);
      return;
    }
  /* A square plane, centred: neither input looks stretched against the other. */
  if (plot.width > plot.height)
    {
      plot.x += (plot.width - plot.height) / 2;
      plot.width = plot.height;
    }
  else
    plot.height = plot.width;

  draw_legend (&canvas, map, MIN (plot.x, canvas.pad + title_h + canvas.base * 0.5));
  draw_cells (&canvas, map, &plot);
  draw_points (&canvas, map, &plot);
  draw_axes (&canvas, map, &plot);

  if (map->plane->held != NULL)
    {
      /* Translators: %s lists inputs and values, "age = 41, sex=female". */
      g_autofree char *caption = g_strdup_printf (_("Other inputs held at %s"), map->plane->held);

      pango_layout_set_width (canvas.layout, (int) ((width - 2 * canvas.pad) * PANGO_SCALE));
      pango_layout_set_ellipsize (canvas.layout, PANGO_ELLIPSIZE_END);
      entrena_chart_text_show (canvas.cr, canvas.layout, canvas.font_small, caption, canvas.pad,
                               height - canvas.pad, 0, 1,
                               &style->foreground, 0.75);
    }

  entrena_chart_canvas_end (&canvas);
}

void
entrena_map_chart_draw_func (cairo_t                 *cr,
                             gconstpointer            map,
                             const EntrenaChartStyle *style,
                             double                   width,
                             double                   height,
                             double                   scale)
{
  entrena_map_chart_draw (cr, map, style, width, height, scale);
}
