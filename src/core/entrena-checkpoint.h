/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-run.h"
#include "entrena-table.h"

G_BEGIN_DECLS

#define ENTRENA_CHECKPOINT_FORMAT_VERSION 1

/*
 * A checkpoint: a run that trained, saved so that it can go on later from
 * exactly where it stood (entrena-checkpoint.c). It is a model file with more
 * tensors: Adam's moments, the mini-batch generator, the initial weights and
 * the history, and more metadata: Adam's step count, the generator's index,
 * the training time and fingerprints of the data and of the split.
 */

/**
 * entrena_checkpoint_save_bytes:
 * @run: a run that trained at least one epoch and did not diverge, not
 *   training now
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the checkpoint file's content, or %NULL with
 *   @error set
 */
GBytes           *entrena_checkpoint_save_bytes    (EntrenaRunResult  *run,
                                                    GError           **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_checkpoint_save:
 * @run: as for entrena_checkpoint_save_bytes()
 * @file: where to write
 * @error: return location for a #GError
 *
 * Writes @run's checkpoint to @file, replacing it atomically as
 * entrena_model_save() does.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean          entrena_checkpoint_save          (EntrenaRunResult  *run,
                                                    GFile             *file,
                                                    GError           **error);

/**
 * entrena_checkpoint_restore_bytes:
 * @table: the data the run trained on
 * @bytes: the content of a checkpoint file, untrusted
 * @display_name: (nullable): how to name the file in error messages
 * @error: return location for a #GError
 *
 * Rebuilds the run that @bytes saved, on @table, with the checkpoint's
 * settings: weights, optimiser, generator and history exactly as they were,
 * measured again (entrena_run_finish()), ready for entrena_run_train_more().
 * A damaged file is an %ENTRENA_ERROR_FORMAT error; a table whose columns,
 * classes, rows, split or values differ from those the run trained on is an
 * %ENTRENA_ERROR_INVALID_ARGUMENT error that says what differs.
 *
 * Returns: (transfer full): the run, or %NULL with @error set
 */
EntrenaRunResult *entrena_checkpoint_restore_bytes (EntrenaTable      *table,
                                                    GBytes            *bytes,
                                                    const char        *display_name,
                                                    GError           **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_checkpoint_restore:
 * @table: the data the run trained on
 * @file: a checkpoint file
 * @error: return location for a #GError
 *
 * Reads @file and rebuilds its run; see entrena_checkpoint_restore_bytes().
 *
 * Returns: (transfer full): the run, or %NULL with @error set
 */
EntrenaRunResult *entrena_checkpoint_restore       (EntrenaTable      *table,
                                                    GFile             *file,
                                                    GError           **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
