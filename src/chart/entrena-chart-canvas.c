/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <math.h>

#include "entrena-chart-canvas.h"

#define DEFAULT_FONT_FAMILY "Cantarell, sans-serif"

PangoFontDescription *
entrena_chart_font_new (const EntrenaChartStyle *style,
                        double                   size,
                        PangoWeight              weight)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, style->font_family != NULL ? style->font_family : DEFAULT_FONT_FAMILY);
  pango_font_description_set_weight (font, weight);
  /* Absolute sizes are in user units, so text scales with the picture. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);

  return font;
}

/* Unhinted metrics lay text out the same at every scale and in every export;
 * greyscale antialiasing is right on transparent backgrounds. */
static void
set_font_options (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
}

PangoContext *
entrena_chart_pango_context_new (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  set_font_options (context);

  return context;
}

PangoLayout *
entrena_chart_layout_new (cairo_t                 *cr,
                          const EntrenaChartStyle *style)
{
  PangoLayout *layout;

  /* A kept context only follows @cr's transformation and target: its fonts,
   * already looked up, stay (Pango notices when they must change). */
  if (style->pango_context != NULL)
    {
      pango_cairo_update_context (cr, style->pango_context);
      return pango_layout_new (style->pango_context);
    }

  layout = pango_cairo_create_layout (cr);
  set_font_options (pango_layout_get_context (layout));
  pango_layout_context_changed (layout);

  return layout;
}

/* How many laid-out texts a context keeps: the ticks, legends and pills of a
 * few charts, with room for the ticks to change as the axes grow. */
#define KEPT_LAYOUTS 512

/* The texts a chart draws are mostly the same from one frame to the next:
 * laid out once, they are kept with the context (while it lives, as the
 * windows' charts keep theirs), by font and text. Only for @layout's plain
 * settings: a width, an ellipsis or an alignment lays the text out anew. */
static PangoLayout *
kept_layout (PangoLayout                *layout,
             const PangoFontDescription *font,
             const char                 *text)
{
  PangoContext *context = pango_layout_get_context (layout);
  GHashTable *kept;
  g_autofree char *font_name = NULL;
  g_autofree char *key = NULL;
  PangoLayout *found;

  if (pango_layout_get_width (layout) != -1 || pango_layout_get_ellipsize (layout) != PANGO_ELLIPSIZE_NONE ||
      pango_layout_get_alignment (layout) != PANGO_ALIGN_LEFT)
    return NULL;

  kept = g_object_get_data (G_OBJECT (context), "entrena-chart-kept-layouts");
  if (kept == NULL)
    {
      kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_object_set_data_full (G_OBJECT (context), "entrena-chart-kept-layouts", kept,
                              (GDestroyNotify) g_hash_table_unref);
    }

  font_name = pango_font_description_to_string (font);
  key = g_strconcat (font_name, "\n", text, NULL);
  found = g_hash_table_lookup (kept, key);
  if (found == NULL)
    {
      if (g_hash_table_size (kept) >= KEPT_LAYOUTS)
        g_hash_table_remove_all (kept);
      found = pango_layout_new (context);
      pango_layout_set_font_description (found, font);
      pango_layout_set_text (found, text, -1);
      g_hash_table_insert (kept, g_steal_pointer (&key), found);
    }

  return found;
}

/* @layout, or the kept layout of @text, laid out in @font. */
static PangoLayout *
lay_out (PangoLayout                *layout,
         const PangoFontDescription *font,
         const char                 *text)
{
  PangoLayout *kept = kept_layout (layout, font, text);

  if (kept != NULL)
    return kept;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

void
entrena_chart_text_measure (PangoLayout                *layout,
                            const PangoFontDescription *font,
                            const char                 *text,
                            double                     *width,
                            double                     *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (lay_out (layout, font, text), NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

void
entrena_chart_text_show (cairo_t                    *cr,
                         PangoLayout                *layout,
                         const PangoFontDescription *font,
                         const char                 *text,
                         double                      x,
                         double                      y,
                         double                      align_x,
                         double                      align_y,
                         const EntrenaChartColor    *color,
                         double                      alpha)
{
  PangoLayout *shown = lay_out (layout, font, text);
  PangoRectangle logical;
  double w;
  double h;

  pango_layout_get_extents (shown, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;
  entrena_draw_set_color (cr, color, alpha);
  cairo_move_to (cr, x - w * align_x, y - h * align_y);
  pango_cairo_show_layout (cr, shown);
}

gboolean
entrena_chart_canvas_begin (EntrenaChartCanvas      *canvas,
                            cairo_t                 *cr,
                            const EntrenaChartStyle *style,
                            double                   width,
                            double                   height,
                            double                   scale)
{
  *canvas = (EntrenaChartCanvas) { 0 };
  if (!(width > 0) || !(height > 0) || !isfinite (width) || !isfinite (height))
    return FALSE;

  canvas->cr = cr;
  canvas->style = style;
  canvas->width = width;
  canvas->height = height;
  canvas->scale = scale > 0 && isfinite (scale) ? scale : 1;
  /* The loss chart's sizes: readable on a projector, never below 12 px, in
   * steps of 2 px, so that a chart made a little smaller or larger (the
   * results appearing under it, a window being resized) keeps its fonts and
   * the texts it has laid out. */
  canvas->base = MIN (40, MAX (12, 2 * floor (MIN (height / 36, width / 52) * MAX (style->font_scale, 0.1) / 2)));
  canvas->pad = round (canvas->base * 0.75);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (style->background.alpha > 0)
    {
      cairo_rectangle (cr, 0, 0, width, height);
      entrena_draw_set_color (cr, &style->background, 1);
      cairo_fill (cr);
    }

  canvas->layout = entrena_chart_layout_new (cr, style);
  canvas->font_small = entrena_chart_font_new (style, MAX (12, round (canvas->base * 0.85)), PANGO_WEIGHT_NORMAL);
  canvas->font_normal = entrena_chart_font_new (style, canvas->base, PANGO_WEIGHT_NORMAL);

  return TRUE;
}

void
entrena_chart_canvas_end (EntrenaChartCanvas *canvas)
{
  g_clear_pointer (&canvas->font_small, pango_font_description_free);
  g_clear_pointer (&canvas->font_normal, pango_font_description_free);
  g_clear_object (&canvas->layout);
  cairo_restore (canvas->cr);
}

void
entrena_chart_class_color (guint              index,
                           EntrenaChartColor *color)
{
  /* Okabe and Ito's colours for colour-blind readers, the darker blue first. */
  static const guint32 palette[] = {
    0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0xf0e442, 0x999999,
  };
  guint32 rgb = palette[index % G_N_ELEMENTS (palette)];
  double dim = 1.0 - 0.25 * ((index / G_N_ELEMENTS (palette)) % 3);

  color->red = ((rgb >> 16) & 0xff) / 255.0 * dim;
  color->green = ((rgb >> 8) & 0xff) / 255.0 * dim;
  color->blue = (rgb & 0xff) / 255.0 * dim;
  color->alpha = 1.0;
}
