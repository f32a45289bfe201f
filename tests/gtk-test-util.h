/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers for in-process GTK 4.8 tests run under Xvfb (see the "gui" suite).
 *
 *  - With meson's `protocol: 'tap'` an exit status of 77 counts as an error, not a skip, so
 *    gtu_init() prints a TAP plan-skip when there is no display.
 *  - gtk_widget_activate() on a realized button emits ::clicked only after a 250 ms press
 *    animation; gtu_click() emits it at once.
 *  - Animations and the blinking cursor are turned off so runs behave the same every time.
 */
#pragma once

#include <gtk/gtk.h>

static inline gboolean
gtu_init (void)
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }

  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE,
                NULL);
  return TRUE;
}

typedef gboolean (*GtuPredicate) (gpointer data);

/* Under AddressSanitizer the window runs several times slower (and slower
 * still on a busy machine): every wait may take that much longer. */
#if defined(__SANITIZE_ADDRESS__)
#define GTU_TIMEOUT_SCALE 6
#else
#define GTU_TIMEOUT_SCALE 1
#endif

/* Walks of a whole corpus through the window take every file in the normal
 * build; under AddressSanitizer every GTU_SANITIZER_STRIDE-th refused file,
 * since the window's refusal path is the same for each and the cli suite
 * already takes every file through the core under the sanitizer. */
#if defined(__SANITIZE_ADDRESS__)
#define GTU_SANITIZER_STRIDE 4
#else
#define GTU_SANITIZER_STRIDE 1
#endif

/* Iterates the default main context until pred (data) holds or timeout_ms pass. */
static inline gboolean
gtu_wait_until (GtuPredicate pred,
                gpointer     data,
                guint        timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000 * GTU_TIMEOUT_SCALE;

  while (!pred (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  return TRUE;
}

/* Iterates the default main context for ms milliseconds. */
static inline void
gtu_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static inline gboolean
gtu__mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static inline gboolean
gtu_wait_mapped (GtkWidget *widget,
                 guint      timeout_ms)
{
  return gtu_wait_until (gtu__mapped, widget, timeout_ms);
}

typedef gboolean (*GtuWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @root (itself included), depth first, that @match accepts. */
static inline GtkWidget *
gtu__find_first (GtkWidget      *root,
                 GtuWidgetMatch  match,
                 gconstpointer   data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gtu__find_first (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static inline gboolean
gtu__has_name (GtkWidget     *widget,
               gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static inline gboolean
gtu__has_type (GtkWidget     *widget,
               gconstpointer  type)
{
  return g_type_is_a (G_OBJECT_TYPE (widget), GPOINTER_TO_SIZE (type));
}

/* Depth-first search by gtk_widget_set_name() name (the .ui files set "name"). */
static inline GtkWidget *
gtu_find (GtkWidget  *root,
          const char *name)
{
  return gtu__find_first (root, gtu__has_name, name);
}

/* The first widget of @type under @root (itself included), depth first. */
static inline GtkWidget *
gtu_find_type (GtkWidget *root,
               GType      type)
{
  return gtu__find_first (root, gtu__has_type, GSIZE_TO_POINTER (type));
}

/* An immediate click, through the button's action if it has one. */
static inline void
gtu_click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}
