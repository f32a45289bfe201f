/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-trainer.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_RUN_BAR (entrena_run_bar_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaRunBar, entrena_run_bar, ENTRENA, RUN_BAR, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_run_bar_new           (void);

double     entrena_run_bar_get_pace      (EntrenaRunBar          *self);
void       entrena_run_bar_set_pace      (EntrenaRunBar          *self,
                                          double                  pace);
void       entrena_run_bar_lock_pace     (EntrenaRunBar          *self,
                                          gboolean                locked,
                                          gboolean                hidden);
void       entrena_run_bar_set_paused    (EntrenaRunBar          *self,
                                          gboolean                paused);
void       entrena_run_bar_set_can_train_more (EntrenaRunBar     *self,
                                          gboolean                can_train_more,
                                          guint                   epochs);

void       entrena_run_bar_show_progress (EntrenaRunBar          *self,
                                          EntrenaTrainer         *trainer);
void       entrena_run_bar_show_result   (EntrenaRunBar          *self,
                                          const EntrenaRunResult *result);

G_END_DECLS
