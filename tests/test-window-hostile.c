/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-hostile"

#include "config.h"

#include "training-window-test-util.h"

/*
 * The hostile corpora through the window's loaders. Every CSV file the reader
 * must refuse (tests/data/hostile/MANIFEST.tsv, stage "read") shows an error
 * banner that names it (and the line and column where the manifest says so)
 * and every one it must accept loads; every damaged model file (stage
 * "model") is refused by Open Model with a banner naming it and the key or
 * byte offset; every malformed lesson (tests/data/lessons/MANIFEST) is
 * refused by Open with a banner naming it and the key. After each refusal
 * the data loaded before are still on screen, and at the end they still
 * train. Checkpoints have no way into the window (Train More goes on from
 * the run in memory): they are the command-line test's (test-hostile.py).
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

/* The rows of the manifest @name in the corpus folder @corpus, each split
 * into its @n_fields tab-separated fields; comments and blank lines left out. */
static GPtrArray *
read_rows (const char *corpus,
           const char *name,
           guint       n_fields)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", corpus, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **fields;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, n_fields);
      g_ptr_array_add (rows, fields);
    }

  return rows;
}

/* The hostile manifest's rows whose stage is @stage. */
static GPtrArray *
read_manifest (const char *stage)
{
  g_autoptr(GPtrArray) rows = read_rows ("hostile", "MANIFEST.tsv", 6);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint i = 0; i < rows->len; i++)
    {
      char **fields = g_ptr_array_index (rows, i);
      Entry *entry;

      if (strcmp (fields[3], stage) != 0)
        continue;

      entry = g_new0 (Entry, 1);
      entry->name = g_strdup (fields[0]);
      entry->expect = g_strdup (fields[2]);
      entry->message = g_strsplit (fields[4], "|", -1);
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

/* The malformed lessons: each refused, its message naming the file and the
 * words its manifest line gives (a key, mostly). */
static GPtrArray *
read_lesson_manifest (void)
{
  g_autoptr(GPtrArray) rows = read_rows ("lessons", "MANIFEST", 2);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint i = 0; i < rows->len; i++)
    {
      char **fields = g_ptr_array_index (rows, i);
      Entry *entry = g_new0 (Entry, 1);

      entry->name = g_strdup (fields[0]);
      entry->expect = g_strdup ("refuse");
      entry->message = g_new0 (char *, 3);
      entry->message[0] = g_strdup (fields[0]);
      entry->message[1] = g_strdup (fields[1]);
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

/* @entry's file: in the generated folder for a name starting with "@",
 * else in the source folder @corpus ("hostile" or "lessons"). */
static GFile *
entry_file (const Entry *entry,
            const char  *corpus,
            const char  *generated)
{
  g_autofree char *path = NULL;

  if (entry->name[0] == '@')
    path = g_build_filename (generated, entry->name + 1, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "data", corpus, entry->name, NULL);

  return g_file_new_for_path (path);
}

static gboolean
showing_good_data (EntrenaWindow *window)
{
  EntrenaTable *table = entrena_window_get_table (window);

  return table != NULL && strcmp (entrena_table_get_display_name (table), "train-small.csv") == 0;
}

/* train-small.csv on screen, loaded again if something else replaced it. */
static EntrenaTable *
ensure_good_data (EntrenaWindow *window)
{
  g_autoptr(GFile) good = ewt_fixture ("train-small.csv");

  if (!showing_good_data (window))
    ewt_open_and_wait (window, good);

  return entrena_window_get_table (window);
}

static gboolean
error_shown (gpointer data)
{
  return ewt_error_shown (data);
}

/* The error banner is up and says every part of @entry's message; the data
 * on screen are still @before. Dismisses the banner. */
static void
check_refused (EntrenaWindow *window,
               const Entry   *entry,
               EntrenaTable  *before)
{
  g_autofree char *shown = NULL;

  g_assert_true (ewt_error_shown (window));
  shown = g_strconcat (ewt_label_text (window, "error-title"), "\n",
                       ewt_label_text (window, "error-message"), NULL);
  for (guint i = 0; entry->message[i] != NULL; i++)
    if (entry->message[i][0] != '\0' && strstr (shown, entry->message[i]) == NULL)
      g_error ("%s: no “%s” in the banner: %s", entry->name, entry->message[i], shown);

  g_assert_true (entrena_window_get_table (window) == before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
  g_assert_false (ewt_error_shown (window));
}

/* A file through Open (a CSV or a lesson, which Open tells by its name). */
static void
check_open (EntrenaWindow *window,
            const Entry   *entry,
            const char    *corpus,
            const char    *generated)
{
  g_autoptr(GFile) file = entry_file (entry, corpus, generated);
  EntrenaTable *before = ensure_good_data (window);

  g_test_message ("%s: %s", entry->name, entry->expect);
  entrena_window_open_file (window, file);
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));

  if (strcmp (entry->expect, "refuse") == 0)
    check_refused (window, entry, before);
  else
    {
      g_assert_false (ewt_error_shown (window));
      g_assert_true (entrena_window_get_table (window) != before);
    }
}

/* A damaged model file through Open Model (win.open-model-uri). */
static void
check_open_model (EntrenaWindow *window,
                  const Entry   *entry)
{
  g_autoptr(GFile) file = entry_file (entry, "hostile", NULL);
  g_autofree char *uri = g_file_get_uri (file);
  EntrenaTable *before = ensure_good_data (window);

  g_test_message ("%s: %s", entry->name, entry->expect);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-model-uri", "s", uri));
  g_assert_true (gtu_wait_until (error_shown, window, LOAD_TIMEOUT_MS));
  check_refused (window, entry, before);
}

/* After every refusal, the data on screen still train. */
static void
check_still_trains (EntrenaWindow *window)
{
  ensure_good_data (window);
  ewt_set_target (window, "grade");
  ewt_set_spin (window, "epochs-spin", 3);
  ewt_train_and_wait (window);
  g_assert_false (ewt_error_shown (window));
  g_assert_cmpuint (entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (window)), ==, 3);
}

static void
test_csv_corpus (void)
{
  g_autoptr(GPtrArray) entries = read_manifest ("read");
  g_autofree char *generated = g_build_filename (g_get_user_cache_dir (), "hostile", NULL);
  EntrenaWindow *window;
  guint n_refused = 0;
  guint n_read = 0;

  g_assert_cmpuint (entries->len, >=, 40);
  generate (generated);

  window = ewt_show_window (1280, 800);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);
      gboolean refuse = strcmp (entry->expect, "refuse") == 0;

      if (refuse && i % GTU_SANITIZER_STRIDE != 0)
        continue;
      check_open (window, entry, "hostile", generated);
      n_refused += refuse;
      n_read++;
    }
  g_test_message ("%u CSV files read, %u refused", n_read, n_refused);

  check_still_trains (window);
  ewt_destroy_window (window);
}

static void
test_model_corpus (void)
{
  g_autoptr(GPtrArray) entries = read_manifest ("model");
  EntrenaWindow *window = ewt_show_window (1280, 800);
  guint n_refused = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);

      /* A sound model replaces the data on screen: Open Model's own test
       * (test-predict-window) opens those. */
      if (strcmp (entry->expect, "refuse") != 0)
        continue;
      if (n_refused++ % GTU_SANITIZER_STRIDE != 0)
        continue;
      check_open_model (window, entry);
    }
  g_test_message ("%u damaged models in the corpus, every %d-th opened and refused",
                  n_refused, GTU_SANITIZER_STRIDE);
  g_assert_cmpuint (n_refused, >=, 30);

  check_still_trains (window);
  ewt_destroy_window (window);
}

static void
test_lesson_corpus (void)
{
  g_autoptr(GPtrArray) entries = read_lesson_manifest ();
  g_autoptr(GFile) valid = NULL;
  g_autofree char *valid_path = NULL;
  EntrenaWindow *window = ewt_show_window (1280, 800);

  g_assert_cmpuint (entries->len, >=, 20);
  for (guint i = 0; i < entries->len; i += GTU_SANITIZER_STRIDE)
    check_open (window, g_ptr_array_index (entries, i), "lessons", NULL);
  g_test_message ("%u malformed lessons, every %d-th opened and refused",
                  entries->len, GTU_SANITIZER_STRIDE);

  check_still_trains (window);

  /* A sound lesson still opens after them. */
  valid_path = g_test_build_filename (G_TEST_DIST, "data", "lessons", "valid-path.entrena", NULL);
  valid = g_file_new_for_path (valid_path);
  ewt_open_and_wait (window, valid);

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

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/window/hostile/csv", test_csv_corpus);
  g_test_add_func ("/entrena/window/hostile/models", test_model_corpus);
  g_test_add_func ("/entrena/window/hostile/lessons", test_lesson_corpus);
  g_test_add_func ("/entrena/window/hostile/refused-during-training", test_refused_during_training);

  return g_test_run ();
}
