/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include "entrena-training-view-private.h"

/*
 * The training view's Runs list: each run that ends joins it with the
 * settings it started with; the runs ticked there are drawn on the chart
 * with the run on screen, in the view's kind (loss or accuracy); Use These
 * Settings puts a run's settings back in the settings pane.
 */

/* The run on screen: the one training, or the last that ended. */
static guint
current_run (EntrenaTrainingView *self)
{
  if (self->training || self->result == NULL)
    return 0;

  return self->run_id;
}

void
_entrena_training_view_update_compare (EntrenaTrainingView *self)
{
  guint current = current_run (self);
  EntrenaChartKind kind = entrena_loss_chart_get_show_accuracy (self->loss_chart) ?
                          ENTRENA_CHART_ACCURACY : ENTRENA_CHART_LOSS;
  const char *current_name = NULL;

  if (self->runs_list == NULL)
    return;

  /* The run on screen goes by its name in the list, once it has one. */
  for (guint i = 0; current != 0 && i < entrena_runs_list_get_n_runs (self->runs_list); i++)
    {
      EntrenaRunRecord *record = entrena_runs_list_get_run (self->runs_list, i);

      if (entrena_run_record_is_run (record, current))
        current_name = entrena_run_record_get_label (record);
    }

  entrena_loss_chart_set_compare (self->loss_chart,
                                  entrena_runs_list_build_compare (self->runs_list, kind, current),
                                  entrena_runs_list_get_curve (self->runs_list), current_name);
}

void
_entrena_training_view_add_run (EntrenaTrainingView *self)
{
  if (self->result == NULL || self->run_settings == NULL)
    return;

  entrena_runs_list_add_run (self->runs_list, self->run_settings, self->run_id, self->result);
}

static void
use_settings_cb (EntrenaTrainingView *self,
                 GVariant            *settings)
{
  entrena_training_page_apply_state (self->training_page, settings);
}

void
_entrena_training_view_runs_init (EntrenaTrainingView *self)
{
  g_signal_connect_object (self->runs_list, "changed",
                           G_CALLBACK (_entrena_training_view_update_compare), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_list, "use-settings",
                           G_CALLBACK (use_settings_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loss_chart, "notify::show-accuracy",
                           G_CALLBACK (_entrena_training_view_update_compare), self, G_CONNECT_SWAPPED);
}

/**
 * entrena_training_view_get_runs_list:
 * @self: a training view
 *
 * Returns: (transfer none): the Runs list
 */
EntrenaRunsList *
entrena_training_view_get_runs_list (EntrenaTrainingView *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_VIEW (self), NULL);

  return self->runs_list;
}
