/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaProgressFunc:
 * @done: units done so far (bytes read, epochs run, ...)
 * @total: units in all, or 0 when unknown
 * @user_data: closure data
 *
 * Reports progress from a long operation. It is called on the thread that runs
 * the operation, so a GUI must forward it to its main context itself.
 */
typedef void (*EntrenaProgressFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

G_END_DECLS
