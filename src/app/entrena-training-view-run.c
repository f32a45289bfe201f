/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include "entrena-training-view-private.h"

/*
 * The training view's runs: starting one (or one that holds after its first
 * epoch), going on with the last one (Train More), and pausing, stepping and
 * pacing the one in progress, as the run bar asks. The run's end is in
 * entrena-training-view.c.
 */

/* Whether the last run can go on: it ended or was stopped, and did not diverge. */
static gboolean
can_train_more (EntrenaTrainingView *self)
{
  return !self->training && self->trainer != NULL && self->result != NULL &&
         self->result->diverged == NULL;
}

/* The Epochs setting: what Train More adds unless told otherwise. */
static guint
get_epochs_setting (EntrenaTrainingView *self)
{
  EntrenaRunSettings settings;

  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (self->training_page, &settings);

  return settings.training.epochs;
}

/* Pause/Resume and Train More, after the run's state. */
void
_entrena_training_view_update_run_controls (EntrenaTrainingView *self)
{
  entrena_run_bar_set_paused (self->run_bar, entrena_training_view_get_paused (self));
  entrena_run_bar_set_can_train_more (self->run_bar, can_train_more (self),
                                      get_epochs_setting (self));
}

static void
pace_changed_cb (EntrenaTrainingView *self,
                 GParamSpec          *pspec,
                 EntrenaRunBar       *run_bar)
{
  /* At once, also in the middle of a run: the worker waits between epochs. */
  if (self->trainer != NULL)
    entrena_trainer_set_pace (self->trainer, entrena_run_bar_get_pace (run_bar));
}

void
_entrena_training_view_run_init (EntrenaTrainingView *self)
{
  g_signal_connect_object (self->run_bar, "notify::pace",
                           G_CALLBACK (pace_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
start_run (EntrenaTrainingView      *self,
           EntrenaTable             *table,
           const EntrenaRunSettings *settings,
           gboolean                  step)
{
  /* A fresh trainer per run; see the comment at the top of entrena-training-view.c. */
  _entrena_training_view_drop_run (self);
  _entrena_training_view_set_training (self, FALSE);
  self->trainer = entrena_trainer_new ();
  self->train_cancellable = g_cancellable_new ();
  entrena_trainer_set_pace (self->trainer, entrena_run_bar_get_pace (self->run_bar));
  /* Step before a run: it trains its first epoch and holds. */
  if (step)
    entrena_trainer_step (self->trainer);
  _entrena_training_view_connect_trainer (self);

  g_free (self->table_name);
  self->table_name = g_strdup (entrena_table_get_display_name (table));

  entrena_loss_chart_reset (self->loss_chart, settings->training.epochs);
  _entrena_training_view_show_task (self, _entrena_training_view_settings_task (table, settings));
  g_clear_pointer (&self->run_settings, g_variant_unref);
  self->run_settings = entrena_run_settings_to_variant (settings);
  self->run_id++;
  _entrena_training_view_set_training (self, TRUE);

  entrena_trainer_run_async (self->trainer, table, settings, self->train_cancellable,
                             _entrena_training_view_train_cb, _entrena_training_view_train_call_new (self));
}

/**
 * entrena_training_view_start:
 * @self: a training view
 * @table: the data to learn from
 * @settings: the whole run's settings
 *
 * Starts a run, in place of the current one if there is one. Its epochs
 * appear in the chart as they come; its results when it ends.
 */
void
entrena_training_view_start (EntrenaTrainingView      *self,
                             EntrenaTable             *table,
                             const EntrenaRunSettings *settings)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));
  g_return_if_fail (table != NULL);
  g_return_if_fail (settings != NULL);

  start_run (self, table, settings, FALSE);
}

/**
 * entrena_training_view_start_stepped:
 * @self: a training view
 * @table: the data to learn from
 * @settings: the whole run's settings
 *
 * Starts a run as entrena_training_view_start() does, which trains its first
 * epoch and holds there, paused.
 */
void
entrena_training_view_start_stepped (EntrenaTrainingView      *self,
                                     EntrenaTable             *table,
                                     const EntrenaRunSettings *settings)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));
  g_return_if_fail (table != NULL);
  g_return_if_fail (settings != NULL);

  start_run (self, table, settings, TRUE);
}

/**
 * entrena_training_view_train_more:
 * @self: a training view
 * @more: epochs to add, or 0 for the Epochs setting
 *
 * Goes on with the last run, from its weights and optimizer state, for @more
 * epochs; they are appended to the chart and the results follow when it ends.
 * Does nothing unless entrena_training_view_get_can_train_more().
 */
void
entrena_training_view_train_more (EntrenaTrainingView *self,
                                  guint                more)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));

  if (!can_train_more (self))
    return;

  if (more == 0)
    more = get_epochs_setting (self);

  self->train_cancellable = g_cancellable_new ();
  entrena_trainer_set_paused (self->trainer, FALSE);
  entrena_trainer_set_pace (self->trainer, entrena_run_bar_get_pace (self->run_bar));
  _entrena_training_view_connect_trainer (self);
  _entrena_training_view_set_training (self, TRUE);

  /* Until it reports back the run belongs to the worker: the result on
   * screen stays as it was. */
  entrena_trainer_train_more_async (self->trainer, self->result, more, self->train_cancellable,
                                    _entrena_training_view_train_cb, _entrena_training_view_train_call_new (self));
}

/**
 * entrena_training_view_get_can_train_more:
 * @self: a training view
 *
 * Returns: whether the last run can go on: it ended or was stopped, without
 *   diverging, and no run is in progress
 */
gboolean
entrena_training_view_get_can_train_more (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), FALSE);

  return can_train_more (self);
}

/**
 * entrena_training_view_set_paused:
 * @self: a training view
 * @paused: hold the run in progress after its epoch, or go on
 */
void
entrena_training_view_set_paused (EntrenaTrainingView *self,
                                  gboolean             paused)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));

  if (self->training && self->trainer != NULL)
    entrena_trainer_set_paused (self->trainer, paused);
}

/**
 * entrena_training_view_get_paused:
 * @self: a training view
 *
 * Returns: whether a run is in progress and holds, or will after its epoch
 */
gboolean
entrena_training_view_get_paused (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), FALSE);

  return self->training && self->trainer != NULL && entrena_trainer_get_paused (self->trainer);
}

/**
 * entrena_training_view_step:
 * @self: a training view
 *
 * Lets the run in progress train exactly one more epoch, then hold.
 */
void
entrena_training_view_step (EntrenaTrainingView *self)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));

  if (self->training && self->trainer != NULL)
    entrena_trainer_step (self->trainer);
}

/**
 * entrena_training_view_stop:
 * @self: a training view
 *
 * Asks the current run to stop after its epoch; the model so far is kept and
 * its results shown.
 */
void
entrena_training_view_stop (EntrenaTrainingView *self)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));

  if (self->training && self->trainer != NULL)
    entrena_trainer_stop (self->trainer);
}
