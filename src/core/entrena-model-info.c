/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-info"

#include "config.h"

#include <string.h>

#include "entrena-model-info.h"

/**
 * entrena_model_info_new:
 *
 * Creates a description with the lesson's settings (entrena_training_settings_init(),
 * a comma-separated file with a header, test size 0.2, split seed 42, rows
 * with missing cells dropped), no features, no classes and every pointer
 * %NULL, so that a caller can fill the fields in by assignment.
 *
 * Returns: (transfer full): the new description
 */
EntrenaModelInfo *
entrena_model_info_new (void)
{
  EntrenaModelInfo *self = g_new0 (EntrenaModelInfo, 1);

  self->delimiter = ',';
  self->has_header = TRUE;
  self->missing = ENTRENA_MISSING_DROP_ROWS;
  self->test_size = 0.2;
  entrena_training_settings_init (&self->training);
  self->split_seed = (guint32) self->training.seed;

  return self;
}

/* Copies the first @n strings of @strv into a new %NULL-terminated array of
 * n + 1 pointers, for the per-feature arrays whose length is n_features. */
static char **
copy_n_strings (char * const *strv,
                guint         n)
{
  char **copy;

  if (strv == NULL)
    return NULL;

  copy = g_new0 (char *, (gsize) n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (strv[i]);

  return copy;
}

/**
 * entrena_model_info_copy:
 * @self: a description
 *
 * Makes a deep copy: strings, arrays and the scaler are duplicated.
 *
 * Returns: (transfer full): the copy
 */
EntrenaModelInfo *
entrena_model_info_copy (const EntrenaModelInfo *self)
{
  EntrenaModelInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (EntrenaModelInfo, 1);
  *copy = *self;

  copy->source_name = g_strdup (self->source_name);
  copy->target = g_strdup (self->target);
  copy->exclude = g_strdupv (self->exclude);
  copy->categorical = g_strdupv (self->categorical);
  copy->feature_names = g_strdupv (self->feature_names);
  copy->feature_columns = g_strdupv (self->feature_columns);
  /* Not %NULL-terminated by contract: exactly n_features strings. */
  copy->feature_categories = copy_n_strings (self->feature_categories, self->n_features);
  copy->fill_values = self->fill_values != NULL
                        ? g_memdup2 (self->fill_values, sizeof (float) * MAX (self->n_features, 1))
                        : NULL;
  copy->input_min = self->input_min != NULL
                      ? g_memdup2 (self->input_min, sizeof (float) * MAX (self->n_features, 1))
                      : NULL;
  copy->input_max = self->input_max != NULL
                      ? g_memdup2 (self->input_max, sizeof (float) * MAX (self->n_features, 1))
                      : NULL;
  copy->class_names = g_strdupv (self->class_names);
  copy->scaler = self->scaler != NULL
                   ? entrena_scaler_new (self->scaler->n_features, self->scaler->mean, self->scaler->scale)
                   : NULL;

  return copy;
}

/**
 * entrena_model_info_free:
 * @self: (nullable): a description
 *
 * Frees @self and everything it owns.
 */
void
entrena_model_info_free (EntrenaModelInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->source_name);
  g_free (self->target);
  g_free (self->input_min);
  g_free (self->input_max);
  g_strfreev (self->exclude);
  g_strfreev (self->categorical);
  g_strfreev (self->feature_names);
  g_strfreev (self->feature_columns);
  if (self->feature_categories != NULL)
    {
      for (guint i = 0; i < self->n_features; i++)
        g_free (self->feature_categories[i]);
      g_free (self->feature_categories);
    }
  g_free (self->fill_values);
  g_strfreev (self->class_names);
  entrena_scaler_free (self->scaler);
  g_free (self);
}
