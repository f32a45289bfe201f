/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "training-window-test-util.h"

/*
 * What the programs that train in an EntrenaWindow (test-training-window,
 * test-run-bar) share once each: their start and their leak suppressions.
 */

#if defined(__SANITIZE_ADDRESS__)
/* GLib grows its quark table by allocating a bigger array and, so that
 * lookups need no lock, never frees the old one (gquark.c). The window's
 * types, properties and actions take it past its first block, which
 * g_quark_init() allocated in a library constructor. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:_dl_init\n";
}
#endif

gboolean
ewt_init (int    *argc,
          char ***argv)
{
  ewt_save_data_dirs ();

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The icon theme reads the system's data folders once, when GTK starts; the
   * isolated ones have no icons. */
  g_setenv ("XDG_DATA_DIRS", ewt_system_data_dirs, TRUE);

  /* GTK's in-process accessibility backend keeps the accessible properties for
   * gtk_test_accessible_assert_property() without an AT-SPI bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!gtu_init ())
    return FALSE;
  adw_init ();

  /* AdwApplication loads the stylesheet; these windows have no application. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  return TRUE;
}

/* Screenshots, on request */

static gboolean
painted_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Saves what @window shows as @name in $ENTRENA_SCREENSHOT_DIR. */
void
ewt_save_screenshot (EntrenaWindow *window,
                     const char    *name)
{
  const char *dir = g_getenv ("ENTRENA_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong id;

  /* The window's last painted frame: wait for one with everything up to date. */
  id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (gtu_wait_until (flag_set, &painted, 5000));
  g_signal_handler_disconnect (clock, id);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%d×%d)", path, width, height);
}
