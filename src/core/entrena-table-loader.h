/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-table.h"

G_BEGIN_DECLS

/**
 * EntrenaTableLoadProgressFunc:
 * @source_object: the object that started the load
 * @done: bytes read so far
 * @total: bytes in all, or 0 when unknown
 * @user_data: closure data
 *
 * Progress of a load, called on the main context of the caller of
 * entrena_table_load_file_async(), at most about 30 times a second.
 */
typedef void (*EntrenaTableLoadProgressFunc) (gpointer source_object,
                                              guint64  done,
                                              guint64  total,
                                              gpointer user_data);

void          entrena_table_load_file_async (gpointer                     source_object,
                                             GFile                       *file,
                                             GCancellable                *cancellable,
                                             EntrenaTableLoadProgressFunc progress,
                                             gpointer                     progress_data,
                                             GAsyncReadyCallback          callback,
                                             gpointer                     user_data);
void          entrena_table_load_demo_async (gpointer                     source_object,
                                             const char                  *demo_id,
                                             GCancellable                *cancellable,
                                             GAsyncReadyCallback          callback,
                                             gpointer                     user_data);
G_GNUC_WARN_UNUSED_RESULT
EntrenaTable *entrena_table_load_finish     (GAsyncResult                *result,
                                             GError                     **error);

G_END_DECLS
