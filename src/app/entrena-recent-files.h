/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       entrena_recent_files_add            (GtkRecentManager *manager,
                                                const char       *uri);
G_GNUC_WARN_UNUSED_RESULT
GPtrArray *entrena_recent_files_dup_data_files (GtkRecentManager *manager);

G_END_DECLS
