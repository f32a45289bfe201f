/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "entrena-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EntrenaApplication) app = NULL;
  const char *localedir;

  /* `meson devenv` points ENTRENA_LOCALEDIR at the build tree's translations, so a
   * build can be tried in another language before it is installed. */
  localedir = g_getenv ("ENTRENA_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = entrena_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
