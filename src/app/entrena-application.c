/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-application"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-application.h"
#include "entrena-demo.h"
#include "entrena-kernels.h"
#include "entrena-window.h"

/* What the app shows when started with no file, so it never opens empty. */
#define DEFAULT_DEMO "spirals"

struct _EntrenaApplication
{
  AdwApplication parent_instance;

  /* Owned */
  char          *startup_demo;  /* from --demo, for the first activation */
};

/* The files to open come to the open vfunc with a hint: the target column
 * from --target, or "" without one. */

G_DEFINE_FINAL_TYPE (EntrenaApplication, entrena_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Open a demo data set instead of a file"), N_("NAME") },
  { "target", 't', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Choose the column to predict in the files opened"), N_("COLUMN") },
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, NULL },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static char *
dup_demo_ids (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (const EntrenaDemoInfo *info = entrena_demo_list (); info->id != NULL; info++)
    g_strv_builder_add (builder, info->id);
  ids = g_strv_builder_end (builder);

  return g_strjoinv (", ", ids);
}

static EntrenaWindow *
new_window (EntrenaApplication *self)
{
  /* The application keeps the window alive from here on. */
  return entrena_window_new (GTK_APPLICATION (self));
}

/* Actions */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Destroying the windows cancels their loads before the main loop ends. */
  while (windows != NULL)
    {
      gtk_window_destroy (windows->data);
      windows = gtk_application_get_windows (GTK_APPLICATION (app));
    }

  g_application_quit (app);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Entrena developers", NULL };
  g_autofree char *debug_info = NULL;
  GtkWidget *about;

  /* The SIMD path tells, in a bug report, which kernels computed the numbers. */
  debug_info = g_strdup_printf ("Entrena %s (%s)\n"
                                "Application ID: %s\n"
                                "SIMD kernels: %s\n"
                                "GLib %u.%u.%u\n"
                                "GTK %u.%u.%u\n"
                                "libadwaita %u.%u.%u\n",
                                PACKAGE_VERSION, PROFILE, APP_ID,
                                entrena_kernels_get_impl_name (),
                                glib_major_version, glib_minor_version, glib_micro_version,
                                gtk_get_major_version (), gtk_get_minor_version (),
                                gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (),
                                adw_get_micro_version ());

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Entrena"),
                        "application-icon", BASE_APP_ID,
                        "developer-name", _("The Entrena developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments",
                        _("Train a neural network on your own data, and watch it learn."),
                        "website", "https://github.com/entrena/entrena",
                        "issue-url", "https://github.com/entrena/entrena/issues",
                        "copyright", "© 2026 The Entrena developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        "debug-info-filename", "entrena-debug-info.txt",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  EntrenaApplication *self = user_data;
  EntrenaWindow *window = new_window (self);

  entrena_window_open_demo (window, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "open-demo", open_demo_action, "s" },
};

/* GApplication */

/* The files named on the command line, with the --target column, go to the
 * running instance's open vfunc, or this one's. Returns an exit status, or
 * -1 to go on (and activate). */
static int
open_command_line_files (GApplication *app,
                         GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree const char **paths = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  const char *target = NULL;

  g_variant_dict_lookup (options, "target", "&s", &target);
  if (!g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &paths) || paths[0] == NULL)
    {
      if (target == NULL)
        return -1;
      g_printerr ("%s\n", _("--target needs a CSV file to open"));
      return 1;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_application_open (app, (GFile **) files->pdata, (int) files->len, target != NULL ? target : "");

  return g_application_get_is_remote (app) ? 0 : -1;
}

static int
entrena_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  EntrenaApplication *self = ENTRENA_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  const char *demo = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("entrena %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (!g_variant_dict_lookup (options, "demo", "&s", &demo))
    return open_command_line_files (app, options);

  if (entrena_demo_find (demo) == NULL)
    {
      g_autofree char *ids = dup_demo_ids ();
      g_autofree char *message = NULL;

      /* Translators: the first %s is what the user typed, the second a list of names */
      message = g_strdup_printf (_("There is no demo data set called “%s”. Choose one of: %s."),
                                 demo, ids);
      g_printerr ("%s\n", message);
      return 1;
    }

  /* If Entrena is already running, that instance opens the demo in a new window. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (g_application_get_is_remote (app))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-demo",
                                      g_variant_new_string (demo));
      return 0;
    }

  g_free (self->startup_demo);
  self->startup_demo = g_strdup (demo);

  return -1;
}

static void
entrena_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *train_accels[] = { "<Control>Return", "<Control>KP_Enter", NULL };
  static const char *stop_accels[] = { "Escape", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };

  G_APPLICATION_CLASS (entrena_application_parent_class)->startup (app);

  g_set_application_name (_("Entrena"));
  gtk_window_set_default_icon_name (APP_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.train", train_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.stop", stop_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save-model", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export-chart", export_accels);
}

static void
entrena_application_activate (GApplication *app)
{
  EntrenaApplication *self = ENTRENA_APPLICATION (app);
  g_autofree char *demo = g_steal_pointer (&self->startup_demo);
  GtkWindow *window;

  /* A second launch without arguments brings the existing window forward. */
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL || demo != NULL)
    {
      EntrenaWindow *demo_window = new_window (self);

      entrena_window_open_demo (demo_window, demo != NULL ? demo : DEFAULT_DEMO);
      window = GTK_WINDOW (demo_window);
    }

  gtk_window_present (window);
}

static void
entrena_application_open (GApplication *app,
                          GFile       **files,
                          int           n_files,
                          const char   *hint)
{
  EntrenaApplication *self = ENTRENA_APPLICATION (app);

  /* Each file gets its own window, like the documents of a text editor. */
  for (int i = 0; i < n_files; i++)
    {
      EntrenaWindow *window = new_window (self);

      entrena_window_open_file_with_target (window, files[i],
                                            hint != NULL && hint[0] != '\0' ? hint : NULL);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* GObject */

static void
entrena_application_finalize (GObject *object)
{
  EntrenaApplication *self = (EntrenaApplication *) object;

  g_clear_pointer (&self->startup_demo, g_free);

  G_OBJECT_CLASS (entrena_application_parent_class)->finalize (object);
}

static void
entrena_application_class_init (EntrenaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = entrena_application_finalize;

  app_class->handle_local_options = entrena_application_handle_local_options;
  app_class->startup = entrena_application_startup;
  app_class->activate = entrena_application_activate;
  app_class->open = entrena_application_open;
}

static void
entrena_application_init (EntrenaApplication *self)
{
  g_autofree char *ids = dup_demo_ids ();
  g_autofree char *description = NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  /* Translators: shown after the program name in "entrena --help" */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE.csv…]"));
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Train a neural network to classify the rows of a CSV file."));
  /* Translators: %s is a list of names such as "spirals, blobs" */
  description = g_strdup_printf (_("Demo data sets: %s."), ids);
  g_application_set_option_context_description (G_APPLICATION (self), description);
}

/**
 * entrena_application_new:
 *
 * Returns: (transfer full): the application
 */
EntrenaApplication *
entrena_application_new (void)
{
  return g_object_new (ENTRENA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}
