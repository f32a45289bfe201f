/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <math.h>

#include "entrena-chart-axis.h"

/* Headroom on each side, as a share of the data's span, so no curve touches
 * the frame. A linear axis then rounds out to its step, which usually adds
 * more; a log axis ends where the headroom does (in decades). */
#define LINEAR_HEADROOM 0.03
#define LOG_HEADROOM    0.05
/* A log axis shows at most this many decades below its top. */
#define LOG_MAX_DECADES 10.0

double
entrena_chart_nice_step (double span,
                         guint  max_intervals)
{
  double raw;
  double magnitude;
  double norm;
  double nice;

  if (!(span > 0) || !isfinite (span))
    return 0;

  raw = span / MAX (max_intervals, 1);
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;

  /* The tolerance keeps 0.3 / 3 from becoming 0.2 (a 5-step) by rounding. */
  if (norm <= 1 + 1e-9)
    nice = 1;
  else if (norm <= 2 + 1e-9)
    nice = 2;
  else if (norm <= 5 + 1e-9)
    nice = 5;
  else
    nice = 10;

  return nice * magnitude;
}

gboolean
entrena_chart_finite_range (const float *a,
                            const float *b,
                            guint        n,
                            gboolean     positive_only,
                            double      *min,
                            double      *max)
{
  const float *series[2] = { a, b };
  double lo = INFINITY;
  double hi = -INFINITY;

  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    {
      if (series[s] == NULL)
        continue;
      for (guint i = 0; i < n; i++)
        {
          double v = series[s][i];

          if (!isfinite (v) || (positive_only && !(v > 0)))
            continue;
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
    }

  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;

  return lo <= hi;
}

static int
decimals_for_step (double step)
{
  /* A 1-2-5 step needs as many decimals as its leading digit's position. */
  return MAX (0, (int) -floor (log10 (step) + 1e-9));
}

/* Ticks on a 1-2-5 step from below @lo to above @hi, both ends on a tick. */
static void
linear_ticks (EntrenaChartAxis *axis,
              double            lo,
              double            hi,
              guint             max_ticks)
{
  double step = entrena_chart_nice_step (hi - lo, max_ticks);
  double first = 0;
  guint n = 0;

  /* Rounding the ends out to the step can add an interval or two; take the
   * next step up until the ticks fit. */
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      double last;

      first = floor (lo / step + 1e-9) * step;
      last = ceil (hi / step - 1e-9) * step;
      n = (guint) lround ((last - first) / step) + 1;
      if (n <= max_ticks + 1)
        break;
      step = entrena_chart_nice_step (step * 1.5, 1);
    }
  n = CLAMP (n, 2, ENTRENA_CHART_AXIS_MAX_TICKS);

  axis->log_scale = FALSE;
  axis->n_ticks = n;
  for (guint i = 0; i < n; i++)
    {
      double v = first + i * step;

      /* No "-0" label from rounding. */
      axis->ticks[i] = fabs (v) < step * 1e-9 ? 0 : v;
    }
  axis->min = axis->ticks[0];
  axis->max = axis->ticks[n - 1];
  axis->decimals = decimals_for_step (step);
}

void
entrena_chart_axis_linear (EntrenaChartAxis *axis,
                           double            data_min,
                           double            data_max,
                           guint             max_ticks)
{
  double lo;
  double hi;

  g_return_if_fail (axis != NULL);

  max_ticks = CLAMP (max_ticks, 1, ENTRENA_CHART_AXIS_MAX_TICKS - 1);
  if (!isfinite (data_min) || !isfinite (data_max))
    {
      data_min = 0;
      data_max = 1;
    }
  if (data_min > data_max)
    {
      double t = data_min;

      data_min = data_max;
      data_max = t;
    }

  if (data_max - data_min <= 1e-12 * MAX (fabs (data_min), fabs (data_max)))
    {
      /* A flat series: centre it in a band of ±10% of its value (±1 at 0). */
      double pad = data_max != 0 ? 0.1 * fabs (data_max) : 1;

      lo = data_min - pad;
      hi = data_max + pad;
    }
  else
    {
      double pad = LINEAR_HEADROOM * (data_max - data_min);

      lo = data_min - pad;
      hi = data_max + pad;
    }
  /* Losses are never negative; neither is their axis. */
  if (data_min >= 0 && lo < 0)
    lo = 0;

  linear_ticks (axis, lo, hi, max_ticks);
}

/* Ticks m × 10^d for every m of @mantissas and every decade d divisible by
 * @stride. Returns how many fall within the axis, up to @limit stored. */
static guint
log_ticks (EntrenaChartAxis *axis,
           const double     *mantissas,
           guint             n_mantissas,
           int               stride,
           guint             limit)
{
  int d0 = (int) floor (log10 (axis->min)) - 1;
  int d1 = (int) ceil (log10 (axis->max)) + 1;
  guint n = 0;

  for (int d = d0; d <= d1; d++)
    {
      double p;

      /* A true modulo, so negative decades count too. */
      if (((d % stride) + stride) % stride != 0)
        continue;
      p = pow (10, d);
      for (guint i = 0; i < n_mantissas; i++)
        {
          double v = mantissas[i] * p;

          if (v < axis->min * (1 - 1e-9) || v > axis->max * (1 + 1e-9))
            continue;
          if (n < limit)
            axis->ticks[n] = v;
          n++;
        }
    }

  return n;
}

/* Linear 1-2-5 ticks inside the axis's range, which stays as it is. */
static guint
linear_ticks_within (EntrenaChartAxis *axis,
                     guint             max_ticks)
{
  double step = entrena_chart_nice_step (axis->max - axis->min, max_ticks);
  double first = ceil (axis->min / step - 1e-9) * step;
  guint n = 0;

  for (double v = first; v <= axis->max * (1 + 1e-9) && n < max_ticks + 1; v = first + n * step)
    axis->ticks[n++] = v;
  axis->n_ticks = n;
  axis->decimals = decimals_for_step (step);

  return n;
}

void
entrena_chart_axis_fixed (EntrenaChartAxis *axis,
                          double            min,
                          double            max,
                          guint             max_ticks)
{
  g_return_if_fail (axis != NULL);
  g_return_if_fail (max > min);

  axis->min = min;
  axis->max = max;
  axis->log_scale = FALSE;
  linear_ticks_within (axis, CLAMP (max_ticks, 1, ENTRENA_CHART_AXIS_MAX_TICKS - 2));
  /* A tick at zero reached from below is -0: shown as "0". */
  for (guint i = 0; i < axis->n_ticks; i++)
    if (fabs (axis->ticks[i]) < 1e-9 * (max - min))
      axis->ticks[i] = 0.0;
}

void
entrena_chart_axis_log (EntrenaChartAxis *axis,
                        double            data_min,
                        double            data_max,
                        guint             max_ticks)
{
  static const double dense[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  static const double one_two_five[] = { 1, 2, 5 };
  static const double one_three[] = { 1, 3 };
  static const double one[] = { 1 };
  static const int strides[] = { 2, 3, 5, 10, 20, 50, 100 };
  double lmin;
  double lmax;
  double pad;
  guint n;

  g_return_if_fail (axis != NULL);

  max_ticks = CLAMP (max_ticks, 2, ENTRENA_CHART_AXIS_MAX_TICKS - 1);
  if (!(data_max > 0) || !isfinite (data_max))
    {
      data_min = 0.1;
      data_max = 10;
    }
  if (!(data_min > 0) || !isfinite (data_min) || data_min > data_max)
    data_min = data_max;
  data_min = MAX (data_min, data_max * pow (10, -LOG_MAX_DECADES));

  lmin = log10 (data_min);
  lmax = log10 (data_max);
  pad = MAX (LOG_HEADROOM * (lmax - lmin), 0.05);
  axis->log_scale = TRUE;
  axis->decimals = -1;
  axis->min = pow (10, lmin - pad);
  axis->max = pow (10, lmax + pad);

  /* The densest set of ticks that fits, from 1..9 per decade down to one
   * tick every hundredth decade. Within about a decade, 1-2-5 steps as on a
   * linear axis read better when they give more ticks (1.0, 1.5, 2.0 … rather
   * than 1, 2, 3), and they are all there is when no two of 1..9 fit. */
  n = log_ticks (axis, dense, G_N_ELEMENTS (dense), 1, max_ticks + 1);
  if (n <= max_ticks && axis->max / axis->min < 20)
    {
      EntrenaChartAxis linear = *axis;
      guint n_linear = linear_ticks_within (&linear, max_ticks);

      if (n_linear > n || n < 2)
        {
          *axis = linear;
          return;
        }
    }
  if (n <= max_ticks)
    {
      axis->n_ticks = n;
      return;
    }

  n = log_ticks (axis, one_two_five, G_N_ELEMENTS (one_two_five), 1, max_ticks + 1);
  if (n <= max_ticks)
    {
      axis->n_ticks = n;
      return;
    }
  n = log_ticks (axis, one_three, G_N_ELEMENTS (one_three), 1, max_ticks + 1);
  if (n <= max_ticks)
    {
      axis->n_ticks = n;
      return;
    }
  n = log_ticks (axis, one, 1, 1, max_ticks + 1);
  for (guint i = 0; i < G_N_ELEMENTS (strides) && n > max_ticks; i++)
    n = log_ticks (axis, one, 1, strides[i], max_ticks + 1);
  axis->n_ticks = MIN (n, max_ticks + 1);
}

void
entrena_chart_axis_for_loss_range (EntrenaChartAxis *axis,
                                   gboolean          have_range,
                                   double            min,
                                   double            max,
                                   gboolean          log_scale,
                                   guint             max_ticks)
{
  g_return_if_fail (axis != NULL);

  if (log_scale)
    {
      if (!have_range)
        {
          min = 0.1;
          max = 10;
        }
      entrena_chart_axis_log (axis, min, max, max_ticks);
      return;
    }

  if (!have_range)
    {
      /* No loss yet: a plain frame from 0 to 1. */
      linear_ticks (axis, 0, 1, CLAMP (max_ticks, 1, ENTRENA_CHART_AXIS_MAX_TICKS - 1));
      return;
    }
  /* The rule spreadsheets use: start at zero unless the data sits far from it. */
  if (min >= 0 && min < max * 5 / 6)
    min = 0;
  entrena_chart_axis_linear (axis, min, max, max_ticks);
}

void
entrena_chart_axis_for_losses (EntrenaChartAxis *axis,
                               const float      *train_loss,
                               const float      *test_loss,
                               guint             n,
                               gboolean          log_scale,
                               guint             max_ticks)
{
  double min;
  double max;
  gboolean have;

  g_return_if_fail (axis != NULL);

  have = entrena_chart_finite_range (train_loss, test_loss, n, log_scale, &min, &max);
  entrena_chart_axis_for_loss_range (axis, have, min, max, log_scale, max_ticks);
}

void
entrena_chart_axis_for_shares (EntrenaChartAxis *axis,
                               guint             max_ticks)
{
  g_return_if_fail (axis != NULL);

  /* Always the whole range, so curves of different runs and epochs compare. */
  linear_ticks (axis, 0, 1, CLAMP (max_ticks, 1, ENTRENA_CHART_AXIS_MAX_TICKS - 1));
}

void
entrena_chart_axis_epochs (EntrenaChartAxis *axis,
                           guint             total_epochs,
                           guint             max_ticks)
{
  double step;
  guint n = 0;

  g_return_if_fail (axis != NULL);

  total_epochs = MAX (total_epochs, 1);
  max_ticks = CLAMP (max_ticks, 1, ENTRENA_CHART_AXIS_MAX_TICKS - 1);
  /* Epochs are whole: no step below 1. */
  step = MAX (1, round (entrena_chart_nice_step (total_epochs, max_ticks)));

  for (double v = 0; v <= total_epochs && n < ENTRENA_CHART_AXIS_MAX_TICKS; v += step)
    axis->ticks[n++] = v;

  axis->min = 0;
  axis->max = total_epochs;
  axis->log_scale = FALSE;
  axis->n_ticks = n;
  axis->decimals = 0;
}

double
entrena_chart_axis_fraction (const EntrenaChartAxis *axis,
                             double                  value)
{
  g_return_val_if_fail (axis != NULL, 0);

  if (axis->log_scale)
    {
      if (!(value > 0))
        return 0;
      return (log10 (value) - log10 (axis->min)) / (log10 (axis->max) - log10 (axis->min));
    }

  return (value - axis->min) / (axis->max - axis->min);
}

char *
entrena_chart_axis_format_tick (const EntrenaChartAxis *axis,
                                double                  value)
{
  g_return_val_if_fail (axis != NULL, NULL);

  /* g_strdup_printf follows LC_NUMERIC, so a French user reads "0,5". */
  if (axis->decimals < 0)
    return g_strdup_printf ("%.3g", value);

  return g_strdup_printf ("%.*f", axis->decimals, value);
}
