/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The NEON path (AArch64, where Advanced SIMD is part of the baseline, so
 * no flags and no run-time check are needed).
 *
 * Tiles: 6 × 16 (24 of the 32 q registers as accumulators, four of B, one
 * broadcast), with 6 × 8 and 6 × 4 kernels for right edges, which are
 * finished by a scalar loop.
 */

#include <arm_neon.h>

#include "entrena-kernels-private.h"

void _entrena_gemm_neon   (const EntrenaGemmArgs *g,
                           float                 *work);
void _entrena_colsum_neon (size_t       rows,
                           size_t       cols,
                           const float *a,
                           size_t       lda,
                           float       *sum);

/* vmaxq_f32 (FMAX) returns NaN when either input is NaN, as ReLU must. */
#define UK_T                 float32x4_t
#define UK_ZERO()            vdupq_n_f32 (0.0f)
#define UK_SET1(x)           vdupq_n_f32 (x)
#define UK_LOADU(p)          vld1q_f32 (p)
#define UK_STOREU(p, v)      vst1q_f32 ((p), (v))
#define UK_FMA(a, b, c)      vfmaq_f32 ((c), (a), (b))
#define UK_MUL(a, b)         vmulq_f32 ((a), (b))
#define UK_ADD(a, b)         vaddq_f32 ((a), (b))
#define UK_MAX(f, v)           vmaxq_f32 ((f), (v))
#define UK_KEEP_POS(m, v)    vreinterpretq_f32_u32 (vandq_u32 (vcgtq_f32 ((m), vdupq_n_f32 (0.0f)), vreinterpretq_u32_f32 (v)))
#define UK_VL                4

#define UK_FN                uk_neon_16
#define UK_COLSUM_FN         _entrena_colsum_neon
#define UK_MR                6
#define UK_NV                4
#include "entrena-sgemm-ukernel.h"

#define UK_FN                uk_neon_8
#define UK_MR                6
#define UK_NV                2
#include "entrena-sgemm-ukernel.h"

#define UK_FN                uk_neon_4
#define UK_MR                6
#define UK_NV                1
#include "entrena-sgemm-ukernel.h"

static inline size_t
drv_edge_width (size_t r)
{
  return r <= 4 ? 4 : r <= 8 ? 8 : 16;
}

static inline void
drv_ukernel (size_t width,
             UK_PARAMS)
{
  if (width == 16)
    uk_neon_16 (UK_ARGS);
  else if (width == 8)
    uk_neon_8 (UK_ARGS);
  else
    uk_neon_4 (UK_ARGS);
}

#define DRV_GEMM   _entrena_gemm_neon
#define DRV_COLSUM _entrena_colsum_neon
#define DRV_MR     6
#define DRV_NR     16
#include "entrena-sgemm-driver.h"

void _entrena_adam_neon (const EntrenaAdamArgs *args);
void _entrena_sgd_neon (const EntrenaStepArgs *args);
void _entrena_rmsprop_neon (const EntrenaStepArgs *args);

/* vfmaq_f32 rounds once (FMLA), vsqrtq_f32 and vdivq_f32 are IEEE's. */
#define AD_FN         _entrena_adam_neon
#define AD_T          float32x4_t
#define AD_VL         4
#define AD_LOADU(p)   vld1q_f32 (p)
#define AD_STOREU(p, v) vst1q_f32 ((p), (v))
#define AD_SET1(x)    vdupq_n_f32 (x)
#define AD_MUL(a, b)  vmulq_f32 ((a), (b))
#define AD_ADD(a, b)  vaddq_f32 ((a), (b))
#define AD_DIV(a, b)  vdivq_f32 ((a), (b))
#define AD_SQRT(a)    vsqrtq_f32 (a)
#define AD_FMA(a, b, c) vfmaq_f32 ((c), (a), (b))
#define OU_SGD_FN     _entrena_sgd_neon
#define OU_RMSPROP_FN _entrena_rmsprop_neon
#define OU_KEEP(v)    __extension__ ({ AD_T kept_ = (v); __asm__ ("" : "+w" (kept_)); kept_; })
#include "entrena-optim-update.h"
#include "entrena-adam-update.h"

void _entrena_activation_forward_neon  (ENTRENA_ACTIVATION_FORWARD_PARAMS);
void _entrena_activation_backward_neon (ENTRENA_ACTIVATION_BACKWARD_PARAMS);
void _entrena_elementary_neon (ENTRENA_ELEMENTARY_PARAMS);

/* vfmsq_f32 (a, b, c) is a − b · c, rounded once (FMLS). */
#define AC_FORWARD_FN          _entrena_activation_forward_neon
#define AC_BACKWARD_FN         _entrena_activation_backward_neon
#define AC_ELEMENTARY_FN       _entrena_elementary_neon
#define AC_T                   float32x4_t
#define AC_VL                  4
#define AC_LOADU(p)            vld1q_f32 (p)
#define AC_STOREU(p, v)        vst1q_f32 ((p), (v))
#define AC_SET1(x)             vdupq_n_f32 (x)
#define AC_MUL(a, b)           vmulq_f32 ((a), (b))
#define AC_SUB(a, b)           vsubq_f32 ((a), (b))
#define AC_SELECT_POS(m, a, b) vbslq_f32 (vcgtq_f32 ((m), vdupq_n_f32 (0.0f)), (a), (b))
#define AC_FNMA_ONE(y)         vfmsq_f32 (vdupq_n_f32 (1.0f), (y), (y))
#define AC_FMA(a, b, c)        vfmaq_f32 ((c), (a), (b))
#define AC_ADD(a, b)           vaddq_f32 ((a), (b))
#define AC_DIV(a, b)           vdivq_f32 ((a), (b))
#define AC_SELECT_LT(a, b, t, f) vbslq_f32 (vcltq_f32 ((a), (b)), (t), (f))
#define AC_SELECT_GT(a, b, t, f) vbslq_f32 (vcgtq_f32 ((a), (b)), (t), (f))
#define AC_I_T                 int32x4_t
#define AC_AS_I(v)             vreinterpretq_s32_f32 (v)
#define AC_AS_F(i)             vreinterpretq_f32_s32 (i)
#define AC_I_SET1(k)           vdupq_n_s32 (k)
#define AC_I_ADD(a, b)         vaddq_s32 ((a), (b))
#define AC_I_SUB(a, b)         vsubq_s32 ((a), (b))
#define AC_I_AND(a, b)         vandq_s32 ((a), (b))
#define AC_I_OR(a, b)          vorrq_s32 ((a), (b))
#define AC_I_SRA1(i)           vshrq_n_s32 ((i), 1)
#define AC_I_SHL23(i)          vshlq_n_s32 ((i), 23)
#include "entrena-activation-simd.h"

const EntrenaKernelImpl _entrena_kernel_impl_neon = {
  .name = "neon",
  .mr = 6,
  .nr = 16,
  .vl = 4,
  .gemm = _entrena_gemm_neon,
  .colsum = _entrena_colsum_neon,
  .adam = _entrena_adam_neon,
  .sgd = _entrena_sgd_neon,
  .rmsprop = _entrena_rmsprop_neon,
  .activation_forward = _entrena_activation_forward_neon,
  .activation_backward = _entrena_activation_backward_neon,
  .elementary = _entrena_elementary_neon,
};
