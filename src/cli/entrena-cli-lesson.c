/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "entrena-cli.h"
#include "entrena-cli-run-options.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-lesson.h"
#include "entrena-run.h"

/*
 * entrena-cli lesson: save a lesson file from a CSV and the run options,
 * show one, or add a run trained from it to its saved runs.
 */

/* Names given to --lock and --hide must be settings. */
static gboolean
check_names (char       **names,
             const char  *option,
             GError     **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (entrena_lesson_setting_type (names[i]) == NULL)
      {
        g_autofree char *known = g_strjoinv (", ", (char **) entrena_lesson_setting_names ());

        g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                     /* Translators: “--lock takes names of settings; “lr” is none (the settings: target, ...)” */
                     _("%s takes names of settings; “%s” is none (the settings: %s)."), option, names[i], known);
        return FALSE;
      }

  return TRUE;
}

static int
lesson_save (int    argc,
             char **argv)
{
  g_auto (EntrenaCliRunOptions) run = { 0 };
  g_auto (GStrv) rest = NULL;
  g_auto (GStrv) lock_args = NULL;
  g_auto (GStrv) hide_args = NULL;
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  g_autofree char *instructions = NULL;
  gboolean embed = FALSE;
  double pace = 0.0;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the lesson (required)"), N_("FILE.entrena") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The lesson’s title"), N_("TITLE") },
    { "instructions", 0, 0, G_OPTION_ARG_STRING, &instructions, N_("What the students should do, as plain text"), N_("TEXT") },
    { "embed", 0, 0, G_OPTION_ARG_NONE, &embed, N_("Put the CSV file inside the lesson (under 20 MB)"), NULL },
    { "lock", 0, 0, G_OPTION_ARG_STRING_ARRAY, &lock_args, N_("Settings shown but fixed, comma-separated (e.g. learning-rate,epochs)"), N_("NAMES") },
    { "hide", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hide_args, N_("Settings not shown, comma-separated"), N_("NAMES") },
    { "pace", 0, 0, G_OPTION_ARG_DOUBLE, &pace, N_("Epochs per second in the window (default 0: as fast as possible)"), N_("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATA.csv — save a lesson file"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) csv = NULL;
  g_autoptr (GFile) out = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_autoptr (EntrenaSplit) split = NULL;
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_auto (GStrv) exclude_used = NULL;
  g_auto (GStrv) locked = NULL;
  g_auto (GStrv) hidden = NULL;
  EntrenaRunSettings settings;

  if (!entrena_cli_run_options_parse (&run, context, entries,
                                      _("Writes a lesson: the data (a path relative to the lesson, or the CSV "
                                        "itself with --embed), every setting of a run, what the window shows "
                                        "but fixes (--lock) or does not show (--hide), a title and "
                                        "instructions for the students."),
                                      &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name one CSV file for the lesson."));
  if (output == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Say where to write the lesson with -o FILE.entrena."));
  if (!(pace >= 0 && isfinite (pace)))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("--pace must be 0 or more epochs per second."));

  locked = entrena_cli_split_list (lock_args);
  hidden = entrena_cli_split_list (hide_args);
  if (!entrena_cli_run_options_apply (&run, &settings, &error) ||
      !check_names (locked, "--lock", &error) || !check_names (hidden, "--hide", &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);

  /* The data must make a run: the same checks as training, before writing. */
  csv = g_file_new_for_commandline_arg (rest[0]);
  table = entrena_csv_read_file (csv, NULL, NULL, NULL, NULL, &error);
  if (table == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  dataset = entrena_run_prepare (table, &settings, &split, &exclude_used, &error);
  if (dataset == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  /* The columns left out by default are written out, so the lesson says them. */
  settings.data.exclude = (const char * const *) exclude_used;

  out = g_file_new_for_commandline_arg (output);
  lesson = entrena_lesson_new ();
  lesson->title = g_strdup (title);
  lesson->instructions = g_strdup (instructions);
  g_clear_pointer (&lesson->settings, g_variant_unref);
  lesson->settings = entrena_lesson_settings_new (&settings, pace);
  g_strfreev (lesson->locked);
  lesson->locked = g_steal_pointer (&locked);
  g_strfreev (lesson->hidden);
  lesson->hidden = g_steal_pointer (&hidden);
  if (embed)
    {
      if (!entrena_lesson_embed_data (lesson, csv, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }
  else
    entrena_lesson_set_data_file (lesson, csv, out);

  if (!entrena_lesson_save (lesson, out, NULL, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  return 0;
}

static char *
format_value (const char *name,
              GVariant   *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **strings = g_variant_get_strv (value, NULL);

      return strings[0] != NULL ? g_strjoinv (", ", (char **) strings) : g_strdup (_("(none)"));
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_strdup (g_variant_get_boolean (value) ? _("yes") : _("no"));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (strcmp (name, "pace") == 0 && g_variant_get_double (value) == 0)
        return g_strdup (_("as fast as possible"));
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", g_variant_get_double (value)));
    }
  if (strcmp (name, "missing") == 0)
    return g_strdup (g_variant_get_uint32 (value) == ENTRENA_MISSING_FILL ? "fill" : "drop");
  if (strcmp (name, "batch-size") == 0 && g_variant_get_uint32 (value) == 0)
    return g_strdup (_("all training rows"));

  return g_variant_print (value, FALSE);
}

static void
print_lesson (const EntrenaLesson *lesson)
{
  const char * const *names = entrena_lesson_setting_names ();

  g_print (_("Title:         %s\n"), lesson->title != NULL ? lesson->title : _("(none)"));
  if (lesson->data != NULL)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (lesson->data));

      /* Translators: the data file's name, then its size, e.g. "3.5 kB" */
      g_print (_("Data:          %s (embedded, %s)\n"), lesson->data_name, size);
    }
  else
    g_print (_("Data:          %s (file %s)\n"), lesson->data_name, lesson->data_path);
  if (lesson->instructions != NULL)
    {
      g_auto (GStrv) lines = g_strsplit (lesson->instructions, "\n", -1);

      g_print (_("Instructions:\n"));
      for (guint i = 0; lines[i] != NULL; i++)
        g_print ("  %s\n", lines[i]);
    }

  g_print (_("Settings:\n"));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_variant_lookup_value (lesson->settings, names[i], NULL);
      g_autofree char *text = NULL;

      if (value == NULL)
        continue;
      text = format_value (names[i], value);
      g_print ("  %-15s %s%s%s\n", names[i], text,
               entrena_lesson_is_locked (lesson, names[i]) ? _("  (locked)") : "",
               entrena_lesson_is_hidden (lesson, names[i]) ? _("  (hidden)") : "");
    }

  if (lesson->runs->len > 0)
    g_print (_("Runs:\n"));
  for (guint i = 0; i < lesson->runs->len; i++)
    {
      const EntrenaLessonRun *r = g_ptr_array_index (lesson->runs, i);
      guint last = r->n_epochs - 1;

      /* Translators: a saved run: its number, label, epochs, last test loss and accuracy */
      g_print (_("  %u. %s: %u epochs, test loss %.6f, test accuracy %.1f%%\n"), i + 1, r->label, r->n_epochs,
               r->test_loss[last], 100.0 * r->test_accuracy[last]);
    }
}

static int
lesson_show (int    argc,
             char **argv)
{
  g_auto (GStrv) rest = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the lesson as Entrena reads it, as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE.entrena — show a lesson"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (EntrenaLesson) lesson = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name one lesson file."));

  file = g_file_new_for_commandline_arg (rest[0]);
  lesson = entrena_lesson_load (file, NULL, &error);
  if (lesson == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  if (json)
    {
      g_autoptr (GBytes) bytes = entrena_lesson_to_bytes (lesson);

      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
    }
  else
    print_lesson (lesson);

  return 0;
}

static int
lesson_add_run (int    argc,
                char **argv)
{
  g_auto (EntrenaCliRunOptions) run = { 0 };
  g_auto (GStrv) rest = NULL;
  g_autofree char *label = NULL;
  const GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("What to call the run (default: “Run N”)"), N_("LABEL") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE.entrena — train a run and keep it in the lesson"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (EntrenaLesson) lesson = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaRunResult) result = NULL;
  g_autoptr (GVariant) run_settings = NULL;
  EntrenaRunSettings settings;
  double pace = 0.0;

  if (!entrena_cli_run_options_parse (&run, context, entries,
                                      _("Trains a run with the lesson’s settings, changed by the options given, "
                                        "and adds it with its loss curve to the lesson’s saved runs, so the "
                                        "class can compare it with their own."),
                                      &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name one lesson file."));

  file = g_file_new_for_commandline_arg (rest[0]);
  lesson = entrena_lesson_load (file, NULL, &error);
  if (lesson == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  if (lesson->runs->len >= ENTRENA_LESSON_MAX_RUNS)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("The lesson already keeps 20 runs, as many as it can."));

  entrena_cli_run_options_set_base (&run, lesson->settings);
  if (!entrena_cli_run_options_apply (&run, &settings, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);

  table = entrena_lesson_read_table (lesson, NULL, &error);
  if (table == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
  result = entrena_run_execute (table, &settings, NULL, NULL, NULL, NULL, &error);
  if (result == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  g_variant_lookup (lesson->settings, "pace", "d", &pace);
  run_settings = entrena_lesson_settings_new (&settings, pace);
  if (label == NULL)
    label = g_strdup_printf (_("Run %u"), lesson->runs->len + 1);
  entrena_lesson_add_run (lesson, label, run_settings, result->training->n_epochs,
                          result->training->train_loss, result->training->test_loss,
                          result->training->test_accuracy, result->training->train_accuracy);
  if (!entrena_lesson_save (lesson, file, NULL, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  return 0;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n  %s\n  %s\n  %s\n",
           _("Usage: entrena-cli lesson SUBCOMMAND [OPTION…]"),
           _("Subcommands:"),
           _("save -o FILE.entrena DATA.csv   Write a lesson file from a CSV file and run options"),
           _("show FILE.entrena               Show what a lesson holds (--json for all of it)"),
           _("add-run FILE.entrena            Train a run from the lesson and keep it in the file"));
}

int
entrena_cli_lesson (int    argc,
                    char **argv)
{
  if (argc < 2)
    {
      print_usage (stderr);
      return ENTRENA_CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "save") == 0)
    return lesson_save (argc - 1, argv + 1);
  if (strcmp (argv[1], "show") == 0)
    return lesson_show (argc - 1, argv + 1);
  if (strcmp (argv[1], "add-run") == 0)
    return lesson_add_run (argc - 1, argv + 1);

  print_usage (stderr);
  return ENTRENA_CLI_EXIT_USAGE;
}
