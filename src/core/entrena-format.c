/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

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
