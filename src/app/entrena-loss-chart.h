/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "entrena-chart.h"
#include "entrena-chart-model.h"
#include "entrena-convergence.h"
#include "entrena-training.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_LOSS_CHART (entrena_loss_chart_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaLossChart, entrena_loss_chart, ENTRENA, LOSS_CHART, GtkWidget)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_loss_chart_new                 (void);

void       entrena_loss_chart_reset               (EntrenaLossChart         *self,
                                                   guint                     total_epochs);
void       entrena_loss_chart_append              (EntrenaLossChart         *self,
                                                   double                    train_loss,
                                                   double                    test_loss);
void       entrena_loss_chart_append_epoch        (EntrenaLossChart         *self,
                                                   const EntrenaEpoch       *record);
guint      entrena_loss_chart_get_n_points        (EntrenaLossChart         *self);

gboolean   entrena_loss_chart_get_running         (EntrenaLossChart         *self);
void       entrena_loss_chart_set_running         (EntrenaLossChart         *self,
                                                   gboolean                  running);
void       entrena_loss_chart_set_early_stop      (EntrenaLossChart         *self,
                                                   guint                     stopped_epoch,
                                                   guint                     best_val_epoch);
void       entrena_loss_chart_set_convergence     (EntrenaLossChart         *self,
                                                   const EntrenaConvergence *convergence);
guint      entrena_loss_chart_get_suggested_epoch (EntrenaLossChart         *self);
guint      entrena_loss_chart_get_best_test_epoch (EntrenaLossChart         *self);
EntrenaConvergenceState
           entrena_loss_chart_get_state           (EntrenaLossChart         *self);

gboolean   entrena_loss_chart_get_log_scale       (EntrenaLossChart         *self);
void       entrena_loss_chart_set_log_scale       (EntrenaLossChart         *self,
                                                   gboolean                  log_scale);
int        entrena_loss_chart_get_hover_epoch     (EntrenaLossChart         *self);
void       entrena_loss_chart_set_hover_epoch     (EntrenaLossChart         *self,
                                                   int                       epoch);

gboolean   entrena_loss_chart_get_show_accuracy   (EntrenaLossChart         *self);
void       entrena_loss_chart_set_show_accuracy   (EntrenaLossChart         *self,
                                                   gboolean                  show_accuracy);
int        entrena_loss_chart_get_cursor_epoch    (EntrenaLossChart         *self);
void       entrena_loss_chart_set_cursor_epoch    (EntrenaLossChart         *self,
                                                   int                       epoch);

void       entrena_loss_chart_get_data            (EntrenaLossChart         *self,
                                                   EntrenaChartData         *data);
G_GNUC_WARN_UNUSED_RESULT
char      *entrena_loss_chart_dup_description     (EntrenaLossChart         *self);

/* Other runs compared with the current one (entrena-loss-chart-compare.c). */
void       entrena_loss_chart_set_compare         (EntrenaLossChart         *self,
                                                   EntrenaChartModel        *model,
                                                   EntrenaChartCurve         curve,
                                                   const char               *current_name);
guint      entrena_loss_chart_get_n_compared      (EntrenaLossChart         *self);
void       _entrena_loss_chart_apply_compare      (EntrenaLossChart         *self,
                                                   EntrenaChartData         *data);

G_END_DECLS
