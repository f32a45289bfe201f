/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mlp-init"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "entrena-mlp.h"
#include "entrena-mt19937.h"
#include "entrena-torch-random.h"

#include "core-test-util.h"

static guint32
float_bits (float f)
{
  guint32 u;

  memcpy (&u, &f, sizeof u);
  return u;
}

static guint64
parse_u64 (const char *s,
           guint       base)
{
  guint64 value = 0;
  g_autoptr (GError) error = NULL;

  g_ascii_string_to_unsigned (s, base, 0, G_MAXUINT64, &value, &error);
  g_assert_no_error (error);
  return value;
}

/* Builds the network of a "model" line's SIZES ("11,64,32,6"). */
static EntrenaMlp *
mlp_from_sizes (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  guint             n = g_strv_length (parts);
  g_autofree guint *sizes = NULL;

  g_assert_cmpuint (n, >=, 2);
  sizes = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    sizes[i] = (guint) parse_u64 (parts[i], 10);

  return entrena_mlp_new (sizes[0], sizes + 1, n - 2, sizes[n - 1]);
}

/* Checks one "tensor NAME ROWS COLS COUNT HASH V0 V1 ..." line against
 * parameter block @index (0.weight, 0.bias, 2.weight, ...) of @mlp. */
static void
check_tensor (const EntrenaMlp *mlp,
              guint             index,
              char            **fields,
              const char       *context)
{
  guint            layer = index / 2;
  gboolean         bias = index % 2 == 1;
  g_autofree char *name = NULL;
  const float     *block;
  guint64          rows, cols, count;
  guint            n_fields = g_strv_length (fields);

  g_assert_cmpuint (n_fields, >=, 6);
  g_assert_cmpuint (layer, <, mlp->n_layers);

  name = entrena_mlp_tensor_name (layer, bias);
  g_assert_cmpstr (fields[1], ==, name);

  rows = parse_u64 (fields[2], 10);
  cols = parse_u64 (fields[3], 10);
  count = parse_u64 (fields[4], 10);
  g_assert_cmpuint (rows, ==, mlp->sizes[layer + 1]);
  g_assert_cmpuint (cols, ==, bias ? 0 : mlp->sizes[layer]);
  g_assert_cmpuint (count, ==, bias ? rows : rows * cols);
  g_assert_cmpuint (n_fields - 6, ==, count <= 64 ? count : 32);

  block = mlp->params + (bias ? mlp->bias_offset[layer] : mlp->weight_offset[layer]);

  for (guint i = 6; i < n_fields; i++)
    {
      guint32 want = (guint32) parse_u64 (fields[i], 16);
      guint32 got = float_bits (block[i - 6]);

      if (want != got)
        g_test_message ("%s %s[%u]: got %08x (%.9g), PyTorch has %08x",
                        context, name, i - 6, got, block[i - 6], want);
      g_assert_cmphex (got, ==, want);
    }

  if (ctu_fnv1a_words (block, count) != parse_u64 (fields[5], 16))
    g_test_message ("%s %s: the checksum of all %" G_GUINT64_FORMAT " values differs",
                    context, name, count);
  g_assert_cmphex (ctu_fnv1a_words (block, count), ==, parse_u64 (fields[5], 16));
}

/* Checks every model of one kernel's section of torch-init-golden.txt and
 * returns how many there were. */
static guint
check_golden (const char *kernel)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "torch-init-golden.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autofree char *context = NULL;
  gboolean         in_kernel = FALSE;
  guint            n_models = 0;
  guint            n_tensors = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      fields = g_strsplit (lines[i], " ", -1);

      if (strcmp (fields[0], "kernel") == 0)
        {
          in_kernel = g_strcmp0 (fields[1], kernel) == 0;
        }
      else if (!in_kernel)
        {
          continue;
        }
      else if (strcmp (fields[0], "model") == 0)
        {
          guint64 seed;

          g_assert_cmpuint (g_strv_length (fields), ==, 3);
          if (mlp != NULL)
            g_assert_cmpuint (n_tensors, ==, 2 * mlp->n_layers);

          seed = parse_u64 (fields[1], 10);
          g_clear_pointer (&mlp, entrena_mlp_free);
          mlp = mlp_from_sizes (fields[2]);
          entrena_mlp_init_torch (mlp, seed);

          g_free (context);
          context = g_strdup_printf ("kernel %s, seed %" G_GUINT64_FORMAT ", layers %s",
                                     kernel, seed, fields[2]);
          n_tensors = 0;
          n_models++;
        }
      else if (strcmp (fields[0], "tensor") == 0)
        {
          g_assert_nonnull (mlp);
          check_tensor (mlp, n_tensors++, fields, context);
        }
      else
        {
          g_error ("%s:%u: unknown record “%s”", path, i + 1, fields[0]);
        }
    }

  if (mlp != NULL)
    g_assert_cmpuint (n_tensors, ==, 2 * mlp->n_layers);

  return n_models;
}

/* Seeds (0, 1, 42, 123, 2^32 - 1, 2^32 + 5, 2^64 - 1) times layer shapes
 * (11-64-32-6, 2-3-2, 4-16-3, 784-128-10, 5-3). */
#define N_GOLDEN_MODELS (7 * 5)

/* Which kernel PyTorch picks by itself here: ATen's rule, as
 * entrena-torch-random.c applies it. */
static const char *
automatic_kernel (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return "fused";
  return "plain";
#else
  return "fused";
#endif
}

/* The kernel is chosen once per process, so each choice is checked in a
 * child process of its own, with ATEN_CPU_CAPABILITY set (or unset) as
 * PyTorch reads it. */
static gboolean
in_child_with_capability (const char *capability)
{
#if !defined(__x86_64__) && !defined(__i386__)
  /* Elsewhere PyTorch has one kernel and ignores the variable, and so does
   * Entrena: no child is needed (nor possible under qemu-user, which cannot
   * start a second emulated program). */
  return TRUE;
#endif

  if (g_test_subprocess ())
    {
      if (capability != NULL)
        g_setenv ("ATEN_CPU_CAPABILITY", capability, TRUE);
      else
        g_unsetenv ("ATEN_CPU_CAPABILITY");
      return TRUE;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_init_avx2 (void)
{
  if (in_child_with_capability ("avx2"))
    g_assert_cmpuint (check_golden ("fused"), ==, N_GOLDEN_MODELS);
}

static void
test_init_avx512 (void)
{
  /* PyTorch's AVX-512 kernels give the same numbers as its AVX2 ones. */
  if (in_child_with_capability ("avx512"))
    g_assert_cmpuint (check_golden ("fused"), ==, N_GOLDEN_MODELS);
}

static void
test_init_default (void)
{
#if defined(__x86_64__) || defined(__i386__)
  if (in_child_with_capability ("default"))
    g_assert_cmpuint (check_golden ("plain"), ==, N_GOLDEN_MODELS);
#else
  g_test_skip ("PyTorch has one CPU kernel on this architecture");
#endif
}

static void
test_init_automatic (void)
{
  if (in_child_with_capability (NULL))
    g_assert_cmpuint (check_golden (automatic_kernel ()), ==, N_GOLDEN_MODELS);
}

static void
test_layout (void)
{
  static const guint hidden[] = { 64, 32 };
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_new (11, hidden, G_N_ELEMENTS (hidden), 6);
  gsize expected_end = 0;

  g_assert_nonnull (mlp);
  g_assert_cmpuint (mlp->n_layers, ==, 3);
  g_assert_cmpuint (mlp->sizes[0], ==, 11);
  g_assert_cmpuint (mlp->sizes[1], ==, 64);
  g_assert_cmpuint (mlp->sizes[2], ==, 32);
  g_assert_cmpuint (mlp->sizes[3], ==, 6);
  g_assert_cmpuint ((guintptr) mlp->params % 64, ==, 0);

  /* Blocks in state_dict order, each on a 64-byte boundary, not overlapping,
   * and the buffer starts zeroed. */
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_w = (gsize) mlp->sizes[l] * mlp->sizes[l + 1];
      gsize n_b = mlp->sizes[l + 1];

      g_assert_cmpuint ((guintptr) (mlp->params + mlp->weight_offset[l]) % 64, ==, 0);
      g_assert_cmpuint ((guintptr) (mlp->params + mlp->bias_offset[l]) % 64, ==, 0);
      g_assert_cmpuint (mlp->weight_offset[l], >=, expected_end);
      g_assert_cmpuint (mlp->bias_offset[l], >=, mlp->weight_offset[l] + n_w);
      expected_end = mlp->bias_offset[l] + n_b;
    }
  g_assert_cmpuint (mlp->n_params, >=, expected_end);
  g_assert_cmpuint (mlp->n_params, <, expected_end + 16);
  for (gsize i = 0; i < mlp->n_params; i++)
    g_assert_cmpfloat (mlp->params[i], ==, 0.0f);
}

static void
test_no_hidden (void)
{
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_new (5, NULL, 0, 3);

  g_assert_nonnull (mlp);
  g_assert_cmpuint (mlp->n_layers, ==, 1);
  g_assert_cmpuint (mlp->sizes[0], ==, 5);
  g_assert_cmpuint (mlp->sizes[1], ==, 3);
  g_assert_cmpuint (mlp->weight_offset[0], ==, 0);
  g_assert_cmpuint (mlp->bias_offset[0], ==, 16);
  g_assert_cmpuint (mlp->n_params, ==, 32);
}

static void
test_padding_stays_zero (void)
{
  static const guint hidden[] = { 3 };
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_new (2, hidden, 1, 2);
  g_autofree gboolean *used = g_new0 (gboolean, mlp->n_params);

  entrena_mlp_init_torch (mlp, 42);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      for (gsize i = 0; i < (gsize) mlp->sizes[l] * mlp->sizes[l + 1]; i++)
        used[mlp->weight_offset[l] + i] = TRUE;
      for (gsize i = 0; i < mlp->sizes[l + 1]; i++)
        used[mlp->bias_offset[l] + i] = TRUE;
    }

  for (gsize i = 0; i < mlp->n_params; i++)
    {
      if (used[i])
        g_assert_cmpfloat (mlp->params[i], !=, 0.0f);
      else
        g_assert_cmpfloat (mlp->params[i], ==, 0.0f);
    }
}

static void
test_bounds (void)
{
  static const guint hidden[] = { 64, 32 };
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_new (11, hidden, G_N_ELEMENTS (hidden), 6);

  entrena_mlp_init_torch (mlp, 7);

  /* U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases alike. */
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      float  bound = (float) (1 / sqrt ((double) mlp->sizes[l]));
      gsize  n_w = (gsize) mlp->sizes[l] * mlp->sizes[l + 1];
      float *W = mlp->params + mlp->weight_offset[l];
      float *b = mlp->params + mlp->bias_offset[l];

      for (gsize i = 0; i < n_w; i++)
        g_assert_cmpfloat (fabsf (W[i]), <=, bound);
      for (gsize i = 0; i < mlp->sizes[l + 1]; i++)
        g_assert_cmpfloat (fabsf (b[i]), <=, bound);
    }
}

static void
test_reproducible (void)
{
  static const guint hidden[] = { 16 };
  g_autoptr (EntrenaMlp) a = entrena_mlp_new (4, hidden, 1, 3);
  g_autoptr (EntrenaMlp) b = NULL;
  g_autoptr (EntrenaMlp) c = NULL;

  entrena_mlp_init_torch (a, 123);
  b = entrena_mlp_copy (a);
  g_assert_true (entrena_mlp_same_shape (a, b));
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_true (a->params != b->params);
  g_assert_cmpuint ((guintptr) b->params % 64, ==, 0);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float),
                   b->params, b->n_params * sizeof (float));
  g_assert_cmpmem (a->weight_offset, a->n_layers * sizeof (gsize),
                   b->weight_offset, b->n_layers * sizeof (gsize));
  g_assert_cmpmem (a->bias_offset, a->n_layers * sizeof (gsize),
                   b->bias_offset, b->n_layers * sizeof (gsize));

  /* Initialising again restarts the generator from the seed. */
  entrena_mlp_init_torch (b, 5);
  entrena_mlp_init_torch (b, 123);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float),
                   b->params, b->n_params * sizeof (float));

  /* Only the low 32 bits of the seed reach the generator, as in PyTorch. */
  entrena_mlp_init_torch (b, G_GUINT64_CONSTANT (0x500000000) + 123);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float),
                   b->params, b->n_params * sizeof (float));

  entrena_mlp_init_torch (b, 124);
  g_assert_true (memcmp (a->params, b->params, a->n_params * sizeof (float)) != 0);

  c = entrena_mlp_new (4, hidden, 1, 4);
  g_assert_false (entrena_mlp_same_shape (a, c));
  g_clear_pointer (&c, entrena_mlp_free);
  c = entrena_mlp_new (4, NULL, 0, 3);
  g_assert_false (entrena_mlp_same_shape (a, c));
}

static void
test_tensor_names (void)
{
  static const struct
  {
    guint       layer;
    gboolean    bias;
    const char *name;
  } cases[] = {
    { 0, FALSE, "0.weight" },
    { 0, TRUE, "0.bias" },
    { 1, FALSE, "2.weight" },
    { 1, TRUE, "2.bias" },
    { 2, FALSE, "4.weight" },
    { 7, TRUE, "14.bias" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = entrena_mlp_tensor_name (cases[i].layer, cases[i].bias);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* entrena_mlp_new() with these arguments fails its check @pattern. */
static void
assert_new_rejected (const char  *pattern,
                     guint        n_inputs,
                     const guint *hidden,
                     guint        n_hidden,
                     guint        n_classes)
{
  EntrenaMlp *mlp;

  g_test_expect_message ("entrena-mlp", G_LOG_LEVEL_CRITICAL, pattern);
  mlp = entrena_mlp_new (n_inputs, hidden, n_hidden, n_classes);
  g_test_assert_expected_messages ();
  g_assert_null (mlp);
}

static void
test_invalid (void)
{
  static const guint zero_hidden[] = { 8, 0 };

  assert_new_rejected ("*n_inputs > 0*", 0, NULL, 0, 3);
  assert_new_rejected ("*n_classes > 0*", 4, NULL, 0, 0);
  assert_new_rejected ("*hidden*> 0*", 4, zero_hidden, G_N_ELEMENTS (zero_hidden), 3);
  assert_new_rejected ("*hidden != NULL*", 4, NULL, 2, 3);

  /* Freeing NULL is allowed, as for g_free (). */
  entrena_mlp_free (NULL);
}

/* uniform_ with bounds other than the initialisers': torch.manual_seed (0);
 * torch.empty (4).uniform_ (-2.5, 7.25). The first value is one where the
 * two kernels differ. */
static void
check_uniform_fill (const guint32 *expected)
{
  EntrenaMt19937 rng;
  float          out[4];

  entrena_mt19937_init (&rng, 0);
  entrena_torch_uniform_fill (&rng, out, G_N_ELEMENTS (out), -2.5, 7.25);
  for (guint i = 0; i < G_N_ELEMENTS (out); i++)
    g_assert_cmphex (float_bits (out[i]), ==, expected[i]);

  /* An empty fill draws nothing. */
  entrena_mt19937_init (&rng, 0);
  entrena_torch_uniform_fill (&rng, NULL, 0, 0.0, 1.0);
  entrena_torch_uniform_fill (&rng, out, 1, -2.5, 7.25);
  g_assert_cmphex (float_bits (out[0]), ==, expected[0]);
}

static void
test_uniform_fill_avx2 (void)
{
  static const guint32 expected[] = { 0x4015aa03, 0x409faf69, 0xbfd19486, 0xbf9b39d8 };

  if (in_child_with_capability ("avx2"))
    check_uniform_fill (expected);
}

static void
test_uniform_fill_default (void)
{
#if defined(__x86_64__) || defined(__i386__)
  static const guint32 expected[] = { 0x4015aa04, 0x409faf69, 0xbfd19486, 0xbf9b39d8 };

  if (in_child_with_capability ("default"))
    check_uniform_fill (expected);
#else
  g_test_skip ("PyTorch has one CPU kernel on this architecture");
#endif
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/mlp-init/layout", test_layout);
  g_test_add_func ("/entrena/mlp-init/no-hidden", test_no_hidden);
  g_test_add_func ("/entrena/mlp-init/padding-stays-zero", test_padding_stays_zero);
  g_test_add_func ("/entrena/mlp-init/bounds", test_bounds);
  g_test_add_func ("/entrena/mlp-init/reproducible", test_reproducible);
  g_test_add_func ("/entrena/mlp-init/tensor-names", test_tensor_names);
  g_test_add_func ("/entrena/mlp-init/invalid", test_invalid);
  g_test_add_func ("/entrena/mlp-init/uniform-fill/avx2", test_uniform_fill_avx2);
  g_test_add_func ("/entrena/mlp-init/uniform-fill/default", test_uniform_fill_default);
  g_test_add_func ("/entrena/mlp-init/torch-golden/avx2", test_init_avx2);
  g_test_add_func ("/entrena/mlp-init/torch-golden/avx512", test_init_avx512);
  g_test_add_func ("/entrena/mlp-init/torch-golden/default", test_init_default);
  g_test_add_func ("/entrena/mlp-init/torch-golden/automatic", test_init_automatic);

  return g_test_run ();
}
