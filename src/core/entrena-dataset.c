/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-dataset"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-dataset.h"
#include "entrena-error.h"
#include "entrena-format.h"
#include "entrena-number.h"
#include "entrena-table-private.h"

/* Kept rows encoded between two givings back of the table's cells, when the
 * caller drops them: 256 KiB of each float column, 3 MiB of a matrix of 12
 * features. */
#define GIVE_BACK_ROWS 65536

/* GIVE_BACK_ROWS, or what a test sets (smaller blocks, smaller tables). */
static guint give_back_rows = GIVE_BACK_ROWS;

void
_entrena_dataset_set_give_back_rows (guint rows)
{
  give_back_rows = rows > 0 ? rows : GIVE_BACK_ROWS;
}

/* One-hot encoding a column with more categories than this is refused: it is
 * almost surely free text or an identifier. */
#define MAX_CATEGORIES 1000

/* Column names a message about a missing column lists, at most. */
#define MAX_LISTED_COLUMNS 20

/* The categories of one column among the kept rows, in sorted order: numbers
 * first, ascending, then texts in byte (code point) order, as NumPy's unique
 * sorts them. */
typedef struct
{
  guint   n_numbers;
  float  *numbers;        /* [n_numbers] ascending */
  guint   n_texts;
  char  **names;          /* [n_numbers + n_texts], NULL-terminated */
  guint  *counts;         /* [n_numbers + n_texts] rows per category */
} Categories;

static void
categories_clear (Categories *cats)
{
  g_free (cats->numbers);
  g_strfreev (cats->names);
  g_free (cats->counts);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Whether a cell is missing, as entrena_table_is_missing() says, with the
 * column's numbers at hand: only a NaN can be. */
static inline gboolean
is_missing (EntrenaTable *table,
            const float  *values,
            guint         row,
            guint         column)
{
  return isnan (values[row]) && entrena_table_get_text (table, row, column) == NULL;
}

/* The category of a cell, or -1 when it is missing. */
static int
category_of (const Categories *cats,
             EntrenaTable     *table,
             guint             row,
             guint             column)
{
  const float *values = entrena_table_get_column_values (table, column);
  const char *text = entrena_table_get_text (table, row, column);

  if (text != NULL)
    {
      /* Codes are not exposed, so texts are found by name; categorical
       * columns are small enough for a binary search over sorted names. */
      char **base = cats->names + cats->n_numbers;
      char **found = bsearch (&text, base, cats->n_texts, sizeof (char *), compare_strings);

      return found != NULL ? (int) (cats->n_numbers + (guint) (found - base)) : -1;
    }

  if (isnan (values[row]))
    return -1;

  {
    float *found = bsearch (&values[row], cats->numbers, cats->n_numbers, sizeof (float), _entrena_compare_floats);
    return found != NULL ? (int) (found - cats->numbers) : -1;
  }
}

static void
categories_build (Categories   *cats,
                  EntrenaTable *table,
                  guint         column,
                  const guint  *rows,
                  guint         n_rows)
{
  const float *values = entrena_table_get_column_values (table, column);
  g_autoptr (GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree float *numbers = g_new (float, MAX (n_rows, 1));
  g_autofree char **text_list = NULL;
  guint n_numbers = 0;
  guint n = 0;
  guint k = 0;

  memset (cats, 0, sizeof *cats);

  for (guint i = 0; i < n_rows; i++)
    {
      const char *text = entrena_table_get_text (table, rows[i], column);

      if (text != NULL)
        g_hash_table_add (texts, (gpointer) text);
      else if (!isnan (values[rows[i]]))
        numbers[n_numbers++] = values[rows[i]];
    }

  _entrena_sort_floats (numbers, n_numbers);
  for (guint i = 0; i < n_numbers; i++)
    if (n == 0 || numbers[i] != numbers[n - 1])
      numbers[n++] = numbers[i];

  cats->n_numbers = n;
  cats->numbers = g_memdup2 (numbers, MAX (n, 1) * sizeof (float));
  cats->n_texts = g_hash_table_size (texts);
  text_list = (char **) g_hash_table_get_keys_as_array (texts, NULL);
  qsort (text_list, cats->n_texts, sizeof (char *), compare_strings);

  cats->names = g_new0 (char *, n + cats->n_texts + 1);
  for (guint i = 0; i < n; i++)
    cats->names[k++] = entrena_format_float (cats->numbers[i]);
  for (guint i = 0; i < cats->n_texts; i++)
    cats->names[k++] = g_strdup (text_list[i]);

  cats->counts = g_new0 (guint, MAX (k, 1));
  for (guint i = 0; i < n_rows; i++)
    {
      int c = category_of (cats, table, rows[i], column);

      if (c >= 0)
        cats->counts[c]++;
    }
}

static guint
categories_len (const Categories *cats)
{
  return cats->n_numbers + cats->n_texts;
}

static char *
column_list (EntrenaTable *table)
{
  GString *s = g_string_new (NULL);
  guint n_columns = entrena_table_get_n_columns (table);
  guint n_listed = MIN (n_columns, MAX_LISTED_COLUMNS);

  for (guint j = 0; j < n_listed; j++)
    {
      g_autofree char *name = entrena_format_excerpt (entrena_table_get_column_name (table, j),
                                                      ENTRENA_EXCERPT_CHARS);

      if (j > 0)
        g_string_append (s, ", ");
      g_string_append (s, name);
    }
  if (n_columns > n_listed)
    g_string_append_printf (s, ngettext (" …and %u more", " …and %u more", n_columns - n_listed),
                            n_columns - n_listed);
  return g_string_free (s, FALSE);
}

static gboolean
resolve_columns (EntrenaTable       *table,
                 const char * const *names,
                 gboolean           *mask,
                 GError            **error)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      int column = entrena_table_find_column (table, names[i]);

      if (column < 0)
        {
          g_autofree char *list = column_list (table);

          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_UNKNOWN_COLUMN,
                       _("“%s” has no column named “%s”. Its columns are: %s."),
                       entrena_table_get_display_name (table), names[i], list);
          return FALSE;
        }
      mask[column] = TRUE;
    }
  return TRUE;
}

static void
set_invalid_error (EntrenaTable *table,
                   guint         column,
                   GError      **error)
{
  guint n_listed = 0;
  const EntrenaCellRef *cells = entrena_table_get_column_invalid (table, column, &n_listed);
  guint n_invalid = entrena_table_get_column_n_invalid (table, column);
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; i < n_listed; i++)
    {
      g_autofree char *cell = entrena_format_excerpt (entrena_table_get_text (table, cells[i].row, column),
                                                      ENTRENA_EXCERPT_CHARS);

      g_string_append (list, "\n  ");
      g_string_append_printf (list,
                              /* Translators: one line of a list of bad cells. */
                              _("line %u, column %u: “%s”"),
                              cells[i].line, cells[i].column + 1, cell);
    }
  if (n_invalid > n_listed)
    {
      g_string_append (list, "\n  ");
      g_string_append_printf (list, ngettext ("…and %u more cell", "…and %u more cells",
                                              n_invalid - n_listed),
                              n_invalid - n_listed);
    }

  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_VALUE,
               ngettext ("“%s”: column “%s” holds numbers, but %u cell is text:%s\n"
                         "Correct the cell, or leave the column out of the features.",
                         "“%s”: column “%s” holds numbers, but %u cells are text:%s\n"
                         "Correct the cells, or leave the column out of the features.",
                         n_invalid),
               entrena_table_get_display_name (table),
               entrena_table_get_column_name (table, column), n_invalid, list->str);
}

static double
column_mean (EntrenaTable *table,
             guint         column)
{
  const float *values = entrena_table_get_column_values (table, column);
  guint n_rows = entrena_table_get_n_rows (table);
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < n_rows; i++)
    if (!isnan (values[i]))
      {
        sum += values[i];
        n++;
      }

  return n > 0 ? sum / n : 0;
}

static guint
most_frequent (const Categories *cats)
{
  guint best = 0;

  for (guint c = 1; c < categories_len (cats); c++)
    if (cats->counts[c] > cats->counts[best])
      best = c;
  return best;
}

/* The task asked for, or the one the target's values suggest. */
static gboolean
resolve_task (EntrenaTable                *table,
              guint                        target,
              const EntrenaDatasetOptions *options,
              EntrenaTask                 *task,
              char                       **reason,
              GError                     **error)
{
  g_autofree char *why = NULL;
  EntrenaTask suggested = entrena_table_suggest_task (table, target, &why);

  *task = options->task == ENTRENA_TASK_REGRESSION ? ENTRENA_TASK_REGRESSION
                                                   : ENTRENA_TASK_CLASSIFICATION;
  if (options->task == ENTRENA_TASK_AUTO)
    {
      *task = suggested;
      *reason = g_steal_pointer (&why);
    }
  else if (*task == ENTRENA_TASK_REGRESSION &&
           (entrena_table_get_column_type (table, target) == ENTRENA_COLUMN_CATEGORICAL ||
            entrena_table_get_column_n_invalid (table, target) > 0))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET,
                   _("The target column “%s” holds text, so there is no number to predict: "
                     "choose classification, or another target column."),
                   options->target);
      return FALSE;
    }
  return TRUE;
}

/* A regression target: its values on the kept rows, which must differ. */
static gboolean
regression_target (EntrenaDataset *self,
                   EntrenaTable   *table,
                   guint           target,
                   const guint    *rows,
                   guint           n_kept,
                   GError        **error)
{
  const float *values = entrena_table_get_column_values (table, target);
  const char *name = entrena_table_get_column_name (table, target);

  self->y_value = g_new (float, n_kept);
  for (guint i = 0; i < n_kept; i++)
    {
      float value = values[rows[i]];

      if (isnan (value))
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET,
                       _("Line %u of “%s”: the target “%s” holds “%s”, which is not a number to "
                         "predict."),
                       entrena_table_get_row_line (table, rows[i]),
                       entrena_table_get_display_name (table), name,
                       entrena_table_get_text (table, rows[i], target) != NULL
                         ? entrena_table_get_text (table, rows[i], target) : "");
          return FALSE;
        }
      self->y_value[i] = value;
    }
  for (guint i = 1; i < n_kept; i++)
    if (self->y_value[i] != self->y_value[0])
      {
        self->n_classes = 1;
        self->class_names = g_new0 (char *, 2);
        self->class_names[0] = g_strdup (name);
        self->class_counts = g_new (guint, 1);
        self->class_counts[0] = n_kept;
        return TRUE;
      }

  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET,
               _("The target column “%s” has only one value, so there is nothing to predict. "
                 "Choose another target column."),
               name);
  return FALSE;
}

static EntrenaDataset *
dataset_new (EntrenaTable                *table,
             const EntrenaDatasetOptions *options,
             gboolean                     drop_cells,
             GError                     **error)
{
  g_autoptr (EntrenaDataset) self = NULL;
  g_autofree gboolean *excluded = NULL;
  g_autofree gboolean *categorical = NULL;
  g_autofree guint *features = NULL;      /* [n_used] table columns used as features */
  g_autofree gboolean *one_hot = NULL;    /* [n_columns] */
  g_autofree guint *rows = NULL;          /* [n_kept] */
  g_autofree const float **used_values = NULL;     /* [n_used] the feature columns' numbers */
  g_autofree const float **source_values = NULL;   /* [n_features] the same, per column of X */
  const float *target_values;
  g_autofree double *fill_number = NULL;  /* [n_columns] */
  g_autofree int *fill_category = NULL;   /* [n_columns] */
  Categories *cats = NULL;                /* [n_columns], built for one-hot columns and the target */
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GArray) sources = NULL;
  guint n_columns;
  guint n_table_rows;
  guint n_used = 0;
  guint n_kept = 0;
  guint n_target_missing = 0;
  int target;
  EntrenaTask task;
  g_autofree char *task_reason = NULL;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->target != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_columns = entrena_table_get_n_columns (table);
  n_table_rows = entrena_table_get_n_rows (table);

  target = entrena_table_find_column (table, options->target);
  target_values = target >= 0 ? entrena_table_get_column_values (table, (guint) target) : NULL;
  if (target < 0)
    {
      g_autofree char *list = column_list (table);

      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_UNKNOWN_COLUMN,
                   _("“%s” has no column named “%s” to predict. Its columns are: %s."),
                   entrena_table_get_display_name (table), options->target, list);
      return NULL;
    }

  if (!resolve_task (table, (guint) target, options, &task, &task_reason, error))
    return NULL;

  excluded = g_new0 (gboolean, n_columns);
  categorical = g_new0 (gboolean, n_columns);
  if (!resolve_columns (table, options->exclude, excluded, error) ||
      !resolve_columns (table, options->categorical, categorical, error))
    return NULL;

  self = g_new0 (EntrenaDataset, 1);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->target_column = (guint) target;
  self->task = task;
  self->task_reason = g_steal_pointer (&task_reason);

  /* Choose the feature columns. */
  features = g_new (guint, n_columns);
  one_hot = g_new0 (gboolean, n_columns);
  for (guint j = 0; j < n_columns; j++)
    {
      EntrenaColumnType type = entrena_table_get_column_type (table, j);

      if ((int) j == target || excluded[j])
        continue;

      if (entrena_table_get_column_missing (table, j) == n_table_rows)
        {
          g_ptr_array_add (self->warnings,
                           g_strdup_printf (_("Column “%s” is empty and was left out."),
                                            entrena_table_get_column_name (table, j)));
          continue;
        }

      if (type == ENTRENA_COLUMN_NUMERIC && !categorical[j] && entrena_table_get_column_n_invalid (table, j) > 0)
        {
          set_invalid_error (table, j, error);
          return NULL;
        }

      one_hot[j] = categorical[j] || type == ENTRENA_COLUMN_CATEGORICAL ||
                   (type == ENTRENA_COLUMN_IDENTIFIER && entrena_table_get_text (table, 0, j) != NULL);
      features[n_used++] = j;
    }

  if (n_used == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_FEATURES,
                   _("There is nothing to learn from: every column of “%s” other than the target "
                     "“%s” was left out."),
                   entrena_table_get_display_name (table), options->target);
      return NULL;
    }

  /* Choose the rows. */
  rows = g_new (guint, MAX (n_table_rows, 1));
  used_values = g_new (const float *, n_used);
  for (guint f = 0; f < n_used; f++)
    used_values[f] = entrena_table_get_column_values (table, features[f]);
  for (guint i = 0; i < n_table_rows; i++)
    {
      gboolean keep = TRUE;

      if (is_missing (table, target_values, i, (guint) target))
        {
          n_target_missing++;
          continue;
        }

      if (options->missing == ENTRENA_MISSING_DROP_ROWS)
        for (guint f = 0; f < n_used && keep; f++)
          keep = !is_missing (table, used_values[f], i, features[f]);

      if (keep)
        rows[n_kept++] = i;
    }

  self->n_dropped = n_table_rows - n_kept;

  if (n_target_missing > 0)
    g_ptr_array_add (self->warnings,
                     g_strdup_printf (ngettext ("%u row has no value in the target column and was left out.",
                                                "%u rows have no value in the target column and were left out.",
                                                n_target_missing),
                                      n_target_missing));
  if (self->n_dropped > n_target_missing)
    {
      guint n = self->n_dropped - n_target_missing;

      g_ptr_array_add (self->warnings,
                       g_strdup_printf (ngettext ("%u row with missing values was left out.",
                                                  "%u rows with missing values were left out.", n),
                                        n));
    }

  if (n_kept == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_DATA,
                   _("No row of “%s” is complete: every row misses a value in the target or a "
                     "feature. Fill in missing values instead of dropping rows, or leave out the "
                     "emptiest columns."),
                   entrena_table_get_display_name (table));
      return NULL;
    }

  /* Classes; a number to predict is one "class" named after the target. */
  cats = g_new0 (Categories, n_columns);
  if (task == ENTRENA_TASK_REGRESSION)
    {
      if (!regression_target (self, table, (guint) target, rows, n_kept, error))
        goto fail;
    }
  else
    {
      categories_build (&cats[target], table, (guint) target, rows, n_kept);
      self->n_classes = categories_len (&cats[target]);
    }

  if (task != ENTRENA_TASK_REGRESSION && self->n_classes < 2)
    {
      g_autofree char *only = entrena_format_excerpt (cats[target].names[0], ENTRENA_EXCERPT_CHARS);

      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET,
                   _("The target column “%s” has only one value (“%s”), so there is nothing to "
                     "tell apart. Choose another target column."),
                   options->target, only);
      goto fail;
    }
  if (self->n_classes > ENTRENA_MAX_CLASSES)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET,
                   _("The target column “%s” has %u different values; Entrena can tell apart at "
                     "most %u classes. Is it a quantity to measure rather than a class? Choose "
                     "another target column."),
                   options->target, self->n_classes, ENTRENA_MAX_CLASSES);
      goto fail;
    }

  if (task != ENTRENA_TASK_REGRESSION)
    {
      self->class_names = g_strdupv (cats[target].names);
      self->class_counts = g_memdup2 (cats[target].counts, self->n_classes * sizeof (guint));
    }

  /* Feature layout: one column per numeric feature, one per category otherwise. */
  names = g_ptr_array_new_with_free_func (g_free);
  sources = g_array_new (FALSE, FALSE, sizeof (EntrenaFeatureSource));
  fill_number = g_new0 (double, n_columns);
  fill_category = g_new0 (int, n_columns);
  for (guint f = 0; f < n_used; f++)
    {
      guint j = features[f];
      const char *name = entrena_table_get_column_name (table, j);

      if (one_hot[j])
        {
          categories_build (&cats[j], table, j, rows, n_kept);
          if (categories_len (&cats[j]) > MAX_CATEGORIES)
            {
              g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_VALUE,
                           _("Column “%s” has %u different values, too many to use as categories. "
                             "Leave it out of the features."),
                           name, categories_len (&cats[j]));
              goto fail;
            }
          fill_category[j] = (int) most_frequent (&cats[j]);
          for (guint c = 0; c < categories_len (&cats[j]); c++)
            {
              EntrenaFeatureSource source = { j, (int) c };

              g_ptr_array_add (names, g_strdup_printf ("%s=%s", name, cats[j].names[c]));
              g_array_append_val (sources, source);
            }
        }
      else
        {
          EntrenaFeatureSource source = { j, -1 };

          fill_number[j] = column_mean (table, j);
          g_ptr_array_add (names, g_strdup (name));
          g_array_append_val (sources, source);
        }
    }
  g_ptr_array_add (names, NULL);

  /* Categorical columns with no value in the kept rows add no input. */
  if (sources->len == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_FEATURES,
                   _("There is nothing to learn from: the feature columns of “%s” have no values "
                     "in the rows that have a target."),
                   entrena_table_get_display_name (table));
      goto fail;
    }

  self->n_rows = n_kept;
  self->n_features = sources->len;
  self->feature_names = (char **) g_ptr_array_steal (names, NULL);
  self->sources = (EntrenaFeatureSource *) g_array_steal (sources, NULL);
  /* Every element is written below, row after row: the pages of a large
   * matrix count only once they are filled. */
  self->X = g_aligned_alloc ((gsize) n_kept * self->n_features, sizeof (float), 64);
  self->y = g_new0 (guint8, n_kept);
  self->row_index = g_steal_pointer (&rows);
  source_values = g_new (const float *, self->n_features);
  for (guint k = 0; k < self->n_features; k++)
    source_values[k] = entrena_table_get_column_values (table, self->sources[k].source_column);

  /* Fill X row by row: X[i][k] for kept row i and feature column k. The
   * kept rows come in the table's order, so the table's rows up to the last
   * one encoded are read no more: when the cells are dropped afterwards,
   * they are given back block by block, and the table and the matrix are
   * never whole together. */
  for (guint i = 0; i < n_kept; i++)
    {
      guint row = self->row_index[i];
      float *x = self->X + (gsize) i * self->n_features;

      if (drop_cells && i > 0 && i % give_back_rows == 0)
        _entrena_table_give_back_rows (table, row);

      if (task != ENTRENA_TASK_REGRESSION)
        self->y[i] = (guint8) category_of (&cats[target], table, row, (guint) target);

      for (guint k = 0; k < self->n_features; k++)
        {
          const EntrenaFeatureSource *source = &self->sources[k];
          guint j = source->source_column;

          if (source->category < 0)
            {
              float value = source_values[k][row];

              if (isnan (value))
                {
                  value = (float) fill_number[j];
                  self->n_filled++;
                }
              x[k] = value;
            }
          else
            {
              int c = category_of (&cats[j], table, row, j);

              if (c < 0)
                {
                  c = fill_category[j];
                  if (source->category == 0)
                    self->n_filled++;
                }
              x[k] = c == source->category ? 1.0f : 0.0f;
            }
        }
    }

  if (self->n_filled > 0)
    g_ptr_array_add (self->warnings,
                     g_strdup_printf (ngettext ("%u missing cell was filled in.",
                                                "%u missing cells were filled in.", self->n_filled),
                                      self->n_filled));

  for (guint j = 0; j < n_columns; j++)
    categories_clear (&cats[j]);
  g_free (cats);

  if (drop_cells)
    entrena_table_drop_cells (table);

  return g_steal_pointer (&self);

fail:
  for (guint j = 0; j < n_columns; j++)
    categories_clear (&cats[j]);
  g_free (cats);
  return NULL;
}

/**
 * entrena_dataset_new:
 * @table: a table read from a CSV file
 * @options: the target, the columns to leave out, and the missing-value policy
 * @error: return location for a #GError in the %ENTRENA_ERROR domain
 *
 * Builds the numbers a classifier learns from. Class labels, numbers or text,
 * map to 0..C-1 through their sorted distinct values. Text columns, and numeric
 * columns named in @options->categorical, become one-hot columns (one per
 * category, in sorted order). Rows whose target is missing are always left
 * out; other missing cells are dropped with their row or filled with the
 * column's mean (numbers) or most frequent value (categories), over all rows.
 *
 * Errors: an unknown column, text cells in a numeric feature (listed by line
 * and column), a target with one class or more than %ENTRENA_MAX_CLASSES, no
 * feature left.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
EntrenaDataset *
entrena_dataset_new (EntrenaTable                *table,
                     const EntrenaDatasetOptions *options,
                     GError                     **error)
{
  return dataset_new (table, options, FALSE, error);
}

/**
 * entrena_dataset_new_dropping_cells:
 * @table: a table read from a CSV file, needed afterwards only to name its
 *   columns
 * @options: as for entrena_dataset_new()
 * @error: return location for a #GError in the %ENTRENA_ERROR domain
 *
 * As entrena_dataset_new(), giving back the table's cells as they are
 * encoded, so that a large table and its dataset are never both held whole:
 * on success the table has no cells left (see entrena_table_drop_cells());
 * on an error it is untouched. The dataset is the same, bit for bit.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
EntrenaDataset *
entrena_dataset_new_dropping_cells (EntrenaTable                *table,
                                    const EntrenaDatasetOptions *options,
                                    GError                     **error)
{
  return dataset_new (table, options, TRUE, error);
}

void
entrena_dataset_free (EntrenaDataset *self)
{
  if (self == NULL)
    return;

  g_aligned_free (self->X);
  g_free (self->y);
  g_free (self->row_index);
  g_strfreev (self->feature_names);
  g_free (self->sources);
  g_strfreev (self->class_names);
  g_free (self->class_counts);
  g_free (self->task_reason);
  g_free (self->y_value);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

/**
 * entrena_table_suggest_exclude:
 * @table: a table
 *
 * Returns: (transfer full): the names of identifier columns and of columns
 *   with no value at all, which make poor features
 */
char **
entrena_table_suggest_exclude (EntrenaTable *table)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (table != NULL, NULL);

  for (guint j = 0; j < entrena_table_get_n_columns (table); j++)
    if (entrena_table_get_column_type (table, j) == ENTRENA_COLUMN_IDENTIFIER ||
        entrena_table_get_column_missing (table, j) == entrena_table_get_n_rows (table))
      g_strv_builder_add (builder, entrena_table_get_column_name (table, j));

  return g_strv_builder_end (builder);
}

int
entrena_table_suggest_target (EntrenaTable *table)
{
  g_return_val_if_fail (table != NULL, -1);

  for (guint j = entrena_table_get_n_columns (table); j-- > 0;)
    if (entrena_table_get_column_type (table, j) != ENTRENA_COLUMN_IDENTIFIER &&
        entrena_table_get_column_missing (table, j) < entrena_table_get_n_rows (table))
      return (int) j;

  return -1;
}
