/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-convergence.h"
#include "entrena-dataset.h"
#include "entrena-early-stopping.h"
#include "entrena-metrics.h"
#include "entrena-mlp.h"
#include "entrena-mlp-pass.h"
#include "entrena-mt19937.h"
#include "entrena-optimizer.h"
#include "entrena-run-control.h"
#include "entrena-scaler.h"
#include "entrena-snapshots.h"
#include "entrena-split.h"

G_BEGIN_DECLS

#define ENTRENA_MAX_HIDDEN_LAYERS 16
/* The most epochs a run trains, Train More included. */
#define ENTRENA_MAX_EPOCHS 1000000

/**
 * EntrenaTrainingSettings:
 * @hidden: widths of the hidden layers (the lesson: 64, 32)
 * @n_hidden: how many hidden layers, 0..%ENTRENA_MAX_HIDDEN_LAYERS
 * @learning_rate: the optimizer's lr (0.01)
 * @epochs: passes over the training rows (100)
 * @seed: the seed of `torch.manual_seed` for the initial weights (42)
 * @batch_size: rows per step, 0 for the full batch (the default)
 * @standardize: scale features to mean 0, deviation 1 on the training rows
 * @optimizer: which of PyTorch's optimizers steps (Adam)
 * @momentum: SGD's or RMSprop's momentum, 0 for none (0)
 * @nesterov: SGD's Nesterov momentum (off)
 * @weight_decay: the optimizer's weight decay, 0 for none (0; AdamW's
 *   default is %ENTRENA_ADAMW_WEIGHT_DECAY)
 * @activation: the function between the layers (ReLU)
 * @val_size: the share of the training rows set aside for validation, 0 for
 *   none (see entrena_split_carve_validation(); the split makes them)
 * @patience: with validation rows, stop after this many epochs without a
 *   lower validation loss and go back to the best epoch's weights; 0 never
 *   stops early
 * @scale_target: for regression, standardize the target on the training
 *   rows (the loss is then in standard units; predictions are mapped back)
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
  EntrenaOptimizer optimizer;
  double   momentum;
  gboolean nesterov;
  double   weight_decay;
  EntrenaActivation activation;
  double   val_size;
  guint    patience;
  gboolean scale_target;
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
 * @train_accuracy: the share of training rows right, from the same forward
 *   passes as @train_loss: before the epoch's step (for mini-batches, over
 *   the epoch's batches, each before its own step)
 * @val_loss: the mean loss on the validation rows after the epoch's steps,
 *   NaN without validation rows
 * @val_accuracy: the share of validation rows right after the epoch's
 *   steps, NaN without validation rows
 */
typedef struct
{
  guint  epoch;
  float  train_loss;
  float  test_loss;
  float  test_accuracy;
  double seconds;
  float  train_accuracy;
  float  val_loss;
  float  val_accuracy;
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
 * rows' classes and targets and, for runs whose rows take at most 64 MiB,
 * a copy of their features (gathered and, if asked, standardized once),
 * the network, the optimizer's state, the mini-batch generator and every
 * buffer the epochs need, so the epoch loop allocates nothing. A run that
 * ended can go on (entrena_training_extend() and entrena_training_run()
 * again): N epochs and then M more give exactly what N + M epochs at once
 * give. Fields are read-only outside entrena-training.c.
 *
 * Bigger runs copy no features: their passes gather each chunk of rows
 * from the dataset through the split's row indices and standardize it
 * there, with exactly the numbers the copy would give. Such a run reads
 * the dataset's X and the split's train, test and val arrays until it is
 * freed, so the dataset and the split given to entrena_training_new()
 * must outlive it (#EntrenaRunResult holds all three and frees the
 * training first).
 */
typedef struct
{
  EntrenaTrainingSettings settings;
  guint                n_features;
  guint                n_classes;
  gsize                n_train;
  gsize                n_test;
  float               *X_train;       /* [n_train][n_features], NULL when gathering */
  guint8              *y_train;       /* [n_train] */
  float               *X_test;        /* [n_test][n_features], NULL when gathering */
  guint8              *y_test;        /* [n_test] */
  gsize                n_val;
  float               *X_val;         /* [n_val][n_features], NULL without validation rows or when gathering */
  guint8              *y_val;         /* [n_val] */
  EntrenaScaler       *scaler;        /* NULL unless standardizing */
  EntrenaTask          task;          /* classification or regression */
  float               *t_train;       /* [n_train] regression targets (scaled), else NULL */
  float               *t_test;        /* [n_test] */
  float               *t_val;         /* [n_val] */
  float               *t_batch;       /* [batch] for mini-batches */
  EntrenaScaler       *target_scaler; /* regression with scale_target, else NULL */
  float               *value_train;   /* [n_train] regression targets in their own units */
  float               *value_test;    /* [n_test] */
  EntrenaMlp          *mlp;
  EntrenaMlp          *initial;       /* the weights before the first step */
  EntrenaOptimizerState *optimizer;
  float               *grads;         /* [n_params] */
  float               *previous;      /* [n_params] the weights before the last step */
  EntrenaMlpWorkspace *ws;
  float               *X_batch;       /* [batch][n_features] for mini-batches of copied rows, else NULL */
  guint               *batch_index;   /* [batch] the dataset rows of a mini-batch when gathering, else NULL */
  EntrenaMlpRows       train_rows;    /* the rows the passes read: the copies, or the dataset's */
  EntrenaMlpRows       test_rows;
  EntrenaMlpRows       val_rows;
  guint8              *y_batch;
  guint               *order;         /* [n_train] shuffled row order for mini-batches */
  guint                majority_class;
  EntrenaMt19937       rng;           /* the mini-batch order, seeded once */
  EntrenaSnapshots    *snapshots;     /* NULL unless entrena_training_keep_snapshots() */

  /* The run trains to settings.epochs (raised by entrena_training_extend()).
   * History, [capacity] each; n_epochs filled. */
  guint                capacity;
  guint                n_epochs;
  float               *train_loss;
  float               *test_loss;
  float               *test_accuracy;
  float               *train_accuracy;
  double              *seconds;
  float               *val_loss;      /* NULL without validation rows */
  float               *val_accuracy;

  /* With validation rows: the best epoch so far and, with a patience, the
   * early stop (whose weights are then the best epoch's in mlp). */
  EntrenaEarlyStopping early;

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

/* A new `[n][n_features]` copy (g_free()) of the test or training rows as the network takes them. */
float           *entrena_training_copy_rows (const EntrenaTraining *self,
                                             gboolean               on_test) G_GNUC_WARN_UNUSED_RESULT;

/* Tests only: the bytes of rows above which they are gathered, not copied (64 MiB). */
void             _entrena_training_set_copy_limit (gsize bytes);

/**
 * entrena_training_run:
 * @self: a training run
 * @cancellable: (nullable): aborts at once, with %G_IO_ERROR_CANCELLED
 * @control: (nullable): stop, pause, step and pace, asked before every
 *   epoch; a stop ends the run after the current epoch, successfully, with
 *   the model so far
 * @callback: (nullable): called after every epoch, on this thread
 * @user_data: for @callback
 * @error: return location for a #GError
 *
 * Runs the epochs from the last one done up to @self->settings.epochs. A
 * non-finite or exploding loss stops training with %ENTRENA_ERROR_DIVERGED,
 * naming the epoch; the weights from before the failing step are kept in
 * @self->mlp and the history up to it stays.
 *
 * Returns: %TRUE when training finished or was stopped
 */
gboolean         entrena_training_run  (EntrenaTraining   *self,
                                        GCancellable      *cancellable,
                                        EntrenaRunControl *control,
                                        EntrenaEpochFunc   callback,
                                        gpointer           user_data,
                                        GError           **error);

/**
 * entrena_training_extend:
 * @self: a run that finished or was stopped
 * @more: epochs to add, at least 1
 * @error: return location for a #GError
 *
 * Lets the next entrena_training_run() go on from the current weights and
 * optimiser state for @more epochs past the last one done. A diverged run
 * cannot go on.
 *
 * Returns: %FALSE with @error set when the run cannot go on
 */
gboolean         entrena_training_extend (EntrenaTraining *self,
                                          guint            more,
                                          GError         **error);

/**
 * entrena_training_keep_snapshots:
 * @self: a run that has not trained yet
 * @budget_bytes: the memory the snapshots may take
 *
 * Keeps the weights after every epoch (and the initial ones as epoch 0),
 * thinned to fit @budget_bytes (see #EntrenaSnapshots), so that
 * entrena_training_evaluate_at() can look back at an epoch.
 */
void             entrena_training_keep_snapshots (EntrenaTraining *self,
                                                  gsize            budget_bytes);

/**
 * entrena_training_predict_values:
 * @self: a regression run
 * @on_test: the test rows, or the training rows
 * @predicted: (out caller-allocates): `[n_test]` or `[n_train]` the
 *   predictions, in the target's units
 * @actual: (out caller-allocates) (optional): the same rows' targets, in the
 *   target's units
 *
 * The current model's numbers for the test or the training rows.
 */
void             entrena_training_predict_values (EntrenaTraining *self,
                                                  gboolean         on_test,
                                                  double          *predicted,
                                                  double          *actual);

/**
 * entrena_training_predict_values_at:
 * @self: a regression run that keeps snapshots
 * @epoch: the epoch to look at, 0 for the initial weights
 * @on_test: the test rows, or the training rows
 * @predicted: (out caller-allocates): as entrena_training_predict_values()
 * @actual: (out caller-allocates) (optional): likewise
 * @weights_epoch: (out) (optional): the epoch whose weights were used
 *
 * entrena_training_predict_values() with the model as it was after @epoch;
 * safe while the run trains, like entrena_training_evaluate_at().
 *
 * Returns: %FALSE when no snapshot at or before @epoch is kept
 */
gboolean         entrena_training_predict_values_at (EntrenaTraining *self,
                                                     guint            epoch,
                                                     gboolean         on_test,
                                                     double          *predicted,
                                                     double          *actual,
                                                     guint           *weights_epoch);

/* Metrics of the current model on the training or the test rows. (transfer full) */
EntrenaMetrics  *entrena_training_evaluate (EntrenaTraining *self,
                                            gboolean         on_test) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_training_evaluate_at:
 * @self: a run that keeps snapshots
 * @epoch: the epoch to look at, 0 for the initial weights
 * @on_test: the test rows, or the training rows
 * @weights_epoch: (out) (optional): the epoch whose weights were used:
 *   @epoch, or the nearest earlier one kept when snapshots were thinned
 *
 * The metrics of the model as it was after @epoch. Safe to call from another
 * thread while the run trains: it uses a copy of the weights and a workspace
 * of its own.
 *
 * Returns: (transfer full) (nullable): the metrics, or %NULL when no
 *   snapshot at or before @epoch is kept
 */
EntrenaMetrics  *entrena_training_evaluate_at (EntrenaTraining *self,
                                               guint            epoch,
                                               gboolean         on_test,
                                               guint           *weights_epoch) G_GNUC_WARN_UNUSED_RESULT;

/**
 * EntrenaTrainingState:
 * @params: `[n_params]` the weights
 * @initial: `[n_params]` the weights before the first step
 * @optimizer_m: `[n_params]` the optimizer's first buffer (#EntrenaOptimizerState)
 * @optimizer_v: `[n_params]` its second buffer
 * @optimizer_step: its steps so far
 * @rng: the mini-batch generator
 * @n_epochs: epochs done, at least 1
 * @train_loss: `[n_epochs]` the history, as #EntrenaTraining keeps it
 * @test_loss: `[n_epochs]`
 * @test_accuracy: `[n_epochs]`
 * @train_accuracy: `[n_epochs]`
 * @seconds: `[n_epochs]`
 * @train_seconds: the time the epochs took
 * @val_loss: (nullable): `[n_epochs]`, with validation rows
 * @val_accuracy: (nullable): `[n_epochs]`, with validation rows
 * @early: (nullable): the early-stopping state, with validation rows; its
 *   weight buffers are copied
 *
 * Where a run that trained stood, as a checkpoint keeps it
 * (entrena-checkpoint.c).
 */
typedef struct
{
  const float          *params;
  const float          *initial;
  const float          *optimizer_m;
  const float          *optimizer_v;
  guint64               optimizer_step;
  const EntrenaMt19937 *rng;
  guint                 n_epochs;
  const float          *train_loss;
  const float          *test_loss;
  const float          *test_accuracy;
  const float          *train_accuracy;
  const double         *seconds;
  double                train_seconds;
  const float          *val_loss;
  const float          *val_accuracy;
  const EntrenaEarlyStopping *early;
} EntrenaTrainingState;

/* Puts a run that has not trained where @state stood, finished after
 * @state->n_epochs: entrena_training_extend() then goes on from there exactly
 * as the run that left @state would have. */
void             _entrena_training_set_state (EntrenaTraining            *self,
                                              const EntrenaTrainingState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaTraining, entrena_training_free)

G_END_DECLS
