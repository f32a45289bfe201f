/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ENTRENA_ERROR (entrena_error_quark ())

/**
 * EntrenaError:
 * @ENTRENA_ERROR_EMPTY: the file holds no data at all
 * @ENTRENA_ERROR_NOT_TEXT: the file is binary or not valid UTF-8
 * @ENTRENA_ERROR_PARSE: malformed CSV (ragged rows, stray quotes)
 * @ENTRENA_ERROR_NO_DATA: a header but no data rows
 * @ENTRENA_ERROR_INVALID_VALUE: a text cell in a column used as a numeric feature
 * @ENTRENA_ERROR_UNKNOWN_COLUMN: a column name that the table does not have
 * @ENTRENA_ERROR_TARGET: the target column cannot be used for classification
 * @ENTRENA_ERROR_NO_FEATURES: no column is left to learn from
 * @ENTRENA_ERROR_SPLIT: the train/test split cannot be made
 * @ENTRENA_ERROR_FORMAT: a model file is damaged or of another format
 * @ENTRENA_ERROR_DIVERGED: training produced a non-finite loss
 * @ENTRENA_ERROR_INVALID_ARGUMENT: an option or setting is out of range
 * @ENTRENA_ERROR_NO_MEMORY: loading or training would need more memory than
 *   the system has available
 *
 * Error codes in the %ENTRENA_ERROR domain. Every message is translated and
 * written for the person who made the file, naming the line and column where
 * that applies.
 */
typedef enum
{
  ENTRENA_ERROR_EMPTY,
  ENTRENA_ERROR_NOT_TEXT,
  ENTRENA_ERROR_PARSE,
  ENTRENA_ERROR_NO_DATA,
  ENTRENA_ERROR_INVALID_VALUE,
  ENTRENA_ERROR_UNKNOWN_COLUMN,
  ENTRENA_ERROR_TARGET,
  ENTRENA_ERROR_NO_FEATURES,
  ENTRENA_ERROR_SPLIT,
  ENTRENA_ERROR_FORMAT,
  ENTRENA_ERROR_DIVERGED,
  ENTRENA_ERROR_INVALID_ARGUMENT,
  ENTRENA_ERROR_NO_MEMORY,
} EntrenaError;

GQuark entrena_error_quark (void);

G_END_DECLS
