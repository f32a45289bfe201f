/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-csv.h"
#include "entrena-dataset.h"
#include "entrena-scaler.h"
#include "entrena-training.h"

G_BEGIN_DECLS

#define ENTRENA_MODEL_FORMAT_VERSION 1

/**
 * EntrenaModelInfo:
 * @source_name: the CSV file's base name
 * @delimiter: how the CSV was read: its field separator
 * @has_header: whether its first row named the columns
 * @decimal_comma: whether `,` was read as the decimal mark
 * @target: the column predicted
 * @exclude: %NULL-terminated columns left out
 * @categorical: %NULL-terminated numeric columns one-hot encoded
 * @missing: the missing-value policy
 * @test_size: the test fraction of the split
 * @split_seed: the split's `random_state`
 * @stratify: whether the split was stratified
 * @training: layers, learning rate, epochs, seed, batch size, standardization
 * @n_features: inputs of the network
 * @feature_names: `[n_features]` %NULL-terminated, as the dataset names them
 * @feature_columns: `[n_features]` %NULL-terminated source column of each input
 * @feature_categories: `[n_features]` the category of a one-hot input, "" for
 *   a numeric one (a plain array of n_features strings, not %NULL-terminated)
 * @fill_values: `[n_features]` what a missing cell of each input becomes:
 *   the training mean, or for one-hot inputs 1 for the most frequent category
 * @n_classes: outputs of the network
 * @class_names: `[n_classes]` %NULL-terminated, in class-index order
 * @scaler: (nullable): the standardization fitted on the training rows
 * @stopped_epoch: the epoch at which early stopping ended the run, 0 if it
 *   did not
 * @best_val_epoch: the epoch with the lowest validation loss, 0 without
 *   validation rows
 * @task: classification, or regression (one output, a number)
 * @target_mean: for regression with the target scaled
 *   (@training.scale_target), the training rows' mean of the target
 * @target_scale: its standard deviation: a prediction is the network's
 *   output times @target_scale plus @target_mean
 * @input_min: (nullable): `[n_features]` each input's smallest value in the
 *   training rows (%NULL in files written before it was kept)
 * @input_max: (nullable): `[n_features]` the largest
 *
 * Everything needed to use a trained network on new rows and to reproduce
 * the run that made it. It travels in a model file's `__metadata__`.
 */
typedef struct
{
  char                 *source_name;
  char                  delimiter;
  gboolean              has_header;
  gboolean              decimal_comma;
  char                 *target;
  char                **exclude;
  char                **categorical;
  EntrenaMissingPolicy  missing;
  double                test_size;
  guint32               split_seed;
  gboolean              stratify;
  EntrenaTrainingSettings  training;
  guint                 n_features;
  char                **feature_names;
  char                **feature_columns;
  char                **feature_categories;
  float                *fill_values;
  guint                 n_classes;
  char                **class_names;
  EntrenaScaler        *scaler;
  guint                 stopped_epoch;
  guint                 best_val_epoch;
  EntrenaTask           task;
  double                target_mean;
  double                target_scale;
  float                *input_min;
  float                *input_max;
} EntrenaModelInfo;

EntrenaModelInfo *entrena_model_info_new  (void) G_GNUC_WARN_UNUSED_RESULT;
EntrenaModelInfo *entrena_model_info_copy (const EntrenaModelInfo *self) G_GNUC_WARN_UNUSED_RESULT;
void              entrena_model_info_free (EntrenaModelInfo *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaModelInfo, entrena_model_info_free)

G_END_DECLS
