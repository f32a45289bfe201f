/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What entrena-lesson.c, entrena-lesson-read.c and entrena-lesson-write.c
 * share. Nothing else includes this.
 */

#include "entrena-lesson.h"

G_BEGIN_DECLS

/* The words a file uses for the setting @name when the run settings keep it
 * as a number ("missing": "drop", "fill"), %NULL-terminated and indexed by
 * that number; %NULL for other settings. */
const char * const *_entrena_lesson_setting_words (const char *name);

G_END_DECLS
