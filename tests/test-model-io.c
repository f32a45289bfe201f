/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-model-io"

#include "config.h"

#include <errno.h>
#include <float.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "entrena-error.h"
#include "entrena-model-io.h"

#define DISPLAY_NAME "model.safetensors"

/* Helpers ------------------------------------------------------------------ */

static EntrenaMlp *
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
        0xff800000u, /* -inf */
        0x7fc01234u, /* a quiet NaN with a payload */
        0xffc00000u, /* -NaN */
      };
      float *W = mlp->params + mlp->weight_offset[0];

      for (guint i = 0; i < G_N_ELEMENTS (bits) && i < (gsize) mlp->sizes[0] * mlp->sizes[1]; i++)
        memcpy (&W[i], &bits[i], sizeof (float));
    }

  return mlp;
}

static char **
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
static EntrenaModelInfo *
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

static void
assert_strv_equal (char * const *a,
                   char * const *b,
                   guint         n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
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
static void
assert_mlp_equal (const EntrenaMlp *a,
                  const EntrenaMlp *b)
{
  g_assert_true (entrena_mlp_same_shape (a, b));
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), b->params, b->n_params * sizeof (float));
}

/* A directory of its own under the test's isolated XDG directories. */
static char *
make_test_dir (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "model-io", NULL);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  return dir;
}

static guint
count_dir_entries (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* Parses a model file's header, which the test itself wrote. */
static JsonObject *
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
static GBytes *
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
static GError *
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
static void
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
static gboolean
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
static GBytes *
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

/* Model info ---------------------------------------------------------------- */

static void
test_info_new_copy (void)
{
  static const guint sizes[] = { 5, 3, 4 };
  g_autoptr (EntrenaModelInfo) empty = entrena_model_info_new ();
  g_autoptr (EntrenaModelInfo) empty_copy = NULL;
  g_autoptr (EntrenaMlp) mlp = make_mlp (sizes, G_N_ELEMENTS (sizes), 1, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 1);
  g_autoptr (EntrenaModelInfo) copy = NULL;

  /* The lesson's settings, and nothing allocated. */
  g_assert_cmpuint (empty->training.n_hidden, ==, 2);
  g_assert_cmpuint (empty->training.seed, ==, 42);
  g_assert_cmpfloat (empty->test_size, ==, 0.2);
  g_assert_null (empty->feature_names);
  g_assert_null (empty->scaler);
  empty_copy = entrena_model_info_copy (empty);
  g_assert_null (empty_copy->feature_categories);
  g_assert_null (empty_copy->fill_values);

  copy = entrena_model_info_copy (info);
  assert_info_equal (info, copy);
  g_assert_true (copy->feature_names != info->feature_names);
  g_assert_true (copy->scaler != info->scaler);
  g_assert_true (copy->scaler->mean != info->scaler->mean);
  entrena_model_info_free (NULL);
}

/* Round trips ---------------------------------------------------------------- */

typedef struct
{
  const char  *path;
  const guint *sizes;
  guint        n_sizes;
  gboolean     scaler;
} RoundTrip;

static const guint no_hidden[] = { 4, 3 };
static const guint one_input[] = { 1, 1, 2 };
static const guint lesson[] = { 11, 64, 32, 6 };
static const guint deep[] = { 7, 5, 9, 3, 8, 2, 4 };
static const guint widest[] = { 300, 1, 256 };

static const RoundTrip round_trips[] = {
  { "/entrena/model-io/round-trip/no-hidden", no_hidden, G_N_ELEMENTS (no_hidden), FALSE },
  { "/entrena/model-io/round-trip/no-hidden-scaler", no_hidden, G_N_ELEMENTS (no_hidden), TRUE },
  { "/entrena/model-io/round-trip/one-input", one_input, G_N_ELEMENTS (one_input), TRUE },
  { "/entrena/model-io/round-trip/lesson", lesson, G_N_ELEMENTS (lesson), FALSE },
  { "/entrena/model-io/round-trip/lesson-scaler", lesson, G_N_ELEMENTS (lesson), TRUE },
  { "/entrena/model-io/round-trip/deep", deep, G_N_ELEMENTS (deep), TRUE },
  { "/entrena/model-io/round-trip/256-classes", widest, G_N_ELEMENTS (widest), FALSE },
};

static void
test_round_trip (gconstpointer data)
{
  const RoundTrip *rt = data;
  g_autoptr (EntrenaMlp) mlp = make_mlp (rt->sizes, rt->n_sizes, 42, TRUE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, rt->scaler, 42);
  g_autoptr (EntrenaModelInfo) loaded_info = NULL;
  g_autoptr (EntrenaMlp) loaded = NULL;
  g_autoptr (EntrenaMlp) weights_only = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) on_disk = NULL;
  g_autofree char *dir = make_test_dir ();
  g_autofree char *path = g_build_filename (dir, DISPLAY_NAME, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_assert_true (entrena_model_save (mlp, info, file, NULL, &error));
  g_assert_no_error (error);

  loaded = entrena_model_load (file, &loaded_info, NULL, &error);
  g_assert_no_error (error);
  assert_mlp_equal (mlp, loaded);
  assert_info_equal (info, loaded_info);

  /* Without the description only the weights are read. */
  weights_only = entrena_model_load (file, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_mlp_equal (mlp, weights_only);

  /* The file is exactly what entrena_model_save_bytes () makes, and saving
   * is deterministic. */
  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_no_error (error);
  on_disk = read_bytes (path);
  g_assert_true (g_bytes_equal (bytes, on_disk));

  /* Saving over an existing model replaces it. */
  info->training.epochs = 7;
  g_assert_true (entrena_model_save (mlp, info, file, NULL, &error));
  g_clear_pointer (&loaded_info, entrena_model_info_free);
  g_clear_pointer (&loaded, entrena_mlp_free);
  loaded = entrena_model_load (file, &loaded_info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded_info->training.epochs, ==, 7);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
}

static const char * const required_keys[] = {
  "entrena_format", "delimiter", "has_header", "decimal_comma", "exclude", "categorical",
  "missing", "test_size", "split_seed", "stratify", "hidden_layers", "learning_rate", "epochs",
  "seed", "batch_size", "standardize", "n_features", "feature_names", "feature_columns",
  "feature_categories", "fill_values", "n_classes", "class_names", "scaler_mean", "scaler_scale",
};

/* The bytes PyTorch and the safetensors library expect. */
static void
test_layout (void)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (lesson, G_N_ELEMENTS (lesson), 3, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 3);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonObject) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GList) members = NULL;
  static const char * const names[] = { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" };
  JsonObject *meta;
  const guint8 *data;
  gsize header_len;
  gsize size;
  gint64 offset = 0;
  guint i = 0;

  info->training.learning_rate = 0.01;
  info->test_size = 0.2;
  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  root = parse_header (bytes, &header_len);

  /* The data starts 8-byte aligned, after JSON padded with spaces. */
  g_assert_cmpuint (header_len % 8, ==, 0);
  g_assert_cmpint (data[8], ==, '{');
  {
    gsize end = header_len;

    while (end > 0 && data[8 + end - 1] == ' ')
      end--;
    g_assert_cmpint (data[8 + end - 1], ==, '}');
    g_assert_cmpuint (header_len - end, <, 8);
  }

  /* The metadata first, then the tensors in state_dict order, contiguous. */
  members = json_object_get_members (root);
  g_assert_cmpstr (members->data, ==, "__metadata__");
  for (const GList *l = members->next; l != NULL; l = l->next, i++)
    {
      JsonObject *entry = json_object_get_object_member (root, l->data);
      JsonArray *shape = json_object_get_array_member (entry, "shape");
      JsonArray *offsets = json_object_get_array_member (entry, "data_offsets");
      guint layer = i / 2;
      gint64 numel = 1;

      g_assert_cmpuint (i, <, G_N_ELEMENTS (names));
      g_assert_cmpstr (l->data, ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (entry, "dtype"), ==, "F32");
      g_assert_cmpint (json_array_get_int_element (shape, 0), ==, lesson[layer + 1]);
      if (i % 2 == 0)
        {
          g_assert_cmpuint (json_array_get_length (shape), ==, 2);
          g_assert_cmpint (json_array_get_int_element (shape, 1), ==, lesson[layer]);
          numel = (gint64) lesson[layer + 1] * lesson[layer];
        }
      else
        {
          g_assert_cmpuint (json_array_get_length (shape), ==, 1);
          numel = lesson[layer + 1];
        }
      g_assert_cmpint (json_array_get_int_element (offsets, 0), ==, offset);
      g_assert_cmpint (json_array_get_int_element (offsets, 1), ==, offset + 4 * numel);
      offset += 4 * numel;

      /* Little-endian float32, the parameters as they are. */
      for (gint64 k = 0; k < numel; k++)
        {
          const guint8 *p = data + 8 + header_len + json_array_get_int_element (offsets, 0) + 4 * k;
          guint32 bits = (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
          float expected = mlp->params[(i % 2 ? mlp->bias_offset[layer] : mlp->weight_offset[layer]) + k];
          float value;

          memcpy (&value, &bits, 4);
          g_assert_cmpmem (&value, 4, &expected, 4);
        }
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (8 + header_len + offset, ==, size);

  /* Metadata values are strings; numbers are short and exact. */
  meta = json_object_get_object_member (root, "__metadata__");
  g_assert_cmpstr (json_object_get_string_member (meta, "entrena_format"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (meta, "entrena_version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (meta, "learning_rate"), ==, "0.01");
  g_assert_cmpstr (json_object_get_string_member (meta, "test_size"), ==, "0.2");
  g_assert_cmpstr (json_object_get_string_member (meta, "hidden_layers"), ==, "[64,32]");
  g_assert_cmpstr (json_object_get_string_member (meta, "n_features"), ==, "11");
  g_assert_cmpstr (json_object_get_string_member (meta, "n_classes"), ==, "6");
  g_assert_cmpstr (json_object_get_string_member (meta, "seed"), ==, "18446744073709551610");
  g_assert_cmpstr (json_object_get_string_member (meta, "split_seed"), ==, "4000000000");
  g_assert_cmpstr (json_object_get_string_member (meta, "delimiter"), ==, ";");
  g_assert_cmpstr (json_object_get_string_member (meta, "missing"), ==, "fill");
  g_assert_cmpstr (json_object_get_string_member (meta, "standardize"), ==, "true");
  g_assert_cmpstr (json_object_get_string_member (meta, "categorical"), ==, "[\"zone\"]");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (meta, "feature_names"),
                                   "[\"x0 \\\"β\\\"\","));
  for (guint k = 0; k < G_N_ELEMENTS (required_keys); k++)
    g_assert_true (json_object_has_member (meta, required_keys[k]));
  {
    g_autoptr (GList) keys = json_object_get_members (meta);

    for (const GList *k = keys; k != NULL; k = k->next)
      {
        JsonNode *value = json_object_get_member (meta, k->data);

        g_assert_true (JSON_NODE_HOLDS_VALUE (value));
        g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_STRING);
      }
  }
}

/* Numbers are written the same whatever the locale. */
static void
test_locale (void)
{
  static const char * const locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "es_ES.UTF-8", "de_DE", "fr_FR" };
  g_autoptr (EntrenaMlp) mlp = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 5, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 5);
  g_autoptr (EntrenaModelInfo) loaded_info = NULL;
  g_autoptr (EntrenaMlp) loaded = NULL;
  g_autoptr (GBytes) c_bytes = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *old = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *found = NULL;

  c_bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    found = setlocale (LC_NUMERIC, locales[i]);
  if (found == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }

  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_no_error (error);
  loaded = entrena_model_load_bytes (bytes, DISPLAY_NAME, &loaded_info, &error);
  setlocale (LC_NUMERIC, old);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, c_bytes));
  assert_info_equal (info, loaded_info);
}

/* Optional per-feature arrays left out of the description get defaults. */
static void
test_defaults (void)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 9, FALSE);
  g_autoptr (EntrenaModelInfo) info = entrena_model_info_new ();
  g_autoptr (EntrenaModelInfo) loaded_info = NULL;
  g_autoptr (EntrenaMlp) loaded = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  info->training.n_hidden = 0;
  info->n_features = 4;
  info->feature_names = strv_new ("a", "b", "c", "d", NULL);
  info->n_classes = 3;
  info->class_names = strv_new ("x", "y", "z", NULL);
  info->delimiter = '\0';

  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_no_error (error);
  loaded = entrena_model_load_bytes (bytes, DISPLAY_NAME, &loaded_info, &error);
  g_assert_no_error (error);

  g_assert_null (loaded_info->source_name);
  g_assert_null (loaded_info->target);
  g_assert_cmpint (loaded_info->delimiter, ==, '\0');
  g_assert_nonnull (loaded_info->exclude);
  g_assert_null (loaded_info->exclude[0]);
  g_assert_null (loaded_info->categorical[0]);
  g_assert_true (g_strv_equal ((const char * const *) loaded_info->feature_columns,
                               (const char * const *) info->feature_names));
  for (guint k = 0; k < 4; k++)
    {
      g_assert_cmpstr (loaded_info->feature_categories[k], ==, "");
      g_assert_cmpfloat (loaded_info->fill_values[k], ==, 0.0f);
    }
  g_assert_null (loaded_info->scaler);
  g_assert_cmpfloat (loaded_info->training.learning_rate, ==, 0.01);
}

/* Text that cannot go in JSON, and numbers that cannot be written. */
static void
test_save_invalid (void)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 9, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 9);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  g_free (info->class_names[1]);
  info->class_names[1] = g_strdup ("bad \xff");
  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_null (bytes);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_free (info->class_names[1]);
  info->class_names[1] = g_strdup ("good");

  info->scaler->mean[2] = NAN;
  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_null (bytes);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  info->scaler->mean[2] = 0;

  info->fill_values[0] = INFINITY;
  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_null (bytes);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
}

/* Atomic replacement -------------------------------------------------------- */

typedef struct
{
  char       *dir;
  char       *path;
  GFile      *file;
  GBytes     *old_bytes;
  EntrenaMlp *big;
  EntrenaModelInfo *big_info;
} Atomic;

static void
atomic_setup (Atomic   *a,
              gboolean  with_old)
{
  g_autoptr (EntrenaMlp) small = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 1, FALSE);
  g_autoptr (EntrenaModelInfo) small_info = make_info (small, FALSE, 1);
  g_autoptr (GError) error = NULL;

  a->dir = make_test_dir ();
  a->path = g_build_filename (a->dir, DISPLAY_NAME, NULL);
  a->file = g_file_new_for_path (a->path);
  a->big = make_mlp (lesson, G_N_ELEMENTS (lesson), 2, FALSE);
  a->big_info = make_info (a->big, TRUE, 2);
  if (with_old)
    {
      g_assert_true (entrena_model_save (small, small_info, a->file, NULL, &error));
      g_assert_no_error (error);
      a->old_bytes = read_bytes (a->path);
    }
}

/* The old model is still there, whole, and nothing else was left behind. */
static void
atomic_check_and_free (Atomic *a)
{
  if (a->old_bytes != NULL)
    {
      g_autoptr (GBytes) now = read_bytes (a->path);

      g_assert_true (g_bytes_equal (now, a->old_bytes));
      g_assert_cmpuint (count_dir_entries (a->dir), ==, 1);
    }
  else
    {
      g_assert_false (g_file_test (a->path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_dir_entries (a->dir), ==, 0);
    }

  g_free (a->dir);
  g_free (a->path);
  g_object_unref (a->file);
  g_clear_pointer (&a->old_bytes, g_bytes_unref);
  entrena_mlp_free (a->big);
  entrena_model_info_free (a->big_info);
}

static void
test_atomic_cancelled (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  Atomic a = { 0 };

  atomic_setup (&a, TRUE);
  g_cancellable_cancel (cancellable);
  g_assert_false (entrena_model_save (a.big, a.big_info, a.file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  atomic_check_and_free (&a);
}

/* A write that fails half-way: the file size limit stops it with EFBIG after
 * a few kilobytes, as a full disk would. */
static gboolean
save_with_size_limit (Atomic  *a,
                      GError **error)
{
  struct rlimit old_limit;
  struct rlimit limit;
  void (*old_handler) (int);
  gboolean ok;

  g_assert_no_errno (getrlimit (RLIMIT_FSIZE, &old_limit));
  limit = old_limit;
  limit.rlim_cur = 4096;
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &limit));
  old_handler = signal (SIGXFSZ, SIG_IGN);

  ok = entrena_model_save (a->big, a->big_info, a->file, NULL, error);

  signal (SIGXFSZ, old_handler);
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &old_limit));

  return ok;
}

static void
test_atomic_write_failure (void)
{
  g_autoptr (GError) error = NULL;
  Atomic a = { 0 };

  atomic_setup (&a, TRUE);
  g_assert_cmpuint (g_bytes_get_size (a.old_bytes), <, 4096);
  g_assert_false (save_with_size_limit (&a, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_test_message ("%s", error->message);
  atomic_check_and_free (&a);
}

static void
test_atomic_write_failure_new (void)
{
  g_autoptr (GError) error = NULL;
  Atomic a = { 0 };

  atomic_setup (&a, FALSE);
  g_assert_false (save_with_size_limit (&a, &error));
  g_assert_nonnull (error);
  atomic_check_and_free (&a);
}

static void
test_atomic_unwritable_dir (void)
{
  g_autoptr (GError) error = NULL;
  Atomic a = { 0 };
  gboolean ok;

  atomic_setup (&a, TRUE);
  g_assert_no_errno (g_chmod (a.dir, 0500));
  if (access (a.dir, W_OK) == 0)
    {
      /* root ignores permissions. */
      g_assert_no_errno (g_chmod (a.dir, 0700));
      atomic_check_and_free (&a);
      g_test_skip ("permissions are not enforced for this user");
      return;
    }

  ok = entrena_model_save (a.big, a.big_info, a.file, NULL, &error);
  g_assert_no_errno (g_chmod (a.dir, 0700));
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  atomic_check_and_free (&a);
}

static void
test_save_to_directory (void)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 1, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, FALSE, 1);
  g_autofree char *dir = make_test_dir ();
  g_autoptr (GFile) file = g_file_new_for_path (dir);
  g_autoptr (GError) error = NULL;

  g_assert_false (entrena_model_save (mlp, info, file, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
}

/* Damaged files ------------------------------------------------------------- */

static void
test_missing_file (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autofree char *path = g_build_filename (dir, "none.safetensors", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;

  mlp = entrena_model_load (file, NULL, NULL, &error);
  g_assert_null (mlp);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_truncated (void)
{
  g_autoptr (GBytes) bytes = small_model_bytes ();
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize len = 0; len < size; len++)
    {
      g_autoptr (GBytes) prefix = g_bytes_new (data, len);

      assert_rejected (prefix, TRUE);
      assert_rejected (prefix, FALSE);
    }

  g_assert_true (load_any (bytes, TRUE));
}

static void
test_truncated_file (void)
{
  g_autoptr (GBytes) bytes = small_model_bytes ();
  g_autofree char *dir = make_test_dir ();
  g_autofree char *path = g_build_filename (dir, DISPLAY_NAME, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  /* Through the file API too, at a few lengths. */
  for (gsize len = 0; len < size; len += 97)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (EntrenaMlp) mlp = NULL;

      g_assert_true (g_file_set_contents (path, (const char *) data, len, NULL));
      mlp = entrena_model_load (file, NULL, NULL, &error);
      g_assert_null (mlp);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, "“" DISPLAY_NAME "”"));
    }
}

/* Every byte of the header, changed in several ways, one at a time. */
static void
test_corrupted (void)
{
  static const guint8 masks[] = { 0x01, 0x02, 0x20, 0x80, 0xff };
  g_autoptr (GBytes) bytes = small_model_bytes ();
  g_autoptr (JsonObject) root = NULL;
  gsize header_len;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  guint n_loaded = 0;
  guint n_rejected = 0;

  root = parse_header (bytes, &header_len);
  for (gsize i = 0; i < 8 + header_len; i++)
    {
      for (guint m = 0; m < G_N_ELEMENTS (masks); m++)
        {
          g_autoptr (GBytes) damaged = NULL;

          copy[i] ^= masks[m];
          damaged = g_bytes_new (copy, size);
          if (load_any (damaged, TRUE))
            n_loaded++;
          else
            n_rejected++;
          load_any (damaged, FALSE);
          copy[i] ^= masks[m];
        }
    }

  /* Some changes are harmless (a letter in a name), most are not. */
  g_test_message ("%u loaded, %u rejected", n_loaded, n_rejected);
  g_assert_cmpuint (n_rejected, >, n_loaded);
  g_assert_cmpuint (n_loaded, >, 0);

  /* Data bytes are just weights. */
  for (gsize i = 8 + header_len; i < size; i++)
    {
      g_autoptr (GBytes) damaged = NULL;

      copy[i] ^= 0xff;
      damaged = g_bytes_new (copy, size);
      g_assert_true (load_any (damaged, TRUE));
      copy[i] ^= 0xff;
    }
}

static GBytes *
bytes_with_header_len (guint64     header_len,
                       const char *rest,
                       gsize       rest_len)
{
  GByteArray *out = g_byte_array_new ();
  guint64 le = GUINT64_TO_LE (header_len);

  g_byte_array_append (out, (const guint8 *) &le, 8);
  g_byte_array_append (out, (const guint8 *) rest, rest_len);
  return g_byte_array_free_to_bytes (out);
}

static void
test_header_length (void)
{
  static const guint64 lengths[] = {
    0, 1, 7, 32, 33, 1000, G_MAXUINT32, G_MAXUINT32 + G_GUINT64_CONSTANT (1),
    G_MAXINT64, G_MAXUINT64 - 7, G_MAXUINT64,
  };
  const char rest[] = "{\"a\":\"b\"}                       ";

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr (GBytes) bytes = bytes_with_header_len (lengths[i], rest, sizeof rest - 1);

      assert_rejected (bytes, FALSE);
    }

  /* A header over the 100 MB limit, in a file long enough to hold it. */
  {
    gsize size = 8 + ENTRENA_MODEL_MAX_HEADER_SIZE + 1;
    guint8 *big = g_malloc0 (size);
    guint64 le = GUINT64_TO_LE ((guint64) ENTRENA_MODEL_MAX_HEADER_SIZE + 1);
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (EntrenaMlp) mlp = NULL;

    memcpy (big, &le, 8);
    big[8] = '{';
    bytes = g_bytes_new_take (big, size);
    mlp = entrena_model_load_bytes (bytes, DISPLAY_NAME, NULL, &error);
    g_assert_null (mlp);
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
    g_assert_nonnull (strstr (error->message, "too long"));
  }
}

static void
test_header_not_object (void)
{
  static const char * const headers[] = {
    "",
    " ",
    "[1,2,3]",
    "\"string\"",
    "1234",
    "null",
    "{",
    "{\"0.weight\":",
    "{}",
    "{\"__metadata__\":{}}",
    "{\"__metadata__\":[]}",
    "{\"__metadata__\":{\"a\":1}}",
    "{\"__metadata__\":{\"a\":null}}",
    "{\"a\":1} {\"b\":2}",
    "{/* comment */}",
    "{'0.weight':1}",
    "{\"a\":\"\xff\xfe\"}",
    "{\"a\":\"\\ud800\"}",
    /* json-glib quotes this string, lone surrogate and all, in its error. */
    "{\"0.weight\":{\"dtype\":\"F\\ud800hape\":[3,2],\"data_offsets\":[12,36]}}",
    "{\"0.weight\":1}",
    "{\"0.weight\":[]}",
    "{\"0.weight\":\"F32\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr (GBytes) bytes = bytes_with_header_len (strlen (headers[i]), headers[i], strlen (headers[i]));

      assert_rejected (bytes, FALSE);
      assert_rejected (bytes, TRUE);
    }

  /* NUL bytes inside the header. */
  {
    const char header[] = "{\"a\":\"b\0c\"}";
    g_autoptr (GBytes) bytes = bytes_with_header_len (sizeof header - 1, header, sizeof header - 1);

    assert_rejected (bytes, FALSE);
  }
}

/* json-glib recurses without a limit: deep nesting must be refused before
 * it overflows the stack. */
static void
test_header_deep (void)
{
  static const char * const open_close[][2] = { { "[", "]" }, { "{\"a\":", "}" } };

  for (guint k = 0; k < G_N_ELEMENTS (open_close); k++)
    {
      GString *header = g_string_new ("{\"0.weight\":");
      g_autoptr (GBytes) bytes = NULL;

      for (guint i = 0; i < 1000000; i++)
        g_string_append (header, open_close[k][0]);
      for (guint i = 0; i < 1000000; i++)
        g_string_append (header, open_close[k][1]);
      g_string_append_c (header, '}');

      bytes = bytes_with_header_len (header->len, header->str, header->len);
      g_string_free (header, TRUE);
      assert_rejected (bytes, FALSE);
    }

  /* Millions of values, which would take gigabytes as JSON nodes. */
  {
    GString *header = g_string_new ("{\"__metadata__\":{\"x\":\"1\"},\"0.weight\":[");
    g_autoptr (GBytes) bytes = NULL;

    for (guint i = 0; i < 3000000; i++)
      g_string_append (header, "0,");
    g_string_append (header, "0]}");
    bytes = bytes_with_header_len (header->len, header->str, header->len);
    g_string_free (header, TRUE);
    assert_rejected (bytes, FALSE);
  }
}

/* Hand-made files of a 2 → 3 → 2 network: 17 floats, 68 bytes of data. */
#define W0 "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}"
#define B0 "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}"
#define W2 "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[36,60]}"
#define B2 "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68]}"
#define TINY_DATA 68

static GBytes *
craft (const char *header,
       gsize       data_len)
{
  GByteArray *out = g_byte_array_new ();
  guint64 le = GUINT64_TO_LE ((guint64) strlen (header));

  g_byte_array_append (out, (const guint8 *) &le, 8);
  g_byte_array_append (out, (const guint8 *) header, strlen (header));
  for (gsize i = 0; i < data_len / 4; i++)
    {
      float value = (float) (i + 1);
      guint32 bits;

      memcpy (&bits, &value, 4);
      bits = GUINT32_TO_LE (bits);
      g_byte_array_append (out, (const guint8 *) &bits, 4);
    }
  for (gsize i = data_len / 4 * 4; i < data_len; i++)
    g_byte_array_append (out, (const guint8 *) "", 1);

  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  const char *path;
  const char *header;
  gsize       data_len;
} Crafted;

static const Crafted accepted[] = {
  { "/entrena/model-io/weights-only/plain", "{" W0 "," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/weights-only/metadata",
    "{\"__metadata__\":{\"format\":\"pt\"}," W0 "," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/weights-only/any-order", "{" B2 "," W2 "," B0 "," W0 "}   ", TINY_DATA },
  { "/entrena/model-io/weights-only/extra-keys",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24],\"x\":1}," B0 "," W2 "," B2 "}",
    TINY_DATA },
};

static const Crafted rejected[] = {
  /* Types. */
  { "/entrena/model-io/reject/dtype-f64",
    "{\"0.weight\":{\"dtype\":\"F64\",\"shape\":[3,2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/dtype-f16",
    "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[3,4],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/dtype-lowercase",
    "{\"0.weight\":{\"dtype\":\"f32\",\"shape\":[3,2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/dtype-number",
    "{\"0.weight\":{\"dtype\":32,\"shape\":[3,2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/dtype-missing",
    "{\"0.weight\":{\"shape\":[3,2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  /* Shapes. */
  { "/entrena/model-io/reject/shape-rank-1",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-rank-3",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2,1],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-bias-rank-2",
    "{" W0 ",\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3,1],\"data_offsets\":[24,36]}," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-transposed",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-chain",
    "{" W0 "," B0 ",\"2.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[36,60]},"
    "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[60,72]}}", 72 },
  { "/entrena/model-io/reject/shape-bias-size",
    "{" W0 ",\"0.bias\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[24,40]},"
    "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[40,64]},"
    "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[64,72]}}", 72 },
  { "/entrena/model-io/reject/shape-zero",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[0,2],\"data_offsets\":[0,0]},"
    "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0 },
  { "/entrena/model-io/reject/shape-negative",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[-3,2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-string",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[\"3\",2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-float",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3.0,2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-huge",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[4294967296,2],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/shape-overflow",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[4294967295,4294967295],\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}",
    TINY_DATA },
  { "/entrena/model-io/reject/shape-missing",
    "{\"0.weight\":{\"dtype\":\"F32\",\"data_offsets\":[0,24]}," B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/too-many-classes",
    "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[257,1],\"data_offsets\":[0,1028]},"
    "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[257],\"data_offsets\":[1028,2056]}}", 2056 },
  /* Offsets. */
  { "/entrena/model-io/reject/offsets-overlap",
    "{" W0 ",\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[20,32]}," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-same",
    "{" W0 ",\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-past-end",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[68,76]}}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-reversed",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[68,60]}}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-negative",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-huge",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],"
    "\"data_offsets\":[18446744073709551615,7]}}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-wrap",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],"
    "\"data_offsets\":[9223372036854775807,9223372036854775815]}}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-size-mismatch",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,64]}}", 64 },
  { "/entrena/model-io/reject/offsets-three",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68,68]}}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-one",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60]}}", TINY_DATA },
  { "/entrena/model-io/reject/offsets-missing",
    "{" W0 "," B0 "," W2 ",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2]}}", TINY_DATA },
  { "/entrena/model-io/reject/data-trailing", "{" W0 "," B0 "," W2 "," B2 "}", TINY_DATA + 4 },
  { "/entrena/model-io/reject/data-trailing-byte", "{" W0 "," B0 "," W2 "," B2 "}", TINY_DATA + 1 },
  { "/entrena/model-io/reject/data-short", "{" W0 "," B0 "," W2 "," B2 "}", TINY_DATA - 1 },
  { "/entrena/model-io/reject/data-gap",
    "{" W0 "," B0 ",\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[40,64]},"
    "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[64,72]}}", 72 },
  /* Names. */
  { "/entrena/model-io/reject/missing-bias", "{" W0 "," B0 "," W2 "}", 60 },
  { "/entrena/model-io/reject/missing-weight", "{" B0 "," W2 "," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/missing-layer",
    "{" W0 "," B0 ",\"4.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[36,60]},"
    "\"4.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68]}}", TINY_DATA },
  { "/entrena/model-io/reject/extra-tensor",
    "{" W0 "," B0 "," W2 "," B2 ",\"4.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[68,76]}}", 76 },
  { "/entrena/model-io/reject/extra-relu",
    "{" W0 "," B0 "," W2 "," B2 ",\"1.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[68,72]}}", 72 },
  { "/entrena/model-io/reject/extra-buffer",
    "{" W0 "," B0 "," W2 "," B2 ",\"0.running_mean\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[68,80]}}", 80 },
  { "/entrena/model-io/reject/name-leading-zero",
    "{" W0 "," B0 ",\"02.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[36,60]}," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/name-prefix",
    "{" W0 "," B0 ",\"model.2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[36,60]}," B2 "}",
    TINY_DATA },
  { "/entrena/model-io/reject/name-sign",
    "{" W0 "," B0 ",\"+2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[36,60]}," B2 "}", TINY_DATA },
  { "/entrena/model-io/reject/name-too-deep",
    "{" W0 "," B0 ",\"34.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[36,60]},"
    "\"34.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68]}}", TINY_DATA },
  { "/entrena/model-io/reject/entry-not-object", "{" W0 "," B0 "," W2 ",\"2.bias\":[60,68]}", TINY_DATA },
  { "/entrena/model-io/reject/metadata-not-strings",
    "{\"__metadata__\":{\"epochs\":100}," W0 "," B0 "," W2 "," B2 "}", TINY_DATA },
};

static void
test_accepted (gconstpointer data)
{
  const Crafted *c = data;
  g_autoptr (GBytes) bytes = craft (c->header, c->data_len);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (JsonObject) root = NULL;
  gsize header_len = strlen (c->header);
  gsize len;
  const guint8 *raw = g_bytes_get_data (bytes, NULL);

  mlp = entrena_model_load_bytes (bytes, DISPLAY_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mlp->n_layers, ==, 2);
  g_assert_cmpuint (mlp->sizes[0], ==, 2);
  g_assert_cmpuint (mlp->sizes[1], ==, 3);
  g_assert_cmpuint (mlp->sizes[2], ==, 2);

  /* Each tensor's values come from its own offsets. */
  root = parse_header (bytes, &len);
  g_assert_cmpuint (len, ==, header_len);
  for (guint l = 0; l < 2; l++)
    {
      for (guint bias = 0; bias < 2; bias++)
        {
          g_autofree char *name = entrena_mlp_tensor_name (l, bias);
          JsonArray *offsets;
          gint64 begin;
          const float *params = mlp->params + (bias ? mlp->bias_offset[l] : mlp->weight_offset[l]);
          gsize n = bias ? mlp->sizes[l + 1] : (gsize) mlp->sizes[l + 1] * mlp->sizes[l];

          offsets = json_object_get_array_member (json_object_get_object_member (root, name),
                                                  "data_offsets");
          begin = json_array_get_int_element (offsets, 0);
          for (gsize i = 0; i < n; i++)
            g_assert_cmpmem (&params[i], 4, raw + 8 + header_len + begin + 4 * i, 4);
        }
    }

  /* Weights without Entrena's metadata cannot be used on data. */
  {
    g_autoptr (EntrenaModelInfo) info = NULL;
    g_autoptr (EntrenaMlp) again = NULL;

    again = entrena_model_load_bytes (bytes, DISPLAY_NAME, &info, &error);
    g_assert_null (again);
    g_assert_null (info);
    g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
  }
}

static void
test_rejected (gconstpointer data)
{
  const Crafted *c = data;
  g_autoptr (GBytes) bytes = craft (c->header, c->data_len);

  assert_rejected (bytes, FALSE);
  assert_rejected (bytes, TRUE);
}

/* Metadata ------------------------------------------------------------------ */

typedef struct
{
  const char *key;
  const char *value;   /* NULL: remove the key */
  gboolean    ok;
} MetaEdit;

/* The lesson's 11 → 64 → 32 → 6 network with a scaler. */
static const MetaEdit meta_edits[] = {
  { "source_name", NULL, TRUE },
  { "target", NULL, TRUE },
  { "entrena_version", NULL, TRUE },
  { "entrena_version", "99.0", TRUE },
  { "unknown_key", "whatever", TRUE },
  { "delimiter", "", TRUE },
  { "delimiter", "\t", TRUE },
  { "delimiter", ",,", FALSE },
  { "delimiter", "é", FALSE },
  { "entrena_format", "2", FALSE },
  { "entrena_format", "0", FALSE },
  { "entrena_format", "1.0", FALSE },
  { "entrena_format", "", FALSE },
  { "has_header", "1", FALSE },
  { "has_header", "TRUE", FALSE },
  { "missing", "Fill", FALSE },
  { "missing", "fill", TRUE },
  { "test_size", "0.5", TRUE },
  { "test_size", "1.5", FALSE },
  { "test_size", "nan", FALSE },
  { "test_size", "inf", FALSE },
  { "test_size", " 0.2", FALSE },
  { "test_size", "0.2x", FALSE },
  { "test_size", "0,2", FALSE },
  { "split_seed", "4294967295", TRUE },
  { "split_seed", "4294967296", FALSE },
  { "split_seed", "-1", FALSE },
  { "seed", "18446744073709551615", TRUE },
  { "seed", "18446744073709551616", FALSE },
  { "batch_size", "+3", FALSE },
  { "batch_size", "", FALSE },
  { "epochs", "4294967296", FALSE },
  { "learning_rate", "1e-3", TRUE },
  { "learning_rate", "1e999", FALSE },
  { "hidden_layers", "[64,32]", TRUE },
  { "hidden_layers", "[64,31]", FALSE },
  { "hidden_layers", "[64]", FALSE },
  { "hidden_layers", "[64,32,6]", FALSE },
  { "hidden_layers", "[64,\"32\"]", FALSE },
  { "hidden_layers", "{}", FALSE },
  { "n_features", "12", FALSE },
  { "n_features", "011", TRUE },
  { "n_classes", "5", FALSE },
  { "feature_names", "[\"a\"]", FALSE },
  { "feature_names", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",1]", FALSE },
  { "feature_names", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]", TRUE },
  { "feature_names", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\"]", FALSE },
  { "feature_names", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", FALSE },
  { "feature_categories", "[]", FALSE },
  { "class_names", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]", TRUE },
  { "class_names", "[\"a\",\"b\",\"c\",\"d\",\"e\",null]", FALSE },
  { "class_names", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", FALSE },
  { "exclude", "[]", TRUE },
  { "exclude", "[1]", FALSE },
  { "exclude", "\"id\"", FALSE },
  { "categorical", "/* */[]", FALSE },
  { "fill_values", "[0,1,2,3,4,5,6,7,8,9,10]", TRUE },
  { "fill_values", "[0,1,2,3,4,5,6,7,8,9,1e39]", FALSE },
  { "fill_values", "[0,1,2,3,4,5,6,7,8,9]", FALSE },
  { "fill_values", "[0,1,2,3,4,5,6,7,8,9,\"10\"]", FALSE },
  { "scaler_mean", "[0,1,2,3,4,5,6,7,8,9,10]", TRUE },
  { "scaler_mean", "[0,1,2,3,4,5,6,7,8,9]", FALSE },
  { "scaler_mean", "[0,1,2,3,4,5,6,7,8,9,true]", FALSE },
  { "scaler_scale", "[0,1,2,3,4,5,6,7,8,9,-1]", FALSE },
  { "scaler_scale", "[0,1,2,3,4,5,6,7,8,9,-0.0]", TRUE },
};

static void
edit_and_load (const char *key,
               const char *value,
               gboolean    ok)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (lesson, G_N_ELEMENTS (lesson), 11, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 11);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) edited = NULL;
  g_autoptr (JsonObject) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *meta;
  gsize header_len;

  bytes = entrena_model_save_bytes (mlp, info, &error);
  g_assert_no_error (error);
  root = parse_header (bytes, &header_len);
  meta = json_object_get_object_member (root, "__metadata__");
  if (value == NULL)
    json_object_remove_member (meta, key);
  else
    json_object_set_string_member (meta, key, value);
  edited = rebuild (root, bytes, header_len);

  /* The weights are fine whatever the metadata says. */
  g_assert_true (load_any (edited, FALSE));

  if (ok)
    g_assert_true (load_any (edited, TRUE));
  else
    assert_rejected (edited, TRUE);
}

static void
test_meta_edit (gconstpointer data)
{
  const MetaEdit *edit = data;

  edit_and_load (edit->key, edit->value, edit->ok);
}

static void
test_meta_required (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_keys); i++)
    {
      if (g_test_verbose ())
        g_test_message ("without %s", required_keys[i]);
      edit_and_load (required_keys[i], NULL, FALSE);
      edit_and_load (required_keys[i], "bogus", FALSE);
    }
}

static void
test_meta_newer (void)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 11, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, FALSE, 11);
  g_autoptr (EntrenaModelInfo) loaded_info = NULL;
  g_autoptr (EntrenaMlp) loaded = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) edited = NULL;
  g_autoptr (JsonObject) root = NULL;
  g_autoptr (GError) error = NULL;
  gsize header_len;

  bytes = entrena_model_save_bytes (mlp, info, &error);
  root = parse_header (bytes, &header_len);
  json_object_set_string_member (json_object_get_object_member (root, "__metadata__"),
                                 "entrena_format", "2");
  edited = rebuild (root, bytes, header_len);
  loaded = entrena_model_load_bytes (edited, DISPLAY_NAME, &loaded_info, &error);
  g_assert_null (loaded);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "newer version"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/model-io/info/new-copy", test_info_new_copy);
  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    g_test_add_data_func (round_trips[i].path, &round_trips[i], test_round_trip);
  g_test_add_func ("/entrena/model-io/layout", test_layout);
  g_test_add_func ("/entrena/model-io/locale", test_locale);
  g_test_add_func ("/entrena/model-io/defaults", test_defaults);
  g_test_add_func ("/entrena/model-io/save-invalid", test_save_invalid);
  g_test_add_func ("/entrena/model-io/atomic/cancelled", test_atomic_cancelled);
  g_test_add_func ("/entrena/model-io/atomic/write-failure", test_atomic_write_failure);
  g_test_add_func ("/entrena/model-io/atomic/write-failure-new-file", test_atomic_write_failure_new);
  g_test_add_func ("/entrena/model-io/atomic/unwritable-dir", test_atomic_unwritable_dir);
  g_test_add_func ("/entrena/model-io/atomic/directory", test_save_to_directory);
  g_test_add_func ("/entrena/model-io/missing-file", test_missing_file);
  g_test_add_func ("/entrena/model-io/truncated", test_truncated);
  g_test_add_func ("/entrena/model-io/truncated-file", test_truncated_file);
  g_test_add_func ("/entrena/model-io/corrupted", test_corrupted);
  g_test_add_func ("/entrena/model-io/header/length", test_header_length);
  g_test_add_func ("/entrena/model-io/header/not-object", test_header_not_object);
  g_test_add_func ("/entrena/model-io/header/deep", test_header_deep);
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    g_test_add_data_func (accepted[i].path, &accepted[i], test_accepted);
  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    g_test_add_data_func (rejected[i].path, &rejected[i], test_rejected);
  for (guint i = 0; i < G_N_ELEMENTS (meta_edits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/entrena/model-io/metadata/edit/%u-%s", i, meta_edits[i].key);

      g_test_add_data_func (path, &meta_edits[i], test_meta_edit);
    }
  g_test_add_func ("/entrena/model-io/metadata/required", test_meta_required);
  g_test_add_func ("/entrena/model-io/metadata/newer", test_meta_newer);

  return g_test_run ();
}
