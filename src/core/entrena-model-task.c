/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-model-json.h"
#include "entrena-model-task.h"

/*
 * Keys, every value a string; all absent in classification models, so that
 * the files of Entrena 0.1.0 read as classification:
 *
 *   task           "regression" (absent: classification)
 *   target_mean    a number: the training rows' mean of the target (only
 *                  when the target was scaled)
 *   target_scale   a number ≥ 0: their standard deviation (likewise)
 */

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

void
_entrena_model_task_write (const EntrenaModelInfo *info,
                           JsonObject             *meta)
{
  if (info->task != ENTRENA_TASK_REGRESSION)
    return;

  json_object_set_string_member (meta, "task", entrena_task_to_string (ENTRENA_TASK_REGRESSION));
  if (info->training.scale_target)
    {
      g_autofree char *mean = format_number (info->target_mean);
      g_autofree char *scale = format_number (info->target_scale);

      json_object_set_string_member (meta, "target_mean", mean);
      json_object_set_string_member (meta, "target_scale", scale);
    }
}

static gboolean
invalid (GError    **error,
         const char *file,
         const char *key)
{
  return _entrena_model_fail (error,
                              /* Translators: the second %s is the name of an entry such as “class_names” */
                              _("“%s” is not an Entrena model: the metadata entry “%s” is invalid"),
                              file, key);
}

/* A finite number stored as a string. */
static gboolean
read_number (JsonObject *meta,
             const char *key,
             double     *value,
             const char *file,
             GError    **error)
{
  JsonNode *node = json_object_get_member (meta, key);
  const char *text = node != NULL ? _entrena_json_get_string (node) : NULL;
  char *end = NULL;

  if (text == NULL || text[0] == '\0')
    return invalid (error, file, key);
  *value = g_ascii_strtod (text, &end);
  if (*end != '\0' || !isfinite (*value))
    return invalid (error, file, key);
  return TRUE;
}

gboolean
_entrena_model_task_read (JsonObject        *meta,
                          EntrenaModelInfo  *info,
                          const char        *file,
                          GError           **error)
{
  JsonNode *node = meta != NULL ? json_object_get_member (meta, "task") : NULL;
  const char *text;
  gboolean has_mean, has_scale;

  info->task = ENTRENA_TASK_CLASSIFICATION;
  if (node == NULL)
    return TRUE;

  text = _entrena_json_get_string (node);
  if (text == NULL || !entrena_task_from_string (text, &info->task) || info->task == ENTRENA_TASK_AUTO)
    return invalid (error, file, "task");
  if (info->task == ENTRENA_TASK_CLASSIFICATION)
    return TRUE;
  if (info->n_classes != 1)
    return invalid (error, file, "task");

  has_mean = json_object_has_member (meta, "target_mean");
  has_scale = json_object_has_member (meta, "target_scale");
  if (has_mean != has_scale)
    return invalid (error, file, has_mean ? "target_scale" : "target_mean");
  info->training.scale_target = has_mean;
  if (!has_mean)
    return TRUE;
  if (!read_number (meta, "target_mean", &info->target_mean, file, error) ||
      !read_number (meta, "target_scale", &info->target_scale, file, error))
    return FALSE;
  if (!(info->target_scale >= 0))
    return invalid (error, file, "target_scale");
  return TRUE;
}

double
entrena_model_info_unscale_target (const EntrenaModelInfo *info,
                                   float                   output)
{
  if (!info->training.scale_target || !(info->target_scale > 0))
    return info->training.scale_target ? info->target_mean : output;
  return (double) output * info->target_scale + info->target_mean;
}
