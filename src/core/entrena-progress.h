/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaProgressFunc:
 * @done: units done so far (bytes read, epochs run, ...)
 * @total: units in all, or 0 when unknown
 * @user_data: closure data
 *
 * Reports progress from a long operation. It is called on the thread that runs
 * the operation, so a GUI must forward it to its main context itself.
 */
typedef void (*EntrenaProgressFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

/**
 * EntrenaProgressThrottle:
 * @interval: the shortest time between two reports, in microseconds
 * @last: when the last report went out (monotonic microseconds), 0 before
 *   the first
 *
 * Keeps a worker thread's progress reports to a pace a main loop can follow:
 * however fast the work goes, a report is due at most once per @interval,
 * and always at the end. Start it with %ENTRENA_PROGRESS_THROTTLE_INIT.
 */
typedef struct
{
  gint64 interval;
  gint64 last;
} EntrenaProgressThrottle;

#define ENTRENA_PROGRESS_THROTTLE_INIT(interval_us) ((EntrenaProgressThrottle) { (interval_us), 0 })

/* Whether a report is due now: @final (the work is done), or @interval has
 * passed since the last one. A due report counts as sent. */
gboolean entrena_progress_throttle_due     (EntrenaProgressThrottle *self,
                                            gboolean                 final);
/* Counts the time from now, as if a report went out now. */
void     entrena_progress_throttle_restart (EntrenaProgressThrottle *self);

/* Runs @func (@data) once on @context, through an idle source at the default
 * priority: never right away on the calling thread, which a worker thread
 * must not do even when it could acquire @context. @name must be static. */
void     entrena_progress_post             (GMainContext            *context,
                                            const char              *name,
                                            GSourceFunc              func,
                                            gpointer                 data,
                                            GDestroyNotify           notify);

G_END_DECLS
