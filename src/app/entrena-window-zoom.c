/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-window-private.h"

/*
 * The presentation zoom and full screen, for a projector. GTK 4.8 has no
 * scale of its own for one window, so the zoom is a CSS font size on the
 * window (one class per level, from a stylesheet shared by the display):
 * text grows, and with it the buttons, rows and fields around it, and the
 * icons of buttons grow alike. The loss chart reads the zoom from its font
 * and scales its own text, lines and markers (entrena_chart_theme_zoom()).
 * Ctrl+plus, Ctrl+minus and Ctrl+0 (win.zoom-in, win.zoom-out,
 * win.zoom-reset) and the control at the top of the main menu change it;
 * GSettings remembers it ("zoom"). F11 (win.fullscreen) toggles full screen.
 *
 * Popovers (the main menu, drop-down lists, context menus) are surfaces of
 * their own whose font size starts again from the desktop's: the stylesheet
 * scales their contents too. Dialogs are windows of their own: each window
 * made transient for an Entrena window takes its zoom class.
 */

/* The levels, in percent, as GNOME Text Editor steps through its own. */
static const int zoom_levels[] = { 75, 90, 100, 110, 125, 150, 175, 200, 250, 300 };

#define ZOOM_CSS_KEY "entrena-zoom-css"
#define PANE_BASE_KEY "entrena-zoom-pane-base"

/* Text that libadwaita and Entrena's own stylesheet size in points, which a
 * window's font size leaves alone: the zoom scales each. */
static const struct
{
  const char *selector;
  double      points;
} fixed_sizes[] = {
  { ".large-title", 24 },
  { ".title-1", 20 },
  { ".title-2", 15 },
  { ".title-3", 15 },
  { ".title-4", 13 },
  { ".heading", 11 },
  { ".body", 11 },
  { ".caption-heading", 9 },
  { ".caption", 9 },
  { "columnview.view > header > button > box", 9 },
  { "columnview.preview > header > button > box", 10 },
  { ".accuracy-figure", 30 },
  { ".script-view", 10.5 },
};

/* The level nearest to @zoom (1 for 100%). */
static guint
nearest_level (double zoom)
{
  guint best = 2;

  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    if (fabs (zoom_levels[i] / 100.0 - zoom) < fabs (zoom_levels[best] / 100.0 - zoom))
      best = i;

  return best;
}

/* The stylesheet of every level, added once to the display. */
static void
ensure_css (GdkDisplay *display)
{
  g_autoptr(GString) css = g_string_new (NULL);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), ZOOM_CSS_KEY) != NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    {
      int level = zoom_levels[i];

      if (level == 100)
        continue;
      g_string_append_printf (css, "window.zoom-%d, window.zoom-%d popover > contents { font-size: %d%%; }\n",
                              level, level, level);
      g_string_append_printf (css, "window.zoom-%d button image, window.zoom-%d headerbar image "
                                   "{ -gtk-icon-size: %dpx; }\n",
                              level, level, (int) lround (16 * level / 100.0));
      /* Past 200% the header bar stays at 200%, so Open, the views, Train
       * and the main menu (with the zoom control) still fit across. */
      if (level > 200)
        g_string_append_printf (css, "window.zoom-%d headerbar { font-size: 22pt; }\n"
                                     "window.zoom-%d headerbar image { -gtk-icon-size: 32px; }\n",
                                level, level);
      for (guint k = 0; k < G_N_ELEMENTS (fixed_sizes); k++)
        {
          char size[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (size, sizeof size, "%.2f", fixed_sizes[k].points * level / 100.0);
          g_string_append_printf (css, "window.zoom-%d %s { font-size: %spt; }\n", level, fixed_sizes[k].selector, size);
        }
    }

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css->str, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_object_set_data_full (G_OBJECT (display), ZOOM_CSS_KEY, g_steal_pointer (&provider), g_object_unref);
}

/* Gives @dialog the zoom class of the window it is transient for. */
static void
follow_parent_zoom (GtkWindow *dialog)
{
  GtkWindow *parent = gtk_window_get_transient_for (dialog);

  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    {
      g_autofree char *name = g_strdup_printf ("zoom-%d", zoom_levels[i]);

      if (ENTRENA_IS_WINDOW (parent) && gtk_widget_has_css_class (GTK_WIDGET (parent), name))
        gtk_widget_add_css_class (GTK_WIDGET (dialog), name);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (dialog), name);
    }
}

static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ENTRENA_IS_WINDOW (window))
        continue;
      /* A dialog is often told its parent after it is made. */
      g_signal_connect (window, "notify::transient-for", G_CALLBACK (follow_parent_zoom), NULL);
      follow_parent_zoom (window);
    }
}

/* Watches, once, for the windows (dialogs) the Entrena windows open. */
static void
watch_dialogs (void)
{
  static gsize watching = 0;

  if (g_once_init_enter (&watching))
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_signal_connect (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
      g_once_init_leave (&watching, 1);
    }
}

/* The dialogs open over @self follow its new zoom. */
static void
zoom_dialogs (EntrenaWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        follow_parent_zoom (window);
    }
}

/* The side panes (settings, columns) widen with the zoom, so their larger
 * text does not wrap word by word; never past half the window. A width the
 * user dragged to is kept, at the new scale. */
static void
scale_side_panes (GtkWidget *widget,
                  double     old_zoom,
                  double     zoom,
                  int        window_width)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_PANED (child) && !gtk_paned_get_resize_start_child (GTK_PANED (child)) &&
          gtk_orientable_get_orientation (GTK_ORIENTABLE (child)) == GTK_ORIENTATION_HORIZONTAL)
        {
          GtkPaned *paned = GTK_PANED (child);
          int base = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (paned), PANE_BASE_KEY));

          if (base == 0 || gtk_paned_get_position (paned) != (int) lround (MIN (base * old_zoom, MAX (base, window_width / 2))))
            base = (int) lround (gtk_paned_get_position (paned) / old_zoom);
          g_object_set_data (G_OBJECT (paned), PANE_BASE_KEY, GINT_TO_POINTER (base));
          gtk_paned_set_position (paned, (int) lround (MIN (base * zoom, MAX (base, window_width / 2))));
        }
      scale_side_panes (child, old_zoom, zoom, window_width);
    }
}

static void
apply_zoom (EntrenaWindow *self,
            guint          level)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *label = NULL;
  int width = gtk_widget_get_width (widget);
  int height;

  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    {
      g_autofree char *name = g_strdup_printf ("zoom-%d", zoom_levels[i]);

      if (i == level && zoom_levels[i] != 100)
        gtk_widget_add_css_class (widget, name);
      else
        gtk_widget_remove_css_class (widget, name);
    }

  if (width <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  scale_side_panes (widget, zoom_levels[self->zoom_level] / 100.0, zoom_levels[level] / 100.0, width);
  self->zoom_level = level;
  zoom_dialogs (self);

  /* Translators: the zoom level in the main menu, "150%". */
  label = g_strdup_printf (_("%d%%"), zoom_levels[level]);
  gtk_button_set_label (self->zoom_reset_button, label);
  /* The button's text is the level; a screen reader hears what it does too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_reset_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reset Zoom"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                  -1);
  gtk_widget_action_set_enabled (widget, "win.zoom-in", level + 1 < G_N_ELEMENTS (zoom_levels));
  gtk_widget_action_set_enabled (widget, "win.zoom-out", level > 0);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset", zoom_levels[level] != 100);
}

static void
set_level (EntrenaWindow *self,
           guint          level)
{
  /* Through the setting, so every window and the next start follow. */
  if (self->settings != NULL)
    g_settings_set_double (self->settings, "zoom", zoom_levels[level] / 100.0);
  else
    apply_zoom (self, level);
}

static void
zoom_changed_cb (EntrenaWindow *self)
{
  apply_zoom (self, nearest_level (g_settings_get_double (self->settings, "zoom")));
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (self->zoom_level + 1 < G_N_ELEMENTS (zoom_levels))
    set_level (self, self->zoom_level + 1);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (self->zoom_level > 0)
    set_level (self, self->zoom_level - 1);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_level (ENTRENA_WINDOW (widget), nearest_level (1.0));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

void
_entrena_window_class_add_zoom_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);

  /* The keys of every GNOME application with a zoom, on the main and the
   * keypad keys; Ctrl+= is Ctrl+plus without Shift on many layouts. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);

  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, zoom_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, zoom_reset_button);
}

void
_entrena_window_zoom_init (EntrenaWindow *self)
{
  GtkPopover *popover = gtk_menu_button_get_popover (self->menu_button);

  ensure_css (gtk_widget_get_display (GTK_WIDGET (self)));
  watch_dialogs ();
  self->zoom_level = nearest_level (1.0);

  /* The control in the main menu, as GNOME Text Editor has it. */
  if (GTK_IS_POPOVER_MENU (popover))
    gtk_popover_menu_add_child (GTK_POPOVER_MENU (popover), GTK_WIDGET (self->zoom_box), "zoom");

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::zoom",
                               G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
      zoom_changed_cb (self);
    }
  else
    apply_zoom (self, nearest_level (1.0));
}

/**
 * entrena_window_get_zoom:
 * @self: an #EntrenaWindow
 *
 * Returns: the presentation zoom, 1 for 100%
 */
double
entrena_window_get_zoom (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), 1.0);

  return zoom_levels[self->zoom_level] / 100.0;
}
