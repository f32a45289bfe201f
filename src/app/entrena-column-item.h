/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "entrena-table.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_COLUMN_ITEM (entrena_column_item_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaColumnItem, entrena_column_item, ENTRENA, COLUMN_ITEM, GObject)

G_GNUC_WARN_UNUSED_RESULT
EntrenaColumnItem *entrena_column_item_new             (EntrenaTable      *table,
                                                        guint              column);

guint              entrena_column_item_get_index       (EntrenaColumnItem *self);
const char        *entrena_column_item_get_name        (EntrenaColumnItem *self);
EntrenaColumnType  entrena_column_item_get_column_type (EntrenaColumnItem *self);
guint              entrena_column_item_get_missing     (EntrenaColumnItem *self);
guint              entrena_column_item_get_distinct    (EntrenaColumnItem *self);
gboolean           entrena_column_item_get_feature     (EntrenaColumnItem *self);
void               entrena_column_item_set_feature     (EntrenaColumnItem *self,
                                                        gboolean           feature);
gboolean           entrena_column_item_get_target      (EntrenaColumnItem *self);
void               entrena_column_item_set_target      (EntrenaColumnItem *self,
                                                        gboolean           target);

const char        *entrena_column_type_get_label       (EntrenaColumnType  type);
G_GNUC_WARN_UNUSED_RESULT
char              *entrena_column_item_dup_summary     (EntrenaColumnItem *self);

G_END_DECLS
