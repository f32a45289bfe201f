/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-loss-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "entrena-chart-theme.h"
#include "entrena-loss-chart.h"

/*
 * EntrenaLossChart shows the training and test loss, one point per epoch, as
 * training goes, or (with show-accuracy) the training and test accuracy. It
 * marks the epoch cursor's epoch. It keeps the points and the convergence
 * markers and leaves
 * the drawing to the shared renderer (src/chart), which also draws the
 * exported charts, so the screen and a file always agree.
 *
 * Colours come from the theme in css_changed. The pointer, or the arrow keys
 * when the chart has the focus, pick an epoch whose values the chart shows.
 * A screen reader hears a summary from entrena_chart_describe().
 */

/* The accessible description follows the points at most this often. */
#define DESCRIBE_INTERVAL_MS 500

struct _EntrenaLossChart
{
  GtkWidget               parent_instance;

  /* Owned */
  GArray                 *train_loss;     /* float, [n_points] */
  GArray                 *test_loss;      /* float, [n_points] */
  GArray                 *train_accuracy; /* float, [n_points] */
  GArray                 *test_accuracy;  /* float, [n_points] */
  GArray                 *val_loss;       /* float, [n_points], NaN without validation rows */
  GArray                 *val_accuracy;   /* float, [n_points] */
  char                   *font_family;
  PangoContext           *pango_context;  /* the text's, kept between frames */

  /* Plain state */
  EntrenaChartStyle       style;
  EntrenaChartGeometry    geometry;       /* of the last drawing */
  EntrenaConvergence      convergence;    /* final, or live while running */
  guint                   total_epochs;
  guint                   stopped_epoch;  /* early stopping's, 0 for none */
  guint                   best_val_epoch;
  int                     hover_epoch;    /* -1 for none */
  int                     cursor_epoch;   /* -1 for none */
  guint                   describe_source;
  guint                   running : 1;
  guint                   log_scale : 1;
  guint                   have_geometry : 1;
  guint                   final_convergence : 1;  /* from the engine, not live */
  guint                   convergence_dirty : 1;  /* live analysis out of date */
  guint                   show_accuracy : 1;
  guint                   validation : 1;         /* the points have validation values */
};

G_DEFINE_FINAL_TYPE (EntrenaLossChart, entrena_loss_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG_SCALE,
  PROP_RUNNING,
  PROP_HOVER_EPOCH,
  PROP_SHOW_ACCURACY,
  PROP_CURSOR_EPOCH,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* Convergence */

static void
update_convergence (EntrenaLossChart *self)
{
  if (self->final_convergence || !self->convergence_dirty)
    return;

  self->convergence_dirty = FALSE;
  if (self->train_loss->len == 0)
    {
      memset (&self->convergence, 0, sizeof self->convergence);
      self->convergence.state = ENTRENA_CONVERGENCE_STILL_IMPROVING;
      return;
    }

  /* The engine's own rule on the points so far: the marker a class sees while
   * training is the one the finished run would get if it ended now. */
  entrena_convergence_analyze ((const float *) self->train_loss->data,
                               (const float *) self->test_loss->data,
                               self->train_loss->len,
                               &self->convergence);
}

/* Accessibility */

static void
update_label (EntrenaLossChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->show_accuracy ? _("Accuracy chart") : _("Loss chart"),
                                  -1);
}

static void
update_description (EntrenaLossChart *self)
{
  g_autofree char *description = entrena_loss_chart_dup_description (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static gboolean
describe_cb (gpointer user_data)
{
  EntrenaLossChart *self = user_data;

  self->describe_source = 0;
  update_description (self);

  return G_SOURCE_REMOVE;
}

static void
queue_description (EntrenaLossChart *self)
{
  if (self->describe_source == 0)
    self->describe_source = g_timeout_add (DESCRIBE_INTERVAL_MS, describe_cb, self);
}

static void
flush_description (EntrenaLossChart *self)
{
  g_clear_handle_id (&self->describe_source, g_source_remove);
  update_description (self);
}

/* Colours */

/* Input */

static void
motion_cb (EntrenaLossChart         *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  int epoch = -1;

  if (self->have_geometry)
    epoch = entrena_chart_geometry_epoch_at_x (&self->geometry, x, self->train_loss->len);

  entrena_loss_chart_set_hover_epoch (self, epoch);
}

static void
leave_cb (EntrenaLossChart         *self,
          GtkEventControllerMotion *controller)
{
  entrena_loss_chart_set_hover_epoch (self, -1);
}

static gboolean
key_pressed_cb (EntrenaLossChart      *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  int n = (int) self->train_loss->len;
  int epoch = self->hover_epoch;
  int step = (state & GDK_CONTROL_MASK) ? MAX (1, n / 10) : 1;

  if (n == 0)
    return FALSE;

  /* Keyboard users step through the epochs the way a pointer hovers over them. */
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      epoch = epoch < 1 ? n : MAX (1, epoch - step);
      break;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      epoch = epoch < 1 ? 1 : MIN (n, epoch + step);
      break;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      epoch = 1;
      break;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      epoch = n;
      break;

    default:
      return FALSE;
    }

  entrena_loss_chart_set_hover_epoch (self, epoch);

  return TRUE;
}

static void
focus_leave_cb (EntrenaLossChart        *self,
                GtkEventControllerFocus *controller)
{
  entrena_loss_chart_set_hover_epoch (self, -1);
}

/* GtkWidget */

static void
entrena_loss_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  EntrenaLossChart *self = ENTRENA_LOSS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  EntrenaChartData data;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  entrena_loss_chart_get_data (self, &data);
  /* Before training the window lays its own placeholder over the chart. */
  data.empty_message = data.running;
  self->style.font_scale = entrena_chart_theme_font_scale (widget, width, height);
  self->style.zoom = entrena_chart_theme_zoom (widget);
  /* Looking the fonts up again at every frame costs milliseconds. */
  if (self->pango_context == NULL)
    self->pango_context = entrena_chart_pango_context_new ();
  self->style.pango_context = self->pango_context;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  entrena_chart_draw (cr, &data, &self->style, width, height,
                      gtk_widget_get_scale_factor (widget), &self->geometry);
  cairo_destroy (cr);

  self->have_geometry = TRUE;
}

static void
entrena_loss_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  /* Room for the axis labels and a curve one can read; it grows with its pane. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 560;
    }
  else
    {
      *minimum = 200;
      *natural = 340;
    }
}

static void
entrena_loss_chart_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  EntrenaLossChart *self = ENTRENA_LOSS_CHART (widget);

  GTK_WIDGET_CLASS (entrena_loss_chart_parent_class)->css_changed (widget, change);

  /* A new font or theme: the text's context starts afresh too. */
  entrena_chart_theme_style (widget, &self->style, &self->font_family);
  g_clear_object (&self->pango_context);
  gtk_widget_queue_draw (widget);
}

/* GObject */

static void
entrena_loss_chart_dispose (GObject *object)
{
  EntrenaLossChart *self = (EntrenaLossChart *) object;

  g_clear_handle_id (&self->describe_source, g_source_remove);

  G_OBJECT_CLASS (entrena_loss_chart_parent_class)->dispose (object);
}

static void
entrena_loss_chart_finalize (GObject *object)
{
  EntrenaLossChart *self = (EntrenaLossChart *) object;

  g_clear_pointer (&self->train_loss, g_array_unref);
  g_clear_pointer (&self->test_loss, g_array_unref);
  g_clear_pointer (&self->train_accuracy, g_array_unref);
  g_clear_pointer (&self->val_loss, g_array_unref);
  g_clear_pointer (&self->val_accuracy, g_array_unref);
  g_clear_pointer (&self->test_accuracy, g_array_unref);
  g_clear_pointer (&self->font_family, g_free);
  g_clear_object (&self->pango_context);

  G_OBJECT_CLASS (entrena_loss_chart_parent_class)->finalize (object);
}

static void
entrena_loss_chart_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EntrenaLossChart *self = ENTRENA_LOSS_CHART (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_HOVER_EPOCH:
      g_value_set_int (value, self->hover_epoch);
      break;

    case PROP_SHOW_ACCURACY:
      g_value_set_boolean (value, self->show_accuracy);
      break;

    case PROP_CURSOR_EPOCH:
      g_value_set_int (value, self->cursor_epoch);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_loss_chart_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EntrenaLossChart *self = ENTRENA_LOSS_CHART (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      entrena_loss_chart_set_log_scale (self, g_value_get_boolean (value));
      break;

    case PROP_RUNNING:
      entrena_loss_chart_set_running (self, g_value_get_boolean (value));
      break;

    case PROP_HOVER_EPOCH:
      entrena_loss_chart_set_hover_epoch (self, g_value_get_int (value));
      break;

    case PROP_SHOW_ACCURACY:
      entrena_loss_chart_set_show_accuracy (self, g_value_get_boolean (value));
      break;

    case PROP_CURSOR_EPOCH:
      entrena_loss_chart_set_cursor_epoch (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_loss_chart_class_init (EntrenaLossChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_loss_chart_dispose;
  object_class->finalize = entrena_loss_chart_finalize;
  object_class->get_property = entrena_loss_chart_get_property;
  object_class->set_property = entrena_loss_chart_set_property;

  widget_class->snapshot = entrena_loss_chart_snapshot;
  widget_class->measure = entrena_loss_chart_measure;
  widget_class->css_changed = entrena_loss_chart_css_changed;

  /**
   * EntrenaLossChart:log-scale:
   *
   * Whether the loss axis is logarithmic.
   */
  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaLossChart:running:
   *
   * Whether training is under way: the markers are then a live estimate.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaLossChart:hover-epoch:
   *
   * The epoch whose values are shown, under the pointer or picked with the
   * arrow keys; -1 for none.
   */
  properties[PROP_HOVER_EPOCH] =
    g_param_spec_int ("hover-epoch", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaLossChart:show-accuracy:
   *
   * Whether the chart shows the accuracy curves instead of the loss curves.
   */
  properties[PROP_SHOW_ACCURACY] =
    g_param_spec_boolean ("show-accuracy", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaLossChart:cursor-epoch:
   *
   * The epoch the epoch cursor marks with a line, 0 for the initial
   * weights; -1 for none.
   */
  properties[PROP_CURSOR_EPOCH] =
    g_param_spec_int ("cursor-epoch", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "losschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
entrena_loss_chart_init (EntrenaLossChart *self)
{
  GtkEventController *controller;

  self->train_loss = g_array_new (FALSE, FALSE, sizeof (float));
  self->test_loss = g_array_new (FALSE, FALSE, sizeof (float));
  self->train_accuracy = g_array_new (FALSE, FALSE, sizeof (float));
  self->val_loss = g_array_new (FALSE, FALSE, sizeof (float));
  self->val_accuracy = g_array_new (FALSE, FALSE, sizeof (float));
  self->test_accuracy = g_array_new (FALSE, FALSE, sizeof (float));
  self->hover_epoch = -1;
  self->cursor_epoch = -1;
  self->convergence.state = ENTRENA_CONVERGENCE_STILL_IMPROVING;
  entrena_chart_style_init_default (&self->style);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  update_label (self);
  update_description (self);
}

/**
 * entrena_loss_chart_new:
 *
 * Returns: (transfer floating): an empty loss chart
 */
GtkWidget *
entrena_loss_chart_new (void)
{
  return g_object_new (ENTRENA_TYPE_LOSS_CHART, NULL);
}

/**
 * entrena_loss_chart_reset:
 * @self: a loss chart
 * @total_epochs: how many epochs the coming run plans, the extent of the
 *   epoch axis; 0 for an empty chart
 *
 * Forgets the points and markers, for a new run.
 */
void
entrena_loss_chart_reset (EntrenaLossChart *self,
                          guint             total_epochs)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  g_array_set_size (self->train_loss, 0);
  g_array_set_size (self->test_loss, 0);
  g_array_set_size (self->train_accuracy, 0);
  g_array_set_size (self->val_loss, 0);
  g_array_set_size (self->val_accuracy, 0);
  self->validation = FALSE;
  self->stopped_epoch = self->best_val_epoch = 0;
  g_array_set_size (self->test_accuracy, 0);
  self->total_epochs = total_epochs;
  memset (&self->convergence, 0, sizeof self->convergence);
  self->convergence.state = ENTRENA_CONVERGENCE_STILL_IMPROVING;
  self->final_convergence = FALSE;
  self->convergence_dirty = FALSE;
  entrena_loss_chart_set_hover_epoch (self, -1);
  entrena_loss_chart_set_cursor_epoch (self, -1);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  flush_description (self);
}

/**
 * entrena_loss_chart_append:
 * @self: a loss chart
 * @train_loss: the next epoch's training loss
 * @test_loss: its test loss, NAN without test rows
 *
 * Adds the next epoch's point. Cheap: the chart redraws once per frame
 * however many points arrive in it.
 */
void
entrena_loss_chart_append (EntrenaLossChart *self,
                           double            train_loss,
                           double            test_loss)
{
  EntrenaEpoch record = {
    .epoch = self->train_loss->len + 1,
    .train_loss = (float) train_loss,
    .test_loss = (float) test_loss,
    .test_accuracy = NAN,
    .train_accuracy = NAN,
    .val_loss = NAN,
    .val_accuracy = NAN,
  };

  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  entrena_loss_chart_append_epoch (self, &record);
}

/**
 * entrena_loss_chart_append_epoch:
 * @self: a loss chart
 * @record: the next epoch's record: its losses and accuracies (test ones
 *   NAN without test rows)
 *
 * Adds the next epoch's points to both views. Cheap: the chart redraws once
 * per frame however many points arrive in it.
 */
void
entrena_loss_chart_append_epoch (EntrenaLossChart   *self,
                                 const EntrenaEpoch *record)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));
  g_return_if_fail (record != NULL);

  g_array_append_val (self->train_loss, record->train_loss);
  g_array_append_val (self->test_loss, record->test_loss);
  g_array_append_val (self->train_accuracy, record->train_accuracy);
  g_array_append_val (self->val_loss, record->val_loss);
  g_array_append_val (self->val_accuracy, record->val_accuracy);
  self->validation = self->validation || !isnan (record->val_loss);
  g_array_append_val (self->test_accuracy, record->test_accuracy);
  if (self->train_loss->len > self->total_epochs)
    self->total_epochs = self->train_loss->len;
  self->convergence_dirty = TRUE;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_description (self);
}

guint
entrena_loss_chart_get_n_points (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), 0);

  return self->train_loss->len;
}

gboolean
entrena_loss_chart_get_running (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), FALSE);

  return self->running;
}

void
entrena_loss_chart_set_running (EntrenaLossChart *self,
                                gboolean          running)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  running = !!running;
  if (self->running == running)
    return;

  self->running = running;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  flush_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * entrena_loss_chart_set_convergence:
 * @self: a loss chart
 * @convergence: (nullable): the engine's verdict on the finished run, or
 *   %NULL to go back to the live estimate from the points
 *
 * Places the markers where the engine put them.
 */
void
entrena_loss_chart_set_convergence (EntrenaLossChart         *self,
                                    const EntrenaConvergence *convergence)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  if (convergence != NULL)
    {
      self->convergence = *convergence;
      self->final_convergence = TRUE;
    }
  else
    {
      self->final_convergence = FALSE;
      self->convergence_dirty = TRUE;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  flush_description (self);
}

/**
 * entrena_loss_chart_get_suggested_epoch:
 * @self: a loss chart
 *
 * Returns: the epoch of the convergence marker, 0 for none
 */
guint
entrena_loss_chart_get_suggested_epoch (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), 0);

  update_convergence (self);

  return self->convergence.suggested_epoch;
}

/**
 * entrena_loss_chart_get_best_test_epoch:
 * @self: a loss chart
 *
 * Returns: the epoch of the lowest-test-loss marker, 0 for none
 */
guint
entrena_loss_chart_get_best_test_epoch (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), 0);

  update_convergence (self);

  return self->convergence.best_test_epoch;
}

EntrenaConvergenceState
entrena_loss_chart_get_state (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), ENTRENA_CONVERGENCE_STILL_IMPROVING);

  update_convergence (self);

  return self->convergence.state;
}

gboolean
entrena_loss_chart_get_log_scale (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), FALSE);

  return self->log_scale;
}

void
entrena_loss_chart_set_log_scale (EntrenaLossChart *self,
                                  gboolean          log_scale)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;

  self->log_scale = log_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

int
entrena_loss_chart_get_hover_epoch (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), -1);

  return self->hover_epoch;
}

void
entrena_loss_chart_set_hover_epoch (EntrenaLossChart *self,
                                    int               epoch)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  if (epoch < 1 || epoch > (int) self->train_loss->len)
    epoch = -1;

  if (self->hover_epoch == epoch)
    return;

  self->hover_epoch = epoch;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_EPOCH]);
}

/**
 * entrena_loss_chart_set_early_stop:
 * @self: a loss chart
 * @stopped_epoch: the epoch at which early stopping ended the run, 0 for none
 * @best_val_epoch: the epoch whose weights it kept
 *
 * Marks where early stopping ended the run ("Stopped at N, weights from
 * epoch M"), until the next reset.
 */
void
entrena_loss_chart_set_early_stop (EntrenaLossChart *self,
                                   guint             stopped_epoch,
                                   guint             best_val_epoch)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  self->stopped_epoch = stopped_epoch;
  self->best_val_epoch = stopped_epoch > 0 ? best_val_epoch : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_description (self);
}

/**
 * entrena_loss_chart_get_data:
 * @self: a loss chart
 * @data: (out caller-allocates): what the chart shows; the arrays are
 *   borrowed and valid until the next change to the chart
 *
 * What the chart draws, for drawing it elsewhere (exports).
 */
void
entrena_loss_chart_get_data (EntrenaLossChart *self,
                             EntrenaChartData *data)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));
  g_return_if_fail (data != NULL);

  update_convergence (self);

  entrena_chart_data_init (data);
  data->train_loss = (const float *) self->train_loss->data;
  data->test_loss = (const float *) self->test_loss->data;
  data->n_epochs = self->train_loss->len;
  data->total_epochs = MAX (self->total_epochs, self->train_loss->len);
  data->suggested_epoch = self->convergence.suggested_epoch;
  data->best_test_epoch = self->convergence.best_test_epoch;
  data->state = self->convergence.state;
  data->diverged_epoch = self->convergence.diverged_epoch;
  data->log_scale = self->log_scale;
  data->hover_epoch = self->hover_epoch;
  data->running = self->running;
  data->kind = self->show_accuracy ? ENTRENA_CHART_ACCURACY : ENTRENA_CHART_LOSS;
  data->train_accuracy = (const float *) self->train_accuracy->data;
  data->test_accuracy = (const float *) self->test_accuracy->data;
  if (self->validation)
    {
      data->val_loss = (const float *) self->val_loss->data;
      data->val_accuracy = (const float *) self->val_accuracy->data;
    }
  data->stopped_epoch = self->stopped_epoch;
  data->best_val_epoch = self->best_val_epoch;
  data->cursor_epoch = self->cursor_epoch;
  _entrena_loss_chart_apply_compare (self, data);
}

/**
 * entrena_loss_chart_dup_description:
 * @self: a loss chart
 *
 * Returns: (transfer full): what the chart shows, in words and figures
 */
char *
entrena_loss_chart_dup_description (EntrenaLossChart *self)
{
  EntrenaChartData data;

  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), NULL);

  entrena_loss_chart_get_data (self, &data);
  data.hover_epoch = -1;

  return entrena_chart_describe (&data);
}

gboolean
entrena_loss_chart_get_show_accuracy (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), FALSE);

  return self->show_accuracy;
}

/**
 * entrena_loss_chart_set_show_accuracy:
 * @self: a loss chart
 * @show_accuracy: show the accuracy curves, or the loss curves
 *
 * Switches the view; its accessible name ("Loss chart", "Accuracy chart")
 * and description follow.
 */
void
entrena_loss_chart_set_show_accuracy (EntrenaLossChart *self,
                                      gboolean          show_accuracy)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  show_accuracy = !!show_accuracy;
  if (self->show_accuracy == show_accuracy)
    return;

  self->show_accuracy = show_accuracy;
  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  flush_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ACCURACY]);
}

int
entrena_loss_chart_get_cursor_epoch (EntrenaLossChart *self)
{
  g_return_val_if_fail (ENTRENA_IS_LOSS_CHART (self), -1);

  return self->cursor_epoch;
}

/**
 * entrena_loss_chart_set_cursor_epoch:
 * @self: a loss chart
 * @epoch: the epoch to mark, 0 for the initial weights, -1 for none
 *
 * Marks the epoch cursor's epoch with a line.
 */
void
entrena_loss_chart_set_cursor_epoch (EntrenaLossChart *self,
                                     int               epoch)
{
  g_return_if_fail (ENTRENA_IS_LOSS_CHART (self));

  epoch = MAX (epoch, -1);
  if (self->cursor_epoch == epoch)
    return;

  self->cursor_epoch = epoch;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_EPOCH]);
}
