/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <gio/gio.h>

#include <glib/gi18n.h>

#include "entrena-chart-export.h"
#include "entrena-cli-plot.h"
#include "entrena-decision-map.h"
#include "entrena-error.h"
#include "entrena-map-chart.h"

#define PLOT_WIDTH  1280
#define PLOT_HEIGHT 800
#define MAP_WIDTH   1000
#define MAP_HEIGHT  900

gboolean
entrena_cli_plot (const EntrenaTraining *training,
                  const char            *path,
                  GError               **error)
{
  g_autoptr (GFile) file = NULL;
  EntrenaChartData data;
  EntrenaChartStyle style;

  g_return_val_if_fail (training != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  entrena_chart_data_init (&data);
  data.train_loss = training->train_loss;
  /* Without test rows every test loss is NaN: draw no test curve at all. */
  data.test_loss = training->n_test > 0 ? training->test_loss : NULL;
  data.n_epochs = training->n_epochs;
  data.total_epochs = training->settings.epochs;
  data.state = training->convergence.state;
  data.suggested_epoch = training->convergence.suggested_epoch;
  data.best_test_epoch = training->convergence.best_test_epoch;
  data.diverged_epoch = training->convergence.diverged_epoch;

  entrena_chart_style_init_default (&style);
  file = g_file_new_for_commandline_arg (path);

  return entrena_chart_export (&data, &style, file, ENTRENA_CHART_FORMAT_GUESS,
                               PLOT_WIDTH, PLOT_HEIGHT, 1.0, error);
}

gboolean
entrena_cli_map_axes (const EntrenaRunResult *run,
                      const char             *axes,
                      guint                  *x_feature,
                      guint                  *y_feature,
                      GError                **error)
{
  g_return_val_if_fail (run != NULL, FALSE);

  if (!entrena_map_plane_possible (run->dataset))
    {
      g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                           _("A decision map needs two numeric input columns, and this data has fewer."));
      return FALSE;
    }
  if (axes != NULL)
    return entrena_map_plane_parse_axes (run->dataset, axes, x_feature, y_feature, error);

  entrena_map_plane_default_axes (run->dataset, run->training->mlp, x_feature, y_feature);
  return TRUE;
}

gboolean
entrena_cli_plot_decision_map (const EntrenaRunResult *run,
                               const char             *axes,
                               const char             *path,
                               GError                **error)
{
  g_autoptr (EntrenaMapPlane) plane = NULL;
  g_autoptr (EntrenaDecisionMap) map = NULL;
  g_autoptr (GFile) file = NULL;
  EntrenaChartStyle style;
  guint x_feature;
  guint y_feature;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!entrena_cli_map_axes (run, axes, &x_feature, &y_feature, error))
    return FALSE;
  plane = entrena_map_plane_new (run->dataset, run->split, x_feature, y_feature, error);
  if (plane == NULL)
    return FALSE;
  map = entrena_decision_map_at_epoch (plane, run->training, run->training->n_epochs, ENTRENA_DECISION_MAP_SIZE);

  entrena_chart_style_init_default (&style);
  file = g_file_new_for_commandline_arg (path);

  return entrena_chart_export_drawing (entrena_map_chart_draw_func, map, &style, _("Decision map"), file,
                                       ENTRENA_CHART_FORMAT_GUESS,
                                       MAP_WIDTH, MAP_HEIGHT, 1.0, error);
}
