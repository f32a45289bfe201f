/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-lesson"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-lesson-private.h"

/*
 * Writing a lesson file. The JSON is written here rather than by
 * JsonGenerator so that numbers come out as people write them (0.1, not
 * 0.10000000000000001) while still reading back to the same bits, and so
 * that a history is one line per series.
 */

typedef struct
{
  GString *out;
  guint    depth;
  gboolean first;   /* no member written yet at this depth */
} Writer;

static void
write_string (GString    *out,
              const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

/* The shortest text that reads back as @value; null when it is not finite. */
static void
write_double (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

static void
write_float (GString *out,
             float    value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  for (int precision = 1; precision <= 9; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if ((float) g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

static void
begin_member (Writer     *w,
              const char *name)
{
  g_string_append (w->out, w->first ? "\n" : ",\n");
  w->first = FALSE;
  for (guint i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
  write_string (w->out, name);
  g_string_append (w->out, ": ");
}

static void
begin_object (Writer *w)
{
  g_string_append_c (w->out, '{');
  w->depth++;
  w->first = TRUE;
}

static void
end_object (Writer *w)
{
  w->depth--;
  if (!w->first)
    {
      g_string_append_c (w->out, '\n');
      for (guint i = 0; i < w->depth; i++)
        g_string_append (w->out, "  ");
    }
  g_string_append_c (w->out, '}');
  w->first = FALSE;
}

static void
write_strings (GString            *out,
               const char * const *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      write_string (out, strings[i]);
    }
  g_string_append_c (out, ']');
}

static void
write_floats (GString     *out,
              const float *values,
              guint        n)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      write_float (out, values[i]);
    }
  g_string_append_c (out, ']');
}

static void
write_value (GString    *out,
             const char *name,
             GVariant   *value)
{
  const char * const *words = _entrena_lesson_setting_words (name);

  if (words != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32) &&
      g_variant_get_uint32 (value) < g_strv_length ((char **) words))
    write_string (out, words[g_variant_get_uint32 (value)]);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    write_string (out, g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    write_double (out, g_variant_get_double (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    g_string_append_printf (out, "%u", g_variant_get_uint32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    g_string_append_printf (out, "%d", g_variant_get_int32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **strings = g_variant_get_strv (value, NULL);

      write_strings (out, strings);
    }
  else
    g_string_append (out, "null");
}

/* The settings of @variant that a lesson knows, in the lesson's order. */
static void
write_settings (Writer   *w,
                GVariant *variant)
{
  const char * const *names = entrena_lesson_setting_names ();

  begin_object (w);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_variant_lookup_value (variant, names[i], entrena_lesson_setting_type (names[i]));

      if (value == NULL)
        continue;
      begin_member (w, names[i]);
      write_value (w->out, names[i], value);
    }
  end_object (w);
}

static void
write_run (Writer                 *w,
           const EntrenaLessonRun *run)
{
  begin_object (w);
  begin_member (w, "label");
  write_string (w->out, run->label);
  begin_member (w, "settings");
  write_settings (w, run->settings);
  begin_member (w, "history");
  begin_object (w);
  begin_member (w, "train_loss");
  write_floats (w->out, run->train_loss, run->n_epochs);
  begin_member (w, "test_loss");
  write_floats (w->out, run->test_loss, run->n_epochs);
  begin_member (w, "test_accuracy");
  write_floats (w->out, run->test_accuracy, run->n_epochs);
  begin_member (w, "train_accuracy");
  write_floats (w->out, run->train_accuracy, run->n_epochs);
  end_object (w);
  end_object (w);
}

GBytes *
entrena_lesson_to_bytes (const EntrenaLesson *self)
{
  Writer w = { g_string_new (NULL), 0, TRUE };

  g_return_val_if_fail (self != NULL, NULL);

  begin_object (&w);
  begin_member (&w, "format");
  write_string (w.out, "entrena-lesson");
  begin_member (&w, "version");
  g_string_append_printf (w.out, "%d", ENTRENA_LESSON_VERSION);
  if (self->title != NULL)
    {
      begin_member (&w, "title");
      write_string (w.out, self->title);
    }
  if (self->instructions != NULL)
    {
      begin_member (&w, "instructions");
      write_string (w.out, self->instructions);
    }

  begin_member (&w, "data");
  begin_object (&w);
  begin_member (&w, "name");
  write_string (w.out, self->data_name != NULL ? self->data_name : "");
  if (self->data != NULL)
    {
      gsize size = 0;
      const char *bytes = g_bytes_get_data (self->data, &size);
      g_autofree char *text = size > 0 ? g_strndup (bytes, size) : g_strdup ("");

      begin_member (&w, "csv");
      write_string (w.out, text);
    }
  else if (self->data_path != NULL)
    {
      begin_member (&w, "path");
      write_string (w.out, self->data_path);
    }
  end_object (&w);

  begin_member (&w, "settings");
  write_settings (&w, self->settings);
  if (self->locked != NULL && self->locked[0] != NULL)
    {
      begin_member (&w, "locked");
      write_strings (w.out, (const char * const *) self->locked);
    }
  if (self->hidden != NULL && self->hidden[0] != NULL)
    {
      begin_member (&w, "hidden");
      write_strings (w.out, (const char * const *) self->hidden);
    }
  if (self->runs != NULL && self->runs->len > 0)
    {
      begin_member (&w, "runs");
      g_string_append_c (w.out, '[');
      for (guint i = 0; i < self->runs->len; i++)
        {
          g_string_append (w.out, i > 0 ? ", " : "");
          write_run (&w, g_ptr_array_index (self->runs, i));
        }
      g_string_append_c (w.out, ']');
    }
  end_object (&w);
  g_string_append_c (w.out, '\n');

  return g_string_free_to_bytes (w.out);
}

gboolean
entrena_lesson_save (const EntrenaLesson *self,
                     GFile               *file,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = entrena_lesson_to_bytes (self);

  /* A temporary file renamed over @file once all of it is written. */
  return entrena_atomic_write_bytes (file, bytes, cancellable, error);
}
