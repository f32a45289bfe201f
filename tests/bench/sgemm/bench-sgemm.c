/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The kernels against OpenBLAS on the products of training an MLP. For each
 * batch size N and layer (in, out), each of the three products runs on every
 * path the CPU has and in OpenBLAS's cblas_sgemm, in the same process, interleaved round by round so that frequency changes or
 * a noisy neighbour hit every contestant alike. The best time is reported.
 *
 *   fwd  Y  = relu (X · Wᵀ + b)    [N][out]   (OpenBLAS: the sgemm only)
 *   dX   dX = (dY · W) ⊙ [H > 0]    [N][in]    (OpenBLAS: the sgemm only)
 *   dW   dW = dYᵀ · X, db = Σ dY    [out][in]  (OpenBLAS: the sgemm only)
 *
 * Entrena's side also does the fused epilogue (bias, ReLU, mask, bias
 * gradient); OpenBLAS would need a further pass over memory for those, which
 * is not timed: the comparison leans in OpenBLAS's favour.
 *
 * The FMA peak is measured in this program too, per path, with a loop of
 * independent multiply-adds on as many threads as the products use.
 *
 * usage: bench-sgemm [--quick] [--threads N] [--path NAME]... [--min-time S]
 *                    [--rows N] [--layer INxOUT] [--product fwd|dX|dW] [--scalar]
 */

#define _GNU_SOURCE

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

#ifdef HAVE_OPENBLAS
#include <cblas.h>
#endif

#include "bench-peak.h"
#include "entrena-kernels.h"

#define MAX_PATHS 8

typedef enum
{
  PRODUCT_FORWARD,
  PRODUCT_INPUT_GRAD,
  PRODUCT_WEIGHT_GRAD,
  N_PRODUCTS,
} Product;

static const char *const product_names[N_PRODUCTS] = { "fwd", "dX", "dW" };

static const size_t layer_shapes[][2] = {
  { 11, 64 }, { 64, 32 }, { 32, 6 }, { 64, 64 }, { 256, 256 }, { 784, 128 },
};
#define N_LAYERS (sizeof layer_shapes / sizeof layer_shapes[0])

static const size_t full_rows[] = { 914, 8192, 65536, 1048576 };
static const size_t quick_rows[] = { 914, 8192 };

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* ------------------------------------------------------------------------
 * The products
 */

typedef struct
{
  size_t n;
  size_t in;
  size_t out;
  float *x;     /* [n][in], also dX */
  float *h;     /* [n][in], the mask for dX */
  float *y;     /* [n][out], also dY */
  float *w;     /* [out][in] */
  float *bias;  /* [out] */
  float *dw;    /* [out][in] */
  float *db;    /* [out] */
} Buffers;

static void
run_entrena (const EntrenaKernelTable *t,
             Product                   product,
             Buffers                  *b)
{
  switch (product)
    {
    case PRODUCT_FORWARD:
      t->linear_forward (b->n, b->in, b->out, b->x, b->in, b->w, b->in, b->bias, 1, b->y, b->out);
      break;
    case PRODUCT_INPUT_GRAD:
      t->linear_backward_input (b->n, b->in, b->out, b->y, b->out, b->w, b->in, b->h, b->in,
                                b->x, b->in);
      break;
    case PRODUCT_WEIGHT_GRAD:
    default:
      t->linear_backward_weight (b->n, b->in, b->out, 1.0f / (float) b->n, b->y, b->out, b->x,
                                 b->in, 0.0f, b->dw, b->in, b->db);
      break;
    }
}

#ifdef HAVE_OPENBLAS
static void
run_openblas (Product  product,
              Buffers *b)
{
  int n = (int) b->n, in = (int) b->in, out = (int) b->out;

  switch (product)
    {
    case PRODUCT_FORWARD:
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1.0f, b->x, in, b->w, in,
                   0.0f, b->y, out);
      break;
    case PRODUCT_INPUT_GRAD:
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in, out, 1.0f, b->y, out, b->w,
                   in, 0.0f, b->x, in);
      break;
    case PRODUCT_WEIGHT_GRAD:
    default:
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, out, in, n, 1.0f / (float) n, b->y,
                   out, b->x, in, 0.0f, b->dw, in);
      break;
    }
}
#endif

static float *
alloc_floats (size_t n)
{
  float *p = aligned_alloc (64, ((n * sizeof (float)) + 63) / 64 * 64);

  if (p == NULL)
    {
      fprintf (stderr, "bench-sgemm: out of memory (%zu floats)\n", n);
      exit (1);
    }
  return p;
}

static void
fill_random (float   *v,
             size_t   n,
             float    scale,
             unsigned seed)
{
  /* xorshift: fast enough for gigabytes. */
  unsigned s = seed * 2654435761u + 1;

  for (size_t i = 0; i < n; i++)
    {
      s ^= s << 13;
      s ^= s >> 17;
      s ^= s << 5;
      v[i] = scale * ((float) (s >> 8) * (1.0f / 8388608.0f) - 1.0f);
    }
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  const char               *name;
  const EntrenaKernelTable *table;   /* NULL for OpenBLAS */
  double                    peak;    /* GFLOP/s of its FMA loop */
} Contestant;

typedef struct
{
  int    cases;
  int    at_least_openblas;
  int    skinny_cases;
  int    skinny_faster;
  double worst_ratio;
  char   worst_case[64];
  double big_min_peak;   /* 256 × 256, N ≥ 8192: the lowest fraction of peak */
} Summary;

static void
usage (void)
{
  fprintf (stderr,
           "usage: bench-sgemm [--quick] [--threads N] [--path NAME]... [--min-time SECONDS]\n"
           "                   [--rows N] [--layer INxOUT] [--product fwd|dX|dW] [--scalar]\n"
           "  --quick      N in {914, 8192} instead of {914, 8192, 65536, 1048576}\n"
           "  --threads N  threads for Entrena and OpenBLAS alike (default 1)\n"
           "  --path NAME  only this path (repeatable; default every path the CPU has)\n"
           "  --scalar     include the scalar path above N = 8192 (slow)\n"
           "  --rows N     only this batch size (any N)\n"
           "  --layer IxO  only this layer, e.g. 256x256\n"
           "  --product P  only fwd, dX or dW\n");
}

int
main (int   argc,
      char *argv[])
{
  const size_t *rows = full_rows;
  size_t        n_rows = sizeof full_rows / sizeof full_rows[0];
  unsigned      threads = 1;
  const char   *only[MAX_PATHS];
  int           n_only = 0;
  int           scalar_everywhere = 0;
  double        min_time = 0.1;
  size_t        one_n = 0;
  const char   *only_layer = NULL;
  const char   *only_product = NULL;
  Contestant    cont[MAX_PATHS + 1];
  int           n_cont = 0;
  double        machine_peak = 0.0;
  size_t        max_n = 0, max_in = 0, max_out = 0;
  Buffers       buf;
  Summary       sum = { .worst_ratio = 1e9, .big_min_peak = 1e9 };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--quick") == 0)
        {
          rows = quick_rows;
          n_rows = sizeof quick_rows / sizeof quick_rows[0];
        }
      else if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        threads = (unsigned) atoi (argv[++i]);
      else if (strcmp (argv[i], "--path") == 0 && i + 1 < argc && n_only < MAX_PATHS)
        only[n_only++] = argv[++i];
      else if (strcmp (argv[i], "--min-time") == 0 && i + 1 < argc)
        min_time = atof (argv[++i]);
      else if (strcmp (argv[i], "--scalar") == 0)
        scalar_everywhere = 1;
      else if (strcmp (argv[i], "--rows") == 0 && i + 1 < argc)
        one_n = (size_t) strtoull (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--layer") == 0 && i + 1 < argc)
        only_layer = argv[++i];
      else if (strcmp (argv[i], "--product") == 0 && i + 1 < argc)
        only_product = argv[++i];
      else
        {
          usage ();
          return 2;
        }
    }
  if (threads < 1 || threads > 64)
    threads = 1;
  if (one_n > 0)
    {
      rows = &one_n;
      n_rows = 1;
    }

  entrena_kernels_init ();
  entrena_kernels_set_threads (threads);

  printf ("Entrena kernels vs OpenBLAS, %u thread%s; active path: %s\n", threads,
          threads == 1 ? "" : "s", entrena_kernels_get_impl_name ());

#ifdef HAVE_OPENBLAS
  /* Before OpenBLAS's first product, so that its pool is never bigger. */
  openblas_set_num_threads ((int) threads);
  printf ("OpenBLAS: %s; core %s; OPENBLAS_CORETYPE=%s; %d thread%s\n", openblas_get_config (),
          openblas_get_corename (), getenv ("OPENBLAS_CORETYPE") ? getenv ("OPENBLAS_CORETYPE") : "(unset)",
          openblas_get_num_threads (), openblas_get_num_threads () == 1 ? "" : "s");
  cont[n_cont++] = (Contestant) { "openblas", NULL, 0.0 };
#else
  printf ("OpenBLAS: not found at build time; Entrena's paths only\n");
#endif

  for (const char *const *p = entrena_kernels_list_compiled (); *p != NULL; p++)
    {
      const EntrenaKernelTable *t = entrena_kernels_get_table (*p);
      int                       wanted = n_only == 0;

      for (int i = 0; i < n_only; i++)
        wanted |= strcmp (only[i], *p) == 0;
      if (t == NULL)
        {
          printf ("path %-7s not supported by this CPU\n", *p);
          continue;
        }
      if (!wanted)
        continue;
      cont[n_cont] = (Contestant) { *p, t, bench_peak_gflops (*p, threads) };
      if (cont[n_cont].peak > machine_peak)
        machine_peak = cont[n_cont].peak;
      printf ("path %-7s FMA loop: %7.1f GFLOP/s\n", *p, cont[n_cont].peak);
      n_cont++;
    }
  printf ("machine FMA peak (%u thread%s): %.1f GFLOP/s; %%pk below is against it\n\n", threads,
          threads == 1 ? "" : "s", machine_peak);

  for (size_t r = 0; r < n_rows; r++)
    max_n = rows[r] > max_n ? rows[r] : max_n;
  for (size_t l = 0; l < N_LAYERS; l++)
    {
      max_in = layer_shapes[l][0] > max_in ? layer_shapes[l][0] : max_in;
      max_out = layer_shapes[l][1] > max_out ? layer_shapes[l][1] : max_out;
    }

  buf.x = alloc_floats (max_n * max_in);
  buf.h = alloc_floats (max_n * max_in);
  buf.y = alloc_floats (max_n * max_out);
  buf.w = alloc_floats (max_in * max_out);
  buf.bias = alloc_floats (max_out);
  buf.dw = alloc_floats (max_in * max_out);
  buf.db = alloc_floats (max_out);
  fill_random (buf.x, max_n * max_in, 1.0f, 1);
  fill_random (buf.h, max_n * max_in, 1.0f, 2);
  fill_random (buf.y, max_n * max_out, 1.0f, 3);
  fill_random (buf.bias, max_out, 0.1f, 4);
  memset (buf.dw, 0, max_in * max_out * sizeof (float));
  memset (buf.db, 0, max_out * sizeof (float));

  printf ("%8s %-8s %-4s", "N", "layer", "prod");
  for (int c = 0; c < n_cont; c++)
    printf (c == 0 && cont[c].table == NULL ? " | %8s" : " | %8s %6s %4s", cont[c].name,
            "×obl", "%pk");
  printf ("\n");

  for (size_t r = 0; r < n_rows; r++)
    for (size_t l = 0; l < N_LAYERS; l++)
      for (int product = 0; product < N_PRODUCTS; product++)
        {
          double best[MAX_PATHS + 1];
          double flops;
          double openblas_gf = 0.0, best_gf = 0.0;
          int    runs[MAX_PATHS + 1] = { 0 };
          int    active[MAX_PATHS + 1];
          char   label[16];

          buf.n = rows[r];
          buf.in = layer_shapes[l][0];
          buf.out = layer_shapes[l][1];
          snprintf (label, sizeof label, "%zux%zu", buf.in, buf.out);
          if ((only_layer != NULL && strcmp (only_layer, label) != 0) ||
              (only_product != NULL && strcmp (only_product, product_names[product]) != 0))
            continue;
          flops = 2.0 * (double) buf.n * (double) buf.in * (double) buf.out;
          /* Weights as after PyTorch's init, so values stay near 1. */
          fill_random (buf.w, buf.in * buf.out, 1.0f / sqrtf ((float) buf.in), 5);

          for (int c = 0; c < n_cont; c++)
            {
              best[c] = 1e30;
              active[c] = !(cont[c].table != NULL && strcmp (cont[c].name, "scalar") == 0 &&
                            buf.n > 8192 && !scalar_everywhere);
            }

          /* One warm-up round, then rounds until every contestant has run
           * min_time and at least three times. */
          for (int round = 0;; round++)
            {
              int done = round > 3;

              for (int c = 0; c < n_cont; c++)
                {
                  double t0, dt;

                  if (!active[c])
                    continue;
                  t0 = now ();
#ifdef HAVE_OPENBLAS
                  if (cont[c].table == NULL)
                    run_openblas (product, &buf);
                  else
#endif
                    run_entrena (cont[c].table, product, &buf);
                  dt = now () - t0;
                  if (round == 0)
                    continue;
                  runs[c]++;
                  if (dt < best[c])
                    best[c] = dt;
                  if (best[c] * runs[c] < min_time && runs[c] < 1000000)
                    done = 0;
                }
              if (done)
                break;
            }

          printf ("%8zu %-8s %-4s", buf.n, label, product_names[product]);
          for (int c = 0; c < n_cont; c++)
            {
              double gf = flops / best[c] * 1e-9;

              if (!active[c])
                {
                  printf (cont[c].table == NULL ? " | %8s" : " | %8s %6s %4s", "-", "", "");
                  continue;
                }
              if (cont[c].table == NULL)
                {
                  openblas_gf = gf;
                  printf (" | %8.1f", gf);
                  continue;
                }
              if (gf > best_gf)
                best_gf = gf;
              if (openblas_gf > 0.0)
                printf (" | %8.1f %6.2f %3.0f%%", gf, gf / openblas_gf, 100.0 * gf / machine_peak);
              else
                printf (" | %8.1f %6s %3.0f%%", gf, "", 100.0 * gf / machine_peak);
            }
          printf ("\n");
          fflush (stdout);

          if (openblas_gf > 0.0)
            {
              double ratio = best_gf / openblas_gf;

              sum.cases++;
              sum.at_least_openblas += ratio >= 1.0;
              if (product == PRODUCT_WEIGHT_GRAD)
                {
                  sum.skinny_cases++;
                  sum.skinny_faster += ratio > 1.0;
                }
              if (ratio < sum.worst_ratio)
                {
                  sum.worst_ratio = ratio;
                  snprintf (sum.worst_case, sizeof sum.worst_case, "N=%zu %s %s", buf.n, label,
                            product_names[product]);
                }
            }
          if (buf.in == 256 && buf.out == 256 && buf.n >= 8192 &&
              best_gf / machine_peak < sum.big_min_peak)
            sum.big_min_peak = best_gf / machine_peak;
        }

  printf ("\nTargets, best path per case:\n");
  if (sum.cases > 0)
    {
      printf ("  best path >= OpenBLAS:             %d of %d cases (worst: %.2f× at %s)\n",
              sum.at_least_openblas, sum.cases, sum.worst_ratio, sum.worst_case);
      printf ("  faster on the weight gradient:     %d of %d cases\n", sum.skinny_faster,
              sum.skinny_cases);
    }
  if (sum.big_min_peak < 1e9)
    printf ("  256x256, N >= 8192, of FMA peak:   at least %.0f%% (target 80%%)\n",
            100.0 * sum.big_min_peak);

  free (buf.x);
  free (buf.h);
  free (buf.y);
  free (buf.w);
  free (buf.bias);
  free (buf.dw);
  free (buf.db);

  return 0;
}
