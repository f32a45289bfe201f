/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "entrena-chart-export.h"
#include "entrena-runs-list.h"
#include "training-window-test-util.h"

/*
 * The Runs list of the training view: every run that ends joins it, named
 * by what differs from the run before; ticked runs are drawn on the chart
 * with the run on screen (and exported with it, named in the SVG); at most
 * 20 runs stay, the oldest unpinned leaving first; a run's settings can be
 * put back.
 */

static EntrenaRunsList *
runs_list (EntrenaWindow *window)
{
  EntrenaRunsList *list = ENTRENA_RUNS_LIST (ewt_find (window, "runs-list-widget"));

  return list;
}

static void
test_runs_overlay (void)
{
  EntrenaWindow *window = ewt_show_small (20);
  EntrenaRunsList *list = runs_list (window);
  EntrenaLossChart *chart = entrena_window_get_loss_chart (window);
  g_autoptr(GFile) svg_file = ewt_temp_file ("runs.svg");
  g_autofree char *svg = NULL;
  g_autofree char *svg_uri = g_file_get_uri (svg_file);
  EntrenaChartData data;

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "runs-list")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Runs");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "compare-curve-dropdown")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Compared Curve");
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 0);

  ewt_train_and_wait (window);
  ewt_set_spin (window, "learning-rate-spin", 0.003);
  ewt_train_and_wait (window);
  ewt_set_spin (window, "seed-spin", 7);
  ewt_train_and_wait (window);

  /* Newest first, each named by what changed from the one before. */
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 3);
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, 0)), ==, "seed 7");
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, 1)), ==, "learning rate 0.003");
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, 2)), ==, "epochs 20");
  {
    g_autofree char *summary = entrena_run_record_dup_summary (entrena_runs_list_get_run (list, 1));

    g_assert_true (g_str_has_prefix (summary, "test loss "));
    g_assert_nonnull (strstr (summary, "accuracy"));
  }

  /* Nothing ticked: the chart shows the run on screen alone. */
  g_assert_cmpuint (entrena_loss_chart_get_n_compared (chart), ==, 0);

  /* Two earlier runs ticked: both drawn with the run on screen, which is
   * not drawn twice even when ticked too. */
  entrena_run_record_set_shown (entrena_runs_list_get_run (list, 1), TRUE);
  entrena_run_record_set_shown (entrena_runs_list_get_run (list, 2), TRUE);
  entrena_run_record_set_shown (entrena_runs_list_get_run (list, 0), TRUE);
  g_assert_cmpuint (entrena_loss_chart_get_n_compared (chart), ==, 2);
  entrena_loss_chart_get_data (chart, &data);
  g_assert_cmpuint (data.n_overlays, ==, 2);
  g_assert_cmpstr (data.overlays[0].name, ==, "learning rate 0.003");
  g_assert_cmpstr (data.overlays[1].name, ==, "epochs 20");
  g_assert_cmpuint (data.overlays[0].n_values, ==, 20);
  g_assert_cmpstr (data.current_name, ==, "seed 7");
  g_assert_cmpint (data.overlay_curve, ==, ENTRENA_CHART_CURVE_TEST);
  /* Their colours differ. */
  g_assert_true (memcmp (&data.overlays[0].color, &data.overlays[1].color, sizeof data.overlays[0].color) != 0);

  /* A renamed run keeps its name on the chart. */
  entrena_run_record_set_label (entrena_runs_list_get_run (list, 2), "slow & steady");
  entrena_loss_chart_get_data (chart, &data);
  g_assert_cmpstr (data.overlays[1].name, ==, "slow & steady");

  /* The accuracy view compares the accuracies; the training curves on request. */
  entrena_loss_chart_set_show_accuracy (chart, TRUE);
  entrena_loss_chart_get_data (chart, &data);
  g_assert_cmpint (data.kind, ==, ENTRENA_CHART_ACCURACY);
  g_assert_cmpuint (data.n_overlays, ==, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ewt_find (window, "compare-curve-dropdown")), 1);
  entrena_loss_chart_get_data (chart, &data);
  g_assert_cmpint (data.overlay_curve, ==, ENTRENA_CHART_CURVE_TRAIN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ewt_find (window, "compare-curve-dropdown")), 0);
  entrena_loss_chart_set_show_accuracy (chart, FALSE);

  /* Export Chart writes the comparison, every run named in the SVG. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", svg_uri);
  svg = ewt_file_text (svg_file);
  g_assert_nonnull (svg);
  g_assert_nonnull (strstr (svg, "<title>Test loss of runs: learning rate 0.003, slow &amp; steady, seed 7</title>"));
  g_assert_nonnull (strstr (svg, "“learning rate 0.003”:"));
  g_assert_nonnull (strstr (svg, "“slow &amp; steady”:"));

  /* Selecting a run shows its settings; Use These Settings puts them back. */
  entrena_runs_list_select_run (list, 1);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ewt_find (window, "run-details"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ewt_find (window, "run-settings-label"))),
                            "learning rate: 0.003"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "run-settings-label")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Run Settings");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (ewt_find (window, "seed-spin"))), ==, 7);
  g_signal_emit_by_name (ewt_find (window, "use-settings-button"), "clicked");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (ewt_find (window, "seed-spin"))), ==, 42);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (ewt_find (window, "learning-rate-spin"))),
                                  0.003, 1e-9);

  ewt_destroy_window (window);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Gives the asking dialog @response and waits until it is gone. */
static void
answer_clear_runs (EntrenaWindow *window,
                   const char    *response)
{
  gpointer dialog;

  g_assert_true (gtu_wait_until (ewt_clear_runs_asked, window, LOAD_TIMEOUT_MS));
  dialog = ewt_clear_runs_dialog (window);
  g_object_add_weak_pointer (dialog, &dialog);
  /* As a click on a response button does: respond, then close. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gtu_wait_until (pointer_cleared, &dialog, 10000));
}

static void
test_runs_cap_and_pin (void)
{
  EntrenaWindow *window = ewt_show_small (2);
  EntrenaRunsList *list = runs_list (window);

  /* The lesson's learning rate (the window remembers the last one used). */
  ewt_set_spin (window, "learning-rate-spin", 0.01);
  ewt_set_spin (window, "seed-spin", 1);
  ewt_train_and_wait (window);
  ewt_set_spin (window, "seed-spin", 2);
  ewt_train_and_wait (window);
  /* The first run is pinned; the second is not. */
  entrena_run_record_set_pinned (entrena_runs_list_get_run (list, 1), TRUE);

  for (guint seed = 3; seed <= ENTRENA_RUNS_LIST_MAX + 2; seed++)
    {
      ewt_set_spin (window, "seed-spin", seed);
      ewt_train_and_wait (window);
      g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, MIN (seed, ENTRENA_RUNS_LIST_MAX));
    }

  /* 22 runs, 20 kept: the pinned first one stays, the oldest unpinned
   * (seeds 2 and 3) left. */
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, 0)), ==, "seed 22");
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, ENTRENA_RUNS_LIST_MAX - 1)),
                   ==, "epochs 2, seed 1");
  g_assert_true (entrena_run_record_get_pinned (entrena_runs_list_get_run (list, ENTRENA_RUNS_LIST_MAX - 1)));
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, ENTRENA_RUNS_LIST_MAX - 2)),
                   ==, "seed 4");

  /* Train More goes on with the same run: no new entry. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train-more", "u", 2);
  g_assert_true (gtu_wait_until (ewt_not_training, window, TRAIN_TIMEOUT_MS));
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, ENTRENA_RUNS_LIST_MAX);
  g_assert_cmpstr (entrena_run_record_get_label (entrena_runs_list_get_run (list, 0)), ==, "seed 22");
  {
    guint n_epochs;

    entrena_run_record_get_curve (entrena_runs_list_get_run (list, 0), ENTRENA_CHART_LOSS,
                                  ENTRENA_CHART_CURVE_TEST, &n_epochs);
    g_assert_cmpuint (n_epochs, ==, 4);
  }

  /* Other data opened in the window clear the list, after asking: kept,
   * nothing changes… */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", "s", "blobs");
  answer_clear_runs (window, "keep");
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, ENTRENA_RUNS_LIST_MAX);
  g_assert_cmpstr (entrena_table_get_display_name (entrena_window_get_table (window)), ==, "train-small.csv");

  /* …cleared, the new data open. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", "s", "blobs");
  answer_clear_runs (window, "clear");
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 0);
  g_assert_cmpstr (entrena_table_get_display_name (entrena_window_get_table (window)), !=, "train-small.csv");

  /* Data opened by a program (or from the command line) clear it without asking. */
  ewt_train_and_wait (window);
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 1);
  {
    g_autoptr(GFile) file = ewt_fixture ("train-small.csv");

    ewt_open_and_wait (window, file);
  }
  g_assert_cmpuint (entrena_runs_list_get_n_runs (list), ==, 0);

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/window/runs/overlay", test_runs_overlay);
  g_test_add_func ("/entrena/window/runs/cap-and-pin", test_runs_cap_and_pin);

  return g_test_run ();
}
