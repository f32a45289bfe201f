/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaOptimizer:
 * @ENTRENA_OPTIMIZER_ADAM: `torch.optim.Adam` (the default)
 * @ENTRENA_OPTIMIZER_ADAMW: `torch.optim.AdamW`, Adam with decoupled weight decay
 * @ENTRENA_OPTIMIZER_SGD: `torch.optim.SGD`, with momentum and Nesterov as options
 * @ENTRENA_OPTIMIZER_RMSPROP: `torch.optim.RMSprop`, with momentum as an option
 *
 * How a run turns gradients into steps: one of PyTorch's optimizers with its
 * defaults (betas 0.9 and 0.999 and eps 1e-8 for Adam and AdamW; dampening
 * 0 for SGD; alpha 0.99, eps 1e-8 and not centered for RMSprop).
 */
typedef enum
{
  ENTRENA_OPTIMIZER_ADAM,
  ENTRENA_OPTIMIZER_ADAMW,
  ENTRENA_OPTIMIZER_SGD,
  ENTRENA_OPTIMIZER_RMSPROP,
} EntrenaOptimizer;

#define ENTRENA_N_OPTIMIZERS 4

/* AdamW's weight decay when none is given, as PyTorch's. */
#define ENTRENA_ADAMW_WEIGHT_DECAY 0.01

/* "adam", "adamw", "sgd" or "rmsprop": the CLI's and the files' name. */
const char *entrena_optimizer_to_string      (EntrenaOptimizer  optimizer);
gboolean    entrena_optimizer_from_string    (const char       *text,
                                              EntrenaOptimizer *optimizer);
/* "Adam", "AdamW", "SGD" or "RMSprop": the class in torch.optim. */
const char *entrena_optimizer_get_torch_name (EntrenaOptimizer  optimizer);
/* Whether the optimizer takes a momentum (SGD and RMSprop). */
gboolean    entrena_optimizer_has_momentum   (EntrenaOptimizer  optimizer);
/* The weight decay PyTorch uses when none is given: 0.01 for AdamW, else 0. */
double      entrena_optimizer_default_weight_decay (EntrenaOptimizer optimizer);

/**
 * entrena_optimizer_check:
 * @optimizer: the optimizer
 * @momentum: its momentum (0 for none)
 * @nesterov: SGD's Nesterov momentum
 * @weight_decay: its weight decay (0 for none)
 * @error: return location for a #GError
 *
 * Whether the options make sense together, as PyTorch would accept them:
 * finite, momentum in [0, 1) and only for SGD or RMSprop, Nesterov only for
 * SGD with a momentum, weight decay not negative.
 *
 * Returns: %FALSE with a translated %ENTRENA_ERROR_INVALID_ARGUMENT naming
 *   the option when they do not
 */
gboolean    entrena_optimizer_check          (EntrenaOptimizer  optimizer,
                                              double            momentum,
                                              gboolean          nesterov,
                                              double            weight_decay,
                                              GError          **error);

/**
 * entrena_optimizer_format_torch:
 * @lr: the learning rate as Python code (a number or a name)
 *
 * The `optim.X(model.parameters(), lr=…, …)` expression that makes the
 * same optimizer in PyTorch, naming only the options that differ from its
 * defaults (AdamW's weight decay is always named). (transfer full)
 */
char       *entrena_optimizer_format_torch   (EntrenaOptimizer  optimizer,
                                              double            momentum,
                                              gboolean          nesterov,
                                              double            weight_decay,
                                              const char       *lr) G_GNUC_WARN_UNUSED_RESULT;

/**
 * EntrenaOptimizerState:
 * @optimizer: which optimizer
 * @lr: learning rate
 * @momentum: momentum (SGD and RMSprop; 0 for none)
 * @nesterov: Nesterov momentum (SGD)
 * @weight_decay: weight decay (0 for none)
 * @step: steps taken so far
 * @n: parameters
 * @m: `[n]` Adam's and AdamW's first moments (`exp_avg`), or SGD's and
 *   RMSprop's momentum buffer (`momentum_buffer`)
 * @v: `[n]` Adam's and AdamW's second moments (`exp_avg_sq`), or RMSprop's
 *   `square_avg`; zeros for SGD
 *
 * An optimizer's state over the flat parameter buffer, stepped in the same
 * float32 arithmetic as PyTorch 1.13's single-tensor code (the files in torch/optim)
 * on the ATen kernel this machine would use (entrena_torch_kernel_is_fused()).
 * @step, @m and @v are everything a checkpoint needs to go on bit for bit.
 */
typedef struct
{
  EntrenaOptimizer optimizer;
  double           lr;
  double           momentum;
  gboolean         nesterov;
  double           weight_decay;
  guint64          step;
  gsize            n;
  float           *m;
  float           *v;

  /*< private >*/
  float           *decayed;   /* [n] Adam's gradient with weight decay, or NULL */
} EntrenaOptimizerState;

EntrenaOptimizerState *entrena_optimizer_state_new  (EntrenaOptimizer optimizer,
                                                     gsize            n,
                                                     double           lr,
                                                     double           momentum,
                                                     gboolean         nesterov,
                                                     double           weight_decay) G_GNUC_WARN_UNUSED_RESULT;
void                   entrena_optimizer_state_step (EntrenaOptimizerState *self,
                                                     float                 *params,
                                                     const float           *grads);
void                   entrena_optimizer_state_free (EntrenaOptimizerState *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaOptimizerState, entrena_optimizer_state_free)

G_END_DECLS
