/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "entrena-chart.h"
#include "entrena-draw.h"

G_BEGIN_DECLS

/* Shared by the files that draw the loss chart: entrena-chart.c lays it out
 * and draws the frame around the plot, entrena-chart-plot.c what is inside. */

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
  guint                    legend_rows;     /* a comparison's legend rows, 0 otherwise */

  double base;         /* the normal text size */
  double pad;          /* the outer margin */
  double curve_width;  /* the loss curves */
  double marker_width; /* the dashed markers */

  EntrenaChartGeometry geo;
} Chart;

/* Centres a line of @line_width on device pixels: a line an odd number of
 * device pixels wide sits on a half pixel, an even one on a whole pixel. */
double _entrena_chart_snap            (const Chart                *chart,
                                       double                      v,
                                       double                      line_width);
/* The width of a line that is a whole number of device pixels, at least one. */
double _entrena_chart_crisp_width     (const Chart                *chart,
                                       double                      line_width);
void   _entrena_chart_measure_text    (Chart                      *chart,
                                       const PangoFontDescription *font,
                                       const char                 *text,
                                       double                     *width,
                                       double                     *height);
/* Shows @text with its (@align_x, @align_y) point at (@x, @y): 0 is the
 * left/top edge, 1 the right/bottom one. */
void   _entrena_chart_draw_text       (Chart                      *chart,
                                       const PangoFontDescription *font,
                                       const char                 *text,
                                       double                      x,
                                       double                      y,
                                       double                      align_x,
                                       double                      align_y,
                                       const EntrenaChartColor    *color,
                                       double                      alpha);
void   _entrena_chart_pill_size       (Chart                      *chart,
                                       const PangoFontDescription *font,
                                       const char                 *text,
                                       double                     *width,
                                       double                     *height);
/* A filled label; without @text_color the text takes black or white,
 * whichever reads better on @fill. */
void   _entrena_chart_draw_pill       (Chart                      *chart,
                                       const PangoFontDescription *font,
                                       const char                 *text,
                                       double                      x,
                                       double                      y,
                                       const EntrenaChartColor    *fill,
                                       double                      fill_alpha,
                                       const EntrenaChartColor    *text_color);

/* The parts inside the plotting area, back to front (entrena-chart-plot.c). */
void   _entrena_chart_draw_divergence (Chart                      *chart);
void   _entrena_chart_draw_series     (Chart                      *chart,
                                       const float                *values,
                                       const EntrenaChartColor    *color);
void   _entrena_chart_draw_markers    (Chart                      *chart);
/* "Stopped at N, weights from epoch M", on both kinds of chart. */
void   _entrena_chart_draw_early_stop (Chart                      *chart);
void   _entrena_chart_draw_hover      (Chart                      *chart);
void   _entrena_chart_draw_cursor     (Chart                      *chart);

/* The validation curve of the chart's kind, %NULL without one. */
const float *_entrena_chart_val_series (const EntrenaChartData *data);
/* Comparing runs (entrena-chart-overlay.c): the legend naming every run,
 * laid out in rows across the chart (drawn with @draw; returns the rows),
 * the loss axis over every run, and the curves, the current run's on top. */
guint  _entrena_chart_overlay_legend  (Chart                      *chart,
                                       gboolean                    draw);
void   _entrena_chart_overlay_loss_axis (Chart                    *chart,
                                       guint                       max_ticks);
void   _entrena_chart_draw_overlays   (Chart                      *chart);
/* A curve of @n values: @dashed for the runs past the palette's colours,
 * @lead_dot for the newest point of a run in progress. */
void   _entrena_chart_draw_curve      (Chart                      *chart,
                                       const float                *values,
                                       guint                       n,
                                       const EntrenaChartColor    *color,
                                       gboolean                    dashed,
                                       gboolean                    lead_dot);
/* The current run's curve that a comparison shows, or NULL. */
const float *_entrena_chart_current_curve (const EntrenaChartData *data);

/* The two curves of the chart's kind: the losses or the accuracies. */
void   _entrena_chart_series          (const EntrenaChartData     *data,
                                       const float               **train,
                                       const float               **test);

G_END_DECLS
