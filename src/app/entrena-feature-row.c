/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-dataset-page"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-feature-row.h"

/*
 * The rows of the data pane's column list: one per column of the table, with
 * the column's role (feature, left out, or the target) kept in step with its
 * EntrenaColumnItem both ways.
 */

/* The check box shows whether the column is used as a feature. The target cannot be
 * one, so its box is unticked and insensitive, while the item keeps the user's
 * choice for when another column becomes the target. */
static void
sync_feature_check (GtkCheckButton *check)
{
  EntrenaColumnItem *item = g_object_get_data (G_OBJECT (check), "column-item");
  gboolean target = entrena_column_item_get_target (item);

  gtk_widget_set_sensitive (GTK_WIDGET (check), !target);
  gtk_check_button_set_active (check, entrena_column_item_get_feature (item) && !target);
}

static void
feature_check_toggled_cb (GtkCheckButton *check)
{
  EntrenaColumnItem *item = g_object_get_data (G_OBJECT (check), "column-item");

  if (!entrena_column_item_get_target (item))
    entrena_column_item_set_feature (item, gtk_check_button_get_active (check));
}

/**
 * entrena_feature_row_new:
 * @column: a column of the table
 *
 * Returns: (transfer floating): a row for @column in the data pane's list of
 *   columns: its name and facts, a check box that says whether it is a
 *   feature, and a tag while it is the target
 */
GtkWidget *
entrena_feature_row_new (EntrenaColumnItem *column)
{
  g_autofree char *summary = entrena_column_item_dup_summary (column);
  g_autofree char *name = NULL;
  g_autofree char *check_label = NULL;
  GtkWidget *row;
  GtkWidget *check;
  GtkWidget *tag;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entrena_column_item_get_name (column));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);

  check = gtk_check_button_new ();
  name = g_strdup_printf ("feature-check-%u", entrena_column_item_get_index (column));
  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Use as a feature"));
  /* Translators: the accessible name of a column's "use as feature" check box */
  check_label = g_strdup_printf (_("Use “%s” as a feature"), entrena_column_item_get_name (column));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check_label,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  g_object_set_data_full (G_OBJECT (check), "column-item", g_object_ref (column), g_object_unref);
  sync_feature_check (GTK_CHECK_BUTTON (check));
  g_signal_connect (check, "toggled", G_CALLBACK (feature_check_toggled_cb), NULL);
  g_signal_connect_object (column, "notify::feature", G_CALLBACK (sync_feature_check),
                           check, G_CONNECT_SWAPPED);
  g_signal_connect_object (column, "notify::target", G_CALLBACK (sync_feature_check),
                           check, G_CONNECT_SWAPPED);

  /* Translators: a tag on the row of the column chosen as the target */
  tag = gtk_label_new (C_("column role", "Target"));
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "target-tag");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
  g_object_bind_property (column, "target", tag, "visible", G_BINDING_SYNC_CREATE);

  return row;
}
