/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-chart.h"
#include "entrena-run.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_RUN_RECORD (entrena_run_record_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaRunRecord, entrena_run_record, ENTRENA, RUN_RECORD, GObject)

/* A run that ended, as the Runs list keeps it: its settings (the GVariant
 * form of EntrenaRunSettings), a copy of its curves and final figures, the
 * name shown (#EntrenaRunRecord:label, editable), whether its curve is on
 * the chart (#EntrenaRunRecord:shown) and whether it is kept when the list
 * is full (#EntrenaRunRecord:pinned). */
EntrenaRunRecord *entrena_run_record_new            (GVariant               *settings,
                                                     guint                   run_id,
                                                     const EntrenaRunResult *result,
                                                     const char             *label,
                                                     guint                   color_index);
EntrenaRunRecord *entrena_run_record_new_saved      (GVariant               *settings,
                                                     const char             *label,
                                                     guint                   n_epochs,
                                                     const float * const     curves[4],
                                                     guint                   color_index);
gboolean          entrena_run_record_get_from_lesson (EntrenaRunRecord      *self);
/* Takes the curves and figures of @result anew (after Train More). */
void              entrena_run_record_update         (EntrenaRunRecord       *self,
                                                     const EntrenaRunResult *result);
/* Whether the record is of the run numbered @run_id (by the window, from 1). */
gboolean          entrena_run_record_is_run         (EntrenaRunRecord       *self,
                                                     guint                   run_id);
GVariant         *entrena_run_record_get_settings   (EntrenaRunRecord       *self);
const char       *entrena_run_record_get_label      (EntrenaRunRecord       *self);
void              entrena_run_record_set_label      (EntrenaRunRecord       *self,
                                                     const char             *label);
gboolean          entrena_run_record_get_shown      (EntrenaRunRecord       *self);
void              entrena_run_record_set_shown      (EntrenaRunRecord       *self,
                                                     gboolean                shown);
gboolean          entrena_run_record_get_pinned     (EntrenaRunRecord       *self);
void              entrena_run_record_set_pinned     (EntrenaRunRecord       *self,
                                                     gboolean                pinned);
guint             entrena_run_record_get_color_index (EntrenaRunRecord      *self);
/* The curve of @kind and @curve, @n_epochs long. (transfer none) */
const float      *entrena_run_record_get_curve      (EntrenaRunRecord       *self,
                                                     EntrenaChartKind        kind,
                                                     EntrenaChartCurve       curve,
                                                     guint                  *n_epochs);
/* "test loss 0.231 · accuracy 91.2% · suggested epoch 43". (transfer full) */
char             *entrena_run_record_dup_summary    (EntrenaRunRecord       *self);

G_END_DECLS
