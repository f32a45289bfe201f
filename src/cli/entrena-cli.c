/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "entrena-cli.h"
#include "entrena-kernels.h"

int
entrena_cli_fail (int         status,
                  const char *message)
{
  g_printerr ("entrena-cli: %s\n", message);
  return status;
}

char **
entrena_cli_split_list (char **values)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (values[i], ",", -1);

      for (guint k = 0; parts[k] != NULL; k++)
        {
          g_strstrip (parts[k]);
          if (parts[k][0] != '\0')
            g_strv_builder_add (builder, parts[k]);
        }
    }

  return g_strv_builder_end (builder);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n  %s\n\n%s\n",
           _("Usage: entrena-cli COMMAND [OPTION…]"),
           _("Commands:"),
           _("inspect FILE          Show how Entrena reads a CSV file, its columns, classes and split"),
           _("train FILE            Train a classifier and show its loss curve and results"),
           _("predict MODEL FILE    Predict the class of every row of a CSV file"),
           _("export-script MODEL   Write the PyTorch script that repeats a run"),
           _("plot HISTORY…         Draw the curves of several runs on one chart"),
           _("demo NAME             Write a built-in demo data set as CSV to standard output"),
           _("lesson save|show      Write or show a lesson file (.entrena) for a class"),
           _("--version             Show the version and the arithmetic path in use"),
           _("Run “entrena-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("entrena-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return ENTRENA_CLI_EXIT_USAGE;
    }

  command = argv[1];

  if (strcmp (command, "--version") == 0 || strcmp (command, "version") == 0)
    {
      /* Translators: the version, then the arithmetic path, e.g. "avx512". */
      g_print (_("entrena-cli %s (matrix kernels: %s)\n"), PACKAGE_VERSION, entrena_kernels_get_impl_name ());
      return 0;
    }
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 || strcmp (command, "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (command, "inspect") == 0)
    return entrena_cli_inspect (argc - 1, argv + 1);
  if (strcmp (command, "train") == 0)
    return entrena_cli_train (argc - 1, argv + 1);
  if (strcmp (command, "predict") == 0)
    return entrena_cli_predict (argc - 1, argv + 1);
  if (strcmp (command, "export-script") == 0)
    return entrena_cli_export_script (argc - 1, argv + 1);
  if (strcmp (command, "demo") == 0)
    return entrena_cli_demo (argc - 1, argv + 1);
  if (strcmp (command, "lesson") == 0)
    return entrena_cli_lesson (argc - 1, argv + 1);
#ifdef ENTRENA_HAVE_CHART
  if (strcmp (command, "plot") == 0)
    return entrena_cli_plot_histories (argc - 1, argv + 1);
#endif

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), command);

    entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, message);
    print_usage (stderr);
  }
  return ENTRENA_CLI_EXIT_USAGE;
}
