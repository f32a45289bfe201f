/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-format.h"

char *
entrena_format_count (guint64 n)
{
  /* The ' flag groups digits as the locale does. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

char *
entrena_format_percent (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");

  /* Translators: a percentage with one decimal, e.g. "92.5%". Some languages
   * put a (non-breaking) space before the sign: "%.1f %%". */
  return g_strdup_printf (_("%.1f%%"), fraction * 100.0);
}

char *
entrena_format_excerpt (const char *text,
                        guint       max_chars)
{
  g_autofree char *valid = NULL;
  g_autofree char *start = NULL;
  gsize max_bytes = (gsize) max_chars * 4;

  /* Only the start of a long text is looked at: the excerpt costs nothing
   * more for a cell of a megabyte. */
  valid = g_utf8_make_valid (text, MIN (strlen (text), max_bytes + 4));
  if (g_utf8_strlen (valid, -1) <= (glong) max_chars && strlen (text) <= max_bytes)
    return g_steal_pointer (&valid);

  start = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), (glong) max_chars));
  return g_strconcat (start, "…", NULL);
}
