/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The AVX-512 path. Built as its own static library with -mavx512f
 * -mavx512vl (and -mavx2 -mfma, which every AVX-512 CPU has; the dispatcher
 * checks all four), so no instruction from here runs before the dispatcher
 * has checked the CPU. AVX-512VL gives the ymm kernels the same cheap
 * mask-register loads and stores as the zmm ones (AVX2's vmaskmovps store
 * is slow on AMD's cores).
 *
 * Tiles: 12 × 32 (24 zmm accumulators, two zmm of B, A broadcast from memory
 * into the FMA), with 12 × 16 and 12 × 8 (ymm) kernels for the right edge.
 * Narrow products (6 or 11 columns) therefore use ymm, not a zmm two-thirds
 * empty: on Zen 4 two ymm FMAs per cycle give the same FLOP rate as one zmm.
 * Right edges are masked vector operations, not scalar loops.
 */

#include <immintrin.h>

#include "entrena-kernels-private.h"

#if !defined(__AVX512F__) || !defined(__AVX512VL__) || !defined(__AVX2__) || !defined(__FMA__)
#error "entrena-sgemm-avx512.c must be built with -mavx512f -mavx512vl -mavx2 -mfma"
#endif

void _entrena_gemm_avx512   (const EntrenaGemmArgs *g,
                             float                 *work);
void _entrena_colsum_avx512 (size_t       rows,
                             size_t       cols,
                             const float *a,
                             size_t       lda,
                             float       *sum);

/* zmm registers, 16 floats each. */
#define UK_VL                16
#define UK_T                 __m512
#define UK_ZERO()            _mm512_setzero_ps ()
#define UK_SET1(x)           _mm512_set1_ps (x)
#define UK_LOADU(p)          _mm512_loadu_ps (p)
#define UK_STOREU(p, v)      _mm512_storeu_ps ((p), (v))
#define UK_FMA(a, b, c)      _mm512_fmadd_ps ((a), (b), (c))
#define UK_MUL(a, b)         _mm512_mul_ps ((a), (b))
#define UK_ADD(a, b)         _mm512_add_ps ((a), (b))
#define UK_MAX(f, v)           _mm512_max_ps ((f), (v))
#define UK_KEEP_POS(m, v)    _mm512_maskz_mov_ps (_mm512_cmp_ps_mask ((m), _mm512_setzero_ps (), _CMP_GT_OQ), (v))
#define UK_MASK_T            __mmask16
#define UK_MASK_FIRST(n)     ((__mmask16) ((1u << (n)) - 1u))
#define UK_MASKLOADU(k, p)   _mm512_maskz_loadu_ps ((k), (p))
#define UK_MASKSTOREU(p, k, v) _mm512_mask_storeu_ps ((p), (k), (v))
#define UK_MASK_IS_FAST

/* 12 × 32: two zmm per row. */
#define UK_FN                uk_avx512_32
#define UK_COLSUM_FN         _entrena_colsum_avx512
#define UK_MR                12
#define UK_NV                2
#include "entrena-sgemm-ukernel.h"

/* 12 × 16: one zmm per row. */
#define UK_FN                uk_avx512_16
#define UK_MR                12
#define UK_NV                1
#include "entrena-sgemm-ukernel.h"

/* ymm registers for the narrowest edges, with AVX-512VL masks. */
#undef UK_VL
#undef UK_T
#undef UK_ZERO
#undef UK_SET1
#undef UK_LOADU
#undef UK_STOREU
#undef UK_FMA
#undef UK_MUL
#undef UK_ADD
#undef UK_MAX
#undef UK_KEEP_POS
#undef UK_MASK_T
#undef UK_MASK_FIRST
#undef UK_MASKLOADU
#undef UK_MASKSTOREU
#undef UK_MASK_IS_FAST

#define UK_VL                8
#define UK_T                 __m256
#define UK_ZERO()            _mm256_setzero_ps ()
#define UK_SET1(x)           _mm256_set1_ps (x)
#define UK_LOADU(p)          _mm256_loadu_ps (p)
#define UK_STOREU(p, v)      _mm256_storeu_ps ((p), (v))
#define UK_FMA(a, b, c)      _mm256_fmadd_ps ((a), (b), (c))
#define UK_MUL(a, b)         _mm256_mul_ps ((a), (b))
#define UK_ADD(a, b)         _mm256_add_ps ((a), (b))
#define UK_MAX(f, v)           _mm256_max_ps ((f), (v))
#define UK_KEEP_POS(m, v)    _mm256_maskz_mov_ps (_mm256_cmp_ps_mask ((m), _mm256_setzero_ps (), _CMP_GT_OQ), (v))
#define UK_MASK_T            __mmask8
#define UK_MASK_FIRST(n)     ((__mmask8) ((1u << (n)) - 1u))
#define UK_MASKLOADU(k, p)   _mm256_maskz_loadu_ps ((k), (p))
#define UK_MASKSTOREU(p, k, v) _mm256_mask_storeu_ps ((p), (k), (v))
#define UK_MASK_IS_FAST

/* 12 × 8: one ymm per row. */
#define UK_FN                uk_avx512_8
#define UK_MR                12
#define UK_NV                1
#include "entrena-sgemm-ukernel.h"

static inline size_t
drv_edge_width (size_t r)
{
  return r <= 8 ? 8 : r <= 16 ? 16 : 32;
}

static inline void
drv_ukernel (size_t width,
             UK_PARAMS)
{
  if (width == 32)
    uk_avx512_32 (UK_ARGS);
  else if (width == 16)
    uk_avx512_16 (UK_ARGS);
  else
    uk_avx512_8 (UK_ARGS);
}

#define DRV_GEMM   _entrena_gemm_avx512
#define DRV_COLSUM _entrena_colsum_avx512
#define DRV_MR     12
#define DRV_NR     32
#define DRV_KC     256
#include "entrena-sgemm-driver.h"

void _entrena_adam_avx512 (const EntrenaAdamArgs *args);
void _entrena_sgd_avx512 (const EntrenaStepArgs *args);
void _entrena_rmsprop_avx512 (const EntrenaStepArgs *args);

#define AD_FN         _entrena_adam_avx512
#define AD_T          __m512
#define AD_VL         16
#define AD_LOADU(p)   _mm512_loadu_ps (p)
#define AD_STOREU(p, v) _mm512_storeu_ps ((p), (v))
#define AD_SET1(x)    _mm512_set1_ps (x)
#define AD_MUL(a, b)  _mm512_mul_ps ((a), (b))
#define AD_ADD(a, b)  _mm512_add_ps ((a), (b))
#define AD_DIV(a, b)  _mm512_div_ps ((a), (b))
#define AD_SQRT(a)    _mm512_sqrt_ps (a)
#define AD_FMA(a, b, c) _mm512_fmadd_ps ((a), (b), (c))
#define OU_SGD_FN     _entrena_sgd_avx512
#define OU_RMSPROP_FN _entrena_rmsprop_avx512
#define OU_KEEP(v)    __extension__ ({ AD_T kept_ = (v); __asm__ ("" : "+v" (kept_)); kept_; })
#include "entrena-optim-update.h"
#include "entrena-adam-update.h"

void _entrena_activation_forward_avx512  (ENTRENA_ACTIVATION_FORWARD_PARAMS);
void _entrena_activation_backward_avx512 (ENTRENA_ACTIVATION_BACKWARD_PARAMS);
void _entrena_elementary_avx512 (ENTRENA_ELEMENTARY_PARAMS);

#define AC_FORWARD_FN          _entrena_activation_forward_avx512
#define AC_BACKWARD_FN         _entrena_activation_backward_avx512
#define AC_ELEMENTARY_FN       _entrena_elementary_avx512
#define AC_T                   __m512
#define AC_VL                  16
#define AC_LOADU(p)            _mm512_loadu_ps (p)
#define AC_STOREU(p, v)        _mm512_storeu_ps ((p), (v))
#define AC_SET1(x)             _mm512_set1_ps (x)
#define AC_MUL(a, b)           _mm512_mul_ps ((a), (b))
#define AC_SUB(a, b)           _mm512_sub_ps ((a), (b))
#define AC_SELECT_POS(m, a, b) _mm512_mask_blend_ps (_mm512_cmp_ps_mask ((m), _mm512_setzero_ps (), _CMP_GT_OQ), (b), (a))
#define AC_FNMA_ONE(y)         _mm512_fnmadd_ps ((y), (y), _mm512_set1_ps (1.0f))
#define AC_FMA(a, b, c)        _mm512_fmadd_ps ((a), (b), (c))
#define AC_ADD(a, b)           _mm512_add_ps ((a), (b))
#define AC_DIV(a, b)           _mm512_div_ps ((a), (b))
#define AC_SELECT_LT(a, b, t, f) _mm512_mask_blend_ps (_mm512_cmp_ps_mask ((a), (b), _CMP_LT_OQ), (f), (t))
#define AC_SELECT_GT(a, b, t, f) _mm512_mask_blend_ps (_mm512_cmp_ps_mask ((a), (b), _CMP_GT_OQ), (f), (t))
#define AC_I_T                 __m512i
#define AC_AS_I(v)             _mm512_castps_si512 (v)
#define AC_AS_F(i)             _mm512_castsi512_ps (i)
#define AC_I_SET1(k)           _mm512_set1_epi32 (k)
#define AC_I_ADD(a, b)         _mm512_add_epi32 ((a), (b))
#define AC_I_SUB(a, b)         _mm512_sub_epi32 ((a), (b))
#define AC_I_AND(a, b)         _mm512_and_si512 ((a), (b))
#define AC_I_OR(a, b)          _mm512_or_si512 ((a), (b))
#define AC_I_SRA1(i)           _mm512_srai_epi32 ((i), 1)
#define AC_I_SHL23(i)          _mm512_slli_epi32 ((i), 23)
#include "entrena-activation-simd.h"

const EntrenaKernelImpl _entrena_kernel_impl_avx512 = {
  .name = "avx512",
  .mr = 12,
  .nr = 32,
  .vl = 16,
  .gemm = _entrena_gemm_avx512,
  .colsum = _entrena_colsum_avx512,
  .adam = _entrena_adam_avx512,
  .sgd = _entrena_sgd_avx512,
  .rmsprop = _entrena_rmsprop_avx512,
  .activation_forward = _entrena_activation_forward_avx512,
  .activation_backward = _entrena_activation_backward_avx512,
  .elementary = _entrena_elementary_avx512,
};
