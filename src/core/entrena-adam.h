/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaAdam:
 * @lr: learning rate
 * @step: steps taken so far
 * @n: parameters
 * @m: `[n]` first moments, laid out like the parameters
 * @v: `[n]` second moments
 *
 * `torch.optim.Adam` with its defaults (betas 0.9 and 0.999, eps 1e-8) and
 * no weight decay, in the same float32 arithmetic, one loop over the flat
 * parameter buffer.
 */
typedef struct
{
  double  lr;
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

/**
 * entrena_adam_update:
 * @n: parameters
 * @params: `[n]` updated in place
 * @grads: `[n]` their gradients
 * @m_state: `[n]` the first moments, updated
 * @v_state: `[n]` the second moments, updated
 * @lr: the learning rate
 * @step: this step's number, from 1
 *
 * One step of `torch.optim.Adam` with its default betas and eps on any
 * moment buffers: what entrena_adam_step() does, and AdamW after its decay.
 */
void         entrena_adam_update (gsize        n,
                                  float       *params,
                                  const float *grads,
                                  float       *m_state,
                                  float       *v_state,
                                  double       lr,
                                  guint64      step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaAdam, entrena_adam_free)

G_END_DECLS
