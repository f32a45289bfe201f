/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include "entrena-chart-model.h"

struct _EntrenaChartModel
{
  GArray *series; /* of EntrenaChartSeries, owning name and values */
};

static void
series_clear (gpointer data)
{
  EntrenaChartSeries *series = data;

  g_free ((char *) series->name);
  g_free ((float *) series->values);
}

EntrenaChartModel *
entrena_chart_model_new (void)
{
  EntrenaChartModel *model = g_new0 (EntrenaChartModel, 1);

  model->series = g_array_new (FALSE, TRUE, sizeof (EntrenaChartSeries));
  g_array_set_clear_func (model->series, series_clear);

  return model;
}

void
entrena_chart_model_free (EntrenaChartModel *model)
{
  if (model == NULL)
    return;

  g_array_unref (model->series);
  g_free (model);
}

void
entrena_chart_model_clear (EntrenaChartModel *model)
{
  g_return_if_fail (model != NULL);

  g_array_set_size (model->series, 0);
}

void
entrena_chart_model_add (EntrenaChartModel *model,
                         const char        *name,
                         const float       *values,
                         guint              n_values,
                         guint              color_index)
{
  EntrenaChartSeries series = { 0 };

  g_return_if_fail (model != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (n_values == 0 || values != NULL);

  series.name = g_strdup (name);
  series.values = n_values > 0 ? g_memdup2 (values, n_values * sizeof (float)) : NULL;
  series.n_values = series.values != NULL ? n_values : 0;
  entrena_chart_overlay_color (color_index, &series.color, &series.dashed);
  g_array_append_val (model->series, series);
}

guint
entrena_chart_model_get_n_series (const EntrenaChartModel *model)
{
  g_return_val_if_fail (model != NULL, 0);

  return model->series->len;
}

const EntrenaChartSeries *
entrena_chart_model_get_series (const EntrenaChartModel *model,
                                guint                    index)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (index < model->series->len, NULL);

  return &g_array_index (model->series, EntrenaChartSeries, index);
}

void
entrena_chart_model_apply (const EntrenaChartModel *model,
                           EntrenaChartData        *data)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (data != NULL);

  data->overlays = model->series->len > 0 ? (const EntrenaChartSeries *) model->series->data : NULL;
  data->n_overlays = model->series->len;
}
