/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "entrena-chart.h"

G_BEGIN_DECLS

/* The GTK theme, for the widgets that draw with Cairo: the loss chart's
 * renderer style and the colours of the confusion matrix. */

/* @rgba as the drawing helpers' colour. */
EntrenaChartColor entrena_chart_color_from_rgba    (const GdkRGBA      *rgba);

/* The first of the NULL-terminated @names the theme defines, else @fallback
 * (a colour gdk_rgba_parse() reads), as the drawing helpers' colour. */
EntrenaChartColor entrena_chart_theme_color        (GtkStyleContext    *context,
                                                    const char * const  names[],
                                                    const char         *fallback);

/* entrena_chart_theme_color() with the names as the last arguments. */
#define ENTRENA_THEME_COLOR(context, fallback, ...) \
  entrena_chart_theme_color ((context), (const char * const[]) { __VA_ARGS__, NULL }, (fallback))

/* The loss chart's style from @widget's theme (light or dark, high contrast,
 * libadwaita's named colours) and font. The background stays transparent:
 * the chart sits on a card. @font_family (owned by the caller, replaced) keeps
 * the family name @style points to. */
void              entrena_chart_theme_style        (GtkWidget          *widget,
                                                    EntrenaChartStyle  *style,
                                                    char              **font_family);

/* The renderer sizes its text by the chart's size, for exports of any size.
 * In the window the text is never smaller than the rest of the interface, so
 * it follows the user's font size (and "Large Text"); a big chart on a
 * projector still grows it. Returns: the style's font_scale for a chart of
 * @width × @height in @widget */
double            entrena_chart_theme_font_scale   (GtkWidget          *widget,
                                                    int                 width,
                                                    int                 height);

/* The presentation zoom @widget is shown at: its font size against the
 * desktop's interface font (the window's zoom sets the first through CSS;
 * "Large Text" grows both alike). 1 when they are the same. */
double            entrena_chart_theme_zoom         (GtkWidget          *widget);

G_END_DECLS
