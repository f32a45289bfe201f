/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-mlp.h"
#include "entrena-scaler.h"

G_BEGIN_DECLS

/**
 * EntrenaMlpScratch:
 * @acts: `[n_layers + 1]`; acts[0] is unused (the input is the caller's),
 *   acts[l] is `[chunk_rows][sizes[l]]`: layer l's output after its
 *   activation (the logits for the last layer)
 * @pre: `[n_layers]` or %NULL: for GELU only, whose backward needs its
 *   input, pre[l] (l ≥ 1) is layer l's output before the activation
 * @delta: `[chunk_rows][max width]` the gradient flowing back, two buffers
 *   used in turn
 * @input: `[chunk_rows][sizes[0]]` or %NULL: a chunk of gathered rows (see
 *   #EntrenaMlpRows), made by the first pass that gathers
 *
 * What one thread needs to run one chunk of rows forward and back.
 */
typedef struct
{
  float **acts;
  float **pre;
  float  *delta[2];
  float  *input;
} EntrenaMlpScratch;

/**
 * EntrenaMlpWorkspace:
 * @chunk_rows: the most rows one chunk has
 * @n_layers: layers of the network it was made for
 * @n_slots: threads a pass may use (entrena_kernels_get_threads() when the
 *   workspace was made)
 * @slots: `[n_slots]` scratch memory per thread; entrena_mlp_forward()
 *   leaves its result in the first one's
 * @n_params: floats of the network's parameters
 * @activation: the network's activation when the workspace was made (the
 *   scratch memory depends on it)
 * @task_grads: `[ENTRENA_MLP_MAX_TASKS][n_params]` each task's share of
 *   the gradient
 *
 * Scratch memory for forward and backward passes, sized once so that the
 * training loop allocates nothing. Larger inputs are processed in chunks of
 * @chunk_rows rows, which bounds memory and keeps each chunk in cache.
 *
 * A pass over more than one chunk is cut into at most
 * %ENTRENA_MLP_MAX_TASKS tasks of whole chunks, whose boundaries depend only
 * on the number of rows; the kernels' threads take the tasks in turn and
 * their sums are added in task order. So the result is the same, bit for
 * bit, on one thread or several, whatever the scheduling.
 */
#define ENTRENA_MLP_MAX_TASKS 8

typedef struct
{
  gsize              chunk_rows;
  guint              n_layers;
  guint              n_slots;
  EntrenaMlpScratch *slots;
  gsize              n_params;
  float             *task_grads;
  EntrenaActivation  activation;
} EntrenaMlpWorkspace;

EntrenaMlpWorkspace *entrena_mlp_workspace_new  (const EntrenaMlp *mlp,
                                                 gsize             chunk_rows) G_GNUC_WARN_UNUSED_RESULT;
void                 entrena_mlp_workspace_free (EntrenaMlpWorkspace *self);

/**
 * EntrenaMlpRows:
 * @X: `[?][sizes[0]]` row-major inputs
 * @index: (nullable): `[n]` which rows of @X a pass reads, in this order; with
 *   %NULL, rows 0..n-1 of @X as they are (and @scaler is not used)
 * @scaler: (nullable): with @index, the standardization applied to each
 *   gathered chunk, as entrena_scaler_transform() applies it to a copy
 *
 * The rows of a pass. Gathering them chunk by chunk into the workspace
 * gives, bit for bit, what the same pass gives on a (standardized) copy of
 * those rows, without holding the copy.
 */
typedef struct
{
  const float         *X;
  const guint         *index;
  const EntrenaScaler *scaler;
} EntrenaMlpRows;

/* Runs at most ws->chunk_rows rows of X `[n][sizes[0]]`; the logits land in ws->slots[0].acts[n_layers]. */
void   entrena_mlp_forward        (const EntrenaMlp    *mlp,
                                   EntrenaMlpWorkspace *ws,
                                   const float         *X,
                                   gsize                n);

/**
 * entrena_mlp_loss_grad:
 * @mlp: the network
 * @ws: a workspace for it
 * @X: `[n][sizes[0]]` inputs
 * @y: `[n]` classes
 * @n: rows, any number (processed in chunks)
 * @grads: `[n_params]` output, laid out like the parameters: the gradient of
 *   the mean cross-entropy over the @n rows
 * @n_correct: (out) (optional): rows predicted right
 *
 * One forward and backward pass, as `loss.backward ()` after
 * `nn.CrossEntropyLoss ()(model (X), y)` computes it.
 *
 * Returns: the mean loss
 */
double entrena_mlp_loss_grad      (const EntrenaMlp    *mlp,
                                   EntrenaMlpWorkspace *ws,
                                   const float         *X,
                                   const guint8        *y,
                                   gsize                n,
                                   float               *grads,
                                   gsize               *n_correct);

/* The mean loss and the rows right, without gradients. @predicted `[n]` is optional. */
double entrena_mlp_evaluate       (const EntrenaMlp    *mlp,
                                   EntrenaMlpWorkspace *ws,
                                   const float         *X,
                                   const guint8        *y,
                                   gsize                n,
                                   gsize               *n_correct,
                                   guint8              *predicted);

/**
 * entrena_mlp_loss_grad_regression:
 * @mlp: a network with one output
 * @ws: a workspace for it
 * @X: `[n][sizes[0]]` inputs
 * @t: `[n]` the numbers to predict
 * @n: rows, any number (processed in chunks)
 * @grads: `[n_params]` output: the gradient of the mean squared error
 *
 * One forward and backward pass, as `loss.backward ()` after
 * `nn.MSELoss ()(model (X), t)` computes it, with the same chunks and tasks
 * as entrena_mlp_loss_grad().
 *
 * Returns: the mean squared error
 */
double entrena_mlp_loss_grad_regression (const EntrenaMlp    *mlp,
                                         EntrenaMlpWorkspace *ws,
                                         const float         *X,
                                         const float         *t,
                                         gsize                n,
                                         float               *grads);

/* The mean squared error without gradients; @values `[n]` (optional) gets the outputs. */
double entrena_mlp_evaluate_regression  (const EntrenaMlp    *mlp,
                                         EntrenaMlpWorkspace *ws,
                                         const float         *X,
                                         const float         *t,
                                         gsize                n,
                                         float               *values);

/* entrena_mlp_loss_grad() (@t NULL) or entrena_mlp_loss_grad_regression() (@y NULL) over @rows. */
double entrena_mlp_loss_grad_rows (const EntrenaMlp      *mlp,
                                   EntrenaMlpWorkspace   *ws,
                                   const EntrenaMlpRows  *rows,
                                   const guint8          *y,
                                   const float           *t,
                                   gsize                  n,
                                   float                 *grads,
                                   gsize                 *n_correct);

/* entrena_mlp_evaluate() (@t NULL) or entrena_mlp_evaluate_regression() (@y NULL) over @rows. */
double entrena_mlp_evaluate_rows  (const EntrenaMlp      *mlp,
                                   EntrenaMlpWorkspace   *ws,
                                   const EntrenaMlpRows  *rows,
                                   const guint8          *y,
                                   const float           *t,
                                   gsize                  n,
                                   gsize                 *n_correct,
                                   guint8                *predicted,
                                   float                 *values);

/* Predicted classes `[n]`, and optionally the softmax probabilities `[n][classes]`. */
void   entrena_mlp_predict        (const EntrenaMlp    *mlp,
                                   EntrenaMlpWorkspace *ws,
                                   const float         *X,
                                   gsize                n,
                                   guint8              *predicted,
                                   float               *probabilities);

G_END_DECLS
