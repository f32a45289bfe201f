/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-atomic-write"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "entrena-atomic-write.h"
#include "entrena-checkpoint.h"
#include "entrena-csv.h"
#include "entrena-model-io.h"
#include "entrena-run.h"
#include "entrena-training-history.h"

/*
 * Faults while saving: every writer goes through entrena_atomic_write(), and
 * a write that fails part way (a file size limit, a folder that cannot be
 * written) or a process killed in the middle of one leaves the previous
 * file byte for byte as it was, or the new one whole; never a torn file, and
 * no temporary file after an error.
 */

#define OLD_CONTENT "the previous file, which must survive\n"

/* The size limit the faulty writes run under: less than any file below (a
 * history of three epochs is about 200 bytes). */
#define FSIZE_LIMIT 128

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("entrena-atomic-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
assert_file_is (const char *path,
                const char *expected,
                gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpmem (contents, size, expected, length);
}

static void
test_write (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.bin", NULL);
  g_autofree char *script = g_build_filename (dir, "run.py", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) script_file = g_file_new_for_path (script);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  GStatBuf st;

  g_assert_true (entrena_atomic_write (file, "new", 3, -1, NULL, &error));
  g_assert_no_error (error);
  assert_file_is (path, "new", 3);

  g_assert_true (entrena_atomic_write (file, "", 0, -1, NULL, &error));
  assert_file_is (path, "", 0);

  g_assert_true (entrena_atomic_write (script_file, "#!", 2, 0755, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (script, &st), ==, 0);
  g_assert_true ((st.st_mode & 0100) != 0);

  /* Cancelled: nothing is touched. */
  g_cancellable_cancel (cancelled);
  g_assert_false (entrena_atomic_write (file, "x", 1, -1, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_file_is (path, "", 0);

  g_assert_cmpuint (count_entries (dir), ==, 2);
  remove_dir (dir);
}

/* A run of three epochs, with something to save of each kind. */
static EntrenaRunResult *
small_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "train-small.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(EntrenaTable) table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);
  EntrenaRunSettings settings;
  EntrenaRunResult *run;

  g_assert_no_error (error);
  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.epochs = 3;
  run = entrena_run_execute (table, &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return run;
}

typedef gboolean (*SaveFunc) (EntrenaRunResult *run,
                              GFile            *file,
                              GError          **error);

static gboolean
save_bytes (EntrenaRunResult *run,
            GFile            *file,
            GError          **error)
{
  g_autofree char *big = g_malloc0 (1024 * 1024);

  return entrena_atomic_write (file, big, 1024 * 1024, -1, NULL, error);
}

static gboolean
save_model (EntrenaRunResult *run,
            GFile            *file,
            GError          **error)
{
  return entrena_model_save (run->training->mlp, run->info, file, NULL, error);
}

static gboolean
save_checkpoint (EntrenaRunResult *run,
                 GFile            *file,
                 GError          **error)
{
  return entrena_checkpoint_save (run, file, error);
}

static gboolean
save_history (EntrenaRunResult *run,
              GFile            *file,
              GError          **error)
{
  return entrena_training_write_history (run->training, file, error);
}

static const struct
{
  const char *name;
  SaveFunc    save;
} savers[] = {
  { "bytes", save_bytes },
  { "model", save_model },
  { "checkpoint", save_checkpoint },
  { "history", save_history },
};

/* In a child process under RLIMIT_FSIZE, with SIGXFSZ ignored so that the
 * write fails with EFBIG instead of killing the process: every saver fails
 * with an error, and each previous file is as it was. The child is forked,
 * not re-executed, so that the test runs under qemu-user too. */
static void
save_all_under_limit (const char *dir)
{
  g_autoptr(EntrenaRunResult) run = small_run ();
  struct rlimit limit = { FSIZE_LIMIT, FSIZE_LIMIT };

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_autofree char *path = g_build_filename (dir, savers[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      g_assert_false (savers[i].save (run, file, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, savers[i].name));
    }
}

static void
test_file_size_limit (void)
{
  g_autofree char *dir = make_dir ();
  int status = 0;
  pid_t pid;

  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_autofree char *path = g_build_filename (dir, savers[i].name, NULL);

      g_assert_true (g_file_set_contents (path, OLD_CONTENT, -1, NULL));
    }

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      save_all_under_limit (dir);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_autofree char *path = g_build_filename (dir, savers[i].name, NULL);

      assert_file_is (path, OLD_CONTENT, strlen (OLD_CONTENT));
    }
  /* No temporary file left behind. */
  g_assert_cmpuint (count_entries (dir), ==, G_N_ELEMENTS (savers));
  remove_dir (dir);
}

static void
test_unwritable_folder (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *plain = g_build_filename (dir, "plain", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *inside = g_build_filename (locked, "model.safetensors", NULL);
  g_autoptr(EntrenaRunResult) run = small_run ();

  g_assert_true (g_file_set_contents (plain, OLD_CONTENT, -1, NULL));
  g_assert_cmpint (g_mkdir (locked, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, OLD_CONTENT, -1, NULL));
  g_assert_cmpint (g_chmod (locked, 0500), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_autofree char *through = g_build_filename (plain, savers[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (through);
      g_autoptr(GError) error = NULL;

      g_assert_false (savers[i].save (run, file, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", savers[i].name, error->message);

      if (geteuid () != 0)
        {
          g_autoptr(GFile) in_locked = g_file_new_for_path (inside);

          g_clear_error (&error);
          g_assert_false (savers[i].save (run, in_locked, &error));
          g_assert_nonnull (error);
        }
    }

  assert_file_is (plain, OLD_CONTENT, strlen (OLD_CONTENT));
  if (geteuid () != 0)
    assert_file_is (inside, OLD_CONTENT, strlen (OLD_CONTENT));
  g_chmod (locked, 0700);
  remove_dir (locked);
  remove_dir (dir);
}

/* A child saves a big file over and over, alternating two contents, and is
 * killed with SIGKILL at a different moment each time: the file is always
 * one content or the other, whole. */
static void
test_killed_while_saving (void)
{
  const gsize size = 16 * 1024 * 1024;
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "big.safetensors", NULL);
  g_autofree char *a = g_malloc (size);
  g_autofree char *b = g_malloc (size);
  guint n_a = 0, n_b = 0;

  memset (a, 'a', size);
  memset (b, 'b', size);
  g_assert_true (g_file_set_contents (path, a, (gssize) size, NULL));

  for (guint round = 0; round < 12; round++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      int status = 0;
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);

          for (guint i = 0;; i++)
            entrena_atomic_write (file, i % 2 ? a : b, size, -1, NULL, NULL);
        }

      /* Kill it at a moment that moves through a save's phases. */
      g_usleep (20000 + round * 7919);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, ==, size);
      if (memcmp (contents, a, size) == 0)
        n_a++;
      else
        {
          g_assert_cmpmem (contents, length, b, size);
          n_b++;
        }
    }
  g_test_message ("after SIGKILL: %u times the one content, %u times the other", n_a, n_b);

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/atomic-write/write", test_write);
  g_test_add_func ("/entrena/atomic-write/file-size-limit", test_file_size_limit);
  g_test_add_func ("/entrena/atomic-write/unwritable-folder", test_unwritable_folder);
  g_test_add_func ("/entrena/atomic-write/killed-while-saving", test_killed_while_saving);

  return g_test_run ();
}
