/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "model-io-writer"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-model-io.h"

/*
 * The C half of tests/test-model-torch.py, which checks that PyTorch and
 * Entrena read each other's model files and compute the same logits.
 *
 *   model-io-writer save FILE SIZES SEED N_ROWS
 *       Makes a network of the given layer sizes ("11,64,32,6") with random
 *       parameters, saves it to FILE with entrena_model_save(), loads it back
 *       with entrena_model_load(), and prints as JSON the feature and class
 *       names, N_ROWS random inputs and the logits and predicted classes the
 *       loaded network gives them.
 *
 *   model-io-writer predict FILE
 *       Loads only the weights of FILE (any nn.Sequential of Linear and ReLU
 *       layers in safetensors) and prints as JSON the logits and predicted
 *       classes of the rows read from standard input, one row of
 *       whitespace-separated numbers per line.
 *
 * The forward pass here is a plain loop, the definition of
 * nn.Sequential (Linear, ReLU, ..., Linear): it checks the file format, not
 * the engine's kernels.
 */

/* logits `[sizes[n_layers]]` of one input x `[sizes[0]]`. */
static void
forward (const EntrenaMlp *mlp,
         const float      *x,
         float            *logits)
{
  g_autofree float *in = g_memdup2 (x, sizeof (float) * mlp->sizes[0]);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint n_in = mlp->sizes[l];
      guint n_out = mlp->sizes[l + 1];
      const float *W = mlp->params + mlp->weight_offset[l];   /* [n_out][n_in] */
      const float *b = mlp->params + mlp->bias_offset[l];     /* [n_out] */
      g_autofree float *out = g_new (float, n_out);

      for (guint j = 0; j < n_out; j++)
        {
          float sum = b[j];

          for (guint i = 0; i < n_in; i++)
            sum += W[(gsize) j * n_in + i] * in[i];
          /* ReLU between layers, none after the last: logits out. */
          out[j] = l + 1 < mlp->n_layers ? MAX (sum, 0.0f) : sum;
        }

      g_free (in);
      in = g_steal_pointer (&out);
    }

  memcpy (logits, in, sizeof (float) * mlp->sizes[mlp->n_layers]);
}

static guint
argmax (const float *v,
        guint        n)
{
  guint best = 0;

  for (guint j = 1; j < n; j++)
    if (v[j] > v[best])
      best = j;

  return best;
}

static void
add_floats (JsonBuilder *builder,
            const float *v,
            guint        n)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (builder, v[i]);
  json_builder_end_array (builder);
}

/* Adds "sizes", "logits" and "predicted" for the rows X `[n_rows][sizes[0]]`. */
static void
add_predictions (JsonBuilder      *builder,
                 const EntrenaMlp *mlp,
                 const float      *X,
                 guint             n_rows)
{
  guint d = mlp->sizes[0];
  guint c = mlp->sizes[mlp->n_layers];
  g_autofree float *logits = g_new (float, (gsize) n_rows * c);

  for (guint r = 0; r < n_rows; r++)
    forward (mlp, X + (gsize) r * d, logits + (gsize) r * c);

  json_builder_set_member_name (builder, "sizes");
  json_builder_begin_array (builder);
  for (guint l = 0; l <= mlp->n_layers; l++)
    json_builder_add_int_value (builder, mlp->sizes[l]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "logits");
  json_builder_begin_array (builder);
  for (guint r = 0; r < n_rows; r++)
    add_floats (builder, logits + (gsize) r * c, c);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "predicted");
  json_builder_begin_array (builder);
  for (guint r = 0; r < n_rows; r++)
    json_builder_add_int_value (builder, argmax (logits + (gsize) r * c, c));
  json_builder_end_array (builder);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  /* UTF-8 whatever the locale: g_print () would convert to its charset. */
  fputs (text, stdout);
  fputc ('\n', stdout);
}

static int
run_save (const char *path,
          const char *sizes_text,
          guint64     seed,
          guint       n_rows)
{
  g_auto (GStrv) parts = g_strsplit (sizes_text, ",", -1);
  g_autoptr (GRand) rand = g_rand_new_with_seed ((guint32) seed);
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (EntrenaMlp) loaded = NULL;
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaModelInfo) loaded_info = NULL;
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree guint *sizes = NULL;
  g_autofree float *X = NULL;
  guint n_sizes = g_strv_length (parts);
  guint d;
  guint c;

  if (n_sizes < 2 || n_sizes > ENTRENA_MAX_HIDDEN_LAYERS + 2)
    {
      g_printerr ("bad sizes “%s”\n", sizes_text);
      return EXIT_FAILURE;
    }
  sizes = g_new (guint, n_sizes);
  for (guint i = 0; i < n_sizes; i++)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, 100000, &v, NULL))
        {
          g_printerr ("bad sizes “%s”\n", sizes_text);
          return EXIT_FAILURE;
        }
      sizes[i] = (guint) v;
    }
  d = sizes[0];
  c = sizes[n_sizes - 1];

  /* Parameters of PyTorch's initial scale and inputs of a few units, so that
   * some ReLUs are off and some on. */
  mlp = entrena_mlp_new (d, &sizes[1], n_sizes - 2, c);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      double bound = 1 / sqrt (mlp->sizes[l]);
      gsize n_weights = (gsize) mlp->sizes[l + 1] * mlp->sizes[l];

      for (gsize i = 0; i < n_weights; i++)
        mlp->params[mlp->weight_offset[l] + i] = (float) g_rand_double_range (rand, -bound, bound);
      for (gsize i = 0; i < mlp->sizes[l + 1]; i++)
        mlp->params[mlp->bias_offset[l] + i] = (float) g_rand_double_range (rand, -bound, bound);
    }

  info = entrena_model_info_new ();
  info->source_name = g_strdup ("torch-test.csv");
  info->target = g_strdup ("clase");
  info->training.n_hidden = n_sizes - 2;
  for (guint i = 0; i + 2 < n_sizes; i++)
    info->training.hidden[i] = sizes[i + 1];
  info->training.seed = seed;
  info->n_features = d;
  info->feature_names = g_new0 (char *, d + 1);
  for (guint k = 0; k < d; k++)
    info->feature_names[k] = g_strdup_printf ("x%u “é”", k);
  info->n_classes = c;
  info->class_names = g_new0 (char *, c + 1);
  for (guint j = 0; j < c; j++)
    info->class_names[j] = g_strdup_printf ("clase %u", j);

  if (!entrena_model_save (mlp, info, file, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Predict with what the file holds, not with what was meant to be saved. */
  loaded = entrena_model_load (file, &loaded_info, NULL, &error);
  if (loaded == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  X = g_new (float, (gsize) n_rows * d);
  for (gsize i = 0; i < (gsize) n_rows * d; i++)
    X[i] = (float) g_rand_double_range (rand, -3, 3);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "feature_names");
  json_builder_begin_array (builder);
  for (guint k = 0; k < d; k++)
    json_builder_add_string_value (builder, loaded_info->feature_names[k]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "class_names");
  json_builder_begin_array (builder);
  for (guint j = 0; j < c; j++)
    json_builder_add_string_value (builder, loaded_info->class_names[j]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "inputs");
  json_builder_begin_array (builder);
  for (guint r = 0; r < n_rows; r++)
    add_floats (builder, X + (gsize) r * d, d);
  json_builder_end_array (builder);
  add_predictions (builder, loaded, X, n_rows);
  json_builder_end_object (builder);
  print_json (builder);

  return EXIT_SUCCESS;
}

static int
run_predict (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (GIOChannel) channel = NULL;
  g_autoptr (GArray) X = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *input = NULL;
  g_auto (GStrv) lines = NULL;
  guint n_rows = 0;

  mlp = entrena_model_load (file, NULL, NULL, &error);
  if (mlp == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  channel = g_io_channel_unix_new (0);
  if (g_io_channel_read_to_end (channel, &input, NULL, &error) != G_IO_STATUS_NORMAL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  lines = g_strsplit (input, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = 0;

      if (lines[i][0] == '\0')
        continue;
      for (guint k = 0; fields[k] != NULL; k++)
        {
          char *end = NULL;
          float v;

          if (fields[k][0] == '\0')
            continue;
          v = (float) g_ascii_strtod (fields[k], &end);
          if (end == NULL || *end != '\0')
            {
              g_printerr ("bad number “%s”\n", fields[k]);
              return EXIT_FAILURE;
            }
          g_array_append_val (X, v);
          n++;
        }
      if (n != mlp->sizes[0])
        {
          g_printerr ("line %u has %u numbers, the network takes %u\n", i + 1, n, mlp->sizes[0]);
          return EXIT_FAILURE;
        }
      n_rows++;
    }

  json_builder_begin_object (builder);
  add_predictions (builder, mlp, (const float *) X->data, n_rows);
  json_builder_end_object (builder);
  print_json (builder);

  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 6 && strcmp (argv[1], "save") == 0)
    return run_save (argv[2], argv[3], g_ascii_strtoull (argv[4], NULL, 10),
                     (guint) g_ascii_strtoull (argv[5], NULL, 10));
  if (argc == 3 && strcmp (argv[1], "predict") == 0)
    return run_predict (argv[2]);

  g_printerr ("usage: %s save FILE SIZES SEED N_ROWS\n"
              "       %s predict FILE < ROWS\n", argv[0], argv[0]);
  return 2;
}
