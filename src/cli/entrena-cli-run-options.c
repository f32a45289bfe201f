/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-cli.h"
#include "entrena-cli-run-options.h"
#include "entrena-error.h"

static void
run_options_init (EntrenaCliRunOptions *self)
{
  memset (self, 0, sizeof *self);
  self->lr = 0.01;
  self->epochs = 100;
  self->test_size = 0.2;
  self->seed = 42;
}

void
entrena_cli_run_options_clear (EntrenaCliRunOptions *self)
{
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->exclude_args, g_strfreev);
  g_clear_pointer (&self->categorical_args, g_strfreev);
  g_clear_pointer (&self->missing, g_free);
  g_clear_pointer (&self->layers, g_free);
  g_clear_pointer (&self->exclude, g_strfreev);
  g_clear_pointer (&self->categorical, g_strfreev);
}

static void
run_options_add (EntrenaCliRunOptions *self,
                 GOptionContext       *context)
{
  const GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING, &self->target, N_("The column to predict (required)"), N_("COLUMN") },
    { "exclude", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &self->exclude_args,
      N_("Columns to leave out, comma-separated (default: the suggested identifier columns)"), N_("COLUMNS") },
    { "categorical", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->categorical_args,
      N_("Numeric columns to treat as categories (one-hot encoded)"), N_("COLUMNS") },
    { "missing", 0, 0, G_OPTION_ARG_STRING, &self->missing, N_("Rows with missing cells: drop (default) or fill"), N_("POLICY") },
    { "layers", 'l', 0, G_OPTION_ARG_STRING, &self->layers, N_("Hidden layer sizes (default 64,32; \"\" for none)"), N_("SIZES") },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &self->lr, N_("Adam's learning rate (default 0.01)"), N_("RATE") },
    { "epochs", 'e', 0, G_OPTION_ARG_INT64, &self->epochs, N_("Passes over the training rows (default 100)"), N_("N") },
    { "test-size", 0, 0, G_OPTION_ARG_DOUBLE, &self->test_size, N_("Fraction of rows for the test set (default 0.2)"), N_("R") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &self->seed, N_("Seed of the split and of the initial weights (default 42)"), N_("S") },
    { "stratify", 0, 0, G_OPTION_ARG_NONE, &self->stratify, N_("Keep the class proportions in both sets"), NULL },
    { "standardize", 0, 0, G_OPTION_ARG_NONE, &self->standardize,
      N_("Scale each feature to mean 0 and deviation 1 (fitted on the training rows)"), NULL },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT64, &self->batch_size, N_("Rows per step (default: all training rows at once)"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

gboolean
entrena_cli_run_options_parse (EntrenaCliRunOptions *self,
                               GOptionContext       *context,
                               const GOptionEntry   *entries,
                               const char           *summary,
                               int                  *argc,
                               char               ***argv,
                               GError              **error)
{
  run_options_init (self);
  run_options_add (self, context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);

  return g_option_context_parse (context, argc, argv, error);
}

gboolean
entrena_cli_run_options_apply (EntrenaCliRunOptions *self,
                               EntrenaRunSettings   *settings,
                               GError              **error)
{
  const char *message = NULL;

  if (self->target == NULL)
    message = _("Say which column to predict with --target COLUMN.");
  else if (self->missing != NULL && strcmp (self->missing, "drop") != 0 && strcmp (self->missing, "fill") != 0)
    message = _("--missing takes “drop” or “fill”.");
  else if (!(self->test_size > 0 && self->test_size < 1))
    message = _("--test-size must be between 0 and 1, for example 0.2.");
  else if (self->seed < 0 || self->seed > G_MAXUINT32)
    message = _("--seed must be between 0 and 4294967295.");
  else if (self->epochs < 1 || self->epochs > 1000000)
    message = _("--epochs must be between 1 and 1000000.");
  else if (self->batch_size < 0)
    message = _("--batch-size must be a positive number of rows.");
  else if (!(self->lr > 0 && self->lr <= 10))
    message = _("--lr must be above 0 and at most 10; the lesson uses 0.01.");

  if (message != NULL)
    {
      g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT, message);
      return FALSE;
    }

  entrena_run_settings_init (settings);
  if (self->layers != NULL && !entrena_training_settings_parse_layers (&settings->training, self->layers, error))
    return FALSE;

  settings->data.target = self->target;
  if (self->exclude_args != NULL)
    {
      g_strfreev (self->exclude);
      self->exclude = entrena_cli_split_list (self->exclude_args);
      settings->data.exclude = (const char * const *) self->exclude;
    }
  g_strfreev (self->categorical);
  self->categorical = entrena_cli_split_list (self->categorical_args);
  settings->data.categorical = (const char * const *) self->categorical;
  settings->data.missing = g_strcmp0 (self->missing, "fill") == 0 ? ENTRENA_MISSING_FILL : ENTRENA_MISSING_DROP_ROWS;
  settings->test_size = self->test_size;
  settings->stratify = self->stratify;
  settings->training.learning_rate = self->lr;
  settings->training.epochs = (guint) self->epochs;
  settings->training.seed = (guint64) self->seed;
  settings->training.batch_size = (gsize) self->batch_size;
  settings->training.standardize = self->standardize;

  return TRUE;
}
