/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <math.h>

#include "entrena-cli-json.h"

void
entrena_cli_json_add_int (JsonBuilder *builder,
                          const char  *name,
                          gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
entrena_cli_json_add_epoch (JsonBuilder *builder,
                            const char  *name,
                            guint        epoch)
{
  json_builder_set_member_name (builder, name);
  if (epoch > 0)
    json_builder_add_int_value (builder, epoch);
  else
    json_builder_add_null_value (builder);
}

void
entrena_cli_json_add_double (JsonBuilder *builder,
                             const char  *name,
                             double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

void
entrena_cli_json_add_boolean (JsonBuilder *builder,
                              const char  *name,
                              gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
entrena_cli_json_add_string (JsonBuilder *builder,
                             const char  *name,
                             const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
entrena_cli_json_add_strings (JsonBuilder        *builder,
                              const char         *name,
                              const char * const *values,
                              gssize              n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (gsize i = 0; n < 0 ? values[i] != NULL : i < (gsize) n; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

void
entrena_cli_json_add_numbers (JsonBuilder  *builder,
                              const char   *name,
                              const double *values,
                              guint         n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      if (isfinite (values[i]))
        json_builder_add_double_value (builder, values[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_array (builder);
}

void
entrena_cli_json_print (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}
