/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-table.h"
#include "entrena-task.h"

G_BEGIN_DECLS

#define ENTRENA_MAX_CLASSES 256

typedef enum
{
  ENTRENA_MISSING_DROP_ROWS,
  ENTRENA_MISSING_FILL,
} EntrenaMissingPolicy;

/**
 * EntrenaDatasetOptions:
 * @target: the name of the column to predict
 * @exclude: (nullable): %NULL-terminated names of columns to leave out
 * @categorical: (nullable): %NULL-terminated names of numeric columns to
 *   treat as categories (one-hot encoded); text columns always are
 * @missing: what to do with rows that have missing cells
 * @task: classify the target, predict it as a number, or choose by the
 *   target's values (%ENTRENA_TASK_AUTO); zero is classification
 */
typedef struct
{
  const char          *target;
  const char * const  *exclude;
  const char * const  *categorical;
  EntrenaMissingPolicy missing;
  EntrenaTask          task;
} EntrenaDatasetOptions;

/* Where a feature column of X comes from. */
typedef struct
{
  guint  source_column;  /* column in the table */
  int    category;       /* -1 for a numeric column, else the one-hot category index */
} EntrenaFeatureSource;

/**
 * EntrenaDataset:
 * @n_rows: rows kept after the missing-value policy
 * @n_features: columns of @X
 * @n_classes: distinct target values, 2..%ENTRENA_MAX_CLASSES
 * @X: features, row-major `[n_rows][n_features]`, 64-byte aligned
 * @y: class index per row, `[n_rows]`, in 0..@n_classes-1
 * @row_index: the table's data-row index of each kept row, `[n_rows]`
 * @feature_names: %NULL-terminated, `[n_features]`; one-hot columns are named `column=value`
 * @sources: `[n_features]`
 * @class_names: %NULL-terminated, `[n_classes]`, in class-index (sorted) order
 * @class_counts: `[n_classes]`
 * @target_column: the target's column in the table
 * @n_dropped: rows left out because of missing cells
 * @n_filled: cells filled in by the missing-value policy
 * @warnings: (element-type utf8): translated notes for the user
 * @task: the task chosen, never %ENTRENA_TASK_AUTO
 * @task_reason: (nullable): why, when the task was chosen automatically
 * @y_value: for regression, the target's value per row, `[n_rows]`, else
 *   %NULL; a regression dataset has one "class" named after the target, and
 *   @y is all zeros
 *
 * The numbers a model learns from: what remains of a table after choosing the
 * target and the features, mapping labels to classes and encoding categories.
 */
typedef struct
{
  guint                 n_rows;
  guint                 n_features;
  guint                 n_classes;
  float                *X;
  guint8               *y;
  guint                *row_index;
  char                **feature_names;
  EntrenaFeatureSource *sources;
  char                **class_names;
  guint                *class_counts;
  guint                 target_column;
  guint                 n_dropped;
  guint                 n_filled;
  GPtrArray            *warnings;
  EntrenaTask           task;
  char                 *task_reason;
  float                *y_value;
} EntrenaDataset;

EntrenaDataset *entrena_dataset_new  (EntrenaTable                *table,
                                      const EntrenaDatasetOptions *options,
                                      GError                     **error) G_GNUC_WARN_UNUSED_RESULT;
/* As entrena_dataset_new(), the table's cells given back as they are encoded. */
EntrenaDataset *entrena_dataset_new_dropping_cells (EntrenaTable                *table,
                                                    const EntrenaDatasetOptions *options,
                                                    GError                     **error) G_GNUC_WARN_UNUSED_RESULT;
void            entrena_dataset_free (EntrenaDataset *self);
/* Tests only: the kept rows encoded between two givings back of the cells (65,536). */
void            _entrena_dataset_set_give_back_rows (guint rows);

/* Columns that look like row identifiers and should not be features. (transfer full) */
char          **entrena_table_suggest_exclude (EntrenaTable *table) G_GNUC_WARN_UNUSED_RESULT;

/* The conventional default target: the last column that is not an identifier. */
int             entrena_table_suggest_target  (EntrenaTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaDataset, entrena_dataset_free)

G_END_DECLS
