/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "entrena-draw.h"

G_BEGIN_DECLS

/* Theme colours for the widgets that draw with Cairo (the loss chart and the
 * confusion matrix). */

/* The first of the NULL-terminated @names the theme defines, else @fallback
 * (a colour gdk_rgba_parse() reads). */
void              entrena_theme_lookup_color    (GtkStyleContext    *context,
                                                 const char * const  names[],
                                                 const char         *fallback,
                                                 GdkRGBA            *rgba);

/* entrena_theme_lookup_color() with the names as the last arguments. */
#define ENTRENA_THEME_LOOKUP(context, fallback, rgba, ...) \
  entrena_theme_lookup_color ((context), (const char * const[]) { __VA_ARGS__, NULL }, (fallback), (rgba))

/* @rgba as the drawing helpers' colour. */
EntrenaChartColor entrena_chart_color_from_rgba (const GdkRGBA      *rgba);

G_END_DECLS
