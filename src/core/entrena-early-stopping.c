/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training"

#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-early-stopping.h"

void
entrena_early_stopping_init (EntrenaEarlyStopping *self,
                             guint                 patience,
                             gsize                 n_params)
{
  memset (self, 0, sizeof *self);
  self->patience = patience;
  self->n_params = n_params;
  self->best_loss = INFINITY;
  if (patience > 0)
    self->best_params = g_new0 (float, MAX (n_params, 1));
}

void
entrena_early_stopping_clear (EntrenaEarlyStopping *self)
{
  g_clear_pointer (&self->best_params, g_free);
  g_clear_pointer (&self->stop_params, g_free);
}

gboolean
entrena_early_stopping_update (EntrenaEarlyStopping *self,
                               guint                 epoch,
                               float                 val_loss,
                               const float          *params)
{
  /* A NaN loss is no improvement. */
  if (val_loss < self->best_loss)
    {
      self->best_loss = val_loss;
      self->best_epoch = epoch;
      self->wait = 0;
      if (self->best_params != NULL)
        memcpy (self->best_params, params, self->n_params * sizeof (float));
      return FALSE;
    }

  self->wait++;
  if (self->patience == 0 || self->wait < self->patience || self->best_epoch == 0)
    return FALSE;

  self->stopped_epoch = epoch;
  return TRUE;
}

void
entrena_early_stopping_restore (EntrenaEarlyStopping *self,
                                float                *params)
{
  g_return_if_fail (self->stopped_epoch > 0 && self->best_params != NULL);

  if (self->stop_params == NULL)
    self->stop_params = g_new (float, MAX (self->n_params, 1));
  memcpy (self->stop_params, params, self->n_params * sizeof (float));
  memcpy (params, self->best_params, self->n_params * sizeof (float));
}

void
entrena_early_stopping_resume (EntrenaEarlyStopping *self,
                               float                *params)
{
  if (self->stopped_epoch == 0)
    return;
  if (self->stop_params != NULL)
    memcpy (params, self->stop_params, self->n_params * sizeof (float));
  g_clear_pointer (&self->stop_params, g_free);
  self->stopped_epoch = 0;
  self->wait = 0;
}
