/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Register-tiled micro-kernel, written once and instantiated by each
 * instruction-set file (entrena-sgemm-<isa>.c) with its own vector type, in
 * the way of zlib-ng's and pixman's templates. This is not a normal header:
 * it is included only by those files, after they define
 *
 *   UK_FN                   name of the generated kernel
 *   UK_MR                   rows of the register tile (≤ 16)
 *   UK_NV                   vector registers per tile row
 *   UK_VL                   floats per vector register
 *   UK_T                    the vector type
 *   UK_ZERO()               all lanes 0
 *   UK_SET1(x)              x in every lane
 *   UK_LOADU(p)             load UK_VL floats, no alignment needed
 *   UK_STOREU(p, v)         store UK_VL floats, no alignment needed
 *   UK_FMA(a, b, c)         a · b + c (fused where the ISA has it)
 *   UK_MUL(a, b), UK_ADD(a, b)
 *   UK_MAX(f, v)            f > v ? f : v, lane-wise, keeping NaN in v
 *   UK_KEEP_POS(m, v)       m > 0 ? v : 0, lane-wise
 *
 * and optionally, for right-edge tiles done with masked vector operations
 * instead of a scalar loop,
 *
 *   UK_MASK_T, UK_MASK_FIRST(n)   a mask of the first n lanes (1 ≤ n ≤ UK_VL)
 *   UK_MASKLOADU(mask, p)         load those lanes, zero elsewhere, no fault
 *   UK_MASKSTOREU(p, mask, v)     store those lanes only
 *   UK_MASK_IS_FAST               (defined) when masked loads and stores
 *                                 cost as much as plain ones
 *
 * and, in one instance per file, UK_COLSUM_FN: the name of the column sum
 * (see EntrenaKernelImpl.colsum) to generate with the same vector type.
 * The template #undefs the instance's shape (UK_FN, UK_COLSUM_FN, UK_MR,
 * UK_NV) at its end; the vector type and its operations stay defined for the
 * file's next instance (a file that changes vector type #undefs them first).
 *
 * The generated kernel takes UK_PARAMS (below), the arguments UK_ARGS name.
 *
 * The kernel computes one tile of C (up to UK_MR rows by UK_NV · UK_VL
 * columns) over kc steps of k:
 *
 *   acc[i][j] = Σ_p op(A)[i][p] · B[p][j]
 *
 * broadcasting one element of A at a time and loading a row of B as vectors,
 * as BLIS's micro-kernels do. A is read in place (not packed): row i at
 * a + i · lda (a_trans == 0) or column i at a + i (a_trans == 1), the next p
 * one float or lda floats further. B is a sliver of UK_NV · UK_VL valid
 * floats per row (packed and zero padded by the driver where needed), rows
 * rsb floats apart. Only the first nr columns and mr rows are stored, with
 * the epilogue of EntrenaGemmArgs.
 *
 * The number of rows and the layout of A are made compile-time constants by
 * instantiating the always-inline body once per combination, so the
 * accumulators live in registers and edge tiles need no masking in the loop.
 */

#ifndef ENTRENA_UKERNEL_COMMON
#define ENTRENA_UKERNEL_COMMON

#include <math.h>

#define UK_CAT_(a, b)   a##b
#define UK_CAT(a, b)    UK_CAT_ (a, b)
#define UK_ALWAYS_INLINE inline __attribute__ ((always_inline))

/*
 * The parameters of a generated kernel: the tile's rows and A's layout, the
 * operands of the product over kc steps, then the tile of C and its epilogue
 * (the fields of EntrenaGemmArgs of the same names). The epilogue's share is
 * also the always-inline store's.
 */
#define UK_EPILOGUE_PARAMS                                                       \
  float *restrict c, size_t ldc, size_t nr, float alpha, float beta,             \
  const float *restrict bias, int relu, const float *restrict mask, size_t ldmask
#define UK_TILE_PARAMS                                                           \
  size_t kc, const float *restrict a, size_t lda, const float *restrict b,       \
  size_t rsb, UK_EPILOGUE_PARAMS
#define UK_PARAMS       size_t mr, int a_trans, UK_TILE_PARAMS

#define UK_EPILOGUE_ARGS c, ldc, nr, alpha, beta, bias, relu, mask, ldmask
#define UK_TILE_ARGS     kc, a, lda, b, rsb, UK_EPILOGUE_ARGS
#define UK_ARGS          mr, a_trans, UK_TILE_ARGS

/*
 * The epilogue of one tile, for right-edge tiles on instruction sets without
 * masked loads and stores: the accumulators were spilled to tile[mr][ldt].
 */
static __attribute__ ((unused)) void
uk_store_scalar (size_t       mr,
                 size_t       nr,
                 const float *tile,
                 size_t       ldt,
                 float       *c,
                 size_t       ldc,
                 float        alpha,
                 float        beta,
                 const float *bias,
                 int          relu,
                 const float *mask,
                 size_t       ldmask)
{
  for (size_t i = 0; i < mr; i++)
    {
      for (size_t j = 0; j < nr; j++)
        {
          float v = alpha * tile[i * ldt + j];

          if (beta != 0.0f)
            v += beta * c[i * ldc + j];
          if (bias != NULL)
            v += bias[j];
          if (relu && v < 0.0f)
            v = 0.0f;
          if (mask != NULL && !(mask[i * ldmask + j] > 0.0f))
            v = 0.0f;
          c[i * ldc + j] = v;
        }
    }
}

#endif /* ENTRENA_UKERNEL_COMMON */

#define UK_NR        (UK_NV * UK_VL)
#define UK_BODY      UK_CAT (UK_FN, _body)
#define UK_STORE     UK_CAT (UK_FN, _store)

/*
 * The epilogue of a tile, in registers: C = alpha · acc (+ beta · C) + bias,
 * then max (floor, ·) (floor is 0 for ReLU, −∞ otherwise; either keeps NaN),
 * then the mask. Bias and ReLU are applied unconditionally (a zero bias,
 * a −∞ floor) and beta and the mask are compile-time variants, so that no
 * branch is left between the stores: with a small k, branches there cost as
 * much as the multiply-adds. FULL tiles use plain loads and stores, the
 * others masked ones (or, without masks, a scalar loop). PLAIN tiles (alpha
 * 1, no bias, no ReLU: the gradients and plain products) skip the scaling,
 * the bias and the floor, which with a small k take as long as the
 * multiply-adds themselves.
 */
static UK_ALWAYS_INLINE void
UK_STORE (const size_t MRC,
          const int    FULL,
          const int    BETA,
          const int    MASK,
          const int    PLAIN,
          UK_T         acc[UK_MR][UK_NV],
          UK_EPILOGUE_PARAMS)
{
#ifndef UK_MASK_T
  if (!FULL)
    {
      float tile[UK_MR * UK_NR] __attribute__ ((aligned (64)));

#pragma GCC unroll 16
      for (size_t i = 0; i < MRC; i++)
#pragma GCC unroll 8
        for (size_t v = 0; v < UK_NV; v++)
          UK_STOREU (tile + i * UK_NR + v * UK_VL, acc[i][v]);

      uk_store_scalar (MRC, nr, tile, UK_NR, c, ldc, alpha, beta, bias, relu, mask, ldmask);
      return;
    }
#endif
  {
    const UK_T valpha = UK_SET1 (alpha);
    const UK_T vbeta = UK_SET1 (beta);
    const UK_T floor = UK_SET1 (relu ? 0.0f : -INFINITY);
    UK_T       vbias[UK_NV];
#ifdef UK_MASK_T
    UK_MASK_T  lanes[UK_NV];
#endif

#pragma GCC unroll 8
    for (size_t v = 0; v < UK_NV; v++)
      {
#ifdef UK_MASK_T
        if (!FULL)
          {
            size_t left = v * UK_VL < nr ? nr - v * UK_VL : 0;

            lanes[v] = UK_MASK_FIRST (left < UK_VL ? (left > 0 ? left : 1) : UK_VL);
            vbias[v] = bias != NULL && left > 0 ? UK_MASKLOADU (lanes[v], bias + v * UK_VL)
                                                : UK_ZERO ();
            continue;
          }
#endif
        vbias[v] = bias != NULL ? UK_LOADU (bias + v * UK_VL) : UK_ZERO ();
      }

#pragma GCC unroll 16
    for (size_t i = 0; i < MRC; i++)
      {
        float       *crow = c + i * ldc;
        const float *mrow = MASK ? mask + i * ldmask : NULL;

#pragma GCC unroll 8
        for (size_t v = 0; v < UK_NV; v++)
          {
            UK_T x;

            if (!FULL && v * UK_VL >= nr)
              break;
            x = PLAIN ? acc[i][v] : UK_MUL (acc[i][v], valpha);
#ifdef UK_MASK_T
            if (!FULL)
              {
                if (BETA)
                  x = UK_FMA (vbeta, UK_MASKLOADU (lanes[v], crow + v * UK_VL), x);
                if (!PLAIN)
                  x = UK_MAX (floor, UK_ADD (x, vbias[v]));
                if (MASK)
                  x = UK_KEEP_POS (UK_MASKLOADU (lanes[v], mrow + v * UK_VL), x);
                UK_MASKSTOREU (crow + v * UK_VL, lanes[v], x);
                continue;
              }
#endif
            if (BETA)
              x = UK_FMA (vbeta, UK_LOADU (crow + v * UK_VL), x);
            if (!PLAIN)
              x = UK_MAX (floor, UK_ADD (x, vbias[v]));
            if (MASK)
              x = UK_KEEP_POS (UK_LOADU (mrow + v * UK_VL), x);
            UK_STOREU (crow + v * UK_VL, x);
          }
      }
  }
}

static UK_ALWAYS_INLINE void
UK_BODY (const size_t MRC,
         const int    AT,
         UK_TILE_PARAMS)
{
  UK_T acc[UK_MR][UK_NV];

#pragma GCC unroll 16
  for (size_t i = 0; i < MRC; i++)
#pragma GCC unroll 8
    for (size_t v = 0; v < UK_NV; v++)
      acc[i][v] = UK_ZERO ();

  for (size_t p = 0; p < kc; p++)
    {
      UK_T bv[UK_NV];

#pragma GCC unroll 8
      for (size_t v = 0; v < UK_NV; v++)
        bv[v] = UK_LOADU (b + v * UK_VL);

#pragma GCC unroll 16
      for (size_t i = 0; i < MRC; i++)
        {
          UK_T av = UK_SET1 (AT ? a[i] : a[i * lda]);

#pragma GCC unroll 8
          for (size_t v = 0; v < UK_NV; v++)
            acc[i][v] = UK_FMA (av, bv[v], acc[i][v]);
        }

      b += rsb;
      a += AT ? lda : 1;
    }

#define UK_STORE_ARGS acc, UK_EPILOGUE_ARGS
  /* Tiles of the fastest kind (full ones, or all with fast masks) get a
   * variant without the scaling, bias and floor as well. */
#define UK_STORE_ALL(FULL_, PLAIN_)                                       \
  do                                                                      \
    {                                                                     \
      if (beta == 0.0f)                                                   \
        {                                                                 \
          if (mask == NULL)                                               \
            UK_STORE (MRC, FULL_, 0, 0, PLAIN_, UK_STORE_ARGS);           \
          else                                                            \
            UK_STORE (MRC, FULL_, 0, 1, PLAIN_, UK_STORE_ARGS);           \
        }                                                                 \
      else                                                                \
        {                                                                 \
          if (mask == NULL)                                               \
            UK_STORE (MRC, FULL_, 1, 0, PLAIN_, UK_STORE_ARGS);           \
          else                                                            \
            UK_STORE (MRC, FULL_, 1, 1, PLAIN_, UK_STORE_ARGS);           \
        }                                                                 \
    }                                                                     \
  while (0)

  const int plain = alpha == 1.0f && bias == NULL && !relu;

#ifdef UK_MASK_IS_FAST
  if (plain)
    UK_STORE_ALL (0, 1);
  else
    UK_STORE_ALL (0, 0);
#else
  if (nr == UK_NR)
    {
      if (plain)
        UK_STORE_ALL (1, 1);
      else
        UK_STORE_ALL (1, 0);
    }
  else
    {
# ifdef UK_MASK_T
      UK_STORE_ALL (0, 0);
# else
      UK_STORE (MRC, 0, 0, 0, 0, UK_STORE_ARGS);
# endif
    }
#endif
#undef UK_STORE_ALL
#undef UK_STORE_ARGS
}

/* The kernel: one instance of the body per row count and layout of A. */
static void
UK_FN (UK_PARAMS)
{
#define UK_CASE(R)                        \
  case R:                                 \
    if (a_trans)                          \
      UK_BODY (R, 1, UK_TILE_ARGS);       \
    else                                  \
      UK_BODY (R, 0, UK_TILE_ARGS);       \
    break;

  switch (mr)
    {
#if UK_MR >= 16
      UK_CASE (16)
#endif
#if UK_MR >= 15
      UK_CASE (15)
#endif
#if UK_MR >= 14
      UK_CASE (14)
#endif
#if UK_MR >= 13
      UK_CASE (13)
#endif
#if UK_MR >= 12
      UK_CASE (12)
#endif
#if UK_MR >= 11
      UK_CASE (11)
#endif
#if UK_MR >= 10
      UK_CASE (10)
#endif
#if UK_MR >= 9
      UK_CASE (9)
#endif
#if UK_MR >= 8
      UK_CASE (8)
#endif
#if UK_MR >= 7
      UK_CASE (7)
#endif
#if UK_MR >= 6
      UK_CASE (6)
#endif
#if UK_MR >= 5
      UK_CASE (5)
#endif
#if UK_MR >= 4
      UK_CASE (4)
#endif
#if UK_MR >= 3
      UK_CASE (3)
#endif
#if UK_MR >= 2
      UK_CASE (2)
#endif
      UK_CASE (1)
    default:
      break;
    }
#undef UK_CASE
}

#ifdef UK_COLSUM_FN
/*
 * Column sums, sum[j] += Σ_p a[p · lda + j] for p < rows and j < cols:
 * four vectors of columns at a time, then one, then the tail. Rows are
 * summed into two (or four) interleaved partial sums, so that the latency
 * of the additions does not serialise a long column; a narrow matrix (the
 * gradient of a 6-output layer) is all tail.
 */
void
UK_COLSUM_FN (size_t       rows,
              size_t       cols,
              const float *a,
              size_t       lda,
              float       *sum)
{
  size_t j = 0;

  for (; j + 4 * UK_VL <= cols; j += 4 * UK_VL)
    {
      UK_T s[4] = { UK_ZERO (), UK_ZERO (), UK_ZERO (), UK_ZERO () };

      for (size_t p = 0; p < rows; p++)
#pragma GCC unroll 4
        for (size_t v = 0; v < 4; v++)
          s[v] = UK_ADD (s[v], UK_LOADU (a + p * lda + j + v * UK_VL));
#pragma GCC unroll 4
      for (size_t v = 0; v < 4; v++)
        UK_STOREU (sum + j + v * UK_VL, UK_ADD (UK_LOADU (sum + j + v * UK_VL), s[v]));
    }

  for (; j + UK_VL <= cols; j += UK_VL)
    {
      UK_T   s0 = UK_ZERO (), s1 = UK_ZERO ();
      size_t p = 0;

      for (; p + 2 <= rows; p += 2)
        {
          s0 = UK_ADD (s0, UK_LOADU (a + p * lda + j));
          s1 = UK_ADD (s1, UK_LOADU (a + (p + 1) * lda + j));
        }
      if (p < rows)
        s0 = UK_ADD (s0, UK_LOADU (a + p * lda + j));
      UK_STOREU (sum + j, UK_ADD (UK_LOADU (sum + j), UK_ADD (s0, s1)));
    }

  if (j < cols)
    {
#ifdef UK_MASK_T
      UK_MASK_T lanes = UK_MASK_FIRST (cols - j);
      UK_T      s[4] = { UK_ZERO (), UK_ZERO (), UK_ZERO (), UK_ZERO () };
      size_t    p = 0;

      for (; p + 4 <= rows; p += 4)
#pragma GCC unroll 4
        for (size_t q = 0; q < 4; q++)
          s[q] = UK_ADD (s[q], UK_MASKLOADU (lanes, a + (p + q) * lda + j));
      for (; p < rows; p++)
        s[0] = UK_ADD (s[0], UK_MASKLOADU (lanes, a + p * lda + j));
      s[0] = UK_ADD (UK_ADD (s[0], s[1]), UK_ADD (s[2], s[3]));
      UK_MASKSTOREU (sum + j, lanes, UK_ADD (UK_MASKLOADU (lanes, sum + j), s[0]));
#else
      for (; j < cols; j++)
        {
          float  s[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
          size_t p = 0;

          for (; p + 4 <= rows; p += 4)
            for (size_t q = 0; q < 4; q++)
              s[q] += a[(p + q) * lda + j];
          for (; p < rows; p++)
            s[0] += a[p * lda + j];
          sum[j] += (s[0] + s[1]) + (s[2] + s[3]);
        }
#endif
    }
}
#endif /* UK_COLSUM_FN */

#undef UK_NR
#undef UK_BODY
#undef UK_STORE

/* The instance's shape, so that the next instance starts clean. */
#undef UK_FN
#undef UK_COLSUM_FN
#undef UK_MR
#undef UK_NV
