/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaColumnType:
 * @ENTRENA_COLUMN_NUMERIC: numbers (a few stray text cells make it invalid as a feature)
 * @ENTRENA_COLUMN_CATEGORICAL: mostly text: class names or categories
 * @ENTRENA_COLUMN_IDENTIFIER: unique per row and named like an id, or strictly
 *   increasing integers: suggested for exclusion
 */
typedef enum
{
  ENTRENA_COLUMN_NUMERIC,
  ENTRENA_COLUMN_CATEGORICAL,
  ENTRENA_COLUMN_IDENTIFIER,
} EntrenaColumnType;

const char *entrena_column_type_to_string (EntrenaColumnType type);

/**
 * EntrenaTable:
 *
 * A CSV file as columns. Each column keeps one float per row (NAN where the
 * cell is missing or holds text) and, only when it has text cells, one string
 * code per row into its own table of distinct strings. Nothing else is kept
 * per row except the line number where the row starts, for error messages.
 *
 * Row indices are 0-based data rows (the header is not a row).
 */
typedef struct _EntrenaTable EntrenaTable;

/* A cell that could not be read as what its column holds, for error lists. */
typedef struct
{
  guint   row;      /* 0-based data row */
  guint   line;     /* 1-based line in the file */
  guint   column;   /* 0-based column */
} EntrenaCellRef;

EntrenaTable      *entrena_table_ref                 (EntrenaTable *self);
void               entrena_table_unref               (EntrenaTable *self);

const char        *entrena_table_get_display_name    (EntrenaTable *self);
guint              entrena_table_get_n_rows          (EntrenaTable *self);
guint              entrena_table_get_n_columns       (EntrenaTable *self);
char               entrena_table_get_delimiter       (EntrenaTable *self);
gboolean           entrena_table_get_has_header      (EntrenaTable *self);
gboolean           entrena_table_get_decimal_comma   (EntrenaTable *self);
guint              entrena_table_get_row_line        (EntrenaTable *self,
                                                      guint         row);

int                entrena_table_find_column         (EntrenaTable *self,
                                                      const char   *name);
const char        *entrena_table_get_column_name     (EntrenaTable *self,
                                                      guint         column);
EntrenaColumnType  entrena_table_get_column_type     (EntrenaTable *self,
                                                      guint         column);
guint              entrena_table_get_column_missing  (EntrenaTable *self,
                                                      guint         column);
guint              entrena_table_get_column_distinct (EntrenaTable *self,
                                                      guint         column);
/* Text cells in a column whose other cells are numbers. */
guint              entrena_table_get_column_n_invalid (EntrenaTable *self,
                                                       guint         column);
const EntrenaCellRef *entrena_table_get_column_invalid (EntrenaTable *self,
                                                        guint         column,
                                                        guint        *n_listed);
/* Column values, one float per row: NAN for missing or text cells. (transfer none) */
const float       *entrena_table_get_column_values   (EntrenaTable *self,
                                                      guint         column);

gboolean           entrena_table_is_missing          (EntrenaTable *self,
                                                      guint         row,
                                                      guint         column);
/* The cell's string when it is text, else NULL. (transfer none) */
const char        *entrena_table_get_text            (EntrenaTable *self,
                                                      guint         row,
                                                      guint         column);
/* The cell as a person would read it: text, a number, or "" when missing. */
char              *entrena_table_format_cell         (EntrenaTable *self,
                                                      guint         row,
                                                      guint         column) G_GNUC_WARN_UNUSED_RESULT;

void               entrena_table_drop_cells          (EntrenaTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaTable, entrena_table_unref)

G_END_DECLS
