/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ENTRENA_TYPE_EPOCH_CURSOR (entrena_epoch_cursor_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaEpochCursor, entrena_epoch_cursor, ENTRENA, EPOCH_CURSOR, GtkWidget)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_epoch_cursor_new           (void);

guint      entrena_epoch_cursor_get_n_epochs  (EntrenaEpochCursor *self);
void       entrena_epoch_cursor_set_n_epochs  (EntrenaEpochCursor *self,
                                               guint               n_epochs);
guint      entrena_epoch_cursor_get_epoch     (EntrenaEpochCursor *self);
void       entrena_epoch_cursor_set_epoch     (EntrenaEpochCursor *self,
                                               guint               epoch);
gboolean   entrena_epoch_cursor_get_following (EntrenaEpochCursor *self);
void       entrena_epoch_cursor_follow        (EntrenaEpochCursor *self);

G_END_DECLS
