/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-run-control"

#include "config.h"

#include <math.h>

#include "entrena-run-control.h"

/* A waiting training thread looks at its cancellable at least this often,
 * so closing a window ends a paused or slow run at once. */
#define CANCEL_POLL_US (20 * G_TIME_SPAN_MILLISECOND)

struct _EntrenaRunControl
{
  GMutex   lock;
  GCond    changed;      /* any of the fields below changed */
  gboolean stopped;
  gboolean paused;
  guint    steps;        /* epochs granted while paused */
  double   pace;         /* epochs per second; 0 for the fastest */
  gint64   last_epoch;   /* monotonic time the last epoch began, or 0 */
  gboolean holding;      /* the training thread waits for the person */
};

EntrenaRunControl *
entrena_run_control_new (void)
{
  EntrenaRunControl *self = g_atomic_rc_box_new0 (EntrenaRunControl);

  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  return self;
}

EntrenaRunControl *
entrena_run_control_ref (EntrenaRunControl *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
control_clear (EntrenaRunControl *self)
{
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
}

void
entrena_run_control_unref (EntrenaRunControl *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) control_clear);
}

/* Runs @change under the lock and wakes the training thread. */
#define CHANGE(self, change) \
  G_STMT_START { \
    g_mutex_lock (&(self)->lock); \
    change; \
    g_cond_broadcast (&(self)->changed); \
    g_mutex_unlock (&(self)->lock); \
  } G_STMT_END

/**
 * entrena_run_control_stop:
 * @self: a run control
 *
 * Ends the run after the epoch it is in (or at once, if it waits between
 * epochs), keeping what it learned.
 */
void
entrena_run_control_stop (EntrenaRunControl *self)
{
  CHANGE (self, self->stopped = TRUE);
}

/**
 * entrena_run_control_set_paused:
 * @self: a run control
 * @paused: whether the run holds after the epoch it is in
 *
 * Pausing takes effect between epochs; resuming drops any steps not yet
 * taken.
 */
void
entrena_run_control_set_paused (EntrenaRunControl *self,
                                gboolean           paused)
{
  CHANGE (self, {
    self->paused = !!paused;
    if (!paused)
      self->steps = 0;
  });
}

gboolean
entrena_run_control_get_paused (EntrenaRunControl *self)
{
  gboolean paused;

  g_mutex_lock (&self->lock);
  paused = self->paused;
  g_mutex_unlock (&self->lock);
  return paused;
}

/**
 * entrena_run_control_step:
 * @self: a run control
 *
 * Lets a run take exactly one more epoch and hold again: it pauses the run
 * if it was not paused. Before a run starts, the run trains its first epoch
 * and holds.
 */
void
entrena_run_control_step (EntrenaRunControl *self)
{
  CHANGE (self, {
    self->paused = TRUE;
    self->steps++;
  });
}

/**
 * entrena_run_control_set_pace:
 * @self: a run control
 * @epochs_per_second: at most this many epochs begin each second;
 *   %ENTRENA_PACE_FASTEST (0) for no limit
 *
 * Takes effect at once, also for a run waiting for its next epoch.
 */
void
entrena_run_control_set_pace (EntrenaRunControl *self,
                              double             epochs_per_second)
{
  if (!(epochs_per_second > 0) || !isfinite (epochs_per_second))
    epochs_per_second = ENTRENA_PACE_FASTEST;
  CHANGE (self, self->pace = epochs_per_second);
}

double
entrena_run_control_get_pace (EntrenaRunControl *self)
{
  double pace;

  g_mutex_lock (&self->lock);
  pace = self->pace;
  g_mutex_unlock (&self->lock);
  return pace;
}

void
entrena_run_control_rearm (EntrenaRunControl *self)
{
  CHANGE (self, {
    self->stopped = FALSE;
    self->last_epoch = 0;
    self->holding = FALSE;
  });
}

/**
 * entrena_run_control_wait:
 * @self: a run control
 * @cancellable: (nullable): the run's cancellable
 *
 * Called by the training thread before each epoch: waits while the run is
 * paused with no step granted, and until the pace allows the next epoch.
 *
 * Returns: %TRUE to run the next epoch, %FALSE when the run was stopped or
 *   cancelled
 */
gboolean
entrena_run_control_wait (EntrenaRunControl *self,
                          GCancellable      *cancellable)
{
  gboolean go = FALSE;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 until = now + CANCEL_POLL_US;

      if (self->stopped || g_cancellable_is_cancelled (cancellable))
        break;

      if (self->paused && self->steps == 0)
        self->holding = TRUE;
      else
        {
          /* A step runs at once; otherwise the pace decides. */
          gint64 due = self->last_epoch == 0 || self->pace <= 0 || (self->paused && self->steps > 0)
                         ? now
                         : self->last_epoch + (gint64) (G_USEC_PER_SEC / self->pace);

          self->holding = FALSE;
          if (due <= now)
            {
              if (self->paused)
                self->steps--;
              self->last_epoch = now;
              go = TRUE;
              break;
            }
          until = MIN (until, due);
        }
      g_cond_wait_until (&self->changed, &self->lock, until);
    }
  self->holding = FALSE;
  g_mutex_unlock (&self->lock);
  return go;
}

/* Whether the training thread is waiting for Resume or Step right now. */
gboolean
entrena_run_control_is_holding (EntrenaRunControl *self)
{
  gboolean holding;

  g_mutex_lock (&self->lock);
  holding = self->holding;
  g_mutex_unlock (&self->lock);
  return holding;
}
