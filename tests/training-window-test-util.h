/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the tests that train in an EntrenaWindow share: the small fixture ready
 * to train, driving the settings, waiting for a run, reading files back, in
 * the two files of the test-training-window program.
 */

#include <adwaita.h>
#include <glib/gstdio.h>

#include "entrena-window.h"
#include "gtk-test-util.h"
#include "window-test-util.h"

#define LOAD_TIMEOUT_MS 30000
#define TRAIN_TIMEOUT_MS 120000

/* The tests of test-training-window-settings.c. */
void     ewt_add_settings_tests (void);
/* The tests of test-training-window-rewind.c. */
void     ewt_add_rewind_tests   (void);
/* The tests of test-training-window-map.c. */
void     ewt_add_map_tests      (void);
/* The tests of test-training-window-optimizer.c. */
void     ewt_add_optimizer_tests (void);
void     ewt_save_screenshot    (EntrenaWindow *window,
                                 const char    *name);
/* The tests of test-training-window-validation.c. */
void     ewt_add_validation_tests (void);

/* Starts a program of these tests (training-window-test-util.c): GTest with
 * isolated folders, GTK, libadwaita and the app's stylesheet. FALSE when
 * there is no display: the program then skips. */
gboolean ewt_init               (int    *argc,
                                 char ***argv);

/* For gtu_wait_until(): the window (@data) is not training. */
static inline gboolean
ewt_not_training (gpointer data)
{
  return !entrena_window_get_training (data);
}

/* The test data file @name. */
static inline GFile *
ewt_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

/* @name in the (isolated) cache folder, which this creates. */
static inline GFile *
ewt_temp_file (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));

  return g_file_new_for_path (path);
}

/* Opens @file and waits until it has loaded without an error. */
static inline void
ewt_open_and_wait (EntrenaWindow *window,
                   GFile         *file)
{
  entrena_window_open_file (window, file);
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_false (ewt_error_shown (window));
  g_assert_nonnull (entrena_window_get_table (window));
}

/* Makes the column @name the target. */
static inline void
ewt_set_target (EntrenaWindow *window,
                const char    *name)
{
  EntrenaTable *table = entrena_window_get_table (window);
  int column = entrena_table_find_column (table, name);

  g_assert_cmpint (column, >=, 0);
  entrena_dataset_page_set_target_column (entrena_window_get_dataset_page (window), column);
}

/* Sets the spin button named @name to @value. */
static inline void
ewt_set_spin (EntrenaWindow *window,
              const char    *name,
              double         value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ewt_find (window, name)), value);
}

/* The small fixture, ready to train: target "grade". */
static inline EntrenaWindow *
ewt_show_small (guint epochs)
{
  g_autoptr(GFile) file = ewt_fixture ("train-small.csv");
  EntrenaWindow *window = ewt_show_window (1280, 800);

  ewt_open_and_wait (window, file);
  ewt_set_target (window, "grade");
  ewt_set_spin (window, "epochs-spin", epochs);

  return window;
}

/* Starts a run with the Train action and waits until it ends. */
static inline void
ewt_train_and_wait (EntrenaWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_true (entrena_window_get_training (window));
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
}

/* What ewt_wait_points() waits for: @n points on @window's chart. */
typedef struct
{
  EntrenaWindow *window;
  guint          n;
} PointsWait;

static inline gboolean
ewt_has_points (gpointer data)
{
  PointsWait *wait = data;

  return entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (wait->window)) >= wait->n ||
         !entrena_window_get_training (wait->window);
}

/* Waits until the loss chart has @n points; the run must still be going. */
static inline void
ewt_wait_points (EntrenaWindow *window,
                 guint          n)
{
  PointsWait wait = { window, n };

  g_assert_true (gtu_wait_until (ewt_has_points, &wait, TRAIN_TIMEOUT_MS));
  g_assert_true (entrena_window_get_training (window));
}

/* For gtu_wait_until(): the run of the window (@data) holds, paused. */
static inline gboolean
ewt_holding (gpointer data)
{
  EntrenaTrainer *trainer = entrena_window_get_trainer (data);

  return trainer != NULL && entrena_trainer_is_holding (trainer);
}

/* For gtu_wait_until(): the run of the window (@data) holds, and its chart
 * has every epoch the worker trained (they reach the main loop a little
 * after the worker holds, later still on a busy machine). The worker waits
 * while it holds, so its epoch count can be read. */
static inline gboolean
ewt_holding_caught_up (gpointer data)
{
  EntrenaTrainer *trainer = entrena_window_get_trainer (data);
  g_autoptr(EntrenaRunResult) run = NULL;

  if (trainer == NULL || !entrena_trainer_is_holding (trainer))
    return FALSE;
  run = entrena_trainer_dup_run (trainer);
  return run != NULL && run->training != NULL &&
         entrena_loss_chart_get_n_points (entrena_window_get_loss_chart (data)) >= run->training->n_epochs;
}

/* Waits until the run holds, and the main loop has taken every epoch it sent. */
static inline void
ewt_wait_holding (EntrenaWindow *window)
{
  g_assert_true (gtu_wait_until (ewt_holding_caught_up, window, TRAIN_TIMEOUT_MS));
  gtu_spin (100);
  g_assert_true (ewt_holding (window));
}

/* Moves the pace slider to its stop @stop: 0 is 1 epoch per second, 7 is 20,
 * 11 is 100, 14 (the last) Fastest. */
static inline void
ewt_set_pace_stop (EntrenaWindow *window,
                   guint          stop)
{
  gtk_range_set_value (GTK_RANGE (ewt_find (window, "pace-scale")), stop);
}

/* The contents of @file, loaded whole. */
static inline char *
ewt_file_text (GFile *file)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);

  return contents;
}
