/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-network-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "entrena-chart-picture.h"
#include "entrena-network-view.h"

/*
 * EntrenaNetworkView draws the network of a run at an epoch: the live one
 * while training (at most UPDATE_INTERVAL_MS apart, and only while on
 * screen), or the epoch cursor's. The weights come from the run's
 * snapshots, copied under their lock: a memcpy of the parameters, no
 * forward pass. Pointing at a neuron or an edge, or moving through the
 * neurons with the arrow keys, shows its bias or weight under the picture.
 */

#define UPDATE_INTERVAL_MS 100
#define DESCRIBE_INTERVAL_US (500 * G_TIME_SPAN_MILLISECOND)

/* The network shown: the view's, and an unchanging copy for the picture,
 * which draws it on a worker. */
typedef struct
{
  EntrenaNetworkChartData  data;
  EntrenaMlp              *mlp;
  EntrenaRunResult        *run;  /* the names */
} NetworkPicture;

static void
network_picture_free (NetworkPicture *picture)
{
  g_clear_pointer (&picture->mlp, entrena_mlp_free);
  g_clear_pointer (&picture->run, entrena_run_result_unref);
  g_free (picture);
}

struct _EntrenaNetworkView
{
  AdwBin               parent_instance;

  /* Template children */
  EntrenaChartPicture *picture;
  GtkWidget           *placeholder;
  GtkLabel            *detail;

  /* Owned */
  EntrenaRunResult    *run;

  /* Plain state */
  NetworkPicture      *shown;        /* owned; what the picture draws a copy of, or NULL */
  guint                epoch;
  gint64               last_update;
  gint64               last_described;
  guint                throttle_source;
  guint                settled : 1;
  guint                stale : 1;
};

G_DEFINE_FINAL_TYPE (EntrenaNetworkView, entrena_network_view, ADW_TYPE_BIN)

static void schedule (EntrenaNetworkView *self);

/* Hands the picture a copy of what is shown, selection included. */
static void
draw_shown (EntrenaNetworkView *self)
{
  NetworkPicture *copy = g_new0 (NetworkPicture, 1);

  copy->mlp = entrena_mlp_copy (self->shown->mlp);
  copy->run = entrena_run_result_ref (self->shown->run);
  copy->data = self->shown->data;
  copy->data.mlp = copy->mlp;
  entrena_chart_picture_set_drawing (self->picture, entrena_network_chart_draw_func, copy,
                                     (GDestroyNotify) network_picture_free);
}

static void
update_detail (EntrenaNetworkView *self)
{
  g_autofree char *text = NULL;

  if (self->shown != NULL)
    text = entrena_network_chart_describe_selection (&self->shown->data);
  gtk_label_set_text (self->detail, text != NULL ? text :
                      _("Point at a neuron or a weight, or use the arrow keys, to read its value"));
}

static void
update_description (EntrenaNetworkView *self,
                    gboolean            now)
{
  gint64 time = g_get_monotonic_time ();
  g_autofree char *text = NULL;

  if (!now && time - self->last_described < DESCRIBE_INTERVAL_US)
    return;
  self->last_described = time;
  text = self->shown != NULL ? entrena_network_chart_describe (&self->shown->data) : g_strdup ("");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* Copies the weights of the epoch asked for and shows them. */
static void
update (EntrenaNetworkView *self)
{
  const EntrenaTraining *training = self->run->training;
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_copy (training->initial);
  NetworkPicture *picture;
  guint found = self->epoch;

  self->stale = FALSE;
  self->last_update = g_get_monotonic_time ();
  if (training->snapshots != NULL)
    {
      if (!entrena_snapshots_lookup (training->snapshots, self->epoch, mlp->params, &found))
        return;
    }
  else if (!self->settled)
    return;
  else if (self->epoch > 0)
    {
      memcpy (mlp->params, training->mlp->params, mlp->n_params * sizeof (float));
      found = training->n_epochs;
    }

  picture = g_new0 (NetworkPicture, 1);
  picture->mlp = g_steal_pointer (&mlp);
  picture->run = entrena_run_result_ref (self->run);
  picture->data.mlp = picture->mlp;
  picture->data.input_names = (const char * const *) self->run->dataset->feature_names;
  picture->data.class_names = (const char * const *) self->run->dataset->class_names;
  picture->data.epoch = found;
  /* The selection stays on the same neuron or weight from epoch to epoch. */
  picture->data.selected_column = self->shown != NULL ? self->shown->data.selected_column : -1;
  picture->data.selected_neuron = self->shown != NULL ? self->shown->data.selected_neuron : -1;
  picture->data.selected_from = self->shown != NULL ? self->shown->data.selected_from : -1;

  g_clear_pointer (&self->shown, network_picture_free);
  self->shown = picture;
  draw_shown (self);
  gtk_widget_set_visible (self->placeholder, FALSE);
  update_detail (self);
  update_description (self, self->settled);
}

static gboolean
throttle_cb (gpointer user_data)
{
  EntrenaNetworkView *self = user_data;

  self->throttle_source = 0;
  schedule (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (EntrenaNetworkView *self)
{
  gint64 wait;

  self->stale = TRUE;
  if (self->run == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) || self->throttle_source != 0)
    return;

  wait = self->last_update + UPDATE_INTERVAL_MS * G_TIME_SPAN_MILLISECOND - g_get_monotonic_time ();
  if (wait > 0 && !self->settled)
    {
      self->throttle_source = g_timeout_add (MAX (1, wait / G_TIME_SPAN_MILLISECOND), throttle_cb, self);
      return;
    }

  update (self);
}

/**
 * entrena_network_view_show:
 * @self: a network view
 * @run: (nullable): the run to draw, %NULL for none
 * @epoch: the epoch whose weights to draw (0 the initial ones)
 * @settled: whether the run no longer trains or holds paused
 *
 * Draws the network of @run at @epoch, soon.
 */
void
entrena_network_view_show (EntrenaNetworkView *self,
                           EntrenaRunResult   *run,
                           guint               epoch,
                           gboolean            settled)
{
  g_return_if_fail (ENTRENA_IS_NETWORK_VIEW (self));

  if (run != self->run)
    {
      g_clear_handle_id (&self->throttle_source, g_source_remove);
      g_clear_pointer (&self->run, entrena_run_result_unref);
      self->run = run != NULL ? entrena_run_result_ref (run) : NULL;
      g_clear_pointer (&self->shown, network_picture_free);
      entrena_chart_picture_set_drawing (self->picture, NULL, NULL, NULL);
      gtk_widget_set_visible (self->placeholder, TRUE);
      update_detail (self);
      update_description (self, TRUE);
    }
  else if (self->shown != NULL && epoch == self->epoch && settled == self->settled && !self->stale)
    return;

  self->epoch = epoch;
  self->settled = !!settled;
  schedule (self);
}

/**
 * entrena_network_view_select:
 * @self: a network view
 * @column: a column of the picture (0 the inputs), -1 for none
 * @neuron: a neuron of that column
 * @from: a neuron of the column before, for the weight between them; -1
 *   for the neuron itself
 *
 * Shows a neuron's bias or a weight under the picture, as pointing at it does.
 */
void
entrena_network_view_select (EntrenaNetworkView *self,
                             int                 column,
                             int                 neuron,
                             int                 from)
{
  EntrenaNetworkChartData *data;

  g_return_if_fail (ENTRENA_IS_NETWORK_VIEW (self));

  if (self->shown == NULL)
    return;
  data = &self->shown->data;
  if (column >= (int) data->mlp->n_layers + 1 || (column >= 0 && neuron >= (int) data->mlp->sizes[column]) ||
      (from >= 0 && (column < 1 || from >= (int) data->mlp->sizes[column - 1])))
    return;
  if (data->selected_column == column && data->selected_neuron == neuron && data->selected_from == from)
    return;

  data->selected_column = column;
  data->selected_neuron = column >= 0 ? neuron : -1;
  data->selected_from = column >= 0 ? from : -1;
  draw_shown (self);
  update_detail (self);
}

static gboolean
current_layout (EntrenaNetworkView        *self,
                EntrenaNetworkChartLayout *layout)
{
  if (self->shown == NULL)
    return FALSE;
  entrena_network_chart_layout (&self->shown->data, gtk_widget_get_width (GTK_WIDGET (self->picture)),
                                gtk_widget_get_height (GTK_WIDGET (self->picture)), layout);
  return TRUE;
}

static void
motion_cb (EntrenaNetworkView       *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  EntrenaNetworkChartLayout layout;
  int column, neuron, from;

  if (!current_layout (self, &layout))
    return;
  if (entrena_network_chart_hit (&self->shown->data, &layout, x, y, &column, &neuron, &from))
    entrena_network_view_select (self, column, neuron, from);
  else if (!gtk_widget_has_focus (GTK_WIDGET (self->picture)))
    entrena_network_view_select (self, -1, -1, -1);
}

static void
leave_cb (EntrenaNetworkView       *self,
          GtkEventControllerMotion *controller)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self->picture)))
    entrena_network_view_select (self, -1, -1, -1);
}

/* The position of the selected neuron among its column's shown ones. */
static guint
shown_position (const EntrenaNetworkChartLayout *layout,
                guint                            column,
                int                              neuron)
{
  for (guint i = 0; i < layout->n_shown[column]; i++)
    if ((int) layout->shown[column][i] == neuron)
      return i;

  return 0;
}

/* The arrow keys move through the neurons shown: up and down in a layer,
 * left and right from layer to layer. */
static gboolean
key_pressed_cb (EntrenaNetworkView    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  EntrenaNetworkChartLayout layout;
  const EntrenaNetworkChartData *data;
  int column;
  guint position;

  if (!current_layout (self, &layout) || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  data = &self->shown->data;
  column = MAX (data->selected_column, 0);
  position = data->selected_column >= 0 ? shown_position (&layout, (guint) column, data->selected_neuron) : 0;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      position = position > 0 ? position - 1 : 0;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      position++;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      column = MAX (column - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      column = MIN (column + 1, (int) layout.n_columns - 1);
      break;
    default:
      return FALSE;
    }
  if (data->selected_column < 0)
    column = 0, position = 0;
  position = MIN (position, layout.n_shown[column] - 1);
  entrena_network_view_select (self, column, (int) layout.shown[column][position], -1);

  return TRUE;
}

static void
entrena_network_view_map (GtkWidget *widget)
{
  EntrenaNetworkView *self = ENTRENA_NETWORK_VIEW (widget);

  GTK_WIDGET_CLASS (entrena_network_view_parent_class)->map (widget);

  if (self->stale)
    schedule (self);
}

static void
entrena_network_view_dispose (GObject *object)
{
  EntrenaNetworkView *self = ENTRENA_NETWORK_VIEW (object);

  g_clear_handle_id (&self->throttle_source, g_source_remove);
  g_clear_pointer (&self->shown, network_picture_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_NETWORK_VIEW);

  G_OBJECT_CLASS (entrena_network_view_parent_class)->dispose (object);
}

static void
entrena_network_view_finalize (GObject *object)
{
  EntrenaNetworkView *self = ENTRENA_NETWORK_VIEW (object);

  g_clear_pointer (&self->run, entrena_run_result_unref);

  G_OBJECT_CLASS (entrena_network_view_parent_class)->finalize (object);
}

static void
entrena_network_view_class_init (EntrenaNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_network_view_dispose;
  object_class->finalize = entrena_network_view_finalize;
  widget_class->map = entrena_network_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/entrena-network-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaNetworkView, picture);
  gtk_widget_class_bind_template_child (widget_class, EntrenaNetworkView, placeholder);
  gtk_widget_class_bind_template_child (widget_class, EntrenaNetworkView, detail);

  g_type_ensure (ENTRENA_TYPE_CHART_PICTURE);
}

static void
entrena_network_view_init (EntrenaNetworkView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->picture), motion);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->picture), keys);
}

GtkWidget *
entrena_network_view_new (void)
{
  return g_object_new (ENTRENA_TYPE_NETWORK_VIEW, NULL);
}

/* Returns: (transfer none) (nullable): what the picture shows */
const EntrenaNetworkChartData *
entrena_network_view_get_data (EntrenaNetworkView *self)
{
  g_return_val_if_fail (ENTRENA_IS_NETWORK_VIEW (self), NULL);

  return self->shown != NULL ? &self->shown->data : NULL;
}

/* Whether a drawing waits to be updated: tests wait for the view to be idle. */
gboolean
entrena_network_view_is_busy (EntrenaNetworkView *self)
{
  g_return_val_if_fail (ENTRENA_IS_NETWORK_VIEW (self), FALSE);

  return self->run != NULL && (self->throttle_source != 0 || self->stale);
}
