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
  self->n = n;
  self->m = g_aligned_alloc0 (MAX (n, 1), sizeof (float), 64);
  self->v = g_aligned_alloc0 (MAX (n, 1), sizeof (float), 64);

  return self;
}

/* One step, as torch.optim.Adam's single-tensor path computes it (with its
 * default betas and eps): the moment
 * updates and the update itself in float32, the bias corrections and the step
 * size as Python floats (double) that the tensor operations cast to float.
 * The moment updates round once (fused multiply-add) where PyTorch's AVX2
 * kernels do, and twice where its baseline kernels do; the products go
 * through volatiles so that the compiler cannot fuse them on its own. */
void
entrena_adam_update (gsize        n,
                     float       *params,
                     const float *grads,
                     float       *m_state,
                     float       *v_state,
                     double       lr,
                     guint64      step)
{
  const double beta1_d = 0.9;
  const double beta2_d = 0.999;
  double bias_correction1;
  double bias_correction2;
  float beta1 = (float) beta1_d;
  float beta2 = (float) beta2_d;
  float one_minus_beta1 = (float) (1.0 - beta1_d);
  float one_minus_beta2 = (float) (1.0 - beta2_d);
  float step_size;
  float bias_correction2_sqrt;
  float eps = (float) 1e-8;

  bias_correction1 = 1.0 - pow (beta1_d, (double) step);
  bias_correction2 = 1.0 - pow (beta2_d, (double) step);
  step_size = (float) -(lr / bias_correction1);
  bias_correction2_sqrt = (float) sqrt (bias_correction2);

  if (entrena_torch_kernel_is_fused ())
    {
      /* PyTorch's vectorised kernel: the moments with one rounding each,
       * vectorised on the kernels' path (the same bits on every path). */
      entrena_adam_fused (n, params, grads, m_state, v_state, beta1, beta2,
                          one_minus_beta1, one_minus_beta2, step_size, bias_correction2_sqrt, eps);
      return;
    }

  /* PyTorch's baseline kernel: every product rounded on its own. */
  for (gsize i = 0; i < n; i++)
    {
      float g = grads[i];
      volatile float m1 = m_state[i] * beta1;
      volatile float v1 = v_state[i] * beta2;
      volatile float a = one_minus_beta2 * g;
      volatile float mg = one_minus_beta1 * g;
      volatile float ag = a * g;
      float m = m1 + mg;
      float v = v1 + ag;
      volatile float update;
      float denom;

      denom = sqrtf (v) / bias_correction2_sqrt + eps;
      update = step_size * m;
      m_state[i] = m;
      v_state[i] = v;
      params[i] = params[i] + update / denom;
    }
}

void
entrena_adam_step (EntrenaAdam *self,
                   float       *params,
                   const float *grads)
{
  self->step++;
  entrena_adam_update (self->n, params, grads, self->m, self->v, self->lr, self->step);
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
