/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The activations between layers, one element at a time: the specification
 * the vectorised paths (entrena-activation-simd.h) follow bit for bit, and
 * the path for what they leave to it.
 *
 * Each formula is the one of PyTorch 1.13's CPU kernel for float32, with its
 * operations in the same order, each rounded once, and a fused multiply-add
 * where GCC fuses one in PyTorch's AVX2 build (the kernel PyTorch picks on
 * any x86-64 CPU with AVX2 and FMA, which Entrena's initialisation and Adam
 * follow too). Forward:
 *
 *   ReLU        x < 0 ? 0 : x                      (NaN stays NaN)
 *   LeakyReLU   x > 0 ? x : x · 0.01f
 *   Tanh        tanh (x)
 *   Sigmoid     1 / (1 + exp (−x))
 *   GELU        (x · 0.5) · (1 + erf (x · √½))
 *
 * Backward, d the gradient of the activation's output y, x its input:
 *
 *   ReLU        y > 0 ? d : 0                      (threshold_backward)
 *   LeakyReLU   x > 0 ? d : d · 0.01f              (y > 0 exactly when x > 0)
 *   Tanh        d · (1 − y · y)                    (the difference fused)
 *   Sigmoid     (d · (1 − y)) · y
 *   GELU        d · (cdf + x · pdf)                (the sum fused), with
 *               cdf = 0.5 · (1 + erf (x · √½)) and
 *               pdf = (2/√π · √½ · 0.5) · exp ((x · x) · −0.5)
 *
 * In Sigmoid, 1 + exp (−x) is one fused multiply-add of exp's last product
 * (see entrena-activation-math.h).
 *
 * tanh, exp and erf are Entrena's own (entrena-activation-math.h), within
 * 2 ulp of the exact values over the whole float range, made of operations
 * that every vector path repeats bit for bit. They are not glibc's tanhf,
 * expf and erff, nor the SLEEF ones PyTorch's CPU kernels use (within
 * 1 ulp): results may differ from either by an ulp or two, which stays far
 * below what the tests of the loss curves against PyTorch allow.
 */

#include <math.h>

#include "entrena-activation-math.h"
#include "entrena-kernels-private.h"

void
_entrena_activation_forward_ref (ENTRENA_ACTIVATION_FORWARD_PARAMS)
{
  for (size_t i = 0; i < n; i++)
    {
      float v = x[i];

      switch (activation)
        {
        case ENTRENA_ACTIVATION_RELU:
          y[i] = v < 0.0f ? 0.0f : v;
          break;
        case ENTRENA_ACTIVATION_LEAKY_RELU:
          y[i] = v > 0.0f ? v : v * ENTRENA_LEAKY_RELU_SLOPE;
          break;
        case ENTRENA_ACTIVATION_TANH:
          y[i] = _entrena_tanhf (v);
          break;
        case ENTRENA_ACTIVATION_SIGMOID:
          {
            float a, b;

            _entrena_expf_factors (-v, &a, &b);
            y[i] = 1.0f / _entrena_fmaf (a, b, 1.0f);
          }
          break;
        case ENTRENA_ACTIVATION_GELU:
        default:
          y[i] = v * 0.5f * (1.0f + _entrena_erff (v * ENTRENA_GELU_ALPHA));
          break;
        }
    }
}

void
_entrena_activation_backward_ref (ENTRENA_ACTIVATION_BACKWARD_PARAMS)
{
  for (size_t i = 0; i < n; i++)
    {
      switch (activation)
        {
        case ENTRENA_ACTIVATION_RELU:
          d[i] = y[i] > 0.0f ? d[i] : 0.0f;
          break;
        case ENTRENA_ACTIVATION_LEAKY_RELU:
          d[i] = y[i] > 0.0f ? d[i] : d[i] * ENTRENA_LEAKY_RELU_SLOPE;
          break;
        case ENTRENA_ACTIVATION_TANH:
          d[i] = d[i] * _entrena_fmaf (-y[i], y[i], 1.0f);
          break;
        case ENTRENA_ACTIVATION_SIGMOID:
          d[i] = d[i] * (1.0f - y[i]) * y[i];
          break;
        case ENTRENA_ACTIVATION_GELU:
        default:
          {
            float v = x[i];
            float cdf = 0.5f * (1.0f + _entrena_erff (v * ENTRENA_GELU_ALPHA));
            float pdf = ENTRENA_GELU_BETA * _entrena_expf (v * v * -0.5f);

            d[i] = d[i] * _entrena_fmaf (v, pdf, cdf);
          }
          break;
        }
    }
}

void
_entrena_elementary_ref (ENTRENA_ELEMENTARY_PARAMS)
{
  for (size_t i = 0; i < n; i++)
    y[i] = fn == ENTRENA_ELEMENTARY_EXP ? _entrena_expf (x[i])
         : fn == ENTRENA_ELEMENTARY_TANH ? _entrena_tanhf (x[i])
         : _entrena_erff (x[i]);
}
