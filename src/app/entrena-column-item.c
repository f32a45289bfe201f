/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-column-item"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-column-item.h"

/**
 * EntrenaColumnItem:
 *
 * One column of the loaded table, as the data pane lists it: what the loader
 * found out about it (name, type, missing and distinct cells) and what the user
 * chose (whether it is a feature, whether it is the target).
 *
 * Items are created on the main thread from a finished table, so they copy what
 * they show and keep no reference to the table.
 */
struct _EntrenaColumnItem
{
  GObject           parent_instance;

  /* Owned */
  char             *name;

  /* Plain state */
  guint             index;
  EntrenaColumnType column_type;
  guint             missing;
  guint             distinct;
  guint             feature : 1;
  guint             target : 1;
};

G_DEFINE_FINAL_TYPE (EntrenaColumnItem, entrena_column_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_NAME,
  PROP_MISSING,
  PROP_DISTINCT,
  PROP_FEATURE,
  PROP_TARGET,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
entrena_column_item_finalize (GObject *object)
{
  EntrenaColumnItem *self = (EntrenaColumnItem *) object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (entrena_column_item_parent_class)->finalize (object);
}

static void
entrena_column_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EntrenaColumnItem *self = ENTRENA_COLUMN_ITEM (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_MISSING:
      g_value_set_uint (value, self->missing);
      break;

    case PROP_DISTINCT:
      g_value_set_uint (value, self->distinct);
      break;

    case PROP_FEATURE:
      g_value_set_boolean (value, self->feature);
      break;

    case PROP_TARGET:
      g_value_set_boolean (value, self->target);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_column_item_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EntrenaColumnItem *self = ENTRENA_COLUMN_ITEM (object);

  switch (prop_id)
    {
    case PROP_FEATURE:
      entrena_column_item_set_feature (self, g_value_get_boolean (value));
      break;

    case PROP_TARGET:
      entrena_column_item_set_target (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_column_item_class_init (EntrenaColumnItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = entrena_column_item_finalize;
  object_class->get_property = entrena_column_item_get_property;
  object_class->set_property = entrena_column_item_set_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MISSING] =
    g_param_spec_uint ("missing", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_DISTINCT] =
    g_param_spec_uint ("distinct", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_FEATURE] =
    g_param_spec_boolean ("feature", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TARGET] =
    g_param_spec_boolean ("target", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
entrena_column_item_init (EntrenaColumnItem *self)
{
  self->feature = TRUE;
}

/**
 * entrena_column_item_new:
 * @table: a loaded table
 * @column: a column of @table
 *
 * Describes @column. The item starts as a feature unless the column looks like
 * a row identifier; it is never the target until the caller says so.
 *
 * Returns: (transfer full): a new item
 */
EntrenaColumnItem *
entrena_column_item_new (EntrenaTable *table,
                         guint         column)
{
  EntrenaColumnItem *self;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column < entrena_table_get_n_columns (table), NULL);

  self = g_object_new (ENTRENA_TYPE_COLUMN_ITEM, NULL);
  self->index = column;
  self->name = g_strdup (entrena_table_get_column_name (table, column));
  self->column_type = entrena_table_get_column_type (table, column);
  self->missing = entrena_table_get_column_missing (table, column);
  self->distinct = entrena_table_get_column_distinct (table, column);
  self->feature = self->column_type != ENTRENA_COLUMN_IDENTIFIER;

  return self;
}

guint
entrena_column_item_get_index (EntrenaColumnItem *self)
{
  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), 0);

  return self->index;
}

const char *
entrena_column_item_get_name (EntrenaColumnItem *self)
{
  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), NULL);

  return self->name;
}

EntrenaColumnType
entrena_column_item_get_column_type (EntrenaColumnItem *self)
{
  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), ENTRENA_COLUMN_NUMERIC);

  return self->column_type;
}

guint
entrena_column_item_get_missing (EntrenaColumnItem *self)
{
  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), 0);

  return self->missing;
}

guint
entrena_column_item_get_distinct (EntrenaColumnItem *self)
{
  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), 0);

  return self->distinct;
}

gboolean
entrena_column_item_get_feature (EntrenaColumnItem *self)
{
  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), FALSE);

  return self->feature;
}

/**
 * entrena_column_item_set_feature:
 * @self: a column item
 * @feature: whether the network should learn from this column
 *
 * The choice is kept even while the column is the target, so it comes back
 * when another column becomes the target.
 */
void
entrena_column_item_set_feature (EntrenaColumnItem *self,
                                 gboolean           feature)
{
  g_return_if_fail (ENTRENA_IS_COLUMN_ITEM (self));

  feature = !!feature;
  if (self->feature == feature)
    return;

  self->feature = feature;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURE]);
}

gboolean
entrena_column_item_get_target (EntrenaColumnItem *self)
{
  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), FALSE);

  return self->target;
}

void
entrena_column_item_set_target (EntrenaColumnItem *self,
                                gboolean           target)
{
  g_return_if_fail (ENTRENA_IS_COLUMN_ITEM (self));

  target = !!target;
  if (self->target == target)
    return;

  self->target = target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/**
 * entrena_column_type_get_label:
 * @type: a column type
 *
 * Returns: (transfer none): the type as a translated, lower-case word
 */
const char *
entrena_column_type_get_label (EntrenaColumnType type)
{
  switch (type)
    {
    case ENTRENA_COLUMN_NUMERIC:
      /* Translators: a column type, shown under the column name */
      return C_("column type", "numeric");

    case ENTRENA_COLUMN_CATEGORICAL:
      /* Translators: a column type: text values such as class names */
      return C_("column type", "categorical");

    case ENTRENA_COLUMN_IDENTIFIER:
      /* Translators: a column type: a row number or unique id, not useful to learn from */
      return C_("column type", "identifier");

    default:
      g_return_val_if_reached ("");
    }
}

/**
 * entrena_column_item_dup_summary:
 * @self: a column item
 *
 * Returns: (transfer full): the column's type and missing count, e.g.
 *   "numeric · 2 missing", for a header or a row subtitle
 */
char *
entrena_column_item_dup_summary (EntrenaColumnItem *self)
{
  g_autofree char *missing = NULL;

  g_return_val_if_fail (ENTRENA_IS_COLUMN_ITEM (self), NULL);

  /* Translators: the number of empty cells in a column */
  missing = g_strdup_printf (ngettext ("%u missing", "%u missing", self->missing), self->missing);

  /* Translators: a column's type, then its count of empty cells, e.g. "numeric · 2 missing" */
  return g_strdup_printf (C_("column summary", "%s · %s"),
                          entrena_column_type_get_label (self->column_type),
                          missing);
}
