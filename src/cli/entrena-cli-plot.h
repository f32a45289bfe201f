/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-training.h"

G_BEGIN_DECLS

/**
 * entrena_cli_plot:
 * @training: a run, finished, stopped or diverged
 * @path: where to write the chart, a file name ending in .png, .svg or .pdf
 * @error: return location for a #GError
 *
 * Draws the run's loss chart as the window does (light style, 1280×800:
 * pixels for PNG, points for SVG and PDF) and writes it atomically.
 *
 * Returns: %TRUE on success
 */
gboolean entrena_cli_plot (const EntrenaTraining *training,
                           const char            *path,
                           GError               **error);

G_END_DECLS
