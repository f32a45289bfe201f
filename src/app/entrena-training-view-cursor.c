/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include "entrena-training-view-private.h"

/*
 * The training view's chart views and epoch cursor: the Loss and Accuracy
 * buttons switch the chart; the cursor under it picks an epoch, which the
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

/* The chart's line and the results follow the cursor: the end of the run, or
 * the epoch the user moved it to. */
static void
show_cursor_epoch (EntrenaTrainingView *self)
{
  guint epoch = entrena_epoch_cursor_get_epoch (self->epoch_cursor);
  guint n = entrena_epoch_cursor_get_n_epochs (self->epoch_cursor);
  gboolean following = entrena_epoch_cursor_get_following (self->epoch_cursor);

  entrena_loss_chart_set_cursor_epoch (self->loss_chart, following || n == 0 ? -1 : (int) epoch);
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
  gtk_widget_set_sensitive (self->results_scroller, !self->training || holding);

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

/* The Loss and Accuracy buttons and the chart's view go together. */
static void
view_toggled_cb (EntrenaTrainingView *self,
                 GtkToggleButton     *button)
{
  if (gtk_toggle_button_get_active (button))
    entrena_loss_chart_set_show_accuracy (self->loss_chart, button == self->accuracy_view_button);
}

static void
chart_view_cb (EntrenaTrainingView *self,
               GParamSpec          *pspec,
               EntrenaLossChart    *chart)
{
  gboolean accuracy = entrena_loss_chart_get_show_accuracy (chart);

  gtk_toggle_button_set_active (accuracy ? self->accuracy_view_button : self->loss_view_button, TRUE);
}

/* Connects the cursor and the view buttons; from the view's init. */
void
_entrena_training_view_cursor_init (EntrenaTrainingView *self)
{
  g_signal_connect_object (self->epoch_cursor, "notify::epoch",
                           G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->epoch_cursor, "notify::following",
                           G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loss_chart, "notify::show-accuracy",
                           G_CALLBACK (chart_view_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loss_view_button, "toggled",
                           G_CALLBACK (view_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->accuracy_view_button, "toggled",
                           G_CALLBACK (view_toggled_cb), self, G_CONNECT_SWAPPED);
}
