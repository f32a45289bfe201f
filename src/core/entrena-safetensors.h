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

gboolean    _entrena_safetensors_read   (EntrenaSafetensors  *st,
                                         GBytes              *bytes,
                                         const char          *file,
                                         GError             **error);

EntrenaMlp *_entrena_safetensors_to_mlp (const EntrenaSafetensors *st);

void        _entrena_safetensors_clear  (EntrenaSafetensors  *st);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntrenaSafetensors, _entrena_safetensors_clear)

G_END_DECLS
