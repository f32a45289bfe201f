/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "entrena-chart-model.h"
#include "entrena-run-record.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_RUNS_LIST (entrena_runs_list_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaRunsList, entrena_runs_list, ENTRENA, RUNS_LIST, GtkWidget)

/* The most runs a window keeps; past it the oldest unpinned run leaves. */
#define ENTRENA_RUNS_LIST_MAX 20

GtkWidget         *entrena_runs_list_new             (void);

/* Adds the run numbered @run_id that ended with @result (newest first),
 * named by what differs from the run before; the run already there (after
 * Train More) is brought up to date instead. @settings is its GVariant form. */
void               entrena_runs_list_add_run         (EntrenaRunsList        *self,
                                                      GVariant               *settings,
                                                      guint                   run_id,
                                                      const EntrenaRunResult *result);
void               entrena_runs_list_add_saved_run   (EntrenaRunsList        *self,
                                                      GVariant               *settings,
                                                      const char             *label,
                                                      guint                   n_epochs,
                                                      const float * const     curves[4],
                                                      gboolean                shown);
void               entrena_runs_list_clear           (EntrenaRunsList        *self);
guint              entrena_runs_list_get_n_runs      (EntrenaRunsList        *self);
/* The run at @index, 0 the newest. (transfer none) */
EntrenaRunRecord  *entrena_runs_list_get_run         (EntrenaRunsList        *self,
                                                      guint                   index);
void               entrena_runs_list_select_run      (EntrenaRunsList        *self,
                                                      guint                   index);
EntrenaChartCurve  entrena_runs_list_get_curve       (EntrenaRunsList        *self);

/* The ticked runs' curves of @kind, in their colours, leaving out the run
 * numbered @current (shown on its own; 0 for none). (transfer full) */
EntrenaChartModel *entrena_runs_list_build_compare   (EntrenaRunsList        *self,
                                                      EntrenaChartKind        kind,
                                                      guint                   current);

G_END_DECLS
