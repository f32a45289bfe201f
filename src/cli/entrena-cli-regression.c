/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "entrena-cli-json.h"
#include "entrena-cli-regression.h"
#include "entrena-kernels.h"

static void
add_floats (JsonBuilder *builder,
            const char  *name,
            const float *values,
            guint        n)
{
  g_autofree double *wide = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    wide[i] = values[i];
  entrena_cli_json_add_numbers (builder, name, wide, n);
}

void
entrena_cli_regression_print_json (const EntrenaRunResult *result)
{
  const EntrenaTraining *training = result->training;
  const EntrenaRegressionMetrics *test = result->test_regression;
  const EntrenaConvergence *conv = &training->convergence;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  entrena_cli_json_add_string (builder, "task", entrena_task_to_string (ENTRENA_TASK_REGRESSION));
  entrena_cli_json_add_string (builder, "target", result->info->target);
  add_floats (builder, "train_loss", training->train_loss, training->n_epochs);
  add_floats (builder, "test_loss", training->test_loss, training->n_epochs);
  entrena_cli_json_add_double (builder, "test_rmse", test->rmse);
  entrena_cli_json_add_double (builder, "test_mae", test->mae);
  entrena_cli_json_add_double (builder, "test_r2", test->r2);
  entrena_cli_json_add_double (builder, "baseline_rmse", test->baseline_rmse);
  entrena_cli_json_add_double (builder, "baseline_mae", test->baseline_mae);
  entrena_cli_json_add_double (builder, "baseline_mean", test->baseline_mean);
  entrena_cli_json_add_boolean (builder, "scale_target", training->target_scaler != NULL);
  entrena_cli_json_add_numbers (builder, "test_predicted", test->predicted, (guint) test->n_rows);
  entrena_cli_json_add_numbers (builder, "test_actual", test->actual, (guint) test->n_rows);

  entrena_cli_json_add_epoch (builder, "suggested_epoch", conv->suggested_epoch);
  entrena_cli_json_add_string (builder, "convergence", entrena_convergence_state_to_string (conv->state));
  entrena_cli_json_add_epoch (builder, "diverged_epoch", conv->diverged_epoch);
  entrena_cli_json_add_epoch (builder, "best_test_epoch", conv->best_test_epoch);
  entrena_cli_json_add_int (builder, "epochs", training->n_epochs);
  entrena_cli_json_add_string (builder, "activation", entrena_activation_to_string (training->settings.activation));
  entrena_cli_json_add_int (builder, "train_rows", (gint64) training->n_train);
  entrena_cli_json_add_int (builder, "test_rows", (gint64) training->n_test);
  if (training->n_val > 0)
    {
      add_floats (builder, "val_loss", training->val_loss, training->n_epochs);
      entrena_cli_json_add_int (builder, "val_rows", (gint64) training->n_val);
    }
  entrena_cli_json_add_epoch (builder, "stopped_epoch", training->early.stopped_epoch);
  entrena_cli_json_add_epoch (builder, "best_val_epoch", training->early.best_epoch);
  entrena_cli_json_add_double (builder, "train_seconds", training->train_seconds);
  entrena_cli_json_add_string (builder, "simd", entrena_kernels_get_impl_name ());
  json_builder_end_object (builder);

  entrena_cli_json_print (builder);
}

void
entrena_cli_regression_print_summary (const EntrenaRunResult *result)
{
  const EntrenaTraining *training = result->training;
  const EntrenaRegressionMetrics *test = result->test_regression;

  g_print (_("Test RMSE:       %.6g (always predicting the training mean %.6g: %.6g)\n"),
           test->rmse, test->baseline_mean, test->baseline_rmse);
  g_print (_("Test MAE:        %.6g (always predicting the training mean: %.6g)\n"),
           test->mae, test->baseline_mae);
  g_print (_("Test R²:         %.4f (the mean scores 0, a perfect fit 1)\n"), test->r2);
  if (training->target_scaler != NULL)
    g_print (_("Target scaled:   mean %.6g, deviation %.6g (the losses are in deviations)\n"),
             training->target_scaler->mean[0], training->target_scaler->scale[0]);
}
