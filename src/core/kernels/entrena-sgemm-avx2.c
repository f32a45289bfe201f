/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The AVX2 + FMA path. Built as its own static library with -mavx2 -mfma,
 * so no instruction from here runs before the dispatcher has checked the CPU.
 *
 * Tiles: 6 × 16 (12 ymm accumulators, two ymm of B and one broadcast, the
 * classic Haswell shape), and 6 × 8 for right edges of 8 columns or fewer.
 * Right edges use masked loads and stores (vmaskmovps).
 */

#include <immintrin.h>
#include <stdint.h>

#include "entrena-kernels-private.h"

#if !defined(__AVX2__) || !defined(__FMA__)
#error "entrena-sgemm-avx2.c must be built with -mavx2 -mfma"
#endif

void _entrena_gemm_avx2   (const EntrenaGemmArgs *g,
                           float                 *work);
void _entrena_colsum_avx2 (size_t       rows,
                           size_t       cols,
                           const float *a,
                           size_t       lda,
                           float       *sum);

/* Mask of the first n lanes: load 8 ints starting at lanes + 8 - n. */
static const int32_t avx2_mask_table[16] = { -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0 };

#define UK_T                 __m256
#define UK_ZERO()            _mm256_setzero_ps ()
#define UK_SET1(x)           _mm256_set1_ps (x)
#define UK_LOADU(p)          _mm256_loadu_ps (p)
#define UK_STOREU(p, v)      _mm256_storeu_ps ((p), (v))
#define UK_FMA(a, b, c)      _mm256_fmadd_ps ((a), (b), (c))
#define UK_MUL(a, b)         _mm256_mul_ps ((a), (b))
#define UK_ADD(a, b)         _mm256_add_ps ((a), (b))
#define UK_MAX(f, v)           _mm256_max_ps ((f), (v))
#define UK_KEEP_POS(m, v)    _mm256_and_ps (_mm256_cmp_ps ((m), _mm256_setzero_ps (), _CMP_GT_OQ), (v))
#define UK_MASK_T            __m256i
#define UK_MASK_FIRST(n)     _mm256_loadu_si256 ((const __m256i *) (avx2_mask_table + 8 - (n)))
#define UK_MASKLOADU(k, p)   _mm256_maskload_ps ((p), (k))
#define UK_MASKSTOREU(p, k, v) _mm256_maskstore_ps ((p), (k), (v))
#define UK_VL                8

#define UK_FN                uk_avx2_16
#define UK_COLSUM_FN         _entrena_colsum_avx2
#define UK_MR                6
#define UK_NV                2
#include "entrena-sgemm-ukernel.h"

#define UK_FN                uk_avx2_8
#define UK_MR                6
#define UK_NV                1
#include "entrena-sgemm-ukernel.h"

static inline size_t
drv_edge_width (size_t r)
{
  return r <= 8 ? 8 : 16;
}

static inline void
drv_ukernel (size_t width,
             UK_PARAMS)
{
  if (width == 16)
    uk_avx2_16 (UK_ARGS);
  else
    uk_avx2_8 (UK_ARGS);
}

#define DRV_GEMM   _entrena_gemm_avx2
#define DRV_COLSUM _entrena_colsum_avx2
#define DRV_MR     6
#define DRV_NR     16
#include "entrena-sgemm-driver.h"

void _entrena_adam_avx2 (const EntrenaAdamArgs *args);
void _entrena_sgd_avx2 (const EntrenaStepArgs *args);
void _entrena_rmsprop_avx2 (const EntrenaStepArgs *args);

#define AD_FN         _entrena_adam_avx2
#define AD_T          __m256
#define AD_VL         8
#define AD_LOADU(p)   _mm256_loadu_ps (p)
#define AD_STOREU(p, v) _mm256_storeu_ps ((p), (v))
#define AD_SET1(x)    _mm256_set1_ps (x)
#define AD_MUL(a, b)  _mm256_mul_ps ((a), (b))
#define AD_ADD(a, b)  _mm256_add_ps ((a), (b))
#define AD_DIV(a, b)  _mm256_div_ps ((a), (b))
#define AD_SQRT(a)    _mm256_sqrt_ps (a)
#define AD_FMA(a, b, c) _mm256_fmadd_ps ((a), (b), (c))
#define OU_SGD_FN     _entrena_sgd_avx2
#define OU_RMSPROP_FN _entrena_rmsprop_avx2
#define OU_KEEP(v)    __extension__ ({ AD_T kept_ = (v); __asm__ ("" : "+v" (kept_)); kept_; })
#include "entrena-optim-update.h"
#include "entrena-adam-update.h"

void _entrena_activation_forward_avx2  (ENTRENA_ACTIVATION_FORWARD_PARAMS);
void _entrena_activation_backward_avx2 (ENTRENA_ACTIVATION_BACKWARD_PARAMS);
void _entrena_elementary_avx2 (ENTRENA_ELEMENTARY_PARAMS);

#define AC_FORWARD_FN          _entrena_activation_forward_avx2
#define AC_BACKWARD_FN         _entrena_activation_backward_avx2
#define AC_ELEMENTARY_FN       _entrena_elementary_avx2
#define AC_T                   __m256
#define AC_VL                  8
#define AC_LOADU(p)            _mm256_loadu_ps (p)
#define AC_STOREU(p, v)        _mm256_storeu_ps ((p), (v))
#define AC_SET1(x)             _mm256_set1_ps (x)
#define AC_MUL(a, b)           _mm256_mul_ps ((a), (b))
#define AC_SUB(a, b)           _mm256_sub_ps ((a), (b))
#define AC_SELECT_POS(m, a, b) _mm256_blendv_ps ((b), (a), _mm256_cmp_ps ((m), _mm256_setzero_ps (), _CMP_GT_OQ))
#define AC_FNMA_ONE(y)         _mm256_fnmadd_ps ((y), (y), _mm256_set1_ps (1.0f))
#define AC_FMA(a, b, c)        _mm256_fmadd_ps ((a), (b), (c))
#define AC_ADD(a, b)           _mm256_add_ps ((a), (b))
#define AC_DIV(a, b)           _mm256_div_ps ((a), (b))
#define AC_SELECT_LT(a, b, t, f) _mm256_blendv_ps ((f), (t), _mm256_cmp_ps ((a), (b), _CMP_LT_OQ))
#define AC_SELECT_GT(a, b, t, f) _mm256_blendv_ps ((f), (t), _mm256_cmp_ps ((a), (b), _CMP_GT_OQ))
#define AC_I_T                 __m256i
#define AC_AS_I(v)             _mm256_castps_si256 (v)
#define AC_AS_F(i)             _mm256_castsi256_ps (i)
#define AC_I_SET1(k)           _mm256_set1_epi32 (k)
#define AC_I_ADD(a, b)         _mm256_add_epi32 ((a), (b))
#define AC_I_SUB(a, b)         _mm256_sub_epi32 ((a), (b))
#define AC_I_AND(a, b)         _mm256_and_si256 ((a), (b))
#define AC_I_OR(a, b)          _mm256_or_si256 ((a), (b))
#define AC_I_SRA1(i)           _mm256_srai_epi32 ((i), 1)
#define AC_I_SHL23(i)          _mm256_slli_epi32 ((i), 23)
#include "entrena-activation-simd.h"

const EntrenaKernelImpl _entrena_kernel_impl_avx2 = {
  .name = "avx2",
  .mr = 6,
  .nr = 16,
  .vl = 8,
  .gemm = _entrena_gemm_avx2,
  .colsum = _entrena_colsum_avx2,
  .adam = _entrena_adam_avx2,
  .sgd = _entrena_sgd_avx2,
  .rmsprop = _entrena_rmsprop_avx2,
  .activation_forward = _entrena_activation_forward_avx2,
  .activation_backward = _entrena_activation_backward_avx2,
  .elementary = _entrena_elementary_avx2,
};
