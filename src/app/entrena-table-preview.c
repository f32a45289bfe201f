/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-table-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "entrena-column-item.h"
#include "entrena-table-preview.h"

/*
 * The data pane's preview of a table: a GtkColumnView with one column per
 * table column, headed by its name and facts (type, missing cells), and the
 * table's first rows, whose cells are formatted from the table as they scroll
 * into view.
 */

/* Bounds on a preview column's natural width, in characters. */
#define CELL_MIN_CHARS 4
#define CELL_MAX_CHARS 28

/* A row of the preview: only its index, the cells come from the table. */
#define ENTRENA_TYPE_PREVIEW_ROW (entrena_preview_row_get_type ())
G_DECLARE_FINAL_TYPE (EntrenaPreviewRow, entrena_preview_row, ENTRENA, PREVIEW_ROW, GObject)

struct _EntrenaPreviewRow
{
  GObject parent_instance;
  guint   row;
};

G_DEFINE_FINAL_TYPE (EntrenaPreviewRow, entrena_preview_row, G_TYPE_OBJECT)

static void
entrena_preview_row_class_init (EntrenaPreviewRowClass *klass)
{
}

static void
entrena_preview_row_init (EntrenaPreviewRow *self)
{
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *inscription;
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));
  guint nat_chars = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "nat-chars"));

  inscription = gtk_inscription_new (NULL);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), CELL_MIN_CHARS);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (numeric)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0f);
      gtk_widget_add_css_class (inscription, "numeric");
    }

  gtk_list_item_set_child (list_item, inscription);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EntrenaTable             *table)
{
  GtkWidget *inscription = gtk_list_item_get_child (list_item);
  EntrenaPreviewRow *row = gtk_list_item_get_item (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  if (entrena_table_is_missing (table, row->row, column))
    {
      /* Translators: shown in the preview for an empty cell */
      gtk_inscription_set_text (GTK_INSCRIPTION (inscription), C_("empty cell", "—"));
      gtk_widget_add_css_class (inscription, "missing");
    }
  else
    {
      g_autofree char *text = entrena_table_format_cell (table, row->row, column);

      gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
      gtk_widget_remove_css_class (inscription, "missing");
    }
}

static guint
measure_column (EntrenaTable *table,
                guint         column,
                guint         n_rows)
{
  guint width = CELL_MIN_CHARS;

  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *text = entrena_table_format_cell (table, row, column);

      width = MAX (width, (guint) g_utf8_strlen (text, -1));
      if (width >= CELL_MAX_CHARS)
        return CELL_MAX_CHARS;
    }

  return width;
}

/**
 * entrena_table_preview_clear:
 * @preview: a column view
 *
 * Removes the rows and the columns of @preview.
 */
void
entrena_table_preview_clear (GtkColumnView *preview)
{
  GListModel *columns;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (preview));

  columns = gtk_column_view_get_columns (preview);
  gtk_column_view_set_model (preview, NULL);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (preview, column);
    }
}

/* GTK 4.8 column headers are plain labels. Their second line (type and missing count)
 * is made smaller and dimmer with Pango attributes on the header's label; if a later
 * GTK builds its headers differently, the titles just stay plain. */
static void
style_column_headers (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        continue;

      if (GTK_IS_LABEL (child))
        {
          const char *text = gtk_label_get_label (GTK_LABEL (child));
          const char *newline = strchr (text, '\n');

          if (newline != NULL)
            {
              g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
              PangoAttribute *attr;
              guint start = (guint) (newline - text) + 1;

              attr = pango_attr_scale_new (PANGO_SCALE_SMALL);
              attr->start_index = start;
              pango_attr_list_insert (attrs, attr);

              attr = pango_attr_weight_new (PANGO_WEIGHT_NORMAL);
              attr->start_index = start;
              pango_attr_list_insert (attrs, attr);

              attr = pango_attr_foreground_alpha_new (G_MAXUINT16 * 7 / 10);
              attr->start_index = start;
              pango_attr_list_insert (attrs, attr);

              gtk_label_set_attributes (GTK_LABEL (child), attrs);
            }
        }

      style_column_headers (child);
    }
}

/**
 * entrena_table_preview_fill:
 * @preview: an empty column view
 * @table: a table
 * @columns: (element-type EntrenaColumnItem): one item for each column of @table
 *
 * Shows the first %ENTRENA_TABLE_PREVIEW_ROWS rows of @table in @preview, one
 * column for each of @columns (the first %ENTRENA_TABLE_PREVIEW_COLUMNS)
 * headed by its name and facts.
 */
void
entrena_table_preview_fill (GtkColumnView *preview,
                            EntrenaTable  *table,
                            GListModel    *columns)
{
  guint n_rows;
  guint n_columns;
  g_autoptr(GListStore) rows = g_list_store_new (ENTRENA_TYPE_PREVIEW_ROW);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (preview));
  g_return_if_fail (table != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (columns));

  n_rows = MIN (entrena_table_get_n_rows (table), ENTRENA_TABLE_PREVIEW_ROWS);
  n_columns = MIN (g_list_model_get_n_items (columns), ENTRENA_TABLE_PREVIEW_COLUMNS);
  items = g_ptr_array_new_full (n_rows, g_object_unref);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(EntrenaColumnItem) item = g_list_model_get_item (columns, i);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autofree char *summary = entrena_column_item_dup_summary (item);
      g_autofree char *title = NULL;
      gboolean numeric = entrena_column_item_get_column_type (item) == ENTRENA_COLUMN_NUMERIC;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
      g_object_set_data (G_OBJECT (factory), "nat-chars",
                         GUINT_TO_POINTER (measure_column (table, i, n_rows)));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      /* Each column's factory holds the table its cells come from. */
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell_cb),
                             entrena_table_ref (table), (GClosureNotify) entrena_table_unref, 0);

      /* GTK 4.8 column headers hold one plain string: the name, then its facts below. */
      title = g_strdup_printf ("%s\n%s", entrena_column_item_get_name (item), summary);
      column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      /* Spare width goes to every column, so a narrow table still fills its frame. */
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (preview, column);
    }

  for (guint i = 0; i < n_rows; i++)
    {
      EntrenaPreviewRow *row = g_object_new (ENTRENA_TYPE_PREVIEW_ROW, NULL);

      row->row = i;
      g_ptr_array_add (items, row);
    }
  g_list_store_splice (rows, 0, 0, items->pdata, items->len);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (preview, GTK_SELECTION_MODEL (selection));

  style_column_headers (GTK_WIDGET (preview));
}
