/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-adam.h"
#include "entrena-convergence.h"
#include "entrena-dataset.h"
#include "entrena-metrics.h"
#include "entrena-mlp.h"
#include "entrena-mlp-pass.h"
#include "entrena-scaler.h"
#include "entrena-split.h"

G_BEGIN_DECLS

#define ENTRENA_MAX_HIDDEN_LAYERS 16

/**
 * EntrenaTrainingSettings:
 * @hidden: widths of the hidden layers (the lesson: 64, 32)
 * @n_hidden: how many hidden layers, 0..%ENTRENA_MAX_HIDDEN_LAYERS
 * @learning_rate: Adam's lr (0.01)
 * @epochs: passes over the training rows (100)
 * @seed: the seed of `torch.manual_seed` for the initial weights (42)
 * @batch_size: rows per step, 0 for the full batch (the default)
 * @standardize: scale features to mean 0, deviation 1 on the training rows
 *
 * The settings of a training run, the lesson's defaults with
 * entrena_training_settings_init().
 */
typedef struct
{
  guint    hidden[ENTRENA_MAX_HIDDEN_LAYERS];
  guint    n_hidden;
  double   learning_rate;
  guint    epochs;
  guint64  seed;
  gsize    batch_size;
  gboolean standardize;
} EntrenaTrainingSettings;

void     entrena_training_settings_init          (EntrenaTrainingSettings       *settings);
/* Parses "64,32" (or "" for none) into the hidden layers. */
gboolean entrena_training_settings_parse_layers  (EntrenaTrainingSettings       *settings,
                                                 const char                    *text,
                                                 GError                       **error);
/* "64,32", or "" without hidden layers. (transfer full) */
char    *entrena_training_settings_format_layers (const EntrenaTrainingSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

/**
 * EntrenaEpoch:
 * @epoch: 1-based
 * @train_loss: the mean loss of the epoch's training rows, as the lesson
 *   records it: computed before the step (for mini-batches, the mean over them)
 * @test_loss: the mean loss on the test rows after the epoch's steps
 * @test_accuracy: the share of test rows right after the epoch's steps
 * @seconds: time since training started, of the epoch loop alone
 */
typedef struct
{
  guint  epoch;
  float  train_loss;
  float  test_loss;
  float  test_accuracy;
  double seconds;
} EntrenaEpoch;

/* Called on the training thread after every epoch. */
typedef void (*EntrenaEpochFunc) (const EntrenaEpoch *epoch,
                                  gpointer            user_data);

typedef enum
{
  ENTRENA_STOP_FINISHED,
  ENTRENA_STOP_STOPPED,
  ENTRENA_STOP_DIVERGED,
  ENTRENA_STOP_CANCELLED,
} EntrenaStopReason;

/**
 * EntrenaTraining:
 *
 * One training run on a dataset and a split: it owns the training and test
 * rows (gathered and, if asked, standardized once), the network, Adam's state
 * and every buffer the epochs need, so the epoch loop allocates nothing.
 * Fields are read-only outside entrena-training.c.
 */
typedef struct
{
  EntrenaTrainingSettings settings;
  guint                n_features;
  guint                n_classes;
  gsize                n_train;
  gsize                n_test;
  float               *X_train;       /* [n_train][n_features] */
  guint8              *y_train;       /* [n_train] */
  float               *X_test;        /* [n_test][n_features] */
  guint8              *y_test;        /* [n_test] */
  EntrenaScaler       *scaler;        /* NULL unless standardizing */
  EntrenaMlp          *mlp;
  EntrenaMlp          *initial;       /* the weights before the first step */
  EntrenaAdam         *adam;
  float               *grads;         /* [n_params] */
  float               *previous;      /* [n_params] the weights before the last step */
  EntrenaMlpWorkspace *ws;
  float               *X_batch;       /* [batch][n_features] for mini-batches, else NULL */
  guint8              *y_batch;
  guint               *order;         /* [n_train] shuffled row order for mini-batches */
  guint                majority_class;

  /* History, [settings.epochs] each; n_epochs are filled. */
  guint                n_epochs;
  float               *train_loss;
  float               *test_loss;
  float               *test_accuracy;
  double              *seconds;

  EntrenaStopReason    stop_reason;
  EntrenaConvergence   convergence;
  double               train_seconds;
} EntrenaTraining;

EntrenaTraining *entrena_training_new  (const EntrenaDataset     *dataset,
                                        const EntrenaSplit       *split,
                                        const EntrenaTrainingSettings *settings,
                                        const EntrenaMlp         *initial,
                                        GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
void             entrena_training_free (EntrenaTraining *self);

/**
 * entrena_training_run:
 * @self: a training run
 * @cancellable: (nullable): aborts at once, with %G_IO_ERROR_CANCELLED
 * @stop: (nullable): when it becomes non-zero (g_atomic_int_set) the run
 *   ends after the current epoch, successfully, with the model so far
 * @callback: (nullable): called after every epoch, on this thread
 * @user_data: for @callback
 * @error: return location for a #GError
 *
 * Runs the epochs. A non-finite or exploding loss stops training with
 * %ENTRENA_ERROR_DIVERGED, naming the epoch; the weights from before the
 * failing step are kept in @self->mlp and the history up to it stays.
 *
 * Returns: %TRUE when training finished or was stopped
 */
gboolean         entrena_training_run  (EntrenaTraining  *self,
                                        GCancellable     *cancellable,
                                        const gint       *stop,
                                        EntrenaEpochFunc  callback,
                                        gpointer          user_data,
                                        GError          **error);

/* Metrics of the current model on the training or the test rows. (transfer full) */
EntrenaMetrics  *entrena_training_evaluate (EntrenaTraining *self,
                                            gboolean         on_test) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaTraining, entrena_training_free)

G_END_DECLS
