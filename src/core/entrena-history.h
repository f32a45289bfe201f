/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * EntrenaHistory:
 *
 * A training history read back from the CSV that
 * entrena_training_write_history() writes: a row per epoch, numbered from 1,
 * and a column of values per header name (train_loss, test_loss,
 * test_accuracy, train_accuracy, seconds, and any a later version adds).
 */
typedef struct _EntrenaHistory EntrenaHistory;

/**
 * entrena_history_load:
 * @file: a history CSV file
 * @error: return location for a #GError
 *
 * Reads @file, trusting nothing in it: a file that is not a history (no
 * "epoch" column, a row with too few or too many cells, a cell that is not
 * a number, epochs not counting 1, 2, 3…) is refused with an error that
 * names the file and the line.
 *
 * Returns: (transfer full): the history, or %NULL with @error set
 */
EntrenaHistory *entrena_history_load           (GFile                *file,
                                                GError              **error);
void            entrena_history_free           (EntrenaHistory       *history);

guint           entrena_history_get_n_epochs   (const EntrenaHistory *history);
/* The values of column @name, one per epoch, or %NULL when the file has no
 * such column. (transfer none) */
const float    *entrena_history_get_column     (const EntrenaHistory *history,
                                                const char           *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaHistory, entrena_history_free)

G_END_DECLS
