/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "entrena-table.h"

G_BEGIN_DECLS

/* Rows shown in the preview; the table itself may be much longer. */
#define ENTRENA_TABLE_PREVIEW_ROWS 200

/* Columns shown in the preview, and rows in the feature list: a file of
 * 100,000 columns would otherwise make as many widgets, gigabytes of them. */
#define ENTRENA_TABLE_PREVIEW_COLUMNS 100
#define ENTRENA_FEATURE_LIST_ROWS 200

void entrena_table_preview_fill  (GtkColumnView *preview,
                                  EntrenaTable  *table,
                                  GListModel    *columns);
void entrena_table_preview_clear (GtkColumnView *preview);

G_END_DECLS
