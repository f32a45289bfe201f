/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-decision-map-view"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-chart-picture.h"
#include "entrena-decision-map-view.h"
#include "entrena-map-chart.h"

/*
 * EntrenaDecisionMapView shows the decision map of a run at an epoch: the
 * live one while training, or the epoch cursor's. Each map is a forward
 * pass over the grid on a worker thread (the weights come from the run's
 * snapshots, which the training thread fills), started at most
 * MAP_INTERVAL_MS apart and only while the view is on screen; a request
 * that comes while one is computing waits for it, and only the latest
 * waits.
 *
 * The axes: the user's choice from the drop-downs, or else the two numeric
 * inputs with the largest first-layer weights. Those are picked from the
 * weights shown once the run is settled (finished, or paused), and kept
 * while it trains, so the map does not jump between planes.
 */

#define MAP_INTERVAL_MS 100
/* The accessible description follows a live map at most this often. */
#define DESCRIBE_INTERVAL_US (500 * G_TIME_SPAN_MILLISECOND)

struct _EntrenaDecisionMapView
{
  AdwBin               parent_instance;

  /* Template children */
  GtkWidget           *axes_box;
  GtkDropDown         *x_drop;
  GtkDropDown         *y_drop;
  EntrenaChartPicture *picture;
  GtkWidget           *placeholder;

  /* Owned */
  EntrenaRunResult    *run;        /* what to map; NULL for nothing */
  EntrenaMapPlane     *plane;      /* of the last map, or NULL */
  GArray              *axes;       /* guint: the numeric inputs the drop-downs list */
  GCancellable        *computing;  /* the map in progress, or NULL */

  /* Plain state */
  guint                epoch;      /* to map */
  int                  x_user;     /* the user's axes, -1 for the default */
  int                  y_user;
  gint64               last_start;
  gint64               last_described;
  guint                throttle_source;
  guint                settled : 1;
  guint                possible : 1; /* the run's data has two numeric inputs */
  guint                stale : 1;  /* the request changed since the map started */
  guint                syncing : 1;
};

G_DEFINE_FINAL_TYPE (EntrenaDecisionMapView, entrena_decision_map_view, ADW_TYPE_BIN)

static void schedule (EntrenaDecisionMapView *self);

/* Worker */

typedef struct
{
  EntrenaRunResult *run;
  EntrenaMapPlane  *plane;
  guint             epoch;
  int               x_user;
  int               y_user;
  gboolean          settled;
} MapRequest;

static void
map_request_free (MapRequest *request)
{
  g_clear_pointer (&request->run, entrena_run_result_unref);
  g_clear_pointer (&request->plane, entrena_map_plane_unref);
  g_free (request);
}

/* The network of an epoch, for the default axes. */
static EntrenaMlp *
weights_at (const EntrenaTraining *training,
            guint                  epoch,
            gboolean               settled)
{
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_copy (training->initial);

  if (training->snapshots != NULL)
    return entrena_snapshots_lookup (training->snapshots, epoch, mlp->params, NULL) ? g_steal_pointer (&mlp) : NULL;
  if (!settled)
    return NULL;

  return epoch > 0 ? entrena_mlp_copy (training->mlp) : g_steal_pointer (&mlp);
}

static void
compute_map (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MapRequest *request = task_data;
  const EntrenaRunResult *run = request->run;
  g_autoptr (EntrenaMapPlane) plane = request->plane != NULL ? entrena_map_plane_ref (request->plane) : NULL;
  guint x_feature;
  guint y_feature;
  GError *error = NULL;

  /* Without snapshots a run's weights can only be read once it stopped. */
  if (run->training->snapshots == NULL && !request->settled)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (request->x_user >= 0)
    {
      x_feature = (guint) request->x_user;
      y_feature = (guint) request->y_user;
    }
  else if (plane != NULL && !request->settled)
    {
      x_feature = plane->x_feature;
      y_feature = plane->y_feature;
    }
  else
    {
      g_autoptr (EntrenaMlp) mlp = weights_at (run->training, request->epoch, request->settled);

      entrena_map_plane_default_axes (run->dataset, mlp, &x_feature, &y_feature);
    }

  if (plane == NULL || plane->x_feature != x_feature || plane->y_feature != y_feature)
    {
      g_clear_pointer (&plane, entrena_map_plane_unref);
      plane = entrena_map_plane_new (run->dataset, run->split, x_feature, y_feature, &error);
      if (plane == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task,
                         entrena_decision_map_at_epoch (plane, run->training, request->epoch,
                                                        ENTRENA_DECISION_MAP_SIZE),
                         (GDestroyNotify) entrena_decision_map_unref);
}

/* Main thread */

static void
update_description (EntrenaDecisionMapView *self,
                    gboolean                now)
{
  EntrenaDecisionMap *map = entrena_decision_map_view_get_map (self);
  gint64 time = g_get_monotonic_time ();
  g_autofree char *text = NULL;

  if (!now && time - self->last_described < DESCRIBE_INTERVAL_US)
    return;
  self->last_described = time;
  text = map != NULL ? entrena_decision_map_describe (map) : g_strdup ("");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The drop-downs list the numeric inputs of the run's data. */
static void
update_axes_choice (EntrenaDecisionMapView *self)
{
  const EntrenaDataset *dataset = self->run != NULL ? self->run->dataset : NULL;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->axes, g_array_unref);
  if (dataset != NULL)
    self->axes = entrena_map_plane_list_axes (dataset);
  for (guint a = 0; self->axes != NULL && a < self->axes->len; a++)
    gtk_string_list_append (names, dataset->feature_names[g_array_index (self->axes, guint, a)]);

  self->syncing = TRUE;
  gtk_drop_down_set_model (self->x_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->y_drop, G_LIST_MODEL (names));
  self->syncing = FALSE;
  gtk_widget_set_visible (self->axes_box, self->axes != NULL && self->axes->len > 2);
}

static guint
axis_position (EntrenaDecisionMapView *self,
               guint                   feature)
{
  for (guint a = 0; self->axes != NULL && a < self->axes->len; a++)
    if (g_array_index (self->axes, guint, a) == feature)
      return a;

  return GTK_INVALID_LIST_POSITION;
}

static void
show_map (EntrenaDecisionMapView *self,
          EntrenaDecisionMap     *map)
{
  if (self->plane != map->plane)
    {
      g_clear_pointer (&self->plane, entrena_map_plane_unref);
      self->plane = entrena_map_plane_ref (map->plane);
      self->syncing = TRUE;
      gtk_drop_down_set_selected (self->x_drop, axis_position (self, map->plane->x_feature));
      gtk_drop_down_set_selected (self->y_drop, axis_position (self, map->plane->y_feature));
      self->syncing = FALSE;
    }
  entrena_chart_picture_set_drawing (self->picture, entrena_map_chart_draw_func, map,
                                     (GDestroyNotify) entrena_decision_map_unref);
  gtk_widget_set_visible (self->placeholder, FALSE);
  update_description (self, self->settled);
}

static void
map_computed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (EntrenaDecisionMapView) self = user_data;
  g_autoptr (EntrenaDecisionMap) map = NULL;
  g_autoptr (GError) error = NULL;

  map = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->computing);

  if (error != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->placeholder), error->message);
      gtk_widget_set_visible (self->placeholder, TRUE);
    }
  else if (map != NULL)
    show_map (self, g_steal_pointer (&map));

  if (self->stale)
    schedule (self);
}

static void
start (EntrenaDecisionMapView *self)
{
  g_autoptr (GTask) task = NULL;
  MapRequest *request = g_new0 (MapRequest, 1);

  request->run = entrena_run_result_ref (self->run);
  request->plane = self->plane != NULL ? entrena_map_plane_ref (self->plane) : NULL;
  request->epoch = self->epoch;
  request->x_user = self->x_user;
  request->y_user = self->y_user;
  request->settled = self->settled;

  self->stale = FALSE;
  self->last_start = g_get_monotonic_time ();
  self->computing = g_cancellable_new ();
  task = g_task_new (NULL, self->computing, map_computed_cb, g_object_ref (self));
  g_task_set_name (task, "[entrena] decision map");
  g_task_set_task_data (task, request, (GDestroyNotify) map_request_free);
  g_task_run_in_thread (task, compute_map);
}

static gboolean
throttle_cb (gpointer user_data)
{
  EntrenaDecisionMapView *self = user_data;

  self->throttle_source = 0;
  schedule (self);

  return G_SOURCE_REMOVE;
}

/* Starts a map for the latest request when the view is on screen, no map
 * is computing and the last one started long enough ago. */
static void
schedule (EntrenaDecisionMapView *self)
{
  gint64 wait;

  self->stale = TRUE;
  if (self->run == NULL || !self->possible || !gtk_widget_get_mapped (GTK_WIDGET (self)) || self->computing != NULL ||
      self->throttle_source != 0)
    return;

  wait = self->last_start + MAP_INTERVAL_MS * G_TIME_SPAN_MILLISECOND - g_get_monotonic_time ();
  if (wait > 0)
    {
      self->throttle_source = g_timeout_add (MAX (1, wait / G_TIME_SPAN_MILLISECOND), throttle_cb, self);
      return;
    }

  start (self);
}

static void
cancel_map (EntrenaDecisionMapView *self)
{
  if (self->computing != NULL)
    {
      g_cancellable_cancel (self->computing);
      g_clear_object (&self->computing);
    }
  g_clear_handle_id (&self->throttle_source, g_source_remove);
}

/* Whether two datasets have the same inputs, so the user's axes carry over. */
static gboolean
same_inputs (const EntrenaDataset *a,
             const EntrenaDataset *b)
{
  if (a->n_features != b->n_features)
    return FALSE;
  for (guint j = 0; j < a->n_features; j++)
    if (!g_str_equal (a->feature_names[j], b->feature_names[j]))
      return FALSE;

  return TRUE;
}

/**
 * entrena_decision_map_view_show:
 * @self: a decision map view
 * @run: (nullable): the run to map, %NULL for none
 * @epoch: the epoch whose weights to map (0 the initial ones); the run's
 *   snapshots must have reached it
 * @settled: whether the run no longer trains or holds paused: the default
 *   axes may then change to the weights shown
 *
 * Maps @run at @epoch, soon.
 */
void
entrena_decision_map_view_show (EntrenaDecisionMapView *self,
                                EntrenaRunResult       *run,
                                guint                   epoch,
                                gboolean                settled)
{
  g_return_if_fail (ENTRENA_IS_DECISION_MAP_VIEW (self));

  if (run != self->run)
    {
      gboolean keep_axes = run != NULL && self->run != NULL && same_inputs (run->dataset, self->run->dataset);

      cancel_map (self);
      g_clear_pointer (&self->run, entrena_run_result_unref);
      g_clear_pointer (&self->plane, entrena_map_plane_unref);
      self->run = run != NULL ? entrena_run_result_ref (run) : NULL;
      if (!keep_axes)
        self->x_user = self->y_user = -1;
      update_axes_choice (self);
      entrena_chart_picture_set_drawing (self->picture, NULL, NULL, NULL);
      gtk_label_set_text (GTK_LABEL (self->placeholder),
                          _("Train to see how the network divides the plane of two inputs between the classes"));
      gtk_widget_set_visible (self->placeholder, TRUE);
      update_description (self, TRUE);
      self->possible = run != NULL && entrena_map_plane_possible (run->dataset);
      if (run != NULL && !self->possible)
        gtk_label_set_text (GTK_LABEL (self->placeholder),
                            _("A decision map needs two numeric input columns, and this data has fewer."));
    }
  else if (epoch == self->epoch && settled == self->settled && !self->stale &&
           (self->computing != NULL || entrena_decision_map_view_get_map (self) != NULL))
    return;

  self->epoch = epoch;
  self->settled = !!settled;
  schedule (self);
}

static void
axis_chosen_cb (EntrenaDecisionMapView *self,
                GParamSpec             *pspec,
                GtkDropDown            *drop)
{
  guint x = gtk_drop_down_get_selected (self->x_drop);
  guint y = gtk_drop_down_get_selected (self->y_drop);

  if (self->syncing || self->axes == NULL || x >= self->axes->len || y >= self->axes->len)
    return;

  /* One input on both axes: the other axis takes the one this one left. */
  if (x == y && self->plane != NULL)
    {
      guint other = axis_position (self, drop == self->x_drop ? self->plane->x_feature : self->plane->y_feature);

      self->syncing = TRUE;
      gtk_drop_down_set_selected (drop == self->x_drop ? self->y_drop : self->x_drop, other);
      self->syncing = FALSE;
      if (drop == self->x_drop)
        y = other;
      else
        x = other;
    }
  if (x == y)
    return;

  entrena_decision_map_view_set_axes (self, g_array_index (self->axes, guint, x),
                                      g_array_index (self->axes, guint, y));
}

/**
 * entrena_decision_map_view_set_axes:
 * @self: a decision map view
 * @x_feature: the horizontal axis, a numeric input of the run's data
 * @y_feature: the vertical axis, another one
 *
 * What the drop-downs do: maps the plane of these two inputs from now on.
 */
void
entrena_decision_map_view_set_axes (EntrenaDecisionMapView *self,
                                    guint                   x_feature,
                                    guint                   y_feature)
{
  g_return_if_fail (ENTRENA_IS_DECISION_MAP_VIEW (self));

  self->x_user = (int) x_feature;
  self->y_user = (int) y_feature;
  schedule (self);
}

static void
entrena_decision_map_view_map (GtkWidget *widget)
{
  EntrenaDecisionMapView *self = ENTRENA_DECISION_MAP_VIEW (widget);

  GTK_WIDGET_CLASS (entrena_decision_map_view_parent_class)->map (widget);

  /* What was asked while off screen. */
  if (self->stale)
    schedule (self);
}

static void
entrena_decision_map_view_dispose (GObject *object)
{
  EntrenaDecisionMapView *self = ENTRENA_DECISION_MAP_VIEW (object);

  cancel_map (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_DECISION_MAP_VIEW);

  G_OBJECT_CLASS (entrena_decision_map_view_parent_class)->dispose (object);
}

static void
entrena_decision_map_view_finalize (GObject *object)
{
  EntrenaDecisionMapView *self = ENTRENA_DECISION_MAP_VIEW (object);

  g_clear_pointer (&self->run, entrena_run_result_unref);
  g_clear_pointer (&self->plane, entrena_map_plane_unref);
  g_clear_pointer (&self->axes, g_array_unref);

  G_OBJECT_CLASS (entrena_decision_map_view_parent_class)->finalize (object);
}

static void
entrena_decision_map_view_class_init (EntrenaDecisionMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_decision_map_view_dispose;
  object_class->finalize = entrena_decision_map_view_finalize;
  widget_class->map = entrena_decision_map_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-decision-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaDecisionMapView, axes_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDecisionMapView, x_drop);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDecisionMapView, y_drop);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDecisionMapView, picture);
  gtk_widget_class_bind_template_child (widget_class, EntrenaDecisionMapView, placeholder);

  g_type_ensure (ENTRENA_TYPE_CHART_PICTURE);
}

static void
entrena_decision_map_view_init (EntrenaDecisionMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->x_user = self->y_user = -1;
  g_signal_connect_object (self->x_drop, "notify::selected", G_CALLBACK (axis_chosen_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->y_drop, "notify::selected", G_CALLBACK (axis_chosen_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
entrena_decision_map_view_new (void)
{
  return g_object_new (ENTRENA_TYPE_DECISION_MAP_VIEW, NULL);
}

/* Returns: (transfer none) (nullable): the map on screen */
EntrenaDecisionMap *
entrena_decision_map_view_get_map (EntrenaDecisionMapView *self)
{
  g_return_val_if_fail (ENTRENA_IS_DECISION_MAP_VIEW (self), NULL);

  return entrena_chart_picture_get_data (self->picture);
}

/* Whether a map is computing or waits to: tests wait for the view to be idle. */
gboolean
entrena_decision_map_view_is_busy (EntrenaDecisionMapView *self)
{
  g_return_val_if_fail (ENTRENA_IS_DECISION_MAP_VIEW (self), FALSE);

  return self->run != NULL && self->possible &&
         (self->computing != NULL || self->throttle_source != 0 || self->stale);
}

/* The accessible description of the map on screen. (transfer full) */
char *
entrena_decision_map_view_dup_description (EntrenaDecisionMapView *self)
{
  EntrenaDecisionMap *map;

  g_return_val_if_fail (ENTRENA_IS_DECISION_MAP_VIEW (self), NULL);

  map = entrena_decision_map_view_get_map (self);
  return map != NULL ? entrena_decision_map_describe (map) : NULL;
}
