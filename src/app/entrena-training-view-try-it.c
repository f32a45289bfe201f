/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include "entrena-snapshots.h"
#include "entrena-training-view-private.h"

/*
 * The training view's Try It: the network of the run on screen, at the
 * epoch cursor's epoch when the run keeps snapshots and the cursor was
 * moved back, else at its latest epoch. While a run goes on, the network
 * comes from the run's snapshots, which the worker adds to and the window
 * reads safely: at most ten times a second, and only while Try It is the
 * view on screen.
 */

/* The shortest time between two updates during a live run, in microseconds. */
#define LIVE_INTERVAL (G_USEC_PER_SEC / 10)

/* Whether a live run is due an update of Try It. */
static gboolean
live_update_due (EntrenaTrainingView *self)
{
  gint64 now = g_get_monotonic_time ();

  if (!g_str_equal (entrena_training_view_get_view (self), "try-it") ||
      now - self->try_it_updated < LIVE_INTERVAL)
    return FALSE;

  self->try_it_updated = now;
  return TRUE;
}

/* The run whose network Try It can use now. (transfer full) */
static EntrenaRunResult *
dup_shown_run (EntrenaTrainingView *self)
{
  if (!self->training)
    return self->result != NULL ? entrena_run_result_ref (self->result) : NULL;

  if (self->trainer == NULL)
    return NULL;

  if ((entrena_trainer_get_paused (self->trainer) && entrena_trainer_is_holding (self->trainer)) ||
      live_update_due (self))
    return entrena_trainer_dup_run (self->trainer);

  return NULL;
}

void
_entrena_training_view_update_try_it (EntrenaTrainingView *self)
{
  g_autoptr (EntrenaRunResult) run = dup_shown_run (self);
  g_autoptr (EntrenaMlp) snapshot = NULL;
  g_autoptr (EntrenaPredictor) predictor = NULL;
  gboolean following = entrena_epoch_cursor_get_following (self->epoch_cursor);
  const EntrenaMlp *mlp;
  guint found = 0;
  int epoch = -1;

  if (run == NULL)
    {
      /* New data or no run yet: nothing to try. A live run not due an
       * update keeps the network shown, which it leaves behind. */
      if (self->training)
        self->try_it_stale = TRUE;
      else
        {
          entrena_try_it_set_model (self->try_it, NULL, NULL);
          self->try_it_epoch = -1;
        }
      return;
    }

  /* A finished run's latest weights are its own; a run in progress is the
   * worker's, so its weights come from the snapshots, at the latest epoch
   * delivered or the cursor's. */
  mlp = self->training ? NULL : run->training->mlp;
  if ((self->training || !following) && run->training->snapshots != NULL)
    {
      snapshot = entrena_mlp_copy (run->training->mlp);
      if (entrena_snapshots_lookup (run->training->snapshots,
                                    following ? entrena_epoch_cursor_get_n_epochs (self->epoch_cursor)
                                              : entrena_epoch_cursor_get_epoch (self->epoch_cursor),
                                    snapshot->params, &found))
        {
          mlp = snapshot;
          epoch = (int) found;
        }
    }
  if (mlp == NULL)
    return;

  /* The same network as shown: nothing to do (the cursor notifies more than it moves). */
  if (entrena_try_it_get_run (self->try_it) == run && self->try_it_epoch == epoch && !self->try_it_stale &&
      !self->training)
    return;

  predictor = entrena_predictor_new (mlp, run->info);
  entrena_try_it_set_model (self->try_it, predictor, run);
  self->try_it_epoch = self->training ? -2 : epoch;
  self->try_it_stale = FALSE;
}
