/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-split"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-mt19937.h"
#include "entrena-split.h"

/*
 * This file reproduces scikit-learn 1.2's train_test_split with shuffle=True,
 * draw for draw:
 *
 *  - Without labels it is ShuffleSplit._iter_indices: n_test = ceil (r * n)
 *    in double precision, n_train = n - n_test, then
 *    perm = RandomState (seed).permutation (n), test = perm[:n_test] and
 *    train = perm[n_test:].
 *
 *  - With labels it is StratifiedShuffleSplit._iter_indices (see
 *    split_stratified() below), which draws from the same RandomState for its
 *    tie-breaking, per-class permutations and the final shuffles.
 *
 * Any change in the order of the draws changes every split, so the comments
 * below quote the Python they mirror.
 */

static EntrenaSplit *
split_alloc (guint n_train,
             guint n_test)
{
  EntrenaSplit *self = g_new0 (EntrenaSplit, 1);

  self->n_train = n_train;
  self->n_test = n_test;
  self->train = g_new (guint, MAX (n_train, 1));
  self->test = g_new (guint, MAX (n_test, 1));

  return self;
}

/**
 * entrena_split_free:
 * @self: (nullable): a split
 *
 * Frees @self and its index arrays.
 */
void
entrena_split_free (EntrenaSplit *self)
{
  if (self == NULL)
    return;

  g_free (self->train);
  g_free (self->test);
  g_free (self->val);
  g_free (self);
}

static int
compare_double_descending (gconstpointer a,
                           gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x < y) - (x > y);
}

/*
 * sklearn.utils._approximate_mode (class_counts, n_draws, rng): the number of
 * rows to draw from each class so that the shares follow the class sizes,
 * breaking ties between equal remainders at random.
 *
 *   continuous = class_counts / class_counts.sum () * n_draws
 *   floored = np.floor (continuous)
 *   need_to_add = int (n_draws - floored.sum ())
 *   if need_to_add > 0:
 *       remainder = continuous - floored
 *       values = np.sort (np.unique (remainder))[::-1]
 *       for value in values:
 *           inds, = np.where (remainder == value)
 *           add_now = min (len (inds), need_to_add)
 *           inds = rng.choice (inds, size=add_now, replace=False)
 *           floored[inds] += 1
 *           need_to_add -= add_now
 *           if need_to_add == 0:
 *               break
 *
 * The legacy RandomState.choice (a, size, replace=False) without p is
 * a[permutation (len (a))[:size]], which is what shuffling @inds in place
 * and taking its head gives. Floating point is kept exactly as in NumPy:
 * (count / total) * n_draws in double, and exact comparisons of remainders.
 * The floored values are small integers, so their sum is exact in any order.
 *
 * @counts and @out are `[n_classes]`.
 */
static void
approximate_mode (const guint    *counts,
                  guint           n_classes,
                  guint           n_draws,
                  EntrenaMt19937 *rng,
                  guint          *out)
{
  g_autofree double *continuous = g_new (double, n_classes);
  g_autofree double *remainder = g_new (double, n_classes);
  g_autofree double *values = g_new (double, n_classes);
  g_autofree guint *inds = g_new (guint, n_classes);
  guint64 total = 0;
  double floored_sum = 0.0;
  gint64 need_to_add;

  for (guint i = 0; i < n_classes; i++)
    total += counts[i];

  for (guint i = 0; i < n_classes; i++)
    {
      double floored;

      continuous[i] = ((double) counts[i] / (double) total) * (double) n_draws;
      floored = floor (continuous[i]);
      out[i] = (guint) floored;
      remainder[i] = continuous[i] - floored;
      floored_sum += floored;
    }

  /* int (n_draws - floored.sum ()) truncates toward zero. */
  need_to_add = (gint64) ((double) n_draws - floored_sum);
  if (need_to_add <= 0)
    return;

  memcpy (values, remainder, n_classes * sizeof (double));
  qsort (values, n_classes, sizeof (double), compare_double_descending);

  for (guint v = 0; v < n_classes && need_to_add > 0; v++)
    {
      guint n_inds = 0;
      guint add_now;

      /* np.unique: visit each distinct value once. */
      if (v > 0 && values[v] == values[v - 1])
        continue;

      for (guint i = 0; i < n_classes; i++)
        if (remainder[i] == values[v])
          inds[n_inds++] = i;

      add_now = (guint) MIN ((gint64) n_inds, need_to_add);
      entrena_mt19937_numpy_shuffle (rng, inds, n_inds);
      for (guint k = 0; k < add_now; k++)
        out[inds[k]] += 1;
      need_to_add -= add_now;
    }
}

static gboolean
labels_in_range (const guint8 *labels,
                 guint         n_rows,
                 guint         n_classes)
{
  for (guint i = 0; i < n_rows; i++)
    if (labels[i] >= n_classes)
      return FALSE;

  return TRUE;
}

/*
 * StratifiedShuffleSplit._iter_indices for one split. scikit-learn knows only
 * the classes present in y (np.unique), in sorted order, so classes without
 * rows are dropped here first; the order of the others is kept.
 *
 *   class_counts = np.bincount (y_indices)
 *   (errors: a class with one member; n_train or n_test < n_classes)
 *   class_indices = np.split (np.argsort (y_indices, kind="mergesort"),
 *                             np.cumsum (class_counts)[:-1])
 *   rng = check_random_state (self.random_state)
 *   n_i = _approximate_mode (class_counts, n_train, rng)
 *   class_counts_remaining = class_counts - n_i
 *   t_i = _approximate_mode (class_counts_remaining, n_test, rng)
 *   for i in range (n_classes):
 *       permutation = rng.permutation (class_counts[i])
 *       perm_indices_class_i = class_indices[i].take (permutation, mode="clip")
 *       train.extend (perm_indices_class_i[:n_i[i]])
 *       test.extend (perm_indices_class_i[n_i[i]:n_i[i] + t_i[i]])
 *   train = rng.permutation (train)
 *   test = rng.permutation (test)
 *
 * A stable sort by class lists each class's rows in ascending order, and
 * taking a permutation of them is the same as shuffling them in place.
 */
static EntrenaSplit *
split_stratified (guint          n_rows,
                  double         test_size,
                  guint32        seed,
                  const guint8  *labels,
                  guint          n_classes,
                  guint          n_train,
                  guint          n_test,
                  GError       **error)
{
  g_autoptr (EntrenaSplit) self = NULL;
  g_autofree guint *counts_all = g_new0 (guint, n_classes);
  g_autofree guint *class_of = g_new (guint, n_classes);
  g_autofree guint *counts = NULL;
  g_autofree guint *offsets = NULL;
  g_autofree guint *sorted = NULL;
  g_autofree guint *n_i = NULL;
  g_autofree guint *t_i = NULL;
  g_autofree guint *remaining = NULL;
  EntrenaMt19937 rng;
  guint n_present = 0;
  guint train_len = 0;
  guint test_len = 0;

  for (guint r = 0; r < n_rows; r++)
    counts_all[labels[r]]++;

  /* Map each class with rows to its rank among such classes. */
  for (guint c = 0; c < n_classes; c++)
    class_of[c] = counts_all[c] > 0 ? n_present++ : G_MAXUINT;

  counts = g_new (guint, n_present);
  for (guint c = 0; c < n_classes; c++)
    if (counts_all[c] > 0)
      counts[class_of[c]] = counts_all[c];

  for (guint c = 0; c < n_classes; c++)
    {
      if (counts_all[c] == 1)
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                       /* Translators: %u is a class number. */
                       _("Class %u has only one row. A stratified split needs at "
                         "least two rows of every class, one for each side."),
                       c);
          return NULL;
        }
    }

  if (n_train < n_present)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %1$u is the number of training rows, %2$g the
                    * test fraction and %3$u the number of classes (at least 2). */
                   ngettext ("A test fraction of %2$g leaves %1$u row for training, "
                             "but a stratified split needs at least one row of each of "
                             "the %3$u classes there.",
                             "A test fraction of %2$g leaves %1$u rows for training, "
                             "but a stratified split needs at least one row of each of "
                             "the %3$u classes there.",
                             n_train),
                   n_train, test_size, n_present);
      return NULL;
    }

  if (n_test < n_present)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %1$u is the number of test rows, %2$g the
                    * test fraction and %3$u the number of classes (at least 2). */
                   ngettext ("A test fraction of %2$g puts %1$u row in the test set, "
                             "but a stratified split needs at least one row of each of "
                             "the %3$u classes there.",
                             "A test fraction of %2$g puts %1$u rows in the test set, "
                             "but a stratified split needs at least one row of each of "
                             "the %3$u classes there.",
                             n_test),
                   n_test, test_size, n_present);
      return NULL;
    }

  /* sorted[offsets[k] .. offsets[k + 1]) holds class k's rows, ascending. */
  offsets = g_new (guint, n_present + 1);
  offsets[0] = 0;
  for (guint k = 0; k < n_present; k++)
    offsets[k + 1] = offsets[k] + counts[k];

  {
    g_autofree guint *fill = g_memdup2 (offsets, n_present * sizeof (guint));

    sorted = g_new (guint, MAX (n_rows, 1));
    for (guint r = 0; r < n_rows; r++)
      sorted[fill[class_of[labels[r]]]++] = r;
  }

  entrena_mt19937_init (&rng, seed);

  n_i = g_new (guint, n_present);
  t_i = g_new (guint, n_present);
  remaining = g_new (guint, n_present);

  approximate_mode (counts, n_present, n_train, &rng, n_i);
  for (guint k = 0; k < n_present; k++)
    remaining[k] = counts[k] - MIN (n_i[k], counts[k]);
  approximate_mode (remaining, n_present, n_test, &rng, t_i);

  self = split_alloc (n_train, n_test);

  for (guint k = 0; k < n_present; k++)
    {
      guint *rows = sorted + offsets[k];
      guint  count = counts[k];
      guint  take_train;
      guint  take_test;

      entrena_mt19937_numpy_shuffle (&rng, rows, count);

      /* Python slices clip at the end of the list; so do we, though
       * _approximate_mode keeps within the counts in practice. */
      take_train = MIN (n_i[k], count);
      take_test = MIN (t_i[k], count - take_train);
      take_train = MIN (take_train, n_train - train_len);
      take_test = MIN (take_test, n_test - test_len);

      memcpy (self->train + train_len, rows, take_train * sizeof (guint));
      memcpy (self->test + test_len, rows + take_train, take_test * sizeof (guint));
      train_len += take_train;
      test_len += take_test;
    }

  self->n_train = train_len;
  self->n_test = test_len;

  entrena_mt19937_numpy_shuffle (&rng, self->train, self->n_train);
  entrena_mt19937_numpy_shuffle (&rng, self->test, self->n_test);

  return g_steal_pointer (&self);
}

guint
entrena_split_count_test (guint  n_rows,
                          double test_size)
{
  /* _validate_shuffle_split: n_test = ceil (test_size * n_samples). */
  double n_test = ceil (test_size * (double) n_rows);

  return n_test >= (double) n_rows ? n_rows : (guint) n_test;
}

/**
 * entrena_split_new:
 * @n_rows: rows to split
 * @test_size: fraction of rows for the test set, in (0, 1)
 * @seed: the `random_state`, 0..2^32-1
 * @labels: (nullable): `[n_rows]` class indices to stratify by, or %NULL
 * @n_classes: number of classes in @labels (ignored without @labels)
 * @error: return location for a #GError
 *
 * Splits the rows 0..@n_rows-1 into a training and a test set exactly as
 * scikit-learn's `train_test_split (X, y, test_size=test_size,
 * random_state=seed)` does, or with `stratify=labels` when @labels is given.
 * Classes in 0..@n_classes-1 without any row are ignored, as scikit-learn
 * never sees them.
 *
 * Fails with %ENTRENA_ERROR_SPLIT when @test_size is not strictly between 0
 * and 1, when a side would be empty, or, when stratifying, when a class has a
 * single row or a side has fewer rows than there are classes.
 *
 * Returns: (transfer full): the split, or %NULL when it cannot be made
 */
EntrenaSplit *
entrena_split_new (guint          n_rows,
                   double         test_size,
                   guint32        seed,
                   const guint8  *labels,
                   guint          n_classes,
                   GError       **error)
{
  g_autoptr (EntrenaSplit) self = NULL;
  g_autofree guint *perm = NULL;
  guint n_test;
  guint n_train;
  EntrenaMt19937 rng;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (labels == NULL || n_classes > 0, NULL);
  g_return_val_if_fail (labels == NULL || labels_in_range (labels, n_rows, n_classes), NULL);

  if (n_rows == 0)
    {
      g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                           _("There are no rows to split."));
      return NULL;
    }

  /* Written so that NaN fails too. */
  if (!(test_size > 0.0 && test_size < 1.0))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %g is the fraction the user asked for. */
                   _("The test fraction must be greater than 0 and less than 1, not %g."),
                   test_size);
      return NULL;
    }

  n_test = entrena_split_count_test (n_rows, test_size);
  n_train = n_rows - n_test;

  if (n_train == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %1$g is the test fraction, %2$u the number of rows. */
                   ngettext ("A test fraction of %1$g leaves no rows to train on "
                             "(%2$u row in all).",
                             "A test fraction of %1$g leaves no rows to train on "
                             "(%2$u rows in all).",
                             n_rows),
                   test_size, n_rows);
      return NULL;
    }

  if (n_test == 0)
    {
      /* Cannot happen for test_size > 0 and n_rows > 0, but a split
       * without a test set must never escape. */
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT,
                   /* Translators: %1$g is the test fraction, %2$u the number of rows. */
                   ngettext ("A test fraction of %1$g leaves no rows to test on "
                             "(%2$u row in all).",
                             "A test fraction of %1$g leaves no rows to test on "
                             "(%2$u rows in all).",
                             n_rows),
                   test_size, n_rows);
      return NULL;
    }

  if (labels != NULL)
    return split_stratified (n_rows, test_size, seed, labels, n_classes,
                             n_train, n_test, error);

  /* ShuffleSplit._iter_indices. */
  perm = g_new (guint, n_rows);
  entrena_mt19937_init (&rng, seed);
  entrena_mt19937_numpy_permutation (&rng, perm, n_rows);

  self = split_alloc (n_train, n_test);
  memcpy (self->test, perm, n_test * sizeof (guint));
  memcpy (self->train, perm + n_test, n_train * sizeof (guint));

  return g_steal_pointer (&self);
}

/**
 * entrena_split_check:
 * @self: a split
 * @labels: (nullable): `[n_rows]` class indices, where n_rows is
 *   @self->n_train + @self->n_test; %NULL skips the per-class checks
 * @n_classes: number of classes
 * @class_names: (nullable) (array length=n_classes): names for the messages
 * @warnings: (element-type utf8): array to append translated warnings to; it
 *   must free its elements with g_free()
 *
 * Adds the lesson's advice: a warning when fewer than 1000 rows put less than
 * 25% in the test set, and one for each class missing from either side.
 */
void
entrena_split_check (const EntrenaSplit *self,
                     const guint8       *labels,
                     guint               n_classes,
                     char * const       *class_names,
                     GPtrArray          *warnings)
{
  guint n_rows;

  g_return_if_fail (self != NULL);
  g_return_if_fail (warnings != NULL);

  n_rows = self->n_train + self->n_test;

  /* n_test < 25% of n_rows, in exact integer arithmetic. */
  if (n_rows < 1000 && (guint64) self->n_test * 4 < n_rows)
    {
      double percent = 100.0 * self->n_test / n_rows;

      g_ptr_array_add (warnings,
                       g_strdup_printf (
                         /* Translators: %1$u rows of %2$u are kept for testing,
                          * %3$.0f is that share in percent, and %% is a percent sign. */
                         ngettext ("With fewer than 1000 rows, a test set of at least 25%% "
                                   "gives a more reliable estimate; this split keeps "
                                   "%1$u of %2$u row (%3$.0f%%) for testing.",
                                   "With fewer than 1000 rows, a test set of at least 25%% "
                                   "gives a more reliable estimate; this split keeps "
                                   "%1$u of %2$u rows (%3$.0f%%) for testing.",
                                   n_rows),
                         self->n_test, n_rows, percent));
    }

  if (labels == NULL || n_classes == 0)
    return;

  {
    g_autofree guint *in_train = g_new0 (guint, n_classes);
    g_autofree guint *in_test = g_new0 (guint, n_classes);

    for (guint i = 0; i < self->n_train; i++)
      {
        guint8 c = labels[self->train[i]];

        if (c < n_classes)
          in_train[c]++;
      }
    for (guint i = 0; i < self->n_test; i++)
      {
        guint8 c = labels[self->test[i]];

        if (c < n_classes)
          in_test[c]++;
      }

    for (guint c = 0; c < n_classes; c++)
      {
        g_autofree char *name = NULL;
        char *message;

        if (in_train[c] > 0 && in_test[c] > 0)
          continue;

        if (class_names != NULL && class_names[c] != NULL)
          name = g_strdup (class_names[c]);
        else
          name = g_strdup_printf ("%u", c);

        if (in_train[c] == 0 && in_test[c] == 0)
          /* Translators: %s is a class name or number. */
          message = g_strdup_printf (_("Class “%s” has no rows at all, so the model "
                                       "can neither learn nor be tested on it."),
                                     name);
        else if (in_train[c] == 0)
          /* Translators: %s is a class name or number. */
          message = g_strdup_printf (_("Class “%s” has no rows in the training set, "
                                       "so the model cannot learn to recognise it."),
                                     name);
        else
          /* Translators: %s is a class name or number. */
          message = g_strdup_printf (_("Class “%s” has no rows in the test set, "
                                       "so its results cannot be measured."),
                                     name);

        g_ptr_array_add (warnings, message);
      }
  }
}
