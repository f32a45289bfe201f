/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-training-window"

#include "config.h"

#include <string.h>

#include "entrena-application.h"
#include "entrena-loss-chart.h"
#include "training-window-test-util.h"

/*
 * The Training pane's Validation rows and a run that stops early, in the
 * window: the rows and their sensitivity, the stop the run bar, the results
 * and the chart report (the same epochs as the command line's, which
 * test-early-stopping.py checks against PyTorch), Train More after the stop,
 * the Lesson's settings and the memory per file.
 */

static void
set_validation (EntrenaWindow *window,
                double         percent,
                gboolean       early,
                guint          patience)
{
  ewt_set_spin (window, "val-size-spin", percent);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "early-stopping-switch")), early);
  ewt_set_spin (window, "patience-spin", patience);
}

static void
test_early_stop (void)
{
  EntrenaWindow *window = ewt_show_small (300);
  EntrenaTrainingPage *page = entrena_window_get_training_page (window);
  GtkWidget *patience_spin = ewt_find (window, "patience-spin");
  static const guint layers[] = { 16 };
  g_autofree char *description = NULL;
  EntrenaRunResult *result;
  EntrenaRunSettings settings;

  /* Early stopping needs validation rows; its patience needs it on. */
  set_validation (window, 0, FALSE, 10);
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "early-stopping-switch")));
  set_validation (window, 30, FALSE, 10);
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "early-stopping-switch")));
  g_assert_false (gtk_widget_is_sensitive (patience_spin));
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpfloat_with_epsilon (settings.training.val_size, 0.3, 1e-12);
  g_assert_cmpuint (settings.training.patience, ==, 0);
  set_validation (window, 30, TRUE, 10);
  g_assert_true (gtk_widget_is_sensitive (patience_spin));

  /* The command line's run with these settings stops at 55 and keeps 45. */
  entrena_training_page_set_layers (page, layers, G_N_ELEMENTS (layers));
  ewt_set_spin (window, "seed-spin", 7);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "standardize-switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "stratify-switch")), TRUE);
  ewt_train_and_wait (window);

  result = entrena_window_get_result (window);
  g_assert_cmpuint (result->training->n_val, ==, 22);
  g_assert_cmpuint (result->training->early.stopped_epoch, ==, 55);
  g_assert_cmpuint (result->training->early.best_epoch, ==, 45);
  g_assert_cmpuint (result->training->n_epochs, ==, 55);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ewt_find (window, "results-epoch-label"))), ==,
                   "Stopped at epoch 55, weights from epoch 45");
  g_assert_true (gtk_widget_get_visible (ewt_find (window, "results-epoch-label")));
  description = entrena_loss_chart_dup_description (entrena_window_get_loss_chart (window));
  g_assert_nonnull (strstr (description, "Early stopping ended training at epoch 55 and kept the weights from epoch 45"));
  g_assert_nonnull (strstr (description, "Latest validation loss"));

  /* Train More goes on from the weights at the stop, patience afresh. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train-more", "u", 5);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  result = entrena_window_get_result (window);
  g_assert_cmpuint (result->training->n_epochs, ==, 60);
  g_assert_cmpuint (result->training->early.stopped_epoch, ==, 0);
  g_assert_cmpuint (result->training->early.best_epoch, ==, 45);

  ewt_destroy_window (window);
}

static void
test_validation_settings (void)
{
  g_autoptr(GFile) other = ewt_temp_file ("other-validation.csv");
  g_autoptr(GFile) small = ewt_fixture ("train-small.csv");
  EntrenaWindow *window = ewt_show_small (7);
  EntrenaTrainingPage *page = entrena_window_get_training_page (window);
  EntrenaRunSettings settings;
  static const char other_csv[] = "u,v,kind\n1,2,x\n2,1,y\n3,4,x\n4,3,y\n5,6,x\n6,5,y\n";

  g_file_replace_contents (other, other_csv, strlen (other_csv), NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, NULL);

  /* Each file gets back its own. */
  set_validation (window, 25, TRUE, 4);
  ewt_train_and_wait (window);
  ewt_open_and_wait (window, other);
  set_validation (window, 0, FALSE, 4);
  ewt_open_and_wait (window, small);
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpfloat_with_epsilon (settings.training.val_size, 0.25, 1e-12);
  g_assert_cmpuint (settings.training.patience, ==, 4);

  /* The lesson has none. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpfloat (settings.training.val_size, ==, 0);
  g_assert_cmpuint (settings.training.patience, ==, 0);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (ewt_find (window, "early-stopping-switch"))));

  ewt_destroy_window (window);
}

/* Registered by test-training-window.c's main(). */
void
ewt_add_validation_tests (void)
{
  g_test_add_func ("/entrena/training-window/validation/early-stop", test_early_stop);
  g_test_add_func ("/entrena/training-window/validation/settings", test_validation_settings);
}
