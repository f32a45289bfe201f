/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-model-io"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "model-io-test.h"

/*
 * Files Entrena did not write as they are: missing, truncated, corrupted,
 * with a header that is too long, not an object or nested too deep, crafted
 * by hand (some to accept, most to reject), and with edited metadata.
 */

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

/* Weights that are NaN or infinite are refused, with or without metadata:
 * they could only ever predict NaN. The message gives the tensor and the byte. */
static void
test_not_finite (void)
{
  static const guint32 bits[] = { 0x7f800000u, 0xff800000u, 0x7fc01234u, 0xffc00000u, 0x7f800001u };
  static const guint sizes[] = { 3, 4, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    {
      g_autoptr (EntrenaMlp) mlp = make_mlp (sizes, G_N_ELEMENTS (sizes), 3, FALSE);
      g_autoptr (EntrenaModelInfo) info = make_info (mlp, FALSE, 3);
      g_autoptr (EntrenaModelInfo) loaded_info = NULL;
      g_autoptr (EntrenaMlp) loaded = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GError) error = NULL;

      /* The last bias of the output layer: the last value in the file. */
      memcpy (&mlp->params[mlp->bias_offset[1] + 1], &bits[i], sizeof (float));
      bytes = entrena_model_save_bytes (mlp, info, &error);
      g_assert_no_error (error);

      loaded = entrena_model_load_bytes (bytes, "bad.safetensors", &loaded_info, &error);
      g_assert_null (loaded);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "“bad.safetensors”"));
      g_assert_nonnull (strstr (error->message, "“2.bias”"));
      g_assert_nonnull (strstr (error->message, "not a finite number"));
      g_clear_error (&error);

      loaded = entrena_model_load_bytes (bytes, "bad.safetensors", NULL, &error);
      g_assert_null (loaded);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
    }
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

/* Where a refusal points: the tensor and the offset in the data, or the key. */
static const struct
{
  const char *header;
  gsize       data_len;
  const char *place;
} placed[] = {
  { "{" W0 ",\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[20,32]}," W2 "," B2 "}", TINY_DATA,
    "tensor “0.bias”, from data offset 20" },
  { "{" W0 "," B0 ",\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[40,64]},"
    "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[64,72]}}", 72,
    "before tensor “2.weight”, at data offset 40" },
  { "{" W0 "," B0 "," W2 "," B2 "}", TINY_DATA + 4, "after its last tensor, from data offset 68" },
  { "{\"__metadata__\":{\"epochs\":100}," W0 "," B0 "," W2 "," B2 "}", TINY_DATA, "entry “epochs”" },
  { "{\"__metadata__\":[1]," W0 "," B0 "," W2 "," B2 "}", TINY_DATA, "entry “__metadata__”" },
  { "[" W0 "]", TINY_DATA, "at byte 8" },
};

static void
test_rejected_places (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (placed); i++)
    {
      g_autoptr (GBytes) bytes = craft (placed[i].header, placed[i].data_len);
      g_autoptr (GError) error = NULL;
      g_autoptr (EntrenaMlp) mlp = entrena_model_load_bytes (bytes, DISPLAY_NAME, NULL, &error);

      g_assert_null (mlp);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "“" DISPLAY_NAME "”"));
      if (strstr (error->message, placed[i].place) == NULL)
        g_error ("no “%s” in: %s", placed[i].place, error->message);
    }
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
  { "val_size", "0.2", TRUE },
  { "val_size", "0", FALSE },
  { "val_size", "1", FALSE },
  { "val_size", "nan", FALSE },
  { "val_size", "", FALSE },
  { "patience", "5", TRUE },
  { "patience", "-1", FALSE },
  { "patience", "1000001", FALSE },
  { "stopped_epoch", "12", TRUE },
  { "stopped_epoch", "12.5", FALSE },
  { "best_val_epoch", "7", TRUE },
  { "best_val_epoch", "", FALSE },
  { "input_min", "[0,1,2,3,4,5,6,7,8,9,10]", FALSE },
  { "input_max", "[0,1,2,3,4,5,6,7,8,9,10]", FALSE },
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

void
add_damaged_file_tests (void)
{
  g_test_add_func ("/entrena/model-io/missing-file", test_missing_file);
  g_test_add_func ("/entrena/model-io/not-finite", test_not_finite);
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
  g_test_add_func ("/entrena/model-io/reject/places", test_rejected_places);
  for (guint i = 0; i < G_N_ELEMENTS (meta_edits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/entrena/model-io/metadata/edit/%u-%s", i, meta_edits[i].key);

      g_test_add_data_func (path, &meta_edits[i], test_meta_edit);
    }
  g_test_add_func ("/entrena/model-io/metadata/required", test_meta_required);
  g_test_add_func ("/entrena/model-io/metadata/newer", test_meta_newer);
}
