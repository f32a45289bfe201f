/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "entrena-cli.h"
#include "entrena-demo.h"

static void
print_list (void)
{
  for (const EntrenaDemoInfo *info = entrena_demo_list (); info->id != NULL; info++)
    g_print ("%-10s %s — %s\n", info->id, _(info->title), _(info->description));
}

int
entrena_cli_demo (int    argc,
                  char **argv)
{
  gboolean list = FALSE;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, N_("List the demo data sets"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("NAME — write a demo data set as CSV"));
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = NULL;
  gsize length = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Demo data sets are generated, the same on every machine."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);

  if (list)
    {
      print_list ();
      return 0;
    }

  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    {
      entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name one demo data set. These are available:"));
      print_list ();
      return ENTRENA_CLI_EXIT_USAGE;
    }

  csv = entrena_demo_generate (rest[0], &length);
  if (csv == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no demo data set named “%s”. These are available:"), rest[0]);

      entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, message);
      print_list ();
      return ENTRENA_CLI_EXIT_USAGE;
    }

  if (fwrite (csv, 1, length, stdout) != length || fflush (stdout) != 0)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, g_strerror (errno));

  return 0;
}
