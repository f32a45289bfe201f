/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Strict reading of the untrusted JSON in model files (entrena-model-json.c). */

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean    _entrena_model_fail         (GError     **error,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (2, 3);

JsonNode   *_entrena_json_parse_strict  (const char  *text,
                                         gsize        len,
                                         gsize        max_values,
                                         GError     **json_error);

gboolean    _entrena_json_holds         (JsonNode    *node,
                                         JsonNodeType type);

gboolean    _entrena_json_get_uint      (JsonNode    *node,
                                         guint64      max,
                                         guint64     *value);

const char *_entrena_json_get_string    (JsonNode    *node);

G_END_DECLS
