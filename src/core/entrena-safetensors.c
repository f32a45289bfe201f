/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-dataset.h"
#include "entrena-model-json.h"
#include "entrena-safetensors.h"

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
 * Everything else Entrena needs lives in "__metadata__"
 * (entrena-model-metadata.c).
 *
 * Reading never trusts the file: every length, offset and shape is checked
 * against the file's size before a byte of data is read, sizes are computed
 * in guint64 with overflow checks, and the JSON is screened before json-glib
 * parses it (entrena-model-json.c).
 */

/* How many values a header may hold, to keep json-glib's memory in check. */
#define MAX_HEADER_VALUES  65536

/* Tensor names are shown shortened in error messages. */
#define MAX_SHOWN_CHARS 60

#define MAX_LAYERS ENTRENA_SAFETENSORS_MAX_LAYERS

/* Reading sorts the tensors into a table: [layer * 2 + bias] for the
 * network's, then the extra tensors from FIRST_EXTRA on. */
#define FIRST_EXTRA (2 * MAX_LAYERS)
#define MAX_TENSORS (FIRST_EXTRA + ENTRENA_SAFETENSORS_MAX_EXTRAS)

/* --- Writing --------------------------------------------------------------- */

/* Bytes per value of a data type this file format uses: F32, F64 or U32. */
static gsize
dtype_size (const char *dtype)
{
  return strcmp (dtype, "F64") == 0 ? 8 : 4;
}

static JsonObject *
tensor_entry (const char *dtype,
              guint64     out,
              guint64     in,
              gboolean    bias,
              guint64     begin,
              guint64     end)
{
  JsonObject *entry = json_object_new ();
  JsonArray *shape = json_array_new ();
  JsonArray *offsets = json_array_new ();

  json_object_set_string_member (entry, "dtype", dtype);
  json_array_add_int_element (shape, (gint64) out);
  if (!bias)
    json_array_add_int_element (shape, (gint64) in);
  json_object_set_array_member (entry, "shape", shape);
  json_array_add_int_element (offsets, (gint64) begin);
  json_array_add_int_element (offsets, (gint64) end);
  json_object_set_array_member (entry, "data_offsets", offsets);

  return entry;
}

/*
 * Copies @n values of @size bytes (4 or 8) between memory in this machine's
 * byte order and the file's little-endian order, either way (swapping bytes
 * is its own inverse); neither side need be aligned.
 */
void
_entrena_safetensors_copy_le (void       *dst,
                              const void *src,
                              gsize       n,
                              gsize       size)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  memcpy (dst, src, n * size);
#else
  for (gsize i = 0; i < n; i++)
    {
      if (size == 8)
        {
          guint64 bits;

          memcpy (&bits, (const guint8 *) src + i * size, size);
          bits = GUINT64_TO_LE (bits);
          memcpy ((guint8 *) dst + i * size, &bits, size);
        }
      else
        {
          guint32 bits;

          memcpy (&bits, (const guint8 *) src + i * size, size);
          bits = GUINT32_TO_LE (bits);
          memcpy ((guint8 *) dst + i * size, &bits, size);
        }
    }
#endif
}

/* The same for float32 values; returns the end of @dst. */
static guint8 *
copy_le_floats (void       *dst,
                const void *src,
                gsize       n)
{
  _entrena_safetensors_copy_le (dst, src, n, sizeof (float));
  return (guint8 *) dst + n * sizeof (float);
}

/**
 * _entrena_safetensors_write:
 * @mlp: the network, at most %ENTRENA_SAFETENSORS_MAX_LAYERS layers
 * @metadata: (transfer full): the "__metadata__" map, every value a string
 *
 * Returns: (transfer full): the whole file: header, then the tensors in the
 *   state_dict order, each tensor's bytes right after the previous one's
 */
GBytes *
_entrena_safetensors_write (const EntrenaMlp *mlp,
                            JsonObject       *metadata)
{
  return _entrena_safetensors_write_with (mlp, NULL, 0, metadata);
}

/**
 * _entrena_safetensors_write_with:
 * @mlp: the network, at most %ENTRENA_SAFETENSORS_MAX_LAYERS layers
 * @extras: (array length=n_extras): more tensors, each of at least one value,
 *   named neither "__metadata__" nor as a layer
 * @n_extras: how many, at most %ENTRENA_SAFETENSORS_MAX_EXTRAS
 * @metadata: (transfer full): the "__metadata__" map, every value a string
 *
 * Returns: (transfer full): the whole file, as _entrena_safetensors_write()
 *   makes it, with @extras' bytes after the network's, in their order
 */
GBytes *
_entrena_safetensors_write_with (const EntrenaMlp              *mlp,
                                 const EntrenaSafetensorsExtra *extras,
                                 guint                          n_extras,
                                 JsonObject                    *metadata)
{
  g_autoptr (JsonObject) root = json_object_new ();
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

  json_object_set_object_member (root, "__metadata__", metadata);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint64 n_out = mlp->sizes[l + 1];
      guint64 n_in = mlp->sizes[l];
      g_autofree char *weight_name = entrena_mlp_tensor_name (l, FALSE);
      g_autofree char *bias_name = entrena_mlp_tensor_name (l, TRUE);
      guint64 weight_end = offset + n_out * n_in * sizeof (float);
      guint64 bias_end = weight_end + n_out * sizeof (float);

      json_object_set_object_member (root, weight_name,
                                     tensor_entry ("F32", n_out, n_in, FALSE, offset, weight_end));
      json_object_set_object_member (root, bias_name,
                                     tensor_entry ("F32", n_out, n_in, TRUE, weight_end, bias_end));
      offset = bias_end;
    }
  g_assert (n_extras <= ENTRENA_SAFETENSORS_MAX_EXTRAS);
  for (guint i = 0; i < n_extras; i++)
    {
      guint64 end = offset + extras[i].length * dtype_size (extras[i].dtype);

      g_assert (extras[i].length > 0);
      json_object_set_object_member (root, extras[i].name,
                                     tensor_entry (extras[i].dtype, extras[i].length, 0, TRUE, offset, end));
      offset = end;
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

      p = copy_le_floats (p, mlp->params + mlp->weight_offset[l], n_out * n_in);
      p = copy_le_floats (p, mlp->params + mlp->bias_offset[l], n_out);
    }
  for (guint i = 0; i < n_extras; i++)
    {
      gsize size = dtype_size (extras[i].dtype);

      _entrena_safetensors_copy_le (p, extras[i].data, extras[i].length, size);
      p += extras[i].length * size;
    }
  g_assert (p == out + total);

  return g_bytes_new_take (out, total);
}

/* --- Reading --------------------------------------------------------------- */

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
  const char *dtype;         /* the type it must hold: "F32", "F64" or "U32" */
  JsonNode   *node;          /* borrowed from the header */
  guint64     shape[2];
  guint64     begin;
  guint64     end;
} Tensor;

/* Checks one tensor's entry on its own: its type, rank, offsets inside the
 * data and the byte count its shape needs. A bias or an extra tensor has one
 * dimension, a weight two. */
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

  if (!_entrena_json_holds (tensor->node, JSON_NODE_OBJECT))
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: the entry of tensor “%s” is not a JSON object"),
                                file, shown);
  entry = json_node_get_object (tensor->node);

  dtype = _entrena_json_get_string (json_object_get_member (entry, "dtype"));
  if (dtype == NULL)
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” has no data type"),
                                file, shown);
  if (strcmp (tensor->dtype, "F32") != 0 && strcmp (dtype, tensor->dtype) != 0)
    return _entrena_model_fail (error,
                                /* Translators: the third %s is a data type such as F64 or U32 */
                                _("“%s” is not an Entrena checkpoint: tensor “%s” should hold %s numbers"),
                                file, shown, tensor->dtype);
  if (strcmp (dtype, tensor->dtype) != 0)
    {
      g_autofree char *shown_dtype = shorten (dtype);

      return _entrena_model_fail (error,
                                  /* Translators: the third %s is a data type such as F64 or BF16 */
                                  _("“%s” is not an Entrena model: tensor “%s” holds %s numbers, but Entrena reads only F32 (float32)"),
                                  file, shown, shown_dtype);
    }

  if (!_entrena_json_holds (json_object_get_member (entry, "shape"), JSON_NODE_ARRAY))
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” has no shape"), file, shown);
  shape = json_object_get_array_member (entry, "shape");
  if (json_array_get_length (shape) != expected_rank)
    return _entrena_model_fail (error,
                                ngettext ("“%s” is not an Entrena model: tensor “%s” should have %u dimension",
                                          "“%s” is not an Entrena model: tensor “%s” should have %u dimensions",
                                          expected_rank),
                                file, shown, expected_rank);
  for (guint i = 0; i < expected_rank; i++)
    {
      /* A layer has at least one input and one output, and sizes are guint. */
      if (!_entrena_json_get_uint (json_array_get_element (shape, i), G_MAXUINT, &tensor->shape[i]) ||
                        tensor->shape[i] == 0)
        return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” has an invalid shape"),
                                    file, shown);
      if (!g_uint64_checked_mul (&numel, numel, tensor->shape[i]))
        return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” has an invalid shape"),
                                    file, shown);
    }

  if (!_entrena_json_holds (json_object_get_member (entry, "data_offsets"), JSON_NODE_ARRAY))
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” has no data offsets"),
                                file, shown);
  offsets = json_object_get_array_member (entry, "data_offsets");
  if (json_array_get_length (offsets) != 2 ||
      !_entrena_json_get_uint (json_array_get_element (offsets, 0), G_MAXINT64, &tensor->begin) ||
      !_entrena_json_get_uint (json_array_get_element (offsets, 1), G_MAXINT64, &tensor->end) ||
      tensor->begin > tensor->end)
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” has invalid data offsets"),
                                file, shown);
  if (tensor->end > data_len)
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” lies past the end of the file; the file may be truncated"),
                                file, shown);

  if (!g_uint64_checked_mul (&n_bytes, numel, dtype_size (tensor->dtype)) ||
      tensor->end - tensor->begin != n_bytes)
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: the data of tensor “%s” does not match its shape"),
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

/*
 * The header: its length bounded by the file and by the format's limit, and
 * a JSON object in UTF-8 (g_utf8_validate () also rejects NUL bytes). Sets
 * @data_len to the bytes after it.
 */
static JsonNode *
read_header (const guint8  *data,
             gsize          size,
             guint64       *data_len,
             const char    *file,
             GError       **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) json_error = NULL;
  const char *header;
  guint64 header_len;

  if (size < 8)
    {
      _entrena_model_fail (error, _("“%s” is not an Entrena model: the file ends at byte %u, before the header’s length (bytes 0 to 7)"),
                           file, (guint) size);
      return NULL;
    }
  memcpy (&header_len, data, sizeof header_len);
  header_len = GUINT64_FROM_LE (header_len);
  if (header_len > size - 8)
    {
      g_autofree char *claimed = g_strdup_printf ("%" G_GUINT64_FORMAT, header_len);
      g_autofree char *total = g_strdup_printf ("%" G_GSIZE_FORMAT, size);

      _entrena_model_fail (error,
                           /* Translators: the second %s is a number of bytes, the third the file's size in bytes */
                           _("“%s” is not an Entrena model: the header length at byte 0 (%s bytes) runs past the end of the file (%s bytes); the file may be truncated"),
                           file, claimed, total);
      return NULL;
    }
  if (header_len > ENTRENA_MODEL_MAX_HEADER_SIZE)
    {
      _entrena_model_fail (error, _("“%s” is not an Entrena model: its header is too long"), file);
      return NULL;
    }
  header = (const char *) data + 8;
  *data_len = size - 8 - header_len;

  if (header_len < 2 || header[0] != '{')
    {
      _entrena_model_fail (error, _("“%s” is not an Entrena model: its header, at byte 8, is not a JSON object"), file);
      return NULL;
    }
  if (!g_utf8_validate (header, header_len, NULL))
    {
      _entrena_model_fail (error, _("“%s” is not an Entrena model: its header is not UTF-8 text"), file);
      return NULL;
    }
  root = _entrena_json_parse_strict (header, header_len, MAX_HEADER_VALUES, &json_error);
  if (root == NULL)
    {
      /* json-glib quotes the text it chokes on, which may not be UTF-8. */
      if (json_error != NULL)
        {
          g_autofree char *detail = shorten_to (json_error->message, 4 * MAX_SHOWN_CHARS);

          _entrena_model_fail (error, _("“%s” is not an Entrena model: its header is not valid JSON (%s)"),
                               file, detail);
        }
      else
        _entrena_model_fail (error, _("“%s” is not an Entrena model: its header is not valid JSON or is too complex"),
                             file);
      return NULL;
    }
  if (!_entrena_json_holds (root, JSON_NODE_OBJECT))
    {
      _entrena_model_fail (error, _("“%s” is not an Entrena model: its header, at byte 8, is not a JSON object"), file);
      return NULL;
    }

  return g_steal_pointer (&root);
}

/* "__metadata__": safetensors allows only strings there. */
static gboolean
check_metadata (JsonNode    *node,
                const char  *file,
                GError     **error)
{
  g_autoptr (GList) keys = NULL;
  JsonObject *meta;

  if (!_entrena_json_holds (node, JSON_NODE_OBJECT))
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: its header entry “%s” is not a JSON object"),
                                file, "__metadata__");

  meta = json_node_get_object (node);
  keys = json_object_get_members (meta);
  for (const GList *k = keys; k != NULL; k = k->next)
    if (_entrena_json_get_string (json_object_get_member (meta, k->data)) == NULL)
      {
        g_autofree char *key = shorten (k->data);

        return _entrena_model_fail (error, _("“%s” is not an Entrena model: the metadata entry “%s” is not a string of UTF-8 text"),
                                    file, key);
      }

  return TRUE;
}

/* The index of @name among @extras, or -1. */
static int
find_extra (const EntrenaSafetensorsExtra *extras,
            guint                          n_extras,
            const char                    *name)
{
  for (guint i = 0; i < n_extras; i++)
    if (strcmp (extras[i].name, name) == 0)
      return (int) i;

  return -1;
}

/*
 * Sorts the header's entries: the metadata into @meta, the "2l.weight" /
 * "2l.bias" tensors into @tensors `[layer * 2 + bias]`, with as many layers
 * as the highest index names, and the tensors named in @extras from
 * FIRST_EXTRA on. Any other entry is an error.
 */
static gboolean
sort_entries (JsonObject                    *root,
              JsonObject                   **meta,
              Tensor                        *tensors,
              guint                         *n_layers,
              const EntrenaSafetensorsExtra *extras,
              guint                          n_extras,
              const char                    *file,
              GError                       **error)
{
  g_autoptr (GList) members = json_object_get_members (root);

  *meta = NULL;
  *n_layers = 0;
  for (const GList *iter = members; iter != NULL; iter = iter->next)
    {
      const char *name = iter->data;
      JsonNode *node = json_object_get_member (root, name);
      int extra = find_extra (extras, n_extras, name);
      guint layer;
      gboolean bias;

      if (strcmp (name, "__metadata__") == 0)
        {
          if (!check_metadata (node, file, error))
            return FALSE;
          *meta = json_node_get_object (node);
          continue;
        }

      if (extra >= 0)
        {
          tensors[FIRST_EXTRA + extra].name = name;
          tensors[FIRST_EXTRA + extra].dtype = extras[extra].dtype;
          tensors[FIRST_EXTRA + extra].node = node;
          continue;
        }

      if (!parse_tensor_name (name, &layer, &bias))
        {
          g_autofree char *shown = shorten (name);

          return _entrena_model_fail (error, _("“%s” is not an Entrena model: it holds a tensor “%s”, which is not a layer of a sequence of Linear layers and ReLUs"),
                                      file, shown);
        }

      /* json-glib keeps one member per name, but be sure. */
      if (tensors[layer * 2 + bias].node != NULL)
        return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” appears twice"), file, name);
      tensors[layer * 2 + bias].name = name;
      tensors[layer * 2 + bias].dtype = "F32";
      tensors[layer * 2 + bias].node = node;
      *n_layers = MAX (*n_layers, layer + 1);
    }

  if (*n_layers == 0)
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: it holds no network weights"), file);

  return TRUE;
}

/* Every tensor up to the last layer's, and nothing else; each checked on its
 * own, and the extra tensors the file holds too. */
static gboolean
read_tensors (Tensor      *tensors,
              guint        n_layers,
              guint        n_extras,
              guint64      data_len,
              const char  *file,
              GError     **error)
{
  for (guint i = 0; i < 2 * n_layers; i++)
    {
      if (tensors[i].node == NULL)
        {
          g_autofree char *missing = entrena_mlp_tensor_name (i / 2, i % 2);

          return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” is missing"), file, missing);
        }
    }

  for (guint i = 0; i < 2 * n_layers; i++)
    if (!read_tensor (&tensors[i], i % 2, data_len, file, error))
      return FALSE;
  for (guint i = FIRST_EXTRA; i < FIRST_EXTRA + n_extras; i++)
    if (tensors[i].node != NULL && !read_tensor (&tensors[i], TRUE, data_len, file, error))
      return FALSE;

  return TRUE;
}

/* The layers chain: W_l is [sizes[l + 1], sizes[l]], b_l is [sizes[l + 1]]. */
static gboolean
chain_layers (const Tensor  *tensors,
              guint          n_layers,
              guint         *sizes,
              const char    *file,
              GError       **error)
{
  sizes[0] = (guint) tensors[0].shape[1];
  for (guint l = 0; l < n_layers; l++)
    {
      const Tensor *weight = &tensors[2 * l];
      const Tensor *bias = &tensors[2 * l + 1];

      if (weight->shape[1] != sizes[l])
        return _entrena_model_fail (error,
                                    ngettext ("“%s” is not an Entrena model: tensor “%s” does not fit the layer before it, which has %u output",
                                              "“%s” is not an Entrena model: tensor “%s” does not fit the layer before it, which has %u outputs",
                                              sizes[l]),
                                    file, weight->name, sizes[l]);
      sizes[l + 1] = (guint) weight->shape[0];
      if (bias->shape[0] != sizes[l + 1])
        return _entrena_model_fail (error,
                                    ngettext ("“%s” is not an Entrena model: tensor “%s” does not match its layer, which has %u output",
                                              "“%s” is not an Entrena model: tensor “%s” does not match its layer, which has %u outputs",
                                              sizes[l + 1]),
                                    file, bias->name, sizes[l + 1]);
    }
  if (sizes[n_layers] > ENTRENA_MAX_CLASSES)
    return _entrena_model_fail (error, _("“%s” is not an Entrena model: the network has %u outputs, but Entrena handles at most %u classes"),
                                file, sizes[n_layers], (guint) ENTRENA_MAX_CLASSES);

  return TRUE;
}

/* The tensors tile the data exactly: no overlap, no hole, nothing after. */
static gboolean
check_tiling (Tensor      *tensors,
              guint        n_layers,
              guint        n_extras,
              guint64      data_len,
              const char  *file,
              GError     **error)
{
  Tensor *by_offset[MAX_TENSORS];
  guint64 expected = 0;
  guint n = 0;

  for (guint i = 0; i < 2 * n_layers; i++)
    by_offset[n++] = &tensors[i];
  for (guint i = FIRST_EXTRA; i < FIRST_EXTRA + n_extras; i++)
    if (tensors[i].node != NULL)
      by_offset[n++] = &tensors[i];
  qsort (by_offset, n, sizeof by_offset[0], compare_begin);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, by_offset[i]->begin);

      if (by_offset[i]->begin < expected)
        return _entrena_model_fail (error,
                                    /* Translators: the second %s is a tensor such as “0.weight”, the third an offset in bytes */
                                    _("“%s” is not an Entrena model: the data of tensor “%s”, from data offset %s, overlap another tensor’s"),
                                    file, by_offset[i]->name, offset);
      if (by_offset[i]->begin > expected)
        return _entrena_model_fail (error,
                                    /* Translators: the second %s is a tensor such as “0.weight”, the third an offset in bytes */
                                    _("“%s” is not an Entrena model: there is a gap in its data before tensor “%s”, at data offset %s"),
                                    file, by_offset[i]->name, offset);
      expected = by_offset[i]->end;
    }
  if (expected != data_len)
    {
      g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, expected);

      return _entrena_model_fail (error,
                                  /* Translators: the second %s is an offset in bytes */
                                  _("“%s” is not an Entrena model: it has data after its last tensor, from data offset %s"),
                                  file, offset);
    }

  return TRUE;
}

/* The network's weights must be finite numbers: a NaN or an infinity would
 * only ever give NaN predictions and losses. The message gives the byte offset
 * of the first one in the file. */
static gboolean
check_finite (const Tensor  *tensors,
              guint          n_layers,
              const guint8  *data,
              guint64        data_offset,
              const char    *file,
              GError       **error)
{
  for (guint i = 0; i < 2 * n_layers; i++)
    {
      const Tensor *tensor = &tensors[i];

      for (guint64 at = tensor->begin; at < tensor->end; at += 4)
        {
          guint32 bits = (guint32) data[at] | (guint32) data[at + 1] << 8 |
                         (guint32) data[at + 2] << 16 | (guint32) data[at + 3] << 24;

          /* All exponent bits set: an infinity or a NaN. */
          if ((bits & 0x7f800000u) == 0x7f800000u)
            {
              g_autofree char *shown = shorten (tensor->name);
              g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, data_offset + at);

              return _entrena_model_fail (error, _("“%s” is not an Entrena model: tensor “%s” holds a value "
                                                   "that is not a finite number (at byte %s)"),
                                          file, shown, offset);
            }
        }
    }

  return TRUE;
}

/**
 * _entrena_safetensors_read:
 * @st: (out caller-allocates): where to store what was read; clear it with
 *   _entrena_safetensors_clear() when the call succeeded
 * @bytes: the content of a model file, untrusted
 * @file: how to name the file in error messages
 * @error: return location for a #GError
 *
 * Reads and checks the container: the header length, the JSON, every
 * tensor's name, type, shape and offsets, that the layers chain and that
 * the tensors tile the data. The metadata is only checked to be a map of
 * strings: _entrena_model_metadata_read() reads it.
 *
 * Returns: %TRUE, or %FALSE with @error set (%ENTRENA_ERROR_FORMAT)
 */
gboolean
_entrena_safetensors_read (EntrenaSafetensors  *st,
                           GBytes              *bytes,
                           const char          *file,
                           GError             **error)
{
  return _entrena_safetensors_read_with (st, bytes, file, NULL, 0, error);
}

/**
 * _entrena_safetensors_read_with:
 * @st: (out caller-allocates): as for _entrena_safetensors_read()
 * @bytes: the content of the file, untrusted
 * @file: how to name the file in error messages
 * @extras: (array length=n_extras): the one-dimensional tensors the file may
 *   hold besides the network's, by name and type; on success, each one's
 *   length and data are set, or its data is %NULL when the file lacks it
 * @n_extras: how many, at most %ENTRENA_SAFETENSORS_MAX_EXTRAS
 * @error: return location for a #GError
 *
 * Reads and checks the container as _entrena_safetensors_read() does,
 * allowing the tensors in @extras too. Their lengths are the caller's to
 * check.
 *
 * Returns: %TRUE, or %FALSE with @error set (%ENTRENA_ERROR_FORMAT)
 */
gboolean
_entrena_safetensors_read_with (EntrenaSafetensors       *st,
                                GBytes                   *bytes,
                                const char               *file,
                                EntrenaSafetensorsExtra  *extras,
                                guint                     n_extras,
                                GError                  **error)
{
  g_autoptr (JsonNode) root = NULL;
  Tensor tensors[MAX_TENSORS] = { { 0 } };
  JsonObject *meta = NULL;
  const guint8 *data;
  guint64 data_len = 0;
  guint n_layers = 0;
  gsize size;

  g_return_val_if_fail (n_extras <= ENTRENA_SAFETENSORS_MAX_EXTRAS, FALSE);

  memset (st, 0, sizeof *st);
  data = g_bytes_get_data (bytes, &size);

  root = read_header (data, size, &data_len, file, error);
  if (root == NULL ||
      !sort_entries (json_node_get_object (root), &meta, tensors, &n_layers, extras, n_extras, file, error) ||
      !read_tensors (tensors, n_layers, n_extras, data_len, file, error) ||
      !chain_layers (tensors, n_layers, st->sizes, file, error) ||
      !check_tiling (tensors, n_layers, n_extras, data_len, file, error) ||
      !check_finite (tensors, n_layers, data + (size - data_len), size - data_len, file, error))
    return FALSE;

  st->header = g_steal_pointer (&root);
  st->metadata = meta;
  st->bytes = g_bytes_ref (bytes);
  st->data = data + (size - data_len);
  st->n_layers = n_layers;
  for (guint l = 0; l < n_layers; l++)
    {
      st->weight_begin[l] = tensors[2 * l].begin;
      st->bias_begin[l] = tensors[2 * l + 1].begin;
    }
  for (guint i = 0; i < n_extras; i++)
    {
      const Tensor *tensor = &tensors[FIRST_EXTRA + i];

      extras[i].length = tensor->node != NULL ? tensor->shape[0] : 0;
      extras[i].data = tensor->node != NULL ? st->data + tensor->begin : NULL;
    }

  return TRUE;
}

/* Frees what _entrena_safetensors_read() stored in @st. */
void
_entrena_safetensors_clear (EntrenaSafetensors *st)
{
  g_clear_pointer (&st->header, json_node_unref);
  g_clear_pointer (&st->bytes, g_bytes_unref);
  st->metadata = NULL;
  st->data = NULL;
}

/**
 * _entrena_safetensors_to_mlp:
 * @st: a container _entrena_safetensors_read() checked
 *
 * Returns: (transfer full): the network its tensors describe
 */
EntrenaMlp *
_entrena_safetensors_to_mlp (const EntrenaSafetensors *st)
{
  const guint *sizes = st->sizes;
  guint n_layers = st->n_layers;
  EntrenaMlp *mlp;

  /* Everything checked: the sizes are bounded by the file's. */
  mlp = entrena_mlp_new (sizes[0], &sizes[1], n_layers - 1, sizes[n_layers]);
  for (guint l = 0; l < n_layers; l++)
    {
      copy_le_floats (mlp->params + mlp->weight_offset[l], st->data + st->weight_begin[l],
                      (gsize) sizes[l + 1] * sizes[l]);
      copy_le_floats (mlp->params + mlp->bias_offset[l], st->data + st->bias_begin[l],
                      sizes[l + 1]);
    }

  return mlp;
}
