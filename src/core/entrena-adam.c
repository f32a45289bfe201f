/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-adam"

#include "config.h"

#include <math.h>

#include "entrena-adam.h"
#include "entrena-kernels.h"
#include "entrena-torch-random.h"

EntrenaAdam *
entrena_adam_new (gsize  n,
                  double lr)
{
  EntrenaAdam *self = g_new0 (EntrenaAdam, 1);

  self->lr = lr;
  self->beta1 = 0.9;
  self->beta2 = 0.999;
  self->eps = 1e-8;
  self->n = n;
  self->m = g_aligned_alloc0 (MAX (n, 1), sizeof (float), 64);
  self->v = g_aligned_alloc0 (MAX (n, 1), sizeof (float), 64);

  return self;
}

/* One step, as torch.optim.Adam's single-tensor path computes it: the moment
 * updates and the update itself in float32, the bias corrections and the step
 * size as Python floats (double) that the tensor operations cast to float.
 * The moment updates round once (fused multiply-add) where PyTorch's AVX2
 * kernels do, and twice where its baseline kernels do; the products go
 * through volatiles so that the compiler cannot fuse them on its own. */
void
entrena_adam_step (EntrenaAdam *self,
                   float       *params,
                   const float *grads)
{
  double bias_correction1;
  double bias_correction2;
  float beta1 = (float) self->beta1;
  float beta2 = (float) self->beta2;
  float one_minus_beta1 = (float) (1.0 - self->beta1);
  float one_minus_beta2 = (float) (1.0 - self->beta2);
  float step_size;
  float bias_correction2_sqrt;
  float eps = (float) self->eps;
  gboolean fused;

  self->step++;
  bias_correction1 = 1.0 - pow (self->beta1, (double) self->step);
  bias_correction2 = 1.0 - pow (self->beta2, (double) self->step);
  step_size = (float) -(self->lr / bias_correction1);
  bias_correction2_sqrt = (float) sqrt (bias_correction2);

  fused = entrena_torch_kernel_is_fused ();
  if (fused)
    {
      /* PyTorch's vectorised kernel: the moments with one rounding each,
       * vectorised on the kernels' path (the same bits on every path). */
      entrena_adam_fused (self->n, params, grads, self->m, self->v, beta1, beta2,
                          one_minus_beta1, one_minus_beta2, step_size, bias_correction2_sqrt, eps);
      return;
    }

  /* PyTorch's baseline kernel: every product rounded on its own. */
  for (gsize i = 0; i < self->n; i++)
    {
      float g = grads[i];
      volatile float m1 = self->m[i] * beta1;
      volatile float v1 = self->v[i] * beta2;
      volatile float a = one_minus_beta2 * g;
      volatile float mg = one_minus_beta1 * g;
      volatile float ag = a * g;
      float m = m1 + mg;
      float v = v1 + ag;
      volatile float update;
      float denom;

      denom = sqrtf (v) / bias_correction2_sqrt + eps;
      update = step_size * m;
      self->m[i] = m;
      self->v[i] = v;
      params[i] = params[i] + update / denom;
    }
}

void
entrena_adam_free (EntrenaAdam *self)
{
  if (self == NULL)
    return;
  g_aligned_free (self->m);
  g_aligned_free (self->v);
  g_free (self);
}
