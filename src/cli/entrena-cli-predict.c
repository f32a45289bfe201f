/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-cli.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-predictor.h"

int
entrena_cli_predict (int    argc,
                     char **argv)
{
  g_autofree char *output = NULL;
  gboolean with_probabilities = FALSE;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the predictions to this CSV file (default: standard output)"), N_("OUT.csv") },
    { "probabilities", 0, 0, G_OPTION_ARG_NONE, &with_probabilities, N_("Add one column per class with its probability, named p_CLASS"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("MODEL FILE — predict the class of every row of a CSV file"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) model_file = NULL;
  g_autoptr (GFile) csv_file = NULL;
  g_autoptr (EntrenaPredictor) predictor = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaPredictions) predictions = NULL;
  g_autofree char *skipped = NULL;
  g_autoptr (GString) out = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Writes every row of FILE with two more columns: the predicted class and "
                                  "its probability. Missing cells get the training mean, as the model file records it."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
  if (rest == NULL || g_strv_length (rest) != 2)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name a model file and a CSV file."));

  model_file = g_file_new_for_commandline_arg (rest[0]);
  predictor = entrena_predictor_load (model_file, NULL, &error);
  if (predictor == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  if (with_probabilities && entrena_predictor_get_info (predictor)->task == ENTRENA_TASK_REGRESSION)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE,
                             _("This model predicts a number (regression), so there are no class "
                               "probabilities: leave out --probabilities."));

  csv_file = g_file_new_for_commandline_arg (rest[1]);
  table = entrena_csv_read_file (csv_file, NULL, NULL, NULL, NULL, &error);
  if (table == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  predictions = entrena_predictor_predict_table (predictor, table, NULL, NULL, NULL, &error);
  if (predictions == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  if (predictions->n_filled > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u missing cell was filled with the training mean.",
                                                            "%u missing cells were filled with the training mean.",
                                                            predictions->n_filled),
                                                  predictions->n_filled);
      g_printerr (_("Warning: %s\n"), message);
    }
  /* The rows that can be predicted are still written. */
  skipped = entrena_predictions_describe_skipped (predictions, table);
  if (skipped != NULL)
    g_printerr (_("Warning: %s\n"), skipped);

  out = entrena_predictions_to_csv (predictions, table, entrena_predictor_get_info (predictor), with_probabilities);

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
