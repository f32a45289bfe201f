/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ENTRENA_CELL_MISSING,
  ENTRENA_CELL_NUMBER,
  ENTRENA_CELL_TEXT,
} EntrenaCellKind;

/**
 * entrena_cell_classify:
 * @text: the cell's bytes (not necessarily nul-terminated)
 * @length: bytes in @text
 * @decimal_comma: whether `,` is accepted as the decimal mark too
 * @value: (out): the number, when the cell is one
 *
 * Tells a missing cell (empty, `NA`, `N/A`, `NaN`, `null`, `None`, `?`, in
 * any letter case, surrounded by any spaces) from a number from text. Numbers
 * are read independently of the locale: an optional sign, digits with one
 * decimal mark, an optional exponent. Infinities are text.
 *
 * Returns: what the cell holds
 */
EntrenaCellKind entrena_cell_classify (const char *text,
                                       gsize       length,
                                       gboolean    decimal_comma,
                                       double     *value);

/* Whether the cell looks like a number written with a decimal comma, e.g. "7,4". */
gboolean        entrena_cell_has_decimal_comma (const char *text,
                                                gsize       length);

/* @value in the C locale with the fewest digits (6 to 9) that read back as
 * the same float: "7.4", not "7.4000001". (transfer full) */
char           *entrena_format_float    (float value) G_GNUC_WARN_UNUSED_RESULT;

/* Orders two floats, for qsort () and bsearch () (no NaN among them). */
int             _entrena_compare_floats (gconstpointer a,
                                         gconstpointer b);

/* Sorts @values (no NaN among them) as qsort () with _entrena_compare_floats ()
 * does in glibc, equal values in their order (0 and -0 too), in linear time. */
void            _entrena_sort_floats    (float *values,
                                         gsize  n);

G_END_DECLS
