/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-table"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-memory.h"
#include "entrena-table-private.h"

const char *
entrena_column_type_to_string (EntrenaColumnType type)
{
  switch (type)
    {
    case ENTRENA_COLUMN_NUMERIC:
      return "numeric";
    case ENTRENA_COLUMN_CATEGORICAL:
      return "categorical";
    case ENTRENA_COLUMN_IDENTIFIER:
      return "identifier";
    default:
      g_return_val_if_reached ("numeric");
    }
}

EntrenaTable *
_entrena_table_new (const char   *display_name,
                    char * const *names,
                    guint         n_columns,
                    guint         capacity_hint)
{
  EntrenaTable *self = g_new0 (EntrenaTable, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->display_name = g_strdup (display_name);
  self->n_columns = n_columns;
  self->capacity = MAX (capacity_hint, 16);
  self->row_line = g_new (guint32, self->capacity);
  self->columns = g_new0 (EntrenaColumn, n_columns);

  for (guint j = 0; j < n_columns; j++)
    {
      EntrenaColumn *col = &self->columns[j];

      col->name = g_strdup (names[j]);
      col->values = g_new (float, self->capacity);
      col->all_integers = TRUE;
      col->increasing = TRUE;
      col->last = -INFINITY;
      col->distinct = -1;
    }

  return self;
}

/* Room for @capacity rows in every column; new category codes are 0 (none). */
static void
set_capacity (EntrenaTable *self,
              guint         capacity)
{
  self->row_line = g_renew (guint32, self->row_line, capacity);
  for (guint j = 0; j < self->n_columns; j++)
    {
      EntrenaColumn *col = &self->columns[j];

      col->values = g_renew (float, col->values, capacity);
      if (col->codes != NULL)
        {
          col->codes = g_renew (guint32, col->codes, capacity);
          if (capacity > self->capacity)
            memset (col->codes + self->capacity, 0, (capacity - self->capacity) * sizeof (guint32));
        }
    }
  self->capacity = capacity;
}

static void
grow (EntrenaTable *self)
{
  /* Grow by half: with the row estimate from the sniffed sample this rarely
   * runs, and it keeps the peak well under twice the data. */
  set_capacity (self, self->capacity + self->capacity / 2 + 16);
}

void
_entrena_table_begin_row (EntrenaTable *self,
                          guint         line)
{
  if (self->n_rows == self->capacity)
    grow (self);
  self->row_line[self->n_rows] = line;
}

EntrenaCellKind
_entrena_table_set_cell (EntrenaTable *self,
                         guint         column,
                         const char   *text,
                         gsize         length)
{
  EntrenaColumn *col = &self->columns[column];
  guint row = self->n_rows;
  double value = 0;
  EntrenaCellKind kind;

  kind = entrena_cell_classify (text, length, self->decimal_comma, &value);

  /* A number a double holds but the float32 Entrena trains on does not
   * (1e39) would become infinity: it is an invalid cell, as a word is. */
  if (kind == ENTRENA_CELL_NUMBER && !isfinite ((float) value))
    kind = ENTRENA_CELL_TEXT;

  switch (kind)
    {
    case ENTRENA_CELL_NUMBER:
      if (col->n_numeric == 0)
        col->first = value;
      col->values[row] = (float) value;
      if (col->codes != NULL)
        col->codes[row] = 0;
      col->n_numeric++;
      if (col->all_integers && (value != floor (value) || fabs (value) > 1e15))
        col->all_integers = FALSE;
      if (col->increasing && !(value > col->last))
        col->increasing = FALSE;
      col->last = value;
      break;

    case ENTRENA_CELL_MISSING:
      col->values[row] = NAN;
      if (col->codes != NULL)
        col->codes[row] = 0;
      col->n_missing++;
      col->increasing = FALSE;
      break;

    case ENTRENA_CELL_TEXT:
    default:
      {
        gpointer id;
        g_autofree char *key = NULL;

        /* Surrounding spaces are not part of a category's name. */
        while (length > 0 && (text[0] == ' ' || text[0] == '\t'))
          text++, length--;
        while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
          length--;

        if (col->codes == NULL)
          {
            col->codes = g_new0 (guint32, self->capacity);
            col->strings = g_ptr_array_new_with_free_func (g_free);
            col->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
          }

        key = g_strndup (text, length);
        id = g_hash_table_lookup (col->string_ids, key);
        if (id == NULL)
          {
            char *owned = g_steal_pointer (&key);

            g_ptr_array_add (col->strings, owned);
            id = GUINT_TO_POINTER (col->strings->len);
            g_hash_table_insert (col->string_ids, owned, id);
          }

        col->values[row] = NAN;
        col->codes[row] = GPOINTER_TO_UINT (id);
        col->n_text++;
        col->increasing = FALSE;
        if (col->n_listed < ENTRENA_TABLE_MAX_LISTED)
          {
            EntrenaCellRef *ref = &col->listed[col->n_listed++];

            ref->row = row;
            ref->line = self->row_line[row];
            ref->column = column;
          }
      }
      break;
    }

  return kind;
}

void
_entrena_table_end_row (EntrenaTable *self)
{
  self->n_rows++;
}

static void
column_drop_cells (EntrenaColumn *col)
{
  g_clear_pointer (&col->values, g_free);
  g_clear_pointer (&col->codes, g_free);
  g_clear_pointer (&col->string_ids, g_hash_table_unref);
  g_clear_pointer (&col->strings, g_ptr_array_unref);
}

/* The codes of @piece's texts in @self's list, which gains the new ones. */
static guint32 *
merge_strings (EntrenaColumn *col,
               EntrenaColumn *piece)
{
  guint32 *map = g_new (guint32, piece->strings->len + 1);

  map[0] = 0;
  for (guint k = 0; k < piece->strings->len; k++)
    {
      char *text = g_ptr_array_index (piece->strings, k);
      gpointer id = g_hash_table_lookup (col->string_ids, text);

      if (id == NULL)
        {
          char *owned = g_strdup (text);

          g_ptr_array_add (col->strings, owned);
          id = GUINT_TO_POINTER (col->strings->len);
          g_hash_table_insert (col->string_ids, owned, id);
        }
      map[k + 1] = GPOINTER_TO_UINT (id);
    }
  return map;
}

/* What set_cell() would have made of the piece's cells after @col's. */
static void
append_column (EntrenaTable  *self,
               EntrenaColumn *col,
               EntrenaColumn *piece,
               guint          n)
{
  guint offset = self->n_rows;

  memcpy (col->values + offset, piece->values, n * sizeof (float));

  if (piece->codes != NULL)
    {
      g_autofree guint32 *map = NULL;

      if (col->codes == NULL)
        {
          col->codes = g_new0 (guint32, self->capacity);
          col->strings = g_ptr_array_new_with_free_func (g_free);
          col->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
        }
      map = merge_strings (col, piece);
      for (guint i = 0; i < n; i++)
        col->codes[offset + i] = map[piece->codes[i]];
    }
  else if (col->codes != NULL)
    memset (col->codes + offset, 0, n * sizeof (guint32));

  for (guint k = 0; k < piece->n_listed && col->n_listed < ENTRENA_TABLE_MAX_LISTED; k++)
    {
      EntrenaCellRef ref = piece->listed[k];

      ref.row += offset;
      col->listed[col->n_listed++] = ref;
    }

  col->increasing = col->increasing && piece->increasing &&
                    (piece->n_numeric == 0 || piece->first > col->last);
  if (piece->n_numeric > 0)
    {
      if (col->n_numeric == 0)
        col->first = piece->first;
      col->last = piece->last;
    }
  col->all_integers = col->all_integers && piece->all_integers;
  col->n_missing += piece->n_missing;
  col->n_text += piece->n_text;
  col->n_numeric += piece->n_numeric;
}

void
_entrena_table_append (EntrenaTable *self,
                       EntrenaTable *piece)
{
  guint n = piece->n_rows;

  g_return_if_fail (self->n_columns == piece->n_columns);

  if (self->capacity - self->n_rows < n)
    set_capacity (self, self->n_rows + n);
  memcpy (self->row_line + self->n_rows, piece->row_line, n * sizeof (guint32));

  for (guint j = 0; j < self->n_columns; j++)
    {
      EntrenaColumn *col = &piece->columns[j];

      append_column (self, &self->columns[j], col, n);
      /* Give back the piece's memory column by column. */
      column_drop_cells (col);
    }
  self->n_rows += n;
  piece->n_rows = 0;
}

static gboolean
name_is_identifier (const char *name)
{
  static const char * const names[] = {
    "id", "index", "idx", "row", "row_id", "rowid", "row id", "rownames", "unnamed: 0", "#", "no",
  };
  g_autofree char *lower = g_utf8_strdown (name, -1);
  gsize len;

  g_strstrip (lower);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (lower, names[i]) == 0)
      return TRUE;

  len = strlen (lower);
  return (len > 3 && g_str_has_suffix (lower, "_id")) || g_str_has_prefix (lower, "id_");
}

static guint
count_distinct (EntrenaTable  *self,
                EntrenaColumn *col)
{
  g_autofree float *sorted = NULL;
  guint n = 0;
  guint distinct = 0;

  if (col->n_numeric > 0)
    {
      sorted = g_new (float, col->n_numeric);
      for (guint i = 0; i < self->n_rows; i++)
        if (!isnan (col->values[i]))
          sorted[n++] = col->values[i];
      _entrena_sort_floats (sorted, n);
      for (guint i = 0; i < n; i++)
        if (i == 0 || sorted[i] != sorted[i - 1])
          distinct++;
    }

  if (col->strings != NULL)
    distinct += col->strings->len;

  return distinct;
}

void
_entrena_table_finish (EntrenaTable *self)
{
  guint n = self->n_rows;

  /* Give back what the row estimate over-allocated. */
  set_capacity (self, MAX (n, 1));

  for (guint j = 0; j < self->n_columns; j++)
    {
      EntrenaColumn *col = &self->columns[j];
      gboolean complete = col->n_missing == 0 && n >= 2;
      gboolean identifier = FALSE;

      if (complete && col->n_text == n && col->strings->len == n)
        identifier = name_is_identifier (col->name);
      else if (complete && col->n_numeric == n && col->all_integers)
        {
          /* Strictly increasing integers are unique by construction; a
           * column named like an id must still prove it is unique. */
          if (col->increasing && n >= 3)
            identifier = TRUE;
          else if (name_is_identifier (col->name))
            identifier = entrena_table_get_column_distinct (self, j) == n;
        }

      if (identifier)
        col->type = ENTRENA_COLUMN_IDENTIFIER;
      else if (col->n_text > 0 && col->n_text >= col->n_numeric)
        col->type = ENTRENA_COLUMN_CATEGORICAL;
      else
        col->type = ENTRENA_COLUMN_NUMERIC;
    }
}

void
_entrena_table_give_back_rows (EntrenaTable *self,
                               guint         n_rows)
{
  guint from = self->n_given_back;

  g_return_if_fail (n_rows <= self->n_rows);

  if (n_rows <= from)
    return;

  entrena_memory_give_back (self->row_line, from * sizeof (guint32), n_rows * sizeof (guint32));
  for (guint j = 0; j < self->n_columns; j++)
    {
      EntrenaColumn *col = &self->columns[j];

      entrena_memory_give_back (col->values, from * sizeof (float), n_rows * sizeof (float));
      if (col->codes != NULL)
        entrena_memory_give_back (col->codes, from * sizeof (guint32), n_rows * sizeof (guint32));
    }
  self->n_given_back = n_rows;
}

static void
entrena_table_free (EntrenaTable *self)
{
  for (guint j = 0; j < self->n_columns; j++)
    {
      EntrenaColumn *col = &self->columns[j];

      g_free (col->name);
      g_free (col->values);
      g_free (col->codes);
      g_clear_pointer (&col->string_ids, g_hash_table_unref);
      g_clear_pointer (&col->strings, g_ptr_array_unref);
    }
  g_free (self->columns);
  g_free (self->row_line);
  g_free (self->display_name);
  g_free (self);
}

/**
 * entrena_table_drop_cells:
 * @self: a table
 *
 * Gives back the memory of every cell, for a caller that has made its
 * dataset and needs the table no more than to name its columns: the names,
 * the column types and counts and how the file was read stay; the table has
 * no rows afterwards.
 */
void
entrena_table_drop_cells (EntrenaTable *self)
{
  g_return_if_fail (self != NULL);

  for (guint j = 0; j < self->n_columns; j++)
    {
      column_drop_cells (&self->columns[j]);
      self->columns[j].n_listed = 0;
    }
  g_clear_pointer (&self->row_line, g_free);
  self->n_rows = 0;
  self->capacity = 0;
  self->n_given_back = 0;
}

/**
 * entrena_table_ref:
 * @self: a table
 *
 * Returns: (transfer full): @self
 */
EntrenaTable *
entrena_table_ref (EntrenaTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
entrena_table_unref (EntrenaTable *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    entrena_table_free (self);
}

const char *
entrena_table_get_display_name (EntrenaTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->display_name;
}

guint
entrena_table_get_n_rows (EntrenaTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

guint
entrena_table_get_n_columns (EntrenaTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_columns;
}

char
entrena_table_get_delimiter (EntrenaTable *self)
{
  g_return_val_if_fail (self != NULL, ',');
  return self->delimiter;
}

gboolean
entrena_table_get_has_header (EntrenaTable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_header;
}

gboolean
entrena_table_get_decimal_comma (EntrenaTable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->decimal_comma;
}

guint
entrena_table_get_row_line (EntrenaTable *self,
                            guint         row)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (row < self->n_rows, 0);
  return self->row_line[row];
}

/**
 * entrena_table_find_column:
 * @self: a table
 * @name: a column name, or a 1-based column number written as digits when no
 *   column has that name
 *
 * Returns: the 0-based column, or -1
 */
int
entrena_table_find_column (EntrenaTable *self,
                           const char   *name)
{
  guint64 number = 0;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint j = 0; j < self->n_columns; j++)
    if (strcmp (self->columns[j].name, name) == 0)
      return (int) j;

  if (g_ascii_string_to_unsigned (name, 10, 1, self->n_columns, &number, NULL))
    return (int) number - 1;

  return -1;
}

/*
 * What the column and cell accessors check first, with the caller's name in
 * the message: a table, and a column (and a row) of it.
 */
#define RETURN_VAL_IF_NO_COLUMN(val)                                              \
  G_STMT_START                                                                    \
  {                                                                               \
    g_return_val_if_fail (self != NULL, val);                                     \
    g_return_val_if_fail (column < self->n_columns, val);                         \
  }                                                                               \
  G_STMT_END

#define RETURN_VAL_IF_NO_CELL(val)                                                \
  G_STMT_START                                                                    \
  {                                                                               \
    g_return_val_if_fail (self != NULL, val);                                     \
    g_return_val_if_fail (row < self->n_rows && column < self->n_columns, val);   \
  }                                                                               \
  G_STMT_END

const char *
entrena_table_get_column_name (EntrenaTable *self,
                               guint         column)
{
  RETURN_VAL_IF_NO_COLUMN (NULL);
  return self->columns[column].name;
}

EntrenaColumnType
entrena_table_get_column_type (EntrenaTable *self,
                               guint         column)
{
  RETURN_VAL_IF_NO_COLUMN (ENTRENA_COLUMN_NUMERIC);
  return self->columns[column].type;
}

guint
entrena_table_get_column_missing (EntrenaTable *self,
                                  guint         column)
{
  RETURN_VAL_IF_NO_COLUMN (0);
  return self->columns[column].n_missing;
}

/**
 * entrena_table_get_column_distinct:
 * @self: a table
 * @column: a column
 *
 * Counts the distinct values of a column, missing cells aside. The count is
 * made on first use and kept, so the first call is O(n log n).
 *
 * Returns: the number of distinct values
 */
guint
entrena_table_get_column_distinct (EntrenaTable *self,
                                   guint         column)
{
  EntrenaColumn *col;

  RETURN_VAL_IF_NO_COLUMN (0);

  col = &self->columns[column];
  if (col->distinct < 0)
    col->distinct = (int) count_distinct (self, col);

  return (guint) col->distinct;
}

guint
entrena_table_get_column_n_invalid (EntrenaTable *self,
                                    guint         column)
{
  EntrenaColumn *col;

  RETURN_VAL_IF_NO_COLUMN (0);

  col = &self->columns[column];
  return col->type == ENTRENA_COLUMN_NUMERIC ? col->n_text : 0;
}

/**
 * entrena_table_get_column_invalid:
 * @self: a table
 * @column: a column
 * @n_listed: (out): how many cells are listed
 *
 * Lists the first text cells of a numeric column (at most
 * %ENTRENA_TABLE_MAX_LISTED), for error messages.
 *
 * Returns: (transfer none) (array length=n_listed): the cells
 */
const EntrenaCellRef *
entrena_table_get_column_invalid (EntrenaTable *self,
                                  guint         column,
                                  guint        *n_listed)
{
  EntrenaColumn *col;

  RETURN_VAL_IF_NO_COLUMN (NULL);
  g_return_val_if_fail (n_listed != NULL, NULL);

  col = &self->columns[column];
  *n_listed = col->type == ENTRENA_COLUMN_NUMERIC ? col->n_listed : 0;
  return col->listed;
}

const float *
entrena_table_get_column_values (EntrenaTable *self,
                                 guint         column)
{
  RETURN_VAL_IF_NO_COLUMN (NULL);
  return self->columns[column].values;
}

gboolean
entrena_table_is_missing (EntrenaTable *self,
                          guint         row,
                          guint         column)
{
  EntrenaColumn *col;

  RETURN_VAL_IF_NO_CELL (TRUE);

  col = &self->columns[column];
  return isnan (col->values[row]) && (col->codes == NULL || col->codes[row] == 0);
}

const char *
entrena_table_get_text (EntrenaTable *self,
                        guint         row,
                        guint         column)
{
  EntrenaColumn *col;

  RETURN_VAL_IF_NO_CELL (NULL);

  col = &self->columns[column];
  if (col->codes == NULL || col->codes[row] == 0)
    return NULL;

  return g_ptr_array_index (col->strings, col->codes[row] - 1);
}

/**
 * entrena_table_format_cell:
 * @self: a table
 * @row: a data row
 * @column: a column
 *
 * Returns: (transfer full): the cell's text, its number in the C locale with the
 *   fewest digits that read back as the same float, or "" for a missing cell
 */
char *
entrena_table_format_cell (EntrenaTable *self,
                           guint         row,
                           guint         column)
{
  const char *text;
  float value;

  RETURN_VAL_IF_NO_CELL (NULL);

  text = entrena_table_get_text (self, row, column);
  if (text != NULL)
    return g_strdup (text);

  value = self->columns[column].values[row];
  if (isnan (value))
    return g_strdup ("");

  return entrena_format_float (value);
}
