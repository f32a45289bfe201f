/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-regression-window"

#include "config.h"

#include <string.h>

#include "entrena-epoch-cursor.h"
#include "entrena-network-chart.h"
#include "entrena-network-view.h"
#include "entrena-regression-results.h"
#include "entrena-results-page.h"
#include "training-window-test-util.h"

/*
 * Regression in the window, on the wine-like fixture: choosing a continuous
 * target suggests regression with its reason (a whole-number one,
 * classification), Scale target and Stratify follow the task, a run shows
 * RMSE, MAE and R² equal to the engine's for the same settings, the
 * pictures' descriptions carry the figures, the epoch cursor shows an
 * earlier epoch's, and the scatter and the residuals export.
 *
 * With ENTRENA_SCREENSHOT_DIR set, /entrena/regression-window/screenshot
 * saves regression.png there: a finished regression run with its scatter.
 */

static EntrenaWindow *
show_wine (const char *target)
{
  g_autoptr (GFile) file = ewt_fixture ("wine-like.csv");
  EntrenaWindow *window = ewt_show_window (1280, 800);

  ewt_open_and_wait (window, file);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);
  ewt_set_target (window, target);
  /* The page suggests once the data pane's notifications are over. */
  gtu_spin (50);

  return window;
}

static EntrenaTask
shown_task (EntrenaWindow *window)
{
  EntrenaRunSettings settings;

  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (entrena_window_get_training_page (window), &settings);
  return settings.data.task;
}

static void
test_suggest (void)
{
  EntrenaWindow *window = show_wine ("alcohol");
  AdwActionRow *task_row = ADW_ACTION_ROW (ewt_find (window, "task-row"));
  GtkWidget *scale_row = ewt_find (window, "scale-target-row");
  GtkWidget *stratify = ewt_find (window, "stratify-switch");
  GtkWidget *stratify_row = gtk_widget_get_ancestor (stratify, ADW_TYPE_ACTION_ROW);
  EntrenaRunSettings settings;

  g_assert_cmpint (shown_task (window), ==, ENTRENA_TASK_REGRESSION);
  g_test_message ("alcohol: %s", adw_action_row_get_subtitle (task_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (task_row), "“alcohol” holds numbers that are not whole"));
  g_assert_true (gtk_widget_get_visible (scale_row));
  g_assert_false (gtk_widget_is_sensitive (stratify_row));
  g_assert_nonnull (gtk_widget_get_tooltip_text (stratify_row));

  /* Scale target: off by default, into the run settings when on. */
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (entrena_window_get_training_page (window), &settings);
  g_assert_false (settings.training.scale_target);
  g_assert_false (settings.stratify);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "scale-target-switch")), TRUE);
  entrena_training_page_get_run_settings (entrena_window_get_training_page (window), &settings);
  g_assert_true (settings.training.scale_target);
  /* ... and into the settings saved and exported. */
  {
    g_autoptr (GVariant) variant = entrena_run_settings_to_variant (&settings);
    const char *task = NULL;
    gboolean scale = FALSE;

    g_assert_true (g_variant_lookup (variant, "task", "&s", &task));
    g_assert_cmpstr (task, ==, "regression");
    g_assert_true (g_variant_lookup (variant, "scale-target", "b", &scale));
    g_assert_true (scale);
  }
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "scale-target-switch")), FALSE);

  /* The person can switch. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (task_row), ENTRENA_TASK_CLASSIFICATION);
  g_assert_cmpint (shown_task (window), ==, ENTRENA_TASK_CLASSIFICATION);
  g_assert_false (gtk_widget_get_visible (scale_row));
  g_assert_true (gtk_widget_is_sensitive (stratify_row));

  /* A few whole numbers are classes. */
  ewt_set_target (window, "quality");
  gtu_spin (50);
  g_assert_cmpint (shown_task (window), ==, ENTRENA_TASK_CLASSIFICATION);
  g_test_message ("quality: %s", adw_action_row_get_subtitle (task_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (task_row), "whole numbers, so its values are classes"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (task_row)));

  /* Back to a quantity: suggested again. */
  ewt_set_target (window, "density");
  gtu_spin (50);
  g_assert_cmpint (shown_task (window), ==, ENTRENA_TASK_REGRESSION);
  /* Its spread is far below 0.01: Scale target is suggested. */
  g_test_message ("density: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (scale_row)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (scale_row)), "Suggested"));

  ewt_destroy_window (window);
}

/* A text target is classes: Regression cannot be chosen, and the row says why. */
static void
test_text_target (void)
{
  g_autoptr (GFile) file = ewt_fixture ("ids.csv");
  EntrenaWindow *window = ewt_show_window (1280, 800);
  GtkWidget *task_row;

  ewt_open_and_wait (window, file);
  ewt_set_target (window, "species");
  gtu_spin (50);
  task_row = ewt_find (window, "task-row");
  g_assert_cmpint (shown_task (window), ==, ENTRENA_TASK_CLASSIFICATION);
  g_assert_false (gtk_widget_is_sensitive (task_row));
  g_assert_nonnull (gtk_widget_get_tooltip_text (task_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (task_row)), "holds text"));
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "scale-target-row")));

  /* A column of numbers that are not whole: the row is back. */
  ewt_set_target (window, "f1");
  gtu_spin (50);
  g_assert_true (gtk_widget_is_sensitive (task_row));
  g_assert_cmpint (shown_task (window), ==, ENTRENA_TASK_REGRESSION);

  ewt_destroy_window (window);
}

static gboolean
network_idle (gpointer data)
{
  return !entrena_network_view_is_busy (data);
}

static gboolean
epoch_shown (gpointer data)
{
  return entrena_results_page_get_epoch (data) >= 0;
}

static void
test_train (void)
{
  EntrenaWindow *window = show_wine ("alcohol");
  EntrenaRegressionResults *results = ENTRENA_REGRESSION_RESULTS (ewt_find (window, "regression-results"));
  EntrenaResultsPage *page = ENTRENA_RESULTS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (results),
                                                                           ENTRENA_TYPE_RESULTS_PAGE));
  g_autoptr (EntrenaRunResult) engine = NULL;
  g_autoptr (GError) error = NULL;
  EntrenaRunSettings settings;
  EntrenaRunResult *result;
  const EntrenaRegressionMetrics *m;
  g_autofree char *rmse = NULL, *mae = NULL, *r2 = NULL, *base = NULL, *rmse_figure = NULL;
  const char *description;

  g_assert_cmpint (shown_task (window), ==, ENTRENA_TASK_REGRESSION);
  ewt_set_spin (window, "epochs-spin", 40);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "standardize-switch")), TRUE);
  ewt_train_and_wait (window);
  g_assert_false (ewt_error_shown (window));

  result = entrena_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_cmpint (result->training->task, ==, ENTRENA_TASK_REGRESSION);
  m = result->test_regression;
  g_assert_nonnull (m);

  /* The engine's run with the window's settings (the suggested columns
   * left out, as on screen): the same numbers. */
  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (entrena_window_get_training_page (window), &settings);
  settings.data.target = "alcohol";
  engine = entrena_run_execute (entrena_window_get_table (window), &settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (engine->test_regression);
  g_assert_cmpfloat (engine->test_regression->rmse, ==, m->rmse);
  g_assert_cmpfloat (engine->test_regression->mae, ==, m->mae);
  g_assert_cmpfloat (engine->test_regression->r2, ==, m->r2);

  /* No accuracy and no classes to map: those views are off, saying why. */
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "accuracy-view-button")));
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "map-view-button")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (ewt_find (window, "accuracy-view-button")), "RMSE"));
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "network-view-button")));

  /* The figures on screen. */
  rmse = g_strdup_printf ("%.4g", m->rmse);
  mae = g_strdup_printf ("%.4g", m->mae);
  r2 = g_strdup_printf ("%.3f", m->r2);
  base = g_strdup_printf ("%.4g", m->baseline_rmse);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (results)));
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "results-cards")));
  g_assert_cmpstr (ewt_label_text (window, "test-rmse-label"), ==, rmse);
  g_assert_cmpstr (ewt_label_text (window, "test-mae-label"), ==, mae);
  g_assert_cmpstr (ewt_label_text (window, "test-r2-label"), ==, r2);
  g_assert_cmpstr (ewt_label_text (window, "baseline-rmse-label"), ==, base);
  g_test_message ("RMSE %s, MAE %s, R² %s, baseline RMSE %s", rmse, mae, r2, base);

  /* The pictures' descriptions carry the figures. */
  rmse_figure = g_strdup_printf ("RMSE %s", rmse);
  description = entrena_regression_results_get_description (results, FALSE);
  g_test_message ("scatter: %s", description);
  g_assert_nonnull (strstr (description, "Predicted against actual “alcohol”"));
  g_assert_nonnull (strstr (description, rmse_figure));
  g_assert_nonnull (strstr (description, r2));
  description = entrena_regression_results_get_description (results, TRUE);
  g_test_message ("residuals: %s", description);
  g_assert_nonnull (strstr (description, "within ±1 RMSE"));

  /* The pictures say their figures to screen readers. */
  gtk_test_accessible_assert_property (ewt_find (window, "scatter-picture"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       entrena_regression_results_get_description (results, FALSE));
  gtk_test_accessible_assert_property (ewt_find (window, "residual-picture"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       entrena_regression_results_get_description (results, TRUE));

  /* The network view works unchanged: its one output is the target. */
  {
    EntrenaNetworkView *network = ENTRENA_NETWORK_VIEW (ewt_find (window, "network-view"));
    g_autofree char *text = NULL;

    g_signal_emit_by_name (ewt_find (window, "network-view-button"), "clicked");
    g_assert_true (gtu_wait_until (network_idle, network, TRAIN_TIMEOUT_MS));
    g_assert_nonnull (entrena_network_view_get_data (network));
    text = entrena_network_chart_describe (entrena_network_view_get_data (network));
    g_test_message ("network: %s", text);
    g_assert_nonnull (strstr (text, "; one output (alcohol)."));
    g_signal_emit_by_name (ewt_find (window, "loss-view-button"), "clicked");
  }

  /* The epoch cursor: the results of epoch 5, as the engine has them. */
  {
    EntrenaEpochCursor *cursor = ENTRENA_EPOCH_CURSOR (ewt_find (window, "epoch-cursor"));
    g_autoptr (EntrenaRegressionMetrics) at = entrena_run_evaluate_regression_at (result->training, 5, NULL);
    g_autofree char *early = g_strdup_printf ("%.4g", at->rmse);

    entrena_epoch_cursor_set_epoch (cursor, 5);
    g_assert_true (gtu_wait_until (epoch_shown, page, 5000));
    g_assert_cmpint (entrena_results_page_get_epoch (page), ==, 5);
    g_assert_cmpstr (ewt_label_text (window, "test-rmse-label"), ==, early);
    g_assert_cmpfloat (at->rmse, !=, m->rmse);
    entrena_epoch_cursor_follow (cursor);
    gtu_spin (50);
    g_assert_cmpstr (ewt_label_text (window, "test-rmse-label"), ==, rmse);
  }

  /* Exports: a PNG and an SVG with a title and the description. */
  {
    g_autoptr (GFile) png = ewt_temp_file ("regression-scatter.png");
    g_autoptr (GFile) svg = ewt_temp_file ("regression-residuals.svg");
    g_autofree char *png_uri = g_file_get_uri (png);
    g_autofree char *svg_uri = g_file_get_uri (svg);
    g_autofree char *png_text = NULL;
    g_autofree char *svg_text = NULL;
    gsize png_size = 0;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-scatter-to", "s", png_uri));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-residuals-to", "s", svg_uri));
    g_assert_false (ewt_error_shown (window));
    g_assert_true (g_file_load_contents (png, NULL, &png_text, &png_size, NULL, NULL));
    g_assert_cmpuint (png_size, >, 1000);
    g_assert_cmpmem (png_text, 8, "\x89PNG\r\n\x1a\n", 8);
    svg_text = ewt_file_text (svg);
    g_assert_nonnull (strstr (svg_text, "<title>Residuals</title>"));
    g_assert_nonnull (strstr (svg_text, "within ±1 RMSE"));
  }

  ewt_destroy_window (window);
}

/* A classification run shows the accuracy cards, and the regression exports are off. */
static void
test_classification_unchanged (void)
{
  EntrenaWindow *window = show_wine ("quality");

  ewt_set_spin (window, "epochs-spin", 5);
  ewt_train_and_wait (window);
  g_assert_cmpint (entrena_window_get_result (window)->training->task, ==, ENTRENA_TASK_CLASSIFICATION);
  g_assert_true (gtk_widget_get_visible (ewt_find (window, "results-cards")));
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "regression-results")));
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "scatter-picture-export-button")));
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "accuracy-view-button")));
  g_assert_true (gtk_widget_is_sensitive (ewt_find (window, "map-view-button")));

  ewt_destroy_window (window);
}

static void
test_screenshot (void)
{
  EntrenaWindow *window;

  if (g_getenv ("ENTRENA_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Set ENTRENA_SCREENSHOT_DIR to take screenshots");
      return;
    }

  /* 1280×800 inside the frame the window draws without a window manager. */
  window = show_wine ("alcohol");
  gtk_window_set_default_size (GTK_WINDOW (window), 1290, 810);
  gtu_spin (200);
  ewt_set_spin (window, "epochs-spin", 150);
  ewt_set_spin (window, "learning-rate-spin", 0.003);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "standardize-switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (ewt_find (window, "scale-target-switch")), TRUE);
  ewt_train_and_wait (window);
  /* The results scrolled to the figures and the scatter. */
  gtu_spin (500);
  {
    GtkAdjustment *scroll =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (ewt_find (window, "results-scroller")));

    gtk_adjustment_set_value (scroll, 40);
  }
  gtu_spin (300);
  ewt_save_screenshot (window, "regression.png");

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/regression-window/suggest", test_suggest);
  g_test_add_func ("/entrena/regression-window/text-target", test_text_target);
  g_test_add_func ("/entrena/regression-window/train", test_train);
  g_test_add_func ("/entrena/regression-window/classification-unchanged", test_classification_unchanged);
  g_test_add_func ("/entrena/regression-window/screenshot", test_screenshot);

  return g_test_run ();
}
