/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-regression-chart.h"
#include "entrena-trainer.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_RESULTS_PAGE (entrena_results_page_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaResultsPage, entrena_results_page, ENTRENA, RESULTS_PAGE, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_results_page_new        (void);

void       entrena_results_page_set_result (EntrenaResultsPage *self,
                                            EntrenaRunResult   *result);
void       entrena_results_page_update_result (EntrenaResultsPage *self,
                                               EntrenaRunResult   *result);
void       entrena_results_page_show_epoch (EntrenaResultsPage *self,
                                            EntrenaRunResult   *run,
                                            guint               epoch,
                                            guint               n_epochs);
int        entrena_results_page_get_epoch  (EntrenaResultsPage *self);
const EntrenaRegressionChartData *
           entrena_results_page_get_regression (EntrenaResultsPage *self);

G_END_DECLS
