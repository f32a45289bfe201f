/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-io"

#include "config.h"

#include <stdarg.h>

#include "entrena-error.h"
#include "entrena-model-json.h"

/*
 * Reading JSON from a model file, which is untrusted: the container's header
 * and the JSON arrays inside its metadata strings. The text is screened
 * before json-glib parses it, and values are read only when they have the
 * expected type and range.
 */

/* Our headers nest three deep (root, tensor, shape); foreign ones rarely
 * more. This bound keeps json-glib's recursion in check. */
#define MAX_JSON_DEPTH 32

/* Sets an %ENTRENA_ERROR_FORMAT error (when @error is not %NULL); returns %FALSE. */
gboolean
_entrena_model_fail (GError    **error,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT, message);

  return FALSE;
}

/*
 * Screens JSON text before json-glib parses it. json-glib 1.6 parses
 * recursively without a depth limit (a few hundred thousand '[' overflow the
 * stack) and builds a node per value (a 100 MB header of "0," would take
 * gigabytes), so the text must nest at most @max_depth deep and hold at most
 * @max_values values, counted generously (containers, strings and commas).
 *
 * json-glib also accepts comments and single-quoted strings, which could hide
 * brackets from this count; strict JSON has neither, so any character that
 * cannot appear outside a string in strict JSON rejects the text.
 */
static gboolean
json_text_is_tame (const char *text,
                   gsize       len,
                   guint       max_depth,
                   gsize       max_values)
{
  guint depth = 0;
  gsize n_values = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          n_values++;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          n_values++;
          break;

        case ']':
        case '}':
          if (depth == 0)
            return FALSE;
          depth--;
          break;

        case ',':
          n_values++;
          break;

        case ':':
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '-':
        case '+':
        case '.':
          break;

        default:
          if (!g_ascii_isalnum (c))
            return FALSE;
          break;
        }

      if (n_values > max_values)
        return FALSE;
    }

  return !in_string && depth == 0;
}

/* Parses screened JSON text; %NULL on any problem. */
JsonNode *
_entrena_json_parse_strict (const char  *text,
                            gsize        len,
                            gsize        max_values,
                            GError     **json_error)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  if (!json_text_is_tame (text, len, MAX_JSON_DEPTH, max_values))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, json_error))
    return NULL;

  /* Empty text parses successfully, to nothing. */
  root = json_parser_get_root (parser);
  if (root == NULL)
    return NULL;

  return json_node_ref (root);
}

/* JSON_NODE_HOLDS_* () emit a critical for a missing (%NULL) node. */
gboolean
_entrena_json_holds (JsonNode     *node,
                     JsonNodeType  type)
{
  return node != NULL && JSON_NODE_TYPE (node) == type;
}

/* A JSON integer node's value, which must be in 0..@max. json-glib reads
 * numbers too large for a gint64 as something else, which the file-size
 * checks then reject. */
gboolean
_entrena_json_get_uint (JsonNode *node,
                        guint64   max,
                        guint64  *value)
{
  gint64 v;

  if (!_entrena_json_holds (node, JSON_NODE_VALUE) ||
                    json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  v = json_node_get_int (node);
  if (v < 0 || (guint64) v > max)
    return FALSE;

  *value = (guint64) v;
  return TRUE;
}

/* A JSON string's value, which must be valid UTF-8: the header is, but
 * json-glib decodes some malformed escapes into invalid sequences. */
const char *
_entrena_json_get_string (JsonNode *node)
{
  const char *s;

  if (!_entrena_json_holds (node, JSON_NODE_VALUE) ||
                    json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  s = json_node_get_string (node);
  if (s == NULL || !g_utf8_validate (s, -1, NULL))
    return NULL;

  return s;
}
