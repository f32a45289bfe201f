/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <gio/gio.h>

#include "entrena-chart-export.h"
#include "entrena-cli-plot.h"

#define PLOT_WIDTH  1280
#define PLOT_HEIGHT 800

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
