/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaScaler:
 * @n_features: columns
 * @mean: `[n_features]`
 * @scale: `[n_features]` population standard deviation; 0 for a constant column
 *
 * Standardization `(x - mean) / scale`, fitted on the training rows only (like
 * scikit-learn's StandardScaler). A constant column becomes all zeros.
 */
typedef struct
{
  guint   n_features;
  double *mean;
  double *scale;
} EntrenaScaler;

EntrenaScaler *entrena_scaler_new_fit  (const float *X,
                                        guint        n_features,
                                        const guint *rows,
                                        guint        n_rows) G_GNUC_WARN_UNUSED_RESULT;
EntrenaScaler *entrena_scaler_new      (guint         n_features,
                                        const double *mean,
                                        const double *scale) G_GNUC_WARN_UNUSED_RESULT;
void           entrena_scaler_transform (const EntrenaScaler *self,
                                         float               *X,
                                         guint                n_rows);
void           entrena_scaler_free     (EntrenaScaler *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaScaler, entrena_scaler_free)

G_END_DECLS
