/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*EntrenaFrameDelayFunc) (gpointer data);

guint entrena_frame_delay_add    (GtkWidget             *widget,
                                  guint                  n_ticks,
                                  EntrenaFrameDelayFunc  func,
                                  gpointer               data);
void  entrena_frame_delay_cancel (GtkWidget             *widget,
                                  guint                 *id);

G_END_DECLS
