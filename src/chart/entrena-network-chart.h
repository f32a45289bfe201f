/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "entrena-chart.h"
#include "entrena-mlp.h"
#include "entrena-training.h"

G_BEGIN_DECLS

/* The most neurons a layer shows; the rest are "+N more". */
#define ENTRENA_NETWORK_CHART_MAX_SHOWN 24
/* Columns: the inputs, every hidden layer, the outputs. */
#define ENTRENA_NETWORK_CHART_MAX_COLUMNS (ENTRENA_MAX_HIDDEN_LAYERS + 2)

/**
 * EntrenaNetworkChartData:
 * @mlp: the network
 * @input_names: `[sizes[0]]` the inputs' column names
 * @class_names: `[classes]` the outputs' class names
 * @epoch: the epoch whose weights these are
 * @selected_column: the column (0 the inputs) of the neuron or weight the
 *   user points at or has focused, -1 for none
 * @selected_neuron: that neuron, in its layer
 * @selected_from: with a weight selected, the neuron of the previous column
 *   it comes from; -1 for the neuron itself (its bias)
 *
 * What the network picture shows. It only borrows the network and names.
 */
typedef struct
{
  const EntrenaMlp   *mlp;
  const char * const *input_names;
  const char * const *class_names;
  guint               epoch;
  int                 selected_column;
  int                 selected_neuron;
  int                 selected_from;
} EntrenaNetworkChartData;

/**
 * EntrenaNetworkChartLayout:
 * @n_columns: the network's layers plus its inputs
 * @x: `[n_columns]` each column's centre
 * @n_shown: `[n_columns]` neurons drawn: at most %ENTRENA_NETWORK_CHART_MAX_SHOWN
 * @shown: `[n_columns][n_shown]` which, in the layer's order
 * @y: `[n_columns][n_shown]` where
 * @n_more: `[n_columns]` neurons left out
 * @radius: of a neuron
 * @label_width: room for the input and class names on either side
 *
 * Where the picture puts each neuron; a widget finds what is under the
 * pointer with it, without drawing.
 */
typedef struct
{
  guint  n_columns;
  double x[ENTRENA_NETWORK_CHART_MAX_COLUMNS];
  guint  n_shown[ENTRENA_NETWORK_CHART_MAX_COLUMNS];
  guint  shown[ENTRENA_NETWORK_CHART_MAX_COLUMNS][ENTRENA_NETWORK_CHART_MAX_SHOWN];
  double y[ENTRENA_NETWORK_CHART_MAX_COLUMNS][ENTRENA_NETWORK_CHART_MAX_SHOWN];
  guint  n_more[ENTRENA_NETWORK_CHART_MAX_COLUMNS];
  double radius;
  double label_width;
} EntrenaNetworkChartLayout;

void     entrena_network_chart_layout    (const EntrenaNetworkChartData *data,
                                          double                         width,
                                          double                         height,
                                          EntrenaNetworkChartLayout     *layout);

/* The weight into neuron @to of layer @column from neuron @from of the
 * column before. */
float    entrena_network_chart_weight    (const EntrenaMlp              *mlp,
                                          guint                          column,
                                          guint                          to,
                                          guint                          from);
float    entrena_network_chart_bias      (const EntrenaMlp              *mlp,
                                          guint                          column,
                                          guint                          neuron);

/* What is at (@x, @y): a neuron (@from set to -1) or the weight of an edge
 * drawn between two shown neurons. %FALSE over nothing. */
gboolean entrena_network_chart_hit       (const EntrenaNetworkChartData   *data,
                                          const EntrenaNetworkChartLayout *layout,
                                          double                           x,
                                          double                           y,
                                          int                             *column,
                                          int                             *neuron,
                                          int                             *from);

/**
 * entrena_network_chart_draw:
 * @cr: any cairo context
 * @data: the network to draw
 * @style: colours and fonts
 * @width: the picture's width, in @cr's user units
 * @height: its height
 * @scale: device pixels per user unit (1 for vector output)
 *
 * Draws the network: the inputs (column names) on the left, the hidden
 * neurons, the outputs (class names) on the right; each weight as an edge
 * coloured by its sign and thicker the larger it is.
 */
void     entrena_network_chart_draw      (cairo_t                       *cr,
                                          const EntrenaNetworkChartData *data,
                                          const EntrenaChartStyle       *style,
                                          double                         width,
                                          double                         height,
                                          double                         scale);
/* entrena_network_chart_draw() as an #EntrenaChartDrawFunc, for exports. */
void     entrena_network_chart_draw_func (cairo_t                       *cr,
                                          gconstpointer                  data,
                                          const EntrenaChartStyle       *style,
                                          double                         width,
                                          double                         height,
                                          double                         scale);

/* What the selected neuron or weight is, for a label: "x → hidden 1,
 * neuron 3: weight 1.52". %NULL without a selection. (transfer full) */
char    *entrena_network_chart_describe_selection (const EntrenaNetworkChartData *data) G_GNUC_WARN_UNUSED_RESULT;

/* For screen readers: the layers, the number of weights, the share that
 * is positive and the strongest one. (transfer full) */
char    *entrena_network_chart_describe  (const EntrenaNetworkChartData *data) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
