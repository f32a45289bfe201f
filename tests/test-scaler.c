/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-scaler"

#include "config.h"

#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "entrena-scaler.h"

/* `[5][4]`: a spread column, a constant one, one constant on the first four
 * rows only, and one with an outlier in row 3. Row 4 is never fitted on. */
static const float X_data[5 * 4] = {
  1.0f, 10.0f, 5.0f, -2.0f,
  2.0f, 10.0f, 5.0f, 0.0f,
  3.0f, 10.0f, 5.0f, 2.5f,
  4.0f, 10.0f, 5.0f, 100.0f,
  100.0f, 10.0f, -7.0f, 3.0f,
};

/* StandardScaler ().fit (X[:4]).transform (X) from scikit-learn 1.2, except
 * column 2 of row 4: scikit-learn stores scale 1 for a constant column and
 * gives -12 there, where a scale of 0 gives 0. */
static const float X_expected[5 * 4] = {
  -1.3416408f, 0.0f, 0.0f, -0.62704456f,
  -0.4472136f, 0.0f, 0.0f, -0.58081084f,
  0.4472136f, 0.0f, 0.0f, -0.5230187f,
  1.3416408f, 0.0f, 0.0f, 1.7308742f,
  87.20665f, 0.0f, 0.0f, -0.5114603f,
};

static void
assert_matrix_close (const float *got,
                     const float *expected,
                     guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      /* One or two float ulps: scikit-learn rounds after each operation. */
      float tol = 4.0f * FLT_EPSILON * MAX (1.0f, fabsf (expected[i]));

      if (!(fabsf (got[i] - expected[i]) <= tol))
        g_error ("element %u: got %.9g, expected %.9g", i, got[i], expected[i]);
    }
}

static void
test_fit_subset (void)
{
  static const guint rows[] = { 0, 1, 2, 3 };
  g_autoptr (EntrenaScaler) scaler = NULL;
  float X[5 * 4];

  scaler = entrena_scaler_new_fit (X_data, 4, rows, G_N_ELEMENTS (rows));
  g_assert_nonnull (scaler);
  g_assert_cmpuint (scaler->n_features, ==, 4);

  g_assert_cmpfloat (scaler->mean[0], ==, 2.5);
  g_assert_cmpfloat (scaler->mean[1], ==, 10.0);
  g_assert_cmpfloat (scaler->mean[2], ==, 5.0);
  g_assert_cmpfloat (scaler->mean[3], ==, 25.125);

  /* Population standard deviations (divided by n, not n - 1). */
  g_assert_cmpfloat_with_epsilon (scaler->scale[0], sqrt (1.25), 1e-15);
  g_assert_cmpfloat (scaler->scale[1], ==, 0.0);
  g_assert_cmpfloat (scaler->scale[2], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (scaler->scale[3], 43.258489051283334, 1e-12);

  memcpy (X, X_data, sizeof X);
  entrena_scaler_transform (scaler, X, 5);
  assert_matrix_close (X, X_expected, G_N_ELEMENTS (X));

  /* Constant columns are exactly zero, even on a row not fitted on. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (X[i * 4 + 1], ==, 0.0f);
      g_assert_cmpfloat (X[i * 4 + 2], ==, 0.0f);
    }
}

static void
test_fit_order_and_null_rows (void)
{
  static const guint shuffled[] = { 3, 0, 2, 1 };
  static const guint all[] = { 0, 1, 2, 3, 4 };
  g_autoptr (EntrenaScaler) a = NULL;
  g_autoptr (EntrenaScaler) b = NULL;
  g_autoptr (EntrenaScaler) c = NULL;
  g_autoptr (EntrenaScaler) d = NULL;

  /* The order of the rows does not matter (up to rounding). */
  a = entrena_scaler_new_fit (X_data, 4, shuffled, 4);
  b = entrena_scaler_new_fit (X_data, 4, NULL, 4);
  for (guint j = 0; j < 4; j++)
    {
      g_assert_cmpfloat_with_epsilon (a->mean[j], b->mean[j], 1e-12);
      g_assert_cmpfloat_with_epsilon (a->scale[j], b->scale[j], 1e-12);
    }

  /* NULL rows means the first n_rows rows. */
  c = entrena_scaler_new_fit (X_data, 4, all, 5);
  d = entrena_scaler_new_fit (X_data, 4, NULL, 5);
  g_assert_cmpmem (c->mean, 4 * sizeof (double), d->mean, 4 * sizeof (double));
  g_assert_cmpmem (c->scale, 4 * sizeof (double), d->scale, 4 * sizeof (double));

  /* With row 4, column 2 is no longer constant. */
  g_assert_cmpfloat (c->scale[1], ==, 0.0);
  g_assert_cmpfloat (c->scale[2], >, 0.0);
}

static void
test_near_constant (void)
{
  /* 0.1f seven times: the mean in double need not equal 0.1f exactly, so
   * the variance may come out as rounding noise. It must still count as
   * constant (scikit-learn's _is_constant_feature), giving zeros. */
  float X[7];
  g_autoptr (EntrenaScaler) scaler = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (X); i++)
    X[i] = 0.1f;

  scaler = entrena_scaler_new_fit (X, 1, NULL, G_N_ELEMENTS (X));
  g_assert_cmpfloat_with_epsilon (scaler->mean[0], 0.1f, 1e-15);
  g_assert_cmpfloat (scaler->scale[0], ==, 0.0);

  entrena_scaler_transform (scaler, X, G_N_ELEMENTS (X));
  for (guint i = 0; i < G_N_ELEMENTS (X); i++)
    g_assert_cmpfloat (X[i], ==, 0.0f);
}

static void
test_large_offset (void)
{
  /* Values 1e6 + {0, 0.25, 0.5, 0.75}, all exact in float. The textbook
   * Σx² - n·mean² loses the variance here; the two-pass sum keeps it exact. */
  float X[4] = { 1000000.0f, 1000000.25f, 1000000.5f, 1000000.75f };
  g_autoptr (EntrenaScaler) scaler = NULL;
  double sd = sqrt (0.078125);

  scaler = entrena_scaler_new_fit (X, 1, NULL, 4);
  g_assert_cmpfloat (scaler->mean[0], ==, 1000000.375);
  g_assert_cmpfloat_with_epsilon (scaler->scale[0], sd, 1e-15);

  entrena_scaler_transform (scaler, X, 4);
  g_assert_cmpfloat (X[0], ==, (float) (-0.375 / sd));
  g_assert_cmpfloat (X[3], ==, (float) (0.375 / sd));
}

static void
test_new_from_parameters (void)
{
  static const guint rows[] = { 0, 1, 2, 3 };
  g_autoptr (EntrenaScaler) fitted = NULL;
  g_autoptr (EntrenaScaler) loaded = NULL;
  float X1[5 * 4];
  float X2[5 * 4];

  fitted = entrena_scaler_new_fit (X_data, 4, rows, 4);
  loaded = entrena_scaler_new (4, fitted->mean, fitted->scale);

  /* The parameters are copied, not borrowed. */
  g_assert_true (loaded->mean != fitted->mean);
  g_assert_true (loaded->scale != fitted->scale);

  memcpy (X1, X_data, sizeof X1);
  memcpy (X2, X_data, sizeof X2);
  entrena_scaler_transform (fitted, X1, 5);
  entrena_scaler_transform (loaded, X2, 5);
  g_assert_cmpmem (X1, sizeof X1, X2, sizeof X2);
}

static void
test_no_rows (void)
{
  g_autoptr (EntrenaScaler) scaler = NULL;
  float X[2] = { 3.0f, 4.0f };

  scaler = entrena_scaler_new_fit (X, 2, NULL, 0);
  g_assert_cmpuint (scaler->n_features, ==, 2);
  g_assert_cmpfloat (scaler->mean[0], ==, 0.0);
  g_assert_cmpfloat (scaler->scale[1], ==, 0.0);

  entrena_scaler_transform (scaler, X, 1);
  g_assert_cmpfloat (X[0], ==, 0.0f);
  g_assert_cmpfloat (X[1], ==, 0.0f);

  /* Freeing NULL is allowed, as for g_free (). */
  entrena_scaler_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/scaler/fit-subset", test_fit_subset);
  g_test_add_func ("/entrena/scaler/fit-order-and-null-rows", test_fit_order_and_null_rows);
  g_test_add_func ("/entrena/scaler/near-constant", test_near_constant);
  g_test_add_func ("/entrena/scaler/large-offset", test_large_offset);
  g_test_add_func ("/entrena/scaler/new-from-parameters", test_new_from_parameters);
  g_test_add_func ("/entrena/scaler/no-rows", test_no_rows);

  return g_test_run ();
}
