/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unshare() and the mount flags */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "test-window-save-faults"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sched.h>
#include <sys/mount.h>
#endif

#include "training-window-test-util.h"

/*
 * Saving from the window when the disk says no: every file the window writes
 * (the model, the training history, the chart, predictions, a lesson) is
 * saved once while the process may not write more than a few bytes to a file
 * (RLIMIT_FSIZE, with SIGXFSZ ignored so that write() fails instead of
 * killing the test), once into a "folder" that is a regular file, and once
 * onto a full disk (a 1 MiB tmpfs, filled up, mounted in the test's own mount
 * namespace; skipped where the test may not mount one). Each time the window
 * shows an error banner naming the file and what went wrong, the file that
 * was there is byte for byte as it was, and the same save works once the
 * fault is gone.
 *
 * The namespace is made in main(), before GTK or GLib start any thread: a
 * mount namespace belongs to the thread that unshares it, and to the threads
 * it starts afterwards. No test forks or re-executes itself, so this runs
 * under qemu-user too (where the mount may be refused: the test then skips).
 */

static const char old_content[] = "a previous file, which must survive\n";

/* The full-disk folder, or NULL with the reason in full_disk_skip. */
static char *full_disk_dir;
static char *full_disk_skip;

/* One kind of file the window saves: how to save it from @window to @file. */
typedef void (*SaveFunc) (EntrenaWindow *window,
                          GFile         *file);

typedef struct
{
  const char *name;
  SaveFunc    save;
  gboolean    predicts;
} SaveKind;

static void
activate_with_uri (EntrenaWindow *window,
                   const char    *action,
                   GFile         *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, "s", uri));
}

static void
save_model (EntrenaWindow *window,
            GFile         *file)
{
  activate_with_uri (window, "win.save-model-to", file);
}

static void
save_history (EntrenaWindow *window,
              GFile         *file)
{
  activate_with_uri (window, "win.export-history-to", file);
}

static void
save_chart (EntrenaWindow *window,
            GFile         *file)
{
  activate_with_uri (window, "win.export-chart-to", file);
}

static gboolean
not_predicting (gpointer data)
{
  return !entrena_window_get_predicting (data);
}

/* Predict a File on the training data, into @file; waits for the worker. */
static void
save_predictions (EntrenaWindow *window,
                  GFile         *file)
{
  g_autoptr(GFile) input = ewt_fixture ("train-small.csv");
  g_autofree char *input_uri = g_file_get_uri (input);
  g_autofree char *output_uri = g_file_get_uri (file);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.predict-file-to", "(ss)",
                                             input_uri, output_uri));
  g_assert_true (gtu_wait_until (not_predicting, window, TRAIN_TIMEOUT_MS));
}

static const SaveKind kinds[] = {
  { "model.safetensors", save_model, FALSE },
  { "history.csv", save_history, FALSE },
  { "chart.png", save_chart, FALSE },
  { "predictions.csv", save_predictions, TRUE },
  { "lesson.entrena", entrena_window_save_lesson, FALSE },
};

/* The small fixture, trained for three epochs: every kind has something to save. */
static EntrenaWindow *
show_trained (void)
{
  EntrenaWindow *window = ewt_show_small (3);

  ewt_train_and_wait (window);
  g_assert_false (ewt_error_shown (window));
  /* The list of recent files, which GTK writes a moment after a file opens,
   * is written before any fault begins. */
  gtu_spin (2000);

  return window;
}

static void
write_old_file (GFile *file)
{
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, old_content, strlen (old_content), NULL, FALSE, G_FILE_CREATE_NONE,
                           NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The banner after a failed save of @kind to @file: it names the file and
 * says @reason (a strerror() text). Dismisses it. */
static void
check_failed (EntrenaWindow  *window,
              const SaveKind *kind,
              GFile          *file,
              const char     *reason)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = NULL;
  const char *message;

  g_assert_true (ewt_error_shown (window));
  message = ewt_label_text (window, "error-message");
  g_test_message ("%s: %s", kind->name, message);

  if (kind->predicts)
    title = g_strdup ("Could not predict “train-small.csv”");
  else
    title = g_strdup_printf ("Could not save “%s”", name);
  g_assert_cmpstr (ewt_label_text (window, "error-title"), ==, title);
  if (strstr (message, name) == NULL || strstr (message, reason) == NULL)
    g_error ("%s: the banner does not say “%s” and “%s”: %s", kind->name, name, reason, message);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
  g_assert_false (ewt_error_shown (window));
}

/* @file still holds old_content, and nothing else is beside it. */
static void
check_unchanged (GFile *file)
{
  g_autofree char *after = ewt_file_text (file);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  GFileInfo *info;

  g_assert_cmpstr (after, ==, old_content);

  /* No temporary file left behind. */
  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      const char *child = g_file_info_get_name (info);

      if (g_str_has_prefix (child, name) && strcmp (child, name) != 0)
        g_error ("a temporary file stayed behind: %s", child);
      g_object_unref (info);
    }
  g_assert_no_error (error);
}

/* With the fault gone, the same save writes the file. */
static void
check_saves (EntrenaWindow  *window,
             const SaveKind *kind,
             GFile          *file)
{
  g_autofree char *after = NULL;

  kind->save (window, file);
  g_assert_false (ewt_error_shown (window));
  after = ewt_file_text (file);
  g_assert_cmpstr (after, !=, old_content);
}

static void
test_size_limit (void)
{
  EntrenaWindow *window = show_trained ();

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *name = g_strconcat ("limited-", kinds[i].name, NULL);
      g_autoptr(GFile) file = ewt_temp_file (name);
      struct rlimit old_limit;
      struct rlimit limit;
      void (*old_handler) (int);

      write_old_file (file);

      /* Every file the window writes is longer than this. */
      g_assert_no_errno (getrlimit (RLIMIT_FSIZE, &old_limit));
      limit = old_limit;
      limit.rlim_cur = 64;
      g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &limit));
      old_handler = signal (SIGXFSZ, SIG_IGN);

      kinds[i].save (window, file);

      signal (SIGXFSZ, old_handler);
      g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &old_limit));

      check_failed (window, &kinds[i], file, g_strerror (EFBIG));
      check_unchanged (file);
      check_saves (window, &kinds[i], file);
    }

  ewt_destroy_window (window);
}

/* A place whose folder is a regular file: nothing can be created there. */
static void
test_not_a_folder (void)
{
  g_autoptr(GFile) plain = ewt_temp_file ("not-a-folder");
  EntrenaWindow *window = show_trained ();

  write_old_file (plain);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GFile) file = g_file_get_child (plain, kinds[i].name);

      kinds[i].save (window, file);
      check_failed (window, &kinds[i], file, g_strerror (ENOTDIR));
      g_assert_false (g_file_query_exists (file, NULL));
    }
  check_unchanged (plain);

  ewt_destroy_window (window);
}

/* Writes @file until the disk it is on is full. */
static void
fill_disk (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  char block[1024] = { 0 };
  FILE *stream = fopen (path, "w");

  g_assert_nonnull (stream);
  setvbuf (stream, NULL, _IONBF, 0);
  while (fwrite (block, 1, sizeof block, stream) == sizeof block)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  fclose (stream);
}

static void
test_full_disk (void)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) filler = NULL;
  EntrenaWindow *window;

  if (full_disk_dir == NULL)
    {
      g_test_skip (full_disk_skip);
      return;
    }

  folder = g_file_new_for_path (full_disk_dir);
  filler = g_file_get_child (folder, "filler");
  window = show_trained ();

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GFile) file = g_file_get_child (folder, kinds[i].name);

      write_old_file (file);
      fill_disk (filler);

      kinds[i].save (window, file);
      check_failed (window, &kinds[i], file, g_strerror (ENOSPC));
      g_assert_no_errno (g_unlink (g_file_peek_path (filler)));
      check_unchanged (file);

      check_saves (window, &kinds[i], file);
      g_assert_no_errno (g_unlink (g_file_peek_path (file)));
    }

  ewt_destroy_window (window);
}

/* A private mount namespace with a 1 MiB tmpfs in it, or the reason there
 * is none. Called while the process has one thread. */
static void
mount_full_disk (void)
{
#ifdef __linux__
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "entrena-full-disk-XXXXXX", NULL);

  if (unshare (CLONE_NEWNS) != 0)
    {
      full_disk_skip = g_strdup_printf ("no mount namespace of its own (%s)", g_strerror (errno));
      return;
    }
  /* Nothing mounted here may show in the namespace the test came from. */
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      full_disk_skip = g_strdup_printf ("the mounts cannot be made private (%s)", g_strerror (errno));
      return;
    }
  if (g_mkdtemp (dir) == NULL)
    {
      full_disk_skip = g_strdup_printf ("no folder to mount on (%s)", g_strerror (errno));
      return;
    }
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0700") != 0)
    {
      full_disk_skip = g_strdup_printf ("no tmpfs can be mounted (%s)", g_strerror (errno));
      g_rmdir (dir);
      return;
    }
  full_disk_dir = g_steal_pointer (&dir);
#else
  full_disk_skip = g_strdup ("no mount namespaces on this system");
#endif
}

static void
unmount_full_disk (void)
{
#ifdef __linux__
  if (full_disk_dir != NULL)
    {
      umount2 (full_disk_dir, MNT_DETACH);
      g_rmdir (full_disk_dir);
      g_clear_pointer (&full_disk_dir, g_free);
    }
#endif
  g_clear_pointer (&full_disk_skip, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  mount_full_disk ();

  if (!ewt_init (&argc, &argv))
    {
      unmount_full_disk ();
      return 0;
    }

  g_test_add_func ("/entrena/window/save-faults/size-limit", test_size_limit);
  g_test_add_func ("/entrena/window/save-faults/not-a-folder", test_not_a_folder);
  g_test_add_func ("/entrena/window/save-faults/full-disk", test_full_disk);

  status = g_test_run ();
  unmount_full_disk ();

  return status;
}
