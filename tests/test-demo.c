/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "entrena-demo.h"

/* What each demo set must look like. The checksums pin the exact bytes: if one
 * changes on some machine, a libm or compiler difference got through the
 * rounding in entrena-demo.c, and the demo is no longer the same everywhere.
 * Change them only together with a deliberate change to a generator. */
typedef struct
{
  const char *id;
  const char *header;
  const char *target;
  guint       n_rows;
  guint       n_columns;
  const char *sha256;
  gboolean    regression;  /* the target is a number, not classes */
} ExpectedDemo;

static const ExpectedDemo expected[] = {
  {
    "spirals",
    "x,y,class",
    "class",
    600,
    3,
    "38eed070d04623beae8751c5ba33d6f4617fda1f2955dbdb08a18758b38340f9",
  },
  {
    "circles",
    "x,y,ring",
    "ring",
    600,
    3,
    "ff0a3546dec6e23686f8543cdc3e28ab6e2a995193383a3e96bc1e2ef85aca4c",
  },
  {
    "blobs",
    "id,length_mm,wingspan_mm,antenna_mm,mass_g,species",
    "species",
    450,
    6,
    "1f635453ba54802e4905af020c079f70d26fcd2666795801142ddbdadd51c833",
  },
  {
    "wave",
    "x1,x2,y",
    "y",
    600,
    3,
    "71b8882ad717a6612fba48170b2e270837929aca0fddd5f0f1c25381205596a6",
    TRUE,
  },
};

static const ExpectedDemo *
find_expected (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (g_str_equal (expected[i].id, id))
        return &expected[i];
    }

  return NULL;
}

static void
test_demo_list (void)
{
  const EntrenaDemoInfo *demos = entrena_demo_list ();
  guint n = 0;

  g_assert_nonnull (demos);

  for (; demos[n].id != NULL; n++)
    {
      g_assert_nonnull (demos[n].title);
      g_assert_cmpstr (demos[n].title, !=, "");
      g_assert_nonnull (demos[n].description);
      g_assert_cmpstr (demos[n].description, !=, "");
      g_assert_nonnull (demos[n].target);
      g_assert_true (entrena_demo_find (demos[n].id) == &demos[n]);

      /* Every listed demo is checked below, and ids are unique. */
      g_assert_nonnull (find_expected (demos[n].id));
      for (guint j = 0; j < n; j++)
        g_assert_cmpstr (demos[j].id, !=, demos[n].id);
    }

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
}

static void
test_demo_unknown (void)
{
  gsize length = 42;
  char *csv;

  g_assert_null (entrena_demo_find ("no-such-demo"));
  g_assert_null (entrena_demo_find (""));

  csv = entrena_demo_generate ("no-such-demo", &length);
  g_assert_null (csv);
  g_assert_cmpuint (length, ==, 0);
}

static void
test_demo_generate (gconstpointer data)
{
  const ExpectedDemo *want = data;
  const EntrenaDemoInfo *info;
  g_autofree char *csv = NULL;
  g_autofree char *again = NULL;
  g_autofree char *without_length = NULL;
  g_autofree char *checksum = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) header = NULL;
  gsize length = 0;
  gsize again_length = 0;
  guint n_lines;
  int target_column = -1;

  info = entrena_demo_find (want->id);
  g_assert_nonnull (info);

  csv = entrena_demo_generate (want->id, &length);
  g_assert_nonnull (csv);
  g_assert_cmpuint (length, ==, strlen (csv));
  g_assert_true (g_utf8_validate (csv, length, NULL));

  /* Deterministic: a second run gives the same bytes, with or without @length. */
  again = entrena_demo_generate (want->id, &again_length);
  g_assert_cmpmem (csv, length, again, again_length);
  without_length = entrena_demo_generate (want->id, NULL);
  g_assert_cmpstr (csv, ==, without_length);

  /* LF only, ending with one. */
  g_assert_null (strchr (csv, '\r'));
  g_assert_cmpint (csv[length - 1], ==, '\n');

  lines = g_strsplit (csv, "\n", -1);
  n_lines = g_strv_length (lines);
  /* The header, the rows, and the empty string after the final LF. */
  g_assert_cmpuint (n_lines, ==, want->n_rows + 2);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  g_assert_cmpstr (lines[0], ==, want->header);

  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpuint (g_strv_length (header), ==, want->n_columns);
  for (guint j = 0; header[j] != NULL; j++)
    {
      if (g_str_equal (header[j], info->target))
        target_column = (int) j;
    }
  g_assert_cmpstr (info->target, ==, want->target);
  g_assert_cmpint (target_column, >=, 0);

  for (guint i = 1; i <= want->n_rows; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, want->n_columns);

      for (guint j = 0; j < want->n_columns; j++)
        {
          char *end = NULL;

          g_assert_cmpstr (cells[j], !=, "");
          if ((int) j == target_column)
            continue;

          /* Every other cell is a plain decimal number in the C locale. */
          g_ascii_strtod (cells[j], &end);
          g_assert_cmpint (*end, ==, '\0');
          g_assert_null (strchr (cells[j], 'e'));
          g_assert_false (g_str_has_prefix (cells[j], "-0.") &&
                          strspn (cells[j] + 3, "0") == strlen (cells[j] + 3));
        }

      /* An id column numbers the rows from 1. */
      if (g_str_equal (header[0], "id"))
        {
          g_autofree char *id = g_strdup_printf ("%u", i);

          g_assert_cmpstr (cells[0], ==, id);
        }
    }

  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) csv, length);
  if (g_strcmp0 (checksum, want->sha256) != 0)
    g_test_message ("%s: SHA-256 %s, expected %s", want->id, checksum, want->sha256);
  g_assert_cmpstr (checksum, ==, want->sha256);
}

/* The label columns hold a few balanced classes; a regression demo's target
 * holds numbers. */
static void
test_demo_classes (gconstpointer data)
{
  const ExpectedDemo *want = data;
  const EntrenaDemoInfo *info = entrena_demo_find (want->id);
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *csv = entrena_demo_generate (want->id, NULL);
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto (GStrv) header = g_strsplit (lines[0], ",", -1);
  GHashTableIter iter;
  gpointer value;
  guint target_column = 0;
  guint n_fractions = 0;

  for (guint j = 0; header[j] != NULL; j++)
    {
      if (g_str_equal (header[j], info->target))
        target_column = j;
    }

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, cells[target_column]));
      char *end = NULL;
      double number = g_ascii_strtod (cells[target_column], &end);

      g_hash_table_replace (counts, g_strdup (cells[target_column]), GUINT_TO_POINTER (n + 1));
      if (*end == '\0' && number != floor (number))
        n_fractions++;
    }

  /* A number to predict: many distinct values, most of them not whole. */
  if (want->regression)
    {
      g_assert_cmpuint (g_hash_table_size (counts), >, want->n_rows / 2);
      g_assert_cmpuint (n_fractions, >, want->n_rows / 2);
      return;
    }

  g_assert_cmpuint (g_hash_table_size (counts), >=, 2);
  g_assert_cmpuint (g_hash_table_size (counts), <=, 3);

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, want->n_rows / g_hash_table_size (counts));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/demo/list", test_demo_list);
  g_test_add_func ("/entrena/demo/unknown", test_demo_unknown);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *generate = g_strdup_printf ("/entrena/demo/%s/generate", expected[i].id);
      g_autofree char *classes = g_strdup_printf ("/entrena/demo/%s/classes", expected[i].id);

      g_test_add_data_func (generate, &expected[i], test_demo_generate);
      g_test_add_data_func (classes, &expected[i], test_demo_classes);
    }

  return g_test_run ();
}
