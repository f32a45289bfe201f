/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-dataset-page.h"
#include "entrena-decision-map-view.h"
#include "entrena-epoch-cursor.h"
#include "entrena-loss-chart.h"
#include "entrena-network-view.h"
#include "entrena-results-page.h"
#include "entrena-run.h"
#include "entrena-run-bar.h"
#include "entrena-runs-list.h"
#include "entrena-table.h"
#include "entrena-trainer.h"
#include "entrena-training-page.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_TRAINING_VIEW (entrena_training_view_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaTrainingView, entrena_training_view, ENTRENA, TRAINING_VIEW, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget            *entrena_training_view_new               (void);

EntrenaTrainingPage  *entrena_training_view_get_training_page (EntrenaTrainingView      *self);
EntrenaLossChart     *entrena_training_view_get_loss_chart    (EntrenaTrainingView      *self);
EntrenaRunBar        *entrena_training_view_get_run_bar       (EntrenaTrainingView      *self);

void                  entrena_training_view_start             (EntrenaTrainingView      *self,
                                                               EntrenaTable             *table,
                                                               const EntrenaRunSettings *settings);
void                  entrena_training_view_start_stepped     (EntrenaTrainingView      *self,
                                                               EntrenaTable             *table,
                                                               const EntrenaRunSettings *settings);
void                  entrena_training_view_train_more        (EntrenaTrainingView      *self,
                                                               guint                     more);
gboolean              entrena_training_view_get_can_train_more (EntrenaTrainingView     *self);
void                  entrena_training_view_set_paused        (EntrenaTrainingView      *self,
                                                               gboolean                  paused);
gboolean              entrena_training_view_get_paused        (EntrenaTrainingView      *self);
void                  entrena_training_view_step              (EntrenaTrainingView      *self);
void                  entrena_training_view_stop              (EntrenaTrainingView      *self);
void                  entrena_training_view_clear             (EntrenaTrainingView      *self);

gboolean              entrena_training_view_get_training      (EntrenaTrainingView      *self);
EntrenaTrainer       *entrena_training_view_get_trainer       (EntrenaTrainingView      *self);
EntrenaRunResult     *entrena_training_view_get_result        (EntrenaTrainingView      *self);
EntrenaEpochCursor   *entrena_training_view_get_epoch_cursor  (EntrenaTrainingView      *self);
EntrenaResultsPage   *entrena_training_view_get_results_page  (EntrenaTrainingView      *self);
EntrenaRunsList      *entrena_training_view_get_runs_list     (EntrenaTrainingView      *self);
EntrenaDecisionMapView *entrena_training_view_get_map_view   (EntrenaTrainingView      *self);
EntrenaNetworkView   *entrena_training_view_get_network_view  (EntrenaTrainingView      *self);
const char           *entrena_training_view_get_view          (EntrenaTrainingView      *self);
void                  entrena_training_view_set_view          (EntrenaTrainingView      *self,
                                                               const char               *view);

G_END_DECLS
