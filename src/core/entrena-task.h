/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-table.h"

G_BEGIN_DECLS

/**
 * EntrenaTask:
 * @ENTRENA_TASK_CLASSIFICATION: tell classes apart (cross-entropy, one
 *   output per class)
 * @ENTRENA_TASK_REGRESSION: predict a number (mean squared error, one output)
 * @ENTRENA_TASK_AUTO: choose from the target column, see
 *   entrena_table_suggest_task()
 *
 * What a model learns to do with the target column.
 */
typedef enum
{
  ENTRENA_TASK_CLASSIFICATION,
  ENTRENA_TASK_REGRESSION,
  ENTRENA_TASK_AUTO,
} EntrenaTask;

/* More distinct whole numbers than this make a numeric target a quantity. */
#define ENTRENA_TASK_MAX_INTEGER_CLASSES 20

/**
 * entrena_table_suggest_task:
 * @table: a table
 * @column: the target column
 * @reason: (out) (optional) (transfer full): a translated sentence saying why
 *
 * Regression for a numeric column with more than
 * %ENTRENA_TASK_MAX_INTEGER_CLASSES distinct values or any value that is not
 * a whole number; classification otherwise. Text targets are always
 * classified.
 *
 * Returns: %ENTRENA_TASK_CLASSIFICATION or %ENTRENA_TASK_REGRESSION
 */
EntrenaTask  entrena_table_suggest_task (EntrenaTable *table,
                                         guint         column,
                                         char        **reason);

/* "auto", "classification" or "regression". (transfer none) */
const char  *entrena_task_to_string     (EntrenaTask task);
/* Parses entrena_task_to_string()'s names; FALSE for anything else. */
gboolean     entrena_task_from_string   (const char  *text,
                                         EntrenaTask *task);
/* The task as a person reads it, translated: "Classification", "Regression". */
const char  *entrena_task_get_label     (EntrenaTask task);

G_END_DECLS
