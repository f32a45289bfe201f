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

#include "model-io-test.h"

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

static const guint one_input[] = { 1, 1, 2 };
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

/* The validation share and early stopping travel as keys of their own,
 * absent when unused (as in files that predate them). */
static void
test_validation_keys (void)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 5, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 5);
  g_autoptr (GError) error = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr (EntrenaModelInfo) loaded_info = NULL;
      g_autoptr (EntrenaMlp) loaded = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (JsonObject) root = NULL;
      JsonObject *meta;
      gsize header_len;

      if (round == 1)
        {
          info->training.val_size = 0.25;
          info->training.patience = 5;
          info->stopped_epoch = 12;
          info->best_val_epoch = 7;
        }
      bytes = entrena_model_save_bytes (mlp, info, &error);
      g_assert_no_error (error);
      root = parse_header (bytes, &header_len);
      meta = json_object_get_object_member (root, "__metadata__");
      g_assert_cmpint (json_object_has_member (meta, "val_size"), ==, round == 1);
      g_assert_cmpint (json_object_has_member (meta, "patience"), ==, round == 1);
      g_assert_cmpint (json_object_has_member (meta, "stopped_epoch"), ==, round == 1);
      g_assert_cmpint (json_object_has_member (meta, "best_val_epoch"), ==, round == 1);
      if (round == 1)
        g_assert_cmpstr (json_object_get_string_member (meta, "val_size"), ==, "0.25");

      loaded = entrena_model_load_bytes (bytes, DISPLAY_NAME, &loaded_info, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (loaded_info->training.val_size, ==, info->training.val_size);
      g_assert_cmpuint (loaded_info->training.patience, ==, info->training.patience);
      g_assert_cmpuint (loaded_info->stopped_epoch, ==, info->stopped_epoch);
      g_assert_cmpuint (loaded_info->best_val_epoch, ==, info->best_val_epoch);
    }
}

/* The inputs' training range travels as two keys, read back as it was
 * written; a file without them (older Entrena) reads with no range, and a
 * range that is not one is refused. */
static void
test_input_range_keys (void)
{
  g_autoptr (EntrenaMlp) mlp = make_mlp (no_hidden, G_N_ELEMENTS (no_hidden), 5, FALSE);
  g_autoptr (EntrenaModelInfo) info = make_info (mlp, TRUE, 5);
  guint d = info->n_features;
  g_autoptr (GError) error = NULL;

  info->input_min = g_new (float, d);
  info->input_max = g_new (float, d);
  for (guint k = 0; k < d; k++)
    {
      info->input_min[k] = -1.0f / (k + 3);
      info->input_max[k] = 1e6f * k + 0.1f;
    }

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr (EntrenaModelInfo) loaded_info = NULL;
      g_autoptr (EntrenaMlp) loaded = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (JsonObject) root = NULL;
      JsonObject *meta;
      gsize header_len;

      if (round == 1)
        g_clear_pointer (&info->input_max, g_free);
      if (round == 2)
        {
          /* An infinite bound could not be read back: left out. */
          info->input_max = g_new (float, d);
          for (guint k = 0; k < d; k++)
            info->input_max[k] = INFINITY;
        }
      bytes = entrena_model_save_bytes (mlp, info, &error);
      g_assert_no_error (error);
      root = parse_header (bytes, &header_len);
      meta = json_object_get_object_member (root, "__metadata__");
      g_assert_cmpint (json_object_has_member (meta, "input_min"), ==, round == 0);
      g_assert_cmpint (json_object_has_member (meta, "input_max"), ==, round == 0);

      loaded = entrena_model_load_bytes (bytes, DISPLAY_NAME, &loaded_info, &error);
      g_assert_no_error (error);
      if (round > 0)
        {
          g_assert_null (loaded_info->input_min);
          g_assert_null (loaded_info->input_max);
          continue;
        }
      g_assert_nonnull (loaded_info->input_min);
      g_assert_nonnull (loaded_info->input_max);
      g_assert_cmpmem (loaded_info->input_min, sizeof (float) * d, info->input_min, sizeof (float) * d);
      g_assert_cmpmem (loaded_info->input_max, sizeof (float) * d, info->input_max, sizeof (float) * d);

      {
        g_autoptr (EntrenaModelInfo) copy = entrena_model_info_copy (loaded_info);

        g_assert_cmpmem (copy->input_max, sizeof (float) * d, info->input_max, sizeof (float) * d);
      }
    }
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
  g_test_add_func ("/entrena/model-io/validation-keys", test_validation_keys);
  g_test_add_func ("/entrena/model-io/input-range-keys", test_input_range_keys);
  g_test_add_func ("/entrena/model-io/save-invalid", test_save_invalid);
  g_test_add_func ("/entrena/model-io/atomic/cancelled", test_atomic_cancelled);
  g_test_add_func ("/entrena/model-io/atomic/write-failure", test_atomic_write_failure);
  g_test_add_func ("/entrena/model-io/atomic/write-failure-new-file", test_atomic_write_failure_new);
  g_test_add_func ("/entrena/model-io/atomic/unwritable-dir", test_atomic_unwritable_dir);
  g_test_add_func ("/entrena/model-io/atomic/directory", test_save_to_directory);
  add_damaged_file_tests ();

  return g_test_run ();
}
