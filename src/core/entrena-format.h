/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Numbers as the user's language writes them, for labels and messages.
 * (entrena-number.h writes floats that must read back exactly; these are for
 * people.) */

/* @n with the locale's digit grouping: "12,345" or "12.345". (transfer full) */
char *entrena_format_count   (guint64 n) G_GNUC_WARN_UNUSED_RESULT;

/* @fraction (a share between 0 and 1) as a percentage with one decimal, as
 * the user's language writes it ("92.5%", "92,5 %"); "—" when it is not a
 * number. (transfer full) */
char *entrena_format_percent (double fraction) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
