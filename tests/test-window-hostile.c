/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-hostile"

#include "config.h"

#include <signal.h>
#include <sys/resource.h>

#include "training-window-test-util.h"

/*
 * The hostile corpus (tests/data/hostile/MANIFEST.tsv) through the window's
 * loader: every file the reader must refuse shows an error banner that names
 * it (and the line and column where the manifest says so), and the data
 * loaded before stay on screen and can still be trained on; every file it
 * must accept loads. Files for other stages (models, checkpoints, a run's
 * settings) are the command-line test's (test-hostile.py).
 */

typedef struct
{
  char  *name;
  char  *expect;
  char **message;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_free (entry->expect);
  g_strfreev (entry->message);
  g_free (entry);
}

/* The manifest's rows whose stage is "read". */
static GPtrArray *
read_manifest (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hostile", "MANIFEST.tsv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Entry *entry;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 6);
      if (strcmp (fields[3], "read") != 0)
        continue;

      entry = g_new0 (Entry, 1);
      entry->name = g_strdup (fields[0]);
      entry->expect = g_strdup (fields[2]);
      entry->message = g_strsplit (fields[4], "|", -1);
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

/* Writes the big files of the corpus into @dir with gen-hostile.py. */
static void
generate (const char *dir)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "gen-hostile.py", NULL);
  const char *argv[] = { "python3", script, dir, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static GFile *
entry_file (const Entry *entry,
            const char  *generated)
{
  g_autofree char *path = NULL;

  if (entry->name[0] == '@')
    path = g_build_filename (generated, entry->name + 1, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "data", "hostile", entry->name, NULL);

  return g_file_new_for_path (path);
}

static gboolean
showing_good_data (EntrenaWindow *window)
{
  EntrenaTable *table = entrena_window_get_table (window);

  return table != NULL && strcmp (entrena_table_get_display_name (table), "train-small.csv") == 0;
}

static void
check_entry (EntrenaWindow *window,
             const Entry   *entry,
             const char    *generated,
             GFile         *good)
{
  g_autoptr(GFile) file = entry_file (entry, generated);
  EntrenaTable *before;

  g_test_message ("%s: %s", entry->name, entry->expect);

  if (!showing_good_data (window))
    ewt_open_and_wait (window, good);
  before = entrena_window_get_table (window);

  entrena_window_open_file (window, file);
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));

  if (strcmp (entry->expect, "refuse") == 0)
    {
      g_autofree char *shown = NULL;

      g_assert_true (ewt_error_shown (window));
      shown = g_strconcat (ewt_label_text (window, "error-title"), "\n",
                           ewt_label_text (window, "error-message"), NULL);
      for (guint i = 0; entry->message[i] != NULL; i++)
        if (entry->message[i][0] != '\0' && strstr (shown, entry->message[i]) == NULL)
          g_error ("%s: no “%s” in the banner: %s", entry->name, entry->message[i], shown);

      /* The data loaded before are still there. */
      g_assert_true (entrena_window_get_table (window) == before);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
      g_assert_false (ewt_error_shown (window));
    }
  else
    {
      g_assert_false (ewt_error_shown (window));
      g_assert_true (entrena_window_get_table (window) != before);
    }
}

static void
test_corpus (void)
{
  g_autoptr(GPtrArray) entries = read_manifest ();
  g_autofree char *generated = g_build_filename (g_get_user_cache_dir (), "hostile", NULL);
  g_autoptr(GFile) good = ewt_fixture ("train-small.csv");
  EntrenaWindow *window;
  guint n_refused = 0;

  g_assert_cmpuint (entries->len, >=, 40);
  generate (generated);

  window = ewt_show_window (1280, 800);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);

      check_entry (window, entry, generated, good);
      n_refused += strcmp (entry->expect, "refuse") == 0;
    }
  g_test_message ("%u files read, %u refused", entries->len, n_refused);

  /* After every refusal, the data still train. */
  if (!showing_good_data (window))
    ewt_open_and_wait (window, good);
  ewt_set_target (window, "grade");
  ewt_set_spin (window, "epochs-spin", 3);
  ewt_train_and_wait (window);
  g_assert_false (ewt_error_shown (window));
  g_assert_cmpuint (entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (window)), ==, 3);

  ewt_destroy_window (window);
}

/* A file refused while the last one is being trained on leaves the run be. */
static void
test_refused_during_training (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hostile", "quote-inside-field.csv", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (path);
  EntrenaWindow *window = ewt_show_small (100000);
  EntrenaTable *table = entrena_window_get_table (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  ewt_wait_points (window, 2);

  entrena_window_open_file (window, bad);
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_true (ewt_error_shown (window));
  g_assert_true (entrena_window_get_table (window) == table);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));

  ewt_destroy_window (window);
}

/* Saving a model while the disk refuses more bytes (a file size limit, with
 * SIGXFSZ ignored so that write() fails instead of killing the test): the
 * window shows the error, and the file that was there is as it was. */
static void
test_save_size_limit (void)
{
  static const char old_content[] = "a previous file, which must survive\n";
  g_autoptr(GFile) file = ewt_temp_file ("limited.safetensors");
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  EntrenaWindow *window = ewt_show_small (3);
  struct rlimit old_limit;
  struct rlimit limit;
  void (*old_handler) (int);

  ewt_train_and_wait (window);
  g_file_replace_contents (file, old_content, strlen (old_content), NULL, FALSE, G_FILE_CREATE_NONE,
                           NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_no_errno (getrlimit (RLIMIT_FSIZE, &old_limit));
  limit = old_limit;
  limit.rlim_cur = 1024;
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &limit));
  old_handler = signal (SIGXFSZ, SIG_IGN);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", uri);

  signal (SIGXFSZ, old_handler);
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &old_limit));

  g_assert_true (ewt_error_shown (window));
  g_assert_cmpstr (ewt_label_text (window, "error-title"), ==, "Could not save “limited.safetensors”");
  g_assert_nonnull (strstr (ewt_label_text (window, "error-message"), "limited.safetensors"));
  g_test_message ("save error: %s", ewt_label_text (window, "error-message"));
  after = ewt_file_text (file);
  g_assert_cmpstr (after, ==, old_content);

  /* Without the limit, the same action saves. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", uri);
  g_assert_false (ewt_error_shown (window));

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/window/hostile/corpus", test_corpus);
  g_test_add_func ("/entrena/window/hostile/refused-during-training", test_refused_during_training);
  g_test_add_func ("/entrena/window/hostile/save-size-limit", test_save_size_limit);

  return g_test_run ();
}
