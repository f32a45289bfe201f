/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart-theme"

#include "config.h"

#include <adwaita.h>

#include "entrena-chart-theme.h"

/* The first of the NULL-terminated @names the theme defines, else @fallback. */
static void
lookup_color (GtkStyleContext    *context,
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

#define LOOKUP(context, fallback, rgba, ...) \
  lookup_color ((context), (const char * const[]) { __VA_ARGS__, NULL }, (fallback), (rgba))

EntrenaChartColor
entrena_chart_color_from_rgba (const GdkRGBA *rgba)
{
  return (EntrenaChartColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

EntrenaChartColor
entrena_chart_theme_color (GtkStyleContext    *context,
                           const char * const  names[],
                           const char         *fallback)
{
  GdkRGBA rgba;

  lookup_color (context, names, fallback, &rgba);

  return entrena_chart_color_from_rgba (&rgba);
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
  GdkRGBA fg, window_bg, card_bg, surface, grid;

  if (dark)
    entrena_chart_style_init_dark (style);
  else
    entrena_chart_style_init_default (style);

  /* The chart sits on a card: its own background stays transparent, and labels
   * drawn over the curves get the card's colour, made opaque. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  LOOKUP (context, dark ? "#242424" : "#fafafa", &window_bg, "window_bg_color");
  LOOKUP (context, dark ? "#363636" : "#ffffff", &card_bg, "card_bg_color", "view_bg_color");
  window_bg.alpha = 1.0;
  surface = over (&card_bg, &window_bg);

  style->background = (EntrenaChartColor) { 0, 0, 0, 0 };
  style->foreground = entrena_chart_color_from_rgba (&fg);
  style->surface = entrena_chart_color_from_rgba (&surface);
  grid = fg;
  grid.alpha = high_contrast ? 0.35 : 0.12;
  style->grid = entrena_chart_color_from_rgba (&grid);

  /* Train in the accent colour, test in orange: they differ in hue and in
   * lightness, so they stay apart for colour-blind viewers and in greyscale. */
  style->train = ENTRENA_THEME_COLOR (context, dark ? "#78aeed" : "#1c71d8", "accent_color");
  if (dark)
    style->test = ENTRENA_THEME_COLOR (context, "#ffa348", "orange_2");
  else
    style->test = ENTRENA_THEME_COLOR (context, "#e66100", "orange_4");
  style->marker = ENTRENA_THEME_COLOR (context, dark ? "#8ff0a4" : "#1b8553", "success_color");
  if (dark)
    style->best = ENTRENA_THEME_COLOR (context, "#dc8add", "purple_2");
  else
    style->best = ENTRENA_THEME_COLOR (context, "#813d9c", "purple_4");
  style->danger = ENTRENA_THEME_COLOR (context, dark ? "#ff7b63" : "#c01c28", "error_color");
  style->warning = ENTRENA_THEME_COLOR (context, dark ? "#f8e45c" : "#9c6e03", "warning_color");

  g_clear_pointer (font_family, g_free);
  if (font != NULL && pango_font_description_get_family (font) != NULL)
    *font_family = g_strdup (pango_font_description_get_family (font));
  style->font_family = *font_family;
}

/* A font's size in pixels at @dpi. */
static double
font_pixels (const PangoFontDescription *font,
             double                      dpi)
{
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  if (!pango_font_description_get_size_is_absolute (font))
    size *= (dpi > 0 ? dpi : 96.0) / 72.0;

  return size;
}

double
entrena_chart_theme_zoom (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double dpi = pango_cairo_context_get_resolution (context);
  g_autofree char *name = NULL;
  g_autoptr(PangoFontDescription) desktop = NULL;
  double base;

  g_object_get (gtk_widget_get_settings (widget), "gtk-font-name", &name, NULL);
  if (font == NULL || name == NULL)
    return 1.0;
  desktop = pango_font_description_from_string (name);
  base = font_pixels (desktop, dpi);
  if (!(base > 0) || pango_font_description_get_size (font) <= 0)
    return 1.0;

  return CLAMP (font_pixels (font, dpi) / base, 0.5, 4.0);
}

double
entrena_chart_theme_font_scale (GtkWidget *widget,
                                int        width,
                                int        height)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double own = MIN (height / 36.0, width / 52.0);
  double ui;

  if (font == NULL || own <= 0)
    return 1.0;

  /* The zoom multiplies the whole chart on its own (the style's zoom): the
   * text follows the interface's unzoomed size here. */
  ui = font_pixels (font, pango_cairo_context_get_resolution (context)) / entrena_chart_theme_zoom (widget);

  return MAX (1.0, ui / own);
}
