/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the core tests.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>

#include "entrena-csv.h"

/* The CSV file tests/data/@name, read; the test fails if it cannot be. */
static inline EntrenaTable *
ctu_read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  EntrenaTable *table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return table;
}

/*
 * The checksum of the golden-file generators (tests/gen-*-golden.py): 64-bit
 * FNV-1a over @n 32-bit words, each taken whole (a float's bit pattern, an
 * index).
 */
static inline guint64
ctu_fnv1a_words (const void *words,
                 gsize       n)
{
  const guint8 *bytes = words;
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < n; i++)
    {
      guint32 word;

      memcpy (&word, bytes + i * sizeof word, sizeof word);
      h = (h ^ word) * G_GUINT64_CONSTANT (0x100000001b3);
    }

  return h;
}
