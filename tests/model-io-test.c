/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-model-io"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "model-io-test.h"

EntrenaMlp *
make_mlp (const guint *sizes,
          guint        n_sizes,
          guint32      seed,
          gboolean     special_values)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  EntrenaMlp *mlp;

  g_assert_cmpuint (n_sizes, >=, 2);
  mlp = entrena_mlp_new (sizes[0], &sizes[1], n_sizes - 2, sizes[n_sizes - 1]);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_weights = (gsize) mlp->sizes[l + 1] * mlp->sizes[l];

      for (gsize i = 0; i < n_weights; i++)
        mlp->params[mlp->weight_offset[l] + i] = (float) g_rand_double_range (rand, -1, 1);
      for (gsize i = 0; i < mlp->sizes[l + 1]; i++)
        mlp->params[mlp->bias_offset[l] + i] = (float) g_rand_double_range (rand, -1, 1);
    }

  /* Values whose bits a careless conversion would change. */
  if (special_values)
    {
      static const guint32 bits[] = {
        0x80000000u, /* -0 */
        0x00000001u, /* the smallest subnormal */
        0x007fffffu, /* the largest subnormal */
        0x7f7fffffu, /* FLT_MAX */
        0xff7fffffu, /* -FLT_MAX */
        0x00800000u, /* the smallest normal */
        0x80000001u, /* the negative smallest subnormal */
      };
      float *W = mlp->params + mlp->weight_offset[0];

      for (guint i = 0; i < G_N_ELEMENTS (bits) && i < (gsize) mlp->sizes[0] * mlp->sizes[1]; i++)
        memcpy (&W[i], &bits[i], sizeof (float));
    }

  return mlp;
}

char **
strv_new (const char *first,
          ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_strv_builder_add (builder, s);
  va_end (args);

  return g_strv_builder_end (builder);
}

/* A description that exercises every field, with text that needs escaping
 * and numbers that need all their digits. */
EntrenaModelInfo *
make_info (const EntrenaMlp *mlp,
           gboolean          with_scaler,
           guint32           seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  EntrenaModelInfo *info = entrena_model_info_new ();
  guint d = mlp->sizes[0];
  guint c = mlp->sizes[mlp->n_layers];

  info->source_name = g_strdup ("données \"été\"\\2024.csv");
  info->delimiter = ';';
  info->has_header = TRUE;
  info->decimal_comma = TRUE;
  info->target = g_strdup ("espèce");
  info->exclude = strv_new ("id", "note, with \"quotes\"", "tab\there", "ñ/ü/日本", NULL);
  info->categorical = strv_new ("zone", NULL);
  info->missing = ENTRENA_MISSING_FILL;
  info->test_size = 1.0 / 3.0;
  info->split_seed = 4000000000u;
  info->stratify = TRUE;
  info->training.n_hidden = mlp->n_layers - 1;
  for (guint l = 0; l + 1 < mlp->n_layers; l++)
    info->training.hidden[l] = mlp->sizes[l + 1];
  info->training.learning_rate = 0.1 + 0.2;   /* 0.30000000000000004 */
  info->training.epochs = 250;
  info->training.seed = G_MAXUINT64 - 5;
  info->training.batch_size = 32;
  info->training.standardize = with_scaler;

  info->n_features = d;
  info->feature_names = g_new0 (char *, d + 1);
  info->feature_columns = g_new0 (char *, d + 1);
  info->feature_categories = g_new0 (char *, d + 1);
  info->fill_values = g_new0 (float, d);
  for (guint k = 0; k < d; k++)
    {
      gboolean one_hot = k % 3 == 2;

      info->feature_columns[k] = one_hot ? g_strdup ("zone") : g_strdup_printf ("x%u \"β\"", k);
      info->feature_categories[k] = one_hot ? g_strdup_printf ("nord-%u", k) : g_strdup ("");
      info->feature_names[k] = one_hot
                                 ? g_strdup_printf ("zone=nord-%u", k)
                                 : g_strdup (info->feature_columns[k]);
      info->fill_values[k] = one_hot ? (float) (k % 2) : (float) g_rand_double_range (rand, -1e6, 1e6);
    }

  info->n_classes = c;
  info->class_names = g_new0 (char *, c + 1);
  for (guint j = 0; j < c; j++)
    info->class_names[j] = g_strdup_printf ("clase %u — «%c»", j, 'A' + j % 26);

  if (with_scaler)
    {
      g_autofree double *mean = g_new (double, d);
      g_autofree double *scale = g_new (double, d);

      for (guint k = 0; k < d; k++)
        {
          mean[k] = g_rand_double_range (rand, -1, 1) * pow (10, g_rand_int_range (rand, -300, 300));
          scale[k] = k == 1 ? 0.0 : g_rand_double (rand) * pow (10, g_rand_int_range (rand, -20, 20));
        }
      /* Signed zeros and subnormals must keep their bits. */
      mean[0] = -0.0;
      if (d > 1)
        mean[1] = -4.9406564584124654e-324;
      if (d > 2)
        info->fill_values[2] = -0.0f;
      info->scaler = entrena_scaler_new (d, mean, scale);
    }

  return info;
}

void
assert_strv_equal (char * const *a,
                   char * const *b,
                   guint         n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

void
assert_info_equal (const EntrenaModelInfo *a,
                   const EntrenaModelInfo *b)
{
  g_assert_cmpstr (a->source_name, ==, b->source_name);
  g_assert_cmpint (a->delimiter, ==, b->delimiter);
  g_assert_cmpint (a->has_header, ==, b->has_header);
  g_assert_cmpint (a->decimal_comma, ==, b->decimal_comma);
  g_assert_cmpstr (a->target, ==, b->target);
  g_assert_true (g_strv_equal ((const char * const *) a->exclude, (const char * const *) b->exclude));
  g_assert_true (g_strv_equal ((const char * const *) a->categorical, (const char * const *) b->categorical));
  g_assert_cmpint (a->missing, ==, b->missing);
  g_assert_cmpmem (&a->test_size, sizeof (double), &b->test_size, sizeof (double));
  g_assert_cmpuint (a->split_seed, ==, b->split_seed);
  g_assert_cmpint (a->stratify, ==, b->stratify);

  g_assert_cmpuint (a->training.n_hidden, ==, b->training.n_hidden);
  /* Entries past n_hidden mean nothing. */
  g_assert_cmpmem (a->training.hidden, sizeof (guint) * a->training.n_hidden,
                   b->training.hidden, sizeof (guint) * b->training.n_hidden);
  g_assert_cmpmem (&a->training.learning_rate, sizeof (double), &b->training.learning_rate, sizeof (double));
  g_assert_cmpuint (a->training.epochs, ==, b->training.epochs);
  g_assert_cmpuint (a->training.seed, ==, b->training.seed);
  g_assert_cmpuint (a->training.batch_size, ==, b->training.batch_size);
  g_assert_cmpint (a->training.standardize, ==, b->training.standardize);

  g_assert_cmpuint (a->n_features, ==, b->n_features);
  assert_strv_equal (a->feature_names, b->feature_names, a->n_features + 1);
  assert_strv_equal (a->feature_columns, b->feature_columns, a->n_features + 1);
  assert_strv_equal (a->feature_categories, b->feature_categories, a->n_features);
  g_assert_cmpmem (a->fill_values, sizeof (float) * a->n_features,
                   b->fill_values, sizeof (float) * b->n_features);
  g_assert_cmpuint (a->n_classes, ==, b->n_classes);
  assert_strv_equal (a->class_names, b->class_names, a->n_classes + 1);

  g_assert_true ((a->scaler == NULL) == (b->scaler == NULL));
  if (a->scaler != NULL)
    {
      g_assert_cmpuint (a->scaler->n_features, ==, b->scaler->n_features);
      g_assert_cmpmem (a->scaler->mean, sizeof (double) * a->n_features,
                       b->scaler->mean, sizeof (double) * b->n_features);
      g_assert_cmpmem (a->scaler->scale, sizeof (double) * a->n_features,
                       b->scaler->scale, sizeof (double) * b->n_features);
    }
}

/* Same shape and the same bits in every parameter (padding included: both
 * buffers zero it). */
void
assert_mlp_equal (const EntrenaMlp *a,
                  const EntrenaMlp *b)
{
  g_assert_true (entrena_mlp_same_shape (a, b));
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), b->params, b->n_params * sizeof (float));
}

/* A directory of its own under the test's isolated XDG directories. */
char *
make_test_dir (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "model-io", NULL);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  return dir;
}

guint
count_dir_entries (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* Parses a model file's header, which the test itself wrote. */
JsonObject *
parse_header (GBytes *bytes,
              gsize  *header_len)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  const guint8 *data;
  guint64 len;
  gsize size;

  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, >=, 8);
  memcpy (&len, data, 8);
  len = GUINT64_FROM_LE (len);
  g_assert_cmpuint (len, <=, size - 8);
  g_assert_true (json_parser_load_from_data (parser, (const char *) data + 8, len, NULL));
  *header_len = len;

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A model file with the header @root and the data that follows @header_len
 * bytes of header in @original. */
GBytes *
rebuild (JsonObject *root,
         GBytes     *original,
         gsize       header_len)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), root);
  g_autofree char *header = NULL;
  GByteArray *out = g_byte_array_new ();
  const guint8 *data;
  gsize size;
  gsize len;
  guint64 len_le;

  json_generator_set_root (generator, node);
  header = json_generator_to_data (generator, &len);
  data = g_bytes_get_data (original, &size);

  len_le = GUINT64_TO_LE ((guint64) len);
  g_byte_array_append (out, (const guint8 *) &len_le, 8);
  g_byte_array_append (out, (const guint8 *) header, len);
  g_byte_array_append (out, data + 8 + header_len, size - 8 - header_len);

  return g_byte_array_free_to_bytes (out);
}

/* Loads @bytes into @mlp and (with @with_info) @info. A failure must be a
 * format error that leaves both %NULL; it is returned. (transfer full) */
GError *
load_checked (GBytes            *bytes,
              gboolean           with_info,
              EntrenaMlp       **mlp,
              EntrenaModelInfo **info)
{
  GError *error = NULL;

  *mlp = entrena_model_load_bytes (bytes, DISPLAY_NAME, with_info ? info : NULL, &error);
  if (*mlp != NULL)
    {
      g_assert_no_error (error);
      return NULL;
    }

  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
  g_assert_null (*info);
  return error;
}

/* Loads @bytes and asserts that it fails cleanly with a message naming the file. */
void
assert_rejected (GBytes   *bytes,
                 gboolean  with_info)
{
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (GError) error = load_checked (bytes, with_info, &mlp, &info);

  g_assert_null (mlp);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "“" DISPLAY_NAME "”"));
  if (g_test_verbose ())
    g_test_message ("%s", error->message);
}

/* Loads @bytes, which may or may not be a valid model, and checks that the
 * outcome is consistent: a network and a description that agree, which
 * save and load back unchanged; or a clean error. */
gboolean
load_any (GBytes   *bytes,
          gboolean  with_info)
{
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (GError) error = load_checked (bytes, with_info, &mlp, &info);

  if (error != NULL)
    return FALSE;

  g_assert_cmpuint (mlp->n_layers, >=, 1);
  if (with_info)
    {
      g_autoptr (GBytes) saved = NULL;
      g_autoptr (EntrenaModelInfo) info2 = NULL;
      g_autoptr (EntrenaMlp) mlp2 = NULL;

      g_assert_nonnull (info);
      g_assert_cmpuint (info->n_features, ==, mlp->sizes[0]);
      g_assert_cmpuint (info->n_classes, ==, mlp->sizes[mlp->n_layers]);
      g_assert_cmpuint (g_strv_length (info->feature_names), ==, info->n_features);
      g_assert_cmpuint (g_strv_length (info->class_names), ==, info->n_classes);

      saved = entrena_model_save_bytes (mlp, info, &error);
      g_assert_no_error (error);
      mlp2 = entrena_model_load_bytes (saved, DISPLAY_NAME, &info2, &error);
      g_assert_no_error (error);
      assert_mlp_equal (mlp, mlp2);
      assert_info_equal (info, info2);
    }

  return TRUE;
}

/* The small model of the truncation and corruption tests. */
GBytes *
small_model_bytes (void)
{
  static const guint sizes[] = { 3, 4, 2 };
  g_autoptr (EntrenaMlp) mlp = make_mlp (sizes, G_N_ELEMENTS (sizes), 7, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 7);
  g_autoptr (GError) error = NULL;
  GBytes *bytes;

  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_no_error (error);
  return bytes;
}
