/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-column-stats"

#include "config.h"

#include <math.h>

#include "entrena-column-stats.h"

double
entrena_table_column_spread (EntrenaTable *table,
                             guint         column,
                             guint         max_rows)
{
  const float *values = entrena_table_get_column_values (table, column);
  guint n_rows = entrena_table_get_n_rows (table);
  guint step = MAX (1, n_rows / MAX (max_rows, 1));
  double mean = 0, m2 = 0;
  guint n = 0;

  /* Welford's running variance. */
  for (guint r = 0; r < n_rows; r += step)
    {
      double x = values[r];
      double delta;

      if (!isfinite (x))
        continue;
      n++;
      delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    }

  return n > 1 ? sqrt (m2 / (n - 1)) : 0;
}

guint
entrena_table_column_n_inputs (EntrenaTable *table,
                               guint         column)
{
  if (entrena_table_get_column_type (table, column) == ENTRENA_COLUMN_NUMERIC)
    return 1;

  return MAX (1, entrena_table_get_column_distinct (table, column));
}
