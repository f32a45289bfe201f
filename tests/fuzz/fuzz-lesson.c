/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-lesson"

#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-lesson.h"
#include "fuzz-common.h"

/*
 * libFuzzer target for the lesson reader. Lesson files come from other people:
 * whatever the bytes, entrena_lesson_load_bytes() must return a lesson or an
 * ENTRENA_ERROR_FORMAT error naming the file, without tripping ASan, UBSan or
 * a g_return_if_fail() check. A lesson it accepts must be whole: every
 * setting it names is a setting, its runs have a history, and writing it and
 * reading that again gives the same bytes. Its data are read too (an
 * embedded CSV goes through the CSV reader).
 *
 * The corpus is the malformed lessons of the tests (tests/data/lessons), whose
 * data paths are relative to that folder: run from there, or the lessons that
 * name a file are refused for it, which is fine.
 *
 *   CC=clang meson setup _fuzz -Dfuzz=true -Db_sanitize=address,undefined \
 *     -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
 *   _fuzz/tests/fuzz-lesson -max_len=4096 corpus-copy/ tests/data/lessons/
 */

static void
check_lesson (const EntrenaLesson *lesson)
{
  g_autoptr (GBytes) written = NULL;
  g_autoptr (GBytes) again = NULL;
  g_autoptr (EntrenaLesson) read = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (GError) error = NULL;

  g_assert (g_variant_is_of_type (lesson->settings, G_VARIANT_TYPE_VARDICT));
  g_assert (lesson->data_name != NULL && g_utf8_validate (lesson->data_name, -1, NULL));
  g_assert ((lesson->data != NULL) != (lesson->data_path != NULL));
  for (guint i = 0; lesson->locked[i] != NULL; i++)
    g_assert (entrena_lesson_setting_type (lesson->locked[i]) != NULL);
  for (guint i = 0; lesson->hidden[i] != NULL; i++)
    g_assert (entrena_lesson_setting_type (lesson->hidden[i]) != NULL);
  g_assert (lesson->runs->len <= ENTRENA_LESSON_MAX_RUNS);
  for (guint i = 0; i < lesson->runs->len; i++)
    {
      const EntrenaLessonRun *run = g_ptr_array_index (lesson->runs, i);
      float sum = 0;

      g_assert (run->n_epochs >= 1);
      for (guint e = 0; e < run->n_epochs; e++)
        sum += run->train_loss[e] + run->test_loss[e] + run->test_accuracy[e] + run->train_accuracy[e];
      (void) sum;
    }

  /* What is written reads back as itself. */
  written = entrena_lesson_to_bytes (lesson);
  read = entrena_lesson_load_bytes (written, NULL, "fuzz.entrena", &error);
  if (read == NULL)
    g_error ("a written lesson does not read back: %s", error->message);
  again = entrena_lesson_to_bytes (read);
  g_assert (g_bytes_equal (written, again));

  table = entrena_lesson_read_table (lesson, NULL, &error);
  g_assert (table != NULL || (error != NULL && error->domain == ENTRENA_ERROR));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_autoptr (GError) error = NULL;

  lesson = entrena_lesson_load_bytes (bytes, NULL, "fuzz.entrena", &error);
  if (lesson == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == ENTRENA_ERROR);
      g_assert (error->code == ENTRENA_ERROR_FORMAT);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (strstr (error->message, "fuzz.entrena") != NULL);
      return 0;
    }

  check_lesson (lesson);

  return 0;
}
