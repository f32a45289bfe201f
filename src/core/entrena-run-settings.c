/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-run"

#include "config.h"

#include <string.h>

#include "entrena-run-settings.h"

void
entrena_run_settings_init (EntrenaRunSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->data.missing = ENTRENA_MISSING_DROP_ROWS;
  settings->test_size = 0.2;
  entrena_training_settings_init (&settings->training);
}

GVariant *
entrena_run_settings_to_variant (const EntrenaRunSettings *settings)
{
  const EntrenaTrainingSettings *training = &settings->training;
  g_autofree char *layers = entrena_training_settings_format_layers (training);
  GVariantDict dict;

  g_return_val_if_fail (settings != NULL, NULL);

  g_variant_dict_init (&dict, NULL);
  if (settings->data.target != NULL)
    {
      const char * const none[] = { NULL };

      g_variant_dict_insert (&dict, "target", "s", settings->data.target);
      g_variant_dict_insert (&dict, "exclude", "^as",
                             settings->data.exclude != NULL ? settings->data.exclude : none);
      g_variant_dict_insert (&dict, "missing", "u", (guint32) settings->data.missing);
    }
  g_variant_dict_insert (&dict, "test-size", "d", settings->test_size);
  g_variant_dict_insert (&dict, "stratify", "b", settings->stratify);
  g_variant_dict_insert (&dict, "hidden-layers", "s", layers);
  g_variant_dict_insert (&dict, "learning-rate", "d", training->learning_rate);
  g_variant_dict_insert (&dict, "epochs", "u", (guint32) training->epochs);
  g_variant_dict_insert (&dict, "seed", "u", (guint32) training->seed);
  g_variant_dict_insert (&dict, "batch-size", "u", (guint32) training->batch_size);
  g_variant_dict_insert (&dict, "standardize", "b", training->standardize);
  g_variant_dict_insert (&dict, "optimizer", "s", entrena_optimizer_to_string (training->optimizer));
  g_variant_dict_insert (&dict, "momentum", "d", training->momentum);
  g_variant_dict_insert (&dict, "nesterov", "b", training->nesterov);
  g_variant_dict_insert (&dict, "weight-decay", "d", training->weight_decay);
  g_variant_dict_insert (&dict, "activation", "s", entrena_activation_to_string (training->activation));
  g_variant_dict_insert (&dict, "val-size", "d", training->val_size);
  g_variant_dict_insert (&dict, "patience", "u", (guint32) training->patience);
  g_variant_dict_insert (&dict, "task", "s", entrena_task_to_string (settings->data.task));
  g_variant_dict_insert (&dict, "scale-target", "b", training->scale_target);

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

void
entrena_run_settings_from_variant (EntrenaRunSettings *settings,
                                   GVariant           *variant,
                                   const char       ***exclude)
{
  EntrenaTrainingSettings *training = &settings->training;
  EntrenaTrainingSettings layers;
  const char *text;
  double d;
  guint32 u;
  gboolean b;

  g_return_if_fail (settings != NULL);
  g_return_if_fail (g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT));

  if (g_variant_lookup (variant, "target", "&s", &text))
    settings->data.target = text;
  if (exclude != NULL && g_variant_lookup (variant, "exclude", "^a&s", exclude))
    settings->data.exclude = *exclude;
  if (g_variant_lookup (variant, "missing", "u", &u) &&
      (u == ENTRENA_MISSING_DROP_ROWS || u == ENTRENA_MISSING_FILL))
    settings->data.missing = u;
  if (g_variant_lookup (variant, "test-size", "d", &d))
    settings->test_size = d;
  if (g_variant_lookup (variant, "stratify", "b", &b))
    settings->stratify = b;
  if (g_variant_lookup (variant, "hidden-layers", "&s", &text) &&
      entrena_training_settings_parse_layers (&layers, text, NULL))
    {
      memset (training->hidden, 0, sizeof training->hidden);
      memcpy (training->hidden, layers.hidden, layers.n_hidden * sizeof (guint));
      training->n_hidden = layers.n_hidden;
    }
  if (g_variant_lookup (variant, "learning-rate", "d", &d))
    training->learning_rate = d;
  if (g_variant_lookup (variant, "epochs", "u", &u))
    training->epochs = u;
  if (g_variant_lookup (variant, "seed", "u", &u))
    training->seed = u;
  if (g_variant_lookup (variant, "batch-size", "u", &u))
    training->batch_size = u;
  if (g_variant_lookup (variant, "standardize", "b", &b))
    training->standardize = b;
  if (g_variant_lookup (variant, "optimizer", "&s", &text))
    entrena_optimizer_from_string (text, &training->optimizer);
  if (g_variant_lookup (variant, "momentum", "d", &d))
    training->momentum = d;
  if (g_variant_lookup (variant, "nesterov", "b", &b))
    training->nesterov = b;
  if (g_variant_lookup (variant, "weight-decay", "d", &d))
    training->weight_decay = d;
  if (g_variant_lookup (variant, "activation", "&s", &text))
    entrena_activation_from_string (text, &training->activation);
  if (g_variant_lookup (variant, "val-size", "d", &d) && d >= 0 && d < 1)
    training->val_size = d;
  if (g_variant_lookup (variant, "patience", "u", &u))
    training->patience = u;
  if (g_variant_lookup (variant, "task", "&s", &text))
    entrena_task_from_string (text, &settings->data.task);
  if (g_variant_lookup (variant, "scale-target", "b", &b))
    training->scale_target = b;
}
