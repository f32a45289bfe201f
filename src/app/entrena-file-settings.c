/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-file-settings"

#include "config.h"

#include "entrena-file-settings.h"

/*
 * The settings remembered for each data file, so a lesson's files keep their
 * target, features and training settings from one class to the next. They are
 * kept by file name in the "file-settings" key, an `a{sa{sv}}` dictionary;
 * each entry also says when it was last used, and past MAX_FILE_SETTINGS
 * files the one used longest ago is forgotten.
 *
 * What goes into an entry is the window's business; this only stores it.
 */

/* How many files' settings are remembered. */
#define MAX_FILE_SETTINGS 50

/**
 * entrena_file_settings_lookup:
 * @settings: the application's settings
 * @file_name: a data file's display name
 *
 * Returns: (transfer full) (nullable): the `a{sv}` entry remembered for
 *   @file_name, or %NULL
 */
GVariant *
entrena_file_settings_lookup (GSettings  *settings,
                              const char *file_name)
{
  g_autoptr(GVariant) files = NULL;
  GVariant *entry = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  files = g_settings_get_value (settings, "file-settings");
  if (!g_variant_lookup (files, file_name, "@a{sv}", &entry))
    return NULL;

  return entry;
}

/* The name of the entry used longest ago, once @files is full; NULL before. */
static const char *
find_oldest (GVariant *files)
{
  GVariantIter iter;
  const char *name;
  GVariant *value;
  gint64 oldest = G_MAXINT64;
  const char *oldest_name = NULL;

  if (g_variant_n_children (files) < MAX_FILE_SETTINGS)
    return NULL;

  g_variant_iter_init (&iter, files);
  while (g_variant_iter_loop (&iter, "{&s@a{sv}}", &name, &value))
    {
      gint64 used = 0;

      g_variant_lookup (value, "used", "x", &used);
      if (used < oldest)
        {
          oldest = used;
          oldest_name = name;
        }
    }

  return oldest_name;
}

/**
 * entrena_file_settings_remember:
 * @settings: the application's settings
 * @file_name: a data file's display name
 * @entry: an `a{sv}` dictionary of what to remember for it; floating
 *   references are taken
 *
 * Replaces what was remembered for @file_name with @entry and the time now.
 */
void
entrena_file_settings_remember (GSettings  *settings,
                                const char *file_name,
                                GVariant   *entry)
{
  g_autoptr(GVariant) old = NULL;
  g_autoptr(GVariant) sunk = NULL;
  GVariantBuilder files;
  GVariantDict dict;
  GVariantIter iter;
  const char *oldest_name;
  const char *name;
  GVariant *value;
  guint n = 0;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (file_name != NULL);
  g_return_if_fail (g_variant_is_of_type (entry, G_VARIANT_TYPE_VARDICT));

  sunk = g_variant_ref_sink (entry);
  g_variant_dict_init (&dict, sunk);
  g_variant_dict_insert (&dict, "used", "x", g_get_real_time ());

  old = g_settings_get_value (settings, "file-settings");
  oldest_name = find_oldest (old);

  g_variant_builder_init (&files, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &name, &value))
    {
      if (g_strcmp0 (name, file_name) != 0 &&
          g_strcmp0 (name, oldest_name) != 0 && n < MAX_FILE_SETTINGS - 1)
        {
          g_variant_builder_add (&files, "{s@a{sv}}", name, value);
          n++;
        }
      g_variant_unref (value);
    }
  g_variant_builder_add (&files, "{s@a{sv}}", file_name, g_variant_dict_end (&dict));

  g_settings_set_value (settings, "file-settings", g_variant_builder_end (&files));
}
