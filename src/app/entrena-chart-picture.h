/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "entrena-chart-export.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_CHART_PICTURE (entrena_chart_picture_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaChartPicture, entrena_chart_picture, ENTRENA, CHART_PICTURE, GtkWidget)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_chart_picture_new         (void);

void       entrena_chart_picture_set_drawing (EntrenaChartPicture  *self,
                                              EntrenaChartDrawFunc  draw,
                                              gpointer              data,
                                              GDestroyNotify        destroy);
gpointer   entrena_chart_picture_get_data    (EntrenaChartPicture  *self);

G_END_DECLS
