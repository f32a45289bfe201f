/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "entrena-chart-export.h"
#include "entrena-cli-plot.h"
#include "entrena-residual-chart.h"
#include "entrena-scatter-chart.h"

/* The window's export size, so that both give the same picture. */
#define REGRESSION_WIDTH     1200
#define REGRESSION_HEIGHT    675
#define REGRESSION_PNG_SCALE 2.0

gboolean
entrena_cli_plot_regression (const EntrenaRunResult *run,
                             const char             *path,
                             gboolean                residuals,
                             GError                **error)
{
  EntrenaRegressionChartData data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *description = NULL;
  EntrenaChartStyle style;
  EntrenaChartFormat format;

  g_return_val_if_fail (run != NULL && path != NULL, FALSE);
  g_return_val_if_fail (run->test_regression != NULL, FALSE);

  data.metrics = run->test_regression;
  data.target = run->info->target;
  entrena_chart_style_init_default (&style);
  file = g_file_new_for_commandline_arg (path);
  format = entrena_chart_format_from_filename (path);
  description = residuals ? entrena_residual_chart_describe (&data) : entrena_scatter_chart_describe (&data);

  return entrena_chart_export_drawing (residuals ? entrena_residual_chart_draw_func : entrena_scatter_chart_draw_func,
                                       &data, &style, residuals ? _("Residuals") : _("Predicted against actual"),
                                       description, file, format, REGRESSION_WIDTH, REGRESSION_HEIGHT,
                                       format == ENTRENA_CHART_FORMAT_PNG ? REGRESSION_PNG_SCALE : 1.0, error);
}
