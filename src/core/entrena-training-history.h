/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-training.h"

G_BEGIN_DECLS

/**
 * entrena_training_format_history:
 * @training: a run
 *
 * The run's epochs as CSV, one row per epoch after the header
 * `epoch,train_loss,test_loss,test_accuracy,seconds`: every float with the
 * digits that read it back exactly, the seconds to the microsecond, always
 * with a decimal point.
 *
 * Returns: (transfer full): the CSV text
 */
char    *entrena_training_format_history (const EntrenaTraining *training) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_training_write_history:
 * @training: a run
 * @file: where to write
 * @error: return location for a #GError
 *
 * Writes entrena_training_format_history() to @file, replacing it in one
 * step, so a reader never sees half a file.
 *
 * Returns: %TRUE on success
 */
gboolean entrena_training_write_history  (const EntrenaTraining *training,
                                          GFile                 *file,
                                          GError               **error);

G_END_DECLS
