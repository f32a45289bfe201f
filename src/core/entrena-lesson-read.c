/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-lesson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "entrena-activation.h"
#include "entrena-error.h"
#include "entrena-lesson-private.h"
#include "entrena-training.h"

/*
 * Reading a lesson file. Lesson files come from other people: everything is
 * checked, and the first problem is an ENTRENA_ERROR_FORMAT error naming the
 * file and the key ("settings.learning-rate", "runs[1].history.test_loss").
 * The lesson is built aside and handed over only when all of it is right.
 */

/* A lesson with embedded data is a little over 20 MB at most: anything much
 * bigger is not a lesson. */
#define MAX_FILE_SIZE (4 * ENTRENA_LESSON_MAX_EMBEDDED)

typedef struct
{
  const char *display_name;
  GFile      *folder;        /* (nullable) where relative data paths start */
  GError    **error;
} Reader;

static gboolean
fail (Reader     *r,
      const char *key,
      const char *problem)
{
  g_autofree char *message = NULL;
  g_autofree char *valid = NULL;

  /* Translators: “The lesson “a.entrena” cannot be used: at “settings.epochs”, it must be ...” */
  message = g_strdup_printf (_("The lesson “%s” cannot be used: at “%s”, %s"), r->display_name, key, problem);
  /* A key or a value quoted from the file may not be UTF-8 (json-glib lets
   * some malformed escapes through): the message must be. */
  valid = g_utf8_make_valid (message, -1);
  g_set_error_literal (r->error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT, valid);
  return FALSE;
}

static JsonObject *
get_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* A string, and valid UTF-8: json-glib decodes some malformed escapes (such
 * as a backslash before a digit) into bytes that are not. */
static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         g_utf8_validate (json_node_get_string (node), -1, NULL);
}

/* Every member of @object must be one of @known. */
static gboolean
check_members (Reader             *r,
               JsonObject         *object,
               const char         *prefix,
               const char * const *known)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *key = prefix != NULL ? g_strconcat (prefix, ".", l->data, NULL) : g_strdup (l->data);

        return fail (r, key, _("this key is not part of a lesson."));
      }

  return TRUE;
}

/* A string member; %NULL when absent, FALSE when of another type. */
static gboolean
get_string (Reader      *r,
            JsonObject  *object,
            const char  *name,
            const char  *key,
            const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!is_string (node))
    return fail (r, key, _("it must be text."));
  *value = json_node_get_string (node);
  return TRUE;
}

static GVariant *
read_strings (Reader     *r,
              JsonNode   *node,
              const char *key)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) strings = NULL;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (r, key, _("it must be a list of texts, like [\"a\", \"b\"]."));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element))
        {
          g_autofree char *at = g_strdup_printf ("%s[%u]", key, i);

          fail (r, at, _("it must be text."));
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  strings = g_strv_builder_end (builder);

  return g_variant_new_strv ((const char * const *) strings, -1);
}

/* The value of the setting @name of type @type from @node, or %NULL. */
static GVariant *
read_value (Reader             *r,
            const char         *name,
            const GVariantType *type,
            JsonNode           *node,
            const char         *key)
{
  const char * const *words = _entrena_lesson_setting_words (name);

  if (words != NULL)
    {
      g_autofree char *choices = NULL;

      for (guint i = 0; is_string (node) && words[i] != NULL; i++)
        if (strcmp (json_node_get_string (node), words[i]) == 0)
          return g_variant_new_uint32 (i);

      choices = g_strjoinv (", ", (char **) words);
      {
        /* Translators: %s lists the words a setting takes, as they are written: "drop, fill" */
        g_autofree char *problem = g_strdup_printf (_("it must be one of: %s."), choices);

        fail (r, key, problem);
      }
      return NULL;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    {
      if (is_string (node))
        return g_variant_new_string (json_node_get_string (node));
      fail (r, key, _("it must be text."));
    }
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    {
      if (is_number (node) && isfinite (json_node_get_double (node)))
        return g_variant_new_double (json_node_get_double (node));
      fail (r, key, _("it must be a number."));
    }
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32) ||
           g_variant_type_equal (type, G_VARIANT_TYPE_INT32))
    {
      gboolean is_signed = g_variant_type_equal (type, G_VARIANT_TYPE_INT32);
      gint64 low = is_signed ? G_MININT32 : 0;
      gint64 high = is_signed ? G_MAXINT32 : G_MAXUINT32;

      if (is_number (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
          json_node_get_int (node) >= low && json_node_get_int (node) <= high)
        return is_signed ? g_variant_new_int32 ((gint32) json_node_get_int (node))
                         : g_variant_new_uint32 ((guint32) json_node_get_int (node));
      if (is_signed)
        fail (r, key, _("it must be a whole number."));
      else
        fail (r, key, _("it must be a whole number from 0 to 4294967295."));
    }
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    {
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return g_variant_new_boolean (json_node_get_boolean (node));
      fail (r, key, _("it must be true or false."));
    }
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING_ARRAY))
    {
      return read_strings (r, node, key);
    }
  else
    {
      fail (r, key, _("this setting cannot be written in a lesson."));
    }

  return NULL;
}

/* The ranges the run settings hold their values to. */
static gboolean
check_range (Reader     *r,
             const char *name,
             GVariant   *value,
             const char *key)
{
  if (strcmp (name, "test-size") == 0)
    {
      double d = g_variant_get_double (value);

      if (!(d > 0 && d < 1))
        return fail (r, key, _("it must be between 0 and 1, for example 0.2."));
    }
  else if (strcmp (name, "learning-rate") == 0)
    {
      double d = g_variant_get_double (value);

      if (!(d > 0 && d <= 10))
        return fail (r, key, _("it must be above 0 and at most 10, for example 0.01."));
    }
  else if (strcmp (name, "epochs") == 0)
    {
      guint32 u = g_variant_get_uint32 (value);

      if (u < 1 || u > ENTRENA_MAX_EPOCHS)
        return fail (r, key, _("it must be between 1 and 1000000."));
    }
  else if (strcmp (name, "val-size") == 0)
    {
      double d = g_variant_get_double (value);

      if (!(d >= 0 && d < 1))
        return fail (r, key, _("it must be 0 (no validation rows) or a share below 1, for example 0.1."));
    }
  else if (strcmp (name, "patience") == 0)
    {
      if (g_variant_get_uint32 (value) > ENTRENA_MAX_EPOCHS)
        return fail (r, key, _("it must be 0 (no early stopping) or at most 1000000 epochs."));
    }
  else if (strcmp (name, "pace") == 0)
    {
      if (g_variant_get_double (value) < 0)
        return fail (r, key, _("it must be 0 (as fast as possible) or more epochs per second."));
    }
  else if (strcmp (name, "activation") == 0)
    {
      EntrenaActivation activation;
      g_autoptr (GError) local = NULL;

      if (!entrena_activation_parse (g_variant_get_string (value, NULL), &activation, &local))
        return fail (r, key, local->message);
    }
  else if (strcmp (name, "optimizer") == 0)
    {
      EntrenaOptimizer optimizer;

      if (!entrena_optimizer_from_string (g_variant_get_string (value, NULL), &optimizer))
        return fail (r, key, _("it must be “adam”, “adamw”, “sgd” or “rmsprop”."));
    }
  else if (strcmp (name, "momentum") == 0)
    {
      double d = g_variant_get_double (value);

      if (!(d >= 0 && d < 1))
        return fail (r, key, _("it must be at least 0 and less than 1, for example 0.9."));
    }
  else if (strcmp (name, "weight-decay") == 0)
    {
      double d = g_variant_get_double (value);

      if (!(d >= 0 && isfinite (d)))
        return fail (r, key, _("it must be 0 or more, for example 0.01."));
    }
  else if (strcmp (name, "hidden-layers") == 0)
    {
      EntrenaTrainingSettings layers;
      g_autoptr (GError) local = NULL;

      entrena_training_settings_init (&layers);
      if (!entrena_training_settings_parse_layers (&layers, g_variant_get_string (value, NULL), &local))
        return fail (r, key, local->message);
    }

  return TRUE;
}

/* Settings over the defaults: what a file leaves out keeps its default, and
 * a file without settings has them all. */
static GVariant *
read_settings (Reader     *r,
               JsonNode   *node,
               const char *prefix)
{
  g_autoptr (GVariant) defaults = NULL;
  const char * const *names = entrena_lesson_setting_names ();
  EntrenaRunSettings settings;
  JsonObject *object = get_object (node);
  GVariantDict dict;

  entrena_run_settings_init (&settings);
  defaults = entrena_lesson_settings_new (&settings, 0.0);
  if (node == NULL)
    return g_steal_pointer (&defaults);
  if (object == NULL)
    {
      fail (r, prefix, _("it must be an object of settings, like {\"epochs\": 100}."));
      return NULL;
    }
  if (!check_members (r, object, prefix, names))
    return NULL;

  g_variant_dict_init (&dict, defaults);
  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *member = json_object_get_member (object, names[i]);
      g_autofree char *key = NULL;
      g_autoptr (GVariant) value = NULL;

      if (member == NULL)
        continue;
      key = g_strconcat (prefix, ".", names[i], NULL);
      value = read_value (r, names[i], entrena_lesson_setting_type (names[i]), member, key);
      if (value != NULL)
        g_variant_ref_sink (value);
      if (value == NULL || !check_range (r, names[i], value, key))
        {
          g_variant_dict_clear (&dict);
          return NULL;
        }
      g_variant_dict_insert_value (&dict, names[i], value);
    }

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/* "locked" or "hidden": names of settings. */
static char **
read_names (Reader     *r,
            JsonObject *root,
            const char *name)
{
  JsonNode *node = json_object_get_member (root, name);
  g_autoptr (GVariant) strings = NULL;
  g_auto (GStrv) names = NULL;

  if (node == NULL)
    return g_new0 (char *, 1);
  strings = read_strings (r, node, name);
  if (strings == NULL)
    return NULL;
  g_variant_ref_sink (strings);
  names = g_variant_dup_strv (strings, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    if (entrena_lesson_setting_type (names[i]) == NULL)
      {
        g_autofree char *key = g_strdup_printf ("%s[%u]", name, i);
        g_autofree char *problem = NULL;

        /* Translators: %s is what the file names, e.g. “learning_rate” */
        problem = g_strdup_printf (_("“%s” is not a setting (the settings are named as in “settings”)."), names[i]);
        fail (r, key, problem);
        return NULL;
      }

  return g_steal_pointer (&names);
}

static gboolean
read_data (Reader        *r,
           JsonObject    *root,
           EntrenaLesson *lesson)
{
  static const char * const known[] = { "name", "path", "csv", NULL };
  JsonObject *data = get_object (json_object_get_member (root, "data"));
  const char *name, *path, *csv;

  if (data == NULL)
    return fail (r, "data", _("it must be an object naming the data: {\"name\": …, \"path\": …} "
                              "or {\"name\": …, \"csv\": …}."));
  if (!check_members (r, data, "data", known) ||
      !get_string (r, data, "name", "data.name", &name) ||
      !get_string (r, data, "path", "data.path", &path) ||
      !get_string (r, data, "csv", "data.csv", &csv))
    return FALSE;
  if ((path == NULL) == (csv == NULL))
    return fail (r, "data", _("it must have either “path” (a file beside the lesson) or “csv” (the data "
                              "themselves), not both."));

  if (csv != NULL)
    {
      gsize length = strlen (csv);

      if (length == 0)
        return fail (r, "data.csv", _("embedded data must not be empty."));
      if (length >= ENTRENA_LESSON_MAX_EMBEDDED)
        return fail (r, "data.csv", _("embedded data must be under 20 MB."));
      lesson->data = g_bytes_new (csv, length);
      lesson->data_name = g_strdup (name != NULL && name[0] != '\0' ? name : "lesson.csv");
    }
  else
    {
      g_autoptr (GFile) file = NULL;

      if (path[0] == '\0')
        return fail (r, "data.path", _("it must name a file."));
      if (g_path_is_absolute (path) || r->folder == NULL)
        file = g_file_new_for_path (path);
      else if (g_uri_peek_scheme (path) != NULL)
        file = g_file_new_for_uri (path);
      else
        file = g_file_resolve_relative_path (r->folder, path);

      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_REGULAR)
        {
          g_autofree char *shown = g_file_get_parse_name (file);
          /* Translators: %s is a file's path */
          g_autofree char *problem = g_strdup_printf (_("the data file “%s” is not there."), shown);

          return fail (r, "data.path", problem);
        }
      lesson->data_path = g_strdup (path);
      lesson->data_file = g_steal_pointer (&file);
      if (name != NULL && name[0] != '\0')
        lesson->data_name = g_strdup (name);
      else
        lesson->data_name = g_file_get_basename (lesson->data_file);
    }

  return TRUE;
}

static float *
read_series (Reader     *r,
             JsonObject *history,
             const char *name,
             const char *prefix,
             guint      *n)
{
  g_autofree char *key = g_strconcat (prefix, ".", name, NULL);
  JsonNode *node = json_object_get_member (history, name);
  g_autofree float *values = NULL;
  JsonArray *array;
  guint length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (r, key, _("it must be a list of numbers, one per epoch."));
      return NULL;
    }
  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length < 1 || length > ENTRENA_MAX_EPOCHS || (*n != 0 && length != *n))
    {
      fail (r, key, _("it must have one number per epoch, as many as the other lists of the run."));
      return NULL;
    }
  values = g_new (float, length);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_NULL (element))
        values[i] = NAN;
      else if (is_number (element))
        values[i] = (float) json_node_get_double (element);
      else
        {
          g_autofree char *at = g_strdup_printf ("%s[%u]", key, i);

          fail (r, at, _("it must be a number (or null where the loss was not finite)."));
          return NULL;
        }
    }
  *n = length;

  return g_steal_pointer (&values);
}

static EntrenaLessonRun *
read_run (Reader   *r,
          JsonNode *node,
          guint     index)
{
  static const char * const known[] = { "label", "settings", "history", NULL };
  static const char * const series[] = { "train_loss", "test_loss", "test_accuracy", "train_accuracy", NULL };
  g_autofree char *prefix = g_strdup_printf ("runs[%u]", index);
  g_autofree char *settings_key = g_strconcat (prefix, ".settings", NULL);
  g_autofree char *history_key = g_strconcat (prefix, ".history", NULL);
  g_autofree char *label_key = g_strconcat (prefix, ".label", NULL);
  EntrenaLessonRun *run = NULL;
  JsonObject *object = get_object (node);
  JsonObject *history;
  const char *label;

  if (object == NULL)
    {
      fail (r, prefix, _("it must be an object with “label”, “settings” and “history”."));
      return NULL;
    }
  if (!check_members (r, object, prefix, known) || !get_string (r, object, "label", label_key, &label))
    return NULL;
  history = get_object (json_object_get_member (object, "history"));
  if (history == NULL)
    {
      fail (r, history_key, _("it must be an object with the lists “train_loss”, “test_loss”, "
                              "“test_accuracy” and “train_accuracy”."));
      return NULL;
    }
  if (!check_members (r, history, history_key, series))
    return NULL;

  run = g_new0 (EntrenaLessonRun, 1);
  run->label = g_strdup (label != NULL ? label : "");
  run->settings = read_settings (r, json_object_get_member (object, "settings"), settings_key);
  if (run->settings == NULL ||
      (run->train_loss = read_series (r, history, series[0], history_key, &run->n_epochs)) == NULL ||
      (run->test_loss = read_series (r, history, series[1], history_key, &run->n_epochs)) == NULL ||
      (run->test_accuracy = read_series (r, history, series[2], history_key, &run->n_epochs)) == NULL ||
      (run->train_accuracy = read_series (r, history, series[3], history_key, &run->n_epochs)) == NULL)
    {
      entrena_lesson_run_free (run);
      return NULL;
    }

  return run;
}

static gboolean
read_runs (Reader        *r,
           JsonObject    *root,
           EntrenaLesson *lesson)
{
  JsonNode *node = json_object_get_member (root, "runs");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (r, "runs", _("it must be a list of runs."));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > ENTRENA_LESSON_MAX_RUNS)
    return fail (r, "runs", _("a lesson keeps at most 20 runs."));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      EntrenaLessonRun *run = read_run (r, json_array_get_element (array, i), i);

      if (run == NULL)
        return FALSE;
      g_ptr_array_add (lesson->runs, run);
    }

  return TRUE;
}

static gboolean
read_header (Reader     *r,
             JsonObject *root)
{
  JsonNode *format = json_object_get_member (root, "format");
  JsonNode *version = json_object_get_member (root, "version");

  if (!is_string (format) || strcmp (json_node_get_string (format), "entrena-lesson") != 0)
    return fail (r, "format", _("it must be “entrena-lesson”: this is not an Entrena lesson."));
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return fail (r, "version", _("it must be the format’s version number, 1."));
  if (json_node_get_int (version) != ENTRENA_LESSON_VERSION)
    {
      /* Translators: %s is a version number; this Entrena reads version 1 */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (version));
      g_autofree char *problem = g_strdup_printf (_("version %s is not one this Entrena reads (it reads "
                                                    "version 1); a newer Entrena may open it."), number);

      return fail (r, "version", problem);
    }

  return TRUE;
}

EntrenaLesson *
entrena_lesson_load_bytes (GBytes      *bytes,
                           GFile       *lesson_file,
                           const char  *display_name,
                           GError     **error)
{
  static const char * const known[] = {
    "format", "version", "title", "instructions", "data", "settings", "locked", "hidden", "runs", NULL
  };
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (EntrenaLesson) lesson = entrena_lesson_new ();
  g_autoptr (GFile) folder = lesson_file != NULL ? g_file_get_parent (lesson_file) : NULL;
  g_autoptr (GError) local = NULL;
  Reader r = { display_name, folder, error };
  const char *title, *instructions;
  JsonObject *root;
  gsize size;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > MAX_FILE_SIZE)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT,
                   /* Translators: %s is a file name */
                   _("“%s” is too big to be a lesson."), display_name);
      return NULL;
    }
  if (size == 0 || memchr (data, '\0', size) != NULL || !g_utf8_validate_len (data, size, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) size, &local))
    {
      /* json-glib's message quotes the text it stopped at, which may not be UTF-8. */
      g_autofree char *why = local != NULL ? g_utf8_make_valid (local->message, -1) : NULL;

      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT,
                   /* Translators: %s is a file name; the JSON is the text of a lesson file */
                   _("“%s” is not a lesson: its text is not valid JSON%s%s"), display_name,
                   why != NULL ? ": " : ".", why != NULL ? why : "");
      return NULL;
    }
  root = get_object (json_parser_get_root (parser));
  if (root == NULL)
    {
      fail (&r, "format", _("it must be “entrena-lesson”: this is not an Entrena lesson."));
      return NULL;
    }

  if (!read_header (&r, root) || !check_members (&r, root, NULL, known) ||
      !get_string (&r, root, "title", "title", &title) ||
      !get_string (&r, root, "instructions", "instructions", &instructions) ||
      !read_data (&r, root, lesson))
    return NULL;
  lesson->title = g_strdup (title);
  lesson->instructions = g_strdup (instructions);

  g_clear_pointer (&lesson->settings, g_variant_unref);
  lesson->settings = read_settings (&r, json_object_get_member (root, "settings"), "settings");
  if (lesson->settings == NULL)
    return NULL;

  g_strfreev (lesson->locked);
  lesson->locked = read_names (&r, root, "locked");
  if (lesson->locked == NULL)
    return NULL;
  g_strfreev (lesson->hidden);
  lesson->hidden = read_names (&r, root, "hidden");
  if (lesson->hidden == NULL || !read_runs (&r, root, lesson))
    return NULL;

  return g_steal_pointer (&lesson);
}

/**
 * entrena_lesson_load:
 * @file: a lesson file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file as entrena_lesson_load_bytes() does.
 *
 * Returns: (transfer full) (nullable): the lesson, or %NULL with @error set
 */
EntrenaLesson *
entrena_lesson_load (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_free (name);
      name = g_file_get_parse_name (file);
    }

  /* A file far bigger than any lesson is not read into memory at all. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT,
                   _("“%s” is too big to be a lesson."), name);
      return NULL;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  return entrena_lesson_load_bytes (bytes, file, name, error);
}
