/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ENTRENA_TYPE_CONFUSION_VIEW (entrena_confusion_view_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaConfusionView, entrena_confusion_view, ENTRENA, CONFUSION_VIEW, GtkWidget)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_confusion_view_new          (void);

void       entrena_confusion_view_set_matrix   (EntrenaConfusionView *self,
                                                guint                 n_classes,
                                                const guint64        *confusion,
                                                const char * const   *class_names);
void       entrena_confusion_view_clear        (EntrenaConfusionView *self);
guint      entrena_confusion_view_get_n_classes (EntrenaConfusionView *self);
guint64    entrena_confusion_view_get_count    (EntrenaConfusionView *self,
                                                guint                 actual,
                                                guint                 predicted);

G_END_DECLS
