/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The SSE2 path: the x86-64 baseline, built with the default flags. SSE2
 * has no fused multiply-add, so each step is a multiply and an add (two
 * roundings, as the scalar reference does).
 *
 * Tiles: 6 × 8 (12 xmm accumulators, two xmm of B, one broadcast), and
 * 6 × 4 for right edges of 4 columns or fewer, which are finished by a
 * scalar loop (SSE2 has no masked stores).
 */

#include <emmintrin.h>

#include "entrena-kernels-private.h"

void _entrena_gemm_sse2   (const EntrenaGemmArgs *g,
                           float                 *work);
void _entrena_colsum_sse2 (size_t       rows,
                           size_t       cols,
                           const float *a,
                           size_t       lda,
                           float       *sum);

#define UK_T                 __m128
#define UK_ZERO()            _mm_setzero_ps ()
#define UK_SET1(x)           _mm_set1_ps (x)
#define UK_LOADU(p)          _mm_loadu_ps (p)
#define UK_STOREU(p, v)      _mm_storeu_ps ((p), (v))
#define UK_FMA(a, b, c)      _mm_add_ps (_mm_mul_ps ((a), (b)), (c))
#define UK_MUL(a, b)         _mm_mul_ps ((a), (b))
#define UK_ADD(a, b)         _mm_add_ps ((a), (b))
#define UK_MAX(f, v)           _mm_max_ps ((f), (v))
#define UK_KEEP_POS(m, v)    _mm_and_ps (_mm_cmpgt_ps ((m), _mm_setzero_ps ()), (v))
#define UK_VL                4

#define UK_FN                uk_sse2_8
#define UK_COLSUM_FN         _entrena_colsum_sse2
#define UK_MR                6
#define UK_NV                2
#include "entrena-sgemm-ukernel.h"

#define UK_FN                uk_sse2_4
#define UK_MR                6
#define UK_NV                1
#include "entrena-sgemm-ukernel.h"

static inline size_t
drv_edge_width (size_t r)
{
  return r <= 4 ? 4 : 8;
}

static inline void
drv_ukernel (size_t width,
             UK_PARAMS)
{
  if (width == 8)
    uk_sse2_8 (UK_ARGS);
  else
    uk_sse2_4 (UK_ARGS);
}

#define DRV_GEMM   _entrena_gemm_sse2
#define DRV_COLSUM _entrena_colsum_sse2
#define DRV_MR     6
#define DRV_NR     8
#include "entrena-sgemm-driver.h"

void _entrena_activation_forward_sse2  (ENTRENA_ACTIVATION_FORWARD_PARAMS);
void _entrena_activation_backward_sse2 (ENTRENA_ACTIVATION_BACKWARD_PARAMS);

/* No fused multiply-add in SSE2: Tanh's backward stays scalar. */
#define AC_FORWARD_FN          _entrena_activation_forward_sse2
#define AC_BACKWARD_FN         _entrena_activation_backward_sse2
#define AC_T                   __m128
#define AC_VL                  4
#define AC_LOADU(p)            _mm_loadu_ps (p)
#define AC_STOREU(p, v)        _mm_storeu_ps ((p), (v))
#define AC_SET1(x)             _mm_set1_ps (x)
#define AC_MUL(a, b)           _mm_mul_ps ((a), (b))
#define AC_SUB(a, b)           _mm_sub_ps ((a), (b))
#define AC_SELECT_POS(m, a, b) _mm_or_ps (_mm_and_ps (_mm_cmpgt_ps ((m), _mm_setzero_ps ()), (a)), \
                                     _mm_andnot_ps (_mm_cmpgt_ps ((m), _mm_setzero_ps ()), (b)))
#include "entrena-activation-simd.h"

const EntrenaKernelImpl _entrena_kernel_impl_sse2 = {
  .name = "sse2",
  .mr = 6,
  .nr = 8,
  .vl = 4,
  .gemm = _entrena_gemm_sse2,
  .colsum = _entrena_colsum_sse2,
  .adam = _entrena_adam_ref,     /* SSE2 has no fused multiply-add */
  .sgd = _entrena_sgd_ref,
  .rmsprop = _entrena_rmsprop_ref,
  .activation_forward = _entrena_activation_forward_sse2,
  .activation_backward = _entrena_activation_backward_sse2,
  .elementary = _entrena_elementary_ref,
};
