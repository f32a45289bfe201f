/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-predictor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-mlp-pass.h"
#include "entrena-model-io.h"
#include "entrena-model-task.h"
#include "entrena-number.h"
#include "entrena-predictor.h"

/* Rows encoded and run at a time, between two progress reports. */
#define CHUNK_ROWS 4096

/* Skipped rows a message names before "and N more". */
#define MAX_NAMED_PROBLEMS 5

/* One source column the model reads: the network inputs [first, first + width). */
typedef struct
{
  char  *name;
  guint  first;
  guint  width;
  char **categories;  /* NULL for a numeric input */
} Input;

struct _EntrenaPredictor
{
  gatomicrefcount   ref_count;
  EntrenaMlp       *mlp;
  EntrenaModelInfo *info;
  GArray           *inputs;  /* of Input */
};

static void
clear_input (gpointer data)
{
  Input *input = data;

  g_free (input->name);
  g_strfreev (input->categories);
}

/* Groups the network's inputs by source column; a one-hot column's inputs
 * are next to each other. */
static GArray *
collect_inputs (const EntrenaModelInfo *info)
{
  GArray *inputs = g_array_new (FALSE, TRUE, sizeof (Input));

  g_array_set_clear_func (inputs, clear_input);

  for (guint k = 0; k < info->n_features;)
    {
      Input input = { g_strdup (info->feature_columns[k]), k, 1, NULL };
      gboolean categorical = info->feature_categories[k][0] != '\0';

      while (categorical && k + input.width < info->n_features &&
             g_str_equal (info->feature_columns[k + input.width], input.name))
        input.width++;

      if (categorical)
        {
          input.categories = g_new0 (char *, input.width + 1);
          for (guint c = 0; c < input.width; c++)
            input.categories[c] = g_strdup (info->feature_categories[k + c]);
        }

      k += input.width;
      g_array_append_val (inputs, input);
    }

  return inputs;
}

/**
 * entrena_predictor_new:
 * @mlp: a trained network
 * @info: its description, whose inputs and classes match @mlp
 *
 * Returns: (transfer full): a predictor with copies of both
 */
EntrenaPredictor *
entrena_predictor_new (const EntrenaMlp       *mlp,
                       const EntrenaModelInfo *info)
{
  EntrenaPredictor *self;

  g_return_val_if_fail (mlp != NULL && info != NULL, NULL);
  g_return_val_if_fail (mlp->sizes[0] == info->n_features, NULL);
  g_return_val_if_fail (mlp->sizes[mlp->n_layers] == info->n_classes, NULL);

  self = g_new0 (EntrenaPredictor, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->mlp = entrena_mlp_copy (mlp);
  self->info = entrena_model_info_copy (info);
  self->inputs = collect_inputs (info);

  return self;
}

/**
 * entrena_predictor_load:
 * @file: a model file saved by Entrena
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the model's predictor, or %NULL with @error set
 */
EntrenaPredictor *
entrena_predictor_load (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;

  mlp = entrena_model_load (file, &info, cancellable, error);
  if (mlp == NULL)
    return NULL;

  return entrena_predictor_new (mlp, info);
}

EntrenaPredictor *
entrena_predictor_ref (EntrenaPredictor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
entrena_predictor_unref (EntrenaPredictor *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  entrena_mlp_free (self->mlp);
  entrena_model_info_free (self->info);
  g_array_unref (self->inputs);
  g_free (self);
}

const EntrenaModelInfo *
entrena_predictor_get_info (EntrenaPredictor *self)
{
  return self->info;
}

const EntrenaMlp *
entrena_predictor_get_mlp (EntrenaPredictor *self)
{
  return self->mlp;
}

guint
entrena_predictor_get_n_inputs (EntrenaPredictor *self)
{
  return self->inputs->len;
}

static const Input *
get_input (EntrenaPredictor *self,
           guint             input)
{
  g_return_val_if_fail (input < self->inputs->len, NULL);

  return &g_array_index (self->inputs, Input, input);
}

const char *
entrena_predictor_get_input_name (EntrenaPredictor *self,
                                  guint             input)
{
  return get_input (self, input)->name;
}

const char * const *
entrena_predictor_get_categories (EntrenaPredictor *self,
                                  guint             input)
{
  return (const char * const *) get_input (self, input)->categories;
}

char *
entrena_predictor_dup_fill_text (EntrenaPredictor *self,
                                 guint             input)
{
  const Input *in = get_input (self, input);
  const float *fill = self->info->fill_values + in->first;

  if (in->categories == NULL)
    return entrena_format_float (fill[0]);

  for (guint c = 0; c < in->width; c++)
    {
      if (fill[c] == 1.0f)
        return g_strdup (in->categories[c]);
    }

  return g_strdup (in->categories[0]);
}

char **
entrena_predictor_dup_row_values (EntrenaPredictor *self,
                                  const float      *x)
{
  char **values = g_new0 (char *, self->inputs->len + 1);

  for (guint i = 0; i < self->inputs->len; i++)
    {
      const Input *input = &g_array_index (self->inputs, Input, i);

      if (input->categories == NULL)
        values[i] = entrena_format_float (x[input->first]);
      for (guint c = 0; input->categories != NULL && c < input->width; c++)
        {
          if (x[input->first + c] == 1.0f)
            values[i] = g_strdup (input->categories[c]);
        }
      if (values[i] == NULL)
        values[i] = g_strdup ("");
    }

  return values;
}

/* Fills @x `[width]` for one cell of @input: @text is its text, %NULL when
 * missing, @value its number when it has one. */
static void
encode_cell (EntrenaPredictor *self,
             const Input      *input,
             const char       *text,
             gboolean          missing,
             float             value,
             float            *x)
{
  if (missing)
    {
      memcpy (x, self->info->fill_values + input->first, input->width * sizeof (float));
      return;
    }

  if (input->categories == NULL)
    {
      x[0] = value;
      return;
    }

  /* A category the model never saw turns none of its inputs on. */
  for (guint c = 0; c < input->width; c++)
    x[c] = g_strcmp0 (text, input->categories[c]) == 0 ? 1.0f : 0.0f;
}

gboolean
entrena_predictor_encode_values (EntrenaPredictor    *self,
                                 const char * const  *values,
                                 float               *X,
                                 GError             **error)
{
  for (guint i = 0; i < self->inputs->len; i++)
    {
      const Input *input = &g_array_index (self->inputs, Input, i);
      const char *text = values[i] != NULL ? values[i] : "";
      double value = 0;
      EntrenaCellKind kind;

      /* Either decimal mark: a person types what their keyboard has. */
      kind = entrena_cell_classify (text, strlen (text), TRUE, &value);
      if (input->categories == NULL && kind == ENTRENA_CELL_TEXT)
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_VALUE,
                       _("“%s” is not a number, but the model reads “%s” as numbers."),
                       text, input->name);
          return FALSE;
        }
      encode_cell (self, input, text, kind == ENTRENA_CELL_MISSING, (float) value, X + input->first);
    }

  if (self->info->scaler != NULL)
    entrena_scaler_transform (self->info->scaler, X, 1);

  return TRUE;
}

void
entrena_predictor_run (EntrenaPredictor *self,
                       const float      *X,
                       gsize             n,
                       guint8           *predicted,
                       float            *probabilities)
{
  EntrenaMlpWorkspace *ws;

  if (n == 0)
    return;

  ws = entrena_mlp_workspace_new (self->mlp, MIN (n, CHUNK_ROWS));
  entrena_mlp_predict (self->mlp, ws, X, n, predicted, probabilities);
  entrena_mlp_workspace_free (ws);
}

/* The table's column of every input, or an error naming every one it lacks. */
static int *
find_columns (EntrenaPredictor  *self,
              EntrenaTable      *table,
              GError           **error)
{
  g_autofree int *columns = g_new (int, MAX (self->inputs->len, 1));
  g_autoptr (GString) missing = g_string_new (NULL);
  guint n_missing = 0;

  for (guint i = 0; i < self->inputs->len; i++)
    {
      const Input *input = &g_array_index (self->inputs, Input, i);

      columns[i] = entrena_table_find_column (table, input->name);
      if (columns[i] >= 0)
        continue;

      if (n_missing++ > 0)
        g_string_append (missing, ", ");
      g_string_append_printf (missing, "“%s”", input->name);
    }

  if (n_missing > 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_UNKNOWN_COLUMN,
                   ngettext ("“%s” has no column %s, which the model needs.",
                             "“%s” lacks the columns %s, which the model needs.", n_missing),
                   entrena_table_get_display_name (table), missing->str);
      return NULL;
    }

  return g_steal_pointer (&columns);
}

/* Encodes row @row into @x; FALSE with @problem set when a cell cannot be read. */
static gboolean
encode_row (EntrenaPredictor *self,
            EntrenaTable     *table,
            const int        *columns,
            guint             row,
            float            *x,
            guint            *n_filled,
            EntrenaCellRef   *problem)
{
  for (guint i = 0; i < self->inputs->len; i++)
    {
      const Input *input = &g_array_index (self->inputs, Input, i);
      guint column = (guint) columns[i];
      gboolean missing = entrena_table_is_missing (table, row, column);
      g_autofree char *cell = NULL;

      if (input->categories == NULL && !missing && entrena_table_get_text (table, row, column) != NULL)
        {
          *problem = (EntrenaCellRef) { row, entrena_table_get_row_line (table, row), column };
          return FALSE;
        }

      if (missing)
        (*n_filled)++;
      else if (input->categories != NULL)
        cell = entrena_table_format_cell (table, row, column);

      encode_cell (self, input, cell, missing,
                   input->categories == NULL && !missing ? entrena_table_get_column_values (table, column)[row] : 0,
                   x + input->first);
    }

  return TRUE;
}

/* A regression model's numbers for @rows rows, NaN where @skipped (nullable). */
static void
predict_values (EntrenaPredictor    *self,
                EntrenaMlpWorkspace *ws,
                const float         *X,
                guint                rows,
                double              *values,
                const gboolean      *skipped)
{
  const float *out = ws->slots[0].acts[self->mlp->n_layers];

  entrena_mlp_forward (self->mlp, ws, X, rows);
  for (guint i = 0; i < rows; i++)
    values[i] = skipped != NULL && skipped[i] ? NAN : entrena_model_info_unscale_target (self->info, out[i]);
}

void
entrena_predictor_run_values (EntrenaPredictor *self,
                              const float      *X,
                              gsize             n,
                              double           *values)
{
  EntrenaMlpWorkspace *ws;

  g_return_if_fail (self->info->task == ENTRENA_TASK_REGRESSION);

  if (n == 0)
    return;

  ws = entrena_mlp_workspace_new (self->mlp, MIN (n, CHUNK_ROWS));
  for (gsize start = 0; start < n; start += CHUNK_ROWS)
    predict_values (self, ws, X + start * self->info->n_features, (guint) MIN (CHUNK_ROWS, n - start),
                    values + start, NULL);
  entrena_mlp_workspace_free (ws);
}

EntrenaPredictions *
entrena_predictor_predict_table (EntrenaPredictor     *self,
                                 EntrenaTable         *table,
                                 GCancellable         *cancellable,
                                 EntrenaProgressFunc   progress,
                                 gpointer              progress_data,
                                 GError              **error)
{
  g_autoptr (EntrenaPredictions) result = NULL;
  g_autofree int *columns = NULL;
  g_autofree float *X = NULL;
  g_autoptr (GArray) problems = g_array_new (FALSE, FALSE, sizeof (EntrenaCellRef));
  EntrenaMlpWorkspace *ws;
  guint d = self->info->n_features;
  guint n;

  columns = find_columns (self, table, error);
  if (columns == NULL)
    return NULL;

  n = entrena_table_get_n_rows (table);
  result = g_new0 (EntrenaPredictions, 1);
  result->n_rows = n;
  result->n_classes = self->info->n_classes;
  result->predicted = g_new0 (guint8, MAX (n, 1));
  result->probabilities = g_new0 (float, (gsize) MAX (n, 1) * result->n_classes);
  result->skipped = g_new0 (gboolean, MAX (n, 1));
  if (self->info->task == ENTRENA_TASK_REGRESSION)
    result->values = g_new0 (double, MAX (n, 1));

  X = g_new0 (float, (gsize) CHUNK_ROWS * d);
  ws = entrena_mlp_workspace_new (self->mlp, CHUNK_ROWS);

  for (guint start = 0; start < n; start += CHUNK_ROWS)
    {
      guint rows = MIN (CHUNK_ROWS, n - start);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          entrena_mlp_workspace_free (ws);
          return NULL;
        }

      for (guint i = 0; i < rows; i++)
        {
          EntrenaCellRef problem;
          float *x = X + (gsize) i * d;

          if (!encode_row (self, table, columns, start + i, x, &result->n_filled, &problem))
            {
              /* Zeros go through the network; the row's result is thrown away. */
              memset (x, 0, d * sizeof (float));
              result->skipped[start + i] = TRUE;
              g_array_append_val (problems, problem);
            }
        }
      if (self->info->scaler != NULL)
        entrena_scaler_transform (self->info->scaler, X, rows);
      if (result->values != NULL)
        predict_values (self, ws, X, rows, result->values + start, result->skipped + start);
      else
        entrena_mlp_predict (self->mlp, ws, X, rows, result->predicted + start,
                             result->probabilities + (gsize) start * result->n_classes);

      if (progress != NULL)
        progress (start + rows, n, progress_data);
    }
  entrena_mlp_workspace_free (ws);

  for (guint i = 0; i < problems->len; i++)
    result->predicted[g_array_index (problems, EntrenaCellRef, i).row] = 0;
  result->n_skipped = problems->len;
  result->n_problems = problems->len;
  result->problems = (EntrenaCellRef *) g_array_free (g_steal_pointer (&problems), FALSE);

  return g_steal_pointer (&result);
}

void
entrena_predictions_free (EntrenaPredictions *self)
{
  if (self == NULL)
    return;

  g_free (self->predicted);
  g_free (self->probabilities);
  g_free (self->skipped);
  g_free (self->values);
  g_free (self->problems);
  g_free (self);
}

char *
entrena_predictions_describe_skipped (const EntrenaPredictions *self,
                                      EntrenaTable             *table)
{
  g_autoptr (GString) text = NULL;
  guint named = MIN (self->n_problems, MAX_NAMED_PROBLEMS);

  if (self->n_skipped == 0)
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          ngettext ("“%s”: %u row could not be predicted and was left out:",
                                    "“%s”: %u rows could not be predicted and were left out:", self->n_skipped),
                          entrena_table_get_display_name (table), self->n_skipped);
  for (guint i = 0; i < named; i++)
    {
      const EntrenaCellRef *cell = &self->problems[i];
      g_autofree char *value = entrena_table_format_cell (table, cell->row, cell->column);

      g_string_append_c (text, i == 0 ? ' ' : ';');
      if (i > 0)
        g_string_append_c (text, ' ');
      /* Translators: one of the rows Predict a File left out: line, column, the cell and its column's name. */
      g_string_append_printf (text, _("line %u, column %u: “%s” is not a number (“%s”)"),
                              cell->line, cell->column + 1, value,
                              entrena_table_get_column_name (table, cell->column));
    }
  if (self->n_problems > named)
    {
      g_string_append (text, "; ");
      g_string_append_printf (text, ngettext ("and %u more", "and %u more", self->n_problems - named),
                              self->n_problems - named);
    }
  g_string_append_c (text, '.');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A CSV field, quoted when it must be. */
static void
append_field (GString    *out,
              const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_probability (GString *out,
                    float    p)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", p));
}

GString *
entrena_predictions_to_csv (const EntrenaPredictions *self,
                            EntrenaTable             *table,
                            const EntrenaModelInfo   *info,
                            gboolean                  probabilities)
{
  GString *out = g_string_new (NULL);
  guint n_columns = entrena_table_get_n_columns (table);

  for (guint j = 0; j < n_columns; j++)
    {
      append_field (out, entrena_table_get_column_name (table, j));
      g_string_append_c (out, ',');
    }
  if (self->values != NULL)
    {
      /* The number, in a column named after the target: “predicted_price”. */
      g_autofree char *name = g_strconcat ("predicted_", info->target, NULL);

      append_field (out, name);
    }
  else
    g_string_append (out, "predicted,probability");
  for (guint c = 0; probabilities && self->values == NULL && c < info->n_classes; c++)
    {
      g_autofree char *name = g_strconcat ("p_", info->class_names[c], NULL);

      g_string_append_c (out, ',');
      append_field (out, name);
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->n_rows; i++)
    {
      const float *p = self->probabilities + (gsize) i * self->n_classes;

      if (self->skipped[i])
        continue;

      for (guint j = 0; j < n_columns; j++)
        {
          g_autofree char *cell = entrena_table_format_cell (table, i, j);

          append_field (out, cell);
          g_string_append_c (out, ',');
        }
      if (self->values != NULL)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.7g", self->values[i]));
          g_string_append_c (out, '\n');
          continue;
        }
      append_field (out, info->class_names[self->predicted[i]]);
      append_probability (out, p[self->predicted[i]]);
      for (guint c = 0; probabilities && c < self->n_classes; c++)
        append_probability (out, p[c]);
      g_string_append_c (out, '\n');
    }

  return out;
}
