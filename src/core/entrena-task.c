/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-task"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-task.h"

static const char * const task_names[] = { "classification", "regression", "auto" };

EntrenaTask
entrena_table_suggest_task (EntrenaTable *table,
                            guint         column,
                            char        **reason)
{
  const float *values;
  const char *name;
  guint n_rows;
  guint n_numbers = 0;
  gboolean fractional = FALSE;
  guint distinct;

  g_return_val_if_fail (table != NULL && column < entrena_table_get_n_columns (table),
                        ENTRENA_TASK_CLASSIFICATION);

  values = entrena_table_get_column_values (table, column);
  name = entrena_table_get_column_name (table, column);
  n_rows = entrena_table_get_n_rows (table);
  for (guint i = 0; i < n_rows; i++)
    {
      if (entrena_table_get_text (table, i, column) != NULL)
        {
          if (reason != NULL)
            *reason = g_strdup_printf (_("“%s” holds text, so its values are classes."), name);
          return ENTRENA_TASK_CLASSIFICATION;
        }
      if (!isnan (values[i]))
        {
          n_numbers++;
          fractional = fractional || values[i] != floorf (values[i]);
        }
    }

  distinct = entrena_table_get_column_distinct (table, column);
  if (n_numbers > 0 && fractional)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("“%s” holds numbers that are not whole, so it is a quantity to "
                                     "predict."), name);
      return ENTRENA_TASK_REGRESSION;
    }
  if (distinct > ENTRENA_TASK_MAX_INTEGER_CLASSES)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (ngettext ("“%s” holds %u different number, so it is a quantity "
                                             "to predict.",
                                             "“%s” holds %u different numbers, so it is a quantity "
                                             "to predict.", distinct),
                                   name, distinct);
      return ENTRENA_TASK_REGRESSION;
    }
  if (reason != NULL)
    *reason = g_strdup_printf (ngettext ("“%s” holds %u whole number, so its values are classes.",
                                         "“%s” holds %u different whole numbers, so its values are "
                                         "classes.", distinct),
                               name, distinct);
  return ENTRENA_TASK_CLASSIFICATION;
}

const char *
entrena_task_to_string (EntrenaTask task)
{
  g_return_val_if_fail ((guint) task < G_N_ELEMENTS (task_names), "classification");

  return task_names[task];
}

gboolean
entrena_task_from_string (const char  *text,
                          EntrenaTask *task)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (task_names); i++)
    if (g_str_equal (text, task_names[i]))
      {
        *task = (EntrenaTask) i;
        return TRUE;
      }
  return FALSE;
}

const char *
entrena_task_get_label (EntrenaTask task)
{
  switch (task)
    {
    case ENTRENA_TASK_REGRESSION:
      return _("Regression");
    case ENTRENA_TASK_AUTO:
      return _("Automatic");
    case ENTRENA_TASK_CLASSIFICATION:
    default:
      return _("Classification");
    }
}
