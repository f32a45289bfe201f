/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "entrena-csv.h"
#include "entrena-dataset.h"
#include "entrena-error.h"

#include "core-test-util.h"

static EntrenaTable *
table_from (const char *csv)
{
  g_autoptr (GError) error = NULL;
  EntrenaTable *table = entrena_csv_read_data (csv, strlen (csv), "test.csv", NULL, &error);

  g_assert_no_error (error);
  return table;
}

static void
assert_row (const EntrenaDataset *ds,
            guint                 row,
            const float          *expected)
{
  for (guint k = 0; k < ds->n_features; k++)
    g_assert_cmpfloat (ds->X[(gsize) row * ds->n_features + k], ==, expected[k]);
}

static void
test_numeric_labels (void)
{
  g_autoptr (EntrenaTable) table = table_from ("a,b,quality,Id\n1,2,5,0\n3,4,8,1\n5,6,3,2\n7,8,5,3\n");
  const char *exclude[] = { "Id", NULL };
  EntrenaDatasetOptions options = { "quality", exclude, NULL, ENTRENA_MISSING_DROP_ROWS };
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaDataset) ds = entrena_dataset_new (table, &options, &error);
  const float row1[] = { 3, 4 };

  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 4);
  g_assert_cmpuint (ds->n_features, ==, 2);
  g_assert_cmpuint (ds->n_classes, ==, 3);
  /* Classes are the sorted distinct values: 3 → 0, 5 → 1, 8 → 2. */
  g_assert_cmpstr (ds->class_names[0], ==, "3");
  g_assert_cmpstr (ds->class_names[1], ==, "5");
  g_assert_cmpstr (ds->class_names[2], ==, "8");
  g_assert_null (ds->class_names[3]);
  g_assert_cmpuint (ds->y[0], ==, 1);
  g_assert_cmpuint (ds->y[1], ==, 2);
  g_assert_cmpuint (ds->y[2], ==, 0);
  g_assert_cmpuint (ds->class_counts[1], ==, 2);
  g_assert_cmpstr (ds->feature_names[0], ==, "a");
  g_assert_cmpstr (ds->feature_names[1], ==, "b");
  assert_row (ds, 1, row1);
  g_assert_true ((gsize) ds->X % 64 == 0);
}

static void
test_string_labels_and_one_hot (void)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("ids.csv");
  EntrenaDatasetOptions options = { "f2", NULL, NULL, ENTRENA_MISSING_DROP_ROWS };
  const char *exclude[] = { "Id", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaDataset) ds = NULL;
  g_autoptr (EntrenaDataset) by_species = NULL;
  const float row0[] = { 0.5f, 1, 0, 0 };   /* f1, species=setosa, =versicolor, =virginica */

  options.exclude = exclude;
  ds = entrena_dataset_new (table, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_features, ==, 4);
  g_assert_cmpstr (ds->feature_names[1], ==, "species=setosa");
  g_assert_cmpstr (ds->feature_names[2], ==, "species=versicolor");
  g_assert_cmpstr (ds->feature_names[3], ==, "species=virginica");
  g_assert_cmpuint (ds->sources[2].source_column, ==, 3);
  g_assert_cmpint (ds->sources[2].category, ==, 1);
  assert_row (ds, 0, row0);

  options.target = "species";
  by_species = entrena_dataset_new (table, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_species->n_classes, ==, 3);
  g_assert_cmpstr (by_species->class_names[0], ==, "setosa");
  g_assert_cmpstr (by_species->class_names[2], ==, "virginica");
  g_assert_cmpuint (by_species->y[1], ==, 2);
  g_assert_cmpuint (by_species->y[3], ==, 1);
}

static void
test_categorical_numbers (void)
{
  g_autoptr (EntrenaTable) table = table_from ("grade,x,y\n3,0.5,a\n1,0.25,b\n3,1,a\n2,2,b\n");
  const char *categorical[] = { "grade", NULL };
  EntrenaDatasetOptions options = { "y", NULL, categorical, ENTRENA_MISSING_DROP_ROWS };
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaDataset) ds = entrena_dataset_new (table, &options, &error);
  const float row1[] = { 1, 0, 0, 0.25f };

  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_features, ==, 4);
  g_assert_cmpstr (ds->feature_names[0], ==, "grade=1");
  g_assert_cmpstr (ds->feature_names[2], ==, "grade=3");
  assert_row (ds, 1, row1);
}

static void
test_missing_policies (void)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("missing.csv");
  EntrenaDatasetOptions options = { "class name", NULL, NULL, ENTRENA_MISSING_DROP_ROWS };
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaDataset) dropped = entrena_dataset_new (table, &options, &error);
  g_autoptr (EntrenaDataset) filled = NULL;

  /* Rows 0 and 5 are complete but row 5 has no class: only row 0 is left,
   * with a single class, and the message says so. */
  g_assert_null (dropped);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET);
  g_clear_error (&error);

  options.missing = ENTRENA_MISSING_FILL;
  filled = entrena_dataset_new (table, &options, &error);
  g_assert_no_error (error);
  /* Every row with a class is kept; width's mean over 1, 4, 5, 6 is 4. */
  g_assert_cmpuint (filled->n_rows, ==, 5);
  g_assert_cmpuint (filled->n_dropped, ==, 1);
  g_assert_cmpfloat (filled->X[1 * 2 + 0], ==, 4.0f);
  /* height's mean over 2, 3, 7 is 4. */
  g_assert_cmpfloat (filled->X[2 * 2 + 1], ==, 4.0f);
  g_assert_cmpuint (filled->n_filled, ==, 5);
  g_assert_cmpuint (filled->row_index[4], ==, 4);
  g_assert_cmpuint (filled->warnings->len, >=, 2);
}

static void
test_drop_rows (void)
{
  g_autoptr (EntrenaTable) table = table_from ("a,b,c\n1,2,x\n,3,y\n4,NA,x\n5,6,y\n7,8,\n");
  EntrenaDatasetOptions options = { "c", NULL, NULL, ENTRENA_MISSING_DROP_ROWS };
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaDataset) ds = entrena_dataset_new (table, &options, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 2);
  g_assert_cmpuint (ds->row_index[0], ==, 0);
  g_assert_cmpuint (ds->row_index[1], ==, 3);
  g_assert_cmpuint (ds->n_dropped, ==, 3);
}

static void
test_errors (void)
{
  g_autoptr (EntrenaTable) text = ctu_read_fixture ("text-in-numeric.csv");
  g_autoptr (EntrenaTable) one = ctu_read_fixture ("one-class.csv");
  g_autoptr (EntrenaTable) ids = ctu_read_fixture ("ids.csv");
  g_autoptr (GString) many = g_string_new ("x,label\n");
  g_autoptr (EntrenaTable) many_table = NULL;
  EntrenaDatasetOptions options = { "c", NULL, NULL, ENTRENA_MISSING_DROP_ROWS };
  const char *all[] = { "Id", "f1", "f2", NULL };
  const char *unknown[] = { "nope", NULL };
  GError *error = NULL;

  g_assert_null (entrena_dataset_new (text, &options, &error));
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "line 3, column 2: “x”"));
  g_assert_nonnull (strstr (error->message, "“b”"));
  g_clear_error (&error);

  /* Leaving the column out makes the same file usable. */
  {
    const char *exclude[] = { "b", NULL };
    EntrenaDatasetOptions ok = { "c", exclude, NULL, ENTRENA_MISSING_DROP_ROWS };
    g_autoptr (EntrenaDataset) ds = entrena_dataset_new (text, &ok, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ds->n_features, ==, 1);
  }

  options.target = "label";
  g_assert_null (entrena_dataset_new (one, &options, &error));
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET);
  g_assert_nonnull (strstr (error->message, "only one value"));
  g_clear_error (&error);

  options.target = "species";
  options.exclude = all;
  g_assert_null (entrena_dataset_new (ids, &options, &error));
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_FEATURES);
  g_clear_error (&error);

  options.exclude = unknown;
  g_assert_null (entrena_dataset_new (ids, &options, &error));
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_UNKNOWN_COLUMN);
  g_assert_nonnull (strstr (error->message, "“nope”"));
  g_clear_error (&error);

  options.exclude = NULL;
  options.target = "weight";
  g_assert_null (entrena_dataset_new (ids, &options, &error));
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);

  /* The only feature has no value in the rows that have a target (found by fuzzing). */
  {
    const char csv[] = "a,\n,x\n,.\n";
    EntrenaCsvOptions csv_options = ENTRENA_CSV_OPTIONS_INIT;
    EntrenaDatasetOptions fill = { "column2", NULL, NULL, ENTRENA_MISSING_FILL };
    g_autoptr (EntrenaTable) sparse = NULL;

    csv_options.header = ENTRENA_HEADER_ABSENT;
    sparse = entrena_csv_read_data (csv, sizeof csv - 1, "sparse.csv", &csv_options, &error);
    g_assert_no_error (error);
    g_assert_null (entrena_dataset_new (sparse, &fill, &error));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_FEATURES);
    g_clear_error (&error);
  }

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (many, "%u,c%u\n", i % 17, i);
  many_table = table_from (many->str);
  options.target = "label";
  g_assert_null (entrena_dataset_new (many_table, &options, &error));
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET);
  g_assert_nonnull (strstr (error->message, "300"));
  g_clear_error (&error);
}

static void
test_suggestions (void)
{
  g_autoptr (EntrenaTable) ids = ctu_read_fixture ("ids.csv");
  g_autoptr (EntrenaTable) wine_like = table_from ("a,quality,Id\n1,5,10\n2,6,11\n3,5,12\n");
  g_autoptr (EntrenaTable) trailing = ctu_read_fixture ("trailing-delimiter.csv");
  g_auto (GStrv) exclude = entrena_table_suggest_exclude (ids);
  g_auto (GStrv) exclude_trailing = entrena_table_suggest_exclude (trailing);

  g_assert_cmpuint (g_strv_length (exclude), ==, 1);
  g_assert_cmpstr (exclude[0], ==, "Id");
  g_assert_cmpint (entrena_table_suggest_target (ids), ==, 3);
  g_assert_cmpint (entrena_table_suggest_target (wine_like), ==, 1);
  /* An empty column is neither a target nor a feature. */
  g_assert_cmpint (entrena_table_suggest_target (trailing), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) exclude_trailing, "Unnamed: 3"));
}

/* A run that gives back the table's cells once its dataset is made is the
 * same run, described the same way; the table keeps its column names. */
static void
test_drop_cells (void)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("train-small.csv");
  g_autoptr (EntrenaTable) dropped = ctu_read_fixture ("train-small.csv");
  g_autoptr (EntrenaRunResult) run = NULL;
  g_autoptr (EntrenaRunResult) run_dropped = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaRunSettings settings;
  guint d;

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.epochs = 5;
  run = entrena_run_start (table, &settings, NULL, &error);
  g_assert_no_error (error);
  run_dropped = entrena_run_start_dropping_cells (dropped, &settings, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (entrena_table_get_n_rows (dropped), ==, 0);
  g_assert_cmpuint (entrena_table_get_n_columns (dropped), ==, entrena_table_get_n_columns (table));
  for (guint j = 0; j < entrena_table_get_n_columns (table); j++)
    g_assert_cmpstr (entrena_table_get_column_name (dropped, j), ==, entrena_table_get_column_name (table, j));

  d = run->info->n_features;
  g_assert_cmpuint (run_dropped->info->n_features, ==, d);
  g_assert_true (g_strv_equal ((const char * const *) run->info->feature_names,
                               (const char * const *) run_dropped->info->feature_names));
  g_assert_true (g_strv_equal ((const char * const *) run->info->feature_columns,
                               (const char * const *) run_dropped->info->feature_columns));
  g_assert_cmpstr (run->info->source_name, ==, run_dropped->info->source_name);
  ctu_assert_same_floats (run->info->input_min, run_dropped->info->input_min, d);
  ctu_assert_same_floats (run->info->input_max, run_dropped->info->input_max, d);
  ctu_assert_same_floats (run->info->fill_values, run_dropped->info->fill_values, d);

  g_assert_true (entrena_run_train (run, NULL, NULL, NULL, NULL, &error));
  g_assert_true (entrena_run_train (run_dropped, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  ctu_assert_same_training (run->training, run_dropped->training);
}

/* Kept rows encoded between two givings back of the table's cells, set for
 * the test (65,536 otherwise): 16 KiB of each float column, whole pages to
 * give back, and a big table of a few blocks that a sanitizer or an emulator
 * reads in seconds. */
#define BLOCK_ROWS 4096

/* A table of several blocks of rows: an identifier, numbers with missing
 * cells, a text column with a few numbers and missing cells, small integers
 * to treat as categories, a text class and a number to predict, both
 * sometimes missing. */
static EntrenaTable *
big_table (void)
{
  static const char * const colors[] = { "red", "green", "blue", "teal" };
  static const char * const labels[] = { "x", "y", "z" };
  g_autoptr (GString) csv = g_string_new ("Id,a,color,grade,b,skip,label,value\n");
  guint32 state = 12345;
  guint n_rows = 4 * BLOCK_ROWS + 4321;

  for (guint i = 0; i < n_rows; i++)
    {
      guint r;

      state = state * 1664525u + 1013904223u;
      r = state >> 8;
      g_string_append_printf (csv, "%u,", i);
      if (i % 7 != 3)
        g_string_append_printf (csv, "%d.%u", (int) (r % 2001) - 1000, r % 10);
      g_string_append_c (csv, ',');
      if (i % 13 == 5)
        g_string_append (csv, "3");
      else if (i % 11 != 2)
        g_string_append (csv, colors[(r >> 4) % G_N_ELEMENTS (colors)]);
      g_string_append_printf (csv, ",%u,%ue%d,%u,", 1 + (r >> 7) % 5, r % 977, (int) (r % 5) - 2, r);
      if (i % 17 != 9)
        g_string_append (csv, labels[(r >> 11) % G_N_ELEMENTS (labels)]);
      g_string_append_c (csv, ',');
      if (i % 19 != 4)
        g_string_append_printf (csv, "%.3f", (double) (r % 100000) / 7.0);
      g_string_append_c (csv, '\n');
    }
  return table_from (csv->str);
}

static void
assert_same_dataset (const EntrenaDataset *a,
                     const EntrenaDataset *b)
{
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  g_assert_cmpuint (a->n_classes, ==, b->n_classes);
  g_assert_cmpint (memcmp (a->X, b->X, (gsize) a->n_rows * a->n_features * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (a->y, b->y, a->n_rows), ==, 0);
  g_assert_cmpint (memcmp (a->row_index, b->row_index, a->n_rows * sizeof (guint)), ==, 0);
  g_assert_true (g_strv_equal ((const char * const *) a->feature_names, (const char * const *) b->feature_names));
  g_assert_cmpint (memcmp (a->sources, b->sources, a->n_features * sizeof (EntrenaFeatureSource)), ==, 0);
  g_assert_true (g_strv_equal ((const char * const *) a->class_names, (const char * const *) b->class_names));
  g_assert_cmpint (memcmp (a->class_counts, b->class_counts, a->n_classes * sizeof (guint)), ==, 0);
  g_assert_cmpuint (a->target_column, ==, b->target_column);
  g_assert_cmpuint (a->n_dropped, ==, b->n_dropped);
  g_assert_cmpuint (a->n_filled, ==, b->n_filled);
  g_assert_cmpint (a->task, ==, b->task);
  g_assert_cmpstr (a->task_reason, ==, b->task_reason);
  g_assert_true ((a->y_value == NULL) == (b->y_value == NULL));
  if (a->y_value != NULL)
    g_assert_cmpint (memcmp (a->y_value, b->y_value, a->n_rows * sizeof (float)), ==, 0);
  g_assert_cmpuint (a->warnings->len, ==, b->warnings->len);
  for (guint i = 0; i < a->warnings->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->warnings, i), ==, g_ptr_array_index (b->warnings, i));
}

/* Giving back a table's cells as they are encoded makes the same dataset,
 * bit for bit, and leaves the table without cells; on an error the table is
 * left whole. */
static void
test_dropping_cells_same_dataset (void)
{
  const char *exclude_class[] = { "Id", "skip", "value", NULL };
  const char *exclude_value[] = { "Id", "skip", "label", NULL };
  const char *grades[] = { "grade", NULL };
  const EntrenaDatasetOptions cases[] = {
    { "label", exclude_class, NULL, ENTRENA_MISSING_DROP_ROWS, ENTRENA_TASK_CLASSIFICATION },
    { "label", exclude_class, grades, ENTRENA_MISSING_FILL, ENTRENA_TASK_AUTO },
    { "value", exclude_value, grades, ENTRENA_MISSING_FILL, ENTRENA_TASK_REGRESSION },
    { "value", exclude_value, NULL, ENTRENA_MISSING_DROP_ROWS, ENTRENA_TASK_AUTO },
  };
  const char *too_many[] = { "b", NULL };
  const EntrenaDatasetOptions failing = {
    "label", exclude_class, too_many, ENTRENA_MISSING_FILL, ENTRENA_TASK_CLASSIFICATION
  };

  _entrena_dataset_set_give_back_rows (BLOCK_ROWS);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (EntrenaTable) table = big_table ();
      g_autoptr (EntrenaTable) dropped = big_table ();
      guint n_rows = entrena_table_get_n_rows (table);
      g_autoptr (GError) error = NULL;
      g_autoptr (EntrenaDataset) ds = entrena_dataset_new (table, &cases[c], &error);
      g_autoptr (EntrenaDataset) ds_dropped = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (ds->n_rows, >, 2 * BLOCK_ROWS);
      g_assert_cmpuint (ds->n_rows, <, n_rows);
      ds_dropped = entrena_dataset_new_dropping_cells (dropped, &cases[c], &error);
      g_assert_no_error (error);

      assert_same_dataset (ds, ds_dropped);
      g_assert_cmpuint (entrena_table_get_n_rows (table), ==, n_rows);
      g_assert_cmpuint (entrena_table_get_n_rows (dropped), ==, 0);
      g_assert_cmpuint (entrena_table_get_n_columns (dropped), ==, entrena_table_get_n_columns (table));
    }

  /* "b" has too many values to be categories: the same error, found once
   * the rows are chosen and the categories counted, and the table keeps its
   * cells. */
  {
    g_autoptr (EntrenaTable) table = big_table ();
    g_autoptr (EntrenaTable) fresh = big_table ();
    g_autoptr (GError) error = NULL;
    g_autoptr (GError) error_dropped = NULL;
    g_autoptr (GError) later = NULL;
    g_autoptr (EntrenaDataset) ds = NULL;
    g_autoptr (EntrenaDataset) ds_fresh = NULL;

    g_assert_null (entrena_dataset_new (table, &failing, &error));
    g_assert_null (entrena_dataset_new_dropping_cells (table, &failing, &error_dropped));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_VALUE);
    g_assert_error (error_dropped, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_VALUE);
    g_assert_cmpstr (error_dropped->message, ==, error->message);

    ds = entrena_dataset_new (table, &cases[1], &later);
    g_assert_no_error (later);
    ds_fresh = entrena_dataset_new (fresh, &cases[1], &later);
    g_assert_no_error (later);
    assert_same_dataset (ds, ds_fresh);
  }
  _entrena_dataset_set_give_back_rows (0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/dataset/numeric-labels", test_numeric_labels);
  g_test_add_func ("/entrena/dataset/string-labels-one-hot", test_string_labels_and_one_hot);
  g_test_add_func ("/entrena/dataset/categorical-numbers", test_categorical_numbers);
  g_test_add_func ("/entrena/dataset/missing-policies", test_missing_policies);
  g_test_add_func ("/entrena/dataset/drop-rows", test_drop_rows);
  g_test_add_func ("/entrena/dataset/errors", test_errors);
  g_test_add_func ("/entrena/dataset/suggestions", test_suggestions);
  g_test_add_func ("/entrena/dataset/drop-cells", test_drop_cells);
  g_test_add_func ("/entrena/dataset/dropping-cells-same-dataset", test_dropping_cells_same_dataset);

  return g_test_run ();
}
