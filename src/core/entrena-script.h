/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-model-info.h"

G_BEGIN_DECLS

/**
 * entrena_script_generate:
 * @info: how the run read its data and what it trained
 * @csv_path: (nullable): the path the script reads by default; the source
 *   name when %NULL. The script also takes a path as its first argument.
 *
 * Writes a runnable, commented Python script that reproduces the run with
 * pandas, scikit-learn and PyTorch: the same columns, labels, encoding,
 * missing-value policy, split, scaling, seed, layers and the lesson's training
 * loop, and plots the loss curve (when matplotlib is there).
 *
 * Returns: (transfer full): the script's text
 */
char *entrena_script_generate (const EntrenaModelInfo *info,
                               const char             *csv_path) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
