/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-mlp.h"
#include "entrena-model-info.h"
#include "entrena-progress.h"
#include "entrena-table.h"

G_BEGIN_DECLS

/**
 * EntrenaPredictor:
 *
 * A trained network with what its metadata says about its inputs, ready to
 * classify new rows: the cells of the model's input columns (matched by
 * name) are encoded as the run encoded them (one-hot categories, the fill
 * value for a missing cell, the scaler fitted on the training rows) and run
 * through the network's own forward pass.
 *
 * An input here is a source column: a categorical column is one input of the
 * predictor and several inputs of the network.
 *
 * Immutable once made, so one predictor may serve several threads.
 */
typedef struct _EntrenaPredictor EntrenaPredictor;

/**
 * EntrenaPredictions:
 * @n_rows: rows of the table predicted
 * @n_classes: classes of the model
 * @predicted: `[n_rows]` class index of each row (0 for a skipped row)
 * @probabilities: `[n_rows][n_classes]` softmax of the logits
 * @skipped: `[n_rows]` whether the row could not be predicted
 * @n_skipped: rows that could not be predicted
 * @problems: `[n_problems]` the first cell of each skipped row that could not
 *   be read (line and column), in row order
 * @n_problems: entries of @problems (every skipped row)
 * @n_filled: missing cells given the training fill value
 * @values: (nullable): for a regression model, `[n_rows]` the predicted
 *   number of each row in the target's units (NaN for a skipped row); then
 *   @predicted and @probabilities say nothing
 *
 * What entrena_predictor_predict_table() found for every row of a table.
 */
typedef struct
{
  guint           n_rows;
  guint           n_classes;
  guint8         *predicted;
  float          *probabilities;
  gboolean       *skipped;
  double         *values;
  guint           n_skipped;
  EntrenaCellRef *problems;
  guint           n_problems;
  guint           n_filled;
} EntrenaPredictions;

EntrenaPredictor       *entrena_predictor_new               (const EntrenaMlp        *mlp,
                                                             const EntrenaModelInfo  *info) G_GNUC_WARN_UNUSED_RESULT;
EntrenaPredictor       *entrena_predictor_load              (GFile                   *file,
                                                             GCancellable            *cancellable,
                                                             GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
EntrenaPredictor       *entrena_predictor_ref               (EntrenaPredictor        *self);
void                    entrena_predictor_unref             (EntrenaPredictor        *self);

const EntrenaModelInfo *entrena_predictor_get_info          (EntrenaPredictor        *self);
const EntrenaMlp       *entrena_predictor_get_mlp           (EntrenaPredictor        *self);

/* The source columns the model reads, in the order of its inputs. */
guint                   entrena_predictor_get_n_inputs      (EntrenaPredictor        *self);
const char             *entrena_predictor_get_input_name    (EntrenaPredictor        *self,
                                                             guint                    input);
/* The categories of a categorical input, %NULL-terminated, or %NULL for a
 * numeric one. (transfer none) */
const char * const     *entrena_predictor_get_categories    (EntrenaPredictor        *self,
                                                             guint                    input);
/* What a missing cell of the input becomes, as text: the training mean, or
 * the most frequent category. (transfer full) */
char                   *entrena_predictor_dup_fill_text     (EntrenaPredictor        *self,
                                                             guint                    input);

/* The cells of one row as entrena_predictor_encode_values() reads them, from
 * its network inputs before scaling (a row of EntrenaDataset.X): numbers
 * as text, the category whose one-hot input is on. (transfer full) */
char                  **entrena_predictor_dup_row_values    (EntrenaPredictor        *self,
                                                             const float             *x);

/**
 * entrena_predictor_encode_values:
 * @self: a predictor
 * @values: `[n_inputs]` the cell of each input as text; "" or %NULL for a
 *   missing cell
 * @X: (out caller-allocates): `[n_features]` the network's inputs, scaled
 * @error: return location for a #GError
 *
 * Returns: %FALSE with @error naming the input when a numeric one is not a number
 */
gboolean                entrena_predictor_encode_values     (EntrenaPredictor        *self,
                                                             const char * const      *values,
                                                             float                   *X,
                                                             GError                 **error);

/* The network on @n rows of encoded inputs: class `[n]` and probabilities `[n][n_classes]`. */
void                    entrena_predictor_run               (EntrenaPredictor        *self,
                                                             const float             *X,
                                                             gsize                    n,
                                                             guint8                  *predicted,
                                                             float                   *probabilities);

/* A regression model on @n rows of encoded inputs: the number of each row,
 * `[n]`, in the target's units. */
void                    entrena_predictor_run_values        (EntrenaPredictor        *self,
                                                             const float             *X,
                                                             gsize                    n,
                                                             double                  *values);

/**
 * entrena_predictor_predict_table:
 * @self: a predictor
 * @table: rows with the model's input columns (others are ignored)
 * @cancellable: (nullable): aborts with %G_IO_ERROR_CANCELLED
 * @progress: (nullable): rows done of all
 * @progress_data: for @progress
 * @error: return location for a #GError
 *
 * Predicts every row. A row with a text cell in a numeric input is skipped
 * and listed in the result's problems; missing cells get the training fill
 * value. A table without some of the model's input columns is refused with
 * an error naming them all.
 *
 * Returns: (transfer full): the predictions, or %NULL with @error set
 */
EntrenaPredictions     *entrena_predictor_predict_table     (EntrenaPredictor        *self,
                                                             EntrenaTable            *table,
                                                             GCancellable            *cancellable,
                                                             EntrenaProgressFunc      progress,
                                                             gpointer                 progress_data,
                                                             GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

void                    entrena_predictions_free            (EntrenaPredictions      *self);

/* "“new.csv”: 2 rows could not be predicted: line 4, column 2 (“abc”); …",
 * naming the first few; %NULL when every row was predicted. (transfer full) */
char                   *entrena_predictions_describe_skipped (const EntrenaPredictions *self,
                                                              EntrenaTable             *table) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_predictions_to_csv:
 * @self: predictions of @table's rows
 * @table: the rows predicted
 * @info: the model's description, for the class names
 * @probabilities: whether to add one column per class, `p_<class>`
 *
 * Every predicted row of @table, its cells as read, then the columns
 * `predicted` and `probability` (of the predicted class) and, with
 * @probabilities, `p_<class>` for every class in class order. For a
 * regression model one column `predicted_<target>` holds the number in the
 * target's units, and @probabilities is ignored. Skipped rows are left out.
 *
 * Returns: (transfer full): the CSV text
 */
GString                *entrena_predictions_to_csv          (const EntrenaPredictions *self,
                                                             EntrenaTable             *table,
                                                             const EntrenaModelInfo   *info,
                                                             gboolean                  probabilities) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaPredictor, entrena_predictor_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaPredictions, entrena_predictions_free)

G_END_DECLS
