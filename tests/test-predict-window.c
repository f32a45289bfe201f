/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-csv.h"
#include "entrena-format.h"
#include "entrena-model-io.h"
#include "entrena-try-it.h"
#include "entrena-training-view.h"
#include "training-window-test-util.h"

/*
 * Predictions in the window: Predict a File writes what `entrena-cli predict
 * --probabilities` writes, Try It shows the probabilities the CLI gives for
 * the same row, a model opens without its data, and a file without the
 * model's columns is refused with a message naming them.
 */

static char *
dup_uri (GFile *file)
{
  return g_file_get_uri (file);
}

/* What entrena-cli writes with the arguments @args (NULL-terminated), which
 * must succeed. */
static char *
run_cli (const char * const *args)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "entrena-cli", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

/* What `entrena-cli predict MODEL CSV --probabilities` writes; a regression
 * model's predictions without --probabilities, which it refuses. */
static char *
run_cli_predict_with (GFile    *model,
                      GFile    *csv,
                      gboolean  probabilities)
{
  g_autofree char *model_path = g_file_get_path (model);
  g_autofree char *csv_path = g_file_get_path (csv);
  const char *args[] = { "predict", model_path, csv_path, probabilities ? "--probabilities" : NULL, NULL };

  return run_cli (args);
}

static char *
run_cli_predict (GFile *model,
                 GFile *csv)
{
  return run_cli_predict_with (model, csv, TRUE);
}

static gboolean
not_predicting (gpointer data)
{
  return !entrena_window_get_predicting (data);
}

static gboolean
has_opened_model (gpointer data)
{
  return entrena_window_get_opened_model (data) != NULL || ewt_error_shown (data);
}

/* Runs Predict a File on @input into @output and waits until it is done. */
static void
predict_file_and_wait (EntrenaWindow *window,
                       GFile         *input,
                       GFile         *output)
{
  g_autofree char *input_uri = dup_uri (input);
  g_autofree char *output_uri = dup_uri (output);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.predict-file-to", "(ss)",
                                             input_uri, output_uri));
  g_assert_true (entrena_window_get_predicting (window));
  g_assert_true (gtu_wait_until (not_predicting, window, TRAIN_TIMEOUT_MS));
}

/* Trains the small fixture for a few epochs and saves the model as @name. */
static EntrenaWindow *
train_and_save (const char *name,
                GFile     **model)
{
  EntrenaWindow *window = ewt_show_small (25);
  g_autofree char *uri = NULL;

  ewt_train_and_wait (window);
  *model = ewt_temp_file (name);
  uri = dup_uri (*model);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", uri));
  g_assert_false (ewt_error_shown (window));
  g_assert_true (g_file_query_exists (*model, NULL));

  return window;
}

static void
open_model_and_wait (EntrenaWindow *window,
                     GFile         *model)
{
  g_autofree char *uri = dup_uri (model);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-model-uri", "s", uri));
  g_assert_true (gtu_wait_until (has_opened_model, window, LOAD_TIMEOUT_MS));
  g_assert_false (ewt_error_shown (window));
}

/* The hint beside Try It's first number field. */
static const char *
first_field_hint (GtkWidget *try_it)
{
  return gtk_entry_get_placeholder_text (GTK_ENTRY (entrena_try_it_get_field (ENTRENA_TRY_IT (try_it), 0)));
}

/* A model opened from its file hints each number field with the training
 * range, as the window that trained it does; a file saved before the range
 * was kept hints the training mean and says so. */
static void
test_open_model_range_hint (void)
{
  g_autoptr (GFile) model = NULL;
  g_autoptr (GFile) old = ewt_temp_file ("no-range.safetensors");
  EntrenaWindow *trained = train_and_save ("range.safetensors", &model);
  EntrenaWindow *window = ewt_show_window (1100, 800);
  g_autofree char *trained_hint = g_strdup (first_field_hint (ewt_find (trained, "try-it")));
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (GError) error = NULL;

  ewt_destroy_window (trained);
  g_assert_nonnull (strstr (trained_hint, " to "));
  open_model_and_wait (window, model);
  g_assert_cmpstr (first_field_hint (ewt_find (window, "model-try-it")), ==, trained_hint);

  mlp = entrena_model_load (model, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info->input_min);
  g_clear_pointer (&info->input_min, g_free);
  g_clear_pointer (&info->input_max, g_free);
  g_assert_true (entrena_model_save (mlp, info, old, NULL, &error));
  g_assert_no_error (error);
  ewt_destroy_window (window);
  window = ewt_show_window (1100, 800);
  open_model_and_wait (window, old);
  g_assert_true (g_str_has_prefix (first_field_hint (ewt_find (window, "model-try-it")), "training mean "));

  ewt_destroy_window (window);
}

static void
test_predict_file_matches_cli (void)
{
  g_autoptr (GFile) model = NULL;
  EntrenaWindow *window = train_and_save ("predict-file.safetensors", &model);
  g_autoptr (GFile) input = ewt_fixture ("train-small.csv");
  g_autoptr (GFile) output = ewt_temp_file ("predictions.csv");
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;

  predict_file_and_wait (window, input, output);
  g_assert_false (ewt_error_shown (window));
  g_assert_true (g_file_load_contents (output, NULL, &written, NULL, NULL, NULL));
  expected = run_cli_predict (model, input);
  g_assert_cmpstr (written, ==, expected);
  g_assert_nonnull (strstr (ewt_label_text (window, "predict-label"), "90"));

  ewt_destroy_window (window);
}

/* A row with a word in a number column is left out and named by line and
 * column; the others are still written. */
static void
test_predict_file_bad_rows (void)
{
  g_autoptr (GFile) model = NULL;
  EntrenaWindow *window = train_and_save ("bad-rows.safetensors", &model);
  g_autoptr (GFile) input = ewt_temp_file ("bad-rows.csv");
  g_autoptr (GFile) output = ewt_temp_file ("bad-rows-predictions.csv");
  const char *csv = "length,weight,ratio,noise,width\n"
                    "-0.0463,141.62,0.0912,1.0648,0.9778\n"
                    "2.0974,heavy,0.0583,1.3156,1.3698\n"
                    "0.5,140,0.07,1.1,1.0\n";
  g_autofree char *written = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_replace_contents (input, csv, strlen (csv), NULL, FALSE, 0, NULL, NULL, NULL));
  predict_file_and_wait (window, input, output);
  g_assert_true (ewt_error_shown (window));
  g_assert_nonnull (strstr (ewt_label_text (window, "error-message"), "line 3, column 2"));
  g_assert_nonnull (strstr (ewt_label_text (window, "error-message"), "heavy"));
  g_assert_true (g_file_load_contents (output, NULL, &written, NULL, NULL, NULL));
  lines = g_strsplit (g_strchomp (written), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[2], "0.5,140,"));

  ewt_destroy_window (window);
}

/* A model opens without its data; Try It then gives, for the rows of a file
 * typed into its fields, the CLI's probabilities; a file without the model's
 * columns is refused with a message naming them. */
static void
test_open_model_try_it (void)
{
  g_autoptr (GFile) model = NULL;
  EntrenaWindow *trained = train_and_save ("try-it.safetensors", &model);
  EntrenaWindow *window = ewt_show_window (1100, 800);
  g_autoptr (GFile) small = ewt_fixture ("train-small.csv");
  g_autoptr (EntrenaTable) table = NULL;
  g_autofree char *cli = NULL;
  g_auto (GStrv) cli_lines = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaTryIt *try_it;
  EntrenaPredictor *predictor;
  const EntrenaModelInfo *info;
  GtkGrid *bars;

  ewt_destroy_window (trained);
  open_model_and_wait (window, model);
  predictor = entrena_window_get_opened_model (window);
  info = entrena_predictor_get_info (predictor);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (ewt_find (window, "content-stack"))), ==, "model");
  g_assert_nonnull (strstr (ewt_label_text (window, "model-title"), "try-it.safetensors"));
  g_assert_false (gtk_widget_get_sensitive (ewt_find (window, "train-button")));
  g_assert_true (gtk_widget_get_sensitive (ewt_find (window, "model-predict-file-button")));

  try_it = ENTRENA_TRY_IT (ewt_find (window, "model-try-it"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (try_it), GTK_ACCESSIBLE_PROPERTY_LABEL, "Try It");
  g_assert_cmpuint (entrena_try_it_get_n_rows (try_it), ==, 0);
  g_assert_cmpuint (entrena_predictor_get_n_inputs (predictor), ==, 5);

  table = entrena_csv_read_file (small, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  cli = run_cli_predict (model, small);
  cli_lines = g_strsplit (cli, "\n", -1);
  bars = GTK_GRID (ewt_find (try_it, "try-it-bars"));

  for (guint row = 0; row < 6; row++)
    {
      g_auto (GStrv) cells = g_strsplit (cli_lines[row + 1], ",", -1);
      guint n_cells = g_strv_length (cells);
      const float *p;
      guint n_classes;

      for (guint i = 0; i < entrena_predictor_get_n_inputs (predictor); i++)
        {
          int column = entrena_table_find_column (table, entrena_predictor_get_input_name (predictor, i));
          g_autofree char *cell = entrena_table_format_cell (table, row, (guint) column);

          gtk_editable_set_text (GTK_EDITABLE (entrena_try_it_get_field (try_it, i)), cell);
        }

      p = entrena_try_it_get_probabilities (try_it, &n_classes);
      g_assert_nonnull (p);
      g_assert_cmpuint (n_classes, ==, 3);
      for (guint c = 0; c < n_classes; c++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *percent = entrena_format_percent (p[c]);
          g_autofree char *name = g_strdup_printf ("grade %s: %s", info->class_names[c], percent);

          /* The same number as the CLI's p_CLASS column, to the digits it writes. */
          g_assert_cmpstr (g_ascii_formatd (buf, sizeof buf, "%.6g", p[c]), ==, cells[n_cells - 3 + c]);
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_grid_get_child_at (bars, 1, (int) c)),
                                               GTK_ACCESSIBLE_PROPERTY_LABEL, name);
        }
    }

  /* A word where a number goes: said, and no probabilities. */
  gtk_editable_set_text (GTK_EDITABLE (entrena_try_it_get_field (try_it, 0)), "long");
  g_assert_null (entrena_try_it_get_probabilities (try_it, NULL));
  g_assert_true (gtk_widget_get_visible (ewt_find (try_it, "try-it-error")));

  /* Another file's columns: refused, naming each one the model needs and the file lacks. */
  {
    g_autoptr (GFile) other = ewt_temp_file ("other-columns.csv");
    g_autoptr (GFile) output = ewt_temp_file ("other-predictions.csv");
    const char *csv = "length,ratio,width,colour\n1,2,3,red\n";
    const char *message;

    g_assert_true (g_file_replace_contents (other, csv, strlen (csv), NULL, FALSE, 0, NULL, NULL, NULL));
    predict_file_and_wait (window, other, output);
    g_assert_true (ewt_error_shown (window));
    message = ewt_label_text (window, "error-message");
    g_assert_nonnull (strstr (message, "“weight”"));
    g_assert_nonnull (strstr (message, "“noise”"));
    g_assert_null (strstr (message, "“length”"));
    g_assert_false (g_file_query_exists (output, NULL));
  }

  /* Opening data closes the model. */
  ewt_open_and_wait (window, small);
  g_assert_null (entrena_window_get_opened_model (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (ewt_find (window, "content-stack"))), ==, "data");

  ewt_destroy_window (window);
}

/* The probabilities Try It shows, as the CLI writes them, joined by commas. */
static char *
dup_shown_probabilities (EntrenaTryIt *try_it)
{
  GString *text = g_string_new (NULL);
  guint n_classes = 0;
  const float *p = entrena_try_it_get_probabilities (try_it, &n_classes);

  g_assert_nonnull (p);
  for (guint c = 0; c < n_classes; c++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (c > 0)
        g_string_append_c (text, ',');
      g_string_append (text, g_ascii_formatd (buf, sizeof buf, "%.6g", p[c]));
    }

  return g_string_free (text, FALSE);
}

/* The CLI's p_CLASS columns for data row @row of its output @lines. */
static char *
dup_cli_probabilities (char  **lines,
                       guint   row,
                       guint   n_classes)
{
  g_auto (GStrv) cells = g_strsplit (lines[row + 1], ",", -1);
  guint n = g_strv_length (cells);

  return g_strjoinv (",", cells + n - n_classes);
}

/* Try It in the training view: the run's test rows, stepped through, with the
 * CLI's probabilities for each and the true class; the epoch cursor's epoch. */
static void
test_training_view_try_it (void)
{
  g_autoptr (GFile) model = NULL;
  EntrenaWindow *window = train_and_save ("view-try-it.safetensors", &model);
  g_autoptr (GFile) small = ewt_fixture ("train-small.csv");
  EntrenaRunResult *result = entrena_window_get_result (window);
  EntrenaTryIt *try_it = ENTRENA_TRY_IT (ewt_find (window, "try-it"));
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (try_it), ENTRENA_TYPE_TRAINING_VIEW);
  EntrenaEpochCursor *cursor = entrena_training_view_get_epoch_cursor (ENTRENA_TRAINING_VIEW (view));
  g_autofree char *cli = run_cli_predict (model, small);
  g_auto (GStrv) lines = g_strsplit (cli, "\n", -1);
  g_autofree char *latest = NULL;
  g_autofree char *initial = NULL;

  g_assert_true (gtk_widget_activate_action (view, "training.view", "s", "try-it"));
  g_assert_cmpstr (entrena_training_view_get_view (ENTRENA_TRAINING_VIEW (view)), ==, "try-it");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (try_it)));
  g_assert_cmpuint (entrena_try_it_get_n_rows (try_it), ==, result->split->n_test);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (try_it, "try-it-previous-button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Previous");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (try_it, "try-it-next-button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Next");

  for (guint step = 0; step < 3; step++)
    {
      guint index = result->split->test[entrena_try_it_get_row (try_it)];
      g_autofree char *shown = dup_shown_probabilities (try_it);
      g_autofree char *expected = dup_cli_probabilities (lines, result->dataset->row_index[index], 3);
      g_autofree char *truth = g_strdup_printf ("grade %s", result->dataset->class_names[result->dataset->y[index]]);

      g_assert_cmpuint (entrena_try_it_get_row (try_it), ==, step);
      g_assert_cmpstr (shown, ==, expected);
      g_assert_true (gtk_widget_get_visible (ewt_find (try_it, "try-it-truth")));
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ewt_find (try_it, "try-it-truth"))), truth));
      g_signal_emit_by_name (ewt_find (try_it, "try-it-next-button"), "clicked");
    }
  g_signal_emit_by_name (ewt_find (try_it, "try-it-previous-button"), "clicked");
  g_assert_cmpuint (entrena_try_it_get_row (try_it), ==, 2);

  /* Typed in: no longer the test row, so no true class. */
  gtk_editable_set_text (GTK_EDITABLE (entrena_try_it_get_field (try_it, 0)), "1.5");
  g_assert_false (gtk_widget_get_visible (ewt_find (try_it, "try-it-truth")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ewt_find (try_it, "try-it-row-label"))), "changed"));

  /* Back to the first epoch and forth to the latest: the network of each, same fields. */
  latest = dup_shown_probabilities (try_it);
  entrena_epoch_cursor_set_epoch (cursor, 0);
  initial = dup_shown_probabilities (try_it);
  g_assert_cmpstr (initial, !=, latest);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entrena_try_it_get_field (try_it, 0))), ==, "1.5");
  entrena_epoch_cursor_follow (cursor);
  {
    g_autofree char *again = dup_shown_probabilities (try_it);

    g_assert_cmpstr (again, ==, latest);
  }

  ewt_destroy_window (window);
}

typedef struct
{
  EntrenaTryIt *try_it;
  char         *before;  /* the probabilities shown before, or NULL */
} ShownWait;

/* For gtu_wait_until(): Try It shows a network, other than before. */
static gboolean
shows_new_network (gpointer data)
{
  ShownWait *wait = data;
  g_autofree char *now = NULL;

  if (entrena_try_it_get_probabilities (wait->try_it, NULL) == NULL)
    return FALSE;
  now = dup_shown_probabilities (wait->try_it);

  return wait->before == NULL || !g_str_equal (now, wait->before);
}

/* While a run goes on, Try It on screen follows its latest epochs. */
static void
test_try_it_live (void)
{
  EntrenaWindow *window = ewt_show_small (3000);
  EntrenaTryIt *try_it = ENTRENA_TRY_IT (ewt_find (window, "try-it"));
  ShownWait wait = { try_it, NULL };

  gtk_widget_activate_action (GTK_WIDGET (try_it), "training.view", "s", "try-it");
  gtk_range_set_value (GTK_RANGE (ewt_find (window, "pace-scale")), 5);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_true (gtu_wait_until (shows_new_network, &wait, TRAIN_TIMEOUT_MS));
  g_assert_true (entrena_window_get_training (window));
  g_assert_true (entrena_try_it_get_run (try_it) != NULL);

  wait.before = dup_shown_probabilities (try_it);
  g_assert_true (gtu_wait_until (shows_new_network, &wait, TRAIN_TIMEOUT_MS));
  g_assert_true (entrena_window_get_training (window));
  g_free (wait.before);

  gtk_range_set_value (GTK_RANGE (ewt_find (window, "pace-scale")), 14);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  /* Stopped: the run's own final network. */
  g_assert_true (entrena_try_it_get_run (try_it) == entrena_window_get_result (window));

  ewt_destroy_window (window);
}

/* A table with a categorical input: colour (red, green, blue) and size. */
static GFile *
write_colours_csv (void)
{
  static const char *const colours[] = { "red", "green", "blue" };
  g_autoptr (GString) csv = g_string_new ("size,colour,label\n");
  GFile *file = ewt_temp_file ("colours.csv");

  for (guint i = 0; i < 120; i++)
    {
      double size = (i * 7 % 11) * 0.5;
      const char *colour = colours[i % 3];
      gboolean yes = g_str_equal (colour, "red") || size > 3.0;

      g_string_append_printf (csv, "%g,%s,%s\n", size, colour, yes ? "yes" : "no");
    }
  g_assert_true (g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE, 0, NULL, NULL, NULL));

  return file;
}

/* A categorical input is a drop-down of its categories, filled from the test
 * row; choosing another category gives the CLI's probabilities for it. */
static void
test_try_it_categories (void)
{
  g_autoptr (GFile) csv = write_colours_csv ();
  g_autoptr (GFile) model = ewt_temp_file ("colours.safetensors");
  g_autoptr (GFile) row = ewt_temp_file ("colours-row.csv");
  g_autofree char *model_uri = g_file_get_uri (model);
  EntrenaWindow *window = ewt_show_window (1280, 800);
  EntrenaTryIt *try_it = ENTRENA_TRY_IT (ewt_find (window, "try-it"));
  EntrenaRunResult *result;
  EntrenaPredictor *predictor;
  GtkWidget *size, *colour;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *cli = NULL;
  g_auto (GStrv) lines = NULL;
  guint index;

  ewt_open_and_wait (window, csv);
  ewt_set_target (window, "label");
  ewt_set_spin (window, "epochs-spin", 40);
  ewt_train_and_wait (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model-to", "s", model_uri));

  result = entrena_window_get_result (window);
  predictor = entrena_try_it_get_predictor (try_it);
  g_assert_cmpuint (entrena_predictor_get_n_inputs (predictor), ==, 2);
  g_assert_cmpstr (entrena_predictor_get_input_name (predictor, 1), ==, "colour");
  size = entrena_try_it_get_field (try_it, 0);
  colour = entrena_try_it_get_field (try_it, 1);
  g_assert_true (GTK_IS_ENTRY (size));
  g_assert_true (GTK_IS_DROP_DOWN (colour));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (colour))), ==, 3);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (colour), GTK_ACCESSIBLE_PROPERTY_LABEL, "colour");

  /* The drop-down shows the test row's colour, as the table has it. */
  index = result->split->test[0];
  {
    g_autoptr (EntrenaTable) table = entrena_csv_read_file (csv, NULL, NULL, NULL, NULL, NULL);
    g_autofree char *cell = entrena_table_format_cell (table, result->dataset->row_index[index], 1);
    GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (colour));

    g_assert_cmpstr (gtk_string_object_get_string (item), ==, cell);
  }

  /* Another colour: the probabilities the CLI gives the same row. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (colour),
                              (gtk_drop_down_get_selected (GTK_DROP_DOWN (colour)) + 1) % 3);
  g_assert_false (gtk_widget_get_visible (ewt_find (try_it, "try-it-truth")));
  text = g_strdup_printf ("size,colour\n%s,%s\n", gtk_editable_get_text (GTK_EDITABLE (size)),
                          gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (colour))));
  g_assert_true (g_file_replace_contents (row, text, strlen (text), NULL, FALSE, 0, NULL, NULL, NULL));
  cli = run_cli_predict (model, row);
  lines = g_strsplit (cli, "\n", -1);
  shown = dup_shown_probabilities (try_it);
  {
    g_autofree char *expected = dup_cli_probabilities (lines, 0, 2);

    g_assert_cmpstr (shown, ==, expected);
  }

  ewt_destroy_window (window);
}

/* A big file: Cancel stops the work at once, and nothing is written. */
static void
test_predict_file_cancel (void)
{
  g_autoptr (GFile) model = NULL;
  EntrenaWindow *window = train_and_save ("cancel.safetensors", &model);
  g_autoptr (GFile) input = ewt_temp_file ("big.csv");
  g_autoptr (GFile) output = ewt_temp_file ("big-predictions.csv");
  g_autoptr (GString) csv = g_string_new ("length,weight,ratio,noise,width\n");
  g_autofree char *input_uri = g_file_get_uri (input);
  g_autofree char *output_uri = g_file_get_uri (output);

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv, "%u.5,14%u.25,0.0%u,1.%u,0.9%u\n", i % 3, i % 10, i % 9, i % 7, i % 5);
  g_assert_true (g_file_replace_contents (input, csv->str, csv->len, NULL, FALSE, 0, NULL, NULL, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.predict-file-to", "(ss)",
                                             input_uri, output_uri));
  g_assert_true (entrena_window_get_predicting (window));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ewt_find (window, "predict-revealer"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-predict", NULL));
  g_assert_false (entrena_window_get_predicting (window));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (ewt_find (window, "predict-revealer"))));

  /* The worker sees the cancellation between two steps: whatever it was at, no file. */
  gtu_spin (1500);
  g_assert_false (g_file_query_exists (output, NULL));
  g_assert_false (ewt_error_shown (window));

  /* And the next one goes through. */
  predict_file_and_wait (window, input, output);
  g_assert_false (ewt_error_shown (window));
  g_assert_true (g_file_query_exists (output, NULL));

  ewt_destroy_window (window);
}

/* A regression model of wine-like.csv's alcohol, trained and saved by
 * entrena-cli (the target scaled, so the predictions are mapped back). */
static GFile *
train_regression_model (void)
{
  GFile *model = ewt_temp_file ("alcohol.safetensors");
  g_autoptr (GFile) csv = ewt_fixture ("wine-like.csv");
  g_autofree char *model_path = g_file_get_path (model);
  g_autofree char *csv_path = g_file_get_path (csv);
  const char *args[] = { "train", csv_path, "--target", "alcohol", "--exclude", "Id", "--task", "regression",
                         "--standardize", "--scale-target", "--epochs", "30", "--quiet",
                         "--save", model_path, NULL };
  g_autofree char *out = run_cli (args);

  g_assert_true (g_file_query_exists (model, NULL));
  return model;
}

/* The figure Try It shows for a number: its text, and its accessible name
 * saying what it is first. */
static void
assert_value_shown (EntrenaTryIt *try_it,
                    double        value)
{
  GtkWidget *label = ewt_find (try_it, "try-it-value");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *name = NULL;

  g_ascii_formatd (buf, sizeof buf, "%.6g", value);
  name = g_strdup_printf ("Prediction %s", buf);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_false (gtk_widget_get_visible (ewt_find (try_it, "try-it-bars")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, buf);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
}

/* A regression model opens without its data; Try It gives, for rows of the
 * file typed into its fields, the number `entrena-cli predict` gives; Predict
 * a File writes what the CLI writes, a column predicted_alcohol that reads
 * back as numbers. */
static void
test_regression_model_try_it_and_predict_file (void)
{
  g_autoptr (GFile) model = train_regression_model ();
  g_autoptr (GFile) wine = ewt_fixture ("wine-like.csv");
  g_autoptr (GFile) output = ewt_temp_file ("alcohol-predictions.csv");
  EntrenaWindow *window = ewt_show_window (1100, 800);
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaTable) written_table = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *written = NULL;
  g_auto (GStrv) cli_lines = NULL;
  EntrenaPredictor *predictor;
  EntrenaTryIt *try_it;
  double value;
  int column;

  open_model_and_wait (window, model);
  predictor = entrena_window_get_opened_model (window);
  g_assert_cmpint (entrena_predictor_get_info (predictor)->task, ==, ENTRENA_TASK_REGRESSION);
  g_assert_nonnull (strstr (ewt_label_text (window, "model-subtitle"), "the number alcohol"));
  try_it = ENTRENA_TRY_IT (ewt_find (window, "model-try-it"));
  g_assert_null (entrena_try_it_get_probabilities (try_it, NULL));

  table = entrena_csv_read_file (wine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  cli = run_cli_predict_with (model, wine, FALSE);
  cli_lines = g_strsplit (cli, "\n", -1);
  g_assert_true (g_str_has_suffix (cli_lines[0], ",predicted_alcohol"));

  for (guint row = 0; row < 6; row++)
    {
      const char *cli_value = strrchr (cli_lines[row + 1], ',') + 1;
      double expected = g_ascii_strtod (cli_value, NULL);

      for (guint i = 0; i < entrena_predictor_get_n_inputs (predictor); i++)
        {
          g_autofree char *cell = NULL;

          column = entrena_table_find_column (table, entrena_predictor_get_input_name (predictor, i));
          cell = entrena_table_format_cell (table, row, (guint) column);
          gtk_editable_set_text (GTK_EDITABLE (entrena_try_it_get_field (try_it, i)), cell);
        }
      g_assert_true (entrena_try_it_get_value (try_it, &value));
      /* The CLI writes seven digits. */
      g_assert_cmpfloat_with_epsilon (value, expected, 1e-6 * fabs (expected));
      assert_value_shown (try_it, value);
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ewt_find (try_it, "try-it-prediction"))), "alcohol"));
    }

  /* With ENTRENA_SCREENSHOT_DIR set: the model's Try It with a number. */
  if (g_getenv ("ENTRENA_SCREENSHOT_DIR") != NULL)
    ewt_save_screenshot (window, "try-it-regression.png");

  /* A word where a number goes: said, and no number. */
  gtk_editable_set_text (GTK_EDITABLE (entrena_try_it_get_field (try_it, 0)), "sweet");
  g_assert_false (entrena_try_it_get_value (try_it, NULL));
  g_assert_true (gtk_widget_get_visible (ewt_find (try_it, "try-it-error")));

  /* Predict a File: the CLI's bytes, and a file that reads back. */
  predict_file_and_wait (window, wine, output);
  g_assert_false (ewt_error_shown (window));
  g_assert_true (g_file_load_contents (output, NULL, &written, NULL, NULL, NULL));
  g_assert_cmpstr (written, ==, cli);
  written_table = entrena_csv_read_file (output, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entrena_table_get_n_rows (written_table), ==, entrena_table_get_n_rows (table));
  column = entrena_table_find_column (written_table, "predicted_alcohol");
  g_assert_cmpint (column, ==, (int) entrena_table_get_n_columns (table));
  g_assert_cmpuint (entrena_table_get_column_n_invalid (written_table, (guint) column), ==, 0);

  ewt_destroy_window (window);
}

/* Try It on a regression run's test rows: the run's own test prediction,
 * and the true value beside it. */
static void
test_regression_try_it_test_rows (void)
{
  g_autoptr (GFile) wine = ewt_fixture ("wine-like.csv");
  g_autoptr (EntrenaTable) table = entrena_csv_read_file (wine, NULL, NULL, NULL, NULL, NULL);
  g_autoptr (EntrenaRunResult) run = NULL;
  g_autoptr (EntrenaPredictor) predictor = NULL;
  g_autoptr (GError) error = NULL;
  const char *exclude[] = { "Id", NULL };
  EntrenaRunSettings settings;
  EntrenaTryIt *try_it = ENTRENA_TRY_IT (g_object_ref_sink (entrena_try_it_new ()));
  g_autofree double *predicted = NULL;
  g_autofree double *actual = NULL;

  entrena_run_settings_init (&settings);
  settings.data.target = "alcohol";
  settings.data.exclude = exclude;
  settings.data.task = ENTRENA_TASK_REGRESSION;
  settings.training.standardize = TRUE;
  settings.training.scale_target = TRUE;
  settings.training.epochs = 20;
  run = entrena_run_execute (table, &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  predictor = entrena_predictor_new (run->training->mlp, run->info);
  predicted = g_new (double, run->split->n_test);
  actual = g_new (double, run->split->n_test);
  entrena_training_predict_values (run->training, TRUE, predicted, actual);

  entrena_try_it_set_model (try_it, predictor, run);
  g_assert_cmpuint (entrena_try_it_get_n_rows (try_it), ==, run->split->n_test);
  for (guint row = 0; row < 3; row++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *truth = NULL;
      double value;

      entrena_try_it_set_row (try_it, row);
      g_assert_true (entrena_try_it_get_value (try_it, &value));
      g_assert_cmpfloat_with_epsilon (value, predicted[row], 1e-9 * fabs (predicted[row]));
      assert_value_shown (try_it, value);
      truth = g_strdup_printf ("True value: alcohol %s", g_ascii_formatd (buf, sizeof buf, "%.6g", actual[row]));
      g_assert_true (gtk_widget_get_visible (ewt_find (try_it, "try-it-truth")));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ewt_find (try_it, "try-it-truth"))), ==, truth);
    }

  /* Typed in: no longer the test row, so no true value. */
  gtk_editable_set_text (GTK_EDITABLE (entrena_try_it_get_field (try_it, 0)), "9.5");
  g_assert_false (gtk_widget_get_visible (ewt_find (try_it, "try-it-truth")));
  g_assert_true (entrena_try_it_get_value (try_it, NULL));

  g_object_unref (try_it);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/predict-window/predict-file-matches-cli", test_predict_file_matches_cli);
  g_test_add_func ("/entrena/predict-window/predict-file-bad-rows", test_predict_file_bad_rows);
  g_test_add_func ("/entrena/predict-window/open-model-try-it", test_open_model_try_it);
  g_test_add_func ("/entrena/predict-window/open-model-range-hint", test_open_model_range_hint);
  g_test_add_func ("/entrena/predict-window/training-view-try-it", test_training_view_try_it);
  g_test_add_func ("/entrena/predict-window/try-it-categories", test_try_it_categories);
  g_test_add_func ("/entrena/predict-window/try-it-live", test_try_it_live);
  g_test_add_func ("/entrena/predict-window/predict-file-cancel", test_predict_file_cancel);
  g_test_add_func ("/entrena/predict-window/regression-model-try-it-and-predict-file",
                   test_regression_model_try_it_and_predict_file);
  g_test_add_func ("/entrena/predict-window/regression-try-it-test-rows", test_regression_try_it_test_rows);

  return g_test_run ();
}
