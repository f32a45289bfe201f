/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The kernels around the products: the same results with threads and from
 * several threads at once, the dispatcher and ENTRENA_SIMD, the public
 * functions, Adam on every path, and tasks on the pool. Registered by
 * test-sgemm.c's main().
 */

#include <float.h>
#include <math.h>
#include <string.h>

#include "kernels-test.h"

/* ------------------------------------------------------------------------
 * Threads
 */

static void
fill (float *v,
      size_t n,
      GRand *rand)
{
  for (size_t i = 0; i < n; i++)
    v[i] = (float) g_rand_double_range (rand, -1.0, 1.0);
}

static void
assert_close_arrays (const char  *what,
                     const char  *path,
                     const float *got,
                     const float *want,
                     size_t       n,
                     size_t       k,
                     double       scale)
{
  for (size_t i = 0; i < n; i++)
    if (!close_enough (got[i], want[i], k, scale))
      g_error ("%s: %s with threads: [%zu] = %.9g, one thread %.9g", path, what, i, got[i],
               want[i]);
}

void
test_threads (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  g_autoptr (GRand) rand = g_rand_new_with_seed (9);
  /* Shapes that split along m, along n and along k. */
  static const size_t       shapes[][3] = {
    { 5, 300, 40 }, { 300, 5, 40 }, { 6, 7, 3000 }, { 100, 100, 100 }, { 1, 1, 1 },
  };
  size_t                    old_threshold;
  size_t                    n_split;

  if (table == NULL)
    return;

  /* Split everything that can be split, so the edges of the split are
   * tested on small shapes too. */
  old_threshold = _entrena_kernels_set_split_threshold (0);
  n_split = _entrena_kernels_get_n_split ();

  for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      size_t            m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
      g_autofree float *a = g_new (float, m * k);
      g_autofree float *b = g_new (float, k * n);
      g_autofree float *c1 = g_new (float, m * n);
      g_autofree float *c2 = g_new (float, m * n);
      g_autofree float *bias = g_new (float, n);
      g_autofree float *db1 = g_new (float, n);
      g_autofree float *db2 = g_new (float, n);

      fill (a, m * k, rand);
      fill (b, k * n, rand);
      fill (bias, n, rand);

      for (int t = 0; t < 4; t++)
        {
          size_t lda = t & 1 ? m : k;
          size_t ldb = t & 2 ? k : n;

          entrena_kernels_set_threads (1);
          table->sgemm (t & 1, t & 2, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c1, n);
          for (unsigned threads = 2; threads <= 3; threads++)
            {
              entrena_kernels_set_threads (threads);
              table->sgemm (t & 1, t & 2, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c2, n);
              assert_close_arrays ("sgemm", table->name, c2, c1, m * n, k, (double) k);
            }
        }

      /* Forward (X [m][k], W [n][k]) splits along rows or columns only, so
       * each element is computed exactly as on one thread. */
      entrena_kernels_set_threads (1);
      table->linear_forward (m, k, n, a, k, b, k, bias, TRUE, c1, n);
      entrena_kernels_set_threads (2);
      table->linear_forward (m, k, n, a, k, b, k, bias, TRUE, c2, n);
      g_assert_cmpmem (c1, m * n * sizeof (float), c2, m * n * sizeof (float));

      /* Weight gradient: dY [k][n], X [k][m] → dW [n][m], db [n]. */
      entrena_kernels_set_threads (1);
      table->linear_backward_weight (k, m, n, 0.5f, b, n, a, m, 0.0f, c1, m, db1);
      entrena_kernels_set_threads (2);
      table->linear_backward_weight (k, m, n, 0.5f, b, n, a, m, 0.0f, c2, m, db2);
      assert_close_arrays ("linear_backward_weight", table->name, c2, c1, m * n, k, (double) k);
      assert_close_arrays ("linear_backward_weight (db)", table->name, db2, db1, n, k, (double) k);
    }

  /* The pool did run (products split along m, n and k). */
  g_test_message ("%s: %zu products split", table->name, _entrena_kernels_get_n_split () - n_split);
  g_assert_cmpuint (_entrena_kernels_get_n_split () - n_split, >=, 4 * 4);

  _entrena_kernels_set_split_threshold (old_threshold);
  entrena_kernels_set_threads (0);
}

/* Several threads calling the kernels at once, while the pool is busy. */
typedef struct
{
  const EntrenaKernelTable *table;
  float                    *out;
} ConcurrentData;

static const size_t conc_m = 200, conc_n = 48, conc_k = 64;

static gpointer
concurrent_thread (gpointer user_data)
{
  ConcurrentData   *cd = user_data;
  g_autoptr (GRand) rand = g_rand_new_with_seed (10);
  g_autofree float *a = g_new (float, conc_m * conc_k);
  g_autofree float *b = g_new (float, conc_k * conc_n);

  fill (a, conc_m * conc_k, rand);
  fill (b, conc_k * conc_n, rand);
  for (int r = 0; r < 20; r++)
    cd->table->sgemm (0, 0, conc_m, conc_n, conc_k, 1.0f, a, conc_k, b, conc_n, 0.0f, cd->out,
                      conc_n);

  return NULL;
}

void
test_concurrent (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  ConcurrentData            cd[3];
  GThread                  *threads[3];
  size_t                    old_threshold;

  if (table == NULL)
    return;

  old_threshold = _entrena_kernels_set_split_threshold (0);
  entrena_kernels_set_threads (2);
  for (int t = 0; t < 3; t++)
    {
      cd[t].table = table;
      cd[t].out = g_new (float, conc_m * conc_n);
      threads[t] = g_thread_new ("kernels", concurrent_thread, &cd[t]);
    }
  for (int t = 0; t < 3; t++)
    g_thread_join (threads[t]);
  for (int t = 1; t < 3; t++)
    g_assert_cmpmem (cd[t].out, conc_m * conc_n * sizeof (float), cd[0].out,
                     conc_m * conc_n * sizeof (float));
  for (int t = 0; t < 3; t++)
    g_free (cd[t].out);

  _entrena_kernels_set_split_threshold (old_threshold);
  entrena_kernels_set_threads (0);
}

/* ------------------------------------------------------------------------
 * Dispatch
 */

void
test_dispatch (void)
{
  const char *env = g_getenv ("ENTRENA_SIMD");
  const char *name = entrena_kernels_get_impl_name ();
  char        message[256];
  const EntrenaKernelTable *best = _entrena_kernels_select (NULL, message, sizeof message);
  const EntrenaKernelTable *t;
  gboolean    found = FALSE;

  g_test_message ("active path: %s (best on this CPU: %s); ENTRENA_SIMD=%s", name, best->name,
                  env != NULL ? env : "(unset)");

  /* The active path is compiled and runs here. */
  for (const char *const *c = entrena_kernels_list_compiled (); *c != NULL; c++)
    found |= g_str_equal (*c, name);
  g_assert_true (found);
  g_assert_nonnull (entrena_kernels_get_table (name));
  g_assert_true (entrena_kernels_get_active () == entrena_kernels_get_table (name));
  g_assert_true (entrena_kernels_get_table ("scalar") != NULL);
  g_assert_null (entrena_kernels_get_table ("bogus"));
  g_assert_null (entrena_kernels_get_table (NULL));

  /* An override the CPU has is honoured, silently. */
  if (env != NULL && entrena_kernels_get_table (env) != NULL)
    g_assert_cmpstr (name, ==, env);
  else if (env == NULL)
    g_assert_cmpstr (name, ==, best->name);

  t = _entrena_kernels_select ("scalar", message, sizeof message);
  g_assert_cmpstr (t->name, ==, "scalar");
  g_assert_cmpstr (message, ==, "");
  t = _entrena_kernels_select ("auto", message, sizeof message);
  g_assert_true (t == best);
  g_assert_cmpstr (message, ==, "");

  /* A path the CPU or the build lacks: the best one, and a reason. */
  for (size_t i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      if (entrena_kernels_get_table (paths[i]) != NULL)
        continue;
      t = _entrena_kernels_select (paths[i], message, sizeof message);
      g_test_message ("ENTRENA_SIMD=%s -> %s: %s", paths[i], t->name, message);
      g_assert_true (t == best);
      g_assert_nonnull (strstr (message, paths[i]));
      g_assert_nonnull (strstr (message, best->name));
    }
  t = _entrena_kernels_select ("avx1024", message, sizeof message);
  g_assert_true (t == best);
  g_assert_nonnull (strstr (message, "unknown"));

  /* Switching at run time, and back. */
  g_assert_true (entrena_kernels_set_impl ("scalar"));
  g_assert_cmpstr (entrena_kernels_get_impl_name (), ==, "scalar");
  g_assert_false (entrena_kernels_set_impl ("bogus"));
  g_assert_cmpstr (entrena_kernels_get_impl_name (), ==, "scalar");
  g_assert_true (entrena_kernels_set_impl (name));

  /* Threads. */
  entrena_kernels_set_threads (3);
  g_assert_cmpuint (entrena_kernels_get_threads (), ==, 3);
  entrena_kernels_set_threads (0);
  g_assert_cmpuint (entrena_kernels_get_threads (), >=, 1);
}

/* The public functions go to the active path. */
void
test_public_api (void)
{
  float x[2 * 3] = { 1, 2, 3, 4, 5, 6 };        /* [2][3] */
  float w[2 * 3] = { 1, 0, -1, 0, 1, 0 };       /* [2][3] */
  float bias[2] = { 0.5f, 10.0f };
  float dy[2 * 2] = { 1, 0, 0.5f, 2 };          /* [2][2] */
  float y[2 * 2];
  float dx[2 * 3];
  float dw[2 * 3];
  float db[2];

  entrena_linear_forward (2, 3, 2, x, 3, w, 3, bias, TRUE, y, 2);
  g_assert_cmpfloat (y[0], ==, 0.0f);   /* 1 - 3 + 0.5, after ReLU */
  g_assert_cmpfloat (y[1], ==, 12.0f);  /* 2 + 10 */
  g_assert_cmpfloat (y[2], ==, 0.0f);   /* 4 - 6 + 0.5, after ReLU */
  g_assert_cmpfloat (y[3], ==, 15.0f);  /* 5 + 10 */

  /* dX = dY · W, without and with a mask. */
  entrena_linear_backward_input (2, 3, 2, dy, 2, w, 3, NULL, 0, dx, 3);
  g_assert_cmpfloat (dx[0], ==, 1.0f);
  g_assert_cmpfloat (dx[1], ==, 0.0f);
  g_assert_cmpfloat (dx[2], ==, -1.0f);
  g_assert_cmpfloat (dx[3], ==, 0.5f);
  g_assert_cmpfloat (dx[4], ==, 2.0f);
  g_assert_cmpfloat (dx[5], ==, -0.5f);
  entrena_linear_backward_input (2, 3, 2, dy, 2, w, 3, x, 3, dx, 3);
  g_assert_cmpfloat (dx[4], ==, 2.0f);
  {
    float mask[2 * 3] = { 1, 0, 1, -1, 1, NAN };

    entrena_linear_backward_input (2, 3, 2, dy, 2, w, 3, mask, 3, dx, 3);
    g_assert_cmpfloat (dx[0], ==, 1.0f);
    g_assert_cmpfloat (dx[2], ==, -1.0f);
    g_assert_cmpfloat (dx[3], ==, 0.0f);
    g_assert_cmpfloat (dx[4], ==, 2.0f);
    g_assert_cmpfloat (dx[5], ==, 0.0f);
  }

  /* dW = dYᵀ · X, db = Σ rows of dY. */
  entrena_linear_backward_weight (2, 3, 2, 1.0f, dy, 2, x, 3, 0.0f, dw, 3, db);
  g_assert_cmpfloat (dw[0], ==, 1 * 1 + 0.5f * 4);
  g_assert_cmpfloat (dw[2], ==, 1 * 3 + 0.5f * 6);
  g_assert_cmpfloat (dw[3], ==, 0 * 1 + 2 * 4);
  g_assert_cmpfloat (dw[5], ==, 0 * 3 + 2 * 6);
  g_assert_cmpfloat (db[0], ==, 1.5f);
  g_assert_cmpfloat (db[1], ==, 2.0f);
  /* Accumulating, averaged. */
  entrena_linear_backward_weight (2, 3, 2, 0.5f, dy, 2, x, 3, 1.0f, dw, 3, db);
  g_assert_cmpfloat (dw[5], ==, 18.0f);
  g_assert_cmpfloat (db[1], ==, 3.0f);

  {
    float c[4] = { NAN, NAN, NAN, NAN };

    entrena_sgemm (0, 1, 2, 2, 3, 1.0f, x, 3, w, 3, 0.0f, c, 2);
    g_assert_cmpfloat (c[0], ==, -2.0f);
    g_assert_cmpfloat (c[3], ==, 5.0f);
  }
}

/* ------------------------------------------------------------------------
 * Adam
 */

/* Every path's fused Adam step gives the scalar reference's bits. */
void
test_adam (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  const EntrenaKernelTable *ref = entrena_kernels_get_table ("scalar");
  g_autoptr (GRand) rand = g_rand_new_with_seed (13);
  const size_t n_max = 301;

  if (table == NULL)
    return;

  for (size_t n = 0; n <= n_max; n = n < 40 ? n + 1 : n * 2 + 1)
    {
      g_autofree float *p1 = g_new (float, n + 1), *p2 = g_new (float, n + 1);
      g_autofree float *m1 = g_new (float, n + 1), *m2 = g_new (float, n + 1);
      g_autofree float *v1 = g_new (float, n + 1), *v2 = g_new (float, n + 1);
      g_autofree float *g = g_new (float, n + 1);

      for (size_t i = 0; i < n + 1; i++)
        {
          p1[i] = (float) g_rand_double_range (rand, -1, 1);
          m1[i] = (float) g_rand_double_range (rand, -0.1, 0.1);
          v1[i] = (float) g_rand_double_range (rand, 0, 0.01);
          g[i] = (float) g_rand_double_range (rand, -2, 2);
        }
      /* Zeros, a NaN gradient, huge and tiny ones. */
      if (n > 4)
        {
          g[0] = 0.0f;
          v1[0] = 0.0f;
          g[1] = NAN;
          g[2] = 3e38f;
          g[3] = 1e-40f;
        }
      memcpy (p2, p1, (n + 1) * sizeof (float));
      memcpy (m2, m1, (n + 1) * sizeof (float));
      memcpy (v2, v1, (n + 1) * sizeof (float));

      for (int step = 1; step <= 3; step++)
        {
          float step_size = (float) -(0.01 / (1.0 - pow (0.9, step)));
          float bc2 = (float) sqrt (1.0 - pow (0.999, step));

          ref->adam_fused (n, p1, g, m1, v1, 0.9f, 0.999f, (float) (1.0 - 0.9),
                           (float) (1.0 - 0.999), step_size, bc2, 1e-8f);
          table->adam_fused (n, p2, g, m2, v2, 0.9f, 0.999f, (float) (1.0 - 0.9),
                             (float) (1.0 - 0.999), step_size, bc2, 1e-8f);
        }
      /* The same bits, and nothing past n touched. */
      g_assert_cmpmem (p1, (n + 1) * sizeof (float), p2, (n + 1) * sizeof (float));
      g_assert_cmpmem (m1, (n + 1) * sizeof (float), m2, (n + 1) * sizeof (float));
      g_assert_cmpmem (v1, (n + 1) * sizeof (float), v2, (n + 1) * sizeof (float));
    }
}

/* ------------------------------------------------------------------------
 * Activations
 */

/* Values of every kind an activation meets: ordinary ones of both signs,
 * zeros, tiny and huge ones, infinities and NaN. */
static void
fill_activation_inputs (GRand *rand,
                        float *x,
                        size_t n)
{
  static const float special[] = { 0.0f, -0.0f, 1e-40f, -1e-40f, 1e-30f, -3e38f, 3e38f, 50.0f, -50.0f,
                                    INFINITY, -INFINITY, NAN, 1.0f, -1.0f };

  for (size_t i = 0; i < n; i++)
    x[i] = i % 7 == 3 ? special[(i / 7) % G_N_ELEMENTS (special)]
                      : (float) g_rand_double_range (rand, -6, 6);
}

/* The same bits, except that any NaN equals any NaN: which operand's NaN an
 * instruction passes on, and so its sign, is not specified. */
static void
assert_same_floats (const float *a,
                    const float *b,
                    size_t       n)
{
  for (size_t i = 0; i < n; i++)
    if (!(isnan (a[i]) && isnan (b[i])) && memcmp (&a[i], &b[i], sizeof (float)) != 0)
      g_error ("element %zu of %zu: %.9g, want %.9g", i, n, b[i], a[i]);
}

/* Forward and backward on this path give the scalar reference's bits, for
 * every length (vector loops and tails), and touch nothing past n. */
void
test_activation (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  const EntrenaKernelTable *ref = entrena_kernels_get_table ("scalar");
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);

  if (table == NULL)
    return;

  for (int a = 0; a < ENTRENA_N_ACTIVATIONS; a++)
    for (size_t n = 0; n <= 300; n = n < 40 ? n + 1 : n * 2 + 1)
      {
        g_autofree float *x = g_new (float, n + 1);
        g_autofree float *y1 = g_new (float, n + 1), *y2 = g_new (float, n + 1);
        g_autofree float *d1 = g_new (float, n + 1), *d2 = g_new (float, n + 1);

        fill_activation_inputs (rand, x, n + 1);
        fill_activation_inputs (rand, d1, n + 1);
        memcpy (d2, d1, (n + 1) * sizeof (float));
        y1[n] = y2[n] = 7.0f;

        ref->activation_forward (a, n, x, y1);
        table->activation_forward (a, n, x, y2);
        assert_same_floats (y1, y2, n + 1);

        ref->activation_backward (a, n, x, y1, d1);
        table->activation_backward (a, n, x, y2, d2);
        assert_same_floats (d1, d2, n + 1);

        /* In place, as the network's forward pass calls it. */
        memcpy (y2, x, (n + 1) * sizeof (float));
        table->activation_forward (a, n, y2, y2);
        assert_same_floats (y1, y2, n);
      }
}

/* The reference against the formulas in double: within a few float
 * roundings (libm's tanhf, expf and erff are within 1 ulp), and PyTorch's
 * choices at the edges: LeakyReLU's gradient at 0 is the slope's (x > 0),
 * NaN stays NaN. */
void
test_activation_formulas (void)
{
  const EntrenaKernelTable *ref = entrena_kernels_get_table ("scalar");
  enum { N = 2001 };
  float x[N], y[N], d[N];

  for (int a = 0; a < ENTRENA_N_ACTIVATIONS; a++)
    {
      for (size_t i = 0; i < N; i++)
        {
          x[i] = (float) (((double) i - N / 2) / 100.0);   /* -10 … 10, 0 included */
          d[i] = 1.0f;
        }
      ref->activation_forward (a, N, x, y);
      ref->activation_backward (a, N, x, y, d);

      for (size_t i = 0; i < N; i++)
        {
          double v = x[i];
          double want_y, want_d;

          switch (a)
            {
            case ENTRENA_ACTIVATION_RELU:
              want_y = v < 0 ? 0 : v;
              want_d = v > 0 ? 1 : 0;
              break;
            case ENTRENA_ACTIVATION_LEAKY_RELU:
              want_y = v > 0 ? v : v * (double) ENTRENA_LEAKY_RELU_SLOPE;
              want_d = v > 0 ? 1 : (double) ENTRENA_LEAKY_RELU_SLOPE;
              break;
            case ENTRENA_ACTIVATION_TANH:
              want_y = tanh (v);
              want_d = 1 - want_y * want_y;
              break;
            case ENTRENA_ACTIVATION_SIGMOID:
              want_y = 1 / (1 + exp (-v));
              want_d = want_y * (1 - want_y);
              break;
            default:
              want_y = v * 0.5 * (1 + erf (v * M_SQRT1_2));
              want_d = 0.5 * (1 + erf (v * M_SQRT1_2)) + v * exp (-v * v / 2) / sqrt (2 * G_PI);
              break;
            }
          /* Relative to the value, or to 1 near 0 where the formulas cancel. */
          if (fabs (y[i] - want_y) > 8 * FLT_EPSILON * MAX (1.0, fabs (want_y)) ||
              fabs (d[i] - want_d) > 8 * FLT_EPSILON * MAX (1.0, fabs (want_d)))
            g_error ("activation %d at %g: %.9g, %.9g; want %.9g, %.9g", a, v, y[i], d[i], want_y, want_d);
        }

      y[0] = NAN;
      d[0] = 1.0f;
      x[0] = NAN;
      ref->activation_forward (a, 1, x, y);
      g_assert_true (isnan (y[0]));
    }
}

/* ------------------------------------------------------------------------
 * SGD and RMSprop
 */

/* Every path's fused SGD and RMSprop steps give the scalar reference's bits,
 * with every combination of weight decay, momentum, Nesterov and first step. */
void
test_optim_steps (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  const EntrenaKernelTable *ref = entrena_kernels_get_table ("scalar");
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);

  if (table == NULL)
    return;

  for (size_t n = 0; n <= 301; n = n < 40 ? n + 1 : n * 2 + 1)
    for (unsigned options = 0; options < 16; options++)
      {
        /* Each buffer twice, the reference's copy then the path's. */
        g_autofree float *p_both = g_new (float, 2 * (n + 1));
        g_autofree float *b_both = g_new (float, 2 * (n + 1));
        g_autofree float *s_both = g_new (float, 2 * (n + 1));
        float *p[2] = { p_both, p_both + n + 1 };
        float *b[2] = { b_both, b_both + n + 1 };
        float *s[2] = { s_both, s_both + n + 1 };
        g_autofree float *g = g_new (float, n + 1);
        int rmsprop = options & 1;
        EntrenaStepArgs args = {
          .n = n,
          .grads = g,
          .neg_lr = -0.05f,
          .weight_decay = 0.01f,
          .momentum = 0.9f,
          .alpha = 0.99f,
          .one_minus_alpha = (float) (1.0 - 0.99),
          .eps = 1e-8f,
          .decay = (options >> 1) & 1,
          .nesterov = !rmsprop && ((options >> 3) & 1),
        };

        for (size_t i = 0; i < n + 1; i++)
          {
            p[0][i] = p[1][i] = (float) g_rand_double_range (rand, -1, 1);
            b[0][i] = b[1][i] = (float) g_rand_double_range (rand, -0.1, 0.1);
            s[0][i] = s[1][i] = (float) g_rand_double_range (rand, 0, 0.01);
            g[i] = (float) g_rand_double_range (rand, -2, 2);
          }
        if (n > 4)
          {
            g[0] = 0.0f;
            s[0][0] = s[1][0] = 0.0f;
            g[1] = NAN;
            g[2] = 3e38f;
            g[3] = 1e-40f;
          }

        for (int step = 1; step <= 3; step++)
          for (int k = 0; k < 2; k++)
            {
              const EntrenaKernelTable *path = k == 0 ? ref : table;

              args.params = p[k];
              args.buf = (options >> 2) & 1 ? b[k] : NULL;
              args.square_avg = s[k];
              args.first = step == 1 && !rmsprop;
              if (rmsprop)
                path->rmsprop_fused (&args);
              else
                path->sgd_fused (&args);
            }
        /* The same bits, and nothing past n touched. */
        g_assert_cmpmem (p[0], (n + 1) * sizeof (float), p[1], (n + 1) * sizeof (float));
        g_assert_cmpmem (b[0], (n + 1) * sizeof (float), b[1], (n + 1) * sizeof (float));
        g_assert_cmpmem (s[0], (n + 1) * sizeof (float), s[1], (n + 1) * sizeof (float));
      }
}

/* ------------------------------------------------------------------------
 * Tasks on the pool
 */

#define N_TASKS 37

typedef struct
{
  gint     runs[N_TASKS];
  gint     bad_slot;
  unsigned max_slots;
  /* Each task's product, computed on whatever thread runs it. */
  float   *a;
  float   *b;
  float   *c[N_TASKS];
} TaskData;

static const size_t task_m = 300, task_n = 40, task_k = 50;

static void
count_task (void    *data,
            size_t   task,
            unsigned slot)
{
  TaskData *td = data;

  g_atomic_int_inc (&td->runs[task]);
  if (slot >= td->max_slots)
    g_atomic_int_set (&td->bad_slot, 1);
  /* Long enough that the workers take part; the product itself may not
   * split (the pool is busy with this job). */
  entrena_sgemm (0, 1, task_m, task_n, task_k, 1.0f + (float) task, td->a, task_k, td->b, task_k,
                 0.0f, td->c[task], task_n);
}

void
test_run_tasks (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  TaskData          td = { { 0 } };
  g_autofree float *want = g_new (float, task_m * task_n);
  size_t            old_threshold = _entrena_kernels_set_split_threshold (0);

  td.a = g_new (float, task_m * task_k);
  td.b = g_new (float, task_n * task_k);
  fill (td.a, task_m * task_k, rand);
  fill (td.b, task_n * task_k, rand);
  for (int t = 0; t < N_TASKS; t++)
    td.c[t] = g_new (float, task_m * task_n);

  for (unsigned threads = 1; threads <= 3; threads++)
    {
      unsigned used;

      entrena_kernels_set_threads (threads);
      memset (td.runs, 0, sizeof td.runs);
      td.max_slots = 2;
      used = entrena_kernels_run_tasks (N_TASKS, td.max_slots, count_task, &td);
      g_test_message ("%u threads: %u took part", threads, used);
      g_assert_cmpuint (used, >=, 1);
      g_assert_cmpuint (used, <=, MIN (threads, td.max_slots));
      g_assert_false (td.bad_slot);
      for (int t = 0; t < N_TASKS; t++)
        {
          g_assert_cmpint (td.runs[t], ==, 1);

          /* The same product on this thread, unsplit: the task's is
           * exactly this, whichever thread computed it. */
          entrena_kernels_set_threads (1);
          entrena_sgemm (0, 1, task_m, task_n, task_k, 1.0f + (float) t, td.a, task_k, td.b,
                         task_k, 0.0f, want, task_n);
          entrena_kernels_set_threads (threads);
          g_assert_cmpmem (td.c[t], task_m * task_n * sizeof (float), want,
                           task_m * task_n * sizeof (float));
        }
    }

  /* No tasks, one task. */
  memset (td.runs, 0, sizeof td.runs);
  g_assert_cmpuint (entrena_kernels_run_tasks (0, 2, count_task, &td), ==, 1);
  g_assert_cmpuint (entrena_kernels_run_tasks (1, 2, count_task, &td), ==, 1);
  g_assert_cmpint (td.runs[0], ==, 1);
  g_assert_cmpint (td.runs[1], ==, 0);

  for (int t = 0; t < N_TASKS; t++)
    g_free (td.c[t]);
  g_free (td.a);
  g_free (td.b);
  _entrena_kernels_set_split_threshold (old_threshold);
  entrena_kernels_set_threads (0);
}

/*
 * A split product gives the same bits every time, however its parts are
 * scheduled: here with another thread keeping a core busy, so that the
 * pool's worker is often not running and the caller takes its parts.
 */
static gint busy_stop;

static gpointer
busy_thread (gpointer user_data)
{
  volatile double x = 1.0;

  (void) user_data;
  while (!g_atomic_int_get (&busy_stop))
    x = x * 1.0000001 + 1e-9;

  return NULL;
}

void
test_split_deterministic (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  g_autoptr (GRand) rand = g_rand_new_with_seed (12);
  const size_t      m = 32, n = 64, k = 8192;
  g_autofree float *dy = g_new (float, k * m);
  g_autofree float *x = g_new (float, k * n);
  g_autofree float *dw0 = g_new (float, m * n);
  g_autofree float *dw = g_new (float, m * n);
  g_autofree float *db0 = g_new (float, m);
  g_autofree float *db = g_new (float, m);
  GThread          *busy[2];

  if (table == NULL)
    return;

  fill (dy, k * m, rand);
  fill (x, k * n, rand);
  entrena_kernels_set_threads (2);
  table->linear_backward_weight (k, n, m, 1.0f, dy, m, x, n, 0.0f, dw0, n, db0);

  g_atomic_int_set (&busy_stop, 0);
  for (int t = 0; t < 2; t++)
    busy[t] = g_thread_new ("busy", busy_thread, NULL);
  for (int r = 0; r < 20; r++)
    {
      table->linear_backward_weight (k, n, m, 1.0f, dy, m, x, n, 0.0f, dw, n, db);
      g_assert_cmpmem (dw, m * n * sizeof (float), dw0, m * n * sizeof (float));
      g_assert_cmpmem (db, m * sizeof (float), db0, m * sizeof (float));
    }
  g_atomic_int_set (&busy_stop, 1);
  for (int t = 0; t < 2; t++)
    g_thread_join (busy[t]);

  entrena_kernels_set_threads (0);
}
