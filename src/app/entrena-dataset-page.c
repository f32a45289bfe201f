/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-dataset-page"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-column-item.h"
#include "entrena-dataset-page.h"
#include "entrena-feature-row.h"
#include "entrena-format.h"
#include "entrena-setting-rows.h"
#include "entrena-table-preview.h"

/*
 * EntrenaDatasetPage shows a loaded table and keeps what the user chose to
 * learn from it: the target column, the feature columns and the missing-value
 * policy. On the left, the choices; on the right, a summary and a preview of the
 * first rows with one column per CSV column (entrena-table-preview.c). Each
 * column's row in the list is made by entrena-feature-row.c.
 */

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
  g_autofree char *rows_n = entrena_format_count (n_rows);
  g_autofree char *columns_n = entrena_format_count (n_columns);
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

/* A note under the preview when a table has more columns than the preview
 * and the feature list show; "" otherwise. */
static char *
build_columns_note (EntrenaTable *table)
{
  guint n_columns = entrena_table_get_n_columns (table);
  g_autofree char *columns_n = entrena_format_count (n_columns);
  g_autofree char *preview_n = entrena_format_count (ENTRENA_TABLE_PREVIEW_COLUMNS);
  g_autofree char *list_n = entrena_format_count (ENTRENA_FEATURE_LIST_ROWS);

  if (n_columns <= ENTRENA_TABLE_PREVIEW_COLUMNS)
    return g_strdup ("");

  /* Translators: the numbers of columns shown in the preview and in the feature
   * list, then the number in the file, all already formatted */
  return g_strdup_printf (_(" The preview shows the first %s columns and the feature list the first %s "
                            "of %s; the columns not listed are features too."),
                          preview_n, list_n, columns_n);
}

static char *
build_footer (EntrenaTable *table)
{
  guint n_rows = entrena_table_get_n_rows (table);
  g_autofree char *rows_n = entrena_format_count (n_rows);
  g_autofree char *note = build_columns_note (table);
  g_autofree char *rows_text = NULL;

  if (n_rows <= ENTRENA_TABLE_PREVIEW_ROWS)
    {
      /* Translators: %s is a number of rows, already formatted */
      rows_text = g_strdup_printf (ngettext ("Showing %s row.", "Showing all %s rows.", n_rows),
                                   rows_n);
    }
  else
    {
      g_autofree char *shown_n = entrena_format_count (ENTRENA_TABLE_PREVIEW_ROWS);

      /* Translators: the first %s is the number of rows shown, the second the number in the file */
      rows_text = g_strdup_printf (ngettext ("Showing the first %s of %s row.",
                                             "Showing the first %s of %s rows.",
                                             n_rows),
                                   shown_n, rows_n);
    }

  return g_strconcat (rows_text, note, NULL);
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

static GtkWidget *
create_feature_row (gpointer item,
                    gpointer user_data)
{
  return entrena_feature_row_new (item);
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
      g_autofree char *count = entrena_format_count (n_missing);
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
    entrena_table_preview_clear (self->preview);

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
  g_autoptr(GtkSliceListModel) feature_rows = NULL;

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

  /* The first columns only: every one is a row of widgets. */
  feature_rows = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->columns)), 0,
                                           ENTRENA_FEATURE_LIST_ROWS);
  gtk_list_box_bind_model (self->features_list, G_LIST_MODEL (feature_rows),
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

  entrena_table_preview_clear (self->preview);
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
  entrena_table_preview_fill (self->preview, self->table, G_LIST_MODEL (self->columns));
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

/**
 * entrena_dataset_page_lock_setting:
 * @self: a dataset page
 * @name: "target", "exclude" or "missing", as a lesson names them
 * @locked: shown but fixed
 * @hidden: not shown
 *
 * Shows the data choice @name as a lesson wants it; other names are ignored.
 */
void
entrena_dataset_page_lock_setting (EntrenaDatasetPage *self,
                                   const char         *name,
                                   gboolean            locked,
                                   gboolean            hidden)
{
  GtkWidget *widget = NULL;

  g_return_if_fail (ENTRENA_IS_DATASET_PAGE (self));
  g_return_if_fail (name != NULL);

  if (g_str_equal (name, "target"))
    widget = gtk_widget_get_ancestor (GTK_WIDGET (self->target_dropdown), ADW_TYPE_ACTION_ROW);
  else if (g_str_equal (name, "missing"))
    widget = GTK_WIDGET (self->missing_row);
  else if (g_str_equal (name, "exclude"))
    widget = gtk_widget_get_ancestor (GTK_WIDGET (self->features_list), ADW_TYPE_PREFERENCES_GROUP);

  if (widget != NULL)
    entrena_setting_rows_lock (widget, locked, hidden);
}
