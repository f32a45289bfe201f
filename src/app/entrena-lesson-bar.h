/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ENTRENA_TYPE_LESSON_BAR (entrena_lesson_bar_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaLessonBar, entrena_lesson_bar, ENTRENA, LESSON_BAR, AdwBin)

void     entrena_lesson_bar_show         (EntrenaLessonBar *self,
                                          const char       *title,
                                          const char       *instructions);
void     entrena_lesson_bar_dismiss      (EntrenaLessonBar *self);
gboolean entrena_lesson_bar_get_revealed (EntrenaLessonBar *self);

G_END_DECLS
