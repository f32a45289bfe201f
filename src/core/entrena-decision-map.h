/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-dataset.h"
#include "entrena-mlp.h"
#include "entrena-scaler.h"
#include "entrena-split.h"
#include "entrena-training.h"

G_BEGIN_DECLS

/* Cells per side of a map: the plane is cut into this many squared. */
#define ENTRENA_DECISION_MAP_SIZE 160

/**
 * EntrenaMapPlane:
 * @x_feature: the input along the horizontal axis (a numeric feature of the
 *   dataset)
 * @y_feature: the input along the vertical axis
 * @x_name: (not nullable): its column's name
 * @y_name: (not nullable): likewise
 * @x_min: the plane's left edge, in the input's own units
 * @x_max: its right edge
 * @y_min: its bottom edge
 * @y_max: its top edge
 * @n_features: inputs of the network
 * @base: `[n_features]` the inputs of a point of the plane, in their own
 *   units, before its two coordinates are set: every other numeric input at
 *   its training median, every categorical one at its most frequent value
 * @held: (nullable): what the other inputs are held at, for a caption
 *   ("petal_width = 1.3, colour = red"); %NULL with two inputs only
 * @n_classes: classes of the network
 * @class_names: %NULL-terminated, `[n_classes]`
 * @n_train_points: training rows drawn (a sample of at most a few
 *   thousand: every k-th row)
 * @train_points: `[n_train_points][2]` their coordinates
 * @train_classes: `[n_train_points]` their true classes
 * @n_test_points: test rows drawn, a sample likewise
 * @test_points: `[n_test_points][2]`
 * @test_classes: `[n_test_points]` their true classes
 * @test_rows: `[n_test_points]` each one's index among the split's test rows
 *
 * The plane a decision map cuts: two inputs of the data and the values the
 * others are held at, with the rows drawn over it. It depends on the data,
 * the split and the axes, not on the weights, so a run builds it once and
 * maps every epoch on it. Immutable and reference-counted, so the window's
 * worker thread may share it.
 */
typedef struct
{
  guint    x_feature;
  guint    y_feature;
  char    *x_name;
  char    *y_name;
  double   x_min;
  double   x_max;
  double   y_min;
  double   y_max;
  guint    n_features;
  float   *base;
  char    *held;
  guint    n_classes;
  char   **class_names;
  guint    n_train_points;
  float   *train_points;
  guint8  *train_classes;
  guint    n_test_points;
  float   *test_points;
  guint8  *test_classes;
  guint   *test_rows;
} EntrenaMapPlane;

/* Whether @dataset has the two numeric inputs a map needs. */
gboolean          entrena_map_plane_possible     (const EntrenaDataset *dataset);

/* The numeric inputs of @dataset, by their feature index, that can be an
 * axis. (transfer full) */
GArray           *entrena_map_plane_list_axes    (const EntrenaDataset *dataset) G_GNUC_WARN_UNUSED_RESULT;

/* The default axes: the two numeric inputs whose first-layer weights
 * (@mlp's W_0 columns) have the largest norms, in feature order. */
void              entrena_map_plane_default_axes (const EntrenaDataset *dataset,
                                                  const EntrenaMlp     *mlp,
                                                  guint                *x_feature,
                                                  guint                *y_feature);

/* Looks up "COL_X,COL_Y" (numeric input columns by name) for
 * `--map-axes`. */
gboolean          entrena_map_plane_parse_axes   (const EntrenaDataset *dataset,
                                                  const char           *text,
                                                  guint                *x_feature,
                                                  guint                *y_feature,
                                                  GError              **error);

EntrenaMapPlane  *entrena_map_plane_new          (const EntrenaDataset *dataset,
                                                  const EntrenaSplit   *split,
                                                  guint                 x_feature,
                                                  guint                 y_feature,
                                                  GError              **error) G_GNUC_WARN_UNUSED_RESULT;
EntrenaMapPlane  *entrena_map_plane_ref          (EntrenaMapPlane      *self);
void              entrena_map_plane_unref        (EntrenaMapPlane      *self);

/* The network's input at (@x, @y) of the plane, in the data's own units:
 * @input `[n_features]`. */
void              entrena_map_plane_point        (const EntrenaMapPlane *self,
                                                  double                 x,
                                                  double                 y,
                                                  float                 *input);

/**
 * EntrenaDecisionMap:
 * @plane: the plane it cuts
 * @size: cells per side
 * @classes: `[size][size]` each cell's predicted class, row 0 at the top
 *   (@plane's y_max), column 0 at the left
 * @confidence: `[size][size]` the probability of that class
 * @share: `[n_classes]` the share of the cells each class owns
 * @test_predicted: `[plane->n_test_points]` the prediction for each test row
 *   drawn (from all its inputs, not only the plane's two)
 * @test_accuracy: the share of all test rows predicted right, NAN without
 *   test rows
 * @epoch: the epoch whose weights drew it (0: the initial ones)
 *
 * What a network predicts over a plane of its inputs: a grid of cells, each
 * with the class the network gives the cell's centre. Immutable and
 * reference-counted.
 */
typedef struct
{
  EntrenaMapPlane *plane;
  guint            size;
  guint8          *classes;
  float           *confidence;
  double          *share;
  guint8          *test_predicted;
  double           test_accuracy;
  guint            epoch;
} EntrenaDecisionMap;

EntrenaDecisionMap *entrena_decision_map_new       (EntrenaMapPlane     *plane,
                                                    const EntrenaMlp    *mlp,
                                                    const EntrenaScaler *scaler,
                                                    const float         *X_test,
                                                    const guint8        *y_test,
                                                    gsize                n_test,
                                                    guint                size) G_GNUC_WARN_UNUSED_RESULT;
EntrenaDecisionMap *entrena_decision_map_at_epoch  (EntrenaMapPlane       *plane,
                                                    const EntrenaTraining *training,
                                                    guint                  epoch,
                                                    guint                  size) G_GNUC_WARN_UNUSED_RESULT;
EntrenaDecisionMap *entrena_decision_map_ref       (EntrenaDecisionMap  *self);
void                entrena_decision_map_unref     (EntrenaDecisionMap  *self);

/* The centre of cell (@row, @column), in the plane's units. */
void                entrena_decision_map_cell_center (const EntrenaDecisionMap *self,
                                                      guint                     row,
                                                      guint                     column,
                                                      double                   *x,
                                                      double                   *y);

/* For screen readers: the axes, the share of the plane each class owns and
 * the test accuracy, in words and figures. (transfer full) */
char               *entrena_decision_map_describe  (const EntrenaDecisionMap *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaMapPlane, entrena_map_plane_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaDecisionMap, entrena_decision_map_unref)

G_END_DECLS
