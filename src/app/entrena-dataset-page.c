/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-dataset-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "entrena-column-item.h"
#include "entrena-dataset-page.h"

/*
 * EntrenaDatasetPage shows a loaded table and keeps what the user chose to
 * learn from it: the target column, the feature columns and the missing-value
 * policy. On the left, the choices; on the right, a summary and a preview of the
 * first rows with one column per CSV column.
 */

/* Rows shown in the preview; the table itself may be much longer. */
#define PREVIEW_ROWS 200

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

struct _EntrenaDatasetPage
{
  AdwBin                parent_instance;

  /* Template children */
  GtkDropDown          *target_dropdown;
  AdwActionRow         *missing_row;
  GtkDropDown          *missing_dropdown;
  GtkListBox           *features_list;
  GtkLabel             *title_label;
  GtkLabel             *summary_label;
  GtkColumnView        *preview;
  GtkLabel             *footer_label;

  /* Owned references */
  EntrenaTable         *table;
  GListStore           *columns;  /* EntrenaColumnItem, one per table column, in table order */

  /* Plain state */
  EntrenaMissingPolicy  missing_policy;
  int                   target_column;
};

G_DEFINE_FINAL_TYPE (EntrenaDatasetPage, entrena_dataset_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TARGET_COLUMN,
  PROP_MISSING_POLICY,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* Short names for the missing-value policies, shown in the closed drop-down;
 * the open list shows the full sentences from the .ui file. */
static const char * const missing_policy_short[] = {
  [ENTRENA_MISSING_DROP_ROWS] = N_("Drop rows"),
  [ENTRENA_MISSING_FILL] = N_("Fill in"),
};

static char *
format_count (guint n)
{
  /* The ' flag groups digits as the locale does: 12,345 or 12.345. */
  return g_strdup_printf ("%'u", n);
}

static const char *
describe_delimiter (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return _("comma-separated");

    case ';':
      return _("semicolon-separated");

    case '\t':
      return _("tab-separated");

    case '|':
      return _("separated by vertical bars");

    case ' ':
      return _("separated by spaces");

    default:
      return _("separated by a custom character");
    }
}

static char *
build_summary (EntrenaTable *table)
{
  guint n_rows = entrena_table_get_n_rows (table);
  guint n_columns = entrena_table_get_n_columns (table);
  g_autofree char *rows_n = format_count (n_rows);
  g_autofree char *columns_n = format_count (n_columns);
  g_autofree char *rows = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *shape = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  /* Translators: %s is a number of data rows, already formatted */
  rows = g_strdup_printf (ngettext ("%s row", "%s rows", n_rows), rows_n);
  /* Translators: %s is a number of columns, already formatted */
  columns = g_strdup_printf (ngettext ("%s column", "%s columns", n_columns), columns_n);
  /* Translators: the size of a table: "150 rows × 5 columns" */
  shape = g_strdup_printf (_("%s × %s"), rows, columns);

  g_ptr_array_add (parts, shape);
  g_ptr_array_add (parts, (gpointer) describe_delimiter (entrena_table_get_delimiter (table)));
  g_ptr_array_add (parts, entrena_table_get_has_header (table)
                            ? _("header row")
                            : _("no header row"));
  if (entrena_table_get_decimal_comma (table))
    g_ptr_array_add (parts, _("decimal commas"));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between the facts in the data summary */
  return g_strjoinv (C_("summary separator", " · "), (char **) parts->pdata);
}

static char *
build_footer (EntrenaTable *table)
{
  guint n_rows = entrena_table_get_n_rows (table);
  g_autofree char *rows_n = format_count (n_rows);

  if (n_rows <= PREVIEW_ROWS)
    {
      /* Translators: %s is a number of rows, already formatted */
      return g_strdup_printf (ngettext ("Showing %s row.", "Showing all %s rows.", n_rows),
                              rows_n);
    }
  else
    {
      g_autofree char *shown_n = format_count (PREVIEW_ROWS);

      /* Translators: the first %s is the number of rows shown, the second the number in the file */
      return g_strdup_printf (ngettext ("Showing the first %s of %s row.",
                                        "Showing the first %s of %s rows.",
                                        n_rows),
                              shown_n, rows_n);
    }
}

static guint
count_missing_cells (EntrenaTable *table)
{
  guint n_columns = entrena_table_get_n_columns (table);
  guint total = 0;

  for (guint i = 0; i < n_columns; i++)
    total += entrena_table_get_column_missing (table, i);

  return total;
}

/* Preview cells */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EntrenaDatasetPage       *self)
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
              EntrenaDatasetPage       *self)
{
  GtkWidget *inscription = gtk_list_item_get_child (list_item);
  EntrenaPreviewRow *row = gtk_list_item_get_item (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  if (self->table == NULL)
    return;

  if (entrena_table_is_missing (self->table, row->row, column))
    {
      /* Translators: shown in the preview for an empty cell */
      gtk_inscription_set_text (GTK_INSCRIPTION (inscription), C_("empty cell", "—"));
      gtk_widget_add_css_class (inscription, "missing");
    }
  else
    {
      g_autofree char *text = entrena_table_format_cell (self->table, row->row, column);

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

static void
clear_preview (EntrenaDatasetPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview);

  gtk_column_view_set_model (self->preview, NULL);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->preview, column);
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

static void
fill_preview (EntrenaDatasetPage *self)
{
  guint n_rows = MIN (entrena_table_get_n_rows (self->table), PREVIEW_ROWS);
  guint n_columns = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  g_autoptr(GListStore) rows = g_list_store_new (ENTRENA_TYPE_PREVIEW_ROW);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_rows, g_object_unref);
  g_autoptr(GtkNoSelection) selection = NULL;

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(EntrenaColumnItem) item = g_list_model_get_item (G_LIST_MODEL (self->columns), i);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autofree char *summary = entrena_column_item_dup_summary (item);
      g_autofree char *title = NULL;
      gboolean numeric = entrena_column_item_get_column_type (item) == ENTRENA_COLUMN_NUMERIC;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
      g_object_set_data (G_OBJECT (factory), "nat-chars",
                         GUINT_TO_POINTER (measure_column (self->table, i, n_rows)));
      g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell_cb), self, 0);
      g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell_cb), self, 0);

      /* GTK 4.8 column headers hold one plain string: the name, then its facts below. */
      title = g_strdup_printf ("%s\n%s", entrena_column_item_get_name (item), summary);
      column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      /* Spare width goes to every column, so a narrow table still fills its frame. */
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->preview, column);
    }

  for (guint i = 0; i < n_rows; i++)
    {
      EntrenaPreviewRow *row = g_object_new (ENTRENA_TYPE_PREVIEW_ROW, NULL);

      row->row = i;
      g_ptr_array_add (items, row);
    }
  g_list_store_splice (rows, 0, 0, items->pdata, items->len);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (self->preview, GTK_SELECTION_MODEL (selection));

  style_column_headers (GTK_WIDGET (self->preview));
}

/* Feature rows */

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

static GtkWidget *
create_feature_row (gpointer item,
                    gpointer user_data)
{
  EntrenaColumnItem *column = item;
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

/* Missing-value drop-down */

static void
setup_policy_label_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_policy_short_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  guint position = gtk_list_item_get_position (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (position < G_N_ELEMENTS (missing_policy_short))
    gtk_label_set_label (GTK_LABEL (label), _(missing_policy_short[position]));
}

static void
bind_policy_long_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (string));
}

static void
set_up_missing_dropdown (EntrenaDatasetPage *self)
{
  g_autoptr(GtkListItemFactory) button_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (button_factory, "setup", G_CALLBACK (setup_policy_label_cb), NULL);
  g_signal_connect (button_factory, "bind", G_CALLBACK (bind_policy_short_cb), NULL);
  g_signal_connect (list_factory, "setup", G_CALLBACK (setup_policy_label_cb), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (bind_policy_long_cb), NULL);

  gtk_drop_down_set_factory (self->missing_dropdown, button_factory);
  gtk_drop_down_set_list_factory (self->missing_dropdown, list_factory);
}

static void
update_missing_row (EntrenaDatasetPage *self)
{
  guint n_missing = self->table != NULL ? count_missing_cells (self->table) : 0;

  if (n_missing == 0)
    {
      adw_action_row_set_subtitle (self->missing_row, _("No cells are empty in this file"));
    }
  else
    {
      g_autofree char *count = format_count (n_missing);
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a number of cells, already formatted */
      subtitle = g_strdup_printf (ngettext ("%s cell is empty", "%s cells are empty", n_missing),
                                  count);
      adw_action_row_set_subtitle (self->missing_row, subtitle);
    }
}

/* Callbacks */

static void
target_selected_cb (EntrenaDatasetPage *self,
                    GParamSpec         *pspec,
                    GtkDropDown        *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  guint n_columns = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  int target = selected < n_columns ? (int) selected : -1;

  if (target == self->target_column)
    return;

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(EntrenaColumnItem) item = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      entrena_column_item_set_target (item, (int) i == target);
    }

  self->target_column = target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_COLUMN]);
}

static void
missing_selected_cb (EntrenaDatasetPage *self,
                     GParamSpec         *pspec,
                     GtkDropDown        *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == ENTRENA_MISSING_DROP_ROWS || selected == ENTRENA_MISSING_FILL)
    entrena_dataset_page_set_missing_policy (self, (EntrenaMissingPolicy) selected);
}

/* GObject */

static void
entrena_dataset_page_dispose (GObject *object)
{
  EntrenaDatasetPage *self = (EntrenaDatasetPage *) object;

  if (self->preview != NULL)
    clear_preview (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_DATASET_PAGE);

  g_clear_object (&self->columns);
  g_clear_pointer (&self->table, entrena_table_unref);

  G_OBJECT_CLASS (entrena_dataset_page_parent_class)->dispose (object);
}

static void
entrena_dataset_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EntrenaDatasetPage *self = ENTRENA_DATASET_PAGE (object);

  switch (prop_id)
    {
    case PROP_TARGET_COLUMN:
      g_value_set_int (value, entrena_dataset_page_get_target_column (self));
      break;

    case PROP_MISSING_POLICY:
      g_value_set_uint (value, entrena_dataset_page_get_missing_policy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_dataset_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EntrenaDatasetPage *self = ENTRENA_DATASET_PAGE (object);

  switch (prop_id)
    {
    case PROP_TARGET_COLUMN:
      entrena_dataset_page_set_target_column (self, g_value_get_int (value));
      break;

    case PROP_MISSING_POLICY:
      entrena_dataset_page_set_missing_policy (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_dataset_page_class_init (EntrenaDatasetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_dataset_page_dispose;
  object_class->get_property = entrena_dataset_page_get_property;
  object_class->set_property = entrena_dataset_page_set_property;

  /**
   * EntrenaDatasetPage:target-column:
   *
   * The table column to predict, or -1 when there is none.
   */
  properties[PROP_TARGET_COLUMN] =
    g_param_spec_int ("target-column", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaDatasetPage:missing-policy:
   *
   * An #EntrenaMissingPolicy: what training does with rows with empty cells.
   */
  properties[PROP_MISSING_POLICY] =
    g_param_spec_uint ("missing-policy", NULL, NULL,
                       ENTRENA_MISSING_DROP_ROWS, ENTRENA_MISSING_FILL, ENTRENA_MISSING_DROP_ROWS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-dataset-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, missing_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, missing_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, features_list);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, preview);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDatasetPage, footer_label);
}

static void
entrena_dataset_page_init (EntrenaDatasetPage *self)
{
  g_autoptr(GtkExpression) name_expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->target_column = -1;
  self->missing_policy = ENTRENA_MISSING_DROP_ROWS;
  self->columns = g_list_store_new (ENTRENA_TYPE_COLUMN_ITEM);

  name_expression = gtk_property_expression_new (ENTRENA_TYPE_COLUMN_ITEM, NULL, "name");
  gtk_drop_down_set_expression (self->target_dropdown, name_expression);
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (self->columns));
  gtk_drop_down_set_selected (self->target_dropdown, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->target_dropdown, "notify::selected",
                           G_CALLBACK (target_selected_cb), self, G_CONNECT_SWAPPED);

  set_up_missing_dropdown (self);
  g_signal_connect_object (self->missing_dropdown, "notify::selected",
                           G_CALLBACK (missing_selected_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->features_list, G_LIST_MODEL (self->columns),
                           create_feature_row, NULL, NULL);
}

GtkWidget *
entrena_dataset_page_new (void)
{
  return g_object_new (ENTRENA_TYPE_DATASET_PAGE, NULL);
}

/**
 * entrena_dataset_page_get_table:
 * @self: a dataset page
 *
 * Returns: (transfer none) (nullable): the table shown, if any
 */
EntrenaTable *
entrena_dataset_page_get_table (EntrenaDatasetPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_DATASET_PAGE (self), NULL);

  return self->table;
}

/**
 * entrena_dataset_page_set_table:
 * @self: a dataset page
 * @table: (nullable): the table to show
 *
 * Shows @table and resets the choices to the suggested ones: the target from
 * entrena_table_suggest_target(), every column but identifiers (and those
 * entrena_table_suggest_exclude() names) as a feature. The missing-value
 * policy is kept, as it is a habit of the user rather than a fact of the file.
 */
void
entrena_dataset_page_set_table (EntrenaDatasetPage *self,
                                EntrenaTable       *table)
{
  g_autoptr(GPtrArray) items = NULL;
  g_auto(GStrv) exclude = NULL;
  guint n_columns;
  int target;

  g_return_if_fail (ENTRENA_IS_DATASET_PAGE (self));

  if (table == self->table)
    return;

  clear_preview (self);
  gtk_drop_down_set_selected (self->target_dropdown, GTK_INVALID_LIST_POSITION);
  g_list_store_remove_all (self->columns);
  g_clear_pointer (&self->table, entrena_table_unref);

  if (table == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->summary_label, "");
      gtk_label_set_label (self->footer_label, "");
      update_missing_row (self);
      return;
    }

  self->table = entrena_table_ref (table);
  n_columns = entrena_table_get_n_columns (table);
  exclude = entrena_table_suggest_exclude (table);

  items = g_ptr_array_new_full (n_columns, g_object_unref);
  for (guint i = 0; i < n_columns; i++)
    {
      EntrenaColumnItem *item = entrena_column_item_new (table, i);

      if (exclude != NULL && g_strv_contains ((const char * const *) exclude,
                                              entrena_column_item_get_name (item)))
        entrena_column_item_set_feature (item, FALSE);

      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->columns, 0, 0, items->pdata, items->len);

  target = entrena_table_suggest_target (table);
  gtk_drop_down_set_selected (self->target_dropdown,
                              target >= 0 ? (guint) target : GTK_INVALID_LIST_POSITION);

  {
    g_autofree char *summary = build_summary (table);
    g_autofree char *footer = build_footer (table);

    gtk_label_set_label (self->title_label, entrena_table_get_display_name (table));
    gtk_label_set_label (self->summary_label, summary);
    gtk_label_set_label (self->footer_label, footer);
  }

  update_missing_row (self);
  fill_preview (self);
}

/**
 * entrena_dataset_page_get_columns:
 * @self: a dataset page
 *
 * Returns: (transfer none): a list of #EntrenaColumnItem, one per table column
 */
GListModel *
entrena_dataset_page_get_columns (EntrenaDatasetPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_DATASET_PAGE (self), NULL);

  return G_LIST_MODEL (self->columns);
}

int
entrena_dataset_page_get_target_column (EntrenaDatasetPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_DATASET_PAGE (self), -1);

  return self->target_column;
}

void
entrena_dataset_page_set_target_column (EntrenaDatasetPage *self,
                                        int                 column)
{
  g_return_if_fail (ENTRENA_IS_DATASET_PAGE (self));
  g_return_if_fail (column >= -1);

  if (column >= (int) g_list_model_get_n_items (G_LIST_MODEL (self->columns)))
    column = -1;

  /* The drop-down is the one place the choice lives; its notify updates the rest. */
  gtk_drop_down_set_selected (self->target_dropdown,
                              column >= 0 ? (guint) column : GTK_INVALID_LIST_POSITION);
}

/**
 * entrena_dataset_page_get_column_is_feature:
 * @self: a dataset page
 * @column: a table column
 *
 * Returns: whether the network will learn from @column: the user ticked it and
 *   it is not the target
 */
gboolean
entrena_dataset_page_get_column_is_feature (EntrenaDatasetPage *self,
                                            guint               column)
{
  g_autoptr(EntrenaColumnItem) item = NULL;

  g_return_val_if_fail (ENTRENA_IS_DATASET_PAGE (self), FALSE);

  item = g_list_model_get_item (G_LIST_MODEL (self->columns), column);
  if (item == NULL)
    return FALSE;

  return entrena_column_item_get_feature (item) && !entrena_column_item_get_target (item);
}

void
entrena_dataset_page_set_column_is_feature (EntrenaDatasetPage *self,
                                            guint               column,
                                            gboolean            feature)
{
  g_autoptr(EntrenaColumnItem) item = NULL;

  g_return_if_fail (ENTRENA_IS_DATASET_PAGE (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->columns), column);
  g_return_if_fail (item != NULL);

  entrena_column_item_set_feature (item, feature);
}

EntrenaMissingPolicy
entrena_dataset_page_get_missing_policy (EntrenaDatasetPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_DATASET_PAGE (self), ENTRENA_MISSING_DROP_ROWS);

  return self->missing_policy;
}

void
entrena_dataset_page_set_missing_policy (EntrenaDatasetPage  *self,
                                         EntrenaMissingPolicy policy)
{
  g_return_if_fail (ENTRENA_IS_DATASET_PAGE (self));
  g_return_if_fail (policy == ENTRENA_MISSING_DROP_ROWS || policy == ENTRENA_MISSING_FILL);

  if (self->missing_policy == policy)
    return;

  self->missing_policy = policy;
  gtk_drop_down_set_selected (self->missing_dropdown, policy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSING_POLICY]);
}

/**
 * entrena_dataset_page_dup_excluded_columns:
 * @self: a dataset page
 *
 * The names of the columns that are neither a feature nor the target, in the
 * form #EntrenaDatasetOptions.exclude takes.
 *
 * Returns: (transfer full): a %NULL-terminated array of column names
 */
char **
entrena_dataset_page_dup_excluded_columns (EntrenaDatasetPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_columns;

  g_return_val_if_fail (ENTRENA_IS_DATASET_PAGE (self), NULL);

  n_columns = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(EntrenaColumnItem) item = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      if (!entrena_column_item_get_feature (item) && !entrena_column_item_get_target (item))
        g_strv_builder_add (builder, entrena_column_item_get_name (item));
    }

  return g_strv_builder_end (builder);
}
