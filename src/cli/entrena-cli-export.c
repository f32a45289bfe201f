/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-cli.h"
#include "entrena-cli-run-options.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-model-io.h"
#include "entrena-script.h"
#include "entrena-script-distributed.h"

/* The run a CSV file and the options describe, before any training. */
static EntrenaModelInfo *
describe_settings (const char           *path,
                   EntrenaCliRunOptions *run,
                   GError              **error)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_autoptr (EntrenaSplit) split = NULL;
  g_auto (GStrv) exclude_used = NULL;
  EntrenaRunSettings settings;

  if (!entrena_cli_run_options_apply (run, &settings, error))
    return NULL;
  table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, error);
  if (table == NULL)
    return NULL;
  dataset = entrena_run_prepare (table, &settings, &split, &exclude_used, error);
  if (dataset == NULL)
    return NULL;

  return entrena_run_describe (table, &settings, exclude_used, dataset, split, NULL);
}

int
entrena_cli_export_script (int    argc,
                           char **argv)
{
  g_auto (EntrenaCliRunOptions) run = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *output = NULL;
  g_autofree char *csv = NULL;
  gboolean distributed = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the script to this file (default: standard output)"), N_("run.py") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("The CSV path the script reads by default"), N_("FILE.csv") },
    { "distributed", 0, 0, G_OPTION_ARG_NONE, &distributed, N_("Write the script for torchrun: DistributedDataParallel, each process training a share of the rows"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("MODEL|FILE.csv — write the PyTorch script of a run"));
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autofree char *script = NULL;
  g_autoptr (GFile) out_file = NULL;

  if (!entrena_cli_run_options_parse (&run, context, entries,
                                      _("Writes a Python script that repeats a run with pandas, scikit-learn and "
                                        "PyTorch. Give a model file Entrena saved, or a CSV file with the same "
                                        "options as “train” (--target is then required)."),
                                      &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name one model file, or one CSV file with --target."));

  if (run.target != NULL)
    {
      if (!entrena_cli_run_options_check_optimizer (&run, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
      info = describe_settings (rest[0], &run, &error);
      if (info == NULL)
        return entrena_cli_fail (g_error_matches (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT)
                                   ? ENTRENA_CLI_EXIT_USAGE : ENTRENA_CLI_EXIT_FAILURE,
                                 error->message);
      if (csv == NULL)
        csv = g_strdup (rest[0]);
    }
  else
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (rest[0]);
      g_autoptr (EntrenaMlp) mlp = entrena_model_load (file, &info, NULL, &error);

      if (mlp == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }

  if (distributed)
    {
      script = entrena_script_generate_distributed (info, csv, &error);
      if (script == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
    }
  else
    script = entrena_script_generate (info, csv);

  if (output == NULL)
    {
      if (fputs (script, stdout) < 0 || fflush (stdout) != 0)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, g_strerror (errno));
      return 0;
    }

  out_file = g_file_new_for_commandline_arg (output);

  /* Written to a temporary file and renamed over the old one; a script runs. */
  if (!entrena_atomic_write (out_file, script, strlen (script), 0755, NULL, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  return 0;
}
