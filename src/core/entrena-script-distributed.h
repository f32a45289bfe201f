/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-model-info.h"

G_BEGIN_DECLS

/**
 * entrena_script_generate_distributed:
 * @info: how the run read its data and what it trained
 * @csv_path: (nullable): the path the script reads by default; the source
 *   name when %NULL
 * @error: return location for an error
 *
 * Writes the script of entrena_script_generate() for torchrun: each process
 * (rank) trains a contiguous shard of the training rows under
 * DistributedDataParallel, with the gradient weighted so that every step
 * equals the single-process full-batch step. Mini-batches are refused: their
 * shuffled batches do not fall on contiguous shards.
 *
 * Returns: (transfer full) (nullable): the script's text, or %NULL with
 *   @error set
 */
char *entrena_script_generate_distributed (const EntrenaModelInfo *info,
                                           const char             *csv_path,
                                           GError                **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
