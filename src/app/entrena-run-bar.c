/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-run-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-format.h"
#include "entrena-run-bar.h"

/*
 * EntrenaRunBar is the line above the training view's chart: what the run is
 * doing (the epoch and losses while it trains, the verdict after it), and what
 * can be done with it: Log Scale and the save menu. The controls of a run in
 * progress belong here too.
 */

struct _EntrenaRunBar
{
  AdwBin    parent_instance;

  /* Template children */
  GtkLabel *status_title;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (EntrenaRunBar, entrena_run_bar, ADW_TYPE_BIN)

static void
set_status (EntrenaRunBar *self,
            const char    *title,
            const char    *text)
{
  gtk_label_set_label (self->status_title, title);
  gtk_label_set_label (self->status_label, text);
}

static char *
format_loss (double loss)
{
  if (!isfinite (loss))
    return g_strdup ("—");

  return g_strdup_printf ("%.4g", loss);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-run-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, status_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunBar, status_label);
}

static void
entrena_run_bar_init (EntrenaRunBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
                  _("Splitting the rows and setting up the network"));
      return;
    }

  train = format_loss (entrena_trainer_get_train_loss (trainer));
  test = format_loss (entrena_trainer_get_test_loss (trainer));
  accuracy = entrena_format_percent (entrena_trainer_get_test_accuracy (trainer));

  /* Translators: the epoch so far and of how many, two loss values and a percentage, e.g.
   * "Epoch 12 of 100 · training loss 0.412 · test loss 0.455 · test accuracy 81.2%" */
  text = g_strdup_printf (_("Epoch %u of %u · training loss %s · test loss %s · test accuracy %s"),
                          epoch, epochs, train, test, accuracy);
  set_status (self, _("Training…"), text);
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
      set_status (self, _("Loss"), "");
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

  set_status (self, title, text);
}
