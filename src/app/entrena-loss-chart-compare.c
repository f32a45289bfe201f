/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-loss-chart"

#include "config.h"

#include "entrena-loss-chart.h"

/*
 * Earlier runs drawn on the loss chart with the current one, to compare
 * them: the chart keeps their curves (an EntrenaChartModel) beside its own
 * points, and entrena_loss_chart_get_data() hands them to the renderer, so
 * the window, its description for screen readers and Export Chart all show
 * the comparison.
 */

typedef struct
{
  EntrenaChartModel *model;
  EntrenaChartCurve  curve;
  char              *current_name;
} Compare;

static GQuark
compare_quark (void)
{
  return g_quark_from_static_string ("entrena-loss-chart-compare");
}

static void
compare_free (gpointer data)
{
  Compare *compare = data;

  g_clear_pointer (&compare->model, entrena_chart_model_free);
  g_free (compare->current_name);
  g_free (compare);
}

/**
 * entrena_loss_chart_set_compare:
 * @self: a loss chart
 * @model: (transfer full) (nullable): the other runs' curves, of the kind the
 *   chart shows, or %NULL (or an empty model) for none
 * @curve: which of the current run's curves they are compared with
 * @current_name: (nullable): the current run's name in the legend
 */
void
entrena_loss_chart_set_compare (EntrenaLossChart  *self,
                                EntrenaChartModel *model,
                                EntrenaChartCurve  curve,
                                const char        *current_name)
{
  Compare *compare;

  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  if (model == NULL || entrena_chart_model_get_n_series (model) == 0)
    {
      g_clear_pointer (&model, entrena_chart_model_free);
      g_object_set_qdata (G_OBJECT (self), compare_quark (), NULL);
    }
  else
    {
      compare = g_new0 (Compare, 1);
      compare->model = model;
      compare->curve = curve;
      compare->current_name = g_strdup (current_name);
      g_object_set_qdata_full (G_OBJECT (self), compare_quark (), compare, compare_free);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * entrena_loss_chart_get_n_compared:
 * @self: a loss chart
 *
 * Returns: how many other runs the chart draws
 */
guint
entrena_loss_chart_get_n_compared (EntrenaLossChart *self)
{
  Compare *compare;

  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), 0);

  compare = g_object_get_qdata (G_OBJECT (self), compare_quark ());

  return compare != NULL ? entrena_chart_model_get_n_series (compare->model) : 0;
}

void
_entrena_loss_chart_apply_compare (EntrenaLossChart *self,
                                   EntrenaChartData *data)
{
  Compare *compare = g_object_get_qdata (G_OBJECT (self), compare_quark ());

  if (compare == NULL)
    return;
  entrena_chart_model_apply (compare->model, data);
  data->overlay_curve = compare->curve;
  data->current_name = compare->current_name;
}
