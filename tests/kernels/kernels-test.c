/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What the kernel tests share (kernels-test.h). */

#include <float.h>
#include <math.h>

#include "kernels-test.h"

gboolean
close_enough (float  got,
              float  want,
              size_t k,
              double scale)
{
  double bound = 4.0 * (double) (k + 4) * FLT_EPSILON * scale + 4.0 * FLT_MIN;

  if (isnan (want))
    return isnan (got);
  if (isinf (want))
    return got == want;

  return isfinite (got) && fabs ((double) got - (double) want) <= bound;
}

/* The table of the path named @data, or NULL when this build or this CPU
 * lacks it (and the test is marked skipped). */
const EntrenaKernelTable *
table_or_skip (gconstpointer data)
{
  const char               *name = data;
  const EntrenaKernelTable *table = entrena_kernels_get_table (name);

  if (table == NULL)
    {
      g_autofree char *msg = NULL;
      gboolean         compiled = FALSE;

      for (const char *const *c = entrena_kernels_list_compiled (); *c != NULL; c++)
        compiled |= g_str_equal (*c, name);
      msg = g_strdup_printf ("the %s path is %s", name,
                             compiled ? "not supported by this CPU" : "not compiled into this build");
      g_test_skip (msg);
    }

  return table;
}
