/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-table.h"

G_BEGIN_DECLS

/**
 * entrena_table_column_spread:
 * @table: a table
 * @column: a numeric column
 * @max_rows: measure at most this many rows, evenly spaced, so that a
 *   table of millions of rows is measured quickly
 *
 * The standard deviation of the column's finite values (on a sample), the
 * spread a feature has before standardization.
 *
 * Returns: the spread, 0 with fewer than two values
 */
double entrena_table_column_spread   (EntrenaTable *table,
                                      guint         column,
                                      guint         max_rows);

/**
 * entrena_table_column_n_inputs:
 * @table: a table
 * @column: a feature column
 *
 * How many network inputs the column becomes as a feature: one for a numeric
 * column, one per category (at least one) for a text column.
 *
 * Returns: the number of inputs
 */
guint  entrena_table_column_n_inputs (EntrenaTable *table,
                                      guint         column);

G_END_DECLS
