/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Enough for a dense log axis over one decade (1..9 and the next power) and
 * for any linear axis asked for a sane number of ticks. */
#define ENTRENA_CHART_AXIS_MAX_TICKS 32

/**
 * EntrenaChartAxis:
 * @min: the low end of the axis, in data units (not logarithms)
 * @max: the high end, in data units; always greater than @min
 * @log_scale: whether positions follow log10 of the value
 * @n_ticks: how many entries of @ticks are used
 * @ticks: the tick values, ascending, all within [@min, @max]
 * @decimals: digits after the decimal point for linear tick labels, or -1
 *   for the shortest form (log axes)
 *
 * One axis of the loss chart: its range and where its labelled ticks go.
 * Pure data, computed by the helpers below and mapped to pixels only when
 * drawing.
 */
typedef struct
{
  double   min;
  double   max;
  gboolean log_scale;
  guint    n_ticks;
  double   ticks[ENTRENA_CHART_AXIS_MAX_TICKS];
  int      decimals;
} EntrenaChartAxis;

/* The 1-2-5 step (1, 2 or 5 times a power of ten) that cuts @span into at
 * most @max_intervals pieces, or 0 when @span is not positive and finite. */
double   entrena_chart_nice_step          (double span,
                                           guint  max_intervals);

/* The smallest and largest finite values of @a and @b (each nullable, @n
 * long), or only of the positive ones with @positive_only (for log scales).
 * Returns: %FALSE when there is no such value. */
gboolean entrena_chart_finite_range       (const float *a,
                                           const float *b,
                                           guint        n,
                                           gboolean     positive_only,
                                           double      *min,
                                           double      *max);

/* A linear axis through [@data_min, @data_max] with a little headroom, its
 * ends on multiples of a 1-2-5 step, with at most @max_ticks + 1 ticks. It
 * never goes below zero for data that does not. */
void     entrena_chart_axis_linear        (EntrenaChartAxis *axis,
                                           double            data_min,
                                           double            data_max,
                                           guint             max_ticks);

/* A linear axis from @min to @max exactly, with 1-2-5 ticks inside it:
 * for data whose extent is fixed (a decision map's plane). */
void     entrena_chart_axis_fixed         (EntrenaChartAxis *axis,
                                           double            min,
                                           double            max,
                                           guint             max_ticks);

/* A log axis through the positive [@data_min, @data_max] with a little
 * headroom. Ticks are 1..9, 1-2-5 or 1 times powers of ten (every decade,
 * or every 2nd, 5th … for wide ranges), whichever is densest with at most
 * @max_ticks; a range narrower than those gets linear 1-2-5 ticks. The range
 * spans at most 10 decades below @data_max, so losses near 0 (or equal to
 * it) neither squash the curve nor break the axis. */
void     entrena_chart_axis_log           (EntrenaChartAxis *axis,
                                           double            data_min,
                                           double            data_max,
                                           guint             max_ticks);

/* The loss axis: linear or log through the finite values of both series.
 * A linear axis starts at 0 when the losses are not far above it (the
 * lowest below 5/6 of the highest), so a class sees how far from zero
 * training got. Without data: [0, 1] linear, [0.1, 10] log. */
/* The same rule for a range already found (@have_range %FALSE for none),
 * as when several runs share the axis. */
void     entrena_chart_axis_for_loss_range (EntrenaChartAxis *axis,
                                           gboolean          have_range,
                                           double            min,
                                           double            max,
                                           gboolean          log_scale,
                                           guint             max_ticks);
void     entrena_chart_axis_for_losses    (EntrenaChartAxis *axis,
                                           const float      *train_loss,
                                           const float      *test_loss,
                                           guint             n,
                                           gboolean          log_scale,
                                           guint             max_ticks);

/* The accuracy axis: shares from 0 to 1 (shown as 0 to 100%), linear,
 * with ticks on a 1-2-5 step. */
void     entrena_chart_axis_for_shares    (EntrenaChartAxis *axis,
                                           guint             max_ticks);

/* The epoch axis [0, @total_epochs] (at least [0, 1]) with integer ticks
 * on a 1-2-5 step of at least 1. */
void     entrena_chart_axis_epochs        (EntrenaChartAxis *axis,
                                           guint             total_epochs,
                                           guint             max_ticks);

/* Where @value lies along the axis: 0 at min, 1 at max (outside for values
 * beyond). On a log axis, non-positive values map to 0. */
double   entrena_chart_axis_fraction      (const EntrenaChartAxis *axis,
                                           double                  value);

/* The label of a tick, formatted for the user's locale (LC_NUMERIC).
 * (transfer full) */
char    *entrena_chart_axis_format_tick   (const EntrenaChartAxis *axis,
                                           double                  value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
