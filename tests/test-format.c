/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "entrena-format.h"

static void
test_count (void)
{
  g_autofree char *zero = entrena_format_count (0);
  g_autofree char *plain = entrena_format_count (12345);
  g_autofree char *big = entrena_format_count (G_MAXUINT64);

  /* The C locale groups no digits. */
  g_assert_cmpstr (zero, ==, "0");
  g_assert_cmpstr (plain, ==, "12345");
  g_assert_cmpstr (big, ==, "18446744073709551615");

  /* A language that groups them does it its own way. */
  if (setlocale (LC_NUMERIC, "es_ES.UTF-8") != NULL)
    {
      g_autofree char *grouped = entrena_format_count (1234567);

      g_assert_cmpstr (grouped, ==, "1.234.567");
      setlocale (LC_NUMERIC, "C");
    }
  else
    {
      g_test_message ("no Spanish locale installed: digit grouping not checked");
    }
}

static void
test_percent (void)
{
  g_autofree char *share = entrena_format_percent (0.925);
  g_autofree char *whole = entrena_format_percent (1.0);
  g_autofree char *none = entrena_format_percent (0.0);
  g_autofree char *nan = entrena_format_percent (NAN);
  g_autofree char *inf = entrena_format_percent (INFINITY);

  g_assert_cmpstr (share, ==, "92.5%");
  g_assert_cmpstr (whole, ==, "100.0%");
  g_assert_cmpstr (none, ==, "0.0%");
  g_assert_cmpstr (nan, ==, "—");
  g_assert_cmpstr (inf, ==, "—");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/format/count", test_count);
  g_test_add_func ("/entrena/format/percent", test_percent);

  return g_test_run ();
}
