/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaEarlyStopping:
 * @patience: epochs without a lower validation loss before stopping; 0 never
 *   stops (the best epoch is still followed)
 * @n_params: the length of the weight buffers
 * @best_loss: the lowest validation loss so far (+inf before the first epoch)
 * @best_epoch: the 1-based epoch of @best_loss, 0 before the first epoch
 * @wait: epochs since @best_epoch (or since training went on after a stop)
 *   without a lower validation loss
 * @stopped_epoch: the epoch at which patience ran out, 0 while it has not
 * @best_params: (nullable): `[n_params]` the weights after @best_epoch, kept
 *   only with a @patience
 * @stop_params: (nullable): `[n_params]` the weights at @stopped_epoch, from
 *   which training goes on after a stop
 *
 * The rule of early stopping: after every epoch the validation loss either
 * falls below the best so far (strictly), which becomes the best epoch and
 * its weights are kept, or it does not, and after @patience such epochs in a
 * row training stops and the best epoch's weights come back.
 */
typedef struct
{
  guint  patience;
  gsize  n_params;
  float  best_loss;
  guint  best_epoch;
  guint  wait;
  guint  stopped_epoch;
  float *best_params;
  float *stop_params;
} EntrenaEarlyStopping;

void     entrena_early_stopping_init   (EntrenaEarlyStopping *self,
                                        guint                 patience,
                                        gsize                 n_params);
void     entrena_early_stopping_clear  (EntrenaEarlyStopping *self);

/* Takes the validation loss after @epoch with the weights @params; returns
 * %TRUE when patience ran out at this epoch. */
gboolean entrena_early_stopping_update (EntrenaEarlyStopping *self,
                                        guint                 epoch,
                                        float                 val_loss,
                                        const float          *params);

/* After a stop: keeps @params (the weights at the stop) to go on from and
 * puts the best epoch's weights in their place. */
void     entrena_early_stopping_restore (EntrenaEarlyStopping *self,
                                         float                *params);

/* Before going on after a stop: puts back the weights at the stop into
 * @params and counts patience afresh; the best epoch stays the best so far. */
void     entrena_early_stopping_resume  (EntrenaEarlyStopping *self,
                                         float                *params);

G_END_DECLS
