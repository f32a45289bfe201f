/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include "entrena-window-private.h"

/*
 * The training view, while the Data view is on screen, is laid out ahead at
 * the size it will have: its first layout (the shaping of every label of the
 * settings and the results) then happens while the window is idle, after the
 * frame that showed the data, and the frame after Train only draws it. The
 * window asks for this after each of its allocations; when nothing in the
 * view changed, it costs nothing.
 */

/* The first drawing of the training view rasterizes the glyphs of its fonts
 * and loads its icons: done once, ahead, into an image nobody sees. The view
 * is shown (mapped) only to be drawn, never on screen: the view stack draws
 * its visible child only. */
static void
draw_training_view (EntrenaWindow *self,
                    int            width,
                    int            height)
{
  GtkWidget *view = GTK_WIDGET (self->training_view);
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;

  self->training_view_drawn = TRUE;
  gtk_widget_set_child_visible (view, TRUE);
  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (gtk_widget_get_parent (view), view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  gtk_widget_set_child_visible (view, FALSE);

  if (node != NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);

      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

static gboolean
lay_out_training_view_cb (gpointer data)
{
  EntrenaWindow *self = data;
  GtkWidget *view = GTK_WIDGET (self->training_view);
  int width = gtk_widget_get_width (GTK_WIDGET (self->view_stack));
  int height = gtk_widget_get_height (GTK_WIDGET (self->view_stack));

  self->layout_source = 0;
  /* On screen meanwhile: the view stack lays it out. */
  if (width <= 0 || height <= 0 || gtk_widget_get_child_visible (view))
    return G_SOURCE_REMOVE;

  /* As the view stack does: all of its pages measured, the visible one given its whole size. */
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
  gtk_widget_allocate (view, width, height, -1, NULL);
  if (!self->training_view_drawn)
    draw_training_view (self, width, height);

  return G_SOURCE_REMOVE;
}

/* After the window's allocation: the training view, if off screen, is laid
 * out at the view stack's size once the main loop is idle. */
void
_entrena_window_lay_out_ahead (EntrenaWindow *self)
{
  if (self->layout_source == 0 && !gtk_widget_get_child_visible (GTK_WIDGET (self->training_view)))
    self->layout_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, lay_out_training_view_cb, self, NULL);
}
