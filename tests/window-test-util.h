/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the tests that open an EntrenaWindow share. Call ewt_save_data_dirs()
 * before g_test_init (…, G_TEST_OPTION_ISOLATE_DIRS, …).
 */

#include <glib/gstdio.h>

#include "entrena-window.h"
#include "gtk-test-util.h"

/* XDG_DATA_DIRS before G_TEST_OPTION_ISOLATE_DIRS replaced it, kept by
 * ewt_save_data_dirs() (window-test-util.c, which every program built from
 * this header links). */
extern char *ewt_system_data_dirs;

void ewt_save_data_dirs (void);

/* The default GtkRecentManager is created once per process, with its file in the first
 * test's isolated data directory, which GLib removes when that test ends. Recreate the
 * directory so the recent list can still be saved. */
static inline void
ewt_keep_recent_dir (void)
{
  g_autofree char *filename = NULL;
  g_autofree char *dirname = NULL;

  g_object_get (gtk_recent_manager_get_default (), "filename", &filename, NULL);
  dirname = g_path_get_dirname (filename);
  g_assert_no_errno (g_mkdir_with_parents (dirname, 0700));
}

/* A new window of this size, shown and mapped. */
static inline EntrenaWindow *
ewt_show_window (int width,
                 int height)
{
  EntrenaWindow *window;

  /* Isolation also hides /usr/share/mime, and without it gdk-pixbuf cannot tell that
   * the app icon is an SVG. Those directories are only read, so give them back. */
  if (ewt_system_data_dirs != NULL)
    g_setenv ("XDG_DATA_DIRS", ewt_system_data_dirs, TRUE);

  ewt_keep_recent_dir ();
  window = entrena_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtu_wait_mapped (GTK_WIDGET (window), 5000));

  return window;
}

static inline gboolean
ewt__finalized (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Destroys the window and checks that nothing keeps it alive. Work it had
 * cancelled (a load superseded by another, a run) holds it until its thread
 * sees the cancellation and its callback has run: on a loaded machine or
 * under AddressSanitizer that can take a while, so wait for it. */
static inline void
ewt_destroy_window (EntrenaWindow *window)
{
  gpointer alive = window;

  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  gtk_window_destroy (GTK_WINDOW (window));
  if (!gtu_wait_until (ewt__finalized, &alive, 60000))
    {
      g_object_remove_weak_pointer (G_OBJECT (window), &alive);
      g_error ("The window is still alive a minute after it was destroyed");
    }
}

/* The widget named @name under @root (a widget or a window); fails the test without one. */
static inline GtkWidget *
ewt_find (gpointer    root,
          const char *name)
{
  GtkWidget *widget = gtu_find (GTK_WIDGET (root), name);

  if (widget == NULL)
    g_error ("No widget named “%s” in the window", name);

  return widget;
}

/* The shown toplevel of @type (or any type, for 0) named @name (or any
 * name, for %NULL), transient for @parent (or any window, for %NULL). */
static inline GtkWidget *
ewt_find_toplevel (GType       type,
                   const char *name,
                   gpointer    parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if ((type == 0 || G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type)) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (toplevel), name) == 0) &&
          (parent == NULL || gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == parent) &&
          gtk_widget_get_visible (toplevel))
        return toplevel;
    }

  return NULL;
}

/* The dialog asking before the Runs list of @window is cleared, or NULL. */
static inline GtkWidget *
ewt_clear_runs_dialog (EntrenaWindow *window)
{
  return ewt_find_toplevel (0, "clear-runs-dialog", window);
}

/* For gtu_wait_until(): the window (@data) asks before clearing its runs. */
static inline gboolean
ewt_clear_runs_asked (gpointer data)
{
  return ewt_clear_runs_dialog (data) != NULL;
}

/* The text of the label named @name. */
static inline const char *
ewt_label_text (EntrenaWindow *window,
                const char    *name)
{
  return gtk_label_get_label (GTK_LABEL (ewt_find (window, name)));
}

/* Whether the window shows its error bar. */
static inline gboolean
ewt_error_shown (EntrenaWindow *window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (ewt_find (window, "error-revealer")));
}

/* For gtu_wait_until(): the window (@data) is not loading a file. */
static inline gboolean
ewt_not_loading (gpointer data)
{
  return !entrena_window_get_loading (data);
}
