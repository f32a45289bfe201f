/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-dataset-page.h"
#include "entrena-loss-chart.h"
#include "entrena-predictor.h"
#include "entrena-table.h"
#include "entrena-trainer.h"
#include "entrena-training-page.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_WINDOW (entrena_window_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaWindow, entrena_window, ENTRENA, WINDOW, AdwApplicationWindow)

G_GNUC_WARN_UNUSED_RESULT
EntrenaWindow        *entrena_window_new               (GtkApplication *application);

void                  entrena_window_open_file         (EntrenaWindow  *self,
                                                        GFile          *file);
void                  entrena_window_open_file_with_target (EntrenaWindow *self,
                                                            GFile         *file,
                                                            const char    *target);
void                  entrena_window_open_demo         (EntrenaWindow  *self,
                                                        const char     *demo_id);
void                  entrena_window_save_lesson       (EntrenaWindow  *self,
                                                        GFile          *file);
gboolean              entrena_window_get_loading       (EntrenaWindow  *self);
EntrenaTable         *entrena_window_get_table         (EntrenaWindow  *self);
EntrenaDatasetPage   *entrena_window_get_dataset_page  (EntrenaWindow  *self);

EntrenaTrainingPage  *entrena_window_get_training_page (EntrenaWindow  *self);
EntrenaLossChart     *entrena_window_get_loss_chart    (EntrenaWindow  *self);
gboolean              entrena_window_get_training      (EntrenaWindow  *self);
double                entrena_window_get_zoom          (EntrenaWindow  *self);
EntrenaTrainer       *entrena_window_get_trainer       (EntrenaWindow  *self);
EntrenaRunResult     *entrena_window_get_result        (EntrenaWindow  *self);

gboolean              entrena_window_get_predicting    (EntrenaWindow  *self);
EntrenaPredictor     *entrena_window_get_opened_model  (EntrenaWindow  *self);

G_END_DECLS
