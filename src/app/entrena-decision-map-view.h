/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-decision-map.h"
#include "entrena-run.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_DECISION_MAP_VIEW (entrena_decision_map_view_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaDecisionMapView, entrena_decision_map_view, ENTRENA, DECISION_MAP_VIEW, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget          *entrena_decision_map_view_new       (void);

void                entrena_decision_map_view_show      (EntrenaDecisionMapView *self,
                                                         EntrenaRunResult       *run,
                                                         guint                   epoch,
                                                         gboolean                settled);
EntrenaDecisionMap *entrena_decision_map_view_get_map   (EntrenaDecisionMapView *self);
gboolean            entrena_decision_map_view_is_busy   (EntrenaDecisionMapView *self);
void                entrena_decision_map_view_set_axes  (EntrenaDecisionMapView *self,
                                                         guint                   x_feature,
                                                         guint                   y_feature);
char               *entrena_decision_map_view_dup_description (EntrenaDecisionMapView *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
