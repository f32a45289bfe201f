/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "entrena-chart.h"

G_BEGIN_DECLS

/*
 * What the pictures other than the loss chart (the decision map, the
 * network) need to draw on any cairo context: the style, text laid out with
 * Pango at sizes that follow the picture's size, and the per-class colours.
 * No GTK.
 */

/* The text of every picture: the style's family at an absolute @size (in
 * user units, so text scales with the picture), laid out with unhinted
 * metrics so that it lands the same at every scale and in every export. */
PangoFontDescription *entrena_chart_font_new (const EntrenaChartStyle    *style,
                                              double                      size,
                                              PangoWeight                 weight);
/* A layout on @style's kept Pango context, else on a fresh one for @cr. */
PangoLayout *entrena_chart_layout_new        (cairo_t                    *cr,
                                              const EntrenaChartStyle    *style);
void         entrena_chart_text_measure      (PangoLayout                *layout,
                                              const PangoFontDescription *font,
                                              const char                 *text,
                                              double                     *width,
                                              double                     *height);
/* Shows @text with its (@align_x, @align_y) point at (@x, @y): 0 is the
 * left/top edge, 1 the right/bottom one. */
void         entrena_chart_text_show         (cairo_t                    *cr,
                                              PangoLayout                *layout,
                                              const PangoFontDescription *font,
                                              const char                 *text,
                                              double                      x,
                                              double                      y,
                                              double                      align_x,
                                              double                      align_y,
                                              const EntrenaChartColor    *color,
                                              double                      alpha);

/**
 * EntrenaChartCanvas:
 * @cr: where it draws
 * @style: colours and fonts
 * @width: the picture's width, in @cr's user units
 * @height: its height
 * @scale: device pixels per user unit
 * @base: the normal text size, following the picture's size
 * @pad: the outer margin
 * @layout: for text
 * @font_small: ticks and captions
 * @font_normal: titles and legends
 *
 * One drawing in progress.
 */
typedef struct
{
  cairo_t                 *cr;
  const EntrenaChartStyle *style;
  double                   width;
  double                   height;
  double                   scale;
  double                   base;
  double                   pad;
  PangoLayout             *layout;
  PangoFontDescription    *font_small;
  PangoFontDescription    *font_normal;
} EntrenaChartCanvas;

/* Saves @cr, clips to the picture, fills the background and readies the
 * fonts; %FALSE (and nothing to end) for an empty or invalid size. */
gboolean entrena_chart_canvas_begin   (EntrenaChartCanvas      *canvas,
                                       cairo_t                 *cr,
                                       const EntrenaChartStyle *style,
                                       double                   width,
                                       double                   height,
                                       double                   scale);
void     entrena_chart_canvas_end     (EntrenaChartCanvas      *canvas);

/* The colour of class @index: the Okabe–Ito palette, which stays apart for
 * colour-blind viewers; past its eight colours it repeats, darker. */
void     entrena_chart_class_color    (guint                    index,
                                       EntrenaChartColor       *color);

G_END_DECLS
