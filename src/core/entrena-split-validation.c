/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-split"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "entrena-error.h"
#include "entrena-split.h"

/* The name, for a message, of the first class with rows in @before (indices
 * into @labels) and none in @after; %NULL when there is none. (transfer full) */
static char *
class_left_out (const guint  *before,
                guint         n_before,
                const guint  *after,
                guint         n_after,
                const guint8 *labels,
                guint         n_classes,
                char * const *class_names)
{
  g_autofree guint *counts = g_new0 (guint, n_classes);

  for (guint i = 0; i < n_after; i++)
    counts[labels[after[i]]]++;
  for (guint i = 0; i < n_before; i++)
    {
      guint c = labels[before[i]];

      if (counts[c] > 0)
        continue;
      if (class_names != NULL && class_names[c] != NULL)
        return g_strdup (class_names[c]);
      return g_strdup_printf ("%u", c);
    }

  return NULL;
}

gboolean
entrena_split_carve_validation (EntrenaSplit  *self,
                                double         val_size,
                                guint32        seed,
                                const guint8  *labels,
                                guint          n_classes,
                                char * const  *class_names,
                                gboolean       stratify,
                                GError       **error)
{
  g_autoptr (EntrenaSplit) inner = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree guint8 *train_labels = NULL;
  g_autofree guint *train = NULL;
  g_autofree guint *val = NULL;
  g_autofree char *no_train = NULL;
  g_autofree char *no_val = NULL;

  g_return_val_if_fail (self != NULL && self->n_val == 0, FALSE);
  g_return_val_if_fail (labels != NULL && n_classes > 0, FALSE);

  /* Written so that NaN fails too. */
  if (!(val_size > 0.0 && val_size < 1.0))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %g is the fraction the user asked for. */
                   _("The validation share must be greater than 0 and less than 1, not %g."),
                   val_size);
      return FALSE;
    }
  if (entrena_split_count_test (self->n_train, val_size) >= self->n_train)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %1$g is the validation share, %2$u the number of training rows. */
                   ngettext ("A validation share of %1$g leaves no rows to train on "
                             "(%2$u training row in all).",
                             "A validation share of %1$g leaves no rows to train on "
                             "(%2$u training rows in all).",
                             self->n_train),
                   val_size, self->n_train);
      return FALSE;
    }

  train_labels = g_new (guint8, MAX (self->n_train, 1));
  for (guint i = 0; i < self->n_train; i++)
    train_labels[i] = labels[self->train[i]];

  /* The second train_test_split, on the training rows in their split order. */
  inner = entrena_split_new (self->n_train, val_size, seed, stratify ? train_labels : NULL,
                             n_classes, &local_error);
  if (inner == NULL)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %s says why the training rows cannot be split. */
                   _("The validation share cannot be taken from the training rows: %s"),
                   local_error->message);
      return FALSE;
    }

  train = g_new (guint, MAX (inner->n_train, 1));
  val = g_new (guint, MAX (inner->n_test, 1));
  for (guint i = 0; i < inner->n_train; i++)
    train[i] = self->train[inner->train[i]];
  for (guint i = 0; i < inner->n_test; i++)
    val[i] = self->train[inner->test[i]];

  no_train = class_left_out (self->train, self->n_train, train, inner->n_train, labels, n_classes, class_names);
  if (no_train == NULL && stratify)
    no_val = class_left_out (self->train, self->n_train, val, inner->n_test, labels, n_classes, class_names);
  if (no_train != NULL)
    g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                 /* Translators: %1$g is the validation share, %2$s a class. */
                 _("A validation share of %1$g leaves class “%2$s” with no rows to train on: "
                   "choose a smaller share."),
                 val_size, no_train);
  else if (no_val != NULL)
    g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                 /* Translators: %1$g is the validation share, %2$s a class. */
                 _("A validation share of %1$g leaves class “%2$s” with no validation rows: "
                   "choose a larger share, or turn Stratify off."),
                 val_size, no_val);
  if (no_train != NULL || no_val != NULL)
    return FALSE;

  g_free (self->train);
  self->train = g_steal_pointer (&train);
  self->n_train = inner->n_train;
  self->val = g_steal_pointer (&val);
  self->n_val = inner->n_test;

  return TRUE;
}
