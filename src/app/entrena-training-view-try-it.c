/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include "entrena-snapshots.h"
#include "entrena-training-view-private.h"

/*
 * The training view's Try It: the network of the run on screen, at the
 * epoch cursor's epoch when the run keeps snapshots and the cursor was
 * moved back, else at its latest epoch. It follows a finished run, or one
 * that holds paused; while a run goes on it keeps what it showed.
 */

/* The run whose network Try It can use now. (transfer full) */
static EntrenaRunResult *
dup_shown_run (EntrenaTrainingView *self)
{
  if (!self->training)
    return self->result != NULL ? entrena_run_result_ref (self->result) : NULL;

  if (self->trainer != NULL && entrena_trainer_get_paused (self->trainer) &&
      entrena_trainer_is_holding (self->trainer))
    return entrena_trainer_dup_run (self->trainer);

  return NULL;
}

void
_entrena_training_view_update_try_it (EntrenaTrainingView *self)
{
  g_autoptr (EntrenaRunResult) run = dup_shown_run (self);
  g_autoptr (EntrenaMlp) rewound = NULL;
  g_autoptr (EntrenaPredictor) predictor = NULL;
  const EntrenaMlp *mlp;
  guint found = 0;
  int epoch = -1;

  if (run == NULL)
    {
      /* New data or no run yet: nothing to try. A live run keeps the last
       * network shown, which it leaves behind. */
      if (self->training)
        self->try_it_stale = TRUE;
      else
        {
          entrena_try_it_set_model (self->try_it, NULL, NULL);
          self->try_it_epoch = -1;
        }
      return;
    }

  mlp = run->training->mlp;
  if (!entrena_epoch_cursor_get_following (self->epoch_cursor) && run->training->snapshots != NULL)
    {
      rewound = entrena_mlp_copy (mlp);
      if (entrena_snapshots_lookup (run->training->snapshots, entrena_epoch_cursor_get_epoch (self->epoch_cursor),
                                    rewound->params, &found))
        {
          mlp = rewound;
          epoch = (int) found;
        }
    }

  /* The same network as shown: nothing to do (the cursor notifies more than it moves). */
  if (entrena_try_it_get_run (self->try_it) == run && self->try_it_epoch == epoch && !self->try_it_stale &&
      !self->training)
    return;

  predictor = entrena_predictor_new (mlp, run->info);
  entrena_try_it_set_model (self->try_it, predictor, run);
  self->try_it_epoch = epoch;
  self->try_it_stale = FALSE;
}
