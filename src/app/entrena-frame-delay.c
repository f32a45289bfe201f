/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-frame-delay"

#include "config.h"

#include "entrena-frame-delay.h"

/*
 * Work put off by a frame or two: what would make one frame redraw most of
 * the window is spread over the next ones (a run's start and end). The work
 * runs at a widget's frame clock tick, so it waits while the widget is not
 * drawn.
 */

typedef struct
{
  guint                 n_ticks;
  guint                 seen;
  EntrenaFrameDelayFunc func;
  gpointer              data;
} FrameDelay;

static gboolean
frame_delay_tick_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  FrameDelay *delay = user_data;

  if (++delay->seen < delay->n_ticks)
    return G_SOURCE_CONTINUE;

  delay->func (delay->data);

  return G_SOURCE_REMOVE;
}

/**
 * entrena_frame_delay_add:
 * @widget: the widget whose frame clock counts the ticks
 * @n_ticks: at which tick from now @func runs, from 1
 * @func: the work; the caller forgets the returned id in it
 * @data: for @func
 *
 * Returns: the tick callback's id, for entrena_frame_delay_cancel()
 */
guint
entrena_frame_delay_add (GtkWidget             *widget,
                         guint                  n_ticks,
                         EntrenaFrameDelayFunc  func,
                         gpointer               data)
{
  FrameDelay *delay = g_new0 (FrameDelay, 1);

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);

  delay->n_ticks = MAX (n_ticks, 1);
  delay->func = func;
  delay->data = data;

  return gtk_widget_add_tick_callback (widget, frame_delay_tick_cb, delay, g_free);
}

/**
 * entrena_frame_delay_cancel:
 * @widget: the widget given to entrena_frame_delay_add()
 * @id: (inout): the delay's id, or 0; set to 0
 *
 * Drops the work put off, if it has not run.
 */
void
entrena_frame_delay_cancel (GtkWidget *widget,
                            guint     *id)
{
  if (*id != 0)
    gtk_widget_remove_tick_callback (widget, *id);
  *id = 0;
}
