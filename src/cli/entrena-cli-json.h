/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Members of the object @builder is building, for the commands' --json output. */
void entrena_cli_json_add_int      (JsonBuilder        *builder,
                                    const char         *name,
                                    gint64              value);
/* An epoch number, or null when @epoch is 0 (none). */
void entrena_cli_json_add_epoch    (JsonBuilder        *builder,
                                    const char         *name,
                                    guint               epoch);
void entrena_cli_json_add_double   (JsonBuilder        *builder,
                                    const char         *name,
                                    double              value);
void entrena_cli_json_add_boolean  (JsonBuilder        *builder,
                                    const char         *name,
                                    gboolean            value);
void entrena_cli_json_add_string   (JsonBuilder        *builder,
                                    const char         *name,
                                    const char         *value);
/* An array of the first @n of @values, or of all of them up to %NULL when @n is -1. */
void entrena_cli_json_add_strings  (JsonBuilder        *builder,
                                    const char         *name,
                                    const char * const *values,
                                    gssize              n);
/* An array of numbers, null where a value is not finite. */
void entrena_cli_json_add_numbers  (JsonBuilder        *builder,
                                    const char         *name,
                                    const double       *values,
                                    guint               n);

/* Prints what @builder built, indented, and a newline. */
void entrena_cli_json_print        (JsonBuilder        *builder);

G_END_DECLS
