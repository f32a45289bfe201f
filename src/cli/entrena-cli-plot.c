/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-chart-export.h"
#include "entrena-chart-model.h"
#include "entrena-cli.h"
#include "entrena-cli-plot.h"
#include "entrena-decision-map.h"
#include "entrena-error.h"
#include "entrena-history.h"
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
  data.val_loss = training->n_val > 0 ? training->val_loss : NULL;
  data.stopped_epoch = training->early.stopped_epoch;
  data.best_val_epoch = training->early.best_epoch;

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
  g_autofree char *description = NULL;
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

  description = entrena_decision_map_describe (map);
  return entrena_chart_export_drawing (entrena_map_chart_draw_func, map, &style, _("Decision map"), description,
                                       file, ENTRENA_CHART_FORMAT_GUESS,
                                       MAP_WIDTH, MAP_HEIGHT, 1.0, error);
}

/* The --metric choices: a history's column, and the chart that shows it. */
static const struct
{
  const char       *column;
  EntrenaChartKind  kind;
  EntrenaChartCurve curve;
} metrics[] = {
  { "train_loss", ENTRENA_CHART_LOSS, ENTRENA_CHART_CURVE_TRAIN },
  { "test_loss", ENTRENA_CHART_LOSS, ENTRENA_CHART_CURVE_TEST },
  { "test_accuracy", ENTRENA_CHART_ACCURACY, ENTRENA_CHART_CURVE_TEST },
  { "train_accuracy", ENTRENA_CHART_ACCURACY, ENTRENA_CHART_CURVE_TRAIN },
  /* Runs with validation rows have these too. */
  { "val_loss", ENTRENA_CHART_LOSS, ENTRENA_CHART_CURVE_VALIDATION },
  { "val_accuracy", ENTRENA_CHART_ACCURACY, ENTRENA_CHART_CURVE_VALIDATION },
};

int
entrena_cli_plot_histories (int    argc,
                            char **argv)
{
  g_auto (GStrv) files = NULL;
  g_auto (GStrv) labels = NULL;
  g_autofree char *metric = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "label", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &labels,
      N_("Name a run in the legend, once per file in their order (the file's name by default)"), N_("NAME") },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric,
      N_("The curve to compare: train_loss, test_loss (the default), test_accuracy, train_accuracy, "
         "val_loss or val_accuracy"), N_("METRIC") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the chart"), N_("FILE.png|svg|pdf") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("HISTORY.csv… — draw several runs on one chart"));
  g_autoptr (EntrenaChartModel) model = entrena_chart_model_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) out = NULL;
  EntrenaChartData data;
  EntrenaChartStyle style;
  guint m = 1;
  guint n_files;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Draws the curves of several runs, each from a history file that "
                                           "“train --history” wrote, on one chart in colours that colour-blind "
                                           "readers tell apart."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);

  n_files = files != NULL ? g_strv_length (files) : 0;
  if (n_files == 0)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name at least one history file to draw."));
  if (labels != NULL && g_strv_length (labels) > n_files)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("There are more --label names than history files."));
  if (output == NULL || entrena_chart_format_from_filename (output) == ENTRENA_CHART_FORMAT_GUESS)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name the chart file with -o, ending in .png, .svg or .pdf."));
  if (metric != NULL)
    {
      for (m = 0; m < G_N_ELEMENTS (metrics); m++)
        if (strcmp (metric, metrics[m].column) == 0)
          break;
      if (m == G_N_ELEMENTS (metrics))
        {
          g_autofree char *message = g_strdup_printf (_("Unknown metric “%s”: use train_loss, test_loss, "
                                                        "test_accuracy, train_accuracy, val_loss or val_accuracy."),
                                                      metric);

          return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, message);
        }
    }

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr (EntrenaHistory) history = entrena_history_load (file, &error);
      g_autofree char *basename = NULL;
      const float *values;

      if (history == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
      values = entrena_history_get_column (history, metrics[m].column);
      if (values == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (file);
          g_autofree char *message = g_strdup_printf (_("%s, line 1: there is no “%s” column."),
                                                      name, metrics[m].column);

          return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, message);
        }
      basename = g_file_get_basename (file);
      entrena_chart_model_add (model, labels != NULL && i < g_strv_length (labels) ? labels[i] : basename,
                               values, entrena_history_get_n_epochs (history), i);
    }

  entrena_chart_data_init (&data);
  data.empty_message = FALSE;
  data.kind = metrics[m].kind;
  data.overlay_curve = metrics[m].curve;
  entrena_chart_model_apply (model, &data);
  entrena_chart_style_init_default (&style);

  out = g_file_new_for_commandline_arg (output);
  if (!entrena_chart_export (&data, &style, out, ENTRENA_CHART_FORMAT_GUESS, PLOT_WIDTH, PLOT_HEIGHT, 1.0, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  return 0;
}
