/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-training-window"

#include "config.h"

#include <string.h>

#include "entrena-decision-map-view.h"
#include "entrena-mlp-pass.h"
#include "entrena-network-view.h"
#include "training-window-test-util.h"

/*
 * The decision map and the network views, in the training window, on the
 * spirals demo at the lesson's settings: the map's cells are the network's
 * predictions for their centres, every class owns part of the plane, both
 * views follow the epoch cursor, say what they show to screen readers and
 * export. Part of the test-training-window program.
 */

static EntrenaDecisionMapView *
find_map_view (EntrenaWindow *window)
{
  return ENTRENA_DECISION_MAP_VIEW (ewt_find (window, "decision-map-view"));
}

static EntrenaNetworkView *
find_network_view (EntrenaWindow *window)
{
  return ENTRENA_NETWORK_VIEW (ewt_find (window, "network-view"));
}

static gboolean
map_idle (gpointer data)
{
  return !entrena_decision_map_view_is_busy (data);
}

static gboolean
network_idle (gpointer data)
{
  return !entrena_network_view_is_busy (data);
}

static EntrenaWindow *
show_spirals (void)
{
  EntrenaWindow *window = ewt_show_window (1280, 800);

  entrena_window_open_demo (window, "spirals");
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_false (ewt_error_shown (window));
  g_assert_nonnull (entrena_window_get_table (window));
  /* Earlier tests of the program leave their settings behind. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-lesson-settings", NULL);

  return window;
}

/* The weights of @epoch, from the run's snapshots. */
static EntrenaMlp *
weights_at (EntrenaRunResult *result,
            guint             epoch)
{
  EntrenaMlp *mlp = entrena_mlp_copy (result->training->initial);
  guint found = G_MAXUINT;

  g_assert_true (entrena_snapshots_lookup (result->training->snapshots, epoch, mlp->params, &found));
  g_assert_cmpuint (found, ==, epoch);

  return mlp;
}

/* Each sampled cell holds the class @mlp predicts for the cell's centre,
 * standardized as in training, with the probability of that class. */
static void
assert_cells_predicted (const EntrenaDecisionMap *map,
                        const EntrenaMlp         *mlp,
                        const EntrenaScaler      *scaler)
{
  EntrenaMlpWorkspace *ws = entrena_mlp_workspace_new (mlp, 1);
  g_autofree float *input = g_new (float, map->plane->n_features);
  g_autofree float *probabilities = g_new (float, map->plane->n_classes);
  guint checked = 0;

  for (guint row = 0; row < map->size; row += 13)
    for (guint column = 0; column < map->size; column += 11)
      {
        gsize cell = (gsize) row * map->size + column;
        guint8 predicted;
        double x, y;

        entrena_decision_map_cell_center (map, row, column, &x, &y);
        g_assert_cmpfloat (x, >, map->plane->x_min);
        g_assert_cmpfloat (y, <, map->plane->y_max);
        entrena_map_plane_point (map->plane, x, y, input);
        if (scaler != NULL)
          entrena_scaler_transform (scaler, input, 1);
        entrena_mlp_predict (mlp, ws, input, 1, &predicted, probabilities);
        g_assert_cmpuint (map->classes[cell], ==, predicted);
        g_assert_cmpfloat (map->confidence[cell], ==, probabilities[predicted]);
        checked++;
      }
  g_assert_cmpuint (checked, >, 100);
  entrena_mlp_workspace_free (ws);
}

static void
test_decision_map (void)
{
  EntrenaWindow *window = show_spirals ();
  EntrenaDecisionMapView *view = find_map_view (window);
  GtkAccessible *picture = GTK_ACCESSIBLE (ewt_find (window, "decision-map"));
  g_autoptr(GFile) png = ewt_temp_file ("spirals-map.png");
  g_autofree char *uri = g_file_get_uri (png);
  g_autofree char *description = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(EntrenaMlp) early = NULL;
  EntrenaRunResult *result;
  EntrenaDecisionMap *map;
  gsize length;

  /* The view button shows the map in place of the chart. */
  g_signal_emit_by_name (ewt_find (window, "map-view-button"), "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ewt_find (window, "map-view-button"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ewt_find (window, "loss-view-button"))));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (ewt_find (window, "view-stack")), "training");
  gtu_spin (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (gtk_widget_get_visible (ewt_find (window, "decision-map-placeholder")));
  /* Two inputs: no axes to choose. */

  ewt_train_and_wait (window);
  g_assert_true (gtu_wait_until (map_idle, view, TRAIN_TIMEOUT_MS));
  result = entrena_window_get_result (window);
  map = entrena_decision_map_view_get_map (view);
  g_assert_nonnull (map);
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "decision-map-axes")));
  g_assert_false (gtk_widget_get_visible (ewt_find (window, "decision-map-placeholder")));

  /* The last epoch's network, over the plane of x and y in their own units. */
  g_assert_cmpuint (result->training->n_epochs, ==, 100);
  g_assert_cmpuint (map->epoch, ==, 100);
  g_assert_cmpuint (map->size, >=, 150);
  g_assert_cmpstr (map->plane->x_name, ==, "x");
  g_assert_cmpstr (map->plane->y_name, ==, "y");
  g_assert_cmpfloat (map->plane->x_min, <, -0.9);
  g_assert_cmpfloat (map->plane->x_max, >, 0.9);
  g_assert_null (map->plane->held);
  assert_cells_predicted (map, result->training->mlp, result->training->scaler);

  /* Both spirals own a part of the plane, and the test rows are mostly right. */
  for (guint c = 0; c < map->plane->n_classes; c++)
    {
      g_test_message ("class %s owns %.1f%% of the plane", map->plane->class_names[c], 100 * map->share[c]);
      g_assert_cmpfloat (map->share[c], >, 0.15);
    }
  g_assert_cmpfloat (map->test_accuracy, ==, result->test_metrics->accuracy);
  g_assert_cmpuint (map->plane->n_train_points, ==, result->split->n_train);
  g_assert_cmpuint (map->plane->n_test_points, ==, result->split->n_test);

  /* Its name and its figures for screen readers. */
  gtk_test_accessible_assert_property (picture, GTK_ACCESSIBLE_PROPERTY_LABEL, "Decision map");
  description = entrena_decision_map_view_dup_description (view);
  g_test_message ("decision map description: %s", description);
  g_assert_true (g_str_has_prefix (description, "Decision map at epoch 100: x across"));
  g_assert_nonnull (strstr (description, "y up"));
  g_assert_nonnull (strstr (description, "Share of the plane: A "));
  g_assert_nonnull (strstr (description, ", B "));
  g_assert_nonnull (strstr (description, "Test accuracy "));
  gtk_test_accessible_assert_property (picture, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);

  /* The epoch cursor takes it back to an early epoch's network. */
  gtk_range_set_value (GTK_RANGE (ewt_find (window, "epoch-scale")), 5);
  g_assert_true (gtu_wait_until (map_idle, view, TRAIN_TIMEOUT_MS));
  map = entrena_decision_map_view_get_map (view);
  g_assert_cmpuint (map->epoch, ==, 5);
  early = weights_at (result, 5);
  assert_cells_predicted (map, early, result->training->scaler);
  g_clear_pointer (&description, g_free);
  description = entrena_decision_map_view_dup_description (view);
  g_assert_true (g_str_has_prefix (description, "Decision map at epoch 5:"));

  /* Export Chart draws the view on screen: the map. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
  g_assert_false (ewt_error_shown (window));
  g_assert_true (g_file_load_contents (png, NULL, &contents, &length, NULL, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpint (memcmp (contents, "\x89PNG", 4), ==, 0);

  /* And back to the loss chart. */
  g_signal_emit_by_name (ewt_find (window, "loss-view-button"), "clicked");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ewt_find (window, "map-view-button"))));
  g_assert_false (entrena_loss_chart_get_show_accuracy (entrena_window_get_loss_chart (window)));

  ewt_destroy_window (window);
}

/* The blobs demo has four numeric inputs: drop-downs choose the axes, and
 * the others are held at their training medians. */
static void
test_decision_map_axes (void)
{
  EntrenaWindow *window = ewt_show_window (1280, 800);
  EntrenaDecisionMapView *view = find_map_view (window);
  GtkDropDown *x_drop;
  EntrenaDecisionMap *map;
  EntrenaRunResult *result;
  guint before_y;

  entrena_window_open_demo (window, "blobs");
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  ewt_set_spin (window, "epochs-spin", 30);
  g_signal_emit_by_name (ewt_find (window, "map-view-button"), "clicked");
  ewt_train_and_wait (window);
  g_assert_true (gtu_wait_until (map_idle, view, TRAIN_TIMEOUT_MS));
  result = entrena_window_get_result (window);
  map = entrena_decision_map_view_get_map (view);
  g_assert_nonnull (map);
  g_assert_true (gtk_widget_get_visible (ewt_find (window, "decision-map-axes")));

  /* The default axes: the two inputs with the largest first-layer weights. */
  {
    guint x, y;

    entrena_map_plane_default_axes (result->dataset, result->training->mlp, &x, &y);
    g_assert_cmpuint (map->plane->x_feature, ==, x);
    g_assert_cmpuint (map->plane->y_feature, ==, y);
  }
  g_assert_nonnull (map->plane->held);
  g_test_message ("held: %s", map->plane->held);
  assert_cells_predicted (map, result->training->mlp, result->training->scaler);

  /* Choosing the other axis in a drop-down maps that plane. */
  x_drop = GTK_DROP_DOWN (ewt_find (window, "decision-map-x"));
  before_y = map->plane->y_feature;
  for (guint a = 0; a < 4; a++)
    if (a != map->plane->x_feature && a != map->plane->y_feature)
      {
        gtk_drop_down_set_selected (x_drop, a);
        break;
      }
  g_assert_true (gtu_wait_until (map_idle, view, TRAIN_TIMEOUT_MS));
  map = entrena_decision_map_view_get_map (view);
  g_assert_cmpuint (map->plane->x_feature, ==, gtk_drop_down_get_selected (x_drop));
  g_assert_cmpuint (map->plane->y_feature, ==, before_y);
  assert_cells_predicted (map, result->training->mlp, result->training->scaler);

  ewt_destroy_window (window);
}

static void
test_network_view (void)
{
  EntrenaWindow *window = show_spirals ();
  EntrenaNetworkView *view = find_network_view (window);
  GtkAccessible *picture = GTK_ACCESSIBLE (ewt_find (window, "network"));
  const EntrenaNetworkChartData *data;
  EntrenaNetworkChartLayout layout;
  g_autofree char *description = NULL;
  g_autoptr(EntrenaMlp) early = NULL;
  EntrenaRunResult *result;
  int column, neuron, from;

  ewt_set_spin (window, "epochs-spin", 20);
  g_signal_emit_by_name (ewt_find (window, "network-view-button"), "clicked");
  ewt_train_and_wait (window);
  g_assert_true (gtu_wait_until (network_idle, view, TRAIN_TIMEOUT_MS));
  result = entrena_window_get_result (window);
  data = entrena_network_view_get_data (view);
  g_assert_nonnull (data);
  g_assert_cmpuint (data->epoch, ==, 20);
  g_assert_cmpmem (data->mlp->params, data->mlp->n_params * sizeof (float),
                   result->training->mlp->params, result->training->mlp->n_params * sizeof (float));

  /* The lesson's 64 and 32 hidden neurons: 24 of each shown, the rest counted. */
  entrena_network_chart_layout (data, 1000, 600, &layout);
  g_assert_cmpuint (layout.n_columns, ==, 4);
  g_assert_cmpuint (layout.n_shown[0], ==, 2);
  g_assert_cmpuint (layout.n_shown[1], ==, 24);
  g_assert_cmpuint (layout.n_more[1], ==, 40);
  g_assert_cmpuint (layout.n_more[2], ==, 8);
  g_assert_cmpuint (layout.n_shown[3], ==, 2);

  /* What the pointer is on: a neuron, then the edge between two. */
  g_assert_true (entrena_network_chart_hit (data, &layout, layout.x[1], layout.y[1][3], &column, &neuron, &from));
  g_assert_cmpint (column, ==, 1);
  g_assert_cmpint (neuron, ==, (int) layout.shown[1][3]);
  g_assert_cmpint (from, ==, -1);
  g_assert_true (entrena_network_chart_hit (data, &layout, (layout.x[0] + layout.x[1]) / 2,
                                            (layout.y[0][1] + layout.y[1][5]) / 2, &column, &neuron, &from));
  g_assert_cmpint (column, ==, 1);

  /* A neuron's bias and a weight, under the picture. */
  entrena_network_view_select (view, 1, 3, -1);
  g_assert_nonnull (strstr (ewt_label_text (window, "network-detail"), "hidden layer 1, neuron 4: bias "));
  entrena_network_view_select (view, 1, 3, 0);
  g_assert_true (g_str_has_prefix (ewt_label_text (window, "network-detail"), "x → hidden layer 1, neuron 4: weight "));
  entrena_network_view_select (view, 3, 1, -1);
  g_assert_true (g_str_has_prefix (ewt_label_text (window, "network-detail"), "output “B”: bias "));

  /* Its name and its figures for screen readers. Each selection made a new
   * picture, so the data is asked for again (the first one is gone). */
  gtk_test_accessible_assert_property (picture, GTK_ACCESSIBLE_PROPERTY_LABEL, "Network");
  data = entrena_network_view_get_data (view);
  description = entrena_network_chart_describe (data);
  g_test_message ("network description: %s", description);
  g_assert_true (g_str_has_prefix (description, "Network at epoch 20: 2 inputs (x, y); hidden layers of 64, 32 "
                                                "neurons; 2 outputs (A, B). 2240 weights, "));
  gtk_test_accessible_assert_property (picture, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);

  /* Export Chart draws the view on screen: the network. */
  {
    g_autoptr(GFile) svg = ewt_temp_file ("spirals-network.svg");
    g_autofree char *uri = g_file_get_uri (svg);
    g_autofree char *contents = NULL;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart-to", "s", uri);
    g_assert_false (ewt_error_shown (window));
    g_assert_true (g_file_load_contents (svg, NULL, &contents, NULL, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "<?xml"));
  }

  /* The epoch cursor takes it back. */
  gtk_range_set_value (GTK_RANGE (ewt_find (window, "epoch-scale")), 3);
  g_assert_true (gtu_wait_until (network_idle, view, TRAIN_TIMEOUT_MS));
  data = entrena_network_view_get_data (view);
  g_assert_cmpuint (data->epoch, ==, 3);
  early = weights_at (result, 3);
  g_assert_cmpmem (data->mlp->params, data->mlp->n_params * sizeof (float),
                   early->params, early->n_params * sizeof (float));

  ewt_destroy_window (window);
}

/* Registered by test-training-window.c's main(). */
void
ewt_add_map_tests (void)
{
  g_test_add_func ("/entrena/training-window/decision-map", test_decision_map);
  g_test_add_func ("/entrena/training-window/decision-map-axes", test_decision_map_axes);
  g_test_add_func ("/entrena/training-window/network-view", test_network_view);
}
