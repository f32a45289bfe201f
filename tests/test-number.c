/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-number.h"

static EntrenaCellKind
classify (const char *text,
          gboolean    decimal_comma,
          double     *value)
{
  return entrena_cell_classify (text, strlen (text), decimal_comma, value);
}

static void
test_numbers (void)
{
  const struct { const char *text; double value; } cases[] = {
    { "0", 0 }, { "7.4", 7.4 }, { "-7.4", -7.4 }, { "+3", 3 }, { "11.0", 11.0 },
    { "0.9951200000000001", 0.9951200000000001 }, { "0.09699999999999999", 0.09699999999999999 },
    { "10.0333333333333", 10.0333333333333 }, { ".5", 0.5 }, { "5.", 5.0 }, { "1e3", 1000 },
    { "1E-3", 1e-3 }, { "2.5e+2", 250 }, { "  42  ", 42 }, { "12345678901234567890", 12345678901234567890.0 },
    { "0.000000000000000000000000001", 1e-27 }, { "1.7976931348623157e308", 1.7976931348623157e308 },
    { "123456789012345678", 123456789012345678.0 }, { "9007199254740993", 9007199254740993.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double value = NAN;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (classify (cases[i].text, FALSE, &value), ==, ENTRENA_CELL_NUMBER);
      /* Every number must be the correctly rounded double, as strtod gives. */
      g_assert_cmpfloat (value, ==, cases[i].value);
    }
}

/* Random decimal strings against the C library's correctly rounded strtod. */
static void
test_numbers_random (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 100000; i++)
    {
      char text[64];
      double expected;
      double value = NAN;
      guint digits = (guint) g_rand_int_range (rand, 1, 19);
      int point = g_rand_int_range (rand, 0, (gint32) digits + 1);
      guint k = 0;

      if (g_rand_boolean (rand))
        text[k++] = '-';
      for (guint d = 0; d < digits; d++)
        {
          if ((int) d == point && d > 0)
            text[k++] = '.';
          text[k++] = (char) ('0' + g_rand_int_range (rand, 0, 10));
        }
      if (g_rand_int_range (rand, 0, 4) == 0)
        k += (guint) g_snprintf (text + k, sizeof text - k, "e%d", g_rand_int_range (rand, -30, 30));
      text[k] = '\0';

      expected = g_ascii_strtod (text, NULL);
      g_assert_cmpint (classify (text, FALSE, &value), ==, ENTRENA_CELL_NUMBER);
      if (value != expected)
        g_error ("%s: read %.17g, expected %.17g", text, value, expected);
    }

  g_rand_free (rand);
}

static void
test_missing (void)
{
  const char *missing[] = { "", " ", "NA", "na", "N/A", "NaN", "nan", "null", "NULL", "None", "?", " NA " };
  const char *text[] = { "abc", "inf", "-inf", "Infinity", "1,5", "1.2.3", "1e", "e5", "-", "+", ".", "0x10", "12abc", "1 2" };
  double value;

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    g_assert_cmpint (classify (missing[i], FALSE, &value), ==, ENTRENA_CELL_MISSING);
  for (guint i = 0; i < G_N_ELEMENTS (text); i++)
    {
      g_test_message ("%s", text[i]);
      g_assert_cmpint (classify (text[i], FALSE, &value), ==, ENTRENA_CELL_TEXT);
    }
  /* Too large for a double is text, not infinity. */
  g_assert_cmpint (classify ("1e400", FALSE, &value), ==, ENTRENA_CELL_TEXT);
}

static void
test_decimal_comma (void)
{
  double value = NAN;

  g_assert_cmpint (classify ("7,4", TRUE, &value), ==, ENTRENA_CELL_NUMBER);
  g_assert_cmpfloat (value, ==, 7.4);
  g_assert_cmpint (classify ("-0,0001", TRUE, &value), ==, ENTRENA_CELL_NUMBER);
  g_assert_cmpfloat (value, ==, -0.0001);
  g_assert_cmpint (classify ("0,99512000000000010", TRUE, &value), ==, ENTRENA_CELL_NUMBER);
  g_assert_cmpfloat (value, ==, 0.9951200000000001);
  /* A point still works, but two marks do not. */
  g_assert_cmpint (classify ("7.4", TRUE, &value), ==, ENTRENA_CELL_NUMBER);
  g_assert_cmpint (classify ("1.234,5", TRUE, &value), ==, ENTRENA_CELL_TEXT);

  g_assert_true (entrena_cell_has_decimal_comma ("7,4", 3));
  g_assert_true (entrena_cell_has_decimal_comma (" -0,5 ", 6));
  g_assert_false (entrena_cell_has_decimal_comma ("7.4", 3));
  g_assert_false (entrena_cell_has_decimal_comma ("a,b", 3));
  g_assert_false (entrena_cell_has_decimal_comma ("7,", 2));
}

/* The linear-time sort gives what qsort () gives, bit for bit: on numbers
 * with many repeats, on wide ranges, on subnormals, with and without -0. */
static void
test_sort_floats (void)
{
  static const float specials[] = { 0.0f, 1e-45f, -1e-45f, 3.4e38f, -3.4e38f, 1.0f, -1.0f, 0.5f, 7.0f };
  GRand *rand = g_rand_new_with_seed (20261206);

  for (guint round = 0; round < 200; round++)
    {
      guint n = g_rand_int_range (rand, 0, round < 100 ? 40 : 5000);
      g_autofree float *values = g_new (float, MAX (n, 1));
      g_autofree float *expected = NULL;

      for (guint i = 0; i < n; i++)
        {
          switch (round % 4)
            {
            case 0:
              values[i] = (float) g_rand_int_range (rand, -5, 6);
              break;
            case 1:
              values[i] = (float) g_rand_double_range (rand, -1e6, 1e6);
              break;
            case 2:
              values[i] = specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))];
              break;
            default:
              values[i] = (float) g_rand_int_range (rand, 0, 100) / 8.0f;
              if (round % 8 == 7 && g_rand_int_range (rand, 0, 50) == 0)
                values[i] = -0.0f;
              break;
            }
        }
      expected = g_memdup2 (values, MAX (n, 1) * sizeof (float));
      qsort (expected, n, sizeof (float), _entrena_compare_floats);
      _entrena_sort_floats (values, n);
      g_assert_cmpmem (values, n * sizeof (float), expected, n * sizeof (float));
    }
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/number/values", test_numbers);
  g_test_add_func ("/entrena/number/random", test_numbers_random);
  g_test_add_func ("/entrena/number/missing", test_missing);
  g_test_add_func ("/entrena/number/decimal-comma", test_decimal_comma);
  g_test_add_func ("/entrena/number/sort-floats", test_sort_floats);

  return g_test_run ();
}
