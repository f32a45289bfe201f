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

#include "kernels-test.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  entrena_kernels_init ();

  g_test_add_func ("/kernels/dispatch", test_dispatch);
  g_test_add_func ("/kernels/public-api", test_public_api);
  g_test_add_func ("/kernels/run-tasks", test_run_tasks);
  g_test_add_func ("/kernels/activation-formulas", test_activation_formulas);
  g_test_add_func ("/kernels/elementary-accuracy", test_elementary_accuracy);
  g_test_add_func ("/kernels/elementary-fmaf", test_elementary_fmaf);

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
        { "optim-steps", test_optim_steps },
        { "activation", test_activation },
        { "elementary", test_elementary },
      };

      for (size_t t = 0; t < G_N_ELEMENTS (tests); t++)
        {
          g_autofree char *path = g_strdup_printf ("/kernels/%s/%s", tests[t].name, paths[i]);

          g_test_add_data_func (path, paths[i], tests[t].func);
        }
    }

  return g_test_run ();
}
