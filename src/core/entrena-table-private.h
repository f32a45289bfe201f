/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-number.h"
#include "entrena-table.h"

G_BEGIN_DECLS

/* How many text cells of a numeric column are remembered for error messages. */
#define ENTRENA_TABLE_MAX_LISTED 8

typedef struct
{
  char          *name;
  float         *values;      /* [capacity] NAN for missing or text */
  guint32       *codes;       /* [capacity] or NULL: 0 = not text, k = strings[k - 1] */
  GPtrArray     *strings;     /* distinct texts, in order of first appearance */
  GHashTable    *string_ids;  /* text → GUINT_TO_POINTER (k) */
  guint          n_missing;
  guint          n_text;
  guint          n_numeric;
  gboolean       all_integers;
  gboolean       increasing;
  double         first;       /* the first number, when n_numeric > 0 */
  double         last;
  EntrenaCellRef listed[ENTRENA_TABLE_MAX_LISTED];  /* first text cells */
  guint          n_listed;
  int            distinct;    /* -1 until counted */
  EntrenaColumnType type;
} EntrenaColumn;

struct _EntrenaTable
{
  gatomicrefcount ref_count;
  char           *display_name;
  guint           n_rows;
  guint           n_columns;
  guint           capacity;
  guint32        *row_line;   /* [capacity] 1-based line where each row starts */
  guint           n_given_back;  /* first rows whose cells are given back */
  EntrenaColumn  *columns;    /* [n_columns] */
  char            delimiter;
  gboolean        has_header;
  gboolean        decimal_comma;
};

EntrenaTable *_entrena_table_new          (const char   *display_name,
                                           char * const *names,
                                           guint         n_columns,
                                           guint         capacity_hint);
void          _entrena_table_begin_row    (EntrenaTable *self,
                                           guint         line);
/* Stores one cell of the row begun last; returns what it was. */
EntrenaCellKind _entrena_table_set_cell   (EntrenaTable *self,
                                           guint         column,
                                           const char   *text,
                                           gsize         length);
void          _entrena_table_end_row      (EntrenaTable *self);
/* Moves the rows of @piece, read from the lines that follow, to the end of
 * @self, as if @self had read them; @piece is left empty. */
void          _entrena_table_append       (EntrenaTable *self,
                                           EntrenaTable *piece);
/* Infers column types and trims the arrays to their final size. */
void          _entrena_table_finish       (EntrenaTable *self);
/* Gives back the memory of the cells (and line numbers) of the first @n_rows
 * rows, which are read no more: for a caller that drops the cells
 * (entrena_table_drop_cells()) once it has read the rest. */
void          _entrena_table_give_back_rows (EntrenaTable *self,
                                             guint         n_rows);

G_END_DECLS
