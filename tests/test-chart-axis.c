/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "entrena-chart-axis.h"

/* The loss chart's axes: ranges, 1-2-5 steps, log decades and tick labels. */

static void
assert_axis_sane (const EntrenaChartAxis *axis)
{
  g_assert_cmpuint (axis->n_ticks, >=, 2);
  g_assert_cmpuint (axis->n_ticks, <=, ENTRENA_CHART_AXIS_MAX_TICKS);
  g_assert_cmpfloat (axis->min, <, axis->max);
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      g_assert_true (isfinite (axis->ticks[i]));
      g_assert_cmpfloat (axis->ticks[i], >=, axis->min - 1e-9 * fabs (axis->min) - 1e-12);
      g_assert_cmpfloat (axis->ticks[i], <=, axis->max + 1e-9 * fabs (axis->max) + 1e-12);
      if (i > 0)
        g_assert_cmpfloat (axis->ticks[i], >, axis->ticks[i - 1]);
      if (axis->log_scale)
        g_assert_cmpfloat (axis->ticks[i], >, 0);
    }
}

static gboolean
is_one_two_five (double step)
{
  double mantissa = step / pow (10, floor (log10 (step) + 1e-9));

  return fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9;
}

static void
test_nice_step (void)
{
  const struct { double span; guint intervals; double step; } cases[] = {
    { 10, 5, 2 }, { 1, 5, 0.2 }, { 3, 3, 1 }, { 7, 10, 1 }, { 100, 5, 20 }, { 0.03, 3, 0.01 },
    { 1e6, 4, 5e5 }, { 2.87, 6, 0.5 }, { 1, 1, 1 }, { 1.0001, 1, 2 }, { 0.3, 3, 0.1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double step = entrena_chart_nice_step (cases[i].span, cases[i].intervals);

      g_test_message ("span %g in %u", cases[i].span, cases[i].intervals);
      g_assert_cmpfloat_with_epsilon (step, cases[i].step, cases[i].step * 1e-9);
      g_assert_true (is_one_two_five (step));
      g_assert_cmpfloat (cases[i].span / step, <=, cases[i].intervals + 1e-9);
    }

  g_assert_cmpfloat (entrena_chart_nice_step (0, 5), ==, 0);
  g_assert_cmpfloat (entrena_chart_nice_step (-1, 5), ==, 0);
  g_assert_cmpfloat (entrena_chart_nice_step (NAN, 5), ==, 0);
  g_assert_cmpfloat (entrena_chart_nice_step (INFINITY, 5), ==, 0);
  /* Zero intervals mean one. */
  g_assert_cmpfloat (entrena_chart_nice_step (3, 0), ==, 5);
}

static void
test_finite_range (void)
{
  const float a[] = { 2.0f, NAN, 0.5f, INFINITY, -1.0f };
  const float b[] = { -INFINITY, 7.0f, 0.0f, NAN, 3.0f };
  const float none[] = { NAN, INFINITY, -INFINITY };
  double min;
  double max;

  g_assert_true (entrena_chart_finite_range (a, b, 5, FALSE, &min, &max));
  g_assert_cmpfloat (min, ==, -1);
  g_assert_cmpfloat (max, ==, 7);
  g_assert_true (entrena_chart_finite_range (a, NULL, 5, FALSE, &min, &max));
  g_assert_cmpfloat (max, ==, 2);
  /* Log scales only see positive values: not -1, not 0. */
  g_assert_true (entrena_chart_finite_range (a, b, 5, TRUE, &min, &max));
  g_assert_cmpfloat (min, ==, 0.5);
  g_assert_cmpfloat (max, ==, 7);

  g_assert_false (entrena_chart_finite_range (none, none, 3, FALSE, &min, &max));
  g_assert_false (entrena_chart_finite_range (NULL, NULL, 3, FALSE, &min, &max));
  g_assert_false (entrena_chart_finite_range (a, b, 0, FALSE, &min, &max));
  g_assert_false (entrena_chart_finite_range (b + 2, NULL, 1, TRUE, &min, &max));
}

static void
test_axis_linear (void)
{
  const struct { double lo; double hi; guint ticks; } cases[] = {
    { 0.96, 2.87, 6 }, { 0, 2.87, 6 }, { -3, 5, 8 }, { 1000, 1500, 5 }, { 1e-5, 3e-5, 4 },
    { 0.999, 1.001, 5 }, { 1, 1, 5 }, { 0, 0, 5 }, { -2, -2, 5 }, { 0, 1e6, 10 }, { 5, 2, 4 },
    { 0.1, 0.2, 1 }, { 0, 28.3, 3 }, { 1e20, 1e20 + 1e6, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      EntrenaChartAxis axis;
      double lo = MIN (cases[i].lo, cases[i].hi);
      double hi = MAX (cases[i].lo, cases[i].hi);
      double step;

      g_test_message ("[%g, %g] in %u ticks", cases[i].lo, cases[i].hi, cases[i].ticks);
      entrena_chart_axis_linear (&axis, cases[i].lo, cases[i].hi, cases[i].ticks);
      assert_axis_sane (&axis);
      g_assert_false (axis.log_scale);
      g_assert_cmpuint (axis.n_ticks, <=, MAX (cases[i].ticks, 1) + 1);
      /* Every value is inside, and the ends are ticks. */
      g_assert_cmpfloat (axis.min, <=, lo);
      g_assert_cmpfloat (axis.max, >=, hi);
      g_assert_cmpfloat (axis.ticks[0], ==, axis.min);
      g_assert_cmpfloat (axis.ticks[axis.n_ticks - 1], ==, axis.max);
      /* Evenly spaced on a 1-2-5 step. */
      step = axis.ticks[1] - axis.ticks[0];
      g_assert_true (is_one_two_five (step));
      for (guint t = 1; t < axis.n_ticks; t++)
        g_assert_cmpfloat_with_epsilon (axis.ticks[t] - axis.ticks[t - 1], step, step * 1e-6);
      /* No negative axis for data that is not negative. */
      if (lo >= 0)
        g_assert_cmpfloat (axis.min, >=, 0);
    }

  /* Headroom: the curve's top does not touch the frame. */
  {
    EntrenaChartAxis axis;

    entrena_chart_axis_linear (&axis, 0, 3.0, 6);
    g_assert_cmpfloat (axis.max, >, 3.0);
    g_assert_cmpfloat (axis.min, ==, 0);
    /* … but a little: WineQT's 2.87 fits under 3 on half steps. */
    entrena_chart_axis_linear (&axis, 0, 2.87, 8);
    g_assert_cmpfloat (axis.max, ==, 3.0);
    g_assert_cmpfloat (axis.ticks[1], ==, 0.5);
    g_assert_cmpint (axis.decimals, ==, 1);
  }
}

static void
test_axis_losses (void)
{
  const float wine[] = { 2.87f, 1.35f, 1.02f, 0.96f };
  const float flat[] = { 1.05f, 1.0f, 0.95f };
  const float with_zero[] = { 1.0f, 0.1f, 0.0f, 1e-3f };
  const float broken[] = { NAN, INFINITY, -INFINITY };
  EntrenaChartAxis axis;

  /* A curve falling towards zero is drawn from zero. */
  entrena_chart_axis_for_losses (&axis, wine, NULL, 4, FALSE, 6);
  assert_axis_sane (&axis);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, >=, 2.87f);

  /* One far from zero is not squashed against it. */
  entrena_chart_axis_for_losses (&axis, flat, NULL, 3, FALSE, 6);
  assert_axis_sane (&axis);
  g_assert_cmpfloat (axis.min, >, 0.5);
  g_assert_cmpfloat (axis.min, <=, 0.95f);
  g_assert_cmpfloat (axis.max, >=, 1.05f);

  /* Log: a zero loss cannot be shown but must not break the axis. */
  entrena_chart_axis_for_losses (&axis, with_zero, NULL, 4, TRUE, 6);
  assert_axis_sane (&axis);
  g_assert_true (axis.log_scale);
  g_assert_cmpfloat (axis.min, <=, 1e-3);
  g_assert_cmpfloat (axis.max, >=, 1.0);

  /* Nothing finite at all: a default frame. */
  entrena_chart_axis_for_losses (&axis, broken, broken, 3, FALSE, 6);
  assert_axis_sane (&axis);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, ==, 1);
  entrena_chart_axis_for_losses (&axis, broken, NULL, 3, TRUE, 6);
  assert_axis_sane (&axis);
  entrena_chart_axis_for_losses (&axis, NULL, NULL, 0, TRUE, 6);
  assert_axis_sane (&axis);
}

static gboolean
is_power_of_ten (double v)
{
  double l = log10 (v);

  return fabs (l - round (l)) < 1e-9;
}

static void
test_axis_log (void)
{
  EntrenaChartAxis axis;

  /* Less than a decade: 1-2-5 steps read better than 1, 2, 3. */
  entrena_chart_axis_log (&axis, 0.96, 2.87, 6);
  assert_axis_sane (&axis);
  g_assert_true (axis.log_scale);
  g_assert_cmpfloat (axis.min, <, 0.96);
  g_assert_cmpfloat (axis.max, >, 2.87);
  g_assert_cmpuint (axis.n_ticks, ==, 5);
  g_assert_cmpfloat_with_epsilon (axis.ticks[0], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (axis.ticks[1], 1.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (axis.ticks[4], 3, 1e-12);
  g_assert_cmpint (axis.decimals, ==, 1);

  /* A decade: 1..9 where that is denser than 1-2-5 steps. */
  entrena_chart_axis_log (&axis, 0.3, 3, 12);
  assert_axis_sane (&axis);
  g_assert_cmpint (axis.decimals, ==, -1);
  g_assert_cmpfloat_with_epsilon (axis.ticks[0], 0.3, 1e-12);
  g_assert_cmpfloat_with_epsilon (axis.ticks[7], 1, 1e-12);

  /* Four decades: one tick per decade. */
  entrena_chart_axis_log (&axis, 1e-4, 1, 6);
  assert_axis_sane (&axis);
  g_assert_cmpuint (axis.n_ticks, ==, 5);
  for (guint i = 0; i < axis.n_ticks; i++)
    g_assert_true (is_power_of_ten (axis.ticks[i]));

  /* Twenty decades asked for: at most ten shown, ticks every other decade
   * or sparser, never more than asked for. */
  entrena_chart_axis_log (&axis, 1e-20, 1, 4);
  assert_axis_sane (&axis);
  g_assert_cmpfloat (axis.min, >=, 1e-11);
  g_assert_cmpuint (axis.n_ticks, <=, 5);
  for (guint i = 0; i < axis.n_ticks; i++)
    g_assert_true (is_power_of_ten (axis.ticks[i]));

  /* So narrow that no two 1..9 ticks fit: linear labels, still on the log axis. */
  entrena_chart_axis_log (&axis, 0.5, 0.52, 5);
  assert_axis_sane (&axis);
  g_assert_true (axis.log_scale);
  g_assert_cmpint (axis.decimals, >=, 2);

  /* A flat loss, a zero minimum, nonsense. */
  entrena_chart_axis_log (&axis, 0.5, 0.5, 5);
  assert_axis_sane (&axis);
  g_assert_cmpfloat (axis.min, <, 0.5);
  g_assert_cmpfloat (axis.max, >, 0.5);
  entrena_chart_axis_log (&axis, 0, 2, 5);
  assert_axis_sane (&axis);
  entrena_chart_axis_log (&axis, -1, -0.5, 5);
  assert_axis_sane (&axis);
  entrena_chart_axis_log (&axis, NAN, INFINITY, 5);
  assert_axis_sane (&axis);

  /* Fractions: ends at 0 and 1, non-positive values at the bottom. */
  entrena_chart_axis_log (&axis, 0.01, 100, 6);
  g_assert_cmpfloat_with_epsilon (entrena_chart_axis_fraction (&axis, axis.min), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (entrena_chart_axis_fraction (&axis, axis.max), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (entrena_chart_axis_fraction (&axis, 1), 0.5, 1e-9);
  g_assert_cmpfloat (entrena_chart_axis_fraction (&axis, 0), ==, 0);
  g_assert_cmpfloat (entrena_chart_axis_fraction (&axis, -3), ==, 0);
}

static void
test_axis_epochs (void)
{
  const struct { guint total; guint ticks; double step; } cases[] = {
    { 100, 6, 20 }, { 100, 10, 10 }, { 1, 5, 1 }, { 7, 10, 1 }, { 7, 3, 5 }, { 100000, 8, 20000 },
    { 3, 12, 1 }, { 43, 5, 10 },
  };
  EntrenaChartAxis axis;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%u epochs in %u ticks", cases[i].total, cases[i].ticks);
      entrena_chart_axis_epochs (&axis, cases[i].total, cases[i].ticks);
      assert_axis_sane (&axis);
      g_assert_cmpfloat (axis.min, ==, 0);
      g_assert_cmpfloat (axis.max, ==, cases[i].total);
      g_assert_cmpfloat (axis.ticks[1] - axis.ticks[0], ==, cases[i].step);
      for (guint t = 0; t < axis.n_ticks; t++)
        g_assert_cmpfloat (axis.ticks[t], ==, round (axis.ticks[t]));
    }

  /* No epochs planned yet: still a frame. */
  entrena_chart_axis_epochs (&axis, 0, 5);
  assert_axis_sane (&axis);
  g_assert_cmpfloat (axis.max, ==, 1);
}

static void
test_axis_format (void)
{
  EntrenaChartAxis axis;
  g_autofree char *half = NULL;
  g_autofree char *zero = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *tiny = NULL;

  entrena_chart_axis_linear (&axis, 0, 2.87, 8);
  half = entrena_chart_axis_format_tick (&axis, 0.5);
  zero = entrena_chart_axis_format_tick (&axis, axis.ticks[0]);
  g_assert_cmpstr (half, ==, "0.5");
  g_assert_cmpstr (zero, ==, "0.0");

  entrena_chart_axis_epochs (&axis, 100, 6);
  epoch = entrena_chart_axis_format_tick (&axis, 40);
  g_assert_cmpstr (epoch, ==, "40");

  entrena_chart_axis_log (&axis, 1e-6, 1, 8);
  tiny = entrena_chart_axis_format_tick (&axis, 1e-6);
  g_assert_cmpstr (tiny, ==, "1e-06");

  /* The decimal mark is the user's. */
  if (setlocale (LC_NUMERIC, "es_ES.UTF-8") != NULL || setlocale (LC_NUMERIC, "fr_FR.UTF-8") != NULL ||
      setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      g_autofree char *comma = NULL;

      entrena_chart_axis_linear (&axis, 0, 2.87, 8);
      comma = entrena_chart_axis_format_tick (&axis, 0.5);
      g_assert_cmpstr (comma, ==, "0,5");
      setlocale (LC_NUMERIC, "C");
    }
  else
    {
      g_test_message ("no Spanish, French or German locale installed: decimal comma not checked");
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/entrena/chart/axis/nice-step", test_nice_step);
  g_test_add_func ("/entrena/chart/axis/finite-range", test_finite_range);
  g_test_add_func ("/entrena/chart/axis/linear", test_axis_linear);
  g_test_add_func ("/entrena/chart/axis/losses", test_axis_losses);
  g_test_add_func ("/entrena/chart/axis/log", test_axis_log);
  g_test_add_func ("/entrena/chart/axis/epochs", test_axis_epochs);
  g_test_add_func ("/entrena/chart/axis/format", test_axis_format);

  return g_test_run ();
}
