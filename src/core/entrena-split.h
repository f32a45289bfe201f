/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaSplit:
 * @n_train: rows in the training set
 * @n_test: rows in the test set
 * @train: `[n_train]` row indices (0-based rows of the dataset), in split order
 * @test: `[n_test]` row indices, in split order
 * @n_val: rows in the validation set, 0 unless
 *   entrena_split_carve_validation() took some from the training rows
 * @val: (nullable): `[n_val]` row indices, in split order
 *
 * A train/test split. For the same row count, test fraction and seed it holds
 * exactly the rows, in the same order, that scikit-learn's
 * `train_test_split (X, y, test_size=r, random_state=seed)` returns (and with
 * @stratify, `train_test_split (..., stratify=y)`).
 */
typedef struct
{
  guint  n_train;
  guint  n_test;
  guint *train;
  guint *test;
  guint  n_val;
  guint *val;
} EntrenaSplit;

/**
 * entrena_split_new:
 * @n_rows: rows to split
 * @test_size: fraction of rows for the test set, in (0, 1)
 * @seed: the `random_state`, 0..2^32-1
 * @labels: (nullable): `[n_rows]` class indices to stratify by, or %NULL
 * @n_classes: number of classes in @labels (ignored without @labels)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the split, or %NULL when it cannot be made
 */
EntrenaSplit *entrena_split_new  (guint          n_rows,
                                  double         test_size,
                                  guint32        seed,
                                  const guint8  *labels,
                                  guint          n_classes,
                                  GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void          entrena_split_free (EntrenaSplit *self);

/* How many of @n_rows rows a split with @test_size puts in the test set:
 * ceil (@test_size × @n_rows), as scikit-learn's train_test_split. */
guint         entrena_split_count_test (guint  n_rows,
                                        double test_size);

/**
 * entrena_split_check:
 * @self: a split
 * @labels: `[n_rows]` class indices
 * @n_classes: number of classes
 * @class_names: (nullable): names for the messages
 * @warnings: (element-type utf8): array to append translated warnings to
 *
 * Adds the lesson's advice: a warning when fewer than 1000 rows put less than
 * 25% in the test set, and one for each class missing from either side.
 */
void          entrena_split_check (const EntrenaSplit *self,
                                   const guint8       *labels,
                                   guint               n_classes,
                                   char * const       *class_names,
                                   GPtrArray          *warnings);

/**
 * entrena_split_carve_validation:
 * @self: a train/test split without validation rows
 * @val_size: the fraction of the training rows to set aside, in (0, 1)
 * @seed: the `random_state`, as for the first split
 * @labels: `[n_rows]` the class index of every row of the dataset
 * @n_classes: number of classes in @labels
 * @class_names: (nullable): names for the messages
 * @stratify: keep class proportions in both parts
 * @error: return location for a #GError
 *
 * Sets aside validation rows from the training rows exactly as
 * `train_test_split (X_train, y_train, test_size=@val_size,
 * random_state=@seed)` does (with `stratify=y_train` when @stratify): the
 * training rows become that call's first part and the validation rows its
 * second, in its order. Fails, leaving @self as it was, when the share is
 * out of range, leaves no training rows, leaves a class that had training
 * rows without any, or, stratified, leaves such a class without validation
 * rows.
 *
 * Returns: %TRUE on success
 */
gboolean      entrena_split_carve_validation (EntrenaSplit  *self,
                                              double         val_size,
                                              guint32        seed,
                                              const guint8  *labels,
                                              guint          n_classes,
                                              char * const  *class_names,
                                              gboolean       stratify,
                                              GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaSplit, entrena_split_free)

G_END_DECLS
