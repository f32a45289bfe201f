/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-split"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-mt19937.h"
#include "entrena-split.h"

#include "core-test-util.h"

static void
mark_rows (guint8      *seen,
           const guint *rows,
           guint        n_rows,
           guint        n)
{
  for (guint i = 0; i < n_rows; i++)
    {
      g_assert_cmpuint (rows[i], <, n);
      g_assert_cmpuint (seen[rows[i]], ==, 0);
      seen[rows[i]] = 1;
    }
}

/* Asserts that train, validation and test together hold every row 0..n-1
 * exactly once. */
static void
assert_partition (const EntrenaSplit *split,
                  guint               n)
{
  g_autofree guint8 *seen = g_new0 (guint8, n);

  g_assert_cmpuint (split->n_train + split->n_val + split->n_test, ==, n);
  mark_rows (seen, split->train, split->n_train, n);
  mark_rows (seen, split->val, split->n_val, n);
  mark_rows (seen, split->test, split->n_test, n);
}

/* MT19937 */

static void
test_mt19937_reference (void)
{
  /* init_genrand (5489), the reference code's default seed. */
  static const guint32 expected[] = {
    3499211612u, 581869302u, 3890346734u, 3586334585u, 545404204u,
  };
  EntrenaMt19937 mt;
  guint32 last = 0;

  entrena_mt19937_init (&mt, 5489);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (entrena_mt19937_next (&mt), ==, expected[i]);

  /* The C++ standard requires the 10000th output of this seed to be
   * 4123659995; it crosses many regenerations of the state. */
  entrena_mt19937_init (&mt, 5489);
  for (guint i = 0; i < 10000; i++)
    last = entrena_mt19937_next (&mt);
  g_assert_cmpuint (last, ==, 4123659995u);
}

static void
test_mt19937_numpy_seeds (void)
{
  EntrenaMt19937 mt;

  /* np.random.RandomState (42)._bit_generator.random_raw (3) */
  entrena_mt19937_init (&mt, 42);
  g_assert_cmpuint (entrena_mt19937_next (&mt), ==, 1608637542u);
  g_assert_cmpuint (entrena_mt19937_next (&mt), ==, 3421126067u);
  g_assert_cmpuint (entrena_mt19937_next (&mt), ==, 4083286876u);
}

static void
test_numpy_interval (void)
{
  /* RandomState (1).randint (0, 6) eight times: legacy randint uses the same
   * masked rejection as random_interval. */
  static const guint64 small[] = { 5, 3, 4, 0, 1, 3, 5, 0 };
  /* RandomState (1).randint (0, 2**40, size=4, dtype=np.uint64): 64-bit words. */
  static const guint64 big[] = {
    G_GUINT64_CONSTANT (163196666091), G_GUINT64_CONSTANT (605300724808),
    G_GUINT64_CONSTANT (1095766950793), G_GUINT64_CONSTANT (876169207429),
  };
  EntrenaMt19937 mt;
  EntrenaMt19937 fresh;

  entrena_mt19937_init (&mt, 1);
  for (guint i = 0; i < G_N_ELEMENTS (small); i++)
    g_assert_cmpuint (entrena_mt19937_numpy_interval (&mt, 5), ==, small[i]);

  entrena_mt19937_init (&mt, 1);
  for (guint i = 0; i < G_N_ELEMENTS (big); i++)
    g_assert_cmpuint (entrena_mt19937_numpy_interval (&mt, (G_GUINT64_CONSTANT (1) << 40) - 1),
                      ==, big[i]);

  /* max == 0 draws nothing. */
  entrena_mt19937_init (&mt, 9);
  entrena_mt19937_init (&fresh, 9);
  g_assert_cmpuint (entrena_mt19937_numpy_interval (&mt, 0), ==, 0);
  g_assert_cmpuint (entrena_mt19937_next (&mt), ==, entrena_mt19937_next (&fresh));
}

static void
test_numpy_permutation (void)
{
  /* np.random.RandomState (0).permutation (10) */
  static const guint expected0[] = { 2, 8, 4, 9, 1, 6, 7, 3, 0, 5 };
  /* np.random.RandomState (4294967295).permutation (7) */
  static const guint expected_max[] = { 1, 5, 0, 6, 4, 2, 3 };
  static const guint data[] = { 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };
  guint out[10];
  guint shuffled[10];
  EntrenaMt19937 mt;
  EntrenaMt19937 fresh;

  entrena_mt19937_init (&mt, 0);
  entrena_mt19937_numpy_permutation (&mt, out, 10);
  g_assert_cmpmem (out, sizeof expected0, expected0, sizeof expected0);

  entrena_mt19937_init (&mt, 4294967295u);
  entrena_mt19937_numpy_permutation (&mt, out, 7);
  g_assert_cmpmem (out, sizeof expected_max, expected_max, sizeof expected_max);

  /* Shuffling an array is indexing it with the permutation. */
  memcpy (shuffled, data, sizeof data);
  entrena_mt19937_init (&mt, 0);
  entrena_mt19937_numpy_shuffle (&mt, shuffled, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (shuffled[i], ==, data[expected0[i]]);

  /* permutation (0) and permutation (1) draw nothing. */
  entrena_mt19937_init (&mt, 3);
  entrena_mt19937_init (&fresh, 3);
  entrena_mt19937_numpy_permutation (&mt, out, 0);
  entrena_mt19937_numpy_permutation (&mt, out, 1);
  g_assert_cmpuint (out[0], ==, 0);
  g_assert_cmpuint (entrena_mt19937_next (&mt), ==, entrena_mt19937_next (&fresh));
}

/* Golden splits from scikit-learn */

typedef struct
{
  guint    n;
  double   test_size;
  double   val_size;    /* split-val-golden.txt's cases only */
  guint32  seed;
  gboolean stratified;
  guint    n_classes;
  guint8  *labels;
  gboolean error;
  guint    line;
} GoldenCase;

static guint64
parse_uint (const char *s,
            guint       base)
{
  guint64 v = 0;

  g_assert_true (g_ascii_string_to_unsigned (s, base, 0, G_MAXUINT64, &v, NULL));
  return v;
}

/* The golden file of @gc. */
static const char *
golden_name (const GoldenCase *gc)
{
  return gc->val_size > 0 ? "split-val-golden.txt" : "split-golden.txt";
}

/* Checks one "train COUNT HASH I...", "val …" or "test …" line. */
static void
check_side (const GoldenCase *gc,
            const char       *line,
            const char       *name,
            const guint      *indices,
            guint             n_indices)
{
  g_auto (GStrv) fields = g_strsplit (line, " ", -1);
  guint n_fields = g_strv_length (fields);
  guint count;
  guint64 hash;
  guint n_listed;

  if (n_fields < 3 || g_strcmp0 (fields[0], name) != 0)
    g_error ("%s line %u: expected a “%s” line", golden_name (gc), gc->line, name);

  count = (guint) parse_uint (fields[1], 10);
  hash = parse_uint (fields[2], 16);

  /* An empty list leaves one empty field after the trailing space. */
  n_listed = n_fields - 3;
  if (n_listed == 1 && fields[3][0] == '\0')
    n_listed = 0;

  if (count != n_indices || hash != ctu_fnv1a_words (indices, n_indices))
    g_error ("%s line %u (n=%u test_size=%g val_size=%g seed=%u %s): "
             "%s has %u rows, checksum %016" G_GINT64_MODIFIER "x; expected %u, %016"
             G_GINT64_MODIFIER "x",
             golden_name (gc), gc->line, gc->n, gc->test_size, gc->val_size, gc->seed,
             gc->stratified ? "stratified" : "plain",
             name, n_indices, ctu_fnv1a_words (indices, n_indices), count, hash);

  g_assert_cmpuint (n_listed, <=, count);
  for (guint i = 0; i < n_listed; i++)
    g_assert_cmpuint (indices[i], ==, parse_uint (fields[3 + i], 10));
}

/* The lines of the golden file @name. (transfer full) */
static GStrv
read_golden (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (contents, "\n", -1);
}

/* A "labels L0 L1 ..." line of @n labels. (transfer full) */
static guint8 *
parse_labels (const char *line,
              guint       n)
{
  g_auto (GStrv) labels = g_strsplit (line, " ", -1);
  guint8 *values = g_new (guint8, MAX (n, 1));

  g_assert_cmpstr (labels[0], ==, "labels");
  g_assert_cmpuint (g_strv_length (labels), ==, n + 1);
  for (guint i = 0; i < n; i++)
    values[i] = (guint8) parse_uint (labels[i + 1], 10);
  return values;
}

static void
run_case (const GoldenCase *gc,
          char            **lines,
          guint            *pos)
{
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (GError) error = NULL;

  split = entrena_split_new (gc->n, gc->test_size, gc->seed,
                             gc->stratified ? gc->labels : NULL, gc->n_classes,
                             &error);

  if (gc->error)
    {
      if (split != NULL)
        g_error ("split-golden.txt line %u: scikit-learn fails here, we do not",
                 gc->line);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
      g_assert_nonnull (error->message);
      return;
    }

  if (split == NULL)
    g_error ("split-golden.txt line %u: unexpected error: %s", gc->line, error->message);
  g_assert_no_error (error);

  check_side (gc, lines[(*pos)++], "train", split->train, split->n_train);
  check_side (gc, lines[(*pos)++], "test", split->test, split->n_test);
  assert_partition (split, gc->n);
}

static void
test_golden (void)
{
  g_auto (GStrv) lines = read_golden ("split-golden.txt");
  guint n_cases = 0;
  guint n_stratified = 0;
  guint n_errors = 0;
  guint pos = 0;

  while (lines[pos] != NULL)
    {
      const char *line = lines[pos];
      g_auto (GStrv) fields = NULL;
      GoldenCase gc = { 0 };
      char *end = NULL;

      gc.line = ++pos;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      fields = g_strsplit (line, " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 6);
      g_assert_cmpstr (fields[0], ==, "case");

      gc.n = (guint) parse_uint (fields[1], 10);
      gc.test_size = g_ascii_strtod (fields[2], &end);
      g_assert_true (end != NULL && *end == '\0');
      gc.seed = (guint32) parse_uint (fields[3], 10);
      gc.stratified = g_str_equal (fields[4], "stratified");
      gc.n_classes = (guint) parse_uint (fields[5], 10);

      if (gc.stratified)
        {
          gc.labels = parse_labels (lines[pos++], gc.n);
          n_stratified++;
        }

      g_assert_nonnull (lines[pos]);
      gc.error = g_str_equal (lines[pos], "error");
      if (gc.error)
        {
          pos++;
          n_errors++;
        }

      run_case (&gc, lines, &pos);
      g_free (gc.labels);
      n_cases++;
    }

  g_test_message ("%u golden cases (%u stratified, %u errors)",
                  n_cases, n_stratified, n_errors);

  /* Guards against a truncated or regenerated-empty file. */
  g_assert_cmpuint (n_cases, >=, 600);
  g_assert_cmpuint (n_stratified, >=, 300);
  g_assert_cmpuint (n_errors, >=, 50);
}

/* Golden validation splits: a second train_test_split of the training rows */

static double
parse_double (const char *s)
{
  char *end = NULL;
  double d = g_ascii_strtod (s, &end);

  g_assert_true (end != NULL && *end == '\0');
  return d;
}

/* Runs one "valcase" of split-val-golden.txt; returns TRUE when it expected
 * an error. */
static gboolean
run_val_case (const GoldenCase  *gc,
              char             **lines,
              guint             *pos)
{
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  split = entrena_split_new (gc->n, gc->test_size, gc->seed, gc->stratified ? gc->labels : NULL,
                             gc->n_classes, &error);
  ok = split != NULL &&
       entrena_split_carve_validation (split, gc->val_size, gc->seed, gc->labels, gc->n_classes, NULL,
                                       gc->stratified, &error);
  if (gc->error)
    {
      if (ok)
        g_error ("split-val-golden.txt line %u: this split must fail, and does not", gc->line);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
      return TRUE;
    }
  if (!ok)
    g_error ("split-val-golden.txt line %u: unexpected error: %s", gc->line, error->message);

  check_side (gc, lines[(*pos)++], "train", split->train, split->n_train);
  check_side (gc, lines[(*pos)++], "val", split->val, split->n_val);
  check_side (gc, lines[(*pos)++], "test", split->test, split->n_test);
  assert_partition (split, gc->n);
  return FALSE;
}

static void
test_val_golden (void)
{
  g_auto (GStrv) lines = read_golden ("split-val-golden.txt");
  guint n_cases = 0, n_stratified = 0, n_errors = 0;
  guint pos = 0;

  while (lines[pos] != NULL)
    {
      const char *line = lines[pos];
      g_auto (GStrv) fields = NULL;
      g_autofree guint8 *values = NULL;
      GoldenCase gc = { 0 };

      gc.line = ++pos;
      if (line[0] == '\0' || line[0] == '#')
        continue;

      fields = g_strsplit (line, " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 7);
      g_assert_cmpstr (fields[0], ==, "valcase");
      gc.n = (guint) parse_uint (fields[1], 10);
      gc.test_size = parse_double (fields[2]);
      gc.val_size = parse_double (fields[3]);
      gc.seed = (guint32) parse_uint (fields[4], 10);
      gc.stratified = g_str_equal (fields[5], "stratified");
      gc.n_classes = (guint) parse_uint (fields[6], 10);

      gc.labels = values = parse_labels (lines[pos++], gc.n);

      g_assert_nonnull (lines[pos]);
      gc.error = g_str_equal (lines[pos], "error");
      pos += gc.error;
      n_errors += run_val_case (&gc, lines, &pos);
      n_stratified += gc.stratified;
      n_cases++;
    }

  g_test_message ("%u golden validation cases (%u stratified, %u errors)", n_cases, n_stratified, n_errors);
  g_assert_cmpuint (n_cases, >=, 200);
  g_assert_cmpuint (n_stratified, >=, 60);
  g_assert_cmpuint (n_errors, >=, 10);
}

/* The validation shares that cannot work say why, and leave the split as it was. */
static void
test_val_errors (void)
{
  guint8 labels[20];
  char *names[] = { "low", "high", NULL };
  const double bad[] = { 0, 1, -0.5, 1.5, NAN, 0.99 };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    labels[i] = i < 18 ? 0 : 1;

  /* Out of range, or (0.99 of 16 training rows) none left to train on. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (EntrenaSplit) split = entrena_split_new (20, 0.2, 42, NULL, 2, NULL);
      g_autoptr (GError) error = NULL;

      g_assert_false (entrena_split_carve_validation (split, bad[i], 42, labels, 2, names, FALSE, &error));
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
      g_assert_cmpuint (split->n_train, ==, 16);
      g_assert_cmpuint (split->n_val, ==, 0);
    }

  /* The class “high” has two rows; stratified, one is tested, the other
   * trains, and no validation row is left for it. */
  {
    g_autoptr (EntrenaSplit) split = entrena_split_new (20, 0.2, 42, labels, 2, NULL);
    g_autoptr (GError) error = NULL;

    g_assert_nonnull (split);
    g_assert_false (entrena_split_carve_validation (split, 0.25, 42, labels, 2, names, TRUE, &error));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
    g_assert_nonnull (strstr (error->message, "“high”"));
  }
}

static void
test_lesson (void)
{
  /* train_test_split (X, y, test_size=0.2, random_state=42) on WineQT's
   * 1143 rows: ceil (0.2 * 1143) = 229 test rows. */
  static const guint train_head[] = { 12, 758, 636, 1109, 743 };
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (GError) error = NULL;

  split = entrena_split_new (1143, 0.2, 42, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (split);
  g_assert_cmpuint (split->n_train, ==, 914);
  g_assert_cmpuint (split->n_test, ==, 229);
  g_assert_cmpmem (split->train, sizeof train_head, train_head, sizeof train_head);
  assert_partition (split, 1143);
}

static void
test_sizes (void)
{
  struct
  {
    guint  n;
    double r;
    guint  n_test;
  } cases[] = {
    { 10, 0.25, 3 },   /* ceil (2.5) */
    { 100, 0.07, 8 },  /* 0.07 * 100 = 7.000000000000001 in double */
    { 2, 0.5, 1 },
    { 1000, 0.001, 1 },
    { 70000, 0.33, 23100 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (EntrenaSplit) split = NULL;
      g_autoptr (GError) error = NULL;

      split = entrena_split_new (cases[i].n, cases[i].r, 0, NULL, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (split->n_test, ==, cases[i].n_test);
      g_assert_cmpuint (split->n_train, ==, cases[i].n - cases[i].n_test);
      assert_partition (split, cases[i].n);
    }
}

static void
expect_error (guint         n,
              double        r,
              const guint8 *labels,
              guint         n_classes,
              const char   *fragment)
{
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (GError) error = NULL;

  split = entrena_split_new (n, r, 42, labels, n_classes, &error);
  g_assert_null (split);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

static void
test_errors (void)
{
  static const guint8 singleton[] = { 0, 0, 0, 1, 2, 2, 0, 2 };
  static const guint8 three[] = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0 };

  expect_error (0, 0.2, NULL, 0, "no rows to split");
  expect_error (10, 0.0, NULL, 0, "not 0.");
  expect_error (10, 1.0, NULL, 0, "not 1.");
  expect_error (10, -0.5, NULL, 0, "not -0.5.");
  expect_error (10, 1.5, NULL, 0, "not 1.5.");
  expect_error (10, NAN, NULL, 0, "greater than 0 and less than 1");
  expect_error (5, 0.99, NULL, 0,
                "A test fraction of 0.99 leaves no rows to train on (5 rows in all).");
  expect_error (1, 0.5, NULL, 0, "(1 row in all)");

  /* Stratified: class 1 has a single row. */
  expect_error (G_N_ELEMENTS (singleton), 0.5, singleton, 3,
                "Class 1 has only one row");
  /* 10 rows, 3 classes: 0.1 gives 1 test row, 0.9 gives 1 training row. */
  expect_error (G_N_ELEMENTS (three), 0.1, three, 3,
                "puts 1 row in the test set, but a stratified split needs at least one row "
                "of each of the 3 classes");
  expect_error (G_N_ELEMENTS (three), 0.9, three, 3,
                "leaves 1 row for training");
  expect_error (G_N_ELEMENTS (three), 0.8, three, 3,
                "leaves 2 rows for training");
}

static void
test_stratified_balance (void)
{
  /* 90 rows of class 0 and 10 of class 2 (class 1 has none): a 20% test set
   * gets 18 and 2 of them. */
  g_autofree guint8 *labels = g_new (guint8, 100);
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (GError) error = NULL;
  guint test_counts[3] = { 0, 0, 0 };

  for (guint i = 0; i < 100; i++)
    labels[i] = i % 10 == 3 ? 2 : 0;

  split = entrena_split_new (100, 0.2, 7, labels, 3, &error);
  g_assert_no_error (error);
  assert_partition (split, 100);
  for (guint i = 0; i < split->n_test; i++)
    test_counts[labels[split->test[i]]]++;
  g_assert_cmpuint (test_counts[0], ==, 18);
  g_assert_cmpuint (test_counts[1], ==, 0);
  g_assert_cmpuint (test_counts[2], ==, 2);
}

/* entrena_split_check () */

static GPtrArray *
check (const EntrenaSplit *split,
       const guint8       *labels,
       guint               n_classes,
       char * const       *names)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

  entrena_split_check (split, labels, n_classes, names, warnings);
  return warnings;
}

static void
test_check_small_test_set (void)
{
  struct
  {
    guint       n;
    double      r;
    const char *expected; /* NULL: no warning */
  } cases[] = {
    { 100, 0.2, "this split keeps 20 of 100 rows (20%) for testing" },
    { 999, 0.1, "this split keeps 100 of 999 rows (10%) for testing" },
    { 10, 0.1, "keeps 1 of 10 rows (10%)" },
    { 100, 0.25, NULL },
    { 100, 0.5, NULL },
    { 1000, 0.1, NULL },
    { 70000, 0.1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (EntrenaSplit) split = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) warnings = NULL;

      split = entrena_split_new (cases[i].n, cases[i].r, 0, NULL, 0, &error);
      g_assert_no_error (error);
      warnings = check (split, NULL, 0, NULL);

      if (cases[i].expected == NULL)
        {
          g_assert_cmpuint (warnings->len, ==, 0);
        }
      else
        {
          const char *w;

          g_assert_cmpuint (warnings->len, ==, 1);
          w = g_ptr_array_index (warnings, 0);
          g_assert_true (g_str_has_prefix (w, "With fewer than 1000 rows, a test set of "
                                              "at least 25% gives a more reliable estimate"));
          if (strstr (w, cases[i].expected) == NULL)
            g_error ("“%s” does not contain “%s”", w, cases[i].expected);
        }
    }
}

static void
test_check_missing_classes (void)
{
  /* Rows:      0  1  2  3  4  5  6  7
   * Labels:    0  0  1  1  2  0  1  0   (class 3 has no rows)
   * Train:     0, 1, 2, 3, 4            (class 2 only here)
   * Test:      5, 6, 7                  (classes 0 and 1)
   */
  static const guint8 labels[] = { 0, 0, 1, 1, 2, 0, 1, 0 };
  static guint train[] = { 0, 1, 2, 3, 4 };
  static guint test[] = { 5, 6, 7 };
  static char *names[] = { "bad", "good", "great", "superb" };
  EntrenaSplit split = { 5, 3, train, test };
  g_autoptr (GPtrArray) named = NULL;
  g_autoptr (GPtrArray) numbered = NULL;
  g_autoptr (GPtrArray) balanced = NULL;

  /* 3 of 8 rows is 37.5%: no size warning, only the two classes. */
  named = check (&split, labels, 4, names);
  g_assert_cmpuint (named->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (named, 0), ==,
                   "Class “great” has no rows in the test set, "
                   "so its results cannot be measured.");
  g_assert_cmpstr (g_ptr_array_index (named, 1), ==,
                   "Class “superb” has no rows at all, so the model "
                   "can neither learn nor be tested on it.");

  numbered = check (&split, labels, 4, NULL);
  g_assert_cmpuint (numbered->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (numbered, 0), "Class “2”"));
  g_assert_nonnull (strstr (g_ptr_array_index (numbered, 1), "Class “3”"));

  /* Swapping the sides: class 2 is now missing from training. */
  split.n_train = 3;
  split.train = test;
  split.n_test = 5;
  split.test = train;
  balanced = check (&split, labels, 3, names);
  g_assert_cmpuint (balanced->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (balanced, 0), ==,
                   "Class “great” has no rows in the training set, "
                   "so the model cannot learn to recognise it.");
}

static void
test_check_stratified_is_clean (void)
{
  /* WineQT's class sizes: a stratified 20% split keeps every class on both
   * sides, and 1143 rows need no size warning. */
  static const guint counts[] = { 6, 33, 483, 462, 143, 16 };
  g_autofree guint8 *labels = g_new (guint8, 1143);
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = NULL;
  guint row = 0;

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    for (guint k = 0; k < counts[c]; k++)
      labels[row++] = (guint8) c;
  g_assert_cmpuint (row, ==, 1143);

  split = entrena_split_new (1143, 0.2, 42, labels, 6, &error);
  g_assert_no_error (error);
  warnings = check (split, labels, 6, NULL);
  g_assert_cmpuint (warnings->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/split/mt19937/reference", test_mt19937_reference);
  g_test_add_func ("/entrena/split/mt19937/numpy-seeds", test_mt19937_numpy_seeds);
  g_test_add_func ("/entrena/split/mt19937/interval", test_numpy_interval);
  g_test_add_func ("/entrena/split/mt19937/permutation", test_numpy_permutation);
  g_test_add_func ("/entrena/split/golden", test_golden);
  g_test_add_func ("/entrena/split/validation/golden", test_val_golden);
  g_test_add_func ("/entrena/split/validation/errors", test_val_errors);
  g_test_add_func ("/entrena/split/lesson", test_lesson);
  g_test_add_func ("/entrena/split/sizes", test_sizes);
  g_test_add_func ("/entrena/split/errors", test_errors);
  g_test_add_func ("/entrena/split/stratified-balance", test_stratified_balance);
  g_test_add_func ("/entrena/split/check/small-test-set", test_check_small_test_set);
  g_test_add_func ("/entrena/split/check/missing-classes", test_check_missing_classes);
  g_test_add_func ("/entrena/split/check/stratified-is-clean", test_check_stratified_is_clean);

  return g_test_run ();
}
