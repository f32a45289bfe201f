/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-progress"

#include "config.h"

#include "entrena-progress.h"

gboolean
entrena_progress_throttle_due (EntrenaProgressThrottle *self,
                               gboolean                 final)
{
  gint64 now = g_get_monotonic_time ();

  if (!final && now - self->last < self->interval)
    return FALSE;

  self->last = now;
  return TRUE;
}

void
entrena_progress_throttle_restart (EntrenaProgressThrottle *self)
{
  self->last = g_get_monotonic_time ();
}

void
entrena_progress_post (GMainContext  *context,
                       const char    *name,
                       GSourceFunc    func,
                       gpointer       data,
                       GDestroyNotify notify)
{
  g_autoptr (GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
}
