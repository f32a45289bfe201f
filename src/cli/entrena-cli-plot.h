/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-run.h"
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

/**
 * entrena_cli_map_axes:
 * @run: a run that has started
 * @axes: (nullable): "COL_X,COL_Y", or %NULL for the default axes
 * @x_feature: (out): the horizontal axis
 * @y_feature: (out): the vertical axis
 * @error: return location for a #GError
 *
 * Picks the decision map's axes before training, so that a wrong column
 * fails at once: @axes, or the two numeric inputs with the largest
 * first-layer weights of the network so far.
 *
 * Returns: %TRUE when the data has such axes
 */
gboolean entrena_cli_map_axes         (const EntrenaRunResult *run,
                                       const char             *axes,
                                       guint                  *x_feature,
                                       guint                  *y_feature,
                                       GError                **error);

/**
 * entrena_cli_plot_decision_map:
 * @run: a run that has trained
 * @axes: (nullable): "COL_X,COL_Y", or %NULL for the default axes (from
 *   the trained network's first-layer weights)
 * @path: where to write the map, a file name ending in .png, .svg or .pdf
 * @error: return location for a #GError
 *
 * Draws the decision map of the trained network as the window does (light
 * style, 1000×900) and writes it atomically.
 *
 * Returns: %TRUE on success
 */
gboolean entrena_cli_plot_decision_map (const EntrenaRunResult *run,
                                        const char             *axes,
                                        const char             *path,
                                        GError                **error);

/**
 * entrena_cli_plot_regression:
 * @run: a finished regression run (its test metrics measured)
 * @path: where to write, a file name ending in .png, .svg or .pdf
 * @residuals: the residual histogram, or the predicted-against-actual scatter
 * @error: return location for a #GError
 *
 * Draws the test rows' picture as the window exports it (light style,
 * 1200×675) and writes it atomically; fails for a classification run.
 *
 * Returns: %TRUE on success
 */
gboolean entrena_cli_plot_regression   (const EntrenaRunResult *run,
                                        const char             *path,
                                        gboolean                residuals,
                                        GError                **error);

G_END_DECLS
