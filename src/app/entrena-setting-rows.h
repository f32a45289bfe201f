/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What people call the setting @name (a key of a lesson's settings): its
 * translated title, or @name itself for a setting without one. */
const char *entrena_setting_rows_get_title (const char *name);

/* Shows @widget as a setting a lesson fixes (@locked: insensitive, with a
 * tooltip saying so), leaves out (@hidden), or neither. */
void        entrena_setting_rows_lock      (GtkWidget  *widget,
                                            gboolean    locked,
                                            gboolean    hidden);

G_END_DECLS
