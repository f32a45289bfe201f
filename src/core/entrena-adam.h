/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaAdam:
 * @lr: learning rate
 * @beta1: decay of the first moment (0.9)
 * @beta2: decay of the second moment (0.999)
 * @eps: added to the denominator after the bias-corrected square root (1e-8)
 * @step: steps taken so far
 * @n: parameters
 * @m: `[n]` first moments, laid out like the parameters
 * @v: `[n]` second moments
 *
 * `torch.optim.Adam` with its defaults and no weight decay, in the same float32
 * arithmetic, one loop over the flat parameter buffer.
 */
typedef struct
{
  double  lr;
  double  beta1;
  double  beta2;
  double  eps;
  guint64 step;
  gsize   n;
  float  *m;
  float  *v;
} EntrenaAdam;

EntrenaAdam *entrena_adam_new    (gsize  n,
                                  double lr) G_GNUC_WARN_UNUSED_RESULT;
void         entrena_adam_step   (EntrenaAdam *self,
                                  float       *params,
                                  const float *grads);
void         entrena_adam_free   (EntrenaAdam *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaAdam, entrena_adam_free)

G_END_DECLS
