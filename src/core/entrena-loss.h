/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * entrena_cross_entropy:
 * @logits: `[n][n_classes]` row-major scores
 * @y: `[n]` class indices
 * @n: rows
 * @n_classes: classes
 * @total_rows: the N of the mean: @n for a whole batch, or the batch's rows
 *   when @logits is one chunk of it
 * @dlogits: (nullable): `[n][n_classes]` output, the gradient of the mean loss
 *   over @total_rows, `(softmax - onehot) / total_rows`; may alias @logits
 * @n_correct: (out) (optional): rows whose largest logit is their class
 *
 * PyTorch's `nn.CrossEntropyLoss ()`: log-softmax made stable by subtracting
 * each row's maximum, then the negative log-likelihood.
 *
 * Returns: the SUM of the per-row losses (divide by @total_rows for the mean);
 *   summed in double so that chunks add up without loss
 */
double entrena_cross_entropy (const float  *logits,
                              const guint8 *y,
                              gsize         n,
                              guint         n_classes,
                              gsize         total_rows,
                              float        *dlogits,
                              gsize        *n_correct);

/* The index of the largest of @n_classes scores; the first one on ties, as torch.argmax. */
guint  entrena_argmax        (const float *scores,
                              guint        n_classes);

/**
 * entrena_squared_error:
 * @out: `[n]` the network's single output per row
 * @t: `[n]` the targets
 * @n: rows
 * @total_rows: the N of the mean, as for entrena_cross_entropy()
 * @dout: (nullable): `[n]` output, the gradient of the mean loss over
 *   @total_rows, `2 / N · (out − t)` as `mse_loss_backward` computes it; may
 *   alias @out
 *
 * PyTorch's `nn.MSELoss ()` (the mean of the squared errors) for one output.
 *
 * Returns: the SUM of the squared errors (divide by @total_rows for the
 *   mean), summed in double
 */
double entrena_squared_error           (const float *out,
                                        const float *t,
                                        gsize        n,
                                        gsize        total_rows,
                                        float       *dout);

/* The same, one row at a time in the plainest way: the reference the tests
 * hold entrena_squared_error() to. */
double entrena_squared_error_reference (const float *out,
                                        const float *t,
                                        gsize        n,
                                        gsize        total_rows,
                                        float       *dout);

G_END_DECLS
