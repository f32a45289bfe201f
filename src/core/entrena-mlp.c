/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-mlp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-mlp.h"
#include "entrena-mt19937.h"
#include "entrena-torch-random.h"

/* Every weight and bias block starts on a 64-byte boundary (a cache line, an
 * AVX-512 register), so kernels may use aligned loads at a block's start;
 * rows inside a weight block are packed, not padded. */
#define MLP_ALIGN_BYTES 64
#define MLP_ALIGN_FLOATS (MLP_ALIGN_BYTES / sizeof (float))

static inline gsize
align_floats (gsize n)
{
  return (n + MLP_ALIGN_FLOATS - 1) / MLP_ALIGN_FLOATS * MLP_ALIGN_FLOATS;
}

/* Lays out the blocks W_0, b_0, W_1, b_1, ... (the state_dict order) and
 * returns the total number of floats, or 0 when it would overflow. */
static gsize
mlp_layout (EntrenaMlp *self)
{
  gsize offset = 0;

  for (guint l = 0; l < self->n_layers; l++)
    {
      gsize n_in = self->sizes[l];
      gsize n_out = self->sizes[l + 1];
      gsize n_weights;
      gsize padded;

      if (!g_size_checked_mul (&n_weights, n_out, n_in))
        return 0;

      self->weight_offset[l] = offset;
      padded = align_floats (n_weights);
      if (padded < n_weights || !g_size_checked_add (&offset, offset, padded))
        return 0;

      self->bias_offset[l] = offset;
      padded = align_floats (n_out);
      if (!g_size_checked_add (&offset, offset, padded))
        return 0;
    }

  /* g_aligned_alloc0 () takes a count and a size and checks their product,
   * but a count this large could never be allocated anyway. */
  if (offset > G_MAXSIZE / sizeof (float))
    return 0;

  return offset;
}

/**
 * entrena_mlp_new:
 * @n_inputs: features per example, at least 1
 * @hidden: (array length=n_hidden) (nullable): the hidden layers' widths, each at least 1
 * @n_hidden: how many hidden layers; 0 makes a single Linear layer
 * @n_classes: outputs, at least 1
 *
 * Creates a network of Linear layers `n_inputs → hidden[0] → … → n_classes`
 * with ReLU between them (set its @activation for another). The parameters
 * are zero: call entrena_mlp_init_torch() to initialise them as PyTorch does.
 *
 * Returns: (transfer full): the network
 */
EntrenaMlp *
entrena_mlp_new (guint        n_inputs,
                 const guint *hidden,
                 guint        n_hidden,
                 guint        n_classes)
{
  g_autoptr (EntrenaMlp) self = NULL;

  g_return_val_if_fail (n_inputs > 0, NULL);
  g_return_val_if_fail (n_classes > 0, NULL);
  g_return_val_if_fail (hidden != NULL || n_hidden == 0, NULL);
  g_return_val_if_fail (n_hidden < G_MAXUINT - 1, NULL);
  for (guint i = 0; i < n_hidden; i++)
    g_return_val_if_fail (hidden[i] > 0, NULL);

  self = g_new0 (EntrenaMlp, 1);
  self->n_layers = n_hidden + 1;

  /* sizes: [n_layers + 1]; weight_offset, bias_offset: [n_layers] */
  self->sizes = g_new (guint, self->n_layers + 1);
  self->weight_offset = g_new (gsize, self->n_layers);
  self->bias_offset = g_new (gsize, self->n_layers);

  self->sizes[0] = n_inputs;
  for (guint i = 0; i < n_hidden; i++)
    self->sizes[i + 1] = hidden[i];
  self->sizes[self->n_layers] = n_classes;

  self->n_params = mlp_layout (self);
  g_return_val_if_fail (self->n_params > 0, NULL);

  /* params: [n_params], the blocks described by the offsets, padding zeroed
   * so that loops over all n_params floats (Adam, save) see zeros there. */
  self->params = g_aligned_alloc0 (self->n_params, sizeof (float), MLP_ALIGN_BYTES);

  return g_steal_pointer (&self);
}

/**
 * entrena_mlp_copy:
 * @self: a network
 *
 * Returns: (transfer full): a deep copy of @self, parameters included
 */
EntrenaMlp *
entrena_mlp_copy (const EntrenaMlp *self)
{
  EntrenaMlp *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EntrenaMlp, 1);
  copy->n_layers = self->n_layers;
  copy->n_params = self->n_params;
  copy->activation = self->activation;
  copy->sizes = g_memdup2 (self->sizes, sizeof (guint) * (self->n_layers + 1));
  copy->weight_offset = g_memdup2 (self->weight_offset, sizeof (gsize) * self->n_layers);
  copy->bias_offset = g_memdup2 (self->bias_offset, sizeof (gsize) * self->n_layers);
  copy->params = g_aligned_alloc (self->n_params, sizeof (float), MLP_ALIGN_BYTES);
  memcpy (copy->params, self->params, sizeof (float) * self->n_params);

  return copy;
}

/**
 * entrena_mlp_free:
 * @self: (nullable): a network
 *
 * Frees @self and its parameters.
 */
void
entrena_mlp_free (EntrenaMlp *self)
{
  if (self == NULL)
    return;

  g_aligned_free (self->params);
  g_free (self->sizes);
  g_free (self->weight_offset);
  g_free (self->bias_offset);
  g_free (self);
}

/**
 * entrena_mlp_same_shape:
 * @a: a network
 * @b: another network
 *
 * Returns: whether @a and @b have the same layer sizes, so that parameters
 *   can be copied from one to the other
 */
gboolean
entrena_mlp_same_shape (const EntrenaMlp *a,
                        const EntrenaMlp *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a->n_layers != b->n_layers)
    return FALSE;

  return memcmp (a->sizes, b->sizes, sizeof (guint) * (a->n_layers + 1)) == 0;
}

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
void
entrena_mlp_init_torch (EntrenaMlp *self,
                        guint64     seed)
{
  EntrenaMt19937 rng;
  double         a;
  double         gain;

  g_return_if_fail (self != NULL);

  /* torch.manual_seed () takes the seed as a uint64 (a negative Python int
   * wraps modulo 2^64), and at::mt19937's constructor keeps its low 32 bits
   * for init_genrand: `state_[0] = seed & 0xffffffff`. */
  entrena_mt19937_init (&rng, (guint32) (seed & G_GUINT64_CONSTANT (0xffffffff)));

  /* torch/nn/init.py, calculate_gain ('leaky_relu', math.sqrt (5)):
   * math.sqrt (2.0 / (1 + negative_slope ** 2)), in Python doubles.
   * negative_slope ** 2 is 5.000000000000001, as pow () gives here. */
  a = sqrt (5.0);
  gain = sqrt (2.0 / (1 + pow (a, 2)));

  for (guint l = 0; l < self->n_layers; l++)
    {
      gsize  fan_in = self->sizes[l];
      gsize  n_out = self->sizes[l + 1];
      double std;
      double bound;

      /* kaiming_uniform_ (weight, a=math.sqrt (5)), mode 'fan_in' where
       * fan_in is weight.size (1), the layer's inputs:
       *   std = gain / math.sqrt (fan)
       *   bound = math.sqrt (3.0) * std
       *   tensor.uniform_ (-bound, bound)
       * This bound is usually one double ulp below 1 / sqrt (fan_in). */
      std = gain / sqrt ((double) fan_in);
      bound = sqrt (3.0) * std;
      entrena_torch_uniform_fill (&rng, self->params + self->weight_offset[l],
                                  n_out * fan_in, -bound, bound);

      /* nn.Linear.reset_parameters ():
       *   bound = 1 / math.sqrt (fan_in) if fan_in > 0 else 0
       *   init.uniform_ (self.bias, -bound, bound) */
      bound = 1 / sqrt ((double) fan_in);
      entrena_torch_uniform_fill (&rng, self->params + self->bias_offset[l],
                                  n_out, -bound, bound);
    }
}

/**
 * entrena_mlp_tensor_name:
 * @layer: a Linear layer's index, from 0
 * @bias: whether to name the bias rather than the weight
 *
 * Names a parameter as PyTorch's `nn.Sequential (Linear, ReLU, Linear, …)`
 * `state_dict` does. The ReLU modules take indices too, so Linear layer l
 * is module 2 l: "0.weight", "0.bias", "2.weight", "2.bias", …
 *
 * Returns: (transfer full): the name
 */
char *
entrena_mlp_tensor_name (guint    layer,
                         gboolean bias)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%s",
                          (guint64) layer * 2, bias ? "bias" : "weight");
}
