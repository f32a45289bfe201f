/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-mlp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-kernels.h"
#include "entrena-loss.h"
#include "entrena-mlp-pass.h"

EntrenaMlpWorkspace *
entrena_mlp_workspace_new (const EntrenaMlp *mlp,
                           gsize             chunk_rows)
{
  EntrenaMlpWorkspace *self;
  guint widest = 0;

  g_return_val_if_fail (mlp != NULL, NULL);
  g_return_val_if_fail (chunk_rows > 0, NULL);

  self = g_new0 (EntrenaMlpWorkspace, 1);
  self->chunk_rows = chunk_rows;
  self->n_layers = mlp->n_layers;
  self->acts = g_new0 (float *, mlp->n_layers + 1);
  for (guint l = 1; l <= mlp->n_layers; l++)
    {
      self->acts[l] = g_aligned_alloc (chunk_rows * mlp->sizes[l], sizeof (float), 64);
      widest = MAX (widest, mlp->sizes[l]);
    }
  for (guint l = 1; l < mlp->n_layers; l++)
    widest = MAX (widest, mlp->sizes[l]);
  self->delta[0] = g_aligned_alloc (chunk_rows * widest, sizeof (float), 64);
  self->delta[1] = g_aligned_alloc (chunk_rows * widest, sizeof (float), 64);

  return self;
}

void
entrena_mlp_workspace_free (EntrenaMlpWorkspace *self)
{
  if (self == NULL)
    return;
  for (guint l = 1; l <= self->n_layers; l++)
    g_aligned_free (self->acts[l]);
  g_free (self->acts);
  g_aligned_free (self->delta[0]);
  g_aligned_free (self->delta[1]);
  g_free (self);
}

void
entrena_mlp_forward (const EntrenaMlp    *mlp,
                     EntrenaMlpWorkspace *ws,
                     const float         *X,
                     gsize                n)
{
  const float *in = X;

  g_assert (n <= ws->chunk_rows);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_in = mlp->sizes[l];
      gsize n_out = mlp->sizes[l + 1];
      const float *W = mlp->params + mlp->weight_offset[l];   /* [n_out][n_in] */
      const float *b = mlp->params + mlp->bias_offset[l];     /* [n_out] */
      float *out = ws->acts[l + 1];                           /* [n][n_out] */
      gboolean relu = l + 1 < mlp->n_layers;

      /* out = in · Wᵀ + b, then ReLU between layers: nn.Linear's addmm. */
      entrena_linear_forward (n, n_in, n_out, in, n_in, W, n_in, b, relu, out, n_out);
      in = out;
    }
}

/* Backward through all layers for one chunk of rows whose dlogits are in
 * ws->acts[n_layers]. Gradients are written (@accumulate FALSE) or added. */
static void
backward_chunk (const EntrenaMlp    *mlp,
                EntrenaMlpWorkspace *ws,
                const float         *X,
                gsize                n,
                float               *grads,
                gboolean             accumulate)
{
  const float *delta = ws->acts[mlp->n_layers];   /* [n][sizes[L]] dL/dlogits */
  guint turn = 0;

  for (guint l = mlp->n_layers; l-- > 0;)
    {
      gsize n_in = mlp->sizes[l];
      gsize n_out = mlp->sizes[l + 1];
      const float *in = l == 0 ? X : ws->acts[l];             /* [n][n_in] */
      const float *W = mlp->params + mlp->weight_offset[l];   /* [n_out][n_in] */
      float *dW = grads + mlp->weight_offset[l];
      float *db = grads + mlp->bias_offset[l];

      /* dW (+)= deltaᵀ · in ; db (+)= Σ_rows delta */
      entrena_linear_backward_weight (n, n_in, n_out, 1.0f, delta, n_out, in, n_in,
                                      accumulate ? 1.0f : 0.0f, dW, n_in, db);

      if (l > 0)
        {
          float *next = ws->delta[turn];                      /* [n][n_in] */

          /* d in = delta · W, masked by the ReLU that produced `in`. */
          entrena_linear_backward_input (n, n_in, n_out, delta, n_out, W, n_in, in, n_in, next, n_in);
          delta = next;
          turn ^= 1;
        }
    }
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
  guint n_classes = mlp->sizes[mlp->n_layers];
  gsize n_inputs = mlp->sizes[0];
  double loss = 0;
  gsize correct = 0;

  for (gsize start = 0; start < n; start += ws->chunk_rows)
    {
      gsize rows = MIN (ws->chunk_rows, n - start);
      const float *x = X + start * n_inputs;
      float *logits = ws->acts[mlp->n_layers];
      gsize chunk_correct = 0;

      entrena_mlp_forward (mlp, ws, x, rows);
      loss += entrena_cross_entropy (logits, y + start, rows, n_classes, n, logits, &chunk_correct);
      correct += chunk_correct;
      backward_chunk (mlp, ws, x, rows, grads, start > 0);
    }

  if (n_correct != NULL)
    *n_correct = correct;

  return n > 0 ? loss / (double) n : 0;
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
  guint n_classes = mlp->sizes[mlp->n_layers];
  gsize n_inputs = mlp->sizes[0];
  double loss = 0;
  gsize correct = 0;

  for (gsize start = 0; start < n; start += ws->chunk_rows)
    {
      gsize rows = MIN (ws->chunk_rows, n - start);
      const float *logits = ws->acts[mlp->n_layers];
      gsize chunk_correct = 0;

      entrena_mlp_forward (mlp, ws, X + start * n_inputs, rows);
      loss += entrena_cross_entropy (logits, y + start, rows, n_classes, n, NULL, &chunk_correct);
      correct += chunk_correct;
      if (predicted != NULL)
        for (gsize i = 0; i < rows; i++)
          predicted[start + i] = (guint8) entrena_argmax (logits + i * n_classes, n_classes);
    }

  if (n_correct != NULL)
    *n_correct = correct;

  return n > 0 ? loss / (double) n : 0;
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
      const float *logits = ws->acts[mlp->n_layers];

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
