/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Every compiled kernel path against the scalar reference (zlib-ng, BLIS,
 * ggml): each path is called directly through its table, not only the one
 * the dispatcher picked, and paths this CPU cannot run are skipped visibly.
 *
 * The error bound scales with k, as BLIS's residual check does: two float
 * sums of k products may differ by about k · ε · Σ|a||b| each, whatever their
 * order or fusing.
 */

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "entrena-kernels-private.h"
#include "entrena-kernels.h"

static const char *const paths[] = { "scalar", "sse2", "avx2", "avx512", "neon" };

static const size_t sizes[] = { 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 100 };
static const size_t small_sizes[] = { 1, 2, 3, 7, 8, 15, 16, 17 };
static const size_t other_sizes[] = { 1, 17, 33 };

#define N_SIZES       G_N_ELEMENTS (sizes)
#define SENTINEL      12345.0f

/* ------------------------------------------------------------------------
 * Matrices with padding: an odd leading dimension, an optional offset of
 * one float from the allocation (so rows are not aligned), and padding
 * columns full of NaN, which would poison any result that read them.
 */

typedef struct
{
  float *alloc;
  float *data;    /* [rows][ld] */
  size_t rows;
  size_t cols;
  size_t ld;
} Mat;

static size_t
pick_ld (size_t cols,
         guint  variant)
{
  /* Exact, or the next odd number above cols (plus two when that is cols). */
  if (variant % 3 == 0)
    return cols;
  return cols % 2 == 0 ? cols + 1 : cols + 2;
}

static void
mat_init (Mat    *m,
          size_t  rows,
          size_t  cols,
          size_t  ld,
          gboolean unaligned,
          GRand  *rand,
          float   fill_pad)
{
  size_t n = MAX (rows, 1) * ld + 1;

  m->alloc = g_malloc (n * sizeof (float));
  m->data = m->alloc + (unaligned ? 1 : 0);
  m->rows = rows;
  m->cols = cols;
  m->ld = ld;

  for (size_t i = 0; i < n; i++)
    m->alloc[i] = fill_pad;
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < cols; j++)
      m->data[i * ld + j] = rand != NULL ? (float) g_rand_double_range (rand, -1.0, 1.0) : 0.0f;
}

static void
mat_copy (Mat       *dst,
          const Mat *src)
{
  size_t n = MAX (src->rows, 1) * src->ld + 1;

  *dst = *src;
  dst->alloc = g_memdup2 (src->alloc, n * sizeof (float));
  dst->data = dst->alloc + (src->data - src->alloc);
}

static void
mat_clear (Mat *m)
{
  g_clear_pointer (&m->alloc, g_free);
}

/* Σ_p |op(A)[i][p]| |op(B)[p][j]|, in double. */
static double
abs_dot (gboolean     trans_a,
         gboolean     trans_b,
         size_t       i,
         size_t       j,
         size_t       k,
         const float *a,
         size_t       lda,
         const float *b,
         size_t       ldb)
{
  double s = 0.0;

  for (size_t p = 0; p < k; p++)
    {
      float x = trans_a ? a[p * lda + i] : a[i * lda + p];
      float y = trans_b ? b[j * ldb + p] : b[p * ldb + j];

      s += fabs ((double) x * (double) y);
    }

  return s;
}

static gboolean
close_enough (float  got,
              float  want,
              size_t k,
              double scale)
{
  double bound = 4.0 * (double) (k + 4) * FLT_EPSILON * scale + 4.0 * FLT_MIN;

  if (isnan (want))
    return isnan (got);
  if (isinf (want))
    return got == want;

  return isfinite (got) && fabs ((double) got - (double) want) <= bound;
}

/* The padding of C (columns n ≤ j < ldc, and the float before an unaligned
 * start) must be left alone. */
static void
assert_padding_untouched (const Mat *c)
{
  if (c->data != c->alloc)
    g_assert_cmpfloat (c->alloc[0], ==, SENTINEL);
  for (size_t i = 0; i < c->rows; i++)
    for (size_t j = c->cols; j < c->ld; j++)
      g_assert_cmpfloat (c->data[i * c->ld + j], ==, SENTINEL);
}

/* ------------------------------------------------------------------------
 * entrena_sgemm
 */

typedef struct
{
  float alpha;
  float beta;
} Scaling;

static const Scaling scalings[] = {
  { 1.0f, 0.0f },     /* overwrite; C starts as NaN */
  { -0.75f, 1.0f },   /* accumulate */
  { 0.5f, -1.5f },
};

static guint n_checked;

static void
check_sgemm_case (const EntrenaKernelTable *table,
                  GRand                    *rand,
                  size_t                    m,
                  size_t                    n,
                  size_t                    k,
                  gboolean                  trans_a,
                  gboolean                  trans_b,
                  const Scaling            *sc,
                  guint                     variant)
{
  Mat      a, b, c, ref;
  gboolean unaligned = variant % 2 == 1;

  mat_init (&a, trans_a ? k : m, trans_a ? m : k, pick_ld (trans_a ? m : k, variant), unaligned,
            rand, NAN);
  mat_init (&b, trans_b ? n : k, trans_b ? k : n, pick_ld (trans_b ? k : n, variant + 1),
            unaligned, rand, NAN);
  mat_init (&c, m, n, pick_ld (n, variant + 2), unaligned, rand, SENTINEL);
  if (sc->beta == 0.0f)
    for (size_t i = 0; i < m; i++)
      for (size_t j = 0; j < n; j++)
        c.data[i * c.ld + j] = NAN;
  mat_copy (&ref, &c);

  {
    EntrenaGemmArgs g = {
      .trans_a = trans_a, .trans_b = trans_b, .m = m, .n = n, .k = k, .alpha = sc->alpha,
      .a = a.data, .lda = a.ld, .b = b.data, .ldb = b.ld, .beta = sc->beta,
      .c = ref.data, .ldc = ref.ld,
    };

    _entrena_gemm_ref (&g, NULL);
  }

  table->sgemm (trans_a, trans_b, m, n, k, sc->alpha, a.data, a.ld, b.data, b.ld, sc->beta,
                c.data, c.ld);

  for (size_t i = 0; i < m; i++)
    {
      for (size_t j = 0; j < n; j++)
        {
          float  got = c.data[i * c.ld + j];
          float  want = ref.data[i * ref.ld + j];
          double scale = fabs (sc->alpha) * abs_dot (trans_a, trans_b, i, j, k, a.data, a.ld,
                                                     b.data, b.ld);

          /* ref holds beta · C_old + …; recover |beta · C_old| from a fresh copy. */
          if (sc->beta != 0.0f)
            scale += 2.0;  /* |C_old| ≤ 1 and |beta| ≤ 1.5 */

          if (!close_enough (got, want, k, scale))
            g_error ("%s: sgemm (%s%s, m=%zu n=%zu k=%zu, alpha=%g beta=%g, lda=%zu ldb=%zu "
                     "ldc=%zu%s): C[%zu][%zu] = %.9g, reference %.9g",
                     table->name, trans_a ? "T" : "N", trans_b ? "T" : "N", m, n, k,
                     sc->alpha, sc->beta, a.ld, b.ld, c.ld, unaligned ? ", unaligned" : "",
                     i, j, got, want);
        }
    }
  assert_padding_untouched (&c);
  n_checked++;

  mat_clear (&a);
  mat_clear (&b);
  mat_clear (&c);
  mat_clear (&ref);
}

/* Every transpose; every scaling, or (all_scalings == FALSE, for the larger
 * shapes) one of them in turn. */
static void
check_sgemm_shape (const EntrenaKernelTable *table,
                   GRand                    *rand,
                   size_t                    m,
                   size_t                    n,
                   size_t                    k,
                   gboolean                  all_scalings)
{
  guint variant = (guint) (m * 7 + n * 3 + k);

  for (int t = 0; t < 4; t++)
    {
      if (all_scalings)
        for (size_t s = 0; s < G_N_ELEMENTS (scalings); s++)
          check_sgemm_case (table, rand, m, n, k, t & 1, (t >> 1) & 1, &scalings[s], variant++);
      else
        check_sgemm_case (table, rand, m, n, k, t & 1, (t >> 1) & 1,
                          &scalings[(variant + t) % G_N_ELEMENTS (scalings)], variant + t);
    }
}

static const EntrenaKernelTable *
table_or_skip (gconstpointer data)
{
  const char               *name = data;
  const EntrenaKernelTable *table = entrena_kernels_get_table (name);

  if (table == NULL)
    {
      g_autofree char *msg = NULL;
      gboolean         compiled = FALSE;

      for (const char *const *c = entrena_kernels_list_compiled (); *c != NULL; c++)
        compiled |= g_str_equal (*c, name);
      msg = g_strdup_printf ("the %s path is %s", name,
                             compiled ? "not supported by this CPU" : "not compiled into this build");
      g_test_skip (msg);
    }

  return table;
}

static void
test_sgemm (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);

  if (table == NULL)
    return;

  entrena_kernels_set_threads (1);
  n_checked = 0;

  /* Every small shape. */
  for (size_t i = 0; i < G_N_ELEMENTS (small_sizes); i++)
    for (size_t j = 0; j < G_N_ELEMENTS (small_sizes); j++)
      for (size_t l = 0; l < G_N_ELEMENTS (small_sizes); l++)
        check_sgemm_shape (table, rand, small_sizes[i], small_sizes[j], small_sizes[l], TRUE);

  /* Every size in every dimension, the other two from a few. */
  for (size_t s = 0; s < N_SIZES; s++)
    for (size_t x = 0; x < G_N_ELEMENTS (other_sizes); x++)
      for (size_t y = 0; y < G_N_ELEMENTS (other_sizes); y++)
        {
          check_sgemm_shape (table, rand, sizes[s], other_sizes[x], other_sizes[y], FALSE);
          check_sgemm_shape (table, rand, other_sizes[x], sizes[s], other_sizes[y], FALSE);
          check_sgemm_shape (table, rand, other_sizes[x], other_sizes[y], sizes[s], FALSE);
        }

  /* Several blocks of n (more than 512 columns) and of k (more than 256). */
  check_sgemm_shape (table, rand, 7, 530, 270, FALSE);
  check_sgemm_shape (table, rand, 20, 37, 600, FALSE);

  g_test_message ("%s: %u products checked", table->name, n_checked);
}

/* Corner cases of the BLAS contract. */
static void
test_sgemm_degenerate (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  float                     a[6] = { 1, 2, 3, 4, 5, 6 };
  float                     b[6] = { 1, 0, 0, 1, 1, 1 };
  float                     c[4];

  if (table == NULL)
    return;

  /* k == 0: C = beta · C, and beta == 0 clears NaN. */
  c[0] = NAN, c[1] = 2, c[2] = 3, c[3] = 4;
  table->sgemm (0, 0, 2, 2, 0, 1.0f, a, 1, b, 2, 0.0f, c, 2);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (c[i], ==, 0.0f);
  c[0] = 1, c[1] = 2, c[2] = 3, c[3] = 4;
  table->sgemm (0, 0, 2, 2, 0, 1.0f, a, 1, b, 2, 2.0f, c, 2);
  g_assert_cmpfloat (c[3], ==, 8.0f);

  /* alpha == 0: A and B are not read (here they hold NaN). */
  {
    float nan_a[6] = { NAN, NAN, NAN, NAN, NAN, NAN };

    c[0] = 1, c[1] = 2, c[2] = 3, c[3] = 4;
    table->sgemm (0, 0, 2, 2, 3, 0.0f, nan_a, 3, nan_a, 2, 1.0f, c, 2);
    g_assert_cmpfloat (c[2], ==, 3.0f);
  }

  /* m == 0 or n == 0: nothing is touched. */
  c[0] = NAN;
  table->sgemm (0, 0, 0, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2);
  table->sgemm (0, 0, 2, 0, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2);
  g_assert_true (isnan (c[0]));

  /* A 2 × 3 times 3 × 2, exactly. */
  table->sgemm (0, 0, 2, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2);
  g_assert_cmpfloat (c[0], ==, 4.0f);
  g_assert_cmpfloat (c[1], ==, 5.0f);
  g_assert_cmpfloat (c[2], ==, 10.0f);
  g_assert_cmpfloat (c[3], ==, 11.0f);
}

/* ------------------------------------------------------------------------
 * The training products
 */

/* The three layer shapes of the lesson's network and two larger ones. */
static const size_t layers[][2] = { { 11, 64 }, { 64, 32 }, { 32, 6 }, { 256, 256 }, { 784, 128 } };

static void
check_forward_case (const EntrenaKernelTable *table,
                    GRand                    *rand,
                    size_t                    rows,
                    size_t                    n_in,
                    size_t                    n_out,
                    gboolean                  with_bias,
                    gboolean                  relu,
                    guint                     variant)
{
  gboolean unaligned = variant % 2 == 0;
  Mat      x, w, bias, y, ref;

  mat_init (&x, rows, n_in, pick_ld (n_in, variant), unaligned, rand, NAN);
  mat_init (&w, n_out, n_in, pick_ld (n_in, variant + 1), unaligned, rand, NAN);
  mat_init (&bias, 1, n_out, n_out, unaligned, rand, NAN);
  mat_init (&y, rows, n_out, pick_ld (n_out, variant + 2), unaligned, NULL, SENTINEL);
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < n_out; j++)
      y.data[i * y.ld + j] = NAN;
  mat_copy (&ref, &y);

  {
    EntrenaGemmArgs g = {
      .trans_a = 0, .trans_b = 1, .m = rows, .n = n_out, .k = n_in, .alpha = 1.0f,
      .a = x.data, .lda = x.ld, .b = w.data, .ldb = w.ld, .beta = 0.0f,
      .c = ref.data, .ldc = ref.ld, .bias = with_bias ? bias.data : NULL, .relu = relu,
    };

    _entrena_gemm_ref (&g, NULL);
  }

  table->linear_forward (rows, n_in, n_out, x.data, x.ld, w.data, w.ld,
                         with_bias ? bias.data : NULL, relu, y.data, y.ld);

  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < n_out; j++)
      {
        float  got = y.data[i * y.ld + j];
        float  want = ref.data[i * ref.ld + j];
        double scale = abs_dot (FALSE, TRUE, i, j, n_in, x.data, x.ld, w.data, w.ld) + 1.0;

        if (!close_enough (got, want, n_in, scale) || (relu && got < 0.0f))
          g_error ("%s: linear_forward (rows=%zu in=%zu out=%zu bias=%d relu=%d): "
                   "Y[%zu][%zu] = %.9g, reference %.9g",
                   table->name, rows, n_in, n_out, with_bias, relu, i, j, got, want);
      }
  assert_padding_untouched (&y);

  mat_clear (&x);
  mat_clear (&w);
  mat_clear (&bias);
  mat_clear (&y);
  mat_clear (&ref);
}

typedef void (*ShapeCase) (const EntrenaKernelTable *table,
                           GRand                    *rand,
                           size_t                    rows,
                           size_t                    n_in,
                           size_t                    n_out,
                           guint                     variant);

/* Runs @check on one thread for 1, 17 and 65 rows by every pair of sizes,
 * numbering the cases from 0 (@check picks its variant from the number). */
static void
sweep_shapes (const EntrenaKernelTable *table,
              GRand                    *rand,
              ShapeCase                 check)
{
  static const size_t rows[] = { 1, 17, 65 };
  guint               variant = 0;

  entrena_kernels_set_threads (1);

  for (size_t r = 0; r < G_N_ELEMENTS (rows); r++)
    for (size_t i = 0; i < N_SIZES; i++)
      for (size_t o = 0; o < N_SIZES; o++, variant++)
        check (table, rand, rows[r], sizes[i], sizes[o], variant);
}

/* With and without the bias, with and without ReLU. */
static void
check_forward_variant (const EntrenaKernelTable *table,
                       GRand                    *rand,
                       size_t                    rows,
                       size_t                    n_in,
                       size_t                    n_out,
                       guint                     variant)
{
  check_forward_case (table, rand, rows, n_in, n_out, variant % 4 < 2, variant % 2, variant);
}

static void
test_forward (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  g_autoptr (GRand) rand = g_rand_new_with_seed (6);

  if (table == NULL)
    return;

  sweep_shapes (table, rand, check_forward_variant);

  for (size_t l = 0; l < G_N_ELEMENTS (layers); l++)
    {
      check_forward_case (table, rand, 37, layers[l][0], layers[l][1], TRUE, TRUE, l);
      check_forward_case (table, rand, 13, layers[l][0], layers[l][1], TRUE, FALSE, l + 1);
    }
}

static void
check_backward_input_case (const EntrenaKernelTable *table,
                           GRand                    *rand,
                           size_t                    rows,
                           size_t                    n_in,
                           size_t                    n_out,
                           gboolean                  with_mask,
                           guint                     variant)
{
  gboolean unaligned = variant % 2 == 1;
  Mat      dy, w, mask, dx, ref;

  mat_init (&dy, rows, n_out, pick_ld (n_out, variant), unaligned, rand, NAN);
  mat_init (&w, n_out, n_in, pick_ld (n_in, variant + 1), unaligned, rand, NAN);
  /* A ReLU output: about half zeros, a few negative zeros. */
  mat_init (&mask, rows, n_in, pick_ld (n_in, variant + 2), unaligned, rand, NAN);
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < n_in; j++)
      {
        float *v = &mask.data[i * mask.ld + j];

        *v = *v < 0.0f ? ((i + j) % 7 == 0 ? -0.0f : 0.0f) : *v;
      }
  mat_init (&dx, rows, n_in, pick_ld (n_in, variant + 3), unaligned, NULL, SENTINEL);
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < n_in; j++)
      dx.data[i * dx.ld + j] = NAN;
  mat_copy (&ref, &dx);

  {
    EntrenaGemmArgs g = {
      .trans_a = 0, .trans_b = 0, .m = rows, .n = n_in, .k = n_out, .alpha = 1.0f,
      .a = dy.data, .lda = dy.ld, .b = w.data, .ldb = w.ld, .beta = 0.0f,
      .c = ref.data, .ldc = ref.ld, .mask = with_mask ? mask.data : NULL, .ldmask = mask.ld,
    };

    _entrena_gemm_ref (&g, NULL);
  }

  table->linear_backward_input (rows, n_in, n_out, dy.data, dy.ld, w.data, w.ld,
                                with_mask ? mask.data : NULL, mask.ld, dx.data, dx.ld);

  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < n_in; j++)
      {
        float  got = dx.data[i * dx.ld + j];
        float  want = ref.data[i * ref.ld + j];
        double scale = abs_dot (FALSE, FALSE, i, j, n_out, dy.data, dy.ld, w.data, w.ld);

        if (!close_enough (got, want, n_out, scale) ||
            (with_mask && mask.data[i * mask.ld + j] <= 0.0f && got != 0.0f))
          g_error ("%s: linear_backward_input (rows=%zu in=%zu out=%zu mask=%d): "
                   "dX[%zu][%zu] = %.9g, reference %.9g",
                   table->name, rows, n_in, n_out, with_mask, i, j, got, want);
      }
  assert_padding_untouched (&dx);

  mat_clear (&dy);
  mat_clear (&w);
  mat_clear (&mask);
  mat_clear (&dx);
  mat_clear (&ref);
}

/* Two cases in three with the ReLU mask. */
static void
check_backward_input_variant (const EntrenaKernelTable *table,
                              GRand                    *rand,
                              size_t                    rows,
                              size_t                    n_in,
                              size_t                    n_out,
                              guint                     variant)
{
  check_backward_input_case (table, rand, rows, n_in, n_out, variant % 3 != 0, variant);
}

static void
test_backward_input (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  if (table == NULL)
    return;

  sweep_shapes (table, rand, check_backward_input_variant);

  for (size_t l = 0; l < G_N_ELEMENTS (layers); l++)
    check_backward_input_case (table, rand, 37, layers[l][0], layers[l][1], TRUE, l);
}

static void
check_backward_weight_case (const EntrenaKernelTable *table,
                            GRand                    *rand,
                            size_t                    rows,
                            size_t                    n_in,
                            size_t                    n_out,
                            float                     alpha,
                            float                     beta,
                            gboolean                  with_db,
                            guint                     variant)
{
  gboolean unaligned = variant % 2 == 0;
  Mat      dy, x, dw, db, ref, ref_db, db_init;

  mat_init (&dy, rows, n_out, pick_ld (n_out, variant), unaligned, rand, NAN);
  mat_init (&x, rows, n_in, pick_ld (n_in, variant + 1), unaligned, rand, NAN);
  mat_init (&dw, n_out, n_in, pick_ld (n_in, variant + 2), unaligned, rand, SENTINEL);
  mat_init (&db, 1, n_out, n_out, unaligned, rand, SENTINEL);
  if (beta == 0.0f)
    {
      for (size_t i = 0; i < n_out; i++)
        for (size_t j = 0; j < n_in; j++)
          dw.data[i * dw.ld + j] = NAN;
      for (size_t j = 0; j < n_out; j++)
        db.data[j] = NAN;
    }
  mat_copy (&ref, &dw);
  mat_copy (&ref_db, &db);
  mat_copy (&db_init, &db);

  {
    EntrenaGemmArgs g = {
      .trans_a = 1, .trans_b = 0, .m = n_out, .n = n_in, .k = rows, .alpha = alpha,
      .a = dy.data, .lda = dy.ld, .b = x.data, .ldb = x.ld, .beta = beta,
      .c = ref.data, .ldc = ref.ld,
    };
    float ones[1] = { 1.0f };
    EntrenaGemmArgs gb = {
      /* db as a product: dYᵀ · 1. */
      .trans_a = 1, .trans_b = 0, .m = n_out, .n = 1, .k = rows, .alpha = alpha,
      .a = dy.data, .lda = dy.ld, .b = ones, .ldb = 0, .beta = beta,
      .c = ref_db.data, .ldc = 1,
    };

    _entrena_gemm_ref (&g, NULL);
    _entrena_gemm_ref (&gb, NULL);
  }

  table->linear_backward_weight (rows, n_in, n_out, alpha, dy.data, dy.ld, x.data, x.ld, beta,
                                 dw.data, dw.ld, with_db ? db.data : NULL);

  for (size_t i = 0; i < n_out; i++)
    for (size_t j = 0; j < n_in; j++)
      {
        float  got = dw.data[i * dw.ld + j];
        float  want = ref.data[i * ref.ld + j];
        double scale = fabs (alpha) * abs_dot (TRUE, FALSE, i, j, rows, dy.data, dy.ld, x.data,
                                               x.ld) + 2.0;

        if (!close_enough (got, want, rows, scale))
          g_error ("%s: linear_backward_weight (rows=%zu in=%zu out=%zu alpha=%g beta=%g): "
                   "dW[%zu][%zu] = %.9g, reference %.9g",
                   table->name, rows, n_in, n_out, alpha, beta, i, j, got, want);
      }
  assert_padding_untouched (&dw);

  for (size_t j = 0; j < n_out; j++)
    {
      float  got = db.data[j];
      float  want = with_db ? ref_db.data[j] : db_init.data[j];
      double scale = fabs (alpha) * (double) rows + 2.0;

      if (!with_db)
        {
          /* Untouched. */
          g_assert_true (got == want || (isnan (got) && isnan (want)));
          continue;
        }
      if (!close_enough (got, want, rows, scale))
        g_error ("%s: linear_backward_weight (rows=%zu in=%zu out=%zu): db[%zu] = %.9g, "
                 "reference %.9g", table->name, rows, n_in, n_out, j, got, want);
    }
  assert_padding_untouched (&db);

  mat_clear (&dy);
  mat_clear (&x);
  mat_clear (&dw);
  mat_clear (&db);
  mat_clear (&ref);
  mat_clear (&ref_db);
  mat_clear (&db_init);
}

static void
test_backward_weight (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  g_autoptr (GRand) rand = g_rand_new_with_seed (8);
  static const size_t       rows[] = { 1, 33, 300 };
  guint                     variant = 0;

  if (table == NULL)
    return;
  entrena_kernels_set_threads (1);

  for (size_t i = 0; i < N_SIZES; i++)
    for (size_t o = 0; o < N_SIZES; o++, variant++)
      check_backward_weight_case (table, rand, rows[variant % 3], sizes[i], sizes[o],
                                  variant % 5 == 0 ? 0.25f : 1.0f,
                                  variant % 4 < 2 ? 0.0f : 1.0f,
                                  variant % 3 != 1, variant);

  /* The lesson's layers, a batch of the lesson's size, and more than one
   * block of k; no inputs at all (only db). */
  for (size_t l = 0; l < 3; l++)
    {
      check_backward_weight_case (table, rand, 914, layers[l][0], layers[l][1], 1.0f / 914,
                                  0.0f, TRUE, l);
      check_backward_weight_case (table, rand, 700, layers[l][0], layers[l][1], 1.0f, 1.0f,
                                  TRUE, l + 1);
    }
  check_backward_weight_case (table, rand, 40, 0, 9, 1.0f, 0.0f, TRUE, 0);
  check_backward_weight_case (table, rand, 0, 5, 9, 1.0f, 0.5f, TRUE, 1);
}

/* ------------------------------------------------------------------------
 * IEEE behaviour of the epilogues
 */

static void
test_epilogue_ieee (gconstpointer data)
{
  const EntrenaKernelTable *table = table_or_skip (data);
  /* Three rows of X (one input each), W = [1] for 20 outputs. */
  float                     x[3] = { NAN, -1.0f, 2.0f };
  float                     w[20];
  float                     y[3 * 20];
  float                     mask[3 * 20];
  float                     dx[3 * 20];

  if (table == NULL)
    return;

  for (int j = 0; j < 20; j++)
    w[j] = 1.0f;

  /* ReLU keeps NaN (divergence must stay visible) and clamps negatives. */
  table->linear_forward (3, 1, 20, x, 1, w, 1, NULL, TRUE, y, 20);
  for (int j = 0; j < 20; j++)
    {
      g_assert_true (isnan (y[j]));
      g_assert_cmpfloat (y[20 + j], ==, 0.0f);
      g_assert_cmpfloat (y[40 + j], ==, 2.0f);
    }

  /* The mask selects: where it is not positive the gradient is 0 even if
   * dY · W is NaN or infinite; NaN in the mask counts as not positive.
   * dX [3][20] = dY [3][1] · W [1][20], W all ones: row i is dy[i]. */
  {
    float dy3[3] = { NAN, INFINITY, 1.0f };

    for (int i = 0; i < 3 * 20; i++)
      mask[i] = i % 4 == 0 ? 0.0f : i % 4 == 1 ? NAN : i % 4 == 2 ? -0.0f : 3.0f;
    table->linear_backward_input (3, 20, 1, dy3, 1, w, 20, mask, 20, dx, 20);
    for (int i = 0; i < 3 * 20; i++)
      {
        if (i % 4 != 3)
          g_assert_cmpfloat (dx[i], ==, 0.0f);
        else if (i / 20 == 0)
          g_assert_true (isnan (dx[i]));
        else
          g_assert_cmpfloat (dx[i], ==, dy3[i / 20]);
      }
  }
}

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

static void
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

static void
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

static void
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
static void
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
static void
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

static void
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

static void
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  entrena_kernels_init ();

  g_test_add_func ("/kernels/dispatch", test_dispatch);
  g_test_add_func ("/kernels/public-api", test_public_api);
  g_test_add_func ("/kernels/run-tasks", test_run_tasks);

  for (size_t i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      static const struct
      {
        const char   *name;
        GTestDataFunc func;
      } tests[] = {
        { "sgemm", test_sgemm },
        { "sgemm-degenerate", test_sgemm_degenerate },
        { "forward", test_forward },
        { "backward-input", test_backward_input },
        { "backward-weight", test_backward_weight },
        { "epilogue-ieee", test_epilogue_ieee },
        { "threads", test_threads },
        { "concurrent", test_concurrent },
        { "split-deterministic", test_split_deterministic },
        { "adam", test_adam },
      };

      for (size_t t = 0; t < G_N_ELEMENTS (tests); t++)
        {
          g_autofree char *path = g_strdup_printf ("/kernels/%s/%s", tests[t].name, paths[i]);

          g_test_add_data_func (path, paths[i], tests[t].func);
        }
    }

  return g_test_run ();
}
