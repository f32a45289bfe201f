/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-cli.h"
#include "entrena-cli-run-options.h"
#include "entrena-error.h"

/* Values no one types, so that an option left out can be told from one
 * given with its default value (entrena_cli_run_options_check_resume()). */
#define UNSET_DOUBLE (-G_MAXDOUBLE)
#define UNSET_INT    G_MININT64

static void
run_options_init (EntrenaCliRunOptions *self)
{
  memset (self, 0, sizeof *self);
  self->lr = UNSET_DOUBLE;
  self->epochs = UNSET_INT;
  self->test_size = UNSET_DOUBLE;
  self->seed = UNSET_INT;
  self->batch_size = UNSET_INT;
  self->momentum = UNSET_DOUBLE;
  self->weight_decay = UNSET_DOUBLE;
  self->val_size = UNSET_DOUBLE;
  self->patience = UNSET_INT;
}

/* A lesson's values for the options left out (entrena_cli_run_options_set_base()). */
static void
run_options_take_base (EntrenaCliRunOptions *self)
{
  GVariant *base = self->base;
  const char *text;
  double d;
  guint32 u;
  gboolean b;

  if (base == NULL)
    return;
  if (self->target == NULL && g_variant_lookup (base, "target", "&s", &text) && text[0] != '\0')
    self->target = g_strdup (text);
  if (self->missing == NULL && g_variant_lookup (base, "missing", "u", &u))
    self->missing = g_strdup (u == ENTRENA_MISSING_FILL ? "fill" : "drop");
  if (self->layers == NULL && g_variant_lookup (base, "hidden-layers", "&s", &text))
    self->layers = g_strdup (text);
  if (self->activation == NULL && g_variant_lookup (base, "activation", "&s", &text))
    self->activation = g_strdup (text);
  if (self->optimizer == NULL && g_variant_lookup (base, "optimizer", "&s", &text))
    self->optimizer = g_strdup (text);
  if (self->momentum == UNSET_DOUBLE && g_variant_lookup (base, "momentum", "d", &d))
    self->momentum = d;
  if (!self->nesterov && g_variant_lookup (base, "nesterov", "b", &b))
    self->nesterov = b;
  if (self->weight_decay == UNSET_DOUBLE && g_variant_lookup (base, "weight-decay", "d", &d))
    self->weight_decay = d;
  if (self->lr == UNSET_DOUBLE && g_variant_lookup (base, "learning-rate", "d", &d))
    self->lr = d;
  if (self->epochs == UNSET_INT && g_variant_lookup (base, "epochs", "u", &u))
    self->epochs = u;
  if (self->test_size == UNSET_DOUBLE && g_variant_lookup (base, "test-size", "d", &d))
    self->test_size = d;
  if (self->seed == UNSET_INT && g_variant_lookup (base, "seed", "u", &u))
    self->seed = u;
  if (self->batch_size == UNSET_INT && g_variant_lookup (base, "batch-size", "u", &u))
    self->batch_size = u;
  if (!self->standardize && g_variant_lookup (base, "standardize", "b", &b))
    self->standardize = b;
  if (!self->stratify && g_variant_lookup (base, "stratify", "b", &b))
    self->stratify = b;
  if (self->task == NULL && g_variant_lookup (base, "task", "&s", &text))
    self->task = g_strdup (text);
  if (!self->scale_target && g_variant_lookup (base, "scale-target", "b", &b))
    self->scale_target = b;
  /* 0 is "none", which the options say by being left out. */
  if (self->val_size == UNSET_DOUBLE && g_variant_lookup (base, "val-size", "d", &d) && d > 0)
    self->val_size = d;
  if (self->patience == UNSET_INT && g_variant_lookup (base, "patience", "u", &u) && u > 0)
    self->patience = u;
  /* Lists are taken whole, not split at commas: a column's name may have one. */
  if (self->exclude_args == NULL)
    {
      g_strfreev (self->exclude);
      self->exclude = NULL;
      g_variant_lookup (base, "exclude", "^as", &self->exclude);
    }
  if (self->categorical_args == NULL)
    {
      g_strfreev (self->categorical);
      self->categorical = NULL;
      g_variant_lookup (base, "categorical", "^as", &self->categorical);
    }
}

void
entrena_cli_run_options_set_base (EntrenaCliRunOptions *self,
                                  GVariant             *settings)
{
  g_clear_pointer (&self->base, g_variant_unref);
  self->base = settings != NULL ? g_variant_ref (settings) : NULL;
}

/* The defaults of the options left out. */
static void
run_options_fill (EntrenaCliRunOptions *self)
{
  if (self->lr == UNSET_DOUBLE)
    self->lr = 0.01;
  if (self->epochs == UNSET_INT)
    self->epochs = 100;
  if (self->test_size == UNSET_DOUBLE)
    self->test_size = 0.2;
  if (self->seed == UNSET_INT)
    self->seed = 42;
  if (self->batch_size == UNSET_INT)
    self->batch_size = 0;
}

void
entrena_cli_run_options_clear (EntrenaCliRunOptions *self)
{
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->exclude_args, g_strfreev);
  g_clear_pointer (&self->categorical_args, g_strfreev);
  g_clear_pointer (&self->missing, g_free);
  g_clear_pointer (&self->layers, g_free);
  g_clear_pointer (&self->optimizer, g_free);
  g_clear_pointer (&self->activation, g_free);
  g_clear_pointer (&self->task, g_free);
  g_clear_pointer (&self->exclude, g_strfreev);
  g_clear_pointer (&self->categorical, g_strfreev);
  g_clear_pointer (&self->base, g_variant_unref);
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
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &self->lr, N_("The optimizer's learning rate (default 0.01)"), N_("RATE") },
    { "epochs", 'e', 0, G_OPTION_ARG_INT64, &self->epochs, N_("Passes over the training rows (default 100)"), N_("N") },
    { "test-size", 0, 0, G_OPTION_ARG_DOUBLE, &self->test_size, N_("Fraction of rows for the test set (default 0.2)"), N_("R") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &self->seed, N_("Seed of the split and of the initial weights (default 42)"), N_("S") },
    { "stratify", 0, 0, G_OPTION_ARG_NONE, &self->stratify, N_("Keep the class proportions in both sets"), NULL },
    { "standardize", 0, 0, G_OPTION_ARG_NONE, &self->standardize,
      N_("Scale each feature to mean 0 and deviation 1 (fitted on the training rows)"), NULL },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT64, &self->batch_size, N_("Rows per step (default: all training rows at once)"), N_("N") },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &self->optimizer,
      N_("How the weights are stepped: adam (default), adamw, sgd or rmsprop"), N_("NAME") },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &self->momentum,
      N_("Momentum of sgd or rmsprop, from 0 (default, none) to below 1"), N_("M") },
    { "nesterov", 0, 0, G_OPTION_ARG_NONE, &self->nesterov, N_("Nesterov momentum (sgd with --momentum)"), NULL },
    { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &self->weight_decay,
      N_("Weight decay (default 0; 0.01 for adamw)"), N_("W") },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &self->activation,
      N_("Between the layers: relu (default), leaky-relu, tanh, sigmoid or gelu"), N_("NAME") },
    { "val-size", 0, 0, G_OPTION_ARG_DOUBLE, &self->val_size,
      N_("Fraction of the training rows set aside for validation (default: none)"), N_("R") },
    { "patience", 0, 0, G_OPTION_ARG_INT64, &self->patience,
      N_("Stop after P epochs without a lower validation loss and keep the best epoch’s weights"), N_("P") },
    { "task", 0, 0, G_OPTION_ARG_STRING, &self->task,
      N_("classification, regression (predict a number) or auto (default: regression for a numeric target "
         "with more than 20 different values or any fraction)"), N_("TASK") },
    { "scale-target", 0, 0, G_OPTION_ARG_NONE, &self->scale_target,
      N_("For regression, standardize the target on the training rows (predictions are mapped back)"), NULL },
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

/* The optimizer's options, checked as PyTorch would, with messages that name
 * the command-line options; fills in the defaults of those left out. */
static const char *
check_optimizer (EntrenaCliRunOptions *self)
{
  EntrenaOptimizer optimizer = ENTRENA_OPTIMIZER_ADAM;

  /* A lesson's optimizer counts as given. */
  run_options_take_base (self);
  if (self->optimizer != NULL && !entrena_optimizer_from_string (self->optimizer, &optimizer))
    return _("--optimizer takes adam, adamw, sgd or rmsprop.");
  if (self->momentum != UNSET_DOUBLE && !(self->momentum >= 0 && self->momentum < 1))
    return _("--momentum must be at least 0 and less than 1, for example 0.9.");
  if (self->momentum != UNSET_DOUBLE && self->momentum > 0 && !entrena_optimizer_has_momentum (optimizer))
    return _("--momentum needs --optimizer sgd or rmsprop: Adam and AdamW have no momentum.");
  if (self->nesterov && (optimizer != ENTRENA_OPTIMIZER_SGD || self->momentum == UNSET_DOUBLE || self->momentum == 0))
    return _("--nesterov needs --optimizer sgd and a --momentum above 0.");
  if (self->weight_decay != UNSET_DOUBLE && !(self->weight_decay >= 0 && isfinite (self->weight_decay)))
    return _("--weight-decay must be 0 or more, for example 0.01.");

  if (self->momentum == UNSET_DOUBLE)
    self->momentum = 0;
  if (self->weight_decay == UNSET_DOUBLE)
    self->weight_decay = entrena_optimizer_default_weight_decay (optimizer);
  return NULL;
}

gboolean
entrena_cli_run_options_check_optimizer (EntrenaCliRunOptions *self,
                                         GError              **error)
{
  const char *message = check_optimizer (self);

  if (message != NULL)
    g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT, message);
  return message == NULL;
}

gboolean
entrena_cli_run_options_apply (EntrenaCliRunOptions *self,
                               EntrenaRunSettings   *settings,
                               GError              **error)
{
  const char *message = NULL;
  EntrenaTask task = ENTRENA_TASK_AUTO;

  run_options_take_base (self);
  run_options_fill (self);
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
  else if (self->task != NULL && !entrena_task_from_string (self->task, &task))
    message = _("--task takes “auto”, “classification” or “regression”.");
  else
    message = check_optimizer (self);

  if (message != NULL)
    {
      g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT, message);
      return FALSE;
    }

  /* The validation share and early stopping: settings that do not go
   * together fail as the data's do (ENTRENA_ERROR_SPLIT), not as a typo. */
  if (self->val_size != UNSET_DOUBLE && !(self->val_size > 0 && self->val_size < 1))
    message = _("--val-size must be between 0 and 1, for example 0.2.");
  else if (self->patience != UNSET_INT && (self->patience < 1 || self->patience > ENTRENA_MAX_EPOCHS))
    message = _("--patience must be between 1 and 1000000 epochs.");
  else if (self->patience != UNSET_INT && self->val_size == UNSET_DOUBLE)
    message = _("--patience needs --val-size: early stopping watches the loss on validation rows.");
  if (message != NULL)
    {
      g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT, message);
      return FALSE;
    }

  entrena_run_settings_init (settings);
  if (self->layers != NULL && !entrena_training_settings_parse_layers (&settings->training, self->layers, error))
    return FALSE;
  if (self->activation != NULL && !entrena_activation_parse (self->activation, &settings->training.activation, error))
    return FALSE;

  settings->data.target = self->target;
  if (self->exclude_args != NULL)
    {
      g_strfreev (self->exclude);
      self->exclude = entrena_cli_split_list (self->exclude_args);
      settings->data.exclude = (const char * const *) self->exclude;
    }
  else if (self->exclude != NULL)
    settings->data.exclude = (const char * const *) self->exclude;
  if (self->categorical_args != NULL || self->categorical == NULL)
    {
      g_strfreev (self->categorical);
      self->categorical = entrena_cli_split_list (self->categorical_args);
    }
  settings->data.categorical = (const char * const *) self->categorical;
  settings->data.missing = g_strcmp0 (self->missing, "fill") == 0 ? ENTRENA_MISSING_FILL : ENTRENA_MISSING_DROP_ROWS;
  settings->data.task = task;
  settings->training.scale_target = self->scale_target;
  settings->test_size = self->test_size;
  settings->stratify = self->stratify;
  settings->training.learning_rate = self->lr;
  settings->training.epochs = (guint) self->epochs;
  settings->training.seed = (guint64) self->seed;
  settings->training.batch_size = (gsize) self->batch_size;
  settings->training.standardize = self->standardize;
  entrena_optimizer_from_string (self->optimizer, &settings->training.optimizer);
  settings->training.momentum = self->momentum;
  settings->training.nesterov = self->nesterov;
  settings->training.weight_decay = self->weight_decay;
  if (self->val_size != UNSET_DOUBLE)
    settings->training.val_size = self->val_size;
  if (self->patience != UNSET_INT)
    settings->training.patience = (guint) self->patience;

  return TRUE;
}

guint
entrena_cli_run_options_more_epochs (EntrenaCliRunOptions *self)
{
  if (self->epochs == UNSET_INT)
    return 100;
  return self->epochs >= 1 && self->epochs <= ENTRENA_MAX_EPOCHS ? (guint) self->epochs : 0;
}

/* Whether the comma-separated @args name the same columns as @names, in any order. */
static gboolean
same_columns (char       **args,
              char * const *names)
{
  g_auto (GStrv) given = entrena_cli_split_list (args);
  guint n = names != NULL ? g_strv_length ((char **) names) : 0;

  if (g_strv_length (given) != n)
    return FALSE;
  for (guint i = 0; given[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) names, given[i]))
      return FALSE;

  return TRUE;
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", value));
}

static gboolean
contradicts (const char  *option,
             const char  *given,
             const char  *recorded,
             const char  *checkpoint,
             GError     **error)
{
  g_autofree char *shown = given[0] != '\0' ? g_strconcat (option, " ", given, NULL) : g_strdup (option);

  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
               /* Translators: “--lr 0.1 contradicts the checkpoint “run.ckpt”, which records 0.01; ...” */
               _("%s contradicts the checkpoint “%s”, which records %s; leave the option out to go on "
                 "with the checkpoint’s settings."),
               shown, checkpoint, recorded);
  return FALSE;
}

gboolean
entrena_cli_run_options_check_resume (EntrenaCliRunOptions   *self,
                                      const EntrenaModelInfo *info,
                                      const char             *checkpoint,
                                      GError                **error)
{
  const EntrenaTrainingSettings *t = &info->training;
  g_autofree char *layers = entrena_training_settings_format_layers (t);
  const char *missing = info->missing == ENTRENA_MISSING_FILL ? "fill" : "drop";

  if (self->target != NULL && g_strcmp0 (self->target, info->target) != 0)
    return contradicts ("--target", self->target, info->target, checkpoint, error);
  if (self->exclude_args != NULL && !same_columns (self->exclude_args, info->exclude))
    {
      g_autofree char *given = g_strjoinv (",", self->exclude_args);
      g_autofree char *recorded = g_strjoinv (",", info->exclude);

      return contradicts ("--exclude", given, recorded, checkpoint, error);
    }
  if (self->categorical_args != NULL && !same_columns (self->categorical_args, info->categorical))
    {
      g_autofree char *given = g_strjoinv (",", self->categorical_args);
      g_autofree char *recorded = g_strjoinv (",", info->categorical);

      return contradicts ("--categorical", given, recorded, checkpoint, error);
    }
  if (self->missing != NULL && strcmp (self->missing, missing) != 0)
    return contradicts ("--missing", self->missing, missing, checkpoint, error);
  if (self->layers != NULL)
    {
      EntrenaTrainingSettings given;
      g_autofree char *shown = NULL;

      entrena_training_settings_init (&given);
      if (!entrena_training_settings_parse_layers (&given, self->layers, error))
        return FALSE;
      shown = entrena_training_settings_format_layers (&given);
      if (strcmp (shown, layers) != 0)
        return contradicts ("--layers", self->layers, layers, checkpoint, error);
    }
  if (self->lr != UNSET_DOUBLE && self->lr != t->learning_rate)
    {
      g_autofree char *given = format_number (self->lr);
      g_autofree char *recorded = format_number (t->learning_rate);

      return contradicts ("--lr", given, recorded, checkpoint, error);
    }
  if (self->test_size != UNSET_DOUBLE && self->test_size != info->test_size)
    {
      g_autofree char *given = format_number (self->test_size);
      g_autofree char *recorded = format_number (info->test_size);

      return contradicts ("--test-size", given, recorded, checkpoint, error);
    }
  if (self->seed != UNSET_INT && (guint64) self->seed != t->seed)
    {
      g_autofree char *given = g_strdup_printf ("%" G_GINT64_FORMAT, self->seed);
      g_autofree char *recorded = g_strdup_printf ("%" G_GUINT64_FORMAT, t->seed);

      return contradicts ("--seed", given, recorded, checkpoint, error);
    }
  if (self->batch_size != UNSET_INT && (guint64) self->batch_size != t->batch_size)
    {
      g_autofree char *given = g_strdup_printf ("%" G_GINT64_FORMAT, self->batch_size);
      g_autofree char *recorded = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) t->batch_size);

      return contradicts ("--batch-size", given, recorded, checkpoint, error);
    }
  if (self->optimizer != NULL && g_ascii_strcasecmp (self->optimizer, entrena_optimizer_to_string (t->optimizer)) != 0)
    return contradicts ("--optimizer", self->optimizer, entrena_optimizer_to_string (t->optimizer), checkpoint, error);
  if (self->momentum != UNSET_DOUBLE && self->momentum != t->momentum)
    {
      g_autofree char *given = format_number (self->momentum);
      g_autofree char *recorded = format_number (t->momentum);

      return contradicts ("--momentum", given, recorded, checkpoint, error);
    }
  if (self->nesterov && !t->nesterov)
    return contradicts ("--nesterov", "", _("no Nesterov momentum"), checkpoint, error);
  if (self->weight_decay != UNSET_DOUBLE && self->weight_decay != t->weight_decay)
    {
      g_autofree char *given = format_number (self->weight_decay);
      g_autofree char *recorded = format_number (t->weight_decay);

      return contradicts ("--weight-decay", given, recorded, checkpoint, error);
    }
  if (self->standardize && !t->standardize)
    return contradicts ("--standardize", "", _("no standardization"), checkpoint, error);
  if (self->stratify && !info->stratify)
    return contradicts ("--stratify", "", _("no stratification"), checkpoint, error);
  if (self->activation != NULL)
    {
      EntrenaActivation given;

      if (!entrena_activation_parse (self->activation, &given, error))
        return FALSE;
      if (given != t->activation)
        return contradicts ("--activation", self->activation, entrena_activation_to_string (t->activation),
                            checkpoint, error);
    }
  if (self->val_size != UNSET_DOUBLE && self->val_size != t->val_size)
    {
      g_autofree char *given = format_number (self->val_size);
      g_autofree char *recorded = t->val_size > 0 ? format_number (t->val_size) : g_strdup (_("no validation share"));

      return contradicts ("--val-size", given, recorded, checkpoint, error);
    }
  if (self->patience != UNSET_INT && (guint64) self->patience != t->patience)
    {
      g_autofree char *given = g_strdup_printf ("%" G_GINT64_FORMAT, self->patience);
      g_autofree char *recorded = t->patience > 0 ? g_strdup_printf ("%u", t->patience) : g_strdup (_("no early stopping"));

      return contradicts ("--patience", given, recorded, checkpoint, error);
    }
  if (self->task != NULL)
    {
      EntrenaTask given = ENTRENA_TASK_AUTO;

      entrena_task_from_string (self->task, &given);
      if (given != ENTRENA_TASK_AUTO && given != info->task)
        return contradicts ("--task", self->task, entrena_task_to_string (info->task), checkpoint, error);
    }
  if (self->scale_target && !t->scale_target)
    return contradicts ("--scale-target", "", _("no target scaling"), checkpoint, error);

  return TRUE;
}
