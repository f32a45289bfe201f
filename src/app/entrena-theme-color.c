/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-theme-color"

#include "config.h"

#include "entrena-theme-color.h"

void
entrena_theme_lookup_color (GtkStyleContext    *context,
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
