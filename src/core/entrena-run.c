/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-run"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-run.h"

static char **
default_exclude (EntrenaTable *table,
                 int           target)
{
  g_auto (GStrv) suggested = entrena_table_suggest_exclude (table);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; suggested[i] != NULL; i++)
    if (entrena_table_find_column (table, suggested[i]) != target)
      g_strv_builder_add (builder, suggested[i]);
  return g_strv_builder_end (builder);
}

static EntrenaDataset *
prepare (EntrenaTable              *table,
         const EntrenaRunSettings  *settings,
         gboolean                   drop_cells,
         EntrenaSplit             **split,
         char                    ***exclude_used,
         GError                   **error)
{
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_auto (GStrv) exclude = NULL;
  EntrenaDatasetOptions options;

  g_return_val_if_fail (table != NULL && settings != NULL && split != NULL, NULL);
  g_return_val_if_fail (settings->data.target != NULL, NULL);

  exclude = settings->data.exclude != NULL
              ? g_strdupv ((char **) settings->data.exclude)
              : default_exclude (table, entrena_table_find_column (table, settings->data.target));

  options = settings->data;
  options.exclude = (const char * const *) exclude;

  dataset = drop_cells ? entrena_dataset_new_dropping_cells (table, &options, error)
                       : entrena_dataset_new (table, &options, error);
  if (dataset == NULL)
    return NULL;

  if (dataset->task == ENTRENA_TASK_REGRESSION && settings->stratify)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("Stratifying keeps the share of each class in both sets, but “%s” is a number "
                     "to predict, not classes: turn stratifying off for regression."),
                   settings->data.target);
      return NULL;
    }

  *split = entrena_split_new (dataset->n_rows, settings->test_size, (guint32) settings->training.seed,
                              settings->stratify ? dataset->y : NULL, dataset->n_classes, error);
  if (*split == NULL)
    return NULL;

  entrena_split_check (*split, dataset->y, dataset->n_classes, dataset->class_names, dataset->warnings);

  /* The validation rows come from the training rows, as a second
   * train_test_split of them. */
  if (settings->training.val_size > 0 &&
      !entrena_split_carve_validation (*split, settings->training.val_size, (guint32) settings->training.seed,
                                       dataset->y, dataset->n_classes, dataset->class_names,
                                       settings->stratify, error))
    {
      g_clear_pointer (split, entrena_split_free);
      return NULL;
    }

  if (exclude_used != NULL)
    *exclude_used = g_steal_pointer (&exclude);

  return g_steal_pointer (&dataset);
}

EntrenaDataset *
entrena_run_prepare (EntrenaTable              *table,
                     const EntrenaRunSettings  *settings,
                     EntrenaSplit             **split,
                     char                    ***exclude_used,
                     GError                   **error)
{
  return prepare (table, settings, FALSE, split, exclude_used, error);
}

/* Rows ahead whose inputs are fetched into the cache while a row is read. */
#define DESCRIBE_AHEAD 16

/* The training rows' mean, least and greatest value of each input, in one
 * pass over the rows (each sum still adds the rows in their order). */
static void
describe_inputs (EntrenaModelInfo     *info,
                 const EntrenaDataset *dataset,
                 const EntrenaSplit   *split)
{
  guint d = dataset->n_features;
  g_autofree double *sum = g_new0 (double, MAX (d, 1));

  for (guint i = 0; i < split->n_train; i++)
    {
      const float *x = dataset->X + (gsize) split->train[i] * d;

      /* The rows come in shuffled order: ask for a later one early. */
      if (i + DESCRIBE_AHEAD < split->n_train)
        __builtin_prefetch (dataset->X + (gsize) split->train[i + DESCRIBE_AHEAD] * d);
      for (guint k = 0; k < d; k++)
        {
          float v = x[k];

          sum[k] += v;
          info->input_min[k] = i == 0 ? v : MIN (info->input_min[k], v);
          info->input_max[k] = i == 0 ? v : MAX (info->input_max[k], v);
        }
    }
  for (guint k = 0; k < d; k++)
    info->fill_values[k] = split->n_train > 0 ? (float) (sum[k] / split->n_train) : 0;
}

EntrenaModelInfo *
entrena_run_describe (EntrenaTable             *table,
                      const EntrenaRunSettings *settings,
                      char * const             *exclude_used,
                      const EntrenaDataset     *dataset,
                      const EntrenaSplit       *split,
                      const EntrenaTraining    *training)
{
  EntrenaModelInfo *info = entrena_model_info_new ();
  guint d = dataset->n_features;

  info->source_name = g_strdup (entrena_table_get_display_name (table));
  info->delimiter = entrena_table_get_delimiter (table);
  info->has_header = entrena_table_get_has_header (table);
  info->decimal_comma = entrena_table_get_decimal_comma (table);
  info->target = g_strdup (settings->data.target);
  info->exclude = g_strdupv ((char **) exclude_used);
  info->categorical = settings->data.categorical != NULL ? g_strdupv ((char **) settings->data.categorical) : g_new0 (char *, 1);
  info->missing = settings->data.missing;
  info->test_size = settings->test_size;
  info->split_seed = (guint32) settings->training.seed;
  info->stratify = settings->stratify;
  info->training = training != NULL ? training->settings : settings->training;
  info->n_features = d;
  info->feature_names = g_strdupv (dataset->feature_names);
  info->feature_columns = g_new0 (char *, d + 1);
  info->feature_categories = g_new0 (char *, d + 1);
  info->fill_values = g_new0 (float, MAX (d, 1));
  info->input_min = g_new0 (float, MAX (d, 1));
  info->input_max = g_new0 (float, MAX (d, 1));
  info->n_classes = dataset->n_classes;
  info->class_names = g_strdupv (dataset->class_names);
  if (training != NULL && training->scaler != NULL)
    info->scaler = entrena_scaler_new (d, training->scaler->mean, training->scaler->scale);
  info->task = dataset->task;
  if (training != NULL && training->target_scaler != NULL)
    {
      info->target_mean = training->target_scaler->mean[0];
      info->target_scale = training->target_scaler->scale[0];
    }
  else if (training != NULL || dataset->task != ENTRENA_TASK_REGRESSION)
    info->training.scale_target = FALSE;
  /* Described before training (an exported script), a regression run keeps
   * Scale target: the script fits the target's scaling itself. */

  /* A missing cell in new data becomes the training mean of its input; for
   * one-hot inputs, the training rows' mean is the category's frequency, and
   * the most frequent category is the one a fill picks. */
  for (guint k = 0; k < d; k++)
    {
      const EntrenaFeatureSource *source = &dataset->sources[k];
      const char *name = entrena_table_get_column_name (table, source->source_column);

      info->feature_columns[k] = g_strdup (name);
      if (source->category >= 0)
        {
          gsize prefix = strlen (name) + 1;   /* "column=" */

          info->feature_categories[k] = g_strdup (dataset->feature_names[k] + prefix);
        }
      else
        info->feature_categories[k] = g_strdup ("");
    }
  describe_inputs (info, dataset, split);

  for (guint k = 0; k < d;)
    {
      const EntrenaFeatureSource *source = &dataset->sources[k];
      guint end = k + 1;
      guint best = k;

      if (source->category < 0)
        {
          k++;
          continue;
        }
      while (end < d && dataset->sources[end].source_column == source->source_column)
        end++;
      for (guint c = k; c < end; c++)
        if (info->fill_values[c] > info->fill_values[best])
          best = c;
      for (guint c = k; c < end; c++)
        info->fill_values[c] = c == best ? 1.0f : 0.0f;
      k = end;
    }

  return info;
}

/* Result */

static void
result_free (EntrenaRunResult *self)
{
  g_clear_pointer (&self->training, entrena_training_free);
  g_clear_pointer (&self->dataset, entrena_dataset_free);
  g_clear_pointer (&self->split, entrena_split_free);
  g_clear_pointer (&self->info, entrena_model_info_free);
  g_clear_pointer (&self->train_metrics, entrena_metrics_free);
  g_clear_pointer (&self->test_metrics, entrena_metrics_free);
  g_clear_pointer (&self->test_regression, entrena_regression_metrics_free);
  g_clear_pointer (&self->diverged, g_free);
}

EntrenaRunResult *
entrena_run_result_ref (EntrenaRunResult *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
entrena_run_result_unref (EntrenaRunResult *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) result_free);
}

/* Steps */

static EntrenaRunResult *
run_start (EntrenaTable             *table,
           const EntrenaRunSettings *settings,
           const EntrenaMlp         *initial,
           gboolean                  drop_cells,
           GError                  **error)
{
  g_autoptr (EntrenaRunResult) run = g_atomic_rc_box_new0 (EntrenaRunResult);
  g_auto (GStrv) exclude_used = NULL;

  /* When the table's cells are dropped, they are given back as the dataset
   * takes the numbers: the table need not hold them too while the dataset
   * is made and the training sets itself up. */
  run->dataset = prepare (table, settings, drop_cells, &run->split, &exclude_used, error);
  if (run->dataset == NULL)
    return NULL;

  run->training = entrena_training_new (run->dataset, run->split, &settings->training, initial, error);
  if (run->training == NULL)
    return NULL;

  /* Training changes neither its settings nor its scaler: the description
   * made now is the one of the trained model too. */
  run->info = entrena_run_describe (table, settings, exclude_used, run->dataset, run->split, run->training);

  return g_steal_pointer (&run);
}

EntrenaRunResult *
entrena_run_start (EntrenaTable             *table,
                   const EntrenaRunSettings *settings,
                   const EntrenaMlp         *initial,
                   GError                  **error)
{
  return run_start (table, settings, initial, FALSE, error);
}

EntrenaRunResult *
entrena_run_start_dropping_cells (EntrenaTable             *table,
                                  const EntrenaRunSettings *settings,
                                  const EntrenaMlp         *initial,
                                  GError                  **error)
{
  return run_start (table, settings, initial, TRUE, error);
}

gboolean
entrena_run_train (EntrenaRunResult  *run,
                   GCancellable      *cancellable,
                   EntrenaRunControl *control,
                   EntrenaEpochFunc   epoch_func,
                   gpointer           user_data,
                   GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (run != NULL && run->training != NULL, FALSE);

  ok = entrena_training_run (run->training, cancellable, control, epoch_func, user_data, &local_error);
  /* A model file records where early stopping left the weights. */
  run->info->stopped_epoch = run->training->early.stopped_epoch;
  run->info->best_val_epoch = run->training->early.best_epoch;
  if (ok)
    return TRUE;

  if (!g_error_matches (local_error, ENTRENA_ERROR, ENTRENA_ERROR_DIVERGED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_free (run->diverged);
  run->diverged = g_strdup (local_error->message);
  return TRUE;
}

gboolean
entrena_run_train_more (EntrenaRunResult  *run,
                        guint              more,
                        GCancellable      *cancellable,
                        EntrenaRunControl *control,
                        EntrenaEpochFunc   epoch_func,
                        gpointer           user_data,
                        GError           **error)
{
  g_return_val_if_fail (run != NULL && run->training != NULL, FALSE);

  if (!entrena_training_extend (run->training, more, error))
    return FALSE;
  /* A model file records the epochs the model has trained. */
  run->info->training.epochs = run->training->settings.epochs;

  if (!entrena_run_train (run, cancellable, control, epoch_func, user_data, error))
    return FALSE;
  entrena_run_finish (run);
  return TRUE;
}

/* The baseline of regression metrics: the training rows' mean target. */
static double
training_mean (const EntrenaTraining *training)
{
  double mean = 0;

  for (gsize i = 0; i < training->n_train; i++)
    mean += training->value_train[i];
  return mean / (double) MAX (training->n_train, 1);
}

EntrenaRegressionMetrics *
entrena_run_evaluate_regression (EntrenaTraining *training)
{
  gsize n = training->n_test;
  g_autofree double *predicted = g_new (double, MAX (n, 1));
  g_autofree double *actual = g_new (double, MAX (n, 1));

  g_return_val_if_fail (training->task == ENTRENA_TASK_REGRESSION, NULL);

  entrena_training_predict_values (training, TRUE, predicted, actual);
  return entrena_regression_metrics_new (predicted, actual, n, training_mean (training));
}

EntrenaRegressionMetrics *
entrena_run_evaluate_regression_at (EntrenaTraining *training,
                                    guint            epoch,
                                    guint           *weights_epoch)
{
  gsize n = training->n_test;
  g_autofree double *predicted = g_new (double, MAX (n, 1));
  g_autofree double *actual = g_new (double, MAX (n, 1));

  g_return_val_if_fail (training->task == ENTRENA_TASK_REGRESSION, NULL);

  if (!entrena_training_predict_values_at (training, epoch, TRUE, predicted, actual, weights_epoch))
    return NULL;
  return entrena_regression_metrics_new (predicted, actual, n, training_mean (training));
}

void
entrena_run_finish (EntrenaRunResult *run)
{
  g_return_if_fail (run != NULL && run->training != NULL);

  g_clear_pointer (&run->train_metrics, entrena_metrics_free);
  g_clear_pointer (&run->test_metrics, entrena_metrics_free);
  run->train_metrics = entrena_training_evaluate (run->training, FALSE);
  run->test_metrics = entrena_training_evaluate (run->training, TRUE);
  g_clear_pointer (&run->test_regression, entrena_regression_metrics_free);
  if (run->training->task == ENTRENA_TASK_REGRESSION)
    run->test_regression = entrena_run_evaluate_regression (run->training);
  run->info->stopped_epoch = run->training->early.stopped_epoch;
  run->info->best_val_epoch = run->training->early.best_epoch;
}

EntrenaRunResult *
entrena_run_execute (EntrenaTable             *table,
                     const EntrenaRunSettings *settings,
                     GCancellable             *cancellable,
                     EntrenaRunControl        *control,
                     EntrenaEpochFunc          epoch_func,
                     gpointer                  user_data,
                     GError                  **error)
{
  g_autoptr (EntrenaRunResult) run = entrena_run_start (table, settings, NULL, error);

  if (run == NULL || !entrena_run_train (run, cancellable, control, epoch_func, user_data, error))
    return NULL;

  entrena_run_finish (run);
  return g_steal_pointer (&run);
}
