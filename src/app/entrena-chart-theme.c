/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart-theme"

#include "config.h"

#include <adwaita.h>

#include "entrena-chart-theme.h"

void
entrena_chart_theme_lookup_color (GtkStyleContext    *context,
                                  const char * const  names[],
                                  const char         *fallback,
                                  GdkRGBA            *rgba)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (gtk_style_context_lookup_color (context, names[i], rgba))
        return;
    }

  gdk_rgba_parse (rgba, fallback);
}

EntrenaChartColor
entrena_chart_color_from_rgba (const GdkRGBA *rgba)
{
  return (EntrenaChartColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

/* @top composited over an opaque @bottom. */
static GdkRGBA
over (const GdkRGBA *top,
      const GdkRGBA *bottom)
{
  GdkRGBA out = {
    top->red * top->alpha + bottom->red * (1 - top->alpha),
    top->green * top->alpha + bottom->green * (1 - top->alpha),
    top->blue * top->alpha + bottom->blue * (1 - top->alpha),
    1.0,
  };

  return out;
}

void
entrena_chart_theme_style (GtkWidget          *widget,
                           EntrenaChartStyle  *style,
                           char              **font_family)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gboolean high_contrast = adw_style_manager_get_high_contrast (manager);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (pango);
  GdkRGBA fg, window_bg, card_bg, surface, rgba;

  if (dark)
    entrena_chart_style_init_dark (style);
  else
    entrena_chart_style_init_default (style);

  /* The chart sits on a card: its own background stays transparent, and labels
   * drawn over the curves get the card's colour, made opaque. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  ENTRENA_THEME_LOOKUP (context, dark ? "#242424" : "#fafafa", &window_bg, "window_bg_color");
  ENTRENA_THEME_LOOKUP (context, dark ? "#363636" : "#ffffff", &card_bg, "card_bg_color", "view_bg_color");
  window_bg.alpha = 1.0;
  surface = over (&card_bg, &window_bg);

  style->background = (EntrenaChartColor) { 0, 0, 0, 0 };
  style->foreground = entrena_chart_color_from_rgba (&fg);
  style->surface = entrena_chart_color_from_rgba (&surface);
  rgba = fg;
  rgba.alpha = high_contrast ? 0.35 : 0.12;
  style->grid = entrena_chart_color_from_rgba (&rgba);

  /* Train in the accent colour, test in orange: they differ in hue and in
   * lightness, so they stay apart for colour-blind viewers and in greyscale. */
  ENTRENA_THEME_LOOKUP (context, dark ? "#78aeed" : "#1c71d8", &rgba, "accent_color");
  style->train = entrena_chart_color_from_rgba (&rgba);
  if (dark)
    ENTRENA_THEME_LOOKUP (context, "#ffa348", &rgba, "orange_2");
  else
    ENTRENA_THEME_LOOKUP (context, "#e66100", &rgba, "orange_4");
  style->test = entrena_chart_color_from_rgba (&rgba);
  ENTRENA_THEME_LOOKUP (context, dark ? "#8ff0a4" : "#1b8553", &rgba, "success_color");
  style->marker = entrena_chart_color_from_rgba (&rgba);
  if (dark)
    ENTRENA_THEME_LOOKUP (context, "#dc8add", &rgba, "purple_2");
  else
    ENTRENA_THEME_LOOKUP (context, "#813d9c", &rgba, "purple_4");
  style->best = entrena_chart_color_from_rgba (&rgba);
  ENTRENA_THEME_LOOKUP (context, dark ? "#ff7b63" : "#c01c28", &rgba, "error_color");
  style->danger = entrena_chart_color_from_rgba (&rgba);
  ENTRENA_THEME_LOOKUP (context, dark ? "#f8e45c" : "#9c6e03", &rgba, "warning_color");
  style->warning = entrena_chart_color_from_rgba (&rgba);

  g_clear_pointer (font_family, g_free);
  if (font != NULL && pango_font_description_get_family (font) != NULL)
    *font_family = g_strdup (pango_font_description_get_family (font));
  style->font_family = *font_family;
}

double
entrena_chart_theme_font_scale (GtkWidget *widget,
                                int        width,
                                int        height)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double own = MIN (height / 36.0, width / 52.0);
  double dpi = pango_cairo_context_get_resolution (context);
  double ui;

  if (font == NULL || own <= 0)
    return 1.0;

  ui = pango_font_description_get_size (font) / (double) PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute (font))
    ui *= (dpi > 0 ? dpi : 96.0) / 72.0;

  return MAX (1.0, ui / own);
}
