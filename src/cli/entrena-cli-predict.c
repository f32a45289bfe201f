/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-cli.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-mlp-pass.h"
#include "entrena-model-io.h"

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

/* Builds the network's inputs for every row of @table as the model's
 * metadata describes them: X `[n_rows][n_features]`. */
static float *
build_inputs (EntrenaTable           *table,
              const EntrenaModelInfo *info,
              guint                  *n_filled,
              GError                **error)
{
  guint n = entrena_table_get_n_rows (table);
  guint d = info->n_features;
  g_autofree int *columns = g_new (int, d);
  g_autofree float *X = g_new (float, (gsize) MAX (n, 1) * d);

  *n_filled = 0;

  for (guint k = 0; k < d; k++)
    {
      columns[k] = entrena_table_find_column (table, info->feature_columns[k]);
      if (columns[k] < 0)
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_UNKNOWN_COLUMN,
                       _("“%s” has no column “%s”, which the model needs."),
                       entrena_table_get_display_name (table), info->feature_columns[k]);
          return NULL;
        }
      /* A numeric input needs numbers, whatever type the column looks like here. */
      for (guint i = 0; info->feature_categories[k][0] == '\0' && i < n; i++)
        {
          const char *text = entrena_table_get_text (table, i, (guint) columns[k]);

          if (text != NULL)
            {
              g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_VALUE,
                           _("“%s”, line %u, column %u: “%s” is not a number, but the model reads column “%s” as numbers."),
                           entrena_table_get_display_name (table), entrena_table_get_row_line (table, i),
                           columns[k] + 1, text, info->feature_columns[k]);
              return NULL;
            }
        }
    }

  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < d; k++)
      {
        float *x = &X[(gsize) i * d + k];
        guint column = (guint) columns[k];

        if (entrena_table_is_missing (table, i, column))
          {
            *x = info->fill_values[k];
            (*n_filled)++;
          }
        else if (info->feature_categories[k][0] == '\0')
          *x = entrena_table_get_column_values (table, column)[i];
        else
          {
            g_autofree char *cell = entrena_table_format_cell (table, i, column);

            *x = strcmp (cell, info->feature_categories[k]) == 0 ? 1.0f : 0.0f;
          }
      }

  if (info->scaler != NULL)
    entrena_scaler_transform (info->scaler, X, n);

  return g_steal_pointer (&X);
}

int
entrena_cli_predict (int    argc,
                     char **argv)
{
  g_autofree char *output = NULL;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the predictions to this CSV file (default: standard output)"), N_("OUT.csv") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("MODEL FILE — predict the class of every row of a CSV file"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) model_file = NULL;
  g_autoptr (GFile) csv_file = NULL;
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autofree float *X = NULL;
  g_autofree guint8 *predicted = NULL;
  g_autofree float *probabilities = NULL;
  g_autoptr (GString) out = NULL;
  EntrenaMlpWorkspace *ws;
  guint n_filled = 0;
  guint n_rows;
  guint n_columns;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Writes every row of FILE with two more columns: the predicted class and "
                                  "its probability. Missing cells get the training mean, as the model file records it."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
  if (rest == NULL || g_strv_length (rest) != 2)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name a model file and a CSV file."));

  model_file = g_file_new_for_commandline_arg (rest[0]);
  mlp = entrena_model_load (model_file, &info, NULL, &error);
  if (mlp == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  csv_file = g_file_new_for_commandline_arg (rest[1]);
  table = entrena_csv_read_file (csv_file, NULL, NULL, NULL, NULL, &error);
  if (table == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  X = build_inputs (table, info, &n_filled, &error);
  if (X == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  if (n_filled > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u missing cell was filled with the training mean.",
                                                            "%u missing cells were filled with the training mean.", n_filled),
                                                  n_filled);
      g_printerr (_("Warning: %s\n"), message);
    }

  n_rows = entrena_table_get_n_rows (table);
  n_columns = entrena_table_get_n_columns (table);
  predicted = g_new (guint8, MAX (n_rows, 1));
  probabilities = g_new (float, (gsize) MAX (n_rows, 1) * info->n_classes);
  ws = entrena_mlp_workspace_new (mlp, 4096);
  entrena_mlp_predict (mlp, ws, X, n_rows, predicted, probabilities);
  entrena_mlp_workspace_free (ws);

  out = g_string_new (NULL);
  for (guint j = 0; j < n_columns; j++)
    {
      append_field (out, entrena_table_get_column_name (table, j));
      g_string_append_c (out, ',');
    }
  g_string_append (out, "predicted,probability\n");
  for (guint i = 0; i < n_rows; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint j = 0; j < n_columns; j++)
        {
          g_autofree char *cell = entrena_table_format_cell (table, i, j);

          append_field (out, cell);
          g_string_append_c (out, ',');
        }
      append_field (out, info->class_names[predicted[i]]);
      g_string_append_printf (out, ",%s\n",
                              g_ascii_formatd (buf, sizeof buf, "%.6g",
                                               probabilities[(gsize) i * info->n_classes + predicted[i]]));
    }

  if (output != NULL)
    {
      g_autoptr (GFile) out_file = g_file_new_for_commandline_arg (output);

      /* Written to a temporary file and renamed over the old one. */
      if (!entrena_atomic_write (out_file, out->str, out->len, -1, NULL, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }
  else if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, g_strerror (errno));

  return 0;
}
