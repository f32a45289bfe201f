/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-dataset.h"
#include "entrena-training.h"

G_BEGIN_DECLS

/**
 * EntrenaRunSettings:
 * @data: the target, the columns left out, the categorical columns and the
 *   missing-value policy; here an @exclude of %NULL means the suggested
 *   columns (identifiers and empty columns), never the target
 * @test_size: the test fraction (0.2)
 * @stratify: keep class proportions in both sets
 * @training: the network and optimiser settings; its seed also seeds the
 *   split, as the lesson uses 42 for both
 *
 * Everything a person chooses between opening a file and pressing Train.
 * The strings are borrowed: whoever fills the settings keeps them alive.
 */
typedef struct
{
  EntrenaDatasetOptions   data;
  double                  test_size;
  gboolean                stratify;
  EntrenaTrainingSettings training;
} EntrenaRunSettings;

void            entrena_run_settings_init         (EntrenaRunSettings *settings);

/**
 * entrena_run_settings_to_variant:
 * @settings: the choices
 *
 * The settings as an `a{sv}` dictionary with the keys of the settings schema:
 * "test-size" (d), "stratify" (b), "hidden-layers" (s, as "64,32"),
 * "learning-rate" (d), "epochs" (u), "seed" (u), "batch-size" (u),
 * "standardize" (b), "val-size" (d, 0 for none), "patience" (u, 0 for no
 * early stopping), "activation" (s, as "relu"), "task" (s: "auto",
 * "classification" or "regression") and "scale-target" (b); and, when @settings names
 * a target, "target" (s), "exclude" (as) and "missing" (u).
 *
 * Returns: (transfer full): a new, non-floating `a{sv}` variant
 */
GVariant       *entrena_run_settings_to_variant   (const EntrenaRunSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

/**
 * entrena_run_settings_from_variant:
 * @settings: the settings to update
 * @variant: an `a{sv}` dictionary such as entrena_run_settings_to_variant()
 *   makes
 * @exclude: (out) (optional) (transfer container): where to put the "exclude"
 *   list, when @variant has one; free it with g_free(). Without it, the
 *   columns left out are not read.
 *
 * Takes every known key of @variant into @settings; keys that are missing,
 * mistyped or out of range leave their setting as it was. The strings
 * (target, the excluded columns) point into @variant, which must outlive
 * @settings' use of them.
 */
void            entrena_run_settings_from_variant (EntrenaRunSettings  *settings,
                                                   GVariant            *variant,
                                                   const char        ***exclude);

G_END_DECLS
