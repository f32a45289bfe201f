/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-run-settings.h"

G_BEGIN_DECLS

/**
 * entrena_run_settings_describe_change:
 * @previous: (nullable): the settings of the run before, or %NULL for the
 *   first run (which is then compared with the lesson's defaults)
 * @current: the settings of this run
 *
 * What differs from @previous, the way a class would name a run: "learning
 * rate 0.1", "layers 64, 32 → 16", "seed 7, epochs 200", in the user's
 * language and number format. Settings are compared through their GVariant
 * form (entrena_run_settings_to_variant()), so a new setting takes one line
 * of the table in the source.
 *
 * Returns: (transfer full): the change, or "same settings" (or for a first
 * run with the lesson's values "lesson settings")
 */
char *entrena_run_settings_describe_change (const EntrenaRunSettings *previous,
                                            const EntrenaRunSettings *current) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_run_settings_describe:
 * @settings: a run's settings
 *
 * Every setting the change above can name, one "name: value" per line, for
 * showing a run's settings.
 *
 * Returns: (transfer full): the lines
 */
char *entrena_run_settings_describe        (const EntrenaRunSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
