/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The model file's container: safetensors with the tensors of an
 * `nn.Sequential (Linear, ReLU, ..., Linear)` (entrena-safetensors.c).
 */

#include <json-glib/json-glib.h>

#include "entrena-model-io.h"

G_BEGIN_DECLS

/* Linear layers a model may have: the hidden layers the training settings
 * can describe, plus the output layer. */
#define ENTRENA_SAFETENSORS_MAX_LAYERS (ENTRENA_MAX_HIDDEN_LAYERS + 1)

/* Tensors besides the network's that one container may hold. */
#define ENTRENA_SAFETENSORS_MAX_EXTRAS 16

/**
 * EntrenaSafetensorsExtra:
 * @name: the tensor's name in the header
 * @dtype: its type: "F32", "F64" or "U32"
 * @length: its values; it has one dimension
 * @data: writing: the values, in this machine's byte order; reading: where
 *   they start in the file's data, little-endian and maybe unaligned
 *   (read them with _entrena_safetensors_copy_le()), or %NULL when the
 *   file does not hold the tensor
 *
 * A one-dimensional tensor besides the network's, such as a checkpoint's
 * optimiser state.
 */
typedef struct
{
  const char *name;
  const char *dtype;
  guint64     length;
  const void *data;
} EntrenaSafetensorsExtra;

/**
 * EntrenaSafetensors:
 * @header: the parsed JSON header
 * @metadata: (nullable): its "__metadata__", every value a string of UTF-8
 *   text; borrowed from @header
 * @bytes: the file's content
 * @data: the tensors' bytes, inside @bytes
 * @n_layers: the network's Linear layers
 * @sizes: `[n_layers + 1]` its layer sizes, inputs first
 * @weight_begin: `[n_layers]` where each layer's weights start in @data
 * @bias_begin: `[n_layers]` where each layer's biases start in @data
 *
 * A container that _entrena_safetensors_read() has checked.
 */
typedef struct
{
  JsonNode     *header;
  JsonObject   *metadata;
  GBytes       *bytes;
  const guint8 *data;
  guint         n_layers;
  guint         sizes[ENTRENA_SAFETENSORS_MAX_LAYERS + 1];
  guint64       weight_begin[ENTRENA_SAFETENSORS_MAX_LAYERS];
  guint64       bias_begin[ENTRENA_SAFETENSORS_MAX_LAYERS];
} EntrenaSafetensors;

GBytes     *_entrena_safetensors_write  (const EntrenaMlp    *mlp,
                                         JsonObject          *metadata);

GBytes     *_entrena_safetensors_write_with (const EntrenaMlp              *mlp,
                                             const EntrenaSafetensorsExtra *extras,
                                             guint                          n_extras,
                                             JsonObject                    *metadata);

gboolean    _entrena_safetensors_read   (EntrenaSafetensors  *st,
                                         GBytes              *bytes,
                                         const char          *file,
                                         GError             **error);

gboolean    _entrena_safetensors_read_with (EntrenaSafetensors       *st,
                                            GBytes                   *bytes,
                                            const char               *file,
                                            EntrenaSafetensorsExtra  *extras,
                                            guint                     n_extras,
                                            GError                  **error);

/* Copies @n values of @size bytes (4 or 8) between this machine's byte
 * order and little-endian, either way; neither side need be aligned. */
void        _entrena_safetensors_copy_le (void       *dst,
                                          const void *src,
                                          gsize       n,
                                          gsize       size);

EntrenaMlp *_entrena_safetensors_to_mlp (const EntrenaSafetensors *st);

void        _entrena_safetensors_clear  (EntrenaSafetensors  *st);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntrenaSafetensors, _entrena_safetensors_clear)

G_END_DECLS
