/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-training.h"

G_BEGIN_DECLS

/**
 * entrena_training_write_history:
 * @training: a run
 * @file: where to write
 * @error: return location for a #GError
 *
 * Writes the run's epochs to @file as CSV, one row per epoch after the
 * header `epoch,train_loss,test_loss,test_accuracy,seconds,train_accuracy`:
 * every float with the digits that read it back exactly, the seconds to the
 * microsecond, always with a decimal point. The test accuracy is measured
 * after the epoch's step, the train accuracy before it, from the forward
 * pass of the train loss; train_accuracy comes last so that the earlier
 * columns keep their places. The file is replaced in one step, so a reader
 * never sees half of it.
 *
 * Returns: %TRUE on success
 */
gboolean entrena_training_write_history (const EntrenaTraining *training,
                                         GFile                 *file,
                                         GError               **error);

G_END_DECLS
