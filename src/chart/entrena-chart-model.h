/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-chart.h"

G_BEGIN_DECLS

/**
 * EntrenaChartModel:
 *
 * The named curves of the runs a chart compares, with their colours. It
 * owns copies of the names and values, so the runs they come from may go;
 * entrena_chart_model_apply() lends them to an #EntrenaChartData.
 */
typedef struct _EntrenaChartModel EntrenaChartModel;

EntrenaChartModel        *entrena_chart_model_new            (void);
void                      entrena_chart_model_free           (EntrenaChartModel *model);
void                      entrena_chart_model_clear          (EntrenaChartModel *model);

/* Adds a copy of @values (@n_values long) named @name, in the colour (and
 * dash) of entrena_chart_overlay_color() for @color_index, after the
 * series already there. */
void                      entrena_chart_model_add            (EntrenaChartModel *model,
                                                              const char        *name,
                                                              const float       *values,
                                                              guint              n_values,
                                                              guint              color_index);
guint                     entrena_chart_model_get_n_series   (const EntrenaChartModel *model);
const EntrenaChartSeries *entrena_chart_model_get_series     (const EntrenaChartModel *model,
                                                              guint                    index);

/* Points @data's overlays at the model's series (none when it is empty);
 * @data borrows them until the model changes. */
void                      entrena_chart_model_apply          (const EntrenaChartModel *model,
                                                              EntrenaChartData        *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaChartModel, entrena_chart_model_free)

G_END_DECLS
