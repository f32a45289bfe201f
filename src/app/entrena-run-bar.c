/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-run-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-format.h"
#include "entrena-run-bar.h"
#include "entrena-setting-rows.h"

/*
 * EntrenaRunBar is the line above the training view's chart: the controls of
 * a run (Pause/Resume, Step, the pace, Train More), what the run is doing (the
 * epoch and losses while it trains, the verdict after it), and what can be
 * done with it: Log Scale and the save menu.
 *
 * The buttons activate the window's actions (win.pause, win.step,
 * win.train-more), which also decide when they are sensitive; the pace is a
 * property the view hands to its trainer and the window keeps in GSettings.
 */

/* The paces the slider stops at, in epochs per second: roughly even steps on
 * a logarithmic scale. One more stop after the last is Fastest. */
static const double paces[] = { 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200 };
#define FASTEST_STOP G_N_ELEMENTS (paces)

struct _EntrenaRunBar
{
  AdwBin             parent_instance;

  /* Template children */
  GtkLabel          *status_title;
  GtkLabel          *status_label;
  GtkInscription    *progress_label;
  GtkButton         *pause_button;
  AdwButtonContent  *pause_content;
  GtkLabel          *pace_title;
  GtkScale          *pace_scale;
  GtkAdjustment     *pace_adjustment;
  GtkLabel          *pace_label;
  GtkWidget         *more_box;
  GtkPopover        *more_popover;
  GtkSpinButton     *more_epochs_spin;

  /* Plain state */
  guint              paused : 1;
};

G_DEFINE_FINAL_TYPE (EntrenaRunBar, entrena_run_bar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PACE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* The slider's stop for @pace: the nearest on a logarithmic scale. */
static guint
pace_to_stop (double pace)
{
  guint best = 0;

  if (!(pace > 0.0))
    return FASTEST_STOP;

  for (guint i = 1; i < G_N_ELEMENTS (paces); i++)
    if (fabs (log (paces[i] / pace)) < fabs (log (paces[best] / pace)))
      best = i;

  return best;
}

static double
stop_to_pace (guint stop)
{
  return stop < G_N_ELEMENTS (paces) ? paces[stop] : ENTRENA_PACE_FASTEST;
}

/* "10 epochs/s" or "Fastest". (transfer full) */
static char *
format_pace (double pace)
{
  if (!(pace > 0.0))
    return g_strdup (_("Fastest"));

  /* Translators: %g is a number of epochs per second, such as 10 */
  return g_strdup_printf (_("%g epochs/s"), pace);
}

static void
pace_changed_cb (EntrenaRunBar *self)
{
  double pace = entrena_run_bar_get_pace (self);
  g_autofree char *text = format_pace (pace);

  gtk_label_set_label (self->pace_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pace_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACE]);
}

static void
more_epochs_clicked_cb (EntrenaRunBar *self)
{
  guint more;

  gtk_spin_button_update (self->more_epochs_spin);
  more = (guint) gtk_spin_button_get_value_as_int (self->more_epochs_spin);
  gtk_popover_popdown (self->more_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.train-more", "u", more);
}

/* Shows @title over @text: the verdict in the wrapping status label, or, with
 * @live, what a run in progress is doing in the progress label, whose size
 * does not follow its text. A label is only touched when its text changes:
 * a new text lays the window out again. */
static void
set_status (EntrenaRunBar *self,
            const char    *title,
            const char    *text,
            gboolean       live)
{
  if (g_strcmp0 (gtk_label_get_label (self->status_title), title) != 0)
    gtk_label_set_label (self->status_title, title);

  if (live)
    gtk_inscription_set_text (self->progress_label, text);
  else if (g_strcmp0 (gtk_label_get_label (self->status_label), text) != 0)
    gtk_label_set_label (self->status_label, text);

  if (gtk_widget_get_visible (GTK_WIDGET (self->progress_label)) != live)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_label), live);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), !live);
    }
}

static char *
format_loss (double loss)
{
  if (!isfinite (loss))
    return g_strdup ("—");

  return g_strdup_printf ("%.4g", loss);
}

/* GObject */

static void
entrena_run_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EntrenaRunBar *self = ENTRENA_RUN_BAR (object);

  switch (prop_id)
    {
    case PROP_PACE:
      g_value_set_double (value, entrena_run_bar_get_pace (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_run_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EntrenaRunBar *self = ENTRENA_RUN_BAR (object);

  switch (prop_id)
    {
    case PROP_PACE:
      entrena_run_bar_set_pace (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_run_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ENTRENA_TYPE_RUN_BAR);

  G_OBJECT_CLASS (entrena_run_bar_parent_class)->dispose (object);
}

static void
entrena_run_bar_class_init (EntrenaRunBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_run_bar_dispose;
  object_class->get_property = entrena_run_bar_get_property;
  object_class->set_property = entrena_run_bar_set_property;

  /**
   * EntrenaRunBar:pace:
   *
   * How many epochs a run trains per second, as the slider shows it;
   * %ENTRENA_PACE_FASTEST (0) for no limit.
   */
  properties[PROP_PACE] =
    g_param_spec_double ("pace", NULL, NULL,
                         0.0, G_MAXDOUBLE, ENTRENA_PACE_FASTEST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-run-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, status_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, progress_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, pause_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, pause_content);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, pace_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, pace_scale);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, pace_adjustment);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, pace_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, more_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, more_popover);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, more_epochs_spin);
  gtk_widget_class_bind_template_callback (widget_class, more_epochs_clicked_cb);
}

static void
entrena_run_bar_init (EntrenaRunBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_adjustment_set_upper (self->pace_adjustment, FASTEST_STOP);
  for (guint i = 0; i <= FASTEST_STOP; i++)
    gtk_scale_add_mark (self->pace_scale, i, GTK_POS_BOTTOM, NULL);
  gtk_adjustment_set_value (self->pace_adjustment, FASTEST_STOP);
  g_signal_connect_object (self->pace_adjustment, "value-changed",
                           G_CALLBACK (pace_changed_cb), self, G_CONNECT_SWAPPED);
  pace_changed_cb (self);
}

/**
 * entrena_run_bar_new:
 *
 * Returns: (transfer floating): a run bar that shows no run
 */
GtkWidget *
entrena_run_bar_new (void)
{
  return g_object_new (ENTRENA_TYPE_RUN_BAR, NULL);
}

/**
 * entrena_run_bar_get_pace:
 * @self: a run bar
 *
 * Returns: the pace on the slider, in epochs per second, or
 *   %ENTRENA_PACE_FASTEST
 */
double
entrena_run_bar_get_pace (EntrenaRunBar *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_BAR (self), ENTRENA_PACE_FASTEST);

  return stop_to_pace ((guint) CLAMP (round (gtk_adjustment_get_value (self->pace_adjustment)),
                                      0, FASTEST_STOP));
}

/**
 * entrena_run_bar_set_pace:
 * @self: a run bar
 * @pace: epochs per second, or %ENTRENA_PACE_FASTEST
 *
 * Moves the slider to the stop nearest @pace.
 */
void
entrena_run_bar_set_pace (EntrenaRunBar *self,
                          double         pace)
{
  g_return_if_fail (ENTRENA_IS_RUN_BAR (self));

  gtk_adjustment_set_value (self->pace_adjustment, pace_to_stop (pace));
}

/**
 * entrena_run_bar_set_paused:
 * @self: a run bar
 * @paused: whether the run holds
 *
 * Pause becomes Resume while the run is paused, and back; a screen reader
 * reads the button's label.
 */
void
entrena_run_bar_set_paused (EntrenaRunBar *self,
                            gboolean       paused)
{
  g_return_if_fail (ENTRENA_IS_RUN_BAR (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;

  adw_button_content_set_icon_name (self->pause_content,
                                    paused ? "media-playback-start-symbolic"
                                           : "media-playback-pause-symbolic");
  adw_button_content_set_label (self->pause_content, paused ? _("_Resume") : _("_Pause"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Go On Training (Space)") : _("Pause After This Epoch (Space)"));
}

/**
 * entrena_run_bar_set_can_train_more:
 * @self: a run bar
 * @can_train_more: whether the last run can go on
 * @epochs: the number of epochs Train More offers to add, at first
 *
 * Makes Train More available, after a run that ended or was stopped, or
 * unavailable. It keeps its place either way: were it to come and go, the
 * pace slider beside it would change width at every run's start and end, and
 * the whole run bar would be drawn again in the frame that starts a run.
 */
void
entrena_run_bar_set_can_train_more (EntrenaRunBar *self,
                                    gboolean       can_train_more,
                                    guint          epochs)
{
  g_return_if_fail (ENTRENA_IS_RUN_BAR (self));

  if (can_train_more && !gtk_widget_get_sensitive (self->more_box) && epochs > 0)
    gtk_spin_button_set_value (self->more_epochs_spin, epochs);
  gtk_widget_set_sensitive (self->more_box, can_train_more);
}

/**
 * entrena_run_bar_show_progress:
 * @self: a run bar
 * @trainer: the run in progress
 *
 * Shows how far @trainer has come: its epoch, the losses and the test accuracy.
 */
void
entrena_run_bar_show_progress (EntrenaRunBar  *self,
                               EntrenaTrainer *trainer)
{
  guint epoch;
  guint epochs;
  g_autofree char *text = NULL;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;
  g_autofree char *accuracy = NULL;

  g_return_if_fail (ENTRENA_IS_RUN_BAR (self));
  g_return_if_fail (ENTRENA_IS_TRAINER (trainer));

  epoch = entrena_trainer_get_epoch (trainer);
  epochs = entrena_trainer_get_epochs (trainer);

  /* Before the first epoch the worker splits the data and builds the network. */
  if (epoch == 0)
    {
      set_status (self, _("Preparing…"),
                  _("Splitting the rows and setting up the network"), TRUE);
      return;
    }

  train = format_loss (entrena_trainer_get_train_loss (trainer));
  test = format_loss (entrena_trainer_get_test_loss (trainer));
  accuracy = entrena_format_percent (entrena_trainer_get_test_accuracy (trainer));

  if (entrena_trainer_get_paused (trainer))
    {
      g_autofree char *title = NULL;

      /* Translators: the epoch the run holds after and of how many, e.g. "Paused at epoch 12 of 100" */
      title = g_strdup_printf (_("Paused at epoch %u of %u"), epoch, epochs);
      /* Translators: two loss values and a percentage, e.g.
       * "training loss 0.412 · test loss 0.455 · test accuracy 81.2%" */
      text = g_strdup_printf (_("training loss %s · test loss %s · test accuracy %s"),
                              train, test, accuracy);
      set_status (self, title, text, TRUE);
      return;
    }

  /* Translators: the epoch so far and of how many, two loss values and a percentage, e.g.
   * "Epoch 12 of 100 · training loss 0.412 · test loss 0.455 · test accuracy 81.2%" */
  text = g_strdup_printf (_("Epoch %u of %u · training loss %s · test loss %s · test accuracy %s"),
                          epoch, epochs, train, test, accuracy);
  set_status (self, _("Training…"), text, TRUE);
}

/**
 * entrena_run_bar_show_result:
 * @self: a run bar
 * @result: (nullable): the run that ended, or %NULL before any
 *
 * Shows the engine's verdict on @result: converged, still improving or
 * diverged, and whether it was stopped.
 */
void
entrena_run_bar_show_result (EntrenaRunBar          *self,
                             const EntrenaRunResult *result)
{
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  const EntrenaTraining *training;
  const EntrenaConvergence *convergence;
  g_autofree char *seconds = NULL;

  g_return_if_fail (ENTRENA_IS_RUN_BAR (self));

  if (result == NULL)
    {
      set_status (self, _("Loss"), "", FALSE);
      return;
    }

  training = result->training;
  convergence = &training->convergence;
  seconds = g_strdup_printf (training->train_seconds < 1.0 ? "%.2f" : "%.1f",
                             training->train_seconds);

  switch (convergence->state)
    {
    case ENTRENA_CONVERGENCE_DIVERGED:
      /* Translators: %u is an epoch number */
      title = g_strdup_printf (_("Diverged at epoch %u"), convergence->diverged_epoch);
      text = g_strdup (_("The loss blew up. Try a lower learning rate, or standardize the features."));
      break;

    case ENTRENA_CONVERGENCE_STILL_IMPROVING:
      title = g_strdup (_("Still improving"));
      /* Translators: %u is a number of epochs */
      text = g_strdup_printf (ngettext ("The loss was still falling after %u epoch: more epochs may help.",
                                        "The loss was still falling after %u epochs: more epochs may help.",
                                        training->n_epochs),
                              training->n_epochs);
      break;

    case ENTRENA_CONVERGENCE_CONVERGED:
    default:
      /* Translators: %u is an epoch number; ≈ means "about" */
      title = g_strdup_printf (_("Converged ≈ epoch %u"), convergence->suggested_epoch);
      /* Translators: %u is a number of epochs, %s seconds */
      text = g_strdup_printf (ngettext ("Little was gained after it. %u epoch in %s s.",
                                        "Little was gained after it. %u epochs in %s s.",
                                        training->n_epochs),
                              training->n_epochs, seconds);
      break;
    }

  if (training->stop_reason == ENTRENA_STOP_STOPPED)
    {
      g_autofree char *stopped = NULL;

      /* Translators: %u is an epoch number; the model learned so far is kept */
      stopped = g_strdup_printf (_("Stopped at epoch %u; the model so far is kept."),
                                 training->n_epochs);
      g_free (text);
      text = g_steal_pointer (&stopped);
    }
  else if (training->early.stopped_epoch > 0)
    {
      g_free (title);
      title = g_strdup (_("Stopped early"));
      g_free (text);
      /* Translators: the first %u is the epoch at which early stopping ended
       * training, the second the epoch whose weights it kept */
      text = g_strdup_printf (_("Stopped at epoch %u, weights from epoch %u: the validation loss "
                                "had stopped falling."),
                              training->early.stopped_epoch, training->early.best_epoch);
    }

  set_status (self, title, text, FALSE);
}

/**
 * entrena_run_bar_lock_pace:
 * @self: a run bar
 * @locked: the pace is shown but fixed
 * @hidden: the pace is not shown
 *
 * Shows the pace as a lesson wants it.
 */
void
entrena_run_bar_lock_pace (EntrenaRunBar *self,
                           gboolean       locked,
                           gboolean       hidden)
{
  g_return_if_fail (ENTRENA_IS_RUN_BAR (self));

  entrena_setting_rows_lock (GTK_WIDGET (self->pace_scale), locked, hidden);
  gtk_widget_set_visible (GTK_WIDGET (self->pace_title), !hidden);
  gtk_widget_set_visible (GTK_WIDGET (self->pace_label), !hidden);
}
