/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "entrena-csv.h"
#include "entrena-error.h"

static EntrenaTable *
load_fixture (const char               *name,
              const EntrenaCsvOptions  *options,
              GError                  **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  return entrena_csv_read_file (file, options, NULL, NULL, NULL, error);
}

static EntrenaTable *
load_ok (const char *name)
{
  g_autoptr (GError) error = NULL;
  EntrenaTable *table = load_fixture (name, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static void
assert_cell_text (EntrenaTable *table,
                  guint         row,
                  guint         column,
                  const char   *expected)
{
  g_autofree char *text = entrena_table_format_cell (table, row, column);

  g_assert_cmpstr (text, ==, expected);
}

/* The same small table, written with every line ending and a byte-order mark. */
static void
test_line_endings (void)
{
  const char *names[] = { "lf.csv", "crlf.csv", "cr.csv", "bom.csv", "pipe.csv", "tab.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (EntrenaTable) table = load_ok (names[i]);

      g_test_message ("%s", names[i]);
      g_assert_cmpuint (entrena_table_get_n_rows (table), ==, 2);
      g_assert_cmpuint (entrena_table_get_n_columns (table), ==, 3);
      g_assert_true (entrena_table_get_has_header (table));
      g_assert_cmpstr (entrena_table_get_column_name (table, 0), ==, "a");
      g_assert_cmpstr (entrena_table_get_column_name (table, 2), ==, "label");
      g_assert_cmpfloat (entrena_table_get_column_values (table, 0)[0], ==, 1.5f);
      g_assert_cmpfloat (entrena_table_get_column_values (table, 1)[1], ==, 4.25f);
      assert_cell_text (table, 1, 2, "y");
      g_assert_cmpint (entrena_table_get_column_type (table, 2), ==, ENTRENA_COLUMN_CATEGORICAL);
      g_assert_cmpuint (entrena_table_get_row_line (table, 0), ==, 2);
      g_assert_cmpuint (entrena_table_get_row_line (table, 1), ==, 3);
    }
}

static void
test_delimiters (void)
{
  g_autoptr (EntrenaTable) pipe = load_ok ("pipe.csv");
  g_autoptr (EntrenaTable) tab = load_ok ("tab.csv");
  g_autoptr (EntrenaTable) comma = load_ok ("lf.csv");

  g_assert_cmpint (entrena_table_get_delimiter (pipe), ==, '|');
  g_assert_cmpint (entrena_table_get_delimiter (tab), ==, '\t');
  g_assert_cmpint (entrena_table_get_delimiter (comma), ==, ',');
  /* An empty cell between two tabs is missing, not swallowed as space. */
  g_assert_true (entrena_table_is_missing (tab, 0, 1));
  g_assert_cmpuint (entrena_table_get_column_missing (tab, 1), ==, 1);
  /* Spaces around a category are not part of its name. */
  assert_cell_text (tab, 0, 2, "x");
}

static void
test_decimal_comma (void)
{
  g_autoptr (EntrenaTable) table = load_ok ("semicolon-decimal-comma.csv");
  g_autoptr (EntrenaTable) spanish = load_ok ("spanish.csv");
  g_autoptr (EntrenaTable) uci = load_ok ("uci-semicolon.csv");

  g_assert_cmpint (entrena_table_get_delimiter (table), ==, ';');
  g_assert_true (entrena_table_get_decimal_comma (table));
  g_assert_cmpfloat (entrena_table_get_column_values (table, 0)[0], ==, 1.5f);
  g_assert_cmpfloat (entrena_table_get_column_values (table, 1)[1], ==, 4.25f);

  g_assert_cmpint (entrena_table_get_delimiter (spanish), ==, ';');
  g_assert_cmpuint (entrena_table_get_n_columns (spanish), ==, 4);
  g_assert_cmpstr (entrena_table_get_column_name (spanish, 1), ==, "acidez volátil");
  g_assert_cmpfloat (entrena_table_get_column_values (spanish, 0)[0], ==, 7.4f);
  g_assert_cmpfloat (entrena_table_get_column_values (spanish, 1)[1], ==, 0.88f);
  g_assert_cmpfloat (entrena_table_get_column_values (spanish, 0)[3], ==, -15.0f);
  assert_cell_text (spanish, 1, 3, "Ribera del Duero");
  g_assert_cmpint (entrena_table_get_column_type (spanish, 3), ==, ENTRENA_COLUMN_CATEGORICAL);

  /* The UCI files: semicolons, quoted header, decimal points. */
  g_assert_cmpint (entrena_table_get_delimiter (uci), ==, ';');
  g_assert_false (entrena_table_get_decimal_comma (uci));
  g_assert_cmpstr (entrena_table_get_column_name (uci, 0), ==, "fixed acidity");
  g_assert_cmpfloat (entrena_table_get_column_values (uci, 1)[2], ==, 0.28f);
}

static void
test_quoted (void)
{
  g_autoptr (EntrenaTable) table = load_ok ("quoted.csv");

  g_assert_cmpuint (entrena_table_get_n_rows (table), ==, 3);
  g_assert_cmpuint (entrena_table_get_n_columns (table), ==, 4);
  assert_cell_text (table, 0, 0, "Smith, Ann");
  assert_cell_text (table, 0, 1, "She said \"hi\"");
  assert_cell_text (table, 1, 1, "two\nlines");
  assert_cell_text (table, 2, 1, "x,y");
  /* The row after a field with a line break starts two lines later. */
  g_assert_cmpuint (entrena_table_get_row_line (table, 1), ==, 3);
  g_assert_cmpuint (entrena_table_get_row_line (table, 2), ==, 5);
}

static void
test_missing (void)
{
  g_autoptr (EntrenaTable) table = load_ok ("missing.csv");

  g_assert_cmpuint (entrena_table_get_n_rows (table), ==, 6);
  g_assert_cmpstr (entrena_table_get_column_name (table, 0), ==, "width (cm)");
  g_assert_cmpstr (entrena_table_get_column_name (table, 1), ==, "height/weight");
  g_assert_cmpstr (entrena_table_get_column_name (table, 2), ==, "class name");
  g_assert_cmpuint (entrena_table_get_column_missing (table, 0), ==, 2);   /* NA, ? */
  g_assert_cmpuint (entrena_table_get_column_missing (table, 1), ==, 3);   /* empty, null, NaN */
  g_assert_cmpuint (entrena_table_get_column_missing (table, 2), ==, 1);   /* empty */
  g_assert_cmpint (entrena_table_get_column_type (table, 0), ==, ENTRENA_COLUMN_NUMERIC);
  g_assert_true (entrena_table_is_missing (table, 1, 0));
  g_assert_false (entrena_table_is_missing (table, 0, 0));
  assert_cell_text (table, 1, 0, "");
}

static void
test_header_detection (void)
{
  g_autoptr (EntrenaTable) table = load_ok ("no-header.csv");
  g_autoptr (EntrenaTable) forced = NULL;
  EntrenaCsvOptions options = ENTRENA_CSV_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;

  g_assert_false (entrena_table_get_has_header (table));
  g_assert_cmpuint (entrena_table_get_n_rows (table), ==, 3);
  g_assert_cmpstr (entrena_table_get_column_name (table, 0), ==, "column1");
  g_assert_cmpfloat (entrena_table_get_column_values (table, 0)[0], ==, 1.5f);
  g_assert_cmpuint (entrena_table_get_row_line (table, 0), ==, 1);

  options.header = ENTRENA_HEADER_PRESENT;
  forced = load_fixture ("no-header.csv", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entrena_table_get_n_rows (forced), ==, 2);
  g_assert_cmpstr (entrena_table_get_column_name (forced, 0), ==, "1.5");
}

static void
test_blank_lines_and_trailing_delimiter (void)
{
  g_autoptr (EntrenaTable) blank = load_ok ("blank-lines.csv");
  g_autoptr (EntrenaTable) trailing = load_ok ("trailing-delimiter.csv");

  g_assert_cmpuint (entrena_table_get_n_rows (blank), ==, 2);
  g_assert_cmpuint (entrena_table_get_row_line (blank, 1), ==, 5);

  /* A trailing delimiter makes an unnamed, empty column, as in pandas. */
  g_assert_cmpuint (entrena_table_get_n_columns (trailing), ==, 4);
  g_assert_cmpstr (entrena_table_get_column_name (trailing, 3), ==, "Unnamed: 3");
  g_assert_cmpuint (entrena_table_get_column_missing (trailing, 3), ==, 2);
}

static void
test_identifiers (void)
{
  g_autoptr (EntrenaTable) table = load_ok ("ids.csv");

  g_assert_cmpint (entrena_table_get_column_type (table, 0), ==, ENTRENA_COLUMN_IDENTIFIER);
  g_assert_cmpint (entrena_table_get_column_type (table, 1), ==, ENTRENA_COLUMN_NUMERIC);
  g_assert_cmpint (entrena_table_get_column_type (table, 2), ==, ENTRENA_COLUMN_NUMERIC);
  g_assert_cmpint (entrena_table_get_column_type (table, 3), ==, ENTRENA_COLUMN_CATEGORICAL);
  g_assert_cmpuint (entrena_table_get_column_distinct (table, 3), ==, 3);
  g_assert_cmpuint (entrena_table_get_column_distinct (table, 2), ==, 3);
  g_assert_cmpint (entrena_table_find_column (table, "species"), ==, 3);
  g_assert_cmpint (entrena_table_find_column (table, "2"), ==, 1);
  g_assert_cmpint (entrena_table_find_column (table, "nope"), ==, -1);
}

static void
test_invalid_cells_listed (void)
{
  g_autoptr (EntrenaTable) table = load_ok ("text-in-numeric.csv");
  const EntrenaCellRef *cells;
  guint n = 0;

  g_assert_cmpint (entrena_table_get_column_type (table, 1), ==, ENTRENA_COLUMN_NUMERIC);
  g_assert_cmpuint (entrena_table_get_column_n_invalid (table, 1), ==, 1);
  cells = entrena_table_get_column_invalid (table, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (cells[0].line, ==, 3);
  g_assert_cmpuint (cells[0].column, ==, 1);
  g_assert_cmpstr (entrena_table_get_text (table, cells[0].row, 1), ==, "x");
}

typedef struct
{
  const char *file;
  int         code;
  const char *fragments[4];
} BadCase;

static void
test_bad_files (void)
{
  const BadCase cases[] = {
    { "empty.csv", ENTRENA_ERROR_EMPTY, { "empty.csv", "empty" } },
    { "header-only.csv", ENTRENA_ERROR_NO_DATA, { "header-only.csv", "no data rows" } },
    { "ragged.csv", ENTRENA_ERROR_PARSE, { "ragged.csv", "line 3: 2 fields", "line 4: 4 fields", "3 columns" } },
    { "binary.csv", ENTRENA_ERROR_NOT_TEXT, { "binary.csv", "line 2", "text file" } },
    { "latin1.csv", ENTRENA_ERROR_NOT_TEXT, { "latin1.csv", "line 2, column 2", "UTF-8" } },
    { "utf16.csv", ENTRENA_ERROR_NOT_TEXT, { "UTF-16" } },
    { "open-quote.csv", ENTRENA_ERROR_PARSE, { "line 2", "never closed" } },
    { "stray-quote.csv", ENTRENA_ERROR_PARSE, { "line 2, column 2", "quotation mark" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (EntrenaTable) table = load_fixture (cases[i].file, NULL, &error);

      g_test_message ("%s: %s", cases[i].file, error != NULL ? error->message : "(loaded)");
      g_assert_null (table);
      g_assert_error (error, ENTRENA_ERROR, cases[i].code);
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].fragments) && cases[i].fragments[k] != NULL; k++)
        g_assert_nonnull (strstr (error->message, cases[i].fragments[k]));
    }
}

static void
test_ragged_lists_first_lines (void)
{
  g_autoptr (GString) csv = g_string_new ("a,b,c\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) table = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append (csv, i % 2 == 0 ? "1,2,3\n" : "1,2\n");

  table = entrena_csv_read_data (csv->str, csv->len, "many.csv", NULL, &error);
  g_assert_null (table);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "line 3: 2 fields"));
  g_assert_nonnull (strstr (error->message, "line 11: 2 fields"));
  g_assert_null (strstr (error->message, "line 13:"));
  g_assert_nonnull (strstr (error->message, "5 more lines"));
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, >=, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

/* A file of several chunks streams with progress, and rows across chunk
 * boundaries keep their values and line numbers. */
static void
test_streaming (void)
{
  g_autoptr (GString) csv = g_string_new ("x,y,label\r\n");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  guint64 last = 0;
  const guint n = 120000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "%u,%u.5,\"c%u\"\r\n", i * 3, i % 1000, i % 7);

  path = g_build_filename (g_get_tmp_dir (), "stream.csv", NULL);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));
  file = g_file_new_for_path (path);

  table = entrena_csv_read_file (file, NULL, NULL, progress_cb, &last, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last, ==, csv->len);
  g_assert_cmpuint (entrena_table_get_n_rows (table), ==, n);
  for (guint i = 0; i < n; i += 997)
    {
      g_assert_cmpfloat (entrena_table_get_column_values (table, 0)[i], ==, (float) (i * 3));
      g_assert_cmpfloat (entrena_table_get_column_values (table, 1)[i], ==, (float) (i % 1000) + 0.5f);
      g_assert_cmpuint (entrena_table_get_row_line (table, i), ==, i + 2);
    }
  g_assert_cmpint (entrena_table_get_column_type (table, 0), ==, ENTRENA_COLUMN_IDENTIFIER);
  g_assert_cmpuint (entrena_table_get_column_distinct (table, 2), ==, 7);
}

static void
test_cancel (void)
{
  g_autoptr (GString) csv = g_string_new ("x,y\n");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (EntrenaTable) table = NULL;

  for (guint i = 0; i < 300000; i++)
    g_string_append (csv, "1.25,2.5\n");
  path = g_build_filename (g_get_tmp_dir (), "cancel.csv", NULL);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));
  file = g_file_new_for_path (path);

  g_cancellable_cancel (cancellable);
  table = entrena_csv_read_file (file, NULL, cancellable, NULL, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_missing_file (void)
{
  g_autoptr (GFile) file = g_file_new_for_path ("/nonexistent/file.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);

  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The lesson's file, when the shared data is on this machine. */
static void
test_wine (void)
{
  g_autofree char *shared = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "data", "WineQT.csv", NULL);
  const char *path = g_getenv ("ENTRENA_WINE_CSV");
  g_autoptr (GFile) file = g_file_new_for_path (path != NULL ? path : shared);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) table = NULL;

  if (!g_file_query_exists (file, NULL))
    {
      g_test_skip ("WineQT.csv is not on this machine");
      return;
    }

  table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entrena_table_get_n_rows (table), ==, 1143);
  g_assert_cmpuint (entrena_table_get_n_columns (table), ==, 13);
  g_assert_cmpstr (entrena_table_get_column_name (table, 11), ==, "quality");
  g_assert_cmpint (entrena_table_get_column_type (table, 12), ==, ENTRENA_COLUMN_IDENTIFIER);
  g_assert_cmpint (entrena_table_get_column_type (table, 11), ==, ENTRENA_COLUMN_NUMERIC);
  g_assert_cmpuint (entrena_table_get_column_distinct (table, 11), ==, 6);
  g_assert_cmpfloat (entrena_table_get_column_values (table, 0)[0], ==, 7.4f);
}

/* Reading numbers must not depend on the user's locale. */
static void
test_locale_independent (void)
{
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (GError) error = NULL;
  const char csv[] = "a,b\n0.5,1e-3\n2.25,3\n";

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL && setlocale (LC_NUMERIC, "es_ES.UTF-8") == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  table = entrena_csv_read_data (csv, sizeof csv - 1, "locale.csv", NULL, &error);
  setlocale (LC_NUMERIC, "C");
  g_assert_no_error (error);
  g_assert_cmpfloat (entrena_table_get_column_values (table, 0)[0], ==, 0.5f);
  g_assert_cmpfloat (entrena_table_get_column_values (table, 1)[0], ==, 1e-3f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/csv/line-endings", test_line_endings);
  g_test_add_func ("/entrena/csv/delimiters", test_delimiters);
  g_test_add_func ("/entrena/csv/decimal-comma", test_decimal_comma);
  g_test_add_func ("/entrena/csv/quoted", test_quoted);
  g_test_add_func ("/entrena/csv/missing", test_missing);
  g_test_add_func ("/entrena/csv/header-detection", test_header_detection);
  g_test_add_func ("/entrena/csv/blank-lines", test_blank_lines_and_trailing_delimiter);
  g_test_add_func ("/entrena/csv/identifiers", test_identifiers);
  g_test_add_func ("/entrena/csv/invalid-cells", test_invalid_cells_listed);
  g_test_add_func ("/entrena/csv/bad-files", test_bad_files);
  g_test_add_func ("/entrena/csv/ragged-list", test_ragged_lists_first_lines);
  g_test_add_func ("/entrena/csv/streaming", test_streaming);
  g_test_add_func ("/entrena/csv/cancel", test_cancel);
  g_test_add_func ("/entrena/csv/missing-file", test_missing_file);
  g_test_add_func ("/entrena/csv/wine", test_wine);
  g_test_add_func ("/entrena/csv/locale", test_locale_independent);

  return g_test_run ();
}
