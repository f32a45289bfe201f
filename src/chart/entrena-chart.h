/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "entrena-chart-axis.h"
#include "entrena-convergence.h"
#include "entrena-draw.h"

G_BEGIN_DECLS

/**
 * EntrenaChartKind:
 * @ENTRENA_CHART_LOSS: the training and test loss per epoch
 * @ENTRENA_CHART_ACCURACY: the training and test accuracy per epoch, on an
 *   axis from 0 to 100%
 *
 * Which curves the chart shows.
 */
typedef enum
{
  ENTRENA_CHART_LOSS,
  ENTRENA_CHART_ACCURACY,
} EntrenaChartKind;

/**
 * EntrenaChartCurve:
 * @ENTRENA_CHART_CURVE_TEST: the test loss or test accuracy
 * @ENTRENA_CHART_CURVE_TRAIN: the training loss or training accuracy
 * @ENTRENA_CHART_CURVE_VALIDATION: the validation loss or validation accuracy
 *
 * Which of a run's two curves a comparison of runs shows.
 */
typedef enum
{
  ENTRENA_CHART_CURVE_TEST,
  ENTRENA_CHART_CURVE_TRAIN,
  ENTRENA_CHART_CURVE_VALIDATION,
} EntrenaChartCurve;

/**
 * EntrenaChartSeries:
 * @name: what the legend and the description call it
 * @values: [n_values] a value per epoch, from epoch 1; non-finite values are
 *   left out of the curve
 * @n_values: how many epochs it has
 * @color: its colour
 * @dashed: drawn dashed (when there are more runs than colours)
 *
 * One curve of another run, drawn behind the current run's to compare them.
 */
typedef struct
{
  const char       *name;
  const float      *values;
  guint             n_values;
  EntrenaChartColor color;
  gboolean          dashed;
} EntrenaChartSeries;

/**
 * EntrenaChartData:
 * @train_loss: [n_epochs] the training loss of epochs 1..n_epochs; non-finite
 *   values are left out of the curve
 * @test_loss: (nullable): [n_epochs] the test loss, or %NULL without test rows
 * @n_epochs: how many epochs have a loss so far
 * @total_epochs: the planned number of epochs, the extent of the epoch axis
 *   (so the curve grows into a fixed frame while training)
 * @suggested_epoch: where the convergence marker goes, 0 for none
 * @best_test_epoch: where the lowest test loss is, 0 for none
 * @state: what the curve shows (converged, still improving, diverged)
 * @diverged_epoch: the epoch whose loss blew up, 0 for none
 * @log_scale: a logarithmic loss axis
 * @hover_epoch: the epoch under the pointer, -1 for none
 * @running: training is still going on; a still-improving curve is then not
 *   a verdict, and the chart shows the progress instead
 * @empty_message: with no epochs yet, say where the curve will appear (off
 *   where the caller shows its own placeholder over the chart)
 * @kind: the loss curves, or the accuracy curves
 * @train_accuracy: (nullable): [n_epochs] the share of training rows right,
 *   measured before each epoch's step (the accuracy chart's; needed there)
 * @test_accuracy: (nullable): [n_epochs] the share of test rows right after
 *   each epoch's step, or %NULL without test rows
 * @cursor_epoch: the epoch the epoch cursor marks with a line, 0 for the
 *   initial weights, -1 for none
 * @val_loss: (nullable): [n_epochs] the validation loss after each epoch's
 *   step, or %NULL without validation rows
 * @val_accuracy: (nullable): [n_epochs] the share of validation rows right
 *   after each epoch's step, or %NULL without validation rows
 * @stopped_epoch: the epoch at which early stopping ended the run, 0 if it
 *   did not
 * @best_val_epoch: the epoch whose weights early stopping kept (with
 *   @stopped_epoch)
 * @overlays: (nullable): [n_overlays] other runs' curves to compare with; with
 *   any, the chart shows one curve per run (the current run's @overlay_curve
 *   on top, in the foreground colour) and a legend naming each run
 * @n_overlays: how many other runs
 * @overlay_curve: which curve of the current run the comparison shows
 * @current_name: (nullable): the current run's name in the comparison's
 *   legend, %NULL for "This run"
 *
 * What the chart shows. The chart only borrows the arrays.
 */
typedef struct
{
  const float            *train_loss;
  const float            *test_loss;
  guint                   n_epochs;
  guint                   total_epochs;
  guint                   suggested_epoch;
  guint                   best_test_epoch;
  EntrenaConvergenceState state;
  guint                   diverged_epoch;
  gboolean                log_scale;
  int                     hover_epoch;
  gboolean                running;
  gboolean                empty_message;
  EntrenaChartKind        kind;
  const float            *train_accuracy;
  const float            *test_accuracy;
  int                     cursor_epoch;
  const float            *val_loss;
  const float            *val_accuracy;
  guint                   stopped_epoch;
  guint                   best_val_epoch;
  const EntrenaChartSeries *overlays;
  guint                   n_overlays;
  EntrenaChartCurve       overlay_curve;
  const char             *current_name;
} EntrenaChartData;

/* Sets the fields to an empty chart: no epochs, no markers, no hover. */
void entrena_chart_data_init (EntrenaChartData *data);

/**
 * EntrenaChartStyle:
 * @background: behind everything; may be transparent
 * @foreground: text and axes
 * @grid: grid lines
 * @surface: behind labels and the hover box, so they stay readable over curves
 * @train: the training loss curve (and the training accuracy curve)
 * @test: the test loss curve (and the test accuracy curve)
 * @marker: the convergence marker
 * @best: the lowest-test-loss marker
 * @danger: divergence
 * @warning: the "still improving" notice
 * @font_family: (nullable): a Pango family list, %NULL for the default
 * @font_scale: multiplies every text size (1 for the default)
 * @zoom: the presentation zoom: multiplies the text, the lines, the markers
 *   and the margins alike, so a zoomed chart keeps its proportions (1 for
 *   none, as the style initializers set it)
 * @validation: the validation curves (drawn dashed) and the early-stopping
 *   marker
 * @pango_context: (nullable): a context from entrena_chart_pango_context_new()
 *   that a widget keeps between its drawings, so the fonts are looked up once
 *   rather than at every frame; %NULL (what the style initializers set, and
 *   what exports use) for a fresh one at each drawing. Not owned by the style;
 *   only ever used on the thread that made it.
 */
typedef struct
{
  EntrenaChartColor background;
  EntrenaChartColor foreground;
  EntrenaChartColor grid;
  EntrenaChartColor surface;
  EntrenaChartColor train;
  EntrenaChartColor test;
  EntrenaChartColor marker;
  EntrenaChartColor best;
  EntrenaChartColor danger;
  EntrenaChartColor warning;
  const char       *font_family;
  double            font_scale;
  double            zoom;
  EntrenaChartColor validation;
  PangoContext     *pango_context;
} EntrenaChartStyle;

/* GNOME's light palette on white: the default, and what exports use. */
void entrena_chart_style_init_default (EntrenaChartStyle *style);
/* GNOME's dark palette on #242424. */
void entrena_chart_style_init_dark    (EntrenaChartStyle *style);

/* A Pango context for the style's @pango_context, with the charts' font
 * options (unhinted metrics, greyscale antialiasing). */
PangoContext *entrena_chart_pango_context_new (void);

/**
 * EntrenaChartGeometry:
 * @plot_x: left edge of the plotting area, in the chart's units
 * @plot_y: top edge
 * @plot_width: width of the plotting area
 * @plot_height: height of the plotting area
 * @x_axis: the epoch axis
 * @y_axis: the loss axis
 *
 * Where the last drawing put things, so a widget can map a pointer
 * position to an epoch without drawing.
 */
typedef struct
{
  double           plot_x;
  double           plot_y;
  double           plot_width;
  double           plot_height;
  EntrenaChartAxis x_axis;
  EntrenaChartAxis y_axis;
} EntrenaChartGeometry;

/**
 * entrena_chart_draw:
 * @cr: any cairo context: a widget's snapshot, an image, SVG or PDF surface
 * @data: what to draw
 * @style: colours and fonts
 * @width: the chart's width, in @cr's user units (logical pixels)
 * @height: the chart's height
 * @scale: device pixels per user unit (the widget's scale factor, 1 for
 *   vector output), to align thin lines to whole device pixels
 * @geometry: (out) (optional): where the plotting area and axes ended up
 *
 * Draws the loss or accuracy chart into the rectangle (0, 0, @width, @height) of @cr.
 * The state of @cr is saved and restored.
 */
void   entrena_chart_draw                  (cairo_t                 *cr,
                                            const EntrenaChartData  *data,
                                            const EntrenaChartStyle *style,
                                            double                   width,
                                            double                   height,
                                            double                   scale,
                                            EntrenaChartGeometry    *geometry);

double entrena_chart_geometry_epoch_to_x   (const EntrenaChartGeometry *geometry,
                                            double                      epoch);
double entrena_chart_geometry_loss_to_y    (const EntrenaChartGeometry *geometry,
                                            double                      loss);
/* The epoch (1..@n_epochs) nearest to @x, or -1 when @x is outside the
 * plotting area or there are no epochs. */
int    entrena_chart_geometry_epoch_at_x   (const EntrenaChartGeometry *geometry,
                                            double                      x,
                                            guint                       n_epochs);

/* The colour of the @index-th compared run (from 0): the Okabe–Ito palette,
 * which stays distinct with every common colour-vision deficiency, without
 * its black (the current run's). Sets @dashed from the eighth run on, when
 * the colours come round again. */
void   entrena_chart_overlay_color         (guint                    index,
                                            EntrenaChartColor       *color,
                                            gboolean                *dashed);

/* The name of a curve: "Test loss", "Train accuracy"... (transfer none) */
const char *entrena_chart_curve_name       (EntrenaChartKind         kind,
                                            EntrenaChartCurve        curve);

/* A one-line title: the chart's kind, or for a comparison the curve and
 * every run's name. (transfer full) */
char  *entrena_chart_title                 (const EntrenaChartData *data) G_GNUC_WARN_UNUSED_RESULT;

/* One paragraph for screen readers: the epoch, the latest losses (or
 * accuracies) and what the curves say, in words and figures. (transfer full) */
char  *entrena_chart_describe              (const EntrenaChartData *data) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
