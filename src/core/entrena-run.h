/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-csv.h"
#include "entrena-dataset.h"
#include "entrena-metrics.h"
#include "entrena-regression-metrics.h"
#include "entrena-model-info.h"
#include "entrena-run-settings.h"
#include "entrena-split.h"
#include "entrena-training.h"

G_BEGIN_DECLS

/*
 * A run, from a table and the person's choices to a trained model:
 *
 *   EntrenaRunSettings  what the person chose (data, split, training)
 *   EntrenaTraining     a run in progress: the epoch loop's state
 *   EntrenaRunResult    what a run leaves behind: data, split, training,
 *                       metrics, and the description a model file records
 *
 * entrena_run_execute() does it all at once; it is entrena_run_start(),
 * entrena_run_train() and entrena_run_finish() in a row, which a caller
 * with steps of its own in between (saving the initial weights, say) can
 * call one by one.
 */

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
EntrenaDataset *entrena_run_prepare               (EntrenaTable              *table,
                                                   const EntrenaRunSettings  *settings,
                                                   EntrenaSplit             **split,
                                                   char                    ***exclude_used,
                                                   GError                   **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_run_describe:
 * @table: the data
 * @settings: the choices
 * @exclude_used: the columns left out, from entrena_run_prepare()
 * @dataset: the dataset from entrena_run_prepare()
 * @split: the split from entrena_run_prepare()
 * @training: (nullable): the run; %NULL before training (no scaler then)
 *
 * Returns: (transfer full): what a model file records about the run
 */
EntrenaModelInfo *entrena_run_describe            (EntrenaTable             *table,
                                                   const EntrenaRunSettings *settings,
                                                   char * const             *exclude_used,
                                                   const EntrenaDataset     *dataset,
                                                   const EntrenaSplit       *split,
                                                   const EntrenaTraining    *training) G_GNUC_WARN_UNUSED_RESULT;

/**
 * EntrenaRunResult:
 * @training: the run: history, final model, convergence, stop reason
 * @dataset: the data it learned from
 * @split: its train/test split
 * @info: what a model file records about the run
 * @train_metrics: (nullable): results on the training rows, once finished
 * @test_metrics: (nullable): results on the test rows, once finished
 * @test_regression: (nullable): for regression, the test rows' RMSE, MAE
 *   and R² against the baseline, once finished (@train_metrics and
 *   @test_metrics then have one class and say nothing)
 * @diverged: (nullable): the message when training diverged; the model is
 *   then the one from before the failing step
 *
 * What a run leaves behind, also when it was stopped or diverged. It is
 * built by entrena_run_start(), entrena_run_train() and entrena_run_finish()
 * on one thread; once shared with entrena_run_result_ref() it is read-only.
 */
typedef struct
{
  EntrenaTraining  *training;
  EntrenaDataset   *dataset;
  EntrenaSplit     *split;
  EntrenaModelInfo *info;
  EntrenaMetrics   *train_metrics;
  EntrenaMetrics   *test_metrics;
  EntrenaRegressionMetrics *test_regression;
  char             *diverged;
} EntrenaRunResult;

EntrenaRunResult *entrena_run_result_ref          (EntrenaRunResult *self);
void              entrena_run_result_unref        (EntrenaRunResult *self);

/**
 * entrena_run_start:
 * @table: the data
 * @settings: the choices
 * @initial: (nullable): weights to start from instead of the seeded ones;
 *   they must fit the data and the layers
 * @error: return location for a #GError
 *
 * Prepares the dataset and the split, sets up the training (scaler, network,
 * optimiser) and describes the run. No epoch has run yet: the initial
 * weights are in @result->training->initial.
 *
 * Returns: (transfer full): the run ready to train, or %NULL with @error set
 */
EntrenaRunResult *entrena_run_start               (EntrenaTable             *table,
                                                   const EntrenaRunSettings *settings,
                                                   const EntrenaMlp         *initial,
                                                   GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_run_start_dropping_cells:
 * @table: the data, needed afterwards only to name its columns
 * @settings: the choices
 * @initial: (nullable): weights to start from
 * @error: return location for a #GError
 *
 * As entrena_run_start(), but the table's cells are given back as the
 * dataset is made (entrena_dataset_new_dropping_cells(); also when the run
 * fails after that), so that a large table and its dataset are never both
 * held whole.
 *
 * Returns: (transfer full): the run ready to train, or %NULL with @error set
 */
EntrenaRunResult *entrena_run_start_dropping_cells (EntrenaTable             *table,
                                                    const EntrenaRunSettings *settings,
                                                    const EntrenaMlp         *initial,
                                                    GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_run_train:
 * @run: a run from entrena_run_start()
 * @cancellable: (nullable): aborts at once, with %G_IO_ERROR_CANCELLED
 * @control: (nullable): stop, pause, step and pace (see #EntrenaRunControl);
 *   a stop ends the run after the current epoch, successfully
 * @epoch_func: (nullable): called after every epoch, on this thread
 * @user_data: for @epoch_func
 * @error: return location for a #GError
 *
 * Runs the epochs (see entrena_training_run()). Diverging is a result, not
 * a failure: @run->diverged then holds the message.
 *
 * Returns: %TRUE when training finished, was stopped or diverged
 */
gboolean          entrena_run_train               (EntrenaRunResult  *run,
                                                   GCancellable      *cancellable,
                                                   EntrenaRunControl *control,
                                                   EntrenaEpochFunc   epoch_func,
                                                   gpointer           user_data,
                                                   GError           **error);

/**
 * entrena_run_train_more:
 * @run: a run that finished or was stopped (not one that diverged)
 * @more: epochs to add
 * @cancellable: (nullable): aborts at once, with %G_IO_ERROR_CANCELLED
 * @control: (nullable): stop, pause, step and pace
 * @epoch_func: (nullable): called after every epoch, on this thread
 * @user_data: for @epoch_func
 * @error: return location for a #GError
 *
 * Goes on from the current weights and optimiser state for @more epochs,
 * appending to the history, then measures the model again
 * (entrena_run_finish()). N epochs and then M more give, bit for bit, what
 * N + M epochs at once give. While it trains, @run belongs to this thread.
 *
 * Returns: %TRUE when training finished, was stopped or diverged
 */
gboolean          entrena_run_train_more          (EntrenaRunResult  *run,
                                                   guint              more,
                                                   GCancellable      *cancellable,
                                                   EntrenaRunControl *control,
                                                   EntrenaEpochFunc   epoch_func,
                                                   gpointer           user_data,
                                                   GError           **error);

/**
 * entrena_run_finish:
 * @run: a run that has trained
 *
 * Measures the current model on the training and the test rows, replacing
 * any earlier metrics.
 */
/* A regression run's test metrics with its current weights. (transfer full) */
EntrenaRegressionMetrics *entrena_run_evaluate_regression (EntrenaTraining *training) G_GNUC_WARN_UNUSED_RESULT;
/* The same for the weights after @epoch (entrena_training_predict_values_at());
 * %NULL when no snapshot at or before it is kept. (transfer full) */
EntrenaRegressionMetrics *entrena_run_evaluate_regression_at (EntrenaTraining *training,
                                                              guint            epoch,
                                                              guint           *weights_epoch) G_GNUC_WARN_UNUSED_RESULT;

void              entrena_run_finish              (EntrenaRunResult *run);

/**
 * entrena_run_execute:
 * @table: the data
 * @settings: the choices
 * @cancellable: (nullable): aborts at once, with %G_IO_ERROR_CANCELLED
 * @control: (nullable): stop, pause, step and pace
 * @epoch_func: (nullable): called after every epoch, on this thread
 * @user_data: for @epoch_func
 * @error: return location for a #GError
 *
 * Prepares, trains and evaluates a run from the seeded initial weights:
 * entrena_run_start(), entrena_run_train() and entrena_run_finish().
 *
 * Returns: (transfer full): the result, also when the run was stopped or
 *   diverged; %NULL with @error set for bad data or settings, or when
 *   cancelled
 */
EntrenaRunResult *entrena_run_execute             (EntrenaTable             *table,
                                                   const EntrenaRunSettings *settings,
                                                   GCancellable             *cancellable,
                                                   EntrenaRunControl        *control,
                                                   EntrenaEpochFunc          epoch_func,
                                                   gpointer                  user_data,
                                                   GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaRunResult, entrena_run_result_unref)

G_END_DECLS
