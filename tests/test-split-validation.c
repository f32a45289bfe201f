/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-split"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-split.h"

#include "core-test-util.h"

/* One "valcase" of split-val-golden.txt (see gen-split-golden.py). */
typedef struct
{
  guint    line;
  guint    n;
  double   test_size;
  double   val_size;
  guint32  seed;
  gboolean stratified;
  guint    n_classes;
  guint8  *labels;
} ValCase;

static guint64
parse_uint (const char *s,
            guint       base)
{
  guint64 v = 0;

  g_assert_true (g_ascii_string_to_unsigned (s, base, 0, G_MAXUINT64, &v, NULL));
  return v;
}

static double
parse_double (const char *s)
{
  char *end = NULL;
  double d = g_ascii_strtod (s, &end);

  g_assert_true (end != NULL && *end == '\0');
  return d;
}

/* Checks one "NAME COUNT HASH I..." line against @indices. */
static void
check_side (const ValCase *vc,
            const char    *line,
            const char    *name,
            const guint   *indices,
            guint          n_indices)
{
  g_auto (GStrv) fields = g_strsplit (line, " ", -1);
  guint n_fields = g_strv_length (fields);
  guint n_listed;

  if (n_fields < 3 || g_strcmp0 (fields[0], name) != 0)
    g_error ("split-val-golden.txt line %u: expected a “%s” line", vc->line, name);
  n_listed = n_fields - 3;
  if (n_listed == 1 && fields[3][0] == '\0')
    n_listed = 0;

  if (parse_uint (fields[1], 10) != n_indices || parse_uint (fields[2], 16) != ctu_fnv1a_words (indices, n_indices))
    g_error ("split-val-golden.txt line %u (n=%u test_size=%g val_size=%g seed=%u %s): %s rows differ "
             "(%u rows here)", vc->line, vc->n, vc->test_size, vc->val_size, vc->seed,
             vc->stratified ? "stratified" : "plain", name, n_indices);
  for (guint i = 0; i < n_listed; i++)
    g_assert_cmpuint (indices[i], ==, parse_uint (fields[3 + i], 10));
}

/* Train, validation and test hold every row once. */
static void
assert_partition (const EntrenaSplit *split,
                  guint               n)
{
  g_autofree guint8 *seen = g_new0 (guint8, n);

  g_assert_cmpuint (split->n_train + split->n_val + split->n_test, ==, n);
  for (guint i = 0; i < split->n_train; i++)
    seen[split->train[i]]++;
  for (guint i = 0; i < split->n_val; i++)
    seen[split->val[i]]++;
  for (guint i = 0; i < split->n_test; i++)
    seen[split->test[i]]++;
  for (guint r = 0; r < n; r++)
    g_assert_cmpuint (seen[r], ==, 1);
}

/* Returns TRUE when the case expected an error. */
static gboolean
run_case (const ValCase  *vc,
          char          **lines,
          guint          *pos)
{
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (GError) error = NULL;
  gboolean expect_error = g_str_equal (lines[*pos], "error");
  gboolean ok;

  split = entrena_split_new (vc->n, vc->test_size, vc->seed, vc->stratified ? vc->labels : NULL,
                             vc->n_classes, &error);
  ok = split != NULL &&
       entrena_split_carve_validation (split, vc->val_size, vc->seed, vc->labels, vc->n_classes, NULL,
                                       vc->stratified, &error);
  if (expect_error)
    {
      if (ok)
        g_error ("split-val-golden.txt line %u: this split must fail, and does not", vc->line);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
      (*pos)++;
      return TRUE;
    }
  if (!ok)
    g_error ("split-val-golden.txt line %u: unexpected error: %s", vc->line, error->message);

  check_side (vc, lines[(*pos)++], "train", split->train, split->n_train);
  check_side (vc, lines[(*pos)++], "val", split->val, split->n_val);
  check_side (vc, lines[(*pos)++], "test", split->test, split->n_test);
  assert_partition (split, vc->n);
  return FALSE;
}

static void
test_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "split-val-golden.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  guint n_cases = 0, n_stratified = 0, n_errors = 0;
  guint pos = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  while (lines[pos] != NULL)
    {
      const char *line = lines[pos];
      g_auto (GStrv) fields = NULL;
      g_auto (GStrv) labels = NULL;
      g_autofree guint8 *values = NULL;
      ValCase vc = { 0 };

      vc.line = ++pos;
      if (line[0] == '\0' || line[0] == '#')
        continue;

      fields = g_strsplit (line, " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 7);
      g_assert_cmpstr (fields[0], ==, "valcase");
      vc.n = (guint) parse_uint (fields[1], 10);
      vc.test_size = parse_double (fields[2]);
      vc.val_size = parse_double (fields[3]);
      vc.seed = (guint32) parse_uint (fields[4], 10);
      vc.stratified = g_str_equal (fields[5], "stratified");
      vc.n_classes = (guint) parse_uint (fields[6], 10);

      labels = g_strsplit (lines[pos++], " ", -1);
      g_assert_cmpstr (labels[0], ==, "labels");
      g_assert_cmpuint (g_strv_length (labels), ==, vc.n + 1);
      vc.labels = values = g_new (guint8, vc.n);
      for (guint i = 0; i < vc.n; i++)
        values[i] = (guint8) parse_uint (labels[i + 1], 10);

      g_assert_nonnull (lines[pos]);
      n_errors += run_case (&vc, lines, &pos);
      n_stratified += vc.stratified;
      n_cases++;
    }

  g_test_message ("%u golden cases (%u stratified, %u errors)", n_cases, n_stratified, n_errors);
  g_assert_cmpuint (n_cases, >=, 200);
  g_assert_cmpuint (n_stratified, >=, 60);
  g_assert_cmpuint (n_errors, >=, 10);
}

/* The settings that cannot work say why, and leave the split as it was. */
static void
test_errors (void)
{
  guint8 labels[20];
  char *names[] = { "low", "high", NULL };
  const double bad[] = { 0, 1, -0.5, 1.5, NAN };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    labels[i] = i < 18 ? 0 : 1;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (EntrenaSplit) split = entrena_split_new (20, 0.2, 42, NULL, 2, NULL);
      g_autoptr (GError) error = NULL;

      g_assert_false (entrena_split_carve_validation (split, bad[i], 42, labels, 2, names, FALSE, &error));
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
      g_assert_cmpuint (split->n_train, ==, 16);
      g_assert_cmpuint (split->n_val, ==, 0);
    }

  /* 0.99 of 16 training rows leaves none. */
  {
    g_autoptr (EntrenaSplit) split = entrena_split_new (20, 0.2, 42, NULL, 2, NULL);
    g_autoptr (GError) error = NULL;

    g_assert_false (entrena_split_carve_validation (split, 0.99, 42, labels, 2, names, FALSE, &error));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
    g_assert_nonnull (strstr (error->message, "no rows to train on"));
  }

  /* The class “high” has two rows; stratified, one is tested, the other
   * trains, and no validation row is left for it. */
  {
    g_autoptr (EntrenaSplit) split = entrena_split_new (20, 0.2, 42, labels, 2, NULL);
    g_autoptr (GError) error = NULL;

    g_assert_nonnull (split);
    g_assert_false (entrena_split_carve_validation (split, 0.25, 42, labels, 2, names, TRUE, &error));
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT);
    g_assert_nonnull (strstr (error->message, "high"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/split/validation/golden", test_golden);
  g_test_add_func ("/entrena/split/validation/errors", test_errors);

  return g_test_run ();
}
