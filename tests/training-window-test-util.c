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
