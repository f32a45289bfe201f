/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a CSV file in pieces side by side gives the table, or the error,
 * that reading it in one piece gives: on every file of tests/data and of the
 * fuzzer's corpus, with the pieces cut at every byte of the small ones.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "entrena-csv-private.h"
#include "entrena-error.h"

/* Files up to this size are cut at every byte (and at three places from every
 * eighth byte on); larger ones at this many places. Under AddressSanitizer,
 * or with ENTRENA_TEST_QUICK set (under qemu), where each read costs many
 * times more, on fewer: the same code runs. */
#if defined(__SANITIZE_ADDRESS__)
#define QUICK TRUE
#else
#define QUICK (g_getenv ("ENTRENA_TEST_QUICK") != NULL)
#endif
#define EVERY_BYTE_MAX (QUICK ? 1024 : 4096)
#define SAMPLED_CUTS   (QUICK ? 48 : 256)

static void
assert_same_table (EntrenaTable *expected,
                   EntrenaTable *table,
                   const char   *what)
{
  guint n_rows = entrena_table_get_n_rows (expected);
  guint n_columns = entrena_table_get_n_columns (expected);

  if (entrena_table_get_n_rows (table) != n_rows || entrena_table_get_n_columns (table) != n_columns)
    g_error ("%s: %u x %u instead of %u x %u", what, entrena_table_get_n_rows (table),
             entrena_table_get_n_columns (table), n_rows, n_columns);

  g_assert_cmpint (entrena_table_get_delimiter (table), ==, entrena_table_get_delimiter (expected));
  g_assert_cmpint (entrena_table_get_has_header (table), ==, entrena_table_get_has_header (expected));
  g_assert_cmpint (entrena_table_get_decimal_comma (table), ==, entrena_table_get_decimal_comma (expected));

  for (guint i = 0; i < n_rows; i++)
    g_assert_cmpuint (entrena_table_get_row_line (table, i), ==, entrena_table_get_row_line (expected, i));

  for (guint j = 0; j < n_columns; j++)
    {
      guint n_listed = 0, n_expected = 0;
      const EntrenaCellRef *listed = entrena_table_get_column_invalid (table, j, &n_listed);
      const EntrenaCellRef *listed_expected = entrena_table_get_column_invalid (expected, j, &n_expected);

      g_assert_cmpstr (entrena_table_get_column_name (table, j), ==, entrena_table_get_column_name (expected, j));
      if (entrena_table_get_column_type (table, j) != entrena_table_get_column_type (expected, j))
        g_error ("%s: column %u is %s instead of %s", what, j,
                 entrena_column_type_to_string (entrena_table_get_column_type (table, j)),
                 entrena_column_type_to_string (entrena_table_get_column_type (expected, j)));
      g_assert_cmpuint (entrena_table_get_column_missing (table, j), ==, entrena_table_get_column_missing (expected, j));
      g_assert_cmpuint (entrena_table_get_column_n_invalid (table, j), ==,
                        entrena_table_get_column_n_invalid (expected, j));
      g_assert_cmpuint (entrena_table_get_column_distinct (table, j), ==,
                        entrena_table_get_column_distinct (expected, j));
      g_assert_cmpuint (n_listed, ==, n_expected);
      g_assert_cmpmem (listed, n_listed * sizeof *listed, listed_expected, n_expected * sizeof *listed_expected);

      /* Bit for bit, NaNs included. */
      if (memcmp (entrena_table_get_column_values (table, j), entrena_table_get_column_values (expected, j),
                  n_rows * sizeof (float)) != 0)
        g_error ("%s: the numbers of column %u differ", what, j);

      for (guint i = 0; i < n_rows; i++)
        g_assert_cmpstr (entrena_table_get_text (table, i, j), ==, entrena_table_get_text (expected, i, j));
    }
}

/* Reads @data cut at @cuts and checks it against the reading in one piece. */
static void
check_cuts (const char         *name,
            const char         *data,
            gsize               length,
            EntrenaTable       *expected,
            const GError       *expected_error,
            const guint64      *cuts,
            guint               n_cuts)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) table = _entrena_csv_read_data_cut (data, length, name, NULL, cuts, n_cuts, &error);
  g_autofree char *what = g_strdup_printf ("%s cut at %" G_GUINT64_FORMAT "%s", name, cuts[0],
                                           n_cuts > 1 ? " and more" : "");

  if (expected_error != NULL)
    {
      if (error == NULL)
        g_error ("%s: no error, expected “%s”", what, expected_error->message);
      g_assert_true (error->domain == expected_error->domain);
      g_assert_cmpint (error->code, ==, expected_error->code);
      g_assert_cmpstr (error->message, ==, expected_error->message);
      g_assert_null (table);
      return;
    }

  if (error != NULL)
    g_error ("%s: %s", what, error->message);
  assert_same_table (expected, table, what);
}

static void
check_bytes (const char *name,
             const char *data,
             gsize       length)
{
  g_autoptr (GError) expected_error = NULL;
  g_autoptr (EntrenaTable) expected = _entrena_csv_read_data_cut (data, length, name, NULL, NULL, 0, &expected_error);
  gsize step = length <= EVERY_BYTE_MAX ? 1 : length / SAMPLED_CUTS;

  for (gsize b = 0; b <= length; b += step)
    {
      guint64 one[] = { b };
      guint64 three[] = { b, b + (length - b) / 3, b + 2 * (length - b) / 3 };

      check_cuts (name, data, length, expected, expected_error, one, 1);
      if (b % 8 == 0)
        check_cuts (name, data, length, expected, expected_error, three, G_N_ELEMENTS (three));
    }
}

static void
check_directory (const char *directory)
{
  g_autoptr (GDir) dir = g_dir_open (directory, 0, NULL);
  const char *entry;
  guint n_files = 0;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, entry, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_str_has_suffix (entry, ".csv") || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      check_bytes (entry, contents, length);
      n_files++;
    }
  g_assert_cmpuint (n_files, >, 0);
}

static void
test_data_files (void)
{
  g_autofree char *data = g_test_build_filename (G_TEST_DIST, "data", NULL);
  g_autofree char *hostile = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", NULL);

  check_directory (data);
  check_directory (hostile);
  check_directory (corpus);
}

/* A file with what the cutting must get right: quoted line breaks and
 * quotes (and rows quoted whole), CRLF and lone CR line ends, blank lines, categories first seen in
 * a later piece, an increasing identifier, missing cells and text in a
 * numeric column. */
static GString *
tricky_file (guint rows)
{
  GString *csv = g_string_new ("id,size,colour,note,score\r\n");

  for (guint i = 0; i < rows; i++)
    {
      g_string_append_printf (csv, "%u,%s,%s,", i + 1, i % 97 == 5 ? "" : i % 211 == 7 ? "big" : "1.5",
                              i < rows / 2 ? (i % 2 ? "red" : "blue") : (i % 3 ? "green" : "red"));
      if (i % 5 == 0)
        g_string_append (csv, "\"two\nlines, \"\"quoted\"\"\r\nthree\"");
      else if (i % 11 == 0)
        g_string_append (csv, "\"rows:\n1,2,red,x,3\n\"\"4\"\",5,blue,\"\"y\"\",6\n\"");
      else if (i % 7 == 0)
        g_string_append (csv, "\"\"");
      else
        g_string_append (csv, "plain");
      g_string_append_printf (csv, ",%g%s", i * 0.25, i % 13 == 0 ? "\r" : i % 17 == 0 ? "\n\n" : "\r\n");
    }
  return csv;
}

static void
test_tricky (void)
{
  g_autoptr (GString) csv = tricky_file (60);

  check_bytes ("tricky.csv", csv->str, csv->len);
}

/* Errors late in the file, seen by a later piece: the same error in the
 * same words as in one piece. */
static void
test_late_errors (void)
{
  static const char * const endings[] = {
    "1,2,3\n4,5\n",                    /* a row too short */
    "1,2,3\n4,\"5\"x,6\n",             /* a stray quote */
    "1,2,3\n4,\"5,6\n7,8,9\n",         /* a quote never closed */
    "1,2,3\n4,\xff,6\n",               /* not UTF-8 */
    "1,2,3\n4,\"a\"\"\nb\"\",6\n",     /* a quote out of place after a line break */
  };

  for (guint e = 0; e < G_N_ELEMENTS (endings); e++)
    {
      g_autoptr (GString) csv = g_string_new ("a,b,c\n");

      for (guint i = 0; i < 60; i++)
        g_string_append_printf (csv, "%u,%u,\"x%u\"\n", i, i * 2, i % 4);
      g_string_append (csv, endings[e]);
      for (guint i = 0; i < 20; i++)
        g_string_append_printf (csv, "%u,%u,%u\n", i, i, i);
      check_bytes ("late.csv", csv->str, csv->len);
    }
}

/* A file large enough to be read in pieces from disk by entrena_csv_read_file(). */
static void
test_large_file (void)
{
  g_autoptr (GString) csv = tricky_file (120000);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) expected = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  int fd;

  while (csv->len < 6 * 1024 * 1024)
    {
      g_autoptr (GString) more = tricky_file (1000);

      g_string_append_len (csv, strchr (more->str, '\n') + 1, more->str + more->len - strchr (more->str, '\n') - 1);
    }

  fd = g_file_open_tmp ("test-csv-pieces-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, &error));
  file = g_file_new_for_path (path);
  name = g_path_get_basename (path);

  expected = _entrena_csv_read_data_cut (csv->str, csv->len, name, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_table (expected, table, "a large file");
  g_clear_pointer (&table, entrena_table_unref);

  table = entrena_csv_read_data (csv->str, csv->len, name, NULL, &error);
  g_assert_no_error (error);
  assert_same_table (expected, table, "a large file in memory");

  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-pieces/data-files", test_data_files);
  g_test_add_func ("/csv-pieces/tricky", test_tricky);
  g_test_add_func ("/csv-pieces/late-errors", test_late_errors);
  g_test_add_func ("/csv-pieces/large-file", test_large_file);

  return g_test_run ();
}
