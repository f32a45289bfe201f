/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-run"

#include "config.h"

#include <string.h>

#include "entrena-run.h"

void
entrena_run_settings_init (EntrenaRunSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->missing = ENTRENA_MISSING_DROP_ROWS;
  settings->test_size = 0.2;
  entrena_train_config_init (&settings->train);
}

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

EntrenaDataset *
entrena_run_prepare (EntrenaTable              *table,
                     const EntrenaRunSettings  *settings,
                     EntrenaSplit             **split,
                     char                    ***exclude_used,
                     GError                   **error)
{
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_auto (GStrv) exclude = NULL;
  EntrenaDatasetOptions options = { 0 };

  g_return_val_if_fail (table != NULL && settings != NULL && split != NULL, NULL);
  g_return_val_if_fail (settings->target != NULL, NULL);

  exclude = settings->exclude != NULL
              ? g_strdupv ((char **) settings->exclude)
              : default_exclude (table, entrena_table_find_column (table, settings->target));

  options.target = settings->target;
  options.exclude = (const char * const *) exclude;
  options.categorical = settings->categorical;
  options.missing = settings->missing;

  dataset = entrena_dataset_new (table, &options, error);
  if (dataset == NULL)
    return NULL;

  *split = entrena_split_new (dataset->n_rows, settings->test_size, (guint32) settings->train.seed,
                              settings->stratify ? dataset->y : NULL, dataset->n_classes, error);
  if (*split == NULL)
    return NULL;

  entrena_split_check (*split, dataset->y, dataset->n_classes, dataset->class_names, dataset->warnings);

  if (exclude_used != NULL)
    *exclude_used = g_steal_pointer (&exclude);

  return g_steal_pointer (&dataset);
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
  info->target = g_strdup (settings->target);
  info->exclude = g_strdupv ((char **) exclude_used);
  info->categorical = settings->categorical != NULL ? g_strdupv ((char **) settings->categorical) : g_new0 (char *, 1);
  info->missing = settings->missing;
  info->test_size = settings->test_size;
  info->split_seed = (guint32) settings->train.seed;
  info->stratify = settings->stratify;
  info->config = training != NULL ? training->config : settings->train;
  info->n_features = d;
  info->feature_names = g_strdupv (dataset->feature_names);
  info->feature_columns = g_new0 (char *, d + 1);
  info->feature_categories = g_new0 (char *, d + 1);
  info->fill_values = g_new0 (float, MAX (d, 1));
  info->n_classes = dataset->n_classes;
  info->class_names = g_strdupv (dataset->class_names);
  if (training != NULL && training->scaler != NULL)
    info->scaler = entrena_scaler_new (d, training->scaler->mean, training->scaler->scale);

  /* A missing cell in new data becomes the training mean of its input; for
   * one-hot inputs, the training rows' mean is the category's frequency, and
   * the most frequent category is the one a fill picks. */
  for (guint k = 0; k < d; k++)
    {
      const EntrenaFeatureSource *source = &dataset->sources[k];
      const char *name = entrena_table_get_column_name (table, source->source_column);
      double sum = 0;

      info->feature_columns[k] = g_strdup (name);
      if (source->category >= 0)
        {
          gsize prefix = strlen (name) + 1;   /* "column=" */

          info->feature_categories[k] = g_strdup (dataset->feature_names[k] + prefix);
        }
      else
        info->feature_categories[k] = g_strdup ("");

      for (guint i = 0; i < split->n_train; i++)
        sum += dataset->X[(gsize) split->train[i] * d + k];
      info->fill_values[k] = split->n_train > 0 ? (float) (sum / split->n_train) : 0;
    }

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
