/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Entrena's numeric kernels: single-precision matrix products for training
 * multi-layer perceptrons, with one implementation per instruction set and a
 * dispatcher that picks the best one the CPU has.
 *
 * Plain C11, no GLib: this header can be used from anything. Every matrix is
 * row-major `float` with an explicit leading dimension (the distance in floats
 * between the starts of two consecutive rows, at least the row length).
 *
 * Threads: large products are split across a small pool of threads created
 * once; small ones stay on the calling thread. The functions may be called
 * from any thread, also from several at once (a call that finds the pool busy
 * runs on its own thread). They never allocate memory in the hot path: each
 * thread that calls them gets one fixed-size aligned workspace (a little over
 * 1 MiB) the first time, freed when that thread exits; the pool's threads
 * have their own. See entrena_kernels_set_threads().
 *
 * IEEE semantics throughout (no -ffast-math): NaN and infinities propagate,
 * except where documented (beta == 0, a ReLU mask).
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * EntrenaActivation:
 * @ENTRENA_ACTIVATION_RELU: max (x, 0), PyTorch's `nn.ReLU ()` (the default)
 * @ENTRENA_ACTIVATION_LEAKY_RELU: x where x > 0, else 0.01 x: `nn.LeakyReLU ()`
 * @ENTRENA_ACTIVATION_TANH: tanh (x): `nn.Tanh ()`
 * @ENTRENA_ACTIVATION_SIGMOID: 1 / (1 + e⁻ˣ): `nn.Sigmoid ()`
 * @ENTRENA_ACTIVATION_GELU: x Φ(x) with the exact (erf) Φ: `nn.GELU ()`
 *
 * The function a network applies between its Linear layers. The values are
 * stable: they are the order of the names in entrena-activation.c.
 */
typedef enum
{
  ENTRENA_ACTIVATION_RELU,
  ENTRENA_ACTIVATION_LEAKY_RELU,
  ENTRENA_ACTIVATION_TANH,
  ENTRENA_ACTIVATION_SIGMOID,
  ENTRENA_ACTIVATION_GELU,
} EntrenaActivation;

#define ENTRENA_N_ACTIVATIONS 5

/* nn.LeakyReLU ()'s default negative_slope, as the float its kernel uses. */
#define ENTRENA_LEAKY_RELU_SLOPE 0.01f

/*
 * The operations' types: one function type each, so that the entry points
 * below and the fields of EntrenaKernelTable are declared from one list of
 * parameters. Each entry point documents its parameters (entrena-kernels.c).
 */
typedef void EntrenaSgemmFunc                (int          trans_a,
                                              int          trans_b,
                                              size_t       m,
                                              size_t       n,
                                              size_t       k,
                                              float        alpha,
                                              const float *a,
                                              size_t       lda,
                                              const float *b,
                                              size_t       ldb,
                                              float        beta,
                                              float       *c,
                                              size_t       ldc);

typedef void EntrenaLinearForwardFunc        (size_t       n_rows,
                                              size_t       n_in,
                                              size_t       n_out,
                                              const float *x,
                                              size_t       ldx,
                                              const float *w,
                                              size_t       ldw,
                                              const float *bias,
                                              int          relu,
                                              float       *y,
                                              size_t       ldy);

typedef void EntrenaLinearBackwardInputFunc  (size_t       n_rows,
                                              size_t       n_in,
                                              size_t       n_out,
                                              const float *dy,
                                              size_t       lddy,
                                              const float *w,
                                              size_t       ldw,
                                              const float *mask,
                                              size_t       ldmask,
                                              float       *dx,
                                              size_t       lddx);

typedef void EntrenaLinearBackwardWeightFunc (size_t       n_rows,
                                              size_t       n_in,
                                              size_t       n_out,
                                              float        alpha,
                                              const float *dy,
                                              size_t       lddy,
                                              const float *x,
                                              size_t       ldx,
                                              float        beta,
                                              float       *dw,
                                              size_t       lddw,
                                              float       *db);

typedef void EntrenaAdamFusedFunc            (size_t       n,
                                              float       *params,
                                              const float *grads,
                                              float       *m,
                                              float       *v,
                                              float        beta1,
                                              float        beta2,
                                              float        one_minus_beta1,
                                              float        one_minus_beta2,
                                              float        step_size,
                                              float        bias_correction2_sqrt,
                                              float        eps);

typedef void EntrenaActivationForwardFunc    (EntrenaActivation activation,
                                              size_t            n,
                                              const float      *x,
                                              float            *y);

typedef void EntrenaActivationBackwardFunc   (EntrenaActivation activation,
                                              size_t            n,
                                              const float      *x,
                                              const float      *y,
                                              float            *d);

/**
 * EntrenaStepArgs:
 * @n: parameters
 * @params: `[n]` updated in place
 * @grads: `[n]` their gradients
 * @buf: `[n]` the momentum buffer, updated; NULL without momentum
 * @square_avg: `[n]` RMSprop's running average of squared gradients, updated
 *   (unused by SGD)
 * @neg_lr: −lr, rounded to float
 * @weight_decay: the L2 weight decay as float, used when @decay is set
 * @momentum: the momentum as float
 * @alpha: RMSprop's smoothing constant as float (0.99f)
 * @one_minus_alpha: 1 − α, computed in double and rounded, as PyTorch does
 * @eps: RMSprop's ε as float (1e-8f)
 * @decay: whether the gradient gets @weight_decay times the parameter added
 * @nesterov: SGD's Nesterov momentum
 * @first: SGD's first step with momentum: the buffer starts as the gradient
 *
 * One step of torch.optim.SGD or torch.optim.RMSprop (see entrena_sgd_fused()
 * and entrena_rmsprop_fused()).
 */
typedef struct
{
  size_t       n;
  float       *params;
  const float *grads;
  float       *buf;
  float       *square_avg;
  float        neg_lr;
  float        weight_decay;
  float        momentum;
  float        alpha;
  float        one_minus_alpha;
  float        eps;
  int          decay;
  int          nesterov;
  int          first;
} EntrenaStepArgs;

typedef void EntrenaStepFusedFunc            (const EntrenaStepArgs *args);

/**
 * EntrenaKernelTable:
 * @name: the path's name: "scalar", "sse2", "avx2", "avx512" or "neon"
 * @sgemm: entrena_sgemm() on this path
 * @linear_forward: entrena_linear_forward() on this path
 * @linear_backward_input: entrena_linear_backward_input() on this path
 * @linear_backward_weight: entrena_linear_backward_weight() on this path
 * @adam_fused: entrena_adam_fused() on this path
 * @sgd_fused: entrena_sgd_fused() on this path
 * @rmsprop_fused: entrena_rmsprop_fused() on this path
 * @activation_forward: entrena_activation_forward() on this path
 * @activation_backward: entrena_activation_backward() on this path
 *
 * One implementation path. The functions behave exactly as the
 * entrena_…() functions of the same name (including threading), but always on
 * this path, whatever the dispatcher chose: tests and benchmarks use this to
 * run every compiled path side by side.
 */
typedef struct _EntrenaKernelTable EntrenaKernelTable;

struct _EntrenaKernelTable
{
  const char                      *name;
  EntrenaSgemmFunc                *sgemm;
  EntrenaLinearForwardFunc        *linear_forward;
  EntrenaLinearBackwardInputFunc  *linear_backward_input;
  EntrenaLinearBackwardWeightFunc *linear_backward_weight;
  EntrenaAdamFusedFunc            *adam_fused;
  EntrenaStepFusedFunc            *sgd_fused;
  EntrenaStepFusedFunc            *rmsprop_fused;
  EntrenaActivationForwardFunc    *activation_forward;
  EntrenaActivationBackwardFunc   *activation_backward;
};

/* Set-up and introspection. */

void                      entrena_kernels_init           (void);
const char               *entrena_kernels_get_impl_name  (void);
const EntrenaKernelTable *entrena_kernels_get_table      (const char *name);
const EntrenaKernelTable *entrena_kernels_get_active     (void);
int                       entrena_kernels_set_impl       (const char *name);
const char *const        *entrena_kernels_list_compiled  (void);

void                      entrena_kernels_set_threads    (unsigned n_threads);
unsigned                  entrena_kernels_get_threads    (void);

/**
 * EntrenaTaskFunc:
 * @data: what the caller passed
 * @task: the task to run, 0 … n_tasks − 1
 * @slot: the thread running it, 0 … max_slots − 1 (0 is the caller), for
 *   scratch memory of its own; which thread runs which task varies
 */
typedef void (*EntrenaTaskFunc) (void    *data,
                                 size_t   task,
                                 unsigned slot);

unsigned                  entrena_kernels_run_tasks      (size_t          n_tasks,
                                                          unsigned        max_slots,
                                                          EntrenaTaskFunc func,
                                                          void           *data);

/* Products, on the active path. */

EntrenaSgemmFunc                entrena_sgemm;
EntrenaLinearForwardFunc        entrena_linear_forward;
EntrenaLinearBackwardInputFunc  entrena_linear_backward_input;
EntrenaLinearBackwardWeightFunc entrena_linear_backward_weight;

/* Optimiser steps, on the active path. */

EntrenaAdamFusedFunc            entrena_adam_fused;
EntrenaStepFusedFunc            entrena_sgd_fused;
EntrenaStepFusedFunc            entrena_rmsprop_fused;

/* Activations between layers, on the active path. */

EntrenaActivationForwardFunc    entrena_activation_forward;
EntrenaActivationBackwardFunc   entrena_activation_backward;

#ifdef __cplusplus
}
#endif
