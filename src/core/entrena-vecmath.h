/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void entrena_expf_nonpositive (float *x,
                               gsize  n);
void entrena_logf_positive    (float *x,
                               gsize  n);

void _entrena_vecmath_set_width (guint width);

G_END_DECLS
