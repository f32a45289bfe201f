/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-csv"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-csv.h"
#include "entrena-dataset.h"
#include "entrena-table.h"
#include "fuzz-common.h"

/*
 * libFuzzer target for the CSV reader and for everything that reads the table
 * it returns. Files are untrusted input: whatever the bytes, the reader must
 * return a table or a GError, and a table must answer every accessor for every
 * cell without tripping ASan, UBSan or a g_return_if_fail() check.
 *
 *   CC=clang meson setup _fuzz -Dfuzz=true -Db_sanitize=address,undefined \
 *     -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
 *   _fuzz/tests/fuzz-csv -max_len=4096 corpus-copy/ tests/fuzz/corpus/
 */

/* Cells to visit one by one per table, so that a small input that declares a
 * huge ragged table cannot slow every iteration down to a crawl. */
#define MAX_CELLS_WALKED 65536

/* Uses a value so the compiler cannot drop the call that produced it. */
static volatile guint64 sink;

static void
consume_string (const char *s)
{
  if (s != NULL)
    sink += strlen (s);
}

static void
walk_column (EntrenaTable *table,
             guint         column,
             guint         n_rows)
{
  const EntrenaCellRef *invalid;
  const float *values;
  const char *name;
  guint n_listed = 0;
  guint n_invalid;

  name = entrena_table_get_column_name (table, column);
  g_assert (name != NULL);
  g_assert (g_utf8_validate (name, -1, NULL));
  consume_string (name);

  /* The first column of that name, which is not necessarily this one. */
  g_assert (entrena_table_find_column (table, name) >= 0);

  consume_string (entrena_column_type_to_string (entrena_table_get_column_type (table, column)));
  g_assert (entrena_table_get_column_missing (table, column) <= n_rows);
  sink += entrena_table_get_column_distinct (table, column);

  n_invalid = entrena_table_get_column_n_invalid (table, column);
  g_assert (n_invalid <= n_rows);
  invalid = entrena_table_get_column_invalid (table, column, &n_listed);
  g_assert (n_listed <= n_invalid);
  g_assert (n_listed == 0 || invalid != NULL);
  for (guint i = 0; i < n_listed; i++)
    {
      g_assert (invalid[i].row < n_rows);
      g_assert (invalid[i].column == column);
      sink += invalid[i].line;
    }

  /* Read every value: ASan checks the array really holds n_rows floats. */
  values = entrena_table_get_column_values (table, column);
  g_assert (n_rows == 0 || values != NULL);
  for (guint i = 0; i < n_rows; i++)
    sink += isnan (values[i]) ? 1 : 0;
}

static void
walk_cells (EntrenaTable *table,
            guint         n_rows,
            guint         n_columns)
{
  guint walked = 0;

  for (guint i = 0; i < n_rows && walked < MAX_CELLS_WALKED; i++)
    {
      sink += entrena_table_get_row_line (table, i);

      for (guint j = 0; j < n_columns; j++, walked++)
        {
          g_autofree char *formatted = NULL;
          gboolean missing = entrena_table_is_missing (table, i, j);
          const char *text = entrena_table_get_text (table, i, j);

          formatted = entrena_table_format_cell (table, i, j);
          g_assert (formatted != NULL);
          g_assert (g_utf8_validate (formatted, -1, NULL));
          if (missing)
            g_assert_cmpstr (formatted, ==, "");
          if (text != NULL)
            g_assert (g_utf8_validate (text, -1, NULL));
          consume_string (text);
          consume_string (formatted);
        }
    }
}

static void
build_dataset (EntrenaTable        *table,
               const char          *target,
               const char * const  *exclude,
               EntrenaMissingPolicy missing)
{
  EntrenaDatasetOptions options = { 0 };
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_autoptr (GError) error = NULL;

  options.target = target;
  options.exclude = exclude;
  options.missing = missing;

  dataset = entrena_dataset_new (table, &options, &error);
  if (dataset == NULL)
    {
      g_assert (error != NULL);
      return;
    }

  g_assert (error == NULL);
  g_assert (dataset->n_classes >= 2 && dataset->n_classes <= ENTRENA_MAX_CLASSES);
  g_assert (dataset->n_features > 0);

  /* Touch every array at its documented shape. */
  for (guint i = 0; i < dataset->n_rows; i++)
    {
      g_assert (dataset->y[i] < dataset->n_classes);
      g_assert (dataset->row_index[i] < entrena_table_get_n_rows (table));
      for (guint j = 0; j < dataset->n_features; j++)
        sink += isfinite (dataset->X[(gsize) i * dataset->n_features + j]) ? 0 : 1;
    }
  for (guint j = 0; j < dataset->n_features; j++)
    {
      consume_string (dataset->feature_names[j]);
      g_assert (dataset->sources[j].source_column < entrena_table_get_n_columns (table));
    }
  g_assert (dataset->feature_names[dataset->n_features] == NULL);
  for (guint c = 0; c < dataset->n_classes; c++)
    {
      consume_string (dataset->class_names[c]);
      sink += dataset->class_counts[c];
    }
  g_assert (dataset->class_names[dataset->n_classes] == NULL);
  if (dataset->warnings != NULL)
    {
      for (guint i = 0; i < dataset->warnings->len; i++)
        consume_string (g_ptr_array_index (dataset->warnings, i));
    }
}

static void
walk_table (EntrenaTable *table)
{
  g_auto (GStrv) exclude = NULL;
  guint n_rows = entrena_table_get_n_rows (table);
  guint n_columns = entrena_table_get_n_columns (table);
  int suggested;

  g_assert (n_columns > 0);

  consume_string (entrena_table_get_display_name (table));
  sink += (guchar) entrena_table_get_delimiter (table);
  sink += entrena_table_get_has_header (table);
  sink += entrena_table_get_decimal_comma (table);

  /* A second reference must keep the table alive on its own. */
  entrena_table_unref (entrena_table_ref (table));

  for (guint j = 0; j < n_columns; j++)
    walk_column (table, j, n_rows);

  walk_cells (table, n_rows, n_columns);

  exclude = entrena_table_suggest_exclude (table);
  suggested = entrena_table_suggest_target (table);
  g_assert (suggested < (int) n_columns);

  if (n_columns >= 2)
    {
      const char *last = entrena_table_get_column_name (table, n_columns - 1);

      build_dataset (table, last, NULL, ENTRENA_MISSING_DROP_ROWS);
      build_dataset (table, last, (const char * const *) exclude, ENTRENA_MISSING_FILL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Sniff everything; semicolons with decimal commas, as spreadsheets in
   * much of Europe write; a file without a header row. */
  static const EntrenaCsvOptions variants[] = {
    ENTRENA_CSV_OPTIONS_INIT,
    { ';', ENTRENA_HEADER_AUTO, 1 },
    { 0, ENTRENA_HEADER_ABSENT, -1 },
  };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autoptr (EntrenaTable) table = NULL;
      g_autoptr (GError) error = NULL;

      table = entrena_csv_read_data ((const char *) data, size, "fuzz.csv", &variants[v], &error);
      if (table == NULL)
        {
          g_assert (error != NULL);
          g_assert (error->message != NULL);
          g_assert (g_utf8_validate (error->message, -1, NULL));
          continue;
        }

      g_assert (error == NULL);
      walk_table (table);
    }

  return 0;
}
