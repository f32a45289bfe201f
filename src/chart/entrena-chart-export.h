/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-chart.h"

G_BEGIN_DECLS

typedef enum
{
  ENTRENA_CHART_FORMAT_GUESS,
  ENTRENA_CHART_FORMAT_PNG,
  ENTRENA_CHART_FORMAT_SVG,
  ENTRENA_CHART_FORMAT_PDF,
} EntrenaChartFormat;

/* The format a file name's extension names (case-insensitive .png, .svg,
 * .pdf), or %ENTRENA_CHART_FORMAT_GUESS when it names none of them. */
EntrenaChartFormat entrena_chart_format_from_filename (const char *filename);

/**
 * entrena_chart_export_to_bytes:
 * @data: what to draw
 * @style: colours and fonts
 * @format: PNG, SVG or PDF (not %ENTRENA_CHART_FORMAT_GUESS)
 * @width: the chart's width: logical pixels for PNG, points for SVG and PDF
 * @height: the chart's height, likewise
 * @scale: PNG only: device pixels per logical pixel (2 for a HiDPI image
 *   of the same layout); vector formats ignore it
 * @error: return location for a #GError
 *
 * Renders the chart into a file's contents, in memory.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set
 */
GBytes  *entrena_chart_export_to_bytes (const EntrenaChartData  *data,
                                        const EntrenaChartStyle *style,
                                        EntrenaChartFormat       format,
                                        int                      width,
                                        int                      height,
                                        double                   scale,
                                        GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_chart_export:
 * @data: what to draw
 * @style: colours and fonts
 * @file: where to write
 * @format: PNG, SVG or PDF, or %ENTRENA_CHART_FORMAT_GUESS to take it from
 *   @file's extension
 * @width: the chart's width: logical pixels for PNG, points for SVG and PDF
 * @height: the chart's height, likewise
 * @scale: PNG only: device pixels per logical pixel
 * @error: return location for a #GError
 *
 * Writes the chart to @file atomically: it is rendered in memory and then
 * written with entrena_atomic_write(), which writes a temporary file beside
 * @file and renames it over @file. A failed export leaves an existing @file
 * as it was.
 *
 * Returns: %TRUE on success
 */
gboolean entrena_chart_export          (const EntrenaChartData  *data,
                                        const EntrenaChartStyle *style,
                                        GFile                   *file,
                                        EntrenaChartFormat       format,
                                        int                      width,
                                        int                      height,
                                        double                   scale,
                                        GError                 **error);

/* Draws @data into (0, 0, @width, @height) of @cr in @style; see
 * entrena_chart_draw(). */
typedef void (*EntrenaChartDrawFunc) (cairo_t                 *cr,
                                      gconstpointer            data,
                                      const EntrenaChartStyle *style,
                                      double                   width,
                                      double                   height,
                                      double                   scale);

/* entrena_chart_draw() as an #EntrenaChartDrawFunc, for exports. */
void     entrena_chart_draw_func               (cairo_t                 *cr,
                                                gconstpointer            data,
                                                const EntrenaChartStyle *style,
                                                double                   width,
                                                double                   height,
                                                double                   scale);

/* entrena_chart_export_to_bytes() and entrena_chart_export() for any
 * picture the chart library draws (the decision map, the network): @draw
 * draws @data in @style; @title is a PDF's and an SVG's title, and the
 * nullable @description an SVG's description (for screen readers). */
GBytes  *entrena_chart_export_drawing_to_bytes (EntrenaChartDrawFunc     draw,
                                                gconstpointer            data,
                                                const EntrenaChartStyle *style,
                                                const char              *title,
                                                const char              *description,
                                                EntrenaChartFormat       format,
                                                int                      width,
                                                int                      height,
                                                double                   scale,
                                                GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean entrena_chart_export_drawing          (EntrenaChartDrawFunc     draw,
                                                gconstpointer            data,
                                                const EntrenaChartStyle *style,
                                                const char              *title,
                                                const char              *description,
                                                GFile                   *file,
                                                EntrenaChartFormat       format,
                                                int                      width,
                                                int                      height,
                                                double                   scale,
                                                GError                 **error);

G_END_DECLS
