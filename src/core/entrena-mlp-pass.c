/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-mlp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-kernels.h"
#include "entrena-loss.h"
#include "entrena-mlp-pass.h"

static void
scratch_init (EntrenaMlpScratch *scratch,
              const EntrenaMlp  *mlp,
              gsize              chunk_rows)
{
  guint widest = 1;

  scratch->acts = g_new0 (float *, mlp->n_layers + 1);
  for (guint l = 1; l <= mlp->n_layers; l++)
    scratch->acts[l] = g_aligned_alloc (chunk_rows * mlp->sizes[l], sizeof (float), 64);
  if (mlp->activation == ENTRENA_ACTIVATION_GELU)
    {
      scratch->pre = g_new0 (float *, mlp->n_layers);
      for (guint l = 1; l < mlp->n_layers; l++)
        scratch->pre[l] = g_aligned_alloc (chunk_rows * mlp->sizes[l], sizeof (float), 64);
    }
  for (guint l = 1; l < mlp->n_layers; l++)
    widest = MAX (widest, mlp->sizes[l]);
  scratch->delta[0] = g_aligned_alloc (chunk_rows * widest, sizeof (float), 64);
  scratch->delta[1] = g_aligned_alloc (chunk_rows * widest, sizeof (float), 64);
}

static void
scratch_clear (EntrenaMlpScratch *scratch,
               guint              n_layers)
{
  for (guint l = 1; l <= n_layers; l++)
    g_aligned_free (scratch->acts[l]);
  g_free (scratch->acts);
  if (scratch->pre != NULL)
    for (guint l = 1; l < n_layers; l++)
      g_aligned_free (scratch->pre[l]);
  g_free (scratch->pre);
  g_aligned_free (scratch->delta[0]);
  g_aligned_free (scratch->delta[1]);
  g_aligned_free (scratch->input);
}

EntrenaMlpWorkspace *
entrena_mlp_workspace_new (const EntrenaMlp *mlp,
                           gsize             chunk_rows)
{
  EntrenaMlpWorkspace *self;

  g_return_val_if_fail (mlp != NULL, NULL);
  g_return_val_if_fail (chunk_rows > 0, NULL);

  self = g_new0 (EntrenaMlpWorkspace, 1);
  self->chunk_rows = chunk_rows;
  self->n_layers = mlp->n_layers;
  self->n_slots = MAX (1, MIN (entrena_kernels_get_threads (), ENTRENA_MLP_MAX_TASKS));
  self->slots = g_new0 (EntrenaMlpScratch, self->n_slots);
  for (guint s = 0; s < self->n_slots; s++)
    scratch_init (&self->slots[s], mlp, chunk_rows);
  self->n_params = mlp->n_params;
  self->activation = mlp->activation;

  return self;
}

void
entrena_mlp_workspace_free (EntrenaMlpWorkspace *self)
{
  if (self == NULL)
    return;
  for (guint s = 0; s < self->n_slots; s++)
    scratch_clear (&self->slots[s], self->n_layers);
  g_free (self->slots);
  g_aligned_free (self->task_grads);
  g_free (self);
}

static void
forward_chunk (const EntrenaMlp        *mlp,
               const EntrenaMlpScratch *scratch,
               const float             *X,
               gsize                    n)
{
  const float *in = X;

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_in = mlp->sizes[l];
      gsize n_out = mlp->sizes[l + 1];
      const float *W = mlp->params + mlp->weight_offset[l];   /* [n_out][n_in] */
      const float *b = mlp->params + mlp->bias_offset[l];     /* [n_out] */
      float *out = scratch->acts[l + 1];                      /* [n][n_out] */
      gboolean hidden = l + 1 < mlp->n_layers;

      if (!hidden || mlp->activation == ENTRENA_ACTIVATION_RELU)
        {
          /* out = in · Wᵀ + b, then ReLU between layers: nn.Linear's addmm. */
          entrena_linear_forward (n, n_in, n_out, in, n_in, W, n_in, b, hidden, out, n_out);
        }
      else
        {
          /* The same product, then the activation in a pass of its own;
           * GELU's backward needs its input, which is kept. */
          float *z = scratch->pre != NULL ? scratch->pre[l + 1] : out;

          entrena_linear_forward (n, n_in, n_out, in, n_in, W, n_in, b, FALSE, z, n_out);
          entrena_activation_forward (mlp->activation, n * n_out, z, out);
        }
      in = out;
    }
}

void
entrena_mlp_forward (const EntrenaMlp    *mlp,
                     EntrenaMlpWorkspace *ws,
                     const float         *X,
                     gsize                n)
{
  g_assert (n <= ws->chunk_rows);
  g_assert (ws->activation == mlp->activation);

  forward_chunk (mlp, &ws->slots[0], X, n);
}

/* Backward through all layers for one chunk of rows whose dlogits are in
 * scratch->acts[n_layers]. Gradients are written (@accumulate FALSE) or added. */
static void
backward_chunk (const EntrenaMlp        *mlp,
                const EntrenaMlpScratch *scratch,
                const float             *X,
                gsize                    n,
                float                   *grads,
                gboolean                 accumulate)
{
  const float *delta = scratch->acts[mlp->n_layers];   /* [n][sizes[L]] dL/dlogits */
  guint turn = 0;

  for (guint l = mlp->n_layers; l-- > 0;)
    {
      gsize n_in = mlp->sizes[l];
      gsize n_out = mlp->sizes[l + 1];
      const float *in = l == 0 ? X : scratch->acts[l];        /* [n][n_in] */
      const float *W = mlp->params + mlp->weight_offset[l];   /* [n_out][n_in] */
      float *dW = grads + mlp->weight_offset[l];
      float *db = grads + mlp->bias_offset[l];

      /* dW (+)= deltaᵀ · in ; db (+)= Σ_rows delta */
      entrena_linear_backward_weight (n, n_in, n_out, 1.0f, delta, n_out, in, n_in,
                                      accumulate ? 1.0f : 0.0f, dW, n_in, db);

      if (l > 0)
        {
          float *next = scratch->delta[turn];                 /* [n][n_in] */

          if (mlp->activation == ENTRENA_ACTIVATION_RELU)
            {
              /* d in = delta · W, masked by the ReLU that produced `in`. */
              entrena_linear_backward_input (n, n_in, n_out, delta, n_out, W, n_in, in, n_in, next, n_in);
            }
          else
            {
              /* d in = delta · W, then through the activation's derivative. */
              entrena_linear_backward_input (n, n_in, n_out, delta, n_out, W, n_in, NULL, 0, next, n_in);
              entrena_activation_backward (mlp->activation, n * n_in,
                                           scratch->pre != NULL ? scratch->pre[l] : NULL, in, next);
            }
          delta = next;
          turn ^= 1;
        }
    }
}

/*
 * A pass over n rows: chunks of ws->chunk_rows rows, grouped into tasks.
 * Task t covers chunks [t · n_chunks / n_tasks, (t + 1) · n_chunks / n_tasks).
 */
typedef struct
{
  const EntrenaMlp    *mlp;
  EntrenaMlpWorkspace *ws;
  EntrenaMlpRows       rows;
  const guint8        *y;
  const float         *t;            /* regression targets, or NULL to classify */
  float               *values;       /* regression evaluation only, or NULL */
  gsize                n;
  gsize                n_chunks;
  gsize                n_tasks;
  float               *grads;        /* the caller's, when there is one task */
  guint8              *predicted;    /* evaluation only, or NULL */
  double               loss[ENTRENA_MLP_MAX_TASKS];
  gsize                correct[ENTRENA_MLP_MAX_TASKS];
} Pass;

static void
pass_init (Pass                 *pass,
           const EntrenaMlp     *mlp,
           EntrenaMlpWorkspace  *ws,
           const EntrenaMlpRows *rows,
           const guint8         *y,
           gsize                 n)
{
  g_assert (ws->activation == mlp->activation);
  g_assert (rows->index == NULL || rows->scaler == NULL || rows->scaler->n_features == mlp->sizes[0]);

  memset (pass, 0, sizeof *pass);
  pass->mlp = mlp;
  pass->ws = ws;
  pass->rows = *rows;
  pass->y = y;
  pass->n = n;
  pass->n_chunks = (n + ws->chunk_rows - 1) / ws->chunk_rows;
  pass->n_tasks = MIN (pass->n_chunks, ENTRENA_MLP_MAX_TASKS);

  /* Room for a gathered chunk per thread, made once. */
  if (rows->index != NULL)
    for (guint s = 0; s < ws->n_slots; s++)
      if (ws->slots[s].input == NULL)
        ws->slots[s].input = g_aligned_alloc (ws->chunk_rows * mlp->sizes[0], sizeof (float), 64);
}

/* Rows ahead of the one copied whose reads are started, so that the random
 * reads of a gathered chunk overlap. */
#define GATHER_AHEAD 16

/* The @count rows of the pass from @first, as the network takes them: in
 * place in X, or gathered (and standardized) into @input. */
static const float *
pass_chunk (const Pass *pass,
            gsize       first,
            gsize       count,
            float      *input)
{
  const EntrenaMlpRows *rows = &pass->rows;
  gsize d = pass->mlp->sizes[0];

  if (rows->index == NULL)
    return rows->X + first * d;

  for (gsize i = 0; i < count; i++)
    {
      gsize ahead = first + i + GATHER_AHEAD;

      if (ahead < pass->n)
        {
          const float *next = rows->X + (gsize) rows->index[ahead] * d;

          __builtin_prefetch (next);
          __builtin_prefetch (next + d - 1);
        }
      memcpy (input + i * d, rows->X + (gsize) rows->index[first + i] * d, d * sizeof (float));
    }
  if (rows->scaler != NULL)
    entrena_scaler_transform (rows->scaler, input, (guint) count);
  return input;
}

static void
task_rows (const Pass *pass,
           gsize       task,
           gsize      *start,
           gsize      *end)
{
  gsize first = task * pass->n_chunks / pass->n_tasks;
  gsize last = (task + 1) * pass->n_chunks / pass->n_tasks;

  *start = first * pass->ws->chunk_rows;
  *end = MIN (last * pass->ws->chunk_rows, pass->n);
}

/*
 * One task of a pass: forward and cross-entropy over its chunks, then, when
 * training (pass->grads), backward into the task's gradient; when
 * evaluating, the predicted classes if asked for.
 */
static void
pass_task (void    *data,
           gsize    task,
           guint    slot)
{
  Pass *pass = data;
  const EntrenaMlp *mlp = pass->mlp;
  const EntrenaMlpScratch *scratch = &pass->ws->slots[slot];
  guint n_classes = mlp->sizes[mlp->n_layers];
  float *grads = NULL;
  gsize start, end;
  double loss = 0;
  gsize correct = 0;

  if (pass->grads != NULL)
    grads = pass->n_tasks == 1 ? pass->grads : pass->ws->task_grads + task * pass->ws->n_params;

  task_rows (pass, task, &start, &end);
  for (gsize first = start; first < end; first += pass->ws->chunk_rows)
    {
      gsize rows = MIN (pass->ws->chunk_rows, end - first);
      const float *x = pass_chunk (pass, first, rows, scratch->input);
      float *logits = scratch->acts[mlp->n_layers];
      gsize chunk_correct = 0;

      forward_chunk (mlp, scratch, x, rows);
      if (pass->predicted != NULL)
        for (gsize i = 0; i < rows; i++)
          pass->predicted[first + i] = (guint8) entrena_argmax (logits + i * n_classes, n_classes);
      /* Training overwrites the logits with their gradient. */
      if (pass->t != NULL)
        {
          if (pass->values != NULL)
            memcpy (pass->values + first, logits, rows * sizeof (float));
          loss += entrena_squared_error (logits, pass->t + first, rows, pass->n,
                                         grads != NULL ? logits : NULL);
        }
      else
        loss += entrena_cross_entropy (logits, pass->y + first, rows, n_classes, pass->n,
                                       grads != NULL ? logits : NULL, &chunk_correct);
      correct += chunk_correct;
      if (grads != NULL)
        backward_chunk (mlp, scratch, x, rows, grads, first > start);
    }

  pass->loss[task] = loss;
  pass->correct[task] = correct;
}

/* Runs the pass's tasks on the kernels' threads; returns the mean loss. */
static double
pass_run (Pass  *pass,
          gsize *n_correct)
{
  double loss = 0;
  gsize correct = 0;

  entrena_kernels_run_tasks (pass->n_tasks, pass->ws->n_slots, pass_task, pass);

  /* The tasks' sums, in task order. */
  for (gsize t = 0; t < pass->n_tasks; t++)
    {
      loss += pass->loss[t];
      correct += pass->correct[t];
    }
  if (n_correct != NULL)
    *n_correct = correct;

  return loss / (double) pass->n;
}

/* A training pass: classes @y, or regression targets @t. */
static double
loss_grad (const EntrenaMlp     *mlp,
           EntrenaMlpWorkspace  *ws,
           const EntrenaMlpRows *rows,
           const guint8         *y,
           const float         *t,
           gsize                n,
           float               *grads,
           gsize               *n_correct)
{
  Pass pass;
  double loss;

  if (n == 0)
    {
      memset (grads, 0, mlp->n_params * sizeof (float));
      if (n_correct != NULL)
        *n_correct = 0;
      return 0;
    }

  pass_init (&pass, mlp, ws, rows, y, n);
  pass.t = t;
  pass.grads = grads;
  if (pass.n_tasks > 1 && ws->task_grads == NULL)
    ws->task_grads = g_aligned_alloc0 ((gsize) ENTRENA_MLP_MAX_TASKS * ws->n_params,
                                       sizeof (float), 64);

  loss = pass_run (&pass, n_correct);

  /* The tasks' gradients, in task order. */
  if (pass.n_tasks > 1)
    {
      memcpy (grads, ws->task_grads, ws->n_params * sizeof (float));
      for (gsize task = 1; task < pass.n_tasks; task++)
        {
          const float *g = ws->task_grads + task * ws->n_params;

          for (gsize i = 0; i < ws->n_params; i++)
            grads[i] += g[i];
        }
    }

  return loss;
}

double
entrena_mlp_loss_grad (const EntrenaMlp    *mlp,
                       EntrenaMlpWorkspace *ws,
                       const float         *X,
                       const guint8        *y,
                       gsize                n,
                       float               *grads,
                       gsize               *n_correct)
{
  EntrenaMlpRows rows = { X, NULL, NULL };

  return loss_grad (mlp, ws, &rows, y, NULL, n, grads, n_correct);
}

double
entrena_mlp_loss_grad_regression (const EntrenaMlp    *mlp,
                                  EntrenaMlpWorkspace *ws,
                                  const float         *X,
                                  const float         *t,
                                  gsize                n,
                                  float               *grads)
{
  EntrenaMlpRows rows = { X, NULL, NULL };

  g_assert (mlp->sizes[mlp->n_layers] == 1);

  return loss_grad (mlp, ws, &rows, NULL, t, n, grads, NULL);
}

double
entrena_mlp_loss_grad_rows (const EntrenaMlp     *mlp,
                            EntrenaMlpWorkspace  *ws,
                            const EntrenaMlpRows *rows,
                            const guint8         *y,
                            const float          *t,
                            gsize                 n,
                            float                *grads,
                            gsize                *n_correct)
{
  g_assert (t == NULL || mlp->sizes[mlp->n_layers] == 1);

  if (t != NULL && n_correct != NULL)
    *n_correct = 0;
  return loss_grad (mlp, ws, rows, t != NULL ? NULL : y, t, n, grads, t != NULL ? NULL : n_correct);
}

double
entrena_mlp_evaluate_rows (const EntrenaMlp     *mlp,
                           EntrenaMlpWorkspace  *ws,
                           const EntrenaMlpRows *rows,
                           const guint8         *y,
                           const float          *t,
                           gsize                 n,
                           gsize                *n_correct,
                           guint8               *predicted,
                           float                *values)
{
  Pass pass;

  g_assert (t == NULL || mlp->sizes[mlp->n_layers] == 1);

  if (n == 0)
    {
      if (n_correct != NULL)
        *n_correct = 0;
      return 0;
    }

  pass_init (&pass, mlp, ws, rows, t != NULL ? NULL : y, n);
  pass.t = t;
  pass.values = t != NULL ? values : NULL;
  pass.predicted = t != NULL ? NULL : predicted;

  return pass_run (&pass, t != NULL ? NULL : n_correct);
}

double
entrena_mlp_evaluate_regression (const EntrenaMlp    *mlp,
                                 EntrenaMlpWorkspace *ws,
                                 const float         *X,
                                 const float         *t,
                                 gsize                n,
                                 float               *values)
{
  EntrenaMlpRows rows = { X, NULL, NULL };

  g_assert (t != NULL);

  return entrena_mlp_evaluate_rows (mlp, ws, &rows, NULL, t, n, NULL, NULL, values);
}

double
entrena_mlp_evaluate (const EntrenaMlp    *mlp,
                      EntrenaMlpWorkspace *ws,
                      const float         *X,
                      const guint8        *y,
                      gsize                n,
                      gsize               *n_correct,
                      guint8              *predicted)
{
  EntrenaMlpRows rows = { X, NULL, NULL };

  return entrena_mlp_evaluate_rows (mlp, ws, &rows, y, NULL, n, n_correct, predicted, NULL);
}

void
entrena_mlp_predict (const EntrenaMlp    *mlp,
                     EntrenaMlpWorkspace *ws,
                     const float         *X,
                     gsize                n,
                     guint8              *predicted,
                     float               *probabilities)
{
  guint n_classes = mlp->sizes[mlp->n_layers];
  gsize n_inputs = mlp->sizes[0];

  for (gsize start = 0; start < n; start += ws->chunk_rows)
    {
      gsize rows = MIN (ws->chunk_rows, n - start);
      const float *logits = ws->slots[0].acts[mlp->n_layers];

      entrena_mlp_forward (mlp, ws, X + start * n_inputs, rows);
      for (gsize i = 0; i < rows; i++)
        {
          const float *z = logits + i * n_classes;

          if (predicted != NULL)
            predicted[start + i] = (guint8) entrena_argmax (z, n_classes);
          if (probabilities != NULL)
            {
              float *p = probabilities + (start + i) * n_classes;
              float max = z[0];
              double sum = 0;

              for (guint c = 1; c < n_classes; c++)
                max = MAX (max, z[c]);
              for (guint c = 0; c < n_classes; c++)
                sum += exp ((double) z[c] - max);
              for (guint c = 0; c < n_classes; c++)
                p[c] = (float) (exp ((double) z[c] - max) / sum);
            }
        }
    }
}
