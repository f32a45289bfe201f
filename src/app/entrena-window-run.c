/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include "entrena-window-private.h"

/*
 * The window's controls of a run in progress: Pause/Resume (win.pause, Space),
 * Step (win.step, Right arrow) and Train More (win.train-more). The run bar's
 * buttons use the actions; the keys are the window's own, and give way to a
 * text field, which needs Space, and to sliders and lists, which need the
 * arrows.
 */

/* Whether @widget, or what holds it, uses @keyval itself. */
static gboolean
focus_takes_key (GtkWidget *widget,
                 guint      keyval)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget))
        return TRUE;
      if (keyval != GDK_KEY_space &&
          (GTK_IS_RANGE (widget) || GTK_IS_LIST_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget)))
        return TRUE;
    }

  return FALSE;
}

/* Space while a run is in progress pauses or resumes it; otherwise the key
 * goes where it would have gone (a focused button presses). */
static gboolean
space_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (!entrena_window_get_training (self) ||
      focus_takes_key (gtk_root_get_focus (GTK_ROOT (self)), GDK_KEY_space))
    return FALSE;

  return gtk_widget_activate_action (widget, "win.pause", NULL);
}

/* Right arrow steps a paused run. */
static gboolean
right_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (!entrena_training_view_get_paused (self->training_view) ||
      focus_takes_key (gtk_root_get_focus (GTK_ROOT (self)), GDK_KEY_Right))
    return FALSE;

  return gtk_widget_activate_action (widget, "win.step", NULL);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  entrena_training_view_set_paused (self->training_view,
                                    !entrena_training_view_get_paused (self->training_view));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  /* Before a run, Step starts one that holds after its first epoch. */
  if (entrena_window_get_training (self))
    entrena_training_view_step (self->training_view);
  else
    _entrena_window_start_training (self, TRUE);
}

static void
train_more_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  _entrena_window_hide_error (self);
  entrena_training_view_train_more (self->training_view, g_variant_get_uint32 (parameter));
}

static void
paused_changed_cb (EntrenaWindow       *self,
                   GParamSpec          *pspec,
                   EntrenaTrainingView *view)
{
  _entrena_window_update_actions (self);
}

void
_entrena_window_update_run_actions (EntrenaWindow *self,
                                    gboolean       can_train)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean training = entrena_window_get_training (self);
  gboolean paused = entrena_training_view_get_paused (self->training_view);

  gtk_widget_action_set_enabled (widget, "win.pause", training);
  gtk_widget_action_set_enabled (widget, "win.step", training ? paused : can_train);
  gtk_widget_action_set_enabled (widget, "win.train-more",
                                 can_train &&
                                 entrena_training_view_get_can_train_more (self->training_view));
}

void
_entrena_window_class_add_run_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.train-more", "u", train_more_action);
}

void
_entrena_window_run_init (EntrenaWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  /* Before the focused widget, which then gets the keys these give up. */
  gtk_event_controller_set_name (keys, "entrena-run-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                          gtk_callback_action_new (space_cb, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Right, 0),
                                                          gtk_callback_action_new (right_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (self->training_view, "notify::paused",
                           G_CALLBACK (paused_changed_cb), self, G_CONNECT_SWAPPED);
}
