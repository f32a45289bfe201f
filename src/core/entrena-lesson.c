/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-lesson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-lesson.h"
#include "entrena-lesson-private.h"

/*
 * A lesson in memory: its settings, what the students may change, its data
 * and saved runs. The file is read in entrena-lesson-read.c and written in
 * entrena-lesson-write.c.
 *
 * The settings are the run settings' own `a{sv}` form
 * (entrena_run_settings_to_variant(), which the per-file settings store uses
 * too), plus the two a run's settings do not hold: the categorical columns
 * and the window's pace. The names and types a lesson knows are taken from
 * that form, so a setting added to the run settings is a lesson setting too.
 */

/* The order settings are written in; settings the run settings gain later
 * follow, sorted by name. */
static const char * const preferred_order[] = {
  "target", "exclude", "categorical", "missing", "test-size", "stratify", "seed",
  "hidden-layers", "activation", "learning-rate", "optimizer", "momentum", "nesterov", "weight-decay",
  "epochs", "batch-size", "standardize", "val-size", "patience",
  "pace",
};

typedef struct
{
  GPtrArray *names;   /* (element-type utf8), NULL-terminated */
  GPtrArray *types;   /* (element-type GVariantType) */
} SettingTable;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gpointer
build_table (gpointer data)
{
  SettingTable *table = g_new0 (SettingTable, 1);
  g_autoptr (GVariant) run = NULL;
  g_autoptr (GPtrArray) later = g_ptr_array_new ();
  g_autoptr (GVariant) own = NULL;
  EntrenaRunSettings settings;
  GVariantDict dict;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  /* The run settings with a target hold every key they know. */
  entrena_run_settings_init (&settings);
  settings.data.target = "";
  run = entrena_run_settings_to_variant (&settings);
  g_variant_dict_init (&dict, run);
  if (!g_variant_dict_contains (&dict, "categorical"))
    g_variant_dict_insert (&dict, "categorical", "^as", (const char * const[]) { NULL });
  g_variant_dict_insert (&dict, "pace", "d", 0.0);
  own = g_variant_ref_sink (g_variant_dict_end (&dict));

  table->names = g_ptr_array_new ();
  table->types = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (preferred_order); i++)
    {
      g_autoptr (GVariant) known = g_variant_lookup_value (own, preferred_order[i], NULL);

      if (known == NULL)
        continue;
      g_ptr_array_add (table->names, (gpointer) preferred_order[i]);
      g_ptr_array_add (table->types, g_variant_type_copy (g_variant_get_type (known)));
    }

  g_variant_iter_init (&iter, own);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      gboolean placed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (preferred_order) && !placed; i++)
        placed = strcmp (name, preferred_order[i]) == 0;
      if (!placed)
        g_ptr_array_add (later, (gpointer) g_intern_string (name));
      g_variant_unref (value);
    }
  g_ptr_array_sort (later, compare_names);
  for (guint i = 0; i < later->len; i++)
    {
      g_autoptr (GVariant) known = g_variant_lookup_value (own, later->pdata[i], NULL);

      g_ptr_array_add (table->names, later->pdata[i]);
      g_ptr_array_add (table->types, g_variant_type_copy (g_variant_get_type (known)));
    }
  g_ptr_array_add (table->names, NULL);

  return table;
}

static const SettingTable *
get_table (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, build_table, NULL);
}

/**
 * entrena_lesson_setting_names:
 *
 * Returns: (transfer none): every setting a lesson holds, %NULL-terminated
 */
const char * const *
entrena_lesson_setting_names (void)
{
  return (const char * const *) get_table ()->names->pdata;
}

const GVariantType *
entrena_lesson_setting_type (const char *name)
{
  const SettingTable *table = get_table ();

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < table->types->len; i++)
    if (strcmp (table->names->pdata[i], name) == 0)
      return table->types->pdata[i];

  return NULL;
}

GVariant *
entrena_lesson_settings_new (const EntrenaRunSettings *settings,
                             double                    pace)
{
  g_autoptr (GVariant) run = NULL;
  GVariantDict dict;
  const char * const none[] = { NULL };

  g_return_val_if_fail (settings != NULL, NULL);

  run = entrena_run_settings_to_variant (settings);
  g_variant_dict_init (&dict, run);
  if (!g_variant_dict_contains (&dict, "categorical"))
    g_variant_dict_insert (&dict, "categorical", "^as",
                           settings->data.categorical != NULL ? settings->data.categorical : none);
  g_variant_dict_insert (&dict, "pace", "d", pace);

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

void
entrena_lesson_settings_apply (GVariant            *variant,
                               EntrenaRunSettings  *settings,
                               const char        ***exclude,
                               const char        ***categorical)
{
  g_return_if_fail (g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT));
  g_return_if_fail (settings != NULL);

  entrena_run_settings_from_variant (settings, variant, exclude);
  if (categorical != NULL && g_variant_lookup (variant, "categorical", "^a&s", categorical))
    settings->data.categorical = *categorical;
}

/* The lesson itself */

EntrenaLesson *
entrena_lesson_new (void)
{
  EntrenaLesson *self = g_new0 (EntrenaLesson, 1);
  EntrenaRunSettings settings;

  entrena_run_settings_init (&settings);
  self->settings = entrena_lesson_settings_new (&settings, 0.0);
  self->locked = g_new0 (char *, 1);
  self->hidden = g_new0 (char *, 1);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) entrena_lesson_run_free);

  return self;
}

void
entrena_lesson_run_free (EntrenaLessonRun *run)
{
  if (run == NULL)
    return;
  g_free (run->label);
  g_clear_pointer (&run->settings, g_variant_unref);
  g_free (run->train_loss);
  g_free (run->test_loss);
  g_free (run->test_accuracy);
  g_free (run->train_accuracy);
  g_free (run);
}

void
entrena_lesson_free (EntrenaLesson *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->instructions);
  g_free (self->data_name);
  g_free (self->data_path);
  g_clear_object (&self->data_file);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->settings, g_variant_unref);
  g_strfreev (self->locked);
  g_strfreev (self->hidden);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_free (self);
}

gboolean
entrena_lesson_is_locked (const EntrenaLesson *self,
                          const char          *name)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->locked, name);
}

gboolean
entrena_lesson_is_hidden (const EntrenaLesson *self,
                          const char          *name)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->hidden, name);
}

void
entrena_lesson_add_run (EntrenaLesson *self,
                        const char    *label,
                        GVariant      *settings,
                        guint          n_epochs,
                        const float   *train_loss,
                        const float   *test_loss,
                        const float   *test_accuracy,
                        const float   *train_accuracy)
{
  EntrenaLessonRun *run;

  g_return_if_fail (self != NULL);
  g_return_if_fail (g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT));
  g_return_if_fail (n_epochs > 0);

  run = g_new0 (EntrenaLessonRun, 1);
  run->label = g_strdup (label != NULL ? label : "");
  run->settings = g_variant_ref_sink (settings);
  run->n_epochs = n_epochs;
  run->train_loss = g_memdup2 (train_loss, n_epochs * sizeof (float));
  run->test_loss = g_memdup2 (test_loss, n_epochs * sizeof (float));
  run->test_accuracy = g_memdup2 (test_accuracy, n_epochs * sizeof (float));
  run->train_accuracy = g_memdup2 (train_accuracy, n_epochs * sizeof (float));
  g_ptr_array_add (self->runs, run);
}

/* The data */

/* @target relative to the folder @base, going up with ".." where needed;
 * absolute when they share no folder but the root. */
static char *
relative_path (const char *target,
               const char *base)
{
  g_auto (GStrv) to = g_strsplit (target, G_DIR_SEPARATOR_S, -1);
  g_auto (GStrv) from = g_strsplit (base, G_DIR_SEPARATOR_S, -1);
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  guint common = 0;

  while (to[common] != NULL && from[common] != NULL && strcmp (to[common], from[common]) == 0)
    common++;
  /* Only the empty part before the root's separator is shared. */
  if (common <= 1)
    return g_strdup (target);

  for (guint i = common; from[i] != NULL; i++)
    if (from[i][0] != '\0')
      g_ptr_array_add (parts, "..");
  for (guint i = common; to[i] != NULL; i++)
    g_ptr_array_add (parts, to[i]);
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (G_DIR_SEPARATOR_S, (char **) parts->pdata);
}

/**
 * entrena_lesson_set_data_file:
 * @self: a lesson
 * @csv: the data file
 * @lesson_file: (nullable): where the lesson will be saved
 *
 * Makes @csv the lesson's data, by a path relative to @lesson_file's folder
 * (an absolute one without @lesson_file, or on a file system without paths,
 * its URI).
 */
void
entrena_lesson_set_data_file (EntrenaLesson *self,
                              GFile         *csv,
                              GFile         *lesson_file)
{
  g_autofree char *csv_path = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_FILE (csv));

  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self->data_name);
  self->data_name = g_file_get_basename (csv);
  g_set_object (&self->data_file, csv);

  g_free (self->data_path);
  csv_path = g_file_get_path (csv);
  if (csv_path == NULL)
    {
      self->data_path = g_file_get_uri (csv);
      return;
    }
  if (lesson_file != NULL)
    {
      g_autoptr (GFile) folder = g_file_get_parent (lesson_file);
      g_autofree char *folder_path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (folder_path != NULL)
        {
          self->data_path = relative_path (csv_path, folder_path);
          return;
        }
    }
  self->data_path = g_steal_pointer (&csv_path);
}

gboolean
entrena_lesson_embed_data (EntrenaLesson *self,
                           GFile         *csv,
                           GError       **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (csv), FALSE);

  name = g_file_get_basename (csv);
  info = g_file_query_info (csv, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_size (info) >= ENTRENA_LESSON_MAX_EMBEDDED)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name; the lesson then names the file instead */
                   _("“%s” is 20 MB or more, too big to embed in a lesson; leave it beside the lesson "
                     "file instead."), name);
      return FALSE;
    }
  if (!g_file_load_contents (csv, NULL, &contents, &length, NULL, error))
    return FALSE;
  if (length >= ENTRENA_LESSON_MAX_EMBEDDED || memchr (contents, '\0', length) != NULL ||
      !g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NOT_TEXT,
                   /* Translators: %s is a file name */
                   _("“%s” is not a text file under 20 MB, so a lesson cannot embed it."), name);
      return FALSE;
    }

  g_clear_pointer (&self->data, g_bytes_unref);
  self->data = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_free (self->data_name);
  self->data_name = g_steal_pointer (&name);
  g_clear_pointer (&self->data_path, g_free);
  g_clear_object (&self->data_file);

  return TRUE;
}

void
entrena_lesson_set_data (EntrenaLesson *self,
                         const char    *name,
                         GBytes        *data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && data != NULL);

  g_bytes_ref (data);
  g_clear_pointer (&self->data, g_bytes_unref);
  self->data = data;
  g_free (self->data_name);
  self->data_name = g_strdup (name);
  g_clear_pointer (&self->data_path, g_free);
  g_clear_object (&self->data_file);
}

EntrenaTable *
entrena_lesson_read_table (const EntrenaLesson *self,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->data != NULL)
    {
      gsize length;
      const char *text = g_bytes_get_data (self->data, &length);

      return entrena_csv_read_data (text != NULL ? text : "", length, self->data_name, NULL, error);
    }
  if (self->data_file == NULL)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("The lesson names no data file."));
      return NULL;
    }

  return entrena_csv_read_file (self->data_file, NULL, cancellable, NULL, NULL, error);
}

gboolean
entrena_lesson_file_is_lesson (GFile *file)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  return name != NULL && g_str_has_suffix (name, ".entrena");
}

const char * const *
_entrena_lesson_setting_words (const char *name)
{
  /* In the order of EntrenaMissingPolicy. */
  static const char * const missing[] = { "drop", "fill", NULL };

  if (strcmp (name, "missing") == 0)
    return missing;

  return NULL;
}
