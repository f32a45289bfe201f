/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-predictor.h"
#include "entrena-run.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_TRY_IT (entrena_try_it_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaTryIt, entrena_try_it, ENTRENA, TRY_IT, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget        *entrena_try_it_new               (void);

void              entrena_try_it_set_model         (EntrenaTryIt     *self,
                                                    EntrenaPredictor *predictor,
                                                    EntrenaRunResult *run);
EntrenaPredictor *entrena_try_it_get_predictor     (EntrenaTryIt     *self);
EntrenaRunResult *entrena_try_it_get_run           (EntrenaTryIt     *self);

guint             entrena_try_it_get_n_rows        (EntrenaTryIt     *self);
guint             entrena_try_it_get_row           (EntrenaTryIt     *self);
void              entrena_try_it_set_row           (EntrenaTryIt     *self,
                                                    guint             row);

GtkWidget        *entrena_try_it_get_field         (EntrenaTryIt     *self,
                                                    guint             input);
const float      *entrena_try_it_get_probabilities (EntrenaTryIt     *self,
                                                    guint            *n_classes);
gboolean          entrena_try_it_get_value         (EntrenaTryIt     *self,
                                                    double           *value);

G_END_DECLS
