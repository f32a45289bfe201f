/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-training-window"

#include "config.h"

#include "training-window-test-util.h"

/*
 * The Training pane's optimizer: its options shown only where they apply, a
 * combination PyTorch refuses said inline with Train unavailable until it is
 * fixed, the run trained with what is shown, the choice remembered per file
 * and reset by Restore Lesson Settings. In the program of
 * test-training-window.c.
 */

static gboolean
row_visible (EntrenaWindow *window,
             const char    *name)
{
  return gtk_widget_get_visible (ewt_find (window, name));
}

/* Whether Train can be pressed: its action is enabled. */
static gboolean
train_enabled (EntrenaWindow *window)
{
  return gtk_widget_get_sensitive (ewt_find (window, "train-button"));
}

static void
test_optimizer (void)
{
  g_autoptr(GFile) other = ewt_temp_file ("other-optimizer.csv");
  g_autoptr(GFile) small = ewt_fixture ("train-small.csv");
  EntrenaWindow *window = ewt_show_small (5);
  EntrenaTrainingPage *page = entrena_window_get_training_page (window);
  AdwComboRow *optimizer = ADW_COMBO_ROW (ewt_find (window, "optimizer-row"));
  GtkSwitch *nesterov = GTK_SWITCH (ewt_find (window, "nesterov-switch"));
  const EntrenaTrainingSettings *trained;
  EntrenaRunSettings settings;
  static const char other_csv[] = "u,v,kind\n1,2,x\n2,1,y\n3,4,x\n4,3,y\n";

  g_file_replace_contents (other, other_csv, sizeof other_csv - 1, NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, NULL);

  /* Adam: no momentum to set; weight decay for every optimizer. */
  g_assert_cmpuint (adw_combo_row_get_selected (optimizer), ==, ENTRENA_OPTIMIZER_ADAM);
  g_assert_false (row_visible (window, "momentum-row"));
  g_assert_false (row_visible (window, "nesterov-row"));
  g_assert_true (row_visible (window, "weight-decay-spin"));
  g_assert_false (row_visible (window, "optimizer-error-row"));

  /* AdamW brings PyTorch's default weight decay, and takes it away again. */
  adw_combo_row_set_selected (optimizer, ENTRENA_OPTIMIZER_ADAMW);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (ewt_find (window, "weight-decay-spin"))), ==, 0.01);
  adw_combo_row_set_selected (optimizer, ENTRENA_OPTIMIZER_RMSPROP);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (ewt_find (window, "weight-decay-spin"))), ==, 0);
  g_assert_true (row_visible (window, "momentum-row"));
  g_assert_false (row_visible (window, "nesterov-row"));

  /* SGD with Nesterov but no momentum: said inline, and no Train until fixed. */
  adw_combo_row_set_selected (optimizer, ENTRENA_OPTIMIZER_SGD);
  g_assert_true (row_visible (window, "nesterov-row"));
  gtk_switch_set_active (nesterov, TRUE);
  g_assert_true (row_visible (window, "optimizer-error-row"));
  g_assert_false (entrena_training_page_get_settings_valid (page));
  g_assert_false (train_enabled (window));
  ewt_set_spin (window, "momentum-spin", 0.9);
  g_assert_false (row_visible (window, "optimizer-error-row"));
  g_assert_true (entrena_training_page_get_settings_valid (page));
  g_assert_true (train_enabled (window));

  /* The run trains with what is shown. */
  ewt_set_spin (window, "weight-decay-spin", 0.001);
  ewt_train_and_wait (window);
  trained = &entrena_window_get_result (window)->info->training;
  g_assert_cmpint (trained->optimizer, ==, ENTRENA_OPTIMIZER_SGD);
  g_assert_cmpfloat (trained->momentum, ==, 0.9);
  g_assert_true (trained->nesterov);
  g_assert_cmpfloat (trained->weight_decay, ==, 0.001);

  /* Options hidden do not count: Adam with the switch still on is fine. */
  adw_combo_row_set_selected (optimizer, ENTRENA_OPTIMIZER_ADAM);
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpfloat (settings.training.momentum, ==, 0);
  g_assert_false (settings.training.nesterov);
  g_assert_true (train_enabled (window));
  adw_combo_row_set_selected (optimizer, ENTRENA_OPTIMIZER_SGD);

  /* Each file gets back its own optimizer. */
  ewt_open_and_wait (window, other);
  ewt_set_target (window, "kind");
  adw_combo_row_set_selected (optimizer, ENTRENA_OPTIMIZER_RMSPROP);
  ewt_train_and_wait (window);
  ewt_open_and_wait (window, small);
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpint (settings.training.optimizer, ==, ENTRENA_OPTIMIZER_SGD);
  g_assert_cmpfloat (settings.training.momentum, ==, 0.9);
  g_assert_true (settings.training.nesterov);
  g_assert_cmpfloat (settings.training.weight_decay, ==, 0.001);

  /* Restore Lesson Settings: Adam, no momentum, no weight decay. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (page, &settings);
  g_assert_cmpint (settings.training.optimizer, ==, ENTRENA_OPTIMIZER_ADAM);
  g_assert_cmpfloat (settings.training.momentum, ==, 0);
  g_assert_false (settings.training.nesterov);
  g_assert_cmpfloat (settings.training.weight_decay, ==, 0);
  g_assert_false (row_visible (window, "momentum-row"));
  g_assert_false (gtk_switch_get_active (nesterov));

  /* A run with them leaves the file remembered with the lesson's optimizer,
   * as the tests after this one expect. */
  ewt_set_spin (window, "epochs-spin", 5);
  ewt_train_and_wait (window);
  g_assert_cmpint (entrena_window_get_result (window)->info->training.optimizer, ==, ENTRENA_OPTIMIZER_ADAM);

  ewt_destroy_window (window);
}

/* Registered by test-training-window.c's main(), after the runs. */
void
ewt_add_optimizer_tests (void)
{
  g_test_add_func ("/entrena/training-window/optimizer", test_optimizer);
}
