/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaMetrics:
 * @n_classes: classes
 * @n_rows: rows evaluated
 * @confusion: `[n_classes][n_classes]` row-major: rows are the true class,
 *   columns the predicted one (scikit-learn's `confusion_matrix` layout)
 * @accuracy: correct / rows
 * @precision: `[n_classes]` (0 when the class is never predicted, as
 *   scikit-learn's `zero_division=0`)
 * @recall: `[n_classes]` (0 when the class has no rows)
 * @f1: `[n_classes]`
 * @support: `[n_classes]` true rows per class
 * @majority_class: the most frequent class in the training rows
 * @baseline_accuracy: accuracy of always answering @majority_class
 *
 * How well a classifier does on a set of rows.
 */
typedef struct
{
  guint    n_classes;
  gsize    n_rows;
  guint64 *confusion;
  double   accuracy;
  double  *precision;
  double  *recall;
  double  *f1;
  guint64 *support;
  guint    majority_class;
  double   baseline_accuracy;
} EntrenaMetrics;

/**
 * entrena_metrics_new:
 * @predicted: `[n]` predicted classes
 * @truth: `[n]` true classes
 * @n: rows
 * @n_classes: classes
 * @majority_class: the class a majority baseline answers (from the training rows)
 *
 * Returns: (transfer full): the metrics
 */
EntrenaMetrics *entrena_metrics_new  (const guint8 *predicted,
                                      const guint8 *truth,
                                      gsize         n,
                                      guint         n_classes,
                                      guint         majority_class) G_GNUC_WARN_UNUSED_RESULT;
void            entrena_metrics_free (EntrenaMetrics *self);

/* The most frequent class among @rows of @labels (the lowest on ties). */
guint           entrena_majority_class (const guint8 *labels,
                                        const guint  *rows,
                                        gsize         n,
                                        guint         n_classes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaMetrics, entrena_metrics_free)

G_END_DECLS
