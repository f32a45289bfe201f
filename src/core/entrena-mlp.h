/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "entrena-activation.h"

G_BEGIN_DECLS

/**
 * EntrenaMlp:
 * @n_layers: Linear layers (hidden layers + 1)
 * @sizes: `[n_layers + 1]` widths: inputs, each hidden layer, classes
 * @n_params: floats in @params
 * @params: all weights and biases, one 64-byte aligned buffer. Layer l's
 *   weight W_l is row-major `[sizes[l + 1]][sizes[l]]` (`[out][in]`, as
 *   PyTorch's `nn.Linear.weight`) at @weight_offset[l], its bias `[sizes[l + 1]]`
 *   at @bias_offset[l]. Each block starts on a 64-byte boundary.
 * @weight_offset: `[n_layers]` in floats
 * @bias_offset: `[n_layers]` in floats
 * @activation: the function between the Linear layers (ReLU unless set)
 *
 * A multi-layer perceptron: Linear layers with an activation between them
 * and logits out, the model of PyTorch's `nn.Sequential (Linear, ReLU, ...,
 * Linear)` (or Tanh, GELU... in place of each ReLU).
 * Gradients and optimiser state have the same layout as @params, so they are
 * single loops over @n_params floats.
 */
typedef struct
{
  guint   n_layers;
  guint  *sizes;
  gsize   n_params;
  float  *params;
  gsize  *weight_offset;
  gsize  *bias_offset;
  EntrenaActivation activation;
} EntrenaMlp;

EntrenaMlp *entrena_mlp_new        (guint        n_inputs,
                                    const guint *hidden,
                                    guint        n_hidden,
                                    guint        n_classes) G_GNUC_WARN_UNUSED_RESULT;
EntrenaMlp *entrena_mlp_copy       (const EntrenaMlp *self) G_GNUC_WARN_UNUSED_RESULT;
void        entrena_mlp_free       (EntrenaMlp *self);

/* Whether two networks have the same layer sizes. */
gboolean    entrena_mlp_same_shape (const EntrenaMlp *a,
                                    const EntrenaMlp *b);

/**
 * entrena_mlp_init_torch:
 * @self: a network
 * @seed: the seed given to `torch.manual_seed`
 *
 * Sets every weight and bias to the values PyTorch gives the same layers
 * right after `torch.manual_seed (seed)`: the CPU generator's MT19937 and the
 * draws of `nn.Linear.reset_parameters ()` in layer order (the weight from
 * `kaiming_uniform_ (a=sqrt(5))`, then the bias, both U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))), with PyTorch's float32 `uniform_` arithmetic.
 */
void        entrena_mlp_init_torch (EntrenaMlp *self,
                                    guint64     seed);

/* The parameter's name in PyTorch's nn.Sequential state_dict, "0.weight", "2.bias"... (transfer full) */
char       *entrena_mlp_tensor_name (guint    layer,
                                     gboolean bias) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaMlp, entrena_mlp_free)

G_END_DECLS
