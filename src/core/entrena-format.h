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

/* The start of @text, at most @max_chars characters and "…" when it is longer,
 * made valid UTF-8: how a message quotes a cell or a name from a file, which
 * may be any length. (transfer full) */
char *entrena_format_excerpt (const char *text,
                              guint       max_chars) G_GNUC_WARN_UNUSED_RESULT;

/* How many characters of a cell or a name a message quotes. */
#define ENTRENA_EXCERPT_CHARS 40

G_END_DECLS
