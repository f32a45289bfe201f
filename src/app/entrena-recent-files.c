/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-recent-files"

#include "config.h"

#include "entrena-recent-files.h"

/*
 * The data files opened lately, as the desktop's recent-files list keeps
 * them: what Entrena adds to it, and which of its entries are data files.
 */

/**
 * entrena_recent_files_add:
 * @manager: the recent-files list
 * @uri: a data file just opened
 *
 * Puts @uri first in the list, as a CSV file that Entrena opens.
 */
void
entrena_recent_files_add (GtkRecentManager *manager,
                          const char       *uri)
{
  const char *app_name = g_get_application_name ();
  GtkRecentData data = {
    .mime_type = (char *) (g_str_has_suffix (uri, ".entrena") ? "application/x-entrena-lesson" : "text/csv"),
    .app_name = (char *) (app_name != NULL ? app_name : "Entrena"),
    .app_exec = (char *) "entrena %u",
  };

  g_return_if_fail (GTK_IS_RECENT_MANAGER (manager));
  g_return_if_fail (uri != NULL);

  gtk_recent_manager_add_full (manager, uri, &data);
}

static gint
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  /* Newest first */
  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

static gboolean
is_data_file (GtkRecentInfo *info)
{
  const char *mime_type = gtk_recent_info_get_mime_type (info);
  const char *uri = gtk_recent_info_get_uri (info);

  if (!gtk_recent_info_is_local (info) || !gtk_recent_info_exists (info))
    return FALSE;

  return g_strcmp0 (mime_type, "text/csv") == 0 ||
         g_strcmp0 (mime_type, "application/x-entrena-lesson") == 0 ||
         g_str_has_suffix (uri, ".entrena") ||
         g_strcmp0 (mime_type, "text/tab-separated-values") == 0 ||
         g_str_has_suffix (uri, ".csv") ||
         g_str_has_suffix (uri, ".tsv");
}

/**
 * entrena_recent_files_dup_data_files:
 * @manager: the recent-files list
 *
 * Returns: (transfer full) (element-type GtkRecentInfo): the CSV and TSV
 *   files of the list that are on this computer and still there, newest first
 */
GPtrArray *
entrena_recent_files_dup_data_files (GtkRecentManager *manager)
{
  GPtrArray *infos;
  GList *items;

  g_return_val_if_fail (GTK_IS_RECENT_MANAGER (manager), NULL);

  items = gtk_recent_manager_get_items (manager);
  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);

  for (GList *l = items; l != NULL; l = l->next)
    {
      if (is_data_file (l->data))
        g_ptr_array_add (infos, l->data);
      else
        gtk_recent_info_unref (l->data);
    }
  g_list_free (items);
  g_ptr_array_sort (infos, compare_recent);

  return infos;
}
