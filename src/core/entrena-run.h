/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-csv.h"
#include "entrena-dataset.h"
#include "entrena-model-info.h"
#include "entrena-split.h"
#include "entrena-training.h"

G_BEGIN_DECLS

/**
 * EntrenaRunSettings:
 * @target: the column to predict
 * @exclude: (nullable): %NULL-terminated columns to leave out; %NULL means the
 *   suggested ones (identifiers and empty columns), never the target
 * @categorical: (nullable): numeric columns to one-hot encode
 * @missing: the missing-value policy
 * @test_size: the test fraction (0.2)
 * @stratify: keep class proportions in both sets
 * @train: the network and optimiser settings; its seed also seeds the split,
 *   as the lesson uses 42 for both
 *
 * Everything a person chooses between opening a file and pressing Train.
 */
typedef struct
{
  const char          *target;
  const char * const  *exclude;
  const char * const  *categorical;
  EntrenaMissingPolicy missing;
  double               test_size;
  gboolean             stratify;
  EntrenaTrainConfig   train;
} EntrenaRunSettings;

void            entrena_run_settings_init (EntrenaRunSettings *settings);

/**
 * entrena_run_prepare:
 * @table: the data
 * @settings: the choices
 * @split: (out) (transfer full): the train/test split of the dataset's rows
 * @exclude_used: (out) (optional) (transfer full): the columns actually left out
 * @error: return location for a #GError
 *
 * Builds the dataset and the split, and adds the split's warnings to the
 * dataset's.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
EntrenaDataset *entrena_run_prepare       (EntrenaTable              *table,
                                           const EntrenaRunSettings  *settings,
                                           EntrenaSplit             **split,
                                           char                    ***exclude_used,
                                           GError                   **error) G_GNUC_WARN_UNUSED_RESULT;

/* What a model file records about the run that trained it; @training may be
 * %NULL before training (no scaler then). (transfer full) */
EntrenaModelInfo *entrena_run_describe    (EntrenaTable             *table,
                                           const EntrenaRunSettings *settings,
                                           char * const             *exclude_used,
                                           const EntrenaDataset     *dataset,
                                           const EntrenaSplit       *split,
                                           const EntrenaTraining    *training) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
