/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-metadata"

#include "config.h"

#include <math.h>

#include "entrena-model-metadata.h"

/*
 * The training range of every input in a model file's metadata:
 *
 *   input_min  JSON array of n_features numbers: each input's smallest
 *              value in the training rows (absent in older files)
 *   input_max  the same, the largest
 *
 * Both or neither. A model opened without its data shows the range beside
 * each number it asks for, as a model trained in the window does.
 */

/* "[1.5,-0.25]": @n floats, each in as many digits as reading it back needs. */
static char *
format_floats (const float *values,
               guint        n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      for (int digits = 6; digits <= 9; digits++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", digits);
          g_ascii_formatd (buf, sizeof buf, format, values[i]);
          if ((float) g_ascii_strtod (buf, NULL) == values[i])
            break;
        }
      g_string_append_printf (out, "%s%s", i > 0 ? "," : "", buf);
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

void
_entrena_model_metadata_write_input_range (JsonObject             *meta,
                                           const EntrenaModelInfo *info)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  if (info->input_min == NULL || info->input_max == NULL)
    return;
  /* A range that could not be read back is left out, as in older files. */
  for (guint k = 0; k < info->n_features; k++)
    if (!isfinite (info->input_min[k]) || !isfinite (info->input_max[k]) ||
        info->input_min[k] > info->input_max[k])
      return;

  lo = format_floats (info->input_min, info->n_features);
  hi = format_floats (info->input_max, info->n_features);
  json_object_set_string_member (meta, "input_min", lo);
  json_object_set_string_member (meta, "input_max", hi);
}

/* The entry @key as @n finite floats `[n]` (transfer full); NULL when it is
 * absent (@present FALSE) or not such an array. */
static float *
read_floats (JsonObject *meta,
             const char *key,
             guint       n,
             gboolean   *present)
{
  JsonNode *node = json_object_get_member (meta, key);
  g_autoptr(JsonParser) parser = NULL;
  g_autofree float *values = NULL;
  JsonArray *array;

  *present = node != NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json_node_get_string (node), -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return NULL;
  array = json_node_get_array (json_parser_get_root (parser));
  if (json_array_get_length (array) != n)
    return NULL;

  values = g_new (float, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (element) ? json_node_get_value_type (element) : G_TYPE_INVALID;

      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return NULL;
      values[i] = (float) json_node_get_double (element);
      if (!isfinite (values[i]))
        return NULL;
    }

  return g_steal_pointer (&values);
}

const char *
_entrena_model_metadata_read_input_range (JsonObject       *meta,
                                          EntrenaModelInfo *info)
{
  gboolean has_min;
  gboolean has_max;
  g_autofree float *lo = read_floats (meta, "input_min", info->n_features, &has_min);
  g_autofree float *hi = read_floats (meta, "input_max", info->n_features, &has_max);

  if (!has_min && !has_max)
    return NULL;
  if (lo == NULL)
    return "input_min";
  if (hi == NULL)
    return "input_max";
  for (guint k = 0; k < info->n_features; k++)
    if (lo[k] > hi[k])
      return "input_max";

  info->input_min = g_steal_pointer (&lo);
  info->input_max = g_steal_pointer (&hi);

  return NULL;
}
