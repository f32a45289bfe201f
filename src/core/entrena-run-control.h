/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * EntrenaRunControl:
 *
 * How a person drives a run while it trains: stop it, pause it, let it take
 * one more epoch, or slow it down to a number of epochs per second. The
 * person's side (any thread; in the window, the main thread) sets what it
 * wants; the training thread asks entrena_run_control_wait() before every
 * epoch, and waits there. Waiting happens only between epochs, so a paused,
 * stepped or paced run computes exactly what an uninterrupted one does.
 *
 * Thread-safe. Refcounted, since the window and a worker share it.
 */
typedef struct _EntrenaRunControl EntrenaRunControl;

/* The far end of the pace: no waiting at all. */
#define ENTRENA_PACE_FASTEST 0.0

EntrenaRunControl *entrena_run_control_new        (void) G_GNUC_WARN_UNUSED_RESULT;
EntrenaRunControl *entrena_run_control_ref        (EntrenaRunControl *self);
void               entrena_run_control_unref      (EntrenaRunControl *self);

/* The person's side. */
void               entrena_run_control_stop       (EntrenaRunControl *self);
void               entrena_run_control_set_paused (EntrenaRunControl *self,
                                                   gboolean           paused);
gboolean           entrena_run_control_get_paused (EntrenaRunControl *self);
void               entrena_run_control_step       (EntrenaRunControl *self);
void               entrena_run_control_set_pace   (EntrenaRunControl *self,
                                                   double             epochs_per_second);
double             entrena_run_control_get_pace   (EntrenaRunControl *self);
/* Clears a stop and any steps not taken, for the next run; pause and pace stay. */
void               entrena_run_control_rearm      (EntrenaRunControl *self);

/* The training thread's side. */
gboolean           entrena_run_control_wait       (EntrenaRunControl *self,
                                                   GCancellable      *cancellable);
gboolean           entrena_run_control_is_holding (EntrenaRunControl *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaRunControl, entrena_run_control_unref)

G_END_DECLS
