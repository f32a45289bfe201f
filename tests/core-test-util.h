/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the core tests.
 */
#pragma once

#include <gio/gio.h>

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
