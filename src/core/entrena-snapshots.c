/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-snapshots"

#include "config.h"

#include <string.h>

#include "entrena-snapshots.h"

typedef struct
{
  guint  epoch;
  float *params;
} Snapshot;

struct _EntrenaSnapshots
{
  GMutex  lock;
  gsize   n_params;
  guint   capacity;   /* snapshots that fit in the budget, at least 2 */
  guint   stride;     /* epochs kept: multiples of it, and the newest */
  GArray *kept;       /* of Snapshot, by epoch */
};

/**
 * entrena_snapshots_new:
 * @n_params: floats in the network's weights
 * @budget_bytes: memory the weights may take
 *
 * Returns: (transfer full): an empty set of snapshots
 */
EntrenaSnapshots *
entrena_snapshots_new (gsize n_params,
                       gsize budget_bytes)
{
  EntrenaSnapshots *self = g_new0 (EntrenaSnapshots, 1);
  gsize size = MAX (n_params, 1) * sizeof (float);

  g_mutex_init (&self->lock);
  self->n_params = n_params;
  self->capacity = (guint) MAX (2, MIN (budget_bytes / size, G_MAXUINT / 2));
  self->stride = 1;
  self->kept = g_array_new (FALSE, FALSE, sizeof (Snapshot));
  return self;
}

void
entrena_snapshots_free (EntrenaSnapshots *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->kept->len; i++)
    g_free (g_array_index (self->kept, Snapshot, i).params);
  g_array_unref (self->kept);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Keeps the multiples of a doubled stride and the newest snapshot. */
static void
thin (EntrenaSnapshots *self)
{
  guint out = 0;

  self->stride *= 2;
  for (guint i = 0; i < self->kept->len; i++)
    {
      Snapshot *s = &g_array_index (self->kept, Snapshot, i);

      if (s->epoch % self->stride == 0 || i + 1 == self->kept->len)
        g_array_index (self->kept, Snapshot, out++) = *s;
      else
        g_free (s->params);
    }
  g_array_set_size (self->kept, out);
}

/**
 * entrena_snapshots_add:
 * @self: snapshots
 * @epoch: the epoch after which @params were taken; 0 for the initial ones
 * @params: `[n_params]` the weights
 *
 * Epochs are added in increasing order. The previous newest snapshot leaves
 * when it is not a multiple of the stride.
 */
void
entrena_snapshots_add (EntrenaSnapshots *self,
                       guint             epoch,
                       const float      *params)
{
  Snapshot s;

  g_mutex_lock (&self->lock);
  if (self->kept->len > 0)
    {
      Snapshot *newest = &g_array_index (self->kept, Snapshot, self->kept->len - 1);

      g_warn_if_fail (newest->epoch < epoch);
      if (newest->epoch % self->stride != 0)
        {
          g_free (newest->params);
          g_array_set_size (self->kept, self->kept->len - 1);
        }
    }
  s.epoch = epoch;
  s.params = g_memdup2 (params, self->n_params * sizeof (float));
  g_array_append_val (self->kept, s);
  while (self->kept->len > self->capacity)
    thin (self);
  g_mutex_unlock (&self->lock);
}

/**
 * entrena_snapshots_lookup:
 * @self: snapshots
 * @epoch: the epoch wanted
 * @params: (out caller-allocates): `[n_params]` the weights found
 * @found_epoch: (out) (optional): the epoch they were taken after: @epoch
 *   itself, or the nearest earlier one kept
 *
 * Returns: %FALSE when nothing at or before @epoch is kept
 */
gboolean
entrena_snapshots_lookup (EntrenaSnapshots *self,
                          guint             epoch,
                          float            *params,
                          guint            *found_epoch)
{
  const Snapshot *best = NULL;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->kept->len; i++)
    {
      const Snapshot *s = &g_array_index (self->kept, Snapshot, i);

      if (s->epoch > epoch)
        break;
      best = s;
    }
  if (best != NULL)
    {
      memcpy (params, best->params, self->n_params * sizeof (float));
      if (found_epoch != NULL)
        *found_epoch = best->epoch;
    }
  g_mutex_unlock (&self->lock);
  return best != NULL;
}

/* 1 while every epoch is kept; k when only every k-th one is. */
guint
entrena_snapshots_get_stride (EntrenaSnapshots *self)
{
  guint stride;

  g_mutex_lock (&self->lock);
  stride = self->stride;
  g_mutex_unlock (&self->lock);
  return stride;
}
