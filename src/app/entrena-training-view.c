/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include <glib/gi18n.h>
#include "entrena-training-view-private.h"

/*
 * EntrenaTrainingView is the window's Training view: the training settings on
 * the left; on the right the run bar (entrena-run-bar.c), the run's progress,
 * the chart (loss or accuracy), the epoch cursor, and the results under it:
 * those of the last run, or of the cursor's epoch once the user moves it
 * back (after a run, or while one is paused).
 *
 * It runs the training too, on an EntrenaTrainer's worker thread. Each run
 * gets a new trainer, so a cancelled run that has not reported back yet never
 * stands in the way of the next. Starting a run, clearing the view (new data)
 * or disposing it (closing the window) cancels the current run: its task
 * holds the trainer until the worker has seen the cancellation and returned,
 * and its callback holds the view only weakly, so it then finds nothing to
 * report to.
 *
 * Starting runs, and driving them from the run bar (pause, step, pace, Train
 * More), is in entrena-training-view-run.c.
 */

G_DEFINE_FINAL_TYPE (EntrenaTrainingView, entrena_training_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASET_PAGE,
  PROP_TRAINING,
  PROP_PAUSED,
  PROP_VIEW,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ERROR,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* The run bar, the progress and the chart's placeholder: the epoch and losses
 * while training, the verdict after. */
static void
update_training_status (EntrenaTrainingView *self)
{
  gtk_widget_set_visible (self->chart_placeholder,
                          !self->training && entrena_loss_chart_get_n_points (self->loss_chart) == 0);
  _entrena_training_view_update_cursor (self);

  if (self->training && self->trainer != NULL)
    {
      guint epoch = entrena_trainer_get_epoch (self->trainer);
      guint epochs = entrena_trainer_get_epochs (self->trainer);

      entrena_run_bar_show_progress (self->run_bar, self->trainer);
      gtk_progress_bar_set_fraction (self->train_progress,
                                     epoch > 0 && epochs > 0 ? (double) epoch / epochs : 0.0);
      return;
    }

  entrena_run_bar_show_result (self->run_bar, self->result);
}

/* Run control */

static void
trainer_paused_cb (EntrenaTrainingView *self,
                   GParamSpec          *pspec,
                   EntrenaTrainer      *trainer)
{
  update_training_status (self);
  _entrena_training_view_update_run_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* The settings while a run trains. They stop taking the pointer and the
 * focus at once, and take them again at once when it ends; they turn
 * insensitive and look dimmed (style.css: one layer over the whole form, not
 * each of its widgets fading on its own) at the frame clock's second tick,
 * and back at the third (the second may show the first results), so that
 * the frames that start and end a run do not also redraw the form. */
static void
settings_look_cb (gpointer data)
{
  EntrenaTrainingView *self = data;
  GtkWidget *widget = GTK_WIDGET (self->training_page);

  self->settings_tick = 0;
  if (self->training)
    {
      gtk_widget_add_css_class (widget, "training");
      gtk_widget_add_css_class (widget, "dimmed");
      gtk_widget_set_sensitive (widget, FALSE);
    }
  else
    {
      gtk_widget_set_sensitive (widget, TRUE);
      gtk_widget_remove_css_class (widget, "dimmed");
      gtk_widget_remove_css_class (widget, "training");
    }
}

static void
lock_settings (EntrenaTrainingView *self,
               gboolean             locked)
{
  GtkWidget *page = GTK_WIDGET (self->training_page);

  gtk_widget_set_can_target (page, !locked);
  gtk_widget_set_can_focus (page, !locked);

  /* At a run's end, after the frame that may show the results for the first time. */
  entrena_frame_delay_cancel (page, &self->settings_tick);
  self->settings_tick = entrena_frame_delay_add (page, locked ? 2 : 3, settings_look_cb, self);
}

void
_entrena_training_view_set_training (EntrenaTrainingView *self,
              gboolean             training)
{
  training = !!training;
  if (self->training == training)
    return;

  self->training = training;
  _entrena_training_view_update_compare (self);

  lock_settings (self, training);
  /* Shown by its opacity alone: its room is always kept, so nothing moves. */
  gtk_widget_set_opacity (GTK_WIDGET (self->train_progress), training ? 1.0 : 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->train_progress),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !training,
                               -1);
  /* The last run's results stay in view, dimmed, until the new ones replace them. */
  _entrena_training_view_dim_results (self, training);
  entrena_loss_chart_set_running (self->loss_chart, training);

  update_training_status (self);
  _entrena_training_view_update_run_controls (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

/* Lets go of the current run, if any, so nothing it would report is shown. */
void
_entrena_training_view_drop_run (EntrenaTrainingView *self)
{
  if (self->train_cancellable != NULL)
    {
      g_cancellable_cancel (self->train_cancellable);
      g_clear_object (&self->train_cancellable);
    }

  if (self->trainer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->trainer, self);
      g_clear_object (&self->trainer);
    }
}

static void
epoch_completed_cb (EntrenaTrainingView *self,
                    const EntrenaEpoch  *record,
                    EntrenaTrainer      *trainer)
{
  /* Every epoch, in order: the chart gets each point and draws once per frame. */
  entrena_loss_chart_append_epoch (self->loss_chart, record);
}

static void
trainer_progress_cb (EntrenaTrainingView *self,
                     GParamSpec          *pspec,
                     EntrenaTrainer      *trainer)
{
  /* Notified once per delivery however many epochs it carried. */
  update_training_status (self);
}

/* Listens to the trainer's epochs and state until its run reports back. */
void
_entrena_training_view_connect_trainer (EntrenaTrainingView *self)
{
  g_signal_connect_object (self->trainer, "epoch-completed",
                           G_CALLBACK (epoch_completed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "notify::epoch",
                           G_CALLBACK (trainer_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "notify::paused",
                           G_CALLBACK (trainer_paused_cb), self, G_CONNECT_SWAPPED);
}

/* The results take their natural height under the chart the first time they
 * appear; after that the divider stays where the user put it. */
static void
show_results (EntrenaTrainingView *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->results_paned));
  int width = gtk_widget_get_width (GTK_WIDGET (self->results_paned));
  int natural = 0;

  if (gtk_widget_get_visible (self->results_scroller))
    return;

  gtk_widget_set_visible (self->results_scroller, TRUE);
  if (height <= 0 || width <= 0)
    return;

  gtk_widget_measure (GTK_WIDGET (self->results_page), GTK_ORIENTATION_VERTICAL, width,
                      NULL, &natural, NULL, NULL);
  natural += gtk_widget_get_margin_top (GTK_WIDGET (self->results_page));

  /* The chart keeps the larger part on a short screen. */
  gtk_paned_set_position (self->results_paned, MAX (height / 2, height - natural - 8));
}

/* The results' first appearance moves everything under the chart, and lays
 * out and draws every figure for the first time: it waits for the frame
 * clock's second tick after the run's end, so that the frame that ends the
 * run does not also carry it. */
static void
reveal_now (gpointer data)
{
  EntrenaTrainingView *self = data;

  self->reveal_tick = 0;
  show_results (self);
}

static void
reveal_results (EntrenaTrainingView *self)
{
  if (gtk_widget_get_visible (self->results_scroller) || self->reveal_tick != 0)
    return;

  self->reveal_tick = entrena_frame_delay_add (GTK_WIDGET (self), 2, reveal_now, self);
}

/* What a run's callback holds on to until the worker has returned: the
 * application, but not the view, which closing its window disposes at once
 * (and dispose cancels the run). */
typedef struct
{
  GWeakRef      view;
  GApplication *application;  /* held, so it outlives its last window; nullable */
} TrainCall;

static void
train_call_free (TrainCall *call)
{
  if (call->application != NULL)
    {
      g_application_release (call->application);
      g_object_unref (call->application);
    }
  g_weak_ref_clear (&call->view);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrainCall, train_call_free)

/* The task holds the trainer; the callback holds the application until it
 * runs: closing the last window during a run lets the worker see the
 * cancellation and return before the program ends. */
gpointer
_entrena_training_view_train_call_new (EntrenaTrainingView *self)
{
  TrainCall *call = g_new0 (TrainCall, 1);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_weak_ref_init (&call->view, self);
  if (GTK_IS_WINDOW (root) && gtk_window_get_application (GTK_WINDOW (root)) != NULL)
    {
      call->application = g_object_ref (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root))));
      g_application_hold (call->application);
    }

  return call;
}

void
_entrena_training_view_train_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  EntrenaTrainer *trainer = ENTRENA_TRAINER (object);
  g_autoptr(TrainCall) call = user_data;
  g_autoptr(EntrenaTrainingView) self = g_weak_ref_get (&call->view);
  g_autoptr(EntrenaRunResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Always finish: the trainer holds the task until then. */
  result = entrena_trainer_run_finish (trainer, res, &error);

  /* Window closed, cancelled (new data), or superseded by a newer run:
   * touch nothing. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      trainer != self->trainer)
    return;

  g_signal_handlers_disconnect_by_data (trainer, self);
  g_clear_object (&self->train_cancellable);

  if (result == NULL)
    {
      g_autofree char *title = NULL;

      /* Translators: %s is a file name or the name of a demo data set */
      title = g_strdup_printf (_("Could not train on “%s”"),
                               self->table_name != NULL ? self->table_name : "");
      entrena_loss_chart_reset (self->loss_chart, 0);
      _entrena_training_view_set_training (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, title, error->message);
      update_training_status (self);
      return;
    }

  g_clear_pointer (&self->result, entrena_run_result_unref);
  self->result = entrena_run_result_ref (result);

  /* The engine's verdict replaces the live estimate: the markers land where
   * it says, whatever the points the chart got. */
  entrena_loss_chart_set_convergence (self->loss_chart, &result->training->convergence);
  entrena_loss_chart_set_early_stop (self->loss_chart, result->training->early.stopped_epoch,
                                     result->training->early.best_epoch);
  /* After Train More the run is the same, its numbers are not: show them anew. */
  entrena_results_page_update_result (self->results_page, result);
  _entrena_training_view_show_task (self, result->training->task);
  reveal_results (self);
  _entrena_training_view_add_run (self);

  if (result->diverged != NULL)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, _("Training diverged"), result->diverged);

  _entrena_training_view_set_training (self, FALSE);
  update_training_status (self);
}

/* GObject */

static void
entrena_training_view_dispose (GObject *object)
{
  EntrenaTrainingView *self = (EntrenaTrainingView *) object;

  /* The run's task keeps its trainer until the worker has seen the
   * cancellation and returned; its callback then finds no view. */
  _entrena_training_view_drop_run (self);
  g_clear_pointer (&self->result, entrena_run_result_unref);
  g_clear_pointer (&self->run_settings, g_variant_unref);
  g_clear_handle_id (&self->hold_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_TRAINING_VIEW);

  G_OBJECT_CLASS (entrena_training_view_parent_class)->dispose (object);
}

static void
entrena_training_view_finalize (GObject *object)
{
  EntrenaTrainingView *self = (EntrenaTrainingView *) object;

  g_clear_pointer (&self->table_name, g_free);

  G_OBJECT_CLASS (entrena_training_view_parent_class)->finalize (object);
}

static void
entrena_training_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EntrenaTrainingView *self = ENTRENA_TRAINING_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET_PAGE:
      g_value_set_object (value, entrena_training_page_get_dataset_page (self->training_page));
      break;

    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, entrena_training_view_get_paused (self));
      break;

    case PROP_VIEW:
      g_value_set_string (value, entrena_training_view_get_view (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_training_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  EntrenaTrainingView *self = ENTRENA_TRAINING_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATASET_PAGE:
      entrena_training_page_set_dataset_page (self->training_page, g_value_get_object (value));
      break;

    case PROP_VIEW:
      entrena_training_view_set_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_training_view_class_init (EntrenaTrainingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_training_view_dispose;
  object_class->finalize = entrena_training_view_finalize;
  object_class->get_property = entrena_training_view_get_property;
  object_class->set_property = entrena_training_view_set_property;

  /**
   * EntrenaTrainingView:dataset-page:
   *
   * The data pane whose table and columns the training settings' advice is about.
   */
  properties[PROP_DATASET_PAGE] =
    g_param_spec_object ("dataset-page", NULL, NULL,
                         ENTRENA_TYPE_DATASET_PAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaTrainingView:training:
   *
   * Whether a network is being trained.
   */
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaTrainingView:paused:
   *
   * Whether the run in progress holds, or will hold after its epoch.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaTrainingView:view:
   *
   * The view of the run on screen: "loss", "accuracy", or the name of
   * another page of the views' stack ("decision-map", "network"...). The
   * view buttons set it through the "training.view" action.
   */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "loss",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EntrenaTrainingView::error:
   * @self: the view
   * @title: what went wrong, in a few words
   * @message: the details
   *
   * A run failed, or its loss blew up. The window shows it in its error bar.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_install_property_action (widget_class, "training.view", "view");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-training-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, training_page);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, run_bar);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, train_progress);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, loss_chart);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, chart_placeholder);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, map_view);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, network_view);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, epoch_cursor);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, results_paned);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, results_page);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, try_it);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, runs_list);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, accuracy_view_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingView, map_view_button);

  g_type_ensure (ENTRENA_TYPE_TRAINING_PAGE);
  g_type_ensure (ENTRENA_TYPE_RUN_BAR);
  g_type_ensure (ENTRENA_TYPE_LOSS_CHART);
  g_type_ensure (ENTRENA_TYPE_EPOCH_CURSOR);
  g_type_ensure (ENTRENA_TYPE_RESULTS_PAGE);
  g_type_ensure (ENTRENA_TYPE_DECISION_MAP_VIEW);
  g_type_ensure (ENTRENA_TYPE_NETWORK_VIEW);
  g_type_ensure (ENTRENA_TYPE_TRY_IT);
  g_type_ensure (ENTRENA_TYPE_RUNS_LIST);
}

static void
entrena_training_view_init (EntrenaTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _entrena_training_view_cursor_init (self);
  _entrena_training_view_run_init (self);
  _entrena_training_view_runs_init (self);

  update_training_status (self);
}

/**
 * entrena_training_view_new:
 *
 * Returns: (transfer floating): a training view with the lesson's settings and no run
 */
GtkWidget *
entrena_training_view_new (void)
{
  return g_object_new (ENTRENA_TYPE_TRAINING_VIEW, NULL);
}

/**
 * entrena_training_view_get_training_page:
 * @self: a training view
 *
 * Returns: (transfer none): the training settings
 */
EntrenaTrainingPage *
entrena_training_view_get_training_page (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->training_page;
}

/**
 * entrena_training_view_get_run_bar:
 * @self: a training view
 *
 * Returns: (transfer none): the run bar, with the run's controls and status
 */
EntrenaRunBar *
entrena_training_view_get_run_bar (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->run_bar;
}

/**
 * entrena_training_view_get_loss_chart:
 * @self: a training view
 *
 * Returns: (transfer none): the loss chart
 */
EntrenaLossChart *
entrena_training_view_get_loss_chart (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->loss_chart;
}

/**
 * entrena_training_view_clear:
 * @self: a training view
 *
 * Cancels the current run, if any, and forgets the last one: for new data.
 */
void
entrena_training_view_clear (EntrenaTrainingView *self)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_VIEW (self));

  _entrena_training_view_drop_run (self);
  _entrena_training_view_set_training (self, FALSE);
  g_clear_pointer (&self->result, entrena_run_result_unref);
  entrena_loss_chart_reset (self->loss_chart, 0);
  entrena_results_page_set_result (self->results_page, NULL);
  _entrena_training_view_show_task (self, ENTRENA_TASK_CLASSIFICATION);
  /* The runs were on the old data. */
  entrena_runs_list_clear (self->runs_list);
  update_training_status (self);
  _entrena_training_view_update_run_controls (self);
}

gboolean
entrena_training_view_get_training (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), FALSE);

  return self->training;
}

/**
 * entrena_training_view_get_trainer:
 * @self: a training view
 *
 * Returns: (transfer none) (nullable): the trainer of the current or last run
 */
EntrenaTrainer *
entrena_training_view_get_trainer (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->trainer;
}

/**
 * entrena_training_view_get_result:
 * @self: a training view
 *
 * Returns: (transfer none) (nullable): the last run that finished on the
 *   data on screen, stopped or not
 */
EntrenaRunResult *
entrena_training_view_get_result (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->result;
}

/**
 * entrena_training_view_get_epoch_cursor:
 * @self: a training view
 *
 * Returns: (transfer none): the epoch cursor under the chart
 */
EntrenaEpochCursor *
entrena_training_view_get_epoch_cursor (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->epoch_cursor;
}

void
_entrena_training_view_notify_view (EntrenaTrainingView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/**
 * entrena_training_view_get_map_view:
 * @self: a training view
 *
 * Returns: (transfer none): the decision map view
 */
EntrenaDecisionMapView *
entrena_training_view_get_map_view (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->map_view;
}

/**
 * entrena_training_view_get_network_view:
 * @self: a training view
 *
 * Returns: (transfer none): the network view
 */
EntrenaNetworkView *
entrena_training_view_get_network_view (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->network_view;
}

/**
 * entrena_training_view_get_results_page:
 * @self: a training view
 *
 * Returns: (transfer none): the results under the chart
 */
EntrenaResultsPage *
entrena_training_view_get_results_page (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->results_page;
}
