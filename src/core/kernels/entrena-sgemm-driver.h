/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The blocked product around the micro-kernels (BLIS's loops), written once
 * and compiled by each instruction-set file with its own flags, so that the
 * packing loops use that instruction set too. Included only by
 * entrena-sgemm-<isa>.c, after they define
 *
 *   DRV_GEMM          name of the exported single-threaded product
 *   DRV_COLSUM        name of the exported column sum
 *   DRV_MR            rows of every micro-kernel's tile
 *   DRV_NR            columns of the widest micro-kernel's tile
 *
 * and these static functions:
 *
 *   drv_edge_width (r)        the narrowest kernel width ≥ r, for the last
 *                             r < DRV_NR columns
 *   drv_ukernel (width, ...)  the micro-kernel of that width (the arguments
 *                             of UK_FN in entrena-sgemm-ukernel.h)
 *   drv_colsum_block (...)    the column sums, see DRV_COLSUM
 *
 * Loops, outermost first:
 *
 *   pc  k in blocks of kc ≤ ENTRENA_KC_MAX (balanced)
 *   jc  n in panels of nc ≤ ENTRENA_NC_MAX; op(B)[kc][nc] is packed into the
 *       workspace when it is transposed (W in the forward product); when it
 *       is not, it is read in place and only a right-edge sliver narrower
 *       than the kernel is copied, zero padded
 *   ic  m in tiles of DRV_MR rows; A is never packed: its tile rows stay in
 *       L1 while the jr loop reuses them
 *   jr  the panel's slivers of DRV_NR columns, then one edge sliver
 *
 * The epilogue runs on the last block of k, and beta on the first.
 */

#include <string.h>

/* The block of k: the kernel's sliver of packed B, kc × DRV_NR floats,
 * should stay in L1 beside the tile's rows of A. */
#ifndef DRV_KC
#define DRV_KC ENTRENA_KC_MAX
#endif

/* What the A and B blocks of the weight gradient may take of L2: 512 KiB,
 * half of a Zen 4 or recent Intel core's, a quarter of Apple's. */
#ifndef DRV_L2_FLOATS
#define DRV_L2_FLOATS ((size_t) 128 * 1024)
#endif

static void
drv_pack_b (const EntrenaGemmArgs *g,
            size_t                 pc,
            size_t                 kc,
            size_t                 j0,
            size_t                 cols,
            size_t                 width,
            float *restrict        dst)
{
  /* dst[p][width] = op(B)[pc + p][j0 + j] for j < cols, 0 for cols ≤ j < width. */
  if (g->trans_b)
    {
      for (size_t p = 0; p < kc; p++)
        {
          for (size_t j = 0; j < cols; j++)
            dst[p * width + j] = g->b[(j0 + j) * g->ldb + pc + p];
          for (size_t j = cols; j < width; j++)
            dst[p * width + j] = 0.0f;
        }
    }
  else
    {
      for (size_t p = 0; p < kc; p++)
        {
          const float *src = g->b + (pc + p) * g->ldb + j0;

          memcpy (dst + p * width, src, cols * sizeof (float));
          for (size_t j = cols; j < width; j++)
            dst[p * width + j] = 0.0f;
        }
    }
}

void
DRV_GEMM (const EntrenaGemmArgs *g,
          float                 *work)
{
  /* Pack all of op(B) when it is transposed (it must be), or when many
   * tiles of rows reuse it: then each sliver is contiguous, which also keeps
   * rows of W whose length is a multiple of 4 KiB from colliding in L1. */
  const int pack_all = g->trans_b || (!g->trans_a && g->m >= 4 * DRV_MR);
  size_t    kc_limit = DRV_KC;
  size_t    nc_limit = ENTRENA_NC_MAX;
  size_t    k_blocks, kc_max;

  if (!pack_all && g->trans_a)
    {
      /* The weight gradient: A and B both stream along k and every tile
       * reads its own columns of them, so only the block of both (kc rows of
       * m + n floats) needs to stay in L2; larger blocks mean fewer passes
       * over C and fewer calls. The packed edge sliver must fit too. */
      size_t budget = DRV_L2_FLOATS / (g->m + g->n);

      kc_limit = budget < DRV_KC ? DRV_KC : budget > 4096 ? 4096 : budget;
      if (kc_limit > ENTRENA_PACK_FLOATS / DRV_NR)
        kc_limit = ENTRENA_PACK_FLOATS / DRV_NR;
    }

  k_blocks = (g->k + kc_limit - 1) / kc_limit;
  kc_max = (g->k + k_blocks - 1) / k_blocks;
  if (pack_all)
    {
      /* The packed panel fills the workspace at most. */
      nc_limit = ENTRENA_PACK_FLOATS / kc_max / DRV_NR * DRV_NR;
      if (nc_limit > 2 * ENTRENA_NC_MAX)
        nc_limit = 2 * ENTRENA_NC_MAX;
    }

  for (size_t pc = 0; pc < g->k; pc += kc_max)
    {
      const size_t kc = g->k - pc < kc_max ? g->k - pc : kc_max;
      const int    first = pc == 0;
      const int    last = pc + kc == g->k;
      const float  beta = first ? g->beta : 1.0f;

      /* Sum the rows of this block of k while they are in cache. */
      if (g->ksum != NULL)
        DRV_COLSUM (kc, g->ksum_cols, g->ksum_src + pc * g->ksum_ld, g->ksum_ld, g->ksum);

      for (size_t jc = 0; jc < g->n; jc += nc_limit)
        {
          const size_t nc = g->n - jc < nc_limit ? g->n - jc : nc_limit;
          const size_t n_full = nc / DRV_NR * DRV_NR;
          const size_t edge = nc - n_full;
          const size_t edge_width = edge > 0 ? drv_edge_width (edge) : 0;

          /* Slivers: packed ones at work + jr · kc, kc rows of their width. */
          if (pack_all)
            {
              for (size_t jr = 0; jr < n_full; jr += DRV_NR)
                drv_pack_b (g, pc, kc, jc + jr, DRV_NR, DRV_NR, work + jr * kc);
            }
          if (edge > 0)
            drv_pack_b (g, pc, kc, jc + n_full, edge, edge_width, work + n_full * kc);

          for (size_t ic = 0; ic < g->m; ic += DRV_MR)
            {
              const size_t mr = g->m - ic < DRV_MR ? g->m - ic : DRV_MR;
              const float *a = g->trans_a ? g->a + pc * g->lda + ic : g->a + ic * g->lda + pc;
              float       *c = g->c + ic * g->ldc + jc;
              const float *mask = NULL;

              if (last && g->mask != NULL)
                mask = g->mask + ic * g->ldmask + jc;

              /* Rows of A are read in place: ask for the next tile's rows
               * (into L2) while this one computes, as packing would. */
              if (!g->trans_a && kc >= 32 && ic + DRV_MR < g->m)
                {
                  const size_t next = g->m - ic - DRV_MR < DRV_MR ? g->m - ic - DRV_MR : DRV_MR;

                  for (size_t i = 0; i < next; i++)
                    for (size_t p = 0; p < kc; p += 16)
                      __builtin_prefetch (a + (DRV_MR + i) * g->lda + p, 0, 2);
                }

              for (size_t jr = 0; jr < nc; jr += DRV_NR)
                {
                  const float *b;
                  size_t       rsb;
                  size_t       width;

                  if (jr < n_full)
                    {
                      width = DRV_NR;
                      if (pack_all)
                        {
                          b = work + jr * kc;
                          rsb = DRV_NR;
                        }
                      else
                        {
                          b = g->b + pc * g->ldb + jc + jr;
                          rsb = g->ldb;
                        }
                    }
                  else
                    {
                      width = edge_width;
                      b = work + n_full * kc;
                      rsb = edge_width;
                    }

                  /* The mask of this tile is read once, after the
                   * multiply-adds: have it on its way meanwhile. */
                  if (mask != NULL && kc >= 32)
                    for (size_t i = 0; i < mr; i++)
                      for (size_t j = 0; j < width; j += 16)
                        __builtin_prefetch (mask + i * g->ldmask + jr + j, 0, 3);

                  drv_ukernel (width, mr, g->trans_a, kc, a, g->lda, b, rsb,
                               c + jr, g->ldc, jr < n_full ? DRV_NR : edge,
                               g->alpha, beta,
                               last && g->bias != NULL ? g->bias + jc + jr : NULL,
                               last && g->relu,
                               mask != NULL ? mask + jr : NULL, g->ldmask);
                }
            }
        }
    }
}
