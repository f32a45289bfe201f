/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-optimizer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-adam.h"
#include "entrena-error.h"
#include "entrena-kernels.h"
#include "entrena-optimizer.h"
#include "entrena-torch-random.h"

/* RMSprop's defaults in torch.optim.RMSprop. */
#define RMSPROP_ALPHA 0.99
#define RMSPROP_EPS   1e-8

static const struct
{
  const char *id;
  const char *torch;
} optimizers[ENTRENA_N_OPTIMIZERS] = {
  [ENTRENA_OPTIMIZER_ADAM] = { "adam", "Adam" },
  [ENTRENA_OPTIMIZER_ADAMW] = { "adamw", "AdamW" },
  [ENTRENA_OPTIMIZER_SGD] = { "sgd", "SGD" },
  [ENTRENA_OPTIMIZER_RMSPROP] = { "rmsprop", "RMSprop" },
};

const char *
entrena_optimizer_to_string (EntrenaOptimizer optimizer)
{
  g_return_val_if_fail ((guint) optimizer < ENTRENA_N_OPTIMIZERS, "adam");
  return optimizers[optimizer].id;
}

gboolean
entrena_optimizer_from_string (const char       *text,
                               EntrenaOptimizer *optimizer)
{
  for (guint i = 0; text != NULL && i < ENTRENA_N_OPTIMIZERS; i++)
    if (g_ascii_strcasecmp (text, optimizers[i].id) == 0)
      {
        *optimizer = (EntrenaOptimizer) i;
        return TRUE;
      }

  return FALSE;
}

const char *
entrena_optimizer_get_torch_name (EntrenaOptimizer optimizer)
{
  g_return_val_if_fail ((guint) optimizer < ENTRENA_N_OPTIMIZERS, "Adam");
  return optimizers[optimizer].torch;
}

gboolean
entrena_optimizer_has_momentum (EntrenaOptimizer optimizer)
{
  return optimizer == ENTRENA_OPTIMIZER_SGD || optimizer == ENTRENA_OPTIMIZER_RMSPROP;
}

double
entrena_optimizer_default_weight_decay (EntrenaOptimizer optimizer)
{
  return optimizer == ENTRENA_OPTIMIZER_ADAMW ? ENTRENA_ADAMW_WEIGHT_DECAY : 0.0;
}

gboolean
entrena_optimizer_check (EntrenaOptimizer optimizer,
                         double           momentum,
                         gboolean         nesterov,
                         double           weight_decay,
                         GError         **error)
{
  if ((guint) optimizer >= ENTRENA_N_OPTIMIZERS)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("Unknown optimizer: use Adam, AdamW, SGD or RMSprop."));
      return FALSE;
    }
  if (!isfinite (momentum) || momentum < 0 || momentum >= 1)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("The momentum must be at least 0 and less than 1."));
      return FALSE;
    }
  if (momentum > 0 && !entrena_optimizer_has_momentum (optimizer))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("%s has no momentum: momentum needs SGD or RMSprop."),
                   entrena_optimizer_get_torch_name (optimizer));
      return FALSE;
    }
  if (nesterov && (optimizer != ENTRENA_OPTIMIZER_SGD || momentum == 0))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("Nesterov momentum needs SGD with a momentum above 0."));
      return FALSE;
    }
  if (!isfinite (weight_decay) || weight_decay < 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("The weight decay must be 0 or more."));
      return FALSE;
    }

  return TRUE;
}

/* ", name=value", the value as a Python float literal in the fewest digits
 * (15 to 17) that read back as exactly @value: "0.9", "0.0". */
static void
append_option (GString    *out,
               const char *name,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 15; digits <= 17; digits++)
    {
      g_autofree char *format = g_strdup_printf ("%%.%dg", digits);

      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append_printf (out, ", %s=%s%s", name, buf, strpbrk (buf, ".e") == NULL ? ".0" : "");
}

char *
entrena_optimizer_format_torch (EntrenaOptimizer optimizer,
                                double           momentum,
                                gboolean         nesterov,
                                double           weight_decay,
                                const char      *lr)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "optim.%s(model.parameters(), lr=%s",
                          entrena_optimizer_get_torch_name (optimizer), lr);
  if (momentum > 0)
    append_option (out, "momentum", momentum);
  if (nesterov)
    g_string_append (out, ", nesterov=True");
  if (weight_decay != 0 || optimizer == ENTRENA_OPTIMIZER_ADAMW)
    append_option (out, "weight_decay", weight_decay);
  g_string_append_c (out, ')');

  return g_string_free (out, FALSE);
}

EntrenaOptimizerState *
entrena_optimizer_state_new (EntrenaOptimizer optimizer,
                             gsize            n,
                             double           lr,
                             double           momentum,
                             gboolean         nesterov,
                             double           weight_decay)
{
  EntrenaOptimizerState *self = g_new0 (EntrenaOptimizerState, 1);

  self->optimizer = optimizer;
  self->lr = lr;
  self->momentum = momentum;
  self->nesterov = nesterov;
  self->weight_decay = weight_decay;
  self->n = n;
  self->m = g_aligned_alloc0 (MAX (n, 1), sizeof (float), 64);
  self->v = g_aligned_alloc0 (MAX (n, 1), sizeof (float), 64);
  if (optimizer == ENTRENA_OPTIMIZER_ADAM && weight_decay != 0)
    self->decayed = g_aligned_alloc0 (MAX (n, 1), sizeof (float), 64);

  return self;
}

void
entrena_optimizer_state_free (EntrenaOptimizerState *self)
{
  if (self == NULL)
    return;
  g_aligned_free (self->m);
  g_aligned_free (self->v);
  g_aligned_free (self->decayed);
  g_free (self);
}

/* grad.add (param, alpha=weight_decay): L2 weight decay on the gradient.
 * ATen computes `grad + alpha · param` as one fused multiply-add in its AVX2
 * kernel and with two roundings in its baseline one. */
static void
add_weight_decay (gsize        n,
                  float       *out,
                  const float *params,
                  const float *grads,
                  float        weight_decay,
                  gboolean     fused)
{
  if (fused)
    {
      for (gsize i = 0; i < n; i++)
        out[i] = fmaf (params[i], weight_decay, grads[i]);
      return;
    }

  for (gsize i = 0; i < n; i++)
    {
      volatile float decay = params[i] * weight_decay;

      out[i] = grads[i] + decay;
    }
}

/* The gradient of element @i, with the weight decay added as the baseline
 * kernel adds it (the product rounded on its own). */
static inline float
plain_gradient (const EntrenaStepArgs *args,
                gsize                  i)
{
  volatile float decay;

  if (!args->decay)
    return args->grads[i];
  decay = args->params[i] * args->weight_decay;
  return args->grads[i] + decay;
}

/* SGD on PyTorch's baseline kernel: every product rounded on its own (the
 * vectorised fused kernel is entrena_sgd_fused()). */
static void
sgd_plain (const EntrenaStepArgs *args)
{
  for (gsize i = 0; i < args->n; i++)
    {
      float p = args->params[i];
      float d = plain_gradient (args, i);
      volatile float t;

      if (args->buf != NULL)
        {
          float b = d;

          if (!args->first)
            {
              t = args->buf[i] * args->momentum;
              b = t + d;
            }
          args->buf[i] = b;
          if (args->nesterov)
            {
              t = b * args->momentum;
              d = d + t;
            }
          else
            d = b;
        }
      t = d * args->neg_lr;
      args->params[i] = p + t;
    }
}

/* RMSprop on PyTorch's baseline kernel (entrena_rmsprop_fused() for the
 * vectorised fused one). */
static void
rmsprop_plain (const EntrenaStepArgs *args)
{
  for (gsize i = 0; i < args->n; i++)
    {
      float p = args->params[i];
      float d = plain_gradient (args, i);
      volatile float t;
      volatile float u;
      float s;
      float avg;

      t = args->square_avg[i] * args->alpha;
      u = args->one_minus_alpha * d;
      u = u * d;
      s = t + u;
      args->square_avg[i] = s;
      avg = sqrtf (s) + args->eps;
      if (args->buf != NULL)
        {
          float b;

          t = args->buf[i] * args->momentum;
          b = t + d / avg;
          args->buf[i] = b;
          t = b * args->neg_lr;
          args->params[i] = p + t;
        }
      else
        {
          t = args->neg_lr * d;
          args->params[i] = p + t / avg;
        }
    }
}

/**
 * entrena_optimizer_state_step:
 * @self: the optimizer's state
 * @params: `[n]` the parameters, updated in place
 * @grads: `[n]` their gradients
 *
 * One `optimizer.step ()`. Adam without weight decay is exactly
 * entrena_adam_step()'s arithmetic. With weight decay, Adam, SGD and RMSprop
 * add it to the gradient first (grad + wd · param); AdamW multiplies the
 * parameters by 1 − lr · wd before its Adam step.
 */
void
entrena_optimizer_state_step (EntrenaOptimizerState *self,
                              float                 *params,
                              const float           *grads)
{
  gboolean fused = entrena_torch_kernel_is_fused ();
  EntrenaStepArgs args = {
    .n = self->n,
    .params = params,
    .grads = grads,
    .neg_lr = (float) -self->lr,
    .weight_decay = (float) self->weight_decay,
    .momentum = (float) self->momentum,
    .alpha = (float) RMSPROP_ALPHA,
    .one_minus_alpha = (float) (1.0 - RMSPROP_ALPHA),
    .eps = (float) RMSPROP_EPS,
    .decay = self->weight_decay != 0,
    .nesterov = self->nesterov,
  };

  self->step++;
  switch (self->optimizer)
    {
    case ENTRENA_OPTIMIZER_ADAM:
      if (self->decayed != NULL)
        {
          add_weight_decay (self->n, self->decayed, params, grads, args.weight_decay, fused);
          grads = self->decayed;
        }
      entrena_adam_update (self->n, params, grads, self->m, self->v, self->lr, self->step);
      break;

    case ENTRENA_OPTIMIZER_ADAMW:
      {
        /* param.mul_ (1 - lr * weight_decay): one rounding on any kernel. */
        float keep = (float) (1.0 - self->lr * self->weight_decay);

        for (gsize i = 0; i < self->n; i++)
          params[i] *= keep;
        entrena_adam_update (self->n, params, grads, self->m, self->v, self->lr, self->step);
      }
      break;

    case ENTRENA_OPTIMIZER_SGD:
      args.buf = self->momentum != 0 ? self->m : NULL;
      args.first = self->step == 1;
      if (fused)
        entrena_sgd_fused (&args);
      else
        sgd_plain (&args);
      break;

    case ENTRENA_OPTIMIZER_RMSPROP:
      args.buf = self->momentum != 0 ? self->m : NULL;
      args.square_avg = self->v;
      if (fused)
        entrena_rmsprop_fused (&args);
      else
        rmsprop_plain (&args);
      break;

    default:
      g_assert_not_reached ();
    }
}
