/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-metadata"

#include "config.h"

#include <math.h>

#include "entrena-model-metadata.h"

/*
 * The optimizer's entries of a model file's "__metadata__" (the rest is in
 * entrena-model-metadata.c), every value a string:
 *
 *   optimizer      "adam", "adamw", "sgd" or "rmsprop"
 *   momentum       a number
 *   nesterov       "true" or "false"
 *   weight_decay   a number
 *
 * Each may be absent: files saved before there was a choice (Entrena 0.1.0)
 * trained with Adam, no momentum and no weight decay.
 */

/* @value in the fewest significant digits (15 to 17) that read back as it. */
static void
set_number (JsonObject *meta,
            const char *key,
            double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  json_object_set_string_member (meta, key, buf);
}

void
_entrena_model_metadata_write_optimizer (JsonObject                    *meta,
                                         const EntrenaTrainingSettings *training)
{
  json_object_set_string_member (meta, "optimizer", entrena_optimizer_to_string (training->optimizer));
  set_number (meta, "momentum", training->momentum);
  json_object_set_string_member (meta, "nesterov", training->nesterov ? "true" : "false");
  set_number (meta, "weight_decay", training->weight_decay);
}

/* The string entry @key, or NULL when absent; FALSE when it is not a string. */
static gboolean
get_text (JsonObject  *meta,
          const char  *key,
          const char **text)
{
  JsonNode *node = json_object_get_member (meta, key);

  *text = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *text = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number (JsonObject *meta,
            const char *key,
            double     *out)
{
  const char *text;
  char *end = NULL;
  double value;

  if (!get_text (meta, key, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || *end != '\0' || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
_entrena_model_metadata_read_optimizer (JsonObject              *meta,
                                        EntrenaTrainingSettings *training)
{
  const char *text;

  if (!get_text (meta, "optimizer", &text) ||
      (text != NULL && !entrena_optimizer_from_string (text, &training->optimizer)))
    return "optimizer";
  if (!get_number (meta, "momentum", &training->momentum))
    return "momentum";
  if (!get_text (meta, "nesterov", &text) ||
      (text != NULL && g_strcmp0 (text, "true") != 0 && g_strcmp0 (text, "false") != 0))
    return "nesterov";
  if (text != NULL)
    training->nesterov = g_strcmp0 (text, "true") == 0;
  if (!get_number (meta, "weight_decay", &training->weight_decay))
    return "weight_decay";
  if (!entrena_optimizer_check (training->optimizer, training->momentum, training->nesterov,
                                training->weight_decay, NULL))
    return "optimizer";

  return NULL;
}
