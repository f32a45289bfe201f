/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * SGD's and RMSprop's updates with PyTorch's fused multiply-adds, vectorised:
 * a template like entrena-adam-update.h, included by the instruction-set
 * files that have a fused multiply-add, with its AD_… macros defined, after
 * they define
 *
 *   OU_SGD_FN            name of the SGD step (EntrenaKernelImpl.sgd)
 *   OU_RMSPROP_FN        name of the RMSprop step (EntrenaKernelImpl.rmsprop)
 *   OU_KEEP(v)           v, kept as it is: a product that PyTorch rounds on
 *                        its own (a separate tensor operation) and that the
 *                        compiler must not contract into a following addition
 *
 * Every element gets exactly the operations of the scalar references
 * (_entrena_sgd_ref and _entrena_rmsprop_ref in entrena-sgemm-ref.c), each
 * rounded once, so the results are the same bits; the last few elements are
 * left to them. The options (@decay, @buf, @nesterov, @first) are the same
 * for every element: the branches on them are taken the same way each time.
 */

static inline void
ou_rest (const EntrenaStepArgs *args,
         size_t                 i,
         void                 (*ref) (const EntrenaStepArgs *))
{
  EntrenaStepArgs rest = *args;

  if (i >= args->n)
    return;
  rest.n = args->n - i;
  rest.params += i;
  rest.grads += i;
  if (rest.buf != NULL)
    rest.buf += i;
  if (rest.square_avg != NULL)
    rest.square_avg += i;
  ref (&rest);
}

void
OU_SGD_FN (const EntrenaStepArgs *args)
{
  const AD_T neg_lr = AD_SET1 (args->neg_lr);
  const AD_T weight_decay = AD_SET1 (args->weight_decay);
  const AD_T momentum = AD_SET1 (args->momentum);
  size_t     i = 0;

  for (; i + AD_VL <= args->n; i += AD_VL)
    {
      AD_T p = AD_LOADU (args->params + i);
      AD_T d = AD_LOADU (args->grads + i);

      if (args->decay)
        d = AD_FMA (p, weight_decay, d);
      if (args->buf != NULL)
        {
          AD_T b = args->first ? d : AD_ADD (OU_KEEP (AD_MUL (AD_LOADU (args->buf + i), momentum)), d);

          AD_STOREU (args->buf + i, b);
          d = args->nesterov ? AD_FMA (b, momentum, d) : b;
        }
      AD_STOREU (args->params + i, AD_FMA (d, neg_lr, p));
    }

  ou_rest (args, i, _entrena_sgd_ref);
}

void
OU_RMSPROP_FN (const EntrenaStepArgs *args)
{
  const AD_T neg_lr = AD_SET1 (args->neg_lr);
  const AD_T weight_decay = AD_SET1 (args->weight_decay);
  const AD_T momentum = AD_SET1 (args->momentum);
  const AD_T alpha = AD_SET1 (args->alpha);
  const AD_T one_minus_alpha = AD_SET1 (args->one_minus_alpha);
  const AD_T eps = AD_SET1 (args->eps);
  size_t     i = 0;

  for (; i + AD_VL <= args->n; i += AD_VL)
    {
      AD_T p = AD_LOADU (args->params + i);
      AD_T d = AD_LOADU (args->grads + i);
      AD_T s;
      AD_T avg;

      if (args->decay)
        d = AD_FMA (p, weight_decay, d);
      s = AD_FMA (AD_MUL (one_minus_alpha, d), d, AD_MUL (AD_LOADU (args->square_avg + i), alpha));
      AD_STOREU (args->square_avg + i, s);
      avg = AD_ADD (AD_SQRT (s), eps);
      if (args->buf != NULL)
        {
          AD_T b = AD_ADD (OU_KEEP (AD_MUL (AD_LOADU (args->buf + i), momentum)),
                           AD_DIV (d, avg));

          AD_STOREU (args->buf + i, b);
          AD_STOREU (args->params + i, AD_FMA (b, neg_lr, p));
        }
      else
        AD_STOREU (args->params + i, AD_ADD (p, AD_DIV (AD_MUL (neg_lr, d), avg)));
    }

  ou_rest (args, i, _entrena_rmsprop_ref);
}

#undef OU_SGD_FN
#undef OU_RMSPROP_FN
#undef OU_KEEP
