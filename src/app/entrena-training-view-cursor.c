/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include "entrena-training-view-private.h"

/*
 * The training view's views and epoch cursor: the view buttons (Loss,
 * Accuracy, ...) show one view of the run, through the "view" property and
 * its "training.view" action; the cursor under it picks an epoch, which the
 * chart marks and whose results the results page shows. The cursor moves
 * after a run, or while a run holds paused (entrena_trainer_dup_run() lends
 * the run in progress); during a live run it stays where it is, following
 * the latest epoch unless the user moved it.
 */

/* Whether the run in progress is paused and holding between epochs, so that
 * its weights of past epochs can be looked at. */
static gboolean
run_is_holding (EntrenaTrainingView *self)
{
  return self->training && self->trainer != NULL && entrena_trainer_get_paused (self->trainer) &&
         entrena_trainer_is_holding (self->trainer);
}

static gboolean
hold_cb (gpointer user_data)
{
  EntrenaTrainingView *self = user_data;

  self->hold_source = 0;
  _entrena_training_view_update_cursor (self);

  return G_SOURCE_REMOVE;
}

/* The decision map and the network show the run's latest epoch, or the
 * cursor's once the user moved it: the run in progress (lent by the
 * trainer; its snapshots are safe to read while it trains) or the last one. */
static void
show_learned (EntrenaTrainingView *self,
              guint                epoch,
              guint                n,
              gboolean             following)
{
  g_autoptr (EntrenaRunResult) run = NULL;
  gboolean settled = !self->training || run_is_holding (self);

  if (self->training && self->trainer != NULL)
    run = entrena_trainer_dup_run (self->trainer);
  else if (self->result != NULL)
    run = entrena_run_result_ref (self->result);

  if (run != NULL && (following || n == 0))
    epoch = self->training ? entrena_trainer_get_epoch (self->trainer) : run->training->n_epochs;

  entrena_decision_map_view_show (self->map_view, run, epoch, settled);
  entrena_network_view_show (self->network_view, run, epoch, settled);
}

/* The chart's line, the results, the decision map and the network follow
 * the cursor: the end of the run, or the epoch the user moved it to. */
static void
show_cursor_epoch (EntrenaTrainingView *self)
{
  guint epoch = entrena_epoch_cursor_get_epoch (self->epoch_cursor);
  guint n = entrena_epoch_cursor_get_n_epochs (self->epoch_cursor);
  gboolean following = entrena_epoch_cursor_get_following (self->epoch_cursor);

  entrena_loss_chart_set_cursor_epoch (self->loss_chart, following || n == 0 ? -1 : (int) epoch);
  show_learned (self, epoch, n, following);
  _entrena_training_view_update_try_it (self);
  if (n == 0)
    return;

  if (!self->training && self->result != NULL)
    {
      if (following)
        entrena_results_page_set_result (self->results_page, self->result);
      else
        entrena_results_page_show_epoch (self->results_page, self->result, epoch, n);
    }
  else if (run_is_holding (self))
    {
      g_autoptr (EntrenaRunResult) run = entrena_trainer_dup_run (self->trainer);

      if (run != NULL)
        {
          entrena_results_page_show_epoch (self->results_page, run, epoch, n);
          gtk_widget_set_visible (self->results_scroller, TRUE);
        }
    }
}

/* At the frame clock's third tick from when the results were to be dimmed:
 * the first frame shows the start of the run, the next the dimmed settings
 * (entrena-training-view.c), the one after the dimmed results. */
static void
dim_results_now (gpointer data)
{
  EntrenaTrainingView *self = data;

  self->dim_tick = 0;
  gtk_widget_set_sensitive (self->results_scroller, FALSE);
}

/**
 * _entrena_training_view_dim_results:
 * @self: a training view
 * @dimmed: whether the results are dimmed (insensitive): the last run's,
 *   while a run trains
 *
 * Dimming redraws the whole of the results: it waits for the third frame
 * from the one that starts a run, each of them a light one, the second
 * dimming the settings. Undimming is at once.
 */
void
_entrena_training_view_dim_results (EntrenaTrainingView *self,
                                    gboolean             dimmed)
{
  if (!dimmed)
    {
      entrena_frame_delay_cancel (self->results_scroller, &self->dim_tick);
      gtk_widget_set_sensitive (self->results_scroller, TRUE);
    }
  else if (self->dim_tick == 0 && gtk_widget_get_sensitive (self->results_scroller))
    self->dim_tick = entrena_frame_delay_add (self->results_scroller, 3, dim_results_now, self);
}

/* After a run, or while one holds paused, the cursor can move; during a live
 * run it stays where it is (following the latest epoch unless moved). */
void
_entrena_training_view_update_cursor (EntrenaTrainingView *self)
{
  guint n = entrena_loss_chart_get_n_points (self->loss_chart);
  gboolean holding = run_is_holding (self);

  entrena_epoch_cursor_set_n_epochs (self->epoch_cursor, n);
  gtk_widget_set_visible (GTK_WIDGET (self->epoch_cursor), n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->epoch_cursor), n > 0 && (!self->training || holding));
  _entrena_training_view_dim_results (self, self->training && !holding);

  /* Pause takes effect after the epoch in progress: look again shortly. */
  if (self->training && self->trainer != NULL && entrena_trainer_get_paused (self->trainer) && !holding &&
      self->hold_source == 0)
    self->hold_source = g_timeout_add (50, hold_cb, self);

  show_cursor_epoch (self);
}

static void
cursor_moved_cb (EntrenaTrainingView *self,
                 GParamSpec          *pspec,
                 EntrenaEpochCursor  *cursor)
{
  show_cursor_epoch (self);
}

/* The chart's curves can change from elsewhere too: the view follows. */
static void
chart_view_cb (EntrenaTrainingView *self,
               GParamSpec          *pspec,
               EntrenaLossChart    *chart)
{
  _entrena_training_view_notify_view (self);
}

/**
 * entrena_training_view_get_view:
 * @self: a training view
 *
 * Returns: the view on screen: "loss", "accuracy", or the name of another
 *   page of the views' stack
 */
const char *
entrena_training_view_get_view (EntrenaTrainingView *self)
{
  const char *page;

  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  page = gtk_stack_get_visible_child_name (self->view_stack);
  if (page == NULL || g_str_equal (page, "chart"))
    return entrena_loss_chart_get_show_accuracy (self->loss_chart) ? "accuracy" : "loss";

  return page;
}

/**
 * entrena_training_view_set_view:
 * @self: a training view
 * @view: "loss", "accuracy", or the name of another page of the views' stack
 *
 * Shows a view of the run; a name that is no view is ignored.
 */
void
entrena_training_view_set_view (EntrenaTrainingView *self,
                                const char          *view)
{
  gboolean accuracy;
  const char *page;

  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));
  g_return_if_fail (view != NULL);

  accuracy = g_str_equal (view, "accuracy");
  page = accuracy || g_str_equal (view, "loss") ? "chart" : view;
  if (g_str_equal (view, entrena_training_view_get_view (self)) ||
      gtk_stack_get_child_by_name (self->view_stack, page) == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  gtk_stack_set_visible_child_name (self->view_stack, page);
  if (g_str_equal (page, "chart"))
    entrena_loss_chart_set_show_accuracy (self->loss_chart, accuracy);
  _entrena_training_view_notify_view (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Connects the cursor and the chart's curves; from the view's init. */
void
_entrena_training_view_cursor_init (EntrenaTrainingView *self)
{
  g_signal_connect_object (self->epoch_cursor, "notify::epoch",
                           G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->epoch_cursor, "notify::following",
                           G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loss_chart, "notify::show-accuracy",
                           G_CALLBACK (chart_view_cb), self, G_CONNECT_SWAPPED);
}
