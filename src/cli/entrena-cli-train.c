/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "entrena-cli.h"
#include "entrena-cli-json.h"
#include "entrena-cli-regression.h"
#include "entrena-cli-run-options.h"
#include "entrena-checkpoint.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-kernels.h"
#include "entrena-lesson.h"
#include "entrena-model-io.h"
#include "entrena-run.h"
#include "entrena-training-history.h"

#ifdef ENTRENA_HAVE_CHART
#include "entrena-chart-export.h"
#include "entrena-cli-plot.h"
#endif

typedef struct
{
  gboolean tty;          /* draw a progress bar on stderr */
  gboolean plain;        /* print a line per epoch on stdout */
  gboolean regression;   /* no accuracy to show */
  guint    epochs;
  gint64   last_draw;
} Progress;

static void
epoch_cb (const EntrenaEpoch *epoch,
          gpointer            user_data)
{
  Progress *p = user_data;

  if (p->plain && p->regression && isnan (epoch->val_loss))
    g_print (_("epoch %u: train loss %.6f, test loss %.6f\n"), epoch->epoch, epoch->train_loss, epoch->test_loss);
  else if (p->plain && p->regression)
    g_print (_("epoch %u: train loss %.6f, test loss %.6f, validation loss %.6f\n"),
             epoch->epoch, epoch->train_loss, epoch->test_loss, epoch->val_loss);
  else if (p->plain && isnan (epoch->val_loss))
    g_print (_("epoch %u: train loss %.6f, test loss %.6f, test accuracy %.1f%%\n"),
             epoch->epoch, epoch->train_loss, epoch->test_loss, 100.0 * epoch->test_accuracy);
  else if (p->plain)
    g_print (_("epoch %u: train loss %.6f, test loss %.6f, test accuracy %.1f%%, validation loss %.6f\n"),
             epoch->epoch, epoch->train_loss, epoch->test_loss, 100.0 * epoch->test_accuracy, epoch->val_loss);

  if (p->tty)
    {
      gint64 now = g_get_monotonic_time ();
      const int width = 30;
      int filled = (int) ((double) epoch->epoch / p->epochs * width);

      /* A terminal redraws at most 20 times a second, and always at the end. */
      if (now - p->last_draw < 50000 && epoch->epoch < p->epochs)
        return;
      p->last_draw = now;
      fprintf (stderr, "\r[%.*s%*s] %u/%u  %s %.4f", filled, "##############################",
               width - filled, "", epoch->epoch, p->epochs, _("loss"), epoch->train_loss);
      if (epoch->epoch == p->epochs)
        fputc ('\n', stderr);
      fflush (stderr);
    }
}

static void
print_warnings (const EntrenaRunResult *result)
{
  for (guint i = 0; i < result->dataset->warnings->len; i++)
    g_printerr (_("Warning: %s\n"), (const char *) g_ptr_array_index (result->dataset->warnings, i));
}

static gboolean
save_model (const EntrenaMlp       *mlp,
            const EntrenaModelInfo *info,
            const char             *path,
            GError                **error)
{
  g_autoptr (GFile) out = g_file_new_for_commandline_arg (path);

  return entrena_model_save (mlp, info, out, NULL, error);
}

/* An array of numbers, null where a loss or accuracy is not finite. */
static void
add_float_array (JsonBuilder *builder,
                 const char  *name,
                 const float *values,
                 guint        n)
{
  g_autofree double *wide = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    wide[i] = values[i];
  entrena_cli_json_add_numbers (builder, name, wide, n);
}

/* "optimizer": { "name", "momentum", "nesterov", "weight_decay", "torch" },
 * "torch" the line of PyTorch that makes the same optimizer. */
static void
add_optimizer (JsonBuilder                   *builder,
               const EntrenaTrainingSettings *t)
{
  g_autofree char *torch = entrena_optimizer_format_torch (t->optimizer, t->momentum, t->nesterov,
                                                           t->weight_decay, "LEARNING_RATE");

  json_builder_set_member_name (builder, "optimizer");
  json_builder_begin_object (builder);
  entrena_cli_json_add_string (builder, "name", entrena_optimizer_to_string (t->optimizer));
  entrena_cli_json_add_double (builder, "momentum", t->momentum);
  entrena_cli_json_add_boolean (builder, "nesterov", t->nesterov);
  entrena_cli_json_add_double (builder, "weight_decay", t->weight_decay);
  entrena_cli_json_add_string (builder, "torch", torch);
  json_builder_end_object (builder);
}

static void
print_json (const EntrenaTraining *training,
            const EntrenaDataset  *dataset,
            const EntrenaMetrics  *train,
            const EntrenaMetrics  *test)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const EntrenaConvergence *conv = &training->convergence;

  json_builder_begin_object (builder);
  entrena_cli_json_add_string (builder, "task", entrena_task_to_string (ENTRENA_TASK_CLASSIFICATION));
  add_float_array (builder, "train_loss", training->train_loss, training->n_epochs);
  add_float_array (builder, "test_loss", training->test_loss, training->n_epochs);
  add_float_array (builder, "test_accuracy_per_epoch", training->test_accuracy, training->n_epochs);
  add_float_array (builder, "train_accuracy_per_epoch", training->train_accuracy, training->n_epochs);
  entrena_cli_json_add_double (builder, "test_accuracy", test->accuracy);
  entrena_cli_json_add_double (builder, "train_accuracy", train->accuracy);
  entrena_cli_json_add_double (builder, "baseline_accuracy", test->baseline_accuracy);
  entrena_cli_json_add_strings (builder, "classes", (const char * const *) dataset->class_names, dataset->n_classes);

  json_builder_set_member_name (builder, "confusion_matrix");
  json_builder_begin_array (builder);
  for (guint t = 0; t < test->n_classes; t++)
    {
      json_builder_begin_array (builder);
      for (guint p = 0; p < test->n_classes; p++)
        json_builder_add_int_value (builder, (gint64) test->confusion[(gsize) t * test->n_classes + p]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  entrena_cli_json_add_numbers (builder, "precision", test->precision, test->n_classes);
  entrena_cli_json_add_numbers (builder, "recall", test->recall, test->n_classes);
  entrena_cli_json_add_numbers (builder, "f1", test->f1, test->n_classes);

  entrena_cli_json_add_epoch (builder, "suggested_epoch", conv->suggested_epoch);
  entrena_cli_json_add_string (builder, "convergence", entrena_convergence_state_to_string (conv->state));
  entrena_cli_json_add_epoch (builder, "diverged_epoch", conv->diverged_epoch);
  entrena_cli_json_add_epoch (builder, "best_test_epoch", conv->best_test_epoch);
  entrena_cli_json_add_int (builder, "epochs", training->n_epochs);
  entrena_cli_json_add_string (builder, "activation", entrena_activation_to_string (training->settings.activation));
  add_optimizer (builder, &training->settings);
  entrena_cli_json_add_int (builder, "train_rows", (gint64) training->n_train);
  entrena_cli_json_add_int (builder, "test_rows", (gint64) training->n_test);
  if (training->n_val > 0)
    {
      add_float_array (builder, "val_loss", training->val_loss, training->n_epochs);
      add_float_array (builder, "val_accuracy_per_epoch", training->val_accuracy, training->n_epochs);
      entrena_cli_json_add_int (builder, "val_rows", (gint64) training->n_val);
    }
  entrena_cli_json_add_epoch (builder, "stopped_epoch", training->early.stopped_epoch);
  entrena_cli_json_add_epoch (builder, "best_val_epoch", training->early.best_epoch);
  entrena_cli_json_add_double (builder, "train_seconds", training->train_seconds);
  entrena_cli_json_add_string (builder, "simd", entrena_kernels_get_impl_name ());
  json_builder_end_object (builder);

  entrena_cli_json_print (builder);
}

static void
print_summary (const EntrenaRunResult *result)
{
  const EntrenaTraining *training = result->training;
  const EntrenaDataset *dataset = result->dataset;
  const EntrenaMetrics *train = result->train_metrics;
  const EntrenaMetrics *test = result->test_metrics;
  const EntrenaConvergence *conv = &training->convergence;
  int width = 5;

  g_print ("\n");
  if (dataset->task_reason != NULL)
    g_print (_("Task:            %s (%s)\n"), entrena_task_get_label (dataset->task), dataset->task_reason);
  else
    g_print (_("Task:            %s\n"), entrena_task_get_label (dataset->task));
  if (training->n_epochs > 0)
    g_print (_("Loss:            %.6f at the start, %.6f at the end (test %.6f)\n"),
             training->train_loss[0], training->train_loss[training->n_epochs - 1],
             training->test_loss[training->n_epochs - 1]);
  if (result->test_regression != NULL)
    entrena_cli_regression_print_summary (result);
  else
    {
      g_print (_("Test accuracy:   %.1f%% (always answering “%s”: %.1f%%)\n"), 100 * test->accuracy,
               dataset->class_names[test->majority_class], 100 * test->baseline_accuracy);
      g_print (_("Train accuracy:  %.1f%%\n"), 100 * train->accuracy);
    }

  switch (conv->state)
    {
    case ENTRENA_CONVERGENCE_CONVERGED:
      g_print (_("Convergence:     converged at about epoch %u of %u\n"), conv->suggested_epoch, training->n_epochs);
      break;
    case ENTRENA_CONVERGENCE_STILL_IMPROVING:
      g_print (_("Convergence:     still improving: train longer\n"));
      break;
    case ENTRENA_CONVERGENCE_DIVERGED:
    default:
      g_print (_("Convergence:     diverged at epoch %u\n"), conv->diverged_epoch);
      break;
    }
  if (conv->best_test_epoch > 0)
    g_print (_("Lowest test loss at epoch %u\n"), conv->best_test_epoch);
  if (training->early.best_epoch > 0)
    g_print (_("Validation:      lowest loss %.6f at epoch %u (%u rows)\n"),
             training->early.best_loss, training->early.best_epoch, (guint) training->n_val);
  if (training->early.stopped_epoch > 0)
    g_print (_("Early stopping:  stopped at epoch %u, weights from epoch %u\n"),
             training->early.stopped_epoch, training->early.best_epoch);
  g_print (_("Training time:   %.3f s (%s)\n"), training->train_seconds, entrena_kernels_get_impl_name ());
  if (result->test_regression != NULL)
    return;

  for (guint c = 0; c < dataset->n_classes; c++)
    width = MAX (width, (int) strlen (dataset->class_names[c]));

  g_print (_("\nConfusion matrix on the test rows (rows: true class, columns: predicted):\n"));
  g_print ("  %*s", width, "");
  for (guint p = 0; p < test->n_classes; p++)
    g_print (" %*s", MAX (width, 5), dataset->class_names[p]);
  g_print ("\n");
  for (guint t = 0; t < test->n_classes; t++)
    {
      g_print ("  %*s", width, dataset->class_names[t]);
      for (guint p = 0; p < test->n_classes; p++)
        g_print (" %*" G_GUINT64_FORMAT, MAX (width, 5), test->confusion[(gsize) t * test->n_classes + p]);
      g_print ("\n");
    }

  g_print ("\n  %*s %9s %9s %9s %9s\n", width, _("class"), _("precision"), _("recall"), _("F1"), _("rows"));
  for (guint c = 0; c < test->n_classes; c++)
    g_print ("  %*s %9.3f %9.3f %9.3f %9" G_GUINT64_FORMAT "\n", width, dataset->class_names[c],
             test->precision[c], test->recall[c], test->f1[c], test->support[c]);
}

int
entrena_cli_train (int    argc,
                   char **argv)
{
  g_auto (EntrenaCliRunOptions) run = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *save = NULL;
  g_autofree char *save_init = NULL;
  g_autofree char *init = NULL;
  g_autofree char *history = NULL;
  g_autofree char *save_checkpoint = NULL;
  g_autofree char *resume = NULL;
  g_autofree char *lesson_path = NULL;
#ifdef ENTRENA_HAVE_CHART
  g_autofree char *plot = NULL;
  g_autofree char *decision_map = NULL;
  g_autofree char *map_axes = NULL;
  g_autofree char *scatter = NULL;
  g_autofree char *residuals = NULL;
  guint map_x, map_y;
#endif
  gboolean json = FALSE;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "lesson", 0, 0, G_OPTION_ARG_FILENAME, &lesson_path,
      N_("Train as the lesson file says: its data and settings; the options given change them"), N_("FILE.entrena") },
    { "save", 's', 0, G_OPTION_ARG_FILENAME, &save, N_("Save the trained model (safetensors)"), N_("MODEL") },
    { "save-init", 0, 0, G_OPTION_ARG_FILENAME, &save_init, N_("Save the initial weights (safetensors)"), N_("MODEL") },
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &init, N_("Start from these weights instead of the seeded ones"), N_("MODEL") },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &history, N_("Write the loss of every epoch as CSV"), N_("FILE.csv") },
    { "save-checkpoint", 0, 0, G_OPTION_ARG_FILENAME, &save_checkpoint,
      N_("After training, save everything needed to go on later (safetensors)"), N_("CHECKPOINT") },
    { "resume", 0, 0, G_OPTION_ARG_FILENAME, &resume,
      N_("Go on from a checkpoint of a run on this CSV for --epochs more, with its settings"), N_("CHECKPOINT") },
#ifdef ENTRENA_HAVE_CHART
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot, N_("Draw the loss chart as a PNG, SVG or PDF file"), N_("FILE.png") },
    { "decision-map", 0, 0, G_OPTION_ARG_FILENAME, &decision_map,
      N_("Draw the trained network’s decision map as a PNG, SVG or PDF file"), N_("FILE.png") },
    { "map-axes", 0, 0, G_OPTION_ARG_STRING, &map_axes,
      N_("The decision map’s two numeric input columns (default: those with the largest first-layer weights)"),
      N_("COL_X,COL_Y") },
    { "scatter", 0, 0, G_OPTION_ARG_FILENAME, &scatter,
      N_("Regression: draw the test rows’ predictions against their actual values as a PNG, SVG or PDF file"),
      N_("FILE.png") },
    { "residuals", 0, 0, G_OPTION_ARG_FILENAME, &residuals,
      N_("Regression: draw the histogram of the test rows’ residuals as a PNG, SVG or PDF file"), N_("FILE.png") },
#endif
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the results as one JSON object"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no line per epoch"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE — train a classifier or a regression on a CSV file"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaMlp) initial = NULL;
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_autoptr (EntrenaRunResult) result = NULL;
  EntrenaRunSettings settings;
  Progress progress = { 0 };
  guint more = 0;

  if (!entrena_cli_run_options_parse (&run, context, entries,
                                      _("Trains the lesson's network (Linear layers with ReLU, cross-entropy, Adam, "
                                        "full batch) and prints the loss of every epoch, the test accuracy, the "
                                        "confusion matrix and the suggested number of epochs. With the same seed "
                                        "the initial weights, the split and the loss curve are PyTorch's."),
                                      &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);

  if (lesson_path != NULL)
    {
      g_autoptr (GFile) lesson_file = g_file_new_for_commandline_arg (lesson_path);

      if (resume != NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE,
                                 _("--lesson does not go with --resume: the checkpoint holds the settings."));
      lesson = entrena_lesson_load (lesson_file, NULL, &error);
      if (lesson == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
      entrena_cli_run_options_set_base (&run, lesson->settings);
    }
  if (lesson != NULL ? rest != NULL && rest[0] != NULL && rest[1] != NULL
                     : rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name one CSV file to train on."));
  if (resume != NULL)
    {
      /* The settings come from the checkpoint; --epochs counts the epochs to add. */
      if (init != NULL || save_init != NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE,
                                 _("--init and --save-init do not go with --resume: the checkpoint holds the weights."));
      more = entrena_cli_run_options_more_epochs (&run);
      if (more == 0)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("--epochs must be between 1 and 1000000."));
    }
  else if (!entrena_cli_run_options_check_optimizer (&run, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  else if (!entrena_cli_run_options_apply (&run, &settings, &error))
    return entrena_cli_fail (g_error_matches (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT)
                               ? ENTRENA_CLI_EXIT_USAGE : ENTRENA_CLI_EXIT_FAILURE,
                             error->message);
#ifdef ENTRENA_HAVE_CHART
  /* A wrong extension is found before training, not after it. */
  if (plot != NULL && entrena_chart_format_from_filename (plot) == ENTRENA_CHART_FORMAT_GUESS)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name the --plot file with .png, .svg or .pdf at the end."));
  if (decision_map != NULL && entrena_chart_format_from_filename (decision_map) == ENTRENA_CHART_FORMAT_GUESS)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE,
                             _("Name the --decision-map file with .png, .svg or .pdf at the end."));
  if (map_axes != NULL && decision_map == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("--map-axes goes with --decision-map."));
  if (scatter != NULL && entrena_chart_format_from_filename (scatter) == ENTRENA_CHART_FORMAT_GUESS)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name the --scatter file with .png, .svg or .pdf at the end."));
  if (residuals != NULL && entrena_chart_format_from_filename (residuals) == ENTRENA_CHART_FORMAT_GUESS)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE,
                             _("Name the --residuals file with .png, .svg or .pdf at the end."));
#endif

  /* A lesson brings its data, unless a CSV file is named too. */
  if (lesson != NULL && (rest == NULL || rest[0] == NULL))
    table = entrena_lesson_read_table (lesson, NULL, &error);
  else
    {
      file = g_file_new_for_commandline_arg (rest[0]);
      table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);
    }
  if (table == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  progress.tty = isatty (STDERR_FILENO) && !quiet;
  progress.plain = !json && !quiet;

  if (resume != NULL)
    {
      g_autoptr (GFile) resume_file = g_file_new_for_commandline_arg (resume);
      g_autofree char *shown = g_filename_display_name (resume);

      result = entrena_checkpoint_restore (table, resume_file, &error);
      if (result == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
      if (!entrena_cli_run_options_check_resume (&run, result->info, shown, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
      print_warnings (result);
#ifdef ENTRENA_HAVE_CHART
      if (decision_map != NULL && !entrena_cli_map_axes (result, map_axes, &map_x, &map_y, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
      if ((scatter != NULL || residuals != NULL) && result->training->task != ENTRENA_TASK_REGRESSION)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE,
                                 _("--scatter and --residuals draw a regression’s test rows; this run classifies "
                                   "(see --task)."));
#endif

      progress.epochs = result->training->n_epochs + more;
      progress.regression = result->training->task == ENTRENA_TASK_REGRESSION;
      if (!entrena_run_train_more (result, more, NULL, NULL, epoch_cb, &progress, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }
  else
    {
      if (init != NULL)
        {
          g_autoptr (GFile) init_file = g_file_new_for_commandline_arg (init);

          initial = entrena_model_load (init_file, NULL, NULL, &error);
          if (initial == NULL)
            return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
        }

      /* The steps of entrena_run_execute(), with the command's own in between;
       * the table's cells are not needed once the dataset is made. */
      result = entrena_run_start_dropping_cells (table, &settings, initial, &error);
      if (result == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
      print_warnings (result);
#ifdef ENTRENA_HAVE_CHART
      if (decision_map != NULL && !entrena_cli_map_axes (result, map_axes, &map_x, &map_y, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
      if ((scatter != NULL || residuals != NULL) && result->training->task != ENTRENA_TASK_REGRESSION)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE,
                                 _("--scatter and --residuals draw a regression’s test rows; this run classifies "
                                   "(see --task)."));
#endif

      if (save_init != NULL && !save_model (result->training->initial, result->info, save_init, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

      progress.epochs = settings.training.epochs;
      progress.regression = result->training->task == ENTRENA_TASK_REGRESSION;
      if (!entrena_run_train (result, NULL, NULL, epoch_cb, &progress, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }

  /* An early stop ends the progress bar before its last epoch. */
  if (progress.tty && result->training->early.stopped_epoch > 0)
    fputc ('\n', stderr);

  if (history != NULL)
    {
      g_autoptr (GFile) out = g_file_new_for_commandline_arg (history);

      if (!entrena_training_write_history (result->training, out, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }

#ifdef ENTRENA_HAVE_CHART
  /* Drawn for a diverged run too: that chart is the lesson. */
  if (plot != NULL && !entrena_cli_plot (result->training, plot, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  if (decision_map != NULL && !entrena_cli_plot_decision_map (result, map_axes, decision_map, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
#endif

  if (save != NULL && !save_model (result->training->mlp, result->info, save, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  if (save_checkpoint != NULL)
    {
      g_autoptr (GFile) out = g_file_new_for_commandline_arg (save_checkpoint);

      if (!entrena_checkpoint_save (result, out, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }

  entrena_run_finish (result);

#ifdef ENTRENA_HAVE_CHART
  if (scatter != NULL && !entrena_cli_plot_regression (result, scatter, FALSE, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  if (residuals != NULL && !entrena_cli_plot_regression (result, residuals, TRUE, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
#endif

  if (json && result->test_regression != NULL)
    entrena_cli_regression_print_json (result);
  else if (json)
    print_json (result->training, result->dataset, result->train_metrics, result->test_metrics);
  else
    print_summary (result);

  /* Diverging is a result worth showing, but the run did not succeed. */
  if (result->diverged != NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, result->diverged);

  return 0;
}
