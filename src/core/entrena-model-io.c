/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-model-io.h"
#include "entrena-number.h"

/*
 * Model files are safetensors (https://github.com/huggingface/safetensors):
 *
 *   8 bytes     N, the header length, unsigned little-endian
 *   N bytes     a UTF-8 JSON object, padded with spaces so that the data
 *               starts on an 8-byte boundary
 *   the rest    the tensors' bytes, little-endian float32, back to back
 *
 * The header maps each tensor name to {"dtype", "shape", "data_offsets"},
 * offsets relative to the first data byte, plus "__metadata__", a map of
 * strings to strings. The tensors are named and shaped as PyTorch's
 * `nn.Sequential (Linear, ReLU, ..., Linear).state_dict ()`, so that
 * `model.load_state_dict (safetensors.torch.load_file (path))` works:
 * Linear layer l is module 2 l ("0.weight" `[out, in]`, "0.bias" `[out]`,
 * "2.weight", ...), the ReLUs taking the odd indices.
 *
 * Everything else Entrena needs lives in "__metadata__" (see write_metadata()
 * for the keys). Its values must be strings, so arrays are JSON text inside
 * the string and numbers are written with g_ascii_formatd () in the fewest
 * digits that read back to the same bits.
 *
 * Reading never trusts the file: every length, offset and shape is checked
 * against the file's size before a byte of data is read, sizes are computed
 * in guint64 with overflow checks, and the JSON is screened before json-glib
 * parses it (see json_text_is_tame()).
 */

#define FORMAT_KEY  "entrena_format"
#define VERSION_KEY "entrena_version"

/* Linear layers a model may have: the hidden layers EntrenaTrainingSettings can
 * describe, plus the output layer. */
#define MAX_LAYERS (ENTRENA_MAX_HIDDEN_LAYERS + 1)

/* Our headers nest three deep (root, tensor, shape); foreign ones rarely
 * more. These bounds keep json-glib's recursion and memory in check. */
#define MAX_JSON_DEPTH     32
#define MAX_HEADER_VALUES  65536
#define MAX_LIST_ITEMS     (1 << 20)

/* Tensor names are shown shortened in error messages. */
#define MAX_SHOWN_CHARS 60

/* --- Writing --------------------------------------------------------------- */

/* Appends @d in the fewest significant digits (15 to 17) that g_ascii_strtod ()
 * reads back as exactly @d, so "0.01" stays "0.01" and nothing is lost. */
static void
append_double (GString *out,
               double   d)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert (isfinite (d));

  /* json-glib reads "-0" as the integer 0, which loses the sign. */
  if (d == 0 && signbit (d))
    {
      g_string_append (out, "-0.0");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }

  g_string_append (out, buf);
}

/* The same for a float, read back as a double rounded to float (6 to 9 digits). */
static void
append_float (GString *out,
              float    f)
{
  g_autofree char *text = NULL;

  g_assert (isfinite (f));

  if (f == 0 && signbit (f))
    {
      g_string_append (out, "-0.0");
      return;
    }

  text = entrena_format_float (f);
  g_string_append (out, text);
}

static char *
format_double (double d)
{
  GString *out = g_string_new (NULL);

  append_double (out, d);

  return g_string_free (out, FALSE);
}

/* "[1.5,-0.25]" */
static char *
format_doubles (const double *values,
                guint         n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_double (out, values[i]);
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

static char *
format_floats (const float *values,
               guint        n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_float (out, values[i]);
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

/* A JSON array of the strings: @n of them, or up to the %NULL terminator
 * when @n is -1. A %NULL array is empty and a %NULL string is "". */
static char *
format_strings (char * const *strv,
                int           n)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (int i = 0; strv != NULL && (n < 0 ? strv[i] != NULL : i < n); i++)
    json_builder_add_string_value (builder, strv[i] != NULL ? strv[i] : "");
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static const char *
format_bool (gboolean value)
{
  return value ? "true" : "false";
}

static gboolean
check_text (const char  *text,
            const char  *key,
            GError     **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;

  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is the name of a setting stored in the model file */
               _("Cannot save the model: “%s” is not valid UTF-8 text"), key);
  return FALSE;
}

static gboolean
check_strv (char * const  *strv,
            int            n,
            const char    *key,
            GError       **error)
{
  for (int i = 0; strv != NULL && (n < 0 ? strv[i] != NULL : i < n); i++)
    if (!check_text (strv[i], key, error))
      return FALSE;

  return TRUE;
}

static gboolean
check_finite (const double  *values,
              guint          n,
              const char    *key,
              GError       **error)
{
  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (values[i]))
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is the name of a setting stored in the model file */
                       _("Cannot save the model: “%s” holds a value that is not a finite number"),
                       key);
          return FALSE;
        }
    }

  return TRUE;
}

/* Rejects what the metadata cannot represent, before anything is written. */
static gboolean
check_info (const EntrenaModelInfo  *info,
            GError                 **error)
{
  guint d = info->n_features;
  double numbers[2] = { info->test_size, info->training.learning_rate };

  if (!check_text (info->source_name, "source_name", error) ||
      !check_text (info->target, "target", error) ||
      !check_strv (info->exclude, -1, "exclude", error) ||
      !check_strv (info->categorical, -1, "categorical", error) ||
      !check_strv (info->feature_names, d, "feature_names", error) ||
      !check_strv (info->feature_columns, d, "feature_columns", error) ||
      !check_strv (info->feature_categories, d, "feature_categories", error) ||
      !check_strv (info->class_names, info->n_classes, "class_names", error))
    return FALSE;

  if (!check_finite (&numbers[0], 1, "test_size", error) ||
      !check_finite (&numbers[1], 1, "learning_rate", error))
    return FALSE;

  if (info->fill_values != NULL)
    {
      for (guint i = 0; i < d; i++)
        {
          double value = info->fill_values[i];

          if (!check_finite (&value, 1, "fill_values", error))
            return FALSE;
        }
    }

  if (info->scaler != NULL &&
      (!check_finite (info->scaler->mean, d, "scaler_mean", error) ||
       !check_finite (info->scaler->scale, d, "scaler_scale", error)))
    return FALSE;

  return TRUE;
}

/*
 * The "__metadata__" map. Every value is a string:
 *
 *   entrena_format      "1", ENTRENA_MODEL_FORMAT_VERSION
 *   entrena_version     the version of Entrena that wrote the file
 *   source_name         the CSV file's name (absent when unknown)
 *   delimiter           the field separator, one ASCII character ("" if unknown)
 *   has_header          "true" or "false"
 *   decimal_comma       "true" or "false"
 *   target              the predicted column (absent when unknown)
 *   exclude             JSON array of strings
 *   categorical         JSON array of strings
 *   missing             "drop" or "fill"
 *   test_size           a number
 *   split_seed          an unsigned 32-bit integer
 *   stratify            "true" or "false"
 *   hidden_layers       JSON array of the hidden layers' widths, "[64,32]"
 *   learning_rate       a number
 *   epochs              an unsigned integer
 *   seed                an unsigned 64-bit integer, torch.manual_seed's
 *   batch_size          an unsigned integer, "0" for the full batch
 *   standardize         "true" or "false"
 *   n_features          the network's inputs
 *   feature_names       JSON array of n_features strings
 *   feature_columns     JSON array of n_features strings
 *   feature_categories  JSON array of n_features strings ("" for numeric inputs)
 *   fill_values         JSON array of n_features numbers
 *   n_classes           the network's outputs
 *   class_names         JSON array of n_classes strings
 *   scaler_mean         JSON array of n_features numbers (only with a scaler)
 *   scaler_scale        JSON array of n_features numbers (only with a scaler)
 */
static JsonObject *
write_metadata (const EntrenaModelInfo *info)
{
  JsonObject *meta = json_object_new ();
  guint d = info->n_features;
  g_autofree float *zeros = NULL;
  char delimiter[2] = { info->delimiter, '\0' };

#define SET_TAKE(key, value) \
  G_STMT_START { \
    char *_value = (value); \
    json_object_set_string_member (meta, (key), _value); \
    g_free (_value); \
  } G_STMT_END

  SET_TAKE (FORMAT_KEY, g_strdup_printf ("%d", ENTRENA_MODEL_FORMAT_VERSION));
  json_object_set_string_member (meta, VERSION_KEY, PACKAGE_VERSION);

  if (info->source_name != NULL)
    json_object_set_string_member (meta, "source_name", info->source_name);
  json_object_set_string_member (meta, "delimiter", delimiter);
  json_object_set_string_member (meta, "has_header", format_bool (info->has_header));
  json_object_set_string_member (meta, "decimal_comma", format_bool (info->decimal_comma));
  if (info->target != NULL)
    json_object_set_string_member (meta, "target", info->target);
  SET_TAKE ("exclude", format_strings (info->exclude, -1));
  SET_TAKE ("categorical", format_strings (info->categorical, -1));
  json_object_set_string_member (meta, "missing",
                                 info->missing == ENTRENA_MISSING_FILL ? "fill" : "drop");
  SET_TAKE ("test_size", format_double (info->test_size));
  SET_TAKE ("split_seed", g_strdup_printf ("%" G_GUINT32_FORMAT, info->split_seed));
  json_object_set_string_member (meta, "stratify", format_bool (info->stratify));

  {
    GString *hidden = g_string_new ("[");

    for (guint i = 0; i < info->training.n_hidden; i++)
      g_string_append_printf (hidden, "%s%u", i > 0 ? "," : "", info->training.hidden[i]);
    g_string_append_c (hidden, ']');
    SET_TAKE ("hidden_layers", g_string_free (hidden, FALSE));
  }
  SET_TAKE ("learning_rate", format_double (info->training.learning_rate));
  SET_TAKE ("epochs", g_strdup_printf ("%u", info->training.epochs));
  SET_TAKE ("seed", g_strdup_printf ("%" G_GUINT64_FORMAT, info->training.seed));
  SET_TAKE ("batch_size", g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) info->training.batch_size));
  json_object_set_string_member (meta, "standardize", format_bool (info->training.standardize));

  SET_TAKE ("n_features", g_strdup_printf ("%u", d));
  SET_TAKE ("feature_names", format_strings (info->feature_names, d));
  /* Optional in the struct: a description made by hand may leave them out. */
  SET_TAKE ("feature_columns", format_strings (info->feature_columns != NULL
                                                 ? info->feature_columns
                                                 : info->feature_names, d));
  if (info->feature_categories != NULL)
    SET_TAKE ("feature_categories", format_strings (info->feature_categories, d));
  else
    {
      g_autofree char **empty = g_new0 (char *, (gsize) d + 1);

      SET_TAKE ("feature_categories", format_strings (empty, d));
    }
  if (info->fill_values == NULL)
    zeros = g_new0 (float, MAX (d, 1));
  SET_TAKE ("fill_values", format_floats (info->fill_values != NULL ? info->fill_values : zeros, d));

  SET_TAKE ("n_classes", g_strdup_printf ("%u", info->n_classes));
  SET_TAKE ("class_names", format_strings (info->class_names, info->n_classes));

  if (info->scaler != NULL)
    {
      SET_TAKE ("scaler_mean", format_doubles (info->scaler->mean, d));
      SET_TAKE ("scaler_scale", format_doubles (info->scaler->scale, d));
    }

#undef SET_TAKE

  return meta;
}

static JsonObject *
tensor_entry (guint64  out,
              guint64  in,
              gboolean bias,
              guint64  begin,
              guint64  end)
{
  JsonObject *entry = json_object_new ();
  JsonArray *shape = json_array_new ();
  JsonArray *offsets = json_array_new ();

  json_object_set_string_member (entry, "dtype", "F32");
  json_array_add_int_element (shape, (gint64) out);
  if (!bias)
    json_array_add_int_element (shape, (gint64) in);
  json_object_set_array_member (entry, "shape", shape);
  json_array_add_int_element (offsets, (gint64) begin);
  json_array_add_int_element (offsets, (gint64) end);
  json_object_set_array_member (entry, "data_offsets", offsets);

  return entry;
}

/* Writes @n floats as little-endian float32 at @out; returns the end. */
static guint8 *
write_le_floats (guint8      *out,
                 const float *values,
                 gsize        n)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  memcpy (out, values, n * sizeof (float));
#else
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, &values[i], sizeof bits);
      bits = GUINT32_TO_LE (bits);
      memcpy (out + i * sizeof bits, &bits, sizeof bits);
    }
#endif

  return out + n * sizeof (float);
}

/**
 * entrena_model_save_bytes:
 * @mlp: the network
 * @info: what it was trained on and how; its n_features, n_classes and
 *   hidden layers must match @mlp
 * @error: return location for a #GError
 *
 * Serializes @mlp and @info as entrena_model_save() writes them.
 * @info's feature_columns, feature_categories and fill_values may be %NULL:
 * the feature names, empty categories and zeros are written instead.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set
 *   (%ENTRENA_ERROR_INVALID_ARGUMENT) when @info holds text that is not
 *   UTF-8 or numbers that are not finite
 */
GBytes *
entrena_model_save_bytes (const EntrenaMlp        *mlp,
                          const EntrenaModelInfo  *info,
                          GError                 **error)
{
  g_autoptr (JsonObject) root = NULL;
  g_autoptr (JsonNode) root_node = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  g_autofree char *header = NULL;
  guint8 *out;
  guint8 *p;
  gsize header_len = 0;
  gsize total;
  gsize padded_len;
  guint64 offset = 0;
  guint64 header_len_le;

  g_return_val_if_fail (mlp != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (mlp->n_layers >= 1 && mlp->n_layers <= MAX_LAYERS, NULL);
  g_return_val_if_fail (info->n_features == mlp->sizes[0], NULL);
  g_return_val_if_fail (info->n_classes == mlp->sizes[mlp->n_layers], NULL);
  g_return_val_if_fail (info->training.n_hidden == mlp->n_layers - 1, NULL);
  for (guint l = 0; l + 1 < mlp->n_layers; l++)
    g_return_val_if_fail (info->training.hidden[l] == mlp->sizes[l + 1], NULL);
  g_return_val_if_fail (info->feature_names != NULL || info->n_features == 0, NULL);
  g_return_val_if_fail (info->class_names != NULL || info->n_classes == 0, NULL);
  g_return_val_if_fail (info->scaler == NULL || info->scaler->n_features == info->n_features, NULL);
  g_return_val_if_fail ((guchar) info->delimiter < 0x80, NULL);   /* ASCII */

  if (!check_info (info, error))
    return NULL;

  root = json_object_new ();
  json_object_set_object_member (root, "__metadata__", write_metadata (info));

  /* The state_dict order, each tensor's bytes right after the previous one's. */
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint64 n_out = mlp->sizes[l + 1];
      guint64 n_in = mlp->sizes[l];
      g_autofree char *weight_name = entrena_mlp_tensor_name (l, FALSE);
      g_autofree char *bias_name = entrena_mlp_tensor_name (l, TRUE);
      guint64 weight_end = offset + n_out * n_in * sizeof (float);
      guint64 bias_end = weight_end + n_out * sizeof (float);

      json_object_set_object_member (root, weight_name,
                                     tensor_entry (n_out, n_in, FALSE, offset, weight_end));
      json_object_set_object_member (root, bias_name,
                                     tensor_entry (n_out, n_in, TRUE, weight_end, bias_end));
      offset = bias_end;
    }

  root_node = json_node_init_object (json_node_alloc (), root);
  generator = json_generator_new ();
  json_generator_set_root (generator, root_node);
  header = json_generator_to_data (generator, &header_len);

  /* Spaces after the JSON are allowed, and padding the header to a multiple
   * of 8 bytes aligns the data for readers that map the file. */
  padded_len = (header_len + 7) / 8 * 8;

  /* The parameters exist in memory, so their byte count fits a gsize. */
  total = 8 + padded_len + (gsize) offset;
  out = g_malloc (total);

  header_len_le = GUINT64_TO_LE ((guint64) padded_len);
  memcpy (out, &header_len_le, 8);
  memcpy (out + 8, header, header_len);
  memset (out + 8 + header_len, ' ', padded_len - header_len);

  p = out + 8 + padded_len;
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n_out = mlp->sizes[l + 1];
      gsize n_in = mlp->sizes[l];

      p = write_le_floats (p, mlp->params + mlp->weight_offset[l], n_out * n_in);
      p = write_le_floats (p, mlp->params + mlp->bias_offset[l], n_out);
    }
  g_assert (p == out + total);

  return g_bytes_new_take (out, total);
}

/* A stream from g_file_replace () renames the new file over the old one when
 * it is closed, even after a failed write, and GOutputStream closes itself on
 * dispose. Closing with a cancelled cancellable is how to give up instead:
 * the temporary file is deleted and the old file stays as it was. */
static void
discard_replacement (GFileOutputStream *stream)
{
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (G_OUTPUT_STREAM (stream), cancelled, NULL);
}

/**
 * entrena_model_save:
 * @mlp: the network
 * @info: what it was trained on and how (see entrena_model_save_bytes())
 * @file: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @mlp and @info to @file in the safetensors format, with tensors
 * named as PyTorch's `nn.Sequential` state_dict names them, so that
 * `model.load_state_dict (load_file (path))` reads the weights.
 *
 * The file is replaced atomically (g_file_replace() with
 * %G_FILE_CREATE_REPLACE_DESTINATION writes a temporary file and renames it
 * over @file only once everything is written): on any error, and after a
 * crash, a previous model at @file is left as it was. When @file did not
 * exist, a partial file is deleted on error.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
entrena_model_save (const EntrenaMlp        *mlp,
                    const EntrenaModelInfo  *info,
                    GFile                   *file,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  gboolean existed;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (mlp != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = entrena_model_save_bytes (mlp, info, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);

  existed = g_file_query_exists (file, cancellable);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, cancellable, error))
    {
      discard_replacement (stream);
      /* A new file is written in place, not through a temporary file. */
      if (!existed)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    {
      if (!existed)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/* --- Reading --------------------------------------------------------------- */

static gboolean fail (GError    **error,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT, message);

  return FALSE;
}

/* Text from the file as it may appear in a message: valid UTF-8, at most
 * MAX_SHOWN_CHARS characters. */
static char *
shorten_to (const char *text,
            glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= max_chars)
    return g_steal_pointer (&valid);

  start = g_utf8_substring (valid, 0, max_chars);
  return g_strconcat (start, "…", NULL);
}

static char *
shorten (const char *text)
{
  return shorten_to (text, MAX_SHOWN_CHARS);
}

/*
 * Screens JSON text before json-glib parses it. json-glib 1.6 parses
 * recursively without a depth limit (a few hundred thousand '[' overflow the
 * stack) and builds a node per value (a 100 MB header of "0," would take
 * gigabytes), so the text must nest at most @max_depth deep and hold at most
 * @max_values values, counted generously (containers, strings and commas).
 *
 * json-glib also accepts comments and single-quoted strings, which could hide
 * brackets from this count; strict JSON has neither, so any character that
 * cannot appear outside a string in strict JSON rejects the text.
 */
static gboolean
json_text_is_tame (const char *text,
                   gsize       len,
                   guint       max_depth,
                   gsize       max_values)
{
  guint depth = 0;
  gsize n_values = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          n_values++;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          n_values++;
          break;

        case ']':
        case '}':
          if (depth == 0)
            return FALSE;
          depth--;
          break;

        case ',':
          n_values++;
          break;

        case ':':
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '-':
        case '+':
        case '.':
          break;

        default:
          if (!g_ascii_isalnum (c))
            return FALSE;
          break;
        }

      if (n_values > max_values)
        return FALSE;
    }

  return !in_string && depth == 0;
}

/* Parses screened JSON text; %NULL on any problem. */
static JsonNode *
parse_json (const char  *text,
            gsize        len,
            gsize        max_values,
            GError     **json_error)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  if (!json_text_is_tame (text, len, MAX_JSON_DEPTH, max_values))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, json_error))
    return NULL;

  /* Empty text parses successfully, to nothing. */
  root = json_parser_get_root (parser);
  if (root == NULL)
    return NULL;

  return json_node_ref (root);
}

/* JSON_NODE_HOLDS_* () emit a critical for a missing (%NULL) node. */
static gboolean
holds (JsonNode     *node,
       JsonNodeType  type)
{
  return node != NULL && JSON_NODE_TYPE (node) == type;
}

/* A JSON integer node's value, which must be in 0..@max. json-glib reads
 * numbers too large for a gint64 as something else, which the file-size
 * checks then reject. */
static gboolean
get_uint (JsonNode *node,
          guint64   max,
          guint64  *value)
{
  gint64 v;

  if (!holds (node, JSON_NODE_VALUE) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  v = json_node_get_int (node);
  if (v < 0 || (guint64) v > max)
    return FALSE;

  *value = (guint64) v;
  return TRUE;
}

/* A JSON string's value, which must be valid UTF-8: the header is, but
 * json-glib decodes some malformed escapes into invalid sequences. */
static const char *
get_string (JsonNode *node)
{
  const char *s;

  if (!holds (node, JSON_NODE_VALUE) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  s = json_node_get_string (node);
  if (s == NULL || !g_utf8_validate (s, -1, NULL))
    return NULL;

  return s;
}

/* "0.weight", "2.bias": Linear layer index/2, strictly spelled. */
static gboolean
parse_tensor_name (const char *name,
                   guint      *layer,
                   gboolean   *bias)
{
  const char *dot = strchr (name, '.');
  guint64 index = 0;
  gsize n_digits;

  if (dot == NULL)
    return FALSE;

  n_digits = dot - name;
  if (n_digits == 0 || n_digits > 4 || (name[0] == '0' && n_digits > 1))
    return FALSE;
  for (gsize i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (name[i]))
        return FALSE;
      index = index * 10 + (guint64) (name[i] - '0');
    }

  if (strcmp (dot + 1, "weight") == 0)
    *bias = FALSE;
  else if (strcmp (dot + 1, "bias") == 0)
    *bias = TRUE;
  else
    return FALSE;

  /* The ReLUs take the odd module indices and have no parameters. */
  if (index % 2 != 0 || index / 2 >= MAX_LAYERS)
    return FALSE;

  *layer = (guint) (index / 2);
  return TRUE;
}

typedef struct
{
  const char *name;          /* the key in the header */
  JsonNode   *node;          /* borrowed from the header */
  guint64     shape[2];
  guint64     begin;
  guint64     end;
} Tensor;

/* Checks one tensor's entry on its own: F32, rank, offsets inside the data
 * and the byte count its shape needs. */
static gboolean
read_tensor (Tensor      *tensor,
             gboolean     bias,
             guint64      data_len,
             const char  *file,
             GError     **error)
{
  g_autofree char *shown = shorten (tensor->name);
  guint expected_rank = bias ? 1 : 2;
  JsonObject *entry;
  JsonArray *shape;
  JsonArray *offsets;
  const char *dtype;
  guint64 numel = 1;
  guint64 n_bytes;

  if (!holds (tensor->node, JSON_NODE_OBJECT))
    return fail (error, _("“%s” is not an Entrena model: the entry of tensor “%s” is not a JSON object"),
                 file, shown);
  entry = json_node_get_object (tensor->node);

  dtype = get_string (json_object_get_member (entry, "dtype"));
  if (dtype == NULL)
    return fail (error, _("“%s” is not an Entrena model: tensor “%s” has no data type"),
                 file, shown);
  if (strcmp (dtype, "F32") != 0)
    {
      g_autofree char *shown_dtype = shorten (dtype);

      return fail (error,
                   /* Translators: the third %s is a data type such as F64 or BF16 */
                   _("“%s” is not an Entrena model: tensor “%s” holds %s numbers, but Entrena reads only F32 (float32)"),
                   file, shown, shown_dtype);
    }

  if (!holds (json_object_get_member (entry, "shape"), JSON_NODE_ARRAY))
    return fail (error, _("“%s” is not an Entrena model: tensor “%s” has no shape"), file, shown);
  shape = json_object_get_array_member (entry, "shape");
  if (json_array_get_length (shape) != expected_rank)
    return fail (error,
                 ngettext ("“%s” is not an Entrena model: tensor “%s” should have %u dimension",
                           "“%s” is not an Entrena model: tensor “%s” should have %u dimensions",
                           expected_rank),
                 file, shown, expected_rank);
  for (guint i = 0; i < expected_rank; i++)
    {
      /* A layer has at least one input and one output, and sizes are guint. */
      if (!get_uint (json_array_get_element (shape, i), G_MAXUINT, &tensor->shape[i]) ||
          tensor->shape[i] == 0)
        return fail (error, _("“%s” is not an Entrena model: tensor “%s” has an invalid shape"),
                     file, shown);
      if (!g_uint64_checked_mul (&numel, numel, tensor->shape[i]))
        return fail (error, _("“%s” is not an Entrena model: tensor “%s” has an invalid shape"),
                     file, shown);
    }

  if (!holds (json_object_get_member (entry, "data_offsets"), JSON_NODE_ARRAY))
    return fail (error, _("“%s” is not an Entrena model: tensor “%s” has no data offsets"),
                 file, shown);
  offsets = json_object_get_array_member (entry, "data_offsets");
  if (json_array_get_length (offsets) != 2 ||
      !get_uint (json_array_get_element (offsets, 0), G_MAXINT64, &tensor->begin) ||
      !get_uint (json_array_get_element (offsets, 1), G_MAXINT64, &tensor->end) ||
      tensor->begin > tensor->end)
    return fail (error, _("“%s” is not an Entrena model: tensor “%s” has invalid data offsets"),
                 file, shown);
  if (tensor->end > data_len)
    return fail (error, _("“%s” is not an Entrena model: tensor “%s” lies past the end of the file; the file may be truncated"),
                 file, shown);

  if (!g_uint64_checked_mul (&n_bytes, numel, sizeof (float)) ||
      tensor->end - tensor->begin != n_bytes)
    return fail (error, _("“%s” is not an Entrena model: the data of tensor “%s” does not match its shape"),
                 file, shown);

  return TRUE;
}

static int
compare_begin (gconstpointer a,
               gconstpointer b)
{
  const Tensor *ta = *(const Tensor * const *) a;
  const Tensor *tb = *(const Tensor * const *) b;

  return ta->begin < tb->begin ? -1 : ta->begin > tb->begin;
}

/* --- Metadata -------------------------------------------------------------- */

typedef struct
{
  JsonObject *meta;
  const char *file;
  GError    **error;
} Meta;

static gboolean
meta_missing (Meta       *m,
              const char *key)
{
  return fail (m->error,
               /* Translators: the second %s is the name of an entry such as “class_names” */
               _("“%s” is not an Entrena model: its metadata has no “%s” entry"),
               m->file, key);
}

static gboolean
meta_invalid (Meta       *m,
              const char *key)
{
  return fail (m->error,
               /* Translators: the second %s is the name of an entry such as “class_names” */
               _("“%s” is not an Entrena model: the metadata entry “%s” is invalid"),
               m->file, key);
}

/* Every metadata value is a string: checked when the header is read. */
static const char *
meta_string (Meta       *m,
             const char *key)
{
  JsonNode *node = json_object_get_member (m->meta, key);

  if (node == NULL)
    {
      meta_missing (m, key);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
meta_optional_string (Meta        *m,
                      const char  *key,
                      char       **out)
{
  JsonNode *node = json_object_get_member (m->meta, key);

  *out = node != NULL ? g_strdup (json_node_get_string (node)) : NULL;
  return TRUE;
}

static gboolean
meta_bool (Meta       *m,
           const char *key,
           gboolean   *out)
{
  const char *text = meta_string (m, key);

  if (text == NULL)
    return FALSE;
  if (strcmp (text, "true") == 0)
    *out = TRUE;
  else if (strcmp (text, "false") == 0)
    *out = FALSE;
  else
    return meta_invalid (m, key);

  return TRUE;
}

static gboolean
meta_uint (Meta       *m,
           const char *key,
           guint64     max,
           guint64    *out)
{
  const char *text = meta_string (m, key);

  if (text == NULL)
    return FALSE;

  /* Digits only: g_ascii_string_to_unsigned () would take a leading '+'. */
  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    return meta_invalid (m, key);

  return TRUE;
}

static gboolean
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;

  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;

  *out = g_ascii_strtod (text, &end);

  return end != NULL && *end == '\0' && isfinite (*out);
}

static gboolean
meta_double (Meta       *m,
             const char *key,
             double     *out)
{
  const char *text = meta_string (m, key);

  if (text == NULL)
    return FALSE;
  if (!parse_double (text, out))
    return meta_invalid (m, key);

  return TRUE;
}

/* A JSON array inside a metadata string: exactly @n items, or at most
 * MAX_LIST_ITEMS when @n is -1. (transfer full) */
static JsonNode *
meta_array (Meta       *m,
            const char *key,
            gint64      n)
{
  const char *text = meta_string (m, key);
  g_autoptr (JsonNode) node = NULL;
  gsize max_values;

  if (text == NULL)
    return NULL;

  /* n strings count as n values plus n - 1 commas, plus the array. */
  max_values = 2 * (gsize) (n >= 0 ? n : MAX_LIST_ITEMS) + 2;
  node = parse_json (text, strlen (text), max_values, NULL);
  if (!holds (node, JSON_NODE_ARRAY) ||
      (n < 0 && json_array_get_length (json_node_get_array (node)) > MAX_LIST_ITEMS))
    {
      meta_invalid (m, key);
      return NULL;
    }
  if (n >= 0 && json_array_get_length (json_node_get_array (node)) != n)
    {
      fail (m->error,
            /* Translators: the second %s is the name of an entry such as “class_names” */
            ngettext ("“%s” is not an Entrena model: the metadata entry “%s” should hold %u item",
                      "“%s” is not an Entrena model: the metadata entry “%s” should hold %u items",
                      (gulong) n),
            m->file, key, (guint) n);
      return NULL;
    }

  return g_steal_pointer (&node);
}

/* A %NULL-terminated copy of a JSON array of @n strings (any number when -1). */
static gboolean
meta_strv (Meta         *m,
           const char   *key,
           gint64        n,
           char       ***out)
{
  g_autoptr (JsonNode) node = meta_array (m, key, n);
  g_auto (GStrv) strv = NULL;
  JsonArray *array;
  guint len;

  if (node == NULL)
    return FALSE;

  array = json_node_get_array (node);
  len = json_array_get_length (array);
  strv = g_new0 (char *, (gsize) len + 1);
  for (guint i = 0; i < len; i++)
    {
      const char *s = get_string (json_array_get_element (array, i));

      if (s == NULL)
        return meta_invalid (m, key);
      strv[i] = g_strdup (s);
    }

  *out = g_steal_pointer (&strv);
  return TRUE;
}

/* @n finite numbers into @out `[n]`. */
static gboolean
meta_doubles (Meta       *m,
              const char *key,
              guint       n,
              double     *out)
{
  g_autoptr (JsonNode) node = meta_array (m, key, n);
  JsonArray *array;

  if (node == NULL)
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GType type;

      if (!holds (element, JSON_NODE_VALUE))
        return meta_invalid (m, key);
      type = json_node_get_value_type (element);
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return meta_invalid (m, key);
      out[i] = json_node_get_double (element);
      if (!isfinite (out[i]))
        return meta_invalid (m, key);
    }

  return TRUE;
}

/* Builds the description from "__metadata__" and checks it against the
 * network's layer sizes `[n_layers + 1]`. */
static EntrenaModelInfo *
read_metadata (JsonObject  *meta_object,
               const guint *sizes,
               guint        n_layers,
               const char  *file,
               GError     **error)
{
  g_autoptr (EntrenaModelInfo) info = NULL;
  Meta meta = { meta_object, file, error };
  Meta *m = &meta;
  const char *text;
  guint64 value;
  guint d;

  if (meta_object == NULL || !json_object_has_member (meta_object, FORMAT_KEY))
    {
      fail (error,
            _("“%s” is not an Entrena model: it holds network weights but not the feature and class names Entrena needs to use them"),
            file);
      return NULL;
    }

  text = json_object_get_string_member (meta_object, FORMAT_KEY);
  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    {
      meta_invalid (m, FORMAT_KEY);
      return NULL;
    }
  if (value > ENTRENA_MODEL_FORMAT_VERSION)
    {
      fail (error,
            _("“%s” was saved by a newer version of Entrena (model format %s); update Entrena to open it"),
            file, text);
      return NULL;
    }

  info = entrena_model_info_new ();

  /* How the CSV was read and prepared. */
  if (!meta_optional_string (m, "source_name", &info->source_name))
    return NULL;
  text = meta_string (m, "delimiter");
  if (text == NULL)
    return NULL;
  if (strlen (text) > 1 || (guchar) text[0] >= 0x80)
    {
      meta_invalid (m, "delimiter");
      return NULL;
    }
  info->delimiter = text[0];
  if (!meta_bool (m, "has_header", &info->has_header) ||
      !meta_bool (m, "decimal_comma", &info->decimal_comma) ||
      !meta_optional_string (m, "target", &info->target) ||
      !meta_strv (m, "exclude", -1, &info->exclude) ||
      !meta_strv (m, "categorical", -1, &info->categorical))
    return NULL;
  text = meta_string (m, "missing");
  if (text == NULL)
    return NULL;
  if (strcmp (text, "drop") == 0)
    info->missing = ENTRENA_MISSING_DROP_ROWS;
  else if (strcmp (text, "fill") == 0)
    info->missing = ENTRENA_MISSING_FILL;
  else
    {
      meta_invalid (m, "missing");
      return NULL;
    }

  /* The split. */
  if (!meta_double (m, "test_size", &info->test_size))
    return NULL;
  if (!(info->test_size >= 0 && info->test_size <= 1))
    {
      meta_invalid (m, "test_size");
      return NULL;
    }
  if (!meta_uint (m, "split_seed", G_MAXUINT32, &value))
    return NULL;
  info->split_seed = (guint32) value;
  if (!meta_bool (m, "stratify", &info->stratify))
    return NULL;

  /* The training settings; the hidden layers must be the network's. */
  {
    g_autoptr (JsonNode) node = meta_array (m, "hidden_layers", -1);
    JsonArray *hidden;
    guint n_hidden;

    if (node == NULL)
      return NULL;
    hidden = json_node_get_array (node);
    n_hidden = json_array_get_length (hidden);
    for (guint l = 0; l < n_hidden; l++)
      {
        if (!get_uint (json_array_get_element (hidden, l), G_MAXUINT, &value))
          {
            meta_invalid (m, "hidden_layers");
            return NULL;
          }
        if (n_hidden != n_layers - 1 || value != sizes[l + 1])
          {
            fail (error, _("“%s” is not an Entrena model: its metadata does not match the network’s hidden layers"),
                  file);
            return NULL;
          }
        info->training.hidden[l] = (guint) value;
      }
    if (n_hidden != n_layers - 1)
      {
        fail (error, _("“%s” is not an Entrena model: its metadata does not match the network’s hidden layers"),
              file);
        return NULL;
      }
    info->training.n_hidden = n_hidden;
    for (guint l = n_hidden; l < G_N_ELEMENTS (info->training.hidden); l++)
      info->training.hidden[l] = 0;
  }
  if (!meta_double (m, "learning_rate", &info->training.learning_rate))
    return NULL;
  if (!meta_uint (m, "epochs", G_MAXUINT, &value))
    return NULL;
  info->training.epochs = (guint) value;
  if (!meta_uint (m, "seed", G_MAXUINT64, &info->training.seed))
    return NULL;
  if (!meta_uint (m, "batch_size", G_MAXSIZE, &value))
    return NULL;
  info->training.batch_size = (gsize) value;
  if (!meta_bool (m, "standardize", &info->training.standardize))
    return NULL;

  /* The inputs; their number is the first layer's. */
  if (!meta_uint (m, "n_features", G_MAXUINT, &value))
    return NULL;
  if (value != sizes[0])
    {
      fail (error,
            ngettext ("“%s” is not an Entrena model: its metadata does not match the network, which has %u input",
                      "“%s” is not an Entrena model: its metadata does not match the network, which has %u inputs",
                      sizes[0]),
            file, sizes[0]);
      return NULL;
    }
  info->n_features = d = sizes[0];
  if (!meta_strv (m, "feature_names", d, &info->feature_names) ||
      !meta_strv (m, "feature_columns", d, &info->feature_columns) ||
      !meta_strv (m, "feature_categories", d, &info->feature_categories))
    return NULL;
  {
    g_autofree double *fill = g_new (double, d);

    if (!meta_doubles (m, "fill_values", d, fill))
      return NULL;
    info->fill_values = g_new (float, d);
    for (guint k = 0; k < d; k++)
      {
        /* Written as floats, so they are floats; a double out of float
         * range would become infinite. */
        info->fill_values[k] = (float) fill[k];
        if (!isfinite (info->fill_values[k]))
          {
            meta_invalid (m, "fill_values");
            return NULL;
          }
      }
  }

  /* The outputs. */
  if (!meta_uint (m, "n_classes", G_MAXUINT, &value))
    return NULL;
  if (value != sizes[n_layers])
    {
      fail (error,
            ngettext ("“%s” is not an Entrena model: its metadata does not match the network, which has %u output",
                      "“%s” is not an Entrena model: its metadata does not match the network, which has %u outputs",
                      sizes[n_layers]),
            file, sizes[n_layers]);
      return NULL;
    }
  info->n_classes = sizes[n_layers];
  if (!meta_strv (m, "class_names", info->n_classes, &info->class_names))
    return NULL;

  /* The standardization: both arrays or neither. */
  if (json_object_has_member (meta_object, "scaler_mean") ||
      json_object_has_member (meta_object, "scaler_scale"))
    {
      g_autofree double *mean = g_new (double, d);
      g_autofree double *scale = g_new (double, d);

      if (!meta_doubles (m, "scaler_mean", d, mean) ||
          !meta_doubles (m, "scaler_scale", d, scale))
        return NULL;
      for (guint k = 0; k < d; k++)
        {
          if (!(scale[k] >= 0))
            {
              meta_invalid (m, "scaler_scale");
              return NULL;
            }
        }
      info->scaler = entrena_scaler_new (d, mean, scale);
    }

  return g_steal_pointer (&info);
}

/* Copies @n little-endian float32 values from unaligned @src. */
static void
read_le_floats (float        *dst,
                const guint8 *src,
                gsize         n)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  memcpy (dst, src, n * sizeof (float));
#else
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, src + i * sizeof bits, sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&dst[i], &bits, sizeof bits);
    }
#endif
}

/**
 * entrena_model_load_bytes:
 * @bytes: the content of a model file
 * @display_name: (nullable): how to name the file in error messages
 * @info: (out) (optional) (transfer full): where to store the description
 *   in the file's metadata
 * @error: return location for a #GError
 *
 * Reads a model from memory; see entrena_model_load().
 *
 * Returns: (transfer full): the network, or %NULL with @error set
 */
EntrenaMlp *
entrena_model_load_bytes (GBytes             *bytes,
                          const char         *display_name,
                          EntrenaModelInfo  **info,
                          GError            **error)
{
  g_autoptr (EntrenaModelInfo) loaded_info = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) json_error = NULL;
  g_autoptr (GList) members = NULL;
  const char *file = display_name != NULL ? display_name : _("model");
  const guint8 *data;
  const guint8 *buffer;
  const char *header;
  JsonObject *root_object;
  JsonObject *meta = NULL;
  Tensor tensors[2 * MAX_LAYERS] = { { 0 } };    /* [layer * 2 + bias] */
  Tensor *by_offset[2 * MAX_LAYERS];
  guint sizes[MAX_LAYERS + 1];
  guint n_layers = 0;
  guint64 header_len;
  guint64 data_len;
  guint64 expected;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);

  /* The header length, bounded by the file and by the format's limit. */
  if (size < 8)
    {
      fail (error, _("“%s” is not an Entrena model: the file is too short"), file);
      return NULL;
    }
  memcpy (&header_len, data, sizeof header_len);
  header_len = GUINT64_FROM_LE (header_len);
  if (header_len > size - 8)
    {
      fail (error, _("“%s” is not an Entrena model: its header is longer than the file; the file may be truncated"),
            file);
      return NULL;
    }
  if (header_len > ENTRENA_MODEL_MAX_HEADER_SIZE)
    {
      fail (error, _("“%s” is not an Entrena model: its header is too long"), file);
      return NULL;
    }
  header = (const char *) data + 8;
  buffer = data + 8 + header_len;
  data_len = size - 8 - header_len;

  /* A JSON object in UTF-8. g_utf8_validate () also rejects NUL bytes. */
  if (header_len < 2 || header[0] != '{')
    {
      fail (error, _("“%s” is not an Entrena model: its header is not a JSON object"), file);
      return NULL;
    }
  if (!g_utf8_validate (header, header_len, NULL))
    {
      fail (error, _("“%s” is not an Entrena model: its header is not UTF-8 text"), file);
      return NULL;
    }
  root = parse_json (header, header_len, MAX_HEADER_VALUES, &json_error);
  if (root == NULL)
    {
      /* json-glib quotes the text it chokes on, which may not be UTF-8. */
      if (json_error != NULL)
        {
          g_autofree char *detail = shorten_to (json_error->message, 4 * MAX_SHOWN_CHARS);

          fail (error, _("“%s” is not an Entrena model: its header is not valid JSON (%s)"),
                file, detail);
        }
      else
        fail (error, _("“%s” is not an Entrena model: its header is not valid JSON or is too complex"),
              file);
      return NULL;
    }
  if (!holds (root, JSON_NODE_OBJECT))
    {
      fail (error, _("“%s” is not an Entrena model: its header is not a JSON object"), file);
      return NULL;
    }
  root_object = json_node_get_object (root);

  /* Sort the entries: the metadata, and "2l.weight" / "2l.bias" tensors. */
  members = json_object_get_members (root_object);
  for (const GList *iter = members; iter != NULL; iter = iter->next)
    {
      const char *name = iter->data;
      JsonNode *node = json_object_get_member (root_object, name);
      guint layer;
      gboolean bias;

      if (strcmp (name, "__metadata__") == 0)
        {
          /* safetensors allows only strings there. */
          if (!holds (node, JSON_NODE_OBJECT))
            {
              fail (error, _("“%s” is not an Entrena model: its metadata is not a JSON object"), file);
              return NULL;
            }
          meta = json_node_get_object (node);
          {
            g_autoptr (GList) keys = json_object_get_members (meta);

            for (const GList *k = keys; k != NULL; k = k->next)
              {
                if (get_string (json_object_get_member (meta, k->data)) == NULL)
                  {
                    fail (error, _("“%s” is not an Entrena model: its metadata holds a value that is not a string of UTF-8 text"),
                          file);
                    return NULL;
                  }
              }
          }
          continue;
        }

      if (!parse_tensor_name (name, &layer, &bias))
        {
          g_autofree char *shown = shorten (name);

          fail (error, _("“%s” is not an Entrena model: it holds a tensor “%s”, which is not a layer of a sequence of Linear layers and ReLUs"),
                file, shown);
          return NULL;
        }

      /* json-glib keeps one member per name, but be sure. */
      if (tensors[layer * 2 + bias].node != NULL)
        {
          fail (error, _("“%s” is not an Entrena model: tensor “%s” appears twice"), file, name);
          return NULL;
        }
      tensors[layer * 2 + bias].name = name;
      tensors[layer * 2 + bias].node = node;
      n_layers = MAX (n_layers, layer + 1);
    }

  if (n_layers == 0)
    {
      fail (error, _("“%s” is not an Entrena model: it holds no network weights"), file);
      return NULL;
    }

  /* Every tensor up to the last layer's, and nothing else. */
  for (guint i = 0; i < 2 * n_layers; i++)
    {
      if (tensors[i].node == NULL)
        {
          g_autofree char *missing = entrena_mlp_tensor_name (i / 2, i % 2);

          fail (error, _("“%s” is not an Entrena model: tensor “%s” is missing"), file, missing);
          return NULL;
        }
    }

  for (guint i = 0; i < 2 * n_layers; i++)
    if (!read_tensor (&tensors[i], i % 2, data_len, file, error))
      return NULL;

  /* The layers chain: W_l is [sizes[l + 1], sizes[l]], b_l is [sizes[l + 1]]. */
  sizes[0] = (guint) tensors[0].shape[1];
  for (guint l = 0; l < n_layers; l++)
    {
      const Tensor *weight = &tensors[2 * l];
      const Tensor *bias = &tensors[2 * l + 1];

      if (weight->shape[1] != sizes[l])
        {
          fail (error,
                ngettext ("“%s” is not an Entrena model: tensor “%s” does not fit the layer before it, which has %u output",
                          "“%s” is not an Entrena model: tensor “%s” does not fit the layer before it, which has %u outputs",
                          sizes[l]),
                file, weight->name, sizes[l]);
          return NULL;
        }
      sizes[l + 1] = (guint) weight->shape[0];
      if (bias->shape[0] != sizes[l + 1])
        {
          fail (error,
                ngettext ("“%s” is not an Entrena model: tensor “%s” does not match its layer, which has %u output",
                          "“%s” is not an Entrena model: tensor “%s” does not match its layer, which has %u outputs",
                          sizes[l + 1]),
                file, bias->name, sizes[l + 1]);
          return NULL;
        }
    }
  if (sizes[n_layers] > ENTRENA_MAX_CLASSES)
    {
      fail (error, _("“%s” is not an Entrena model: the network has %u outputs, but Entrena handles at most %u classes"),
            file, sizes[n_layers], (guint) ENTRENA_MAX_CLASSES);
      return NULL;
    }

  /* The tensors tile the data exactly: no overlap, no hole, nothing after. */
  for (guint i = 0; i < 2 * n_layers; i++)
    by_offset[i] = &tensors[i];
  qsort (by_offset, 2 * n_layers, sizeof by_offset[0], compare_begin);
  expected = 0;
  for (guint i = 0; i < 2 * n_layers; i++)
    {
      if (by_offset[i]->begin != expected)
        {
          if (by_offset[i]->begin < expected)
            fail (error, _("“%s” is not an Entrena model: the data of two tensors overlap"), file);
          else
            fail (error, _("“%s” is not an Entrena model: its data has a gap between tensors"), file);
          return NULL;
        }
      expected = by_offset[i]->end;
    }
  if (expected != data_len)
    {
      fail (error, _("“%s” is not an Entrena model: it has data after its last tensor"), file);
      return NULL;
    }

  if (info != NULL)
    {
      loaded_info = read_metadata (meta, sizes, n_layers, file, error);
      if (loaded_info == NULL)
        return NULL;
    }

  /* Everything checked: the sizes are bounded by the file's. */
  mlp = entrena_mlp_new (sizes[0], &sizes[1], n_layers - 1, sizes[n_layers]);
  for (guint l = 0; l < n_layers; l++)
    {
      read_le_floats (mlp->params + mlp->weight_offset[l], buffer + tensors[2 * l].begin,
                      (gsize) sizes[l + 1] * sizes[l]);
      read_le_floats (mlp->params + mlp->bias_offset[l], buffer + tensors[2 * l + 1].begin,
                      sizes[l + 1]);
    }

  if (info != NULL)
    *info = g_steal_pointer (&loaded_info);

  return g_steal_pointer (&mlp);
}

/**
 * entrena_model_load:
 * @file: a model file
 * @info: (out) (optional) (transfer full): where to store the description
 *   in the file's metadata
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a model that entrena_model_save() wrote. The file is untrusted: the
 * header length, the JSON, every tensor's name, type, shape and offsets and
 * the metadata are checked, and any problem is an %ENTRENA_ERROR_FORMAT
 * error naming the file.
 *
 * With @info, the file must carry Entrena's metadata (feature and class
 * names, scaler...), which must agree with the network's shape. Without it,
 * only the weights are read, so that a safetensors file of an
 * `nn.Sequential (Linear, ReLU, ..., Linear)` saved by PyTorch can serve as
 * initial weights: the caller then checks the layer sizes itself.
 *
 * Returns: (transfer full): the network, or %NULL with @error set
 */
EntrenaMlp *
entrena_model_load (GFile              *file,
                    EntrenaModelInfo  **info,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *display_name = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  bytes = g_bytes_new_take (contents, length);

  basename = g_file_get_basename (file);
  display_name = g_filename_display_name (basename != NULL ? basename : "");

  return entrena_model_load_bytes (bytes, display_name, info, error);
}
