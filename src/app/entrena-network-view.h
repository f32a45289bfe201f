/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-network-chart.h"
#include "entrena-run.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_NETWORK_VIEW (entrena_network_view_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaNetworkView, entrena_network_view, ENTRENA, NETWORK_VIEW, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget                     *entrena_network_view_new        (void);

void                           entrena_network_view_show       (EntrenaNetworkView *self,
                                                                EntrenaRunResult   *run,
                                                                guint               epoch,
                                                                gboolean            settled);
const EntrenaNetworkChartData *entrena_network_view_get_data   (EntrenaNetworkView *self);
gboolean                       entrena_network_view_is_busy    (EntrenaNetworkView *self);
void                           entrena_network_view_select     (EntrenaNetworkView *self,
                                                                int                 column,
                                                                int                 neuron,
                                                                int                 from);

G_END_DECLS
