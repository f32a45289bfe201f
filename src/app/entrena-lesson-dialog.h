/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ENTRENA_TYPE_LESSON_DIALOG (entrena_lesson_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaLessonDialog, entrena_lesson_dialog, ENTRENA, LESSON_DIALOG, AdwWindow)

EntrenaLessonDialog *entrena_lesson_dialog_new          (GtkWindow           *parent);
void                 entrena_lesson_dialog_set_values   (EntrenaLessonDialog *self,
                                                         const char          *title,
                                                         const char          *instructions,
                                                         gboolean             embed,
                                                         gboolean             must_embed,
                                                         const char * const  *locked,
                                                         const char * const  *hidden);
G_GNUC_WARN_UNUSED_RESULT
char                *entrena_lesson_dialog_dup_title    (EntrenaLessonDialog *self);
G_GNUC_WARN_UNUSED_RESULT
char                *entrena_lesson_dialog_dup_instructions (EntrenaLessonDialog *self);
gboolean             entrena_lesson_dialog_get_embed    (EntrenaLessonDialog *self);
void                 entrena_lesson_dialog_set_n_runs   (EntrenaLessonDialog *self,
                                                         guint                n_runs);
gboolean             entrena_lesson_dialog_get_include_runs (EntrenaLessonDialog *self);
G_GNUC_WARN_UNUSED_RESULT
char               **entrena_lesson_dialog_dup_locked   (EntrenaLessonDialog *self);
G_GNUC_WARN_UNUSED_RESULT
char               **entrena_lesson_dialog_dup_hidden   (EntrenaLessonDialog *self);

G_END_DECLS
