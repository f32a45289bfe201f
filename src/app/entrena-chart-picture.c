/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart-picture"

#include "config.h"

#include "entrena-chart-picture.h"
#include "entrena-chart-theme.h"

/*
 * EntrenaChartPicture shows a picture the chart library draws (a decision
 * map, the network) in the theme's colours: the same drawing as its export,
 * on the window's style. What it shows, and its accessible name and
 * description, are its owner's; it is an image to assistive technologies.
 *
 * The picture is drawn on a worker thread into an image at the widget's size
 * and scale (thousands of marks or hundreds of wide edges take cairo longer
 * than a frame); the main thread only paints the last image that is ready.
 * What it draws is never changed once handed over: a new drawing replaces it.
 */

/* A drawing and its data, shared with the worker that draws it. */
typedef struct
{
  EntrenaChartDrawFunc  draw;
  gpointer              data;
  GDestroyNotify        destroy;
} Drawing;

static void
drawing_clear (Drawing *drawing)
{
  if (drawing->destroy != NULL && drawing->data != NULL)
    drawing->destroy (drawing->data);
}

static Drawing *
drawing_ref (Drawing *drawing)
{
  return g_rc_box_acquire (drawing);
}

/* Only ever on the main thread: @destroy may not be safe elsewhere. */
static void
drawing_unref (Drawing *drawing)
{
  g_rc_box_release_full (drawing, (GDestroyNotify) drawing_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Drawing, drawing_unref)

/* What the worker draws: the drawing at a size, scale and style. */
typedef struct
{
  Drawing           *drawing;
  EntrenaChartStyle  style;
  char              *font_family;
  int                width;
  int                height;
  int                scale;
  guint              generation;
} ImageJob;

static void
image_job_free (ImageJob *job)
{
  g_clear_pointer (&job->drawing, drawing_unref);
  g_free (job->font_family);
  g_free (job);
}

struct _EntrenaChartPicture
{
  GtkWidget          parent_instance;

  Drawing           *drawing;       /* nullable */
  EntrenaChartStyle  style;
  char              *font_family;
  guint              generation;    /* counts what changes the picture */

  cairo_surface_t   *image;         /* the last drawn, nullable */
  guint              image_generation;
  GCancellable      *cancellable;   /* of the image being drawn, or NULL */
};

G_DEFINE_FINAL_TYPE (EntrenaChartPicture, entrena_chart_picture, GTK_TYPE_WIDGET)

static void request_image (EntrenaChartPicture *self);

static void
draw_image (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  ImageJob *job = task_data;
  cairo_surface_t *image;
  cairo_t *cr;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width * job->scale, job->height * job->scale);
  cairo_surface_set_device_scale (image, job->scale, job->scale);
  cr = cairo_create (image);
  job->style.font_family = job->font_family;
  job->drawing->draw (cr, job->drawing->data, &job->style, job->width, job->height, job->scale);
  cairo_destroy (cr);
  cairo_surface_flush (image);

  g_task_return_pointer (task, image, (GDestroyNotify) cairo_surface_destroy);
}

static void
image_drawn_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* Held for the task and let go of here: the task itself may be freed on
   * the worker, where a widget must never be finalized. */
  g_autoptr(EntrenaChartPicture) self = user_data;
  ImageJob *job = g_task_get_task_data (G_TASK (result));
  cairo_surface_t *image = g_task_propagate_pointer (G_TASK (result), NULL);

  /* The drawing's data is let go of here, on the main thread. */
  g_clear_pointer (&job->drawing, drawing_unref);

  /* A picture that replaced its drawing cancelled this one. */
  if (image == NULL)
    return;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  self->image = image;
  self->image_generation = job->generation;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  /* The picture changed while this image was drawn: the next one. */
  if (job->generation != self->generation)
    request_image (self);
}

/* Has the worker draw the current drawing at the current size, unless it is
 * drawing one already (its completion asks again if that one is stale). */
static void
request_image (EntrenaChartPicture *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GTask) task = NULL;
  ImageJob *job;

  if (self->drawing == NULL || width <= 0 || height <= 0 || self->cancellable != NULL ||
      (self->image != NULL && self->image_generation == self->generation))
    return;

  job = g_new0 (ImageJob, 1);
  job->drawing = drawing_ref (self->drawing);
  job->style = self->style;
  job->style.font_scale = entrena_chart_theme_font_scale (widget, width, height);
  job->font_family = g_strdup (self->font_family);
  job->width = width;
  job->height = height;
  job->scale = MAX (1, gtk_widget_get_scale_factor (widget));
  job->generation = self->generation;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, image_drawn_cb, g_object_ref (self));
  g_task_set_source_tag (task, request_image);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) image_job_free);
  g_task_run_in_thread (task, draw_image);
}

/* Something the picture depends on changed: draw it again. */
static void
invalidate (EntrenaChartPicture *self)
{
  self->generation++;
  request_image (self);
}

static void
entrena_chart_picture_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  EntrenaChartPicture *self = ENTRENA_CHART_PICTURE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double image_width;
  double image_height;
  double x_scale;
  double y_scale;
  cairo_t *cr;

  if (self->drawing == NULL || self->image == NULL || width <= 0 || height <= 0)
    return;

  /* The last image, stretched to the size until the next one is ready. */
  cairo_surface_get_device_scale (self->image, &x_scale, &y_scale);
  image_width = cairo_image_surface_get_width (self->image) / x_scale;
  image_height = cairo_image_surface_get_height (self->image) / y_scale;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (image_width != width || image_height != height)
    cairo_scale (cr, width / image_width, height / image_height);
  cairo_set_source_surface (cr, self->image, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static void
entrena_chart_picture_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  EntrenaChartPicture *self = ENTRENA_CHART_PICTURE (widget);
  double x_scale = 1;
  double y_scale = 1;

  if (self->image != NULL)
    cairo_surface_get_device_scale (self->image, &x_scale, &y_scale);
  if (self->image == NULL ||
      cairo_image_surface_get_width (self->image) != (int) (width * x_scale) ||
      cairo_image_surface_get_height (self->image) != (int) (height * y_scale) ||
      (int) x_scale != gtk_widget_get_scale_factor (widget))
    invalidate (self);
}

static void
entrena_chart_picture_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  /* As the loss chart: readable axes, and it grows with its pane. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 280 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 340;
}

static void
entrena_chart_picture_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  EntrenaChartPicture *self = ENTRENA_CHART_PICTURE (widget);

  GTK_WIDGET_CLASS (entrena_chart_picture_parent_class)->css_changed (widget, change);

  entrena_chart_theme_style (widget, &self->style, &self->font_family);
  invalidate (self);
}

static void
clear_drawing (EntrenaChartPicture *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_pointer (&self->drawing, drawing_unref);
}

static void
entrena_chart_picture_finalize (GObject *object)
{
  EntrenaChartPicture *self = ENTRENA_CHART_PICTURE (object);

  clear_drawing (self);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_free (self->font_family);

  G_OBJECT_CLASS (entrena_chart_picture_parent_class)->finalize (object);
}

static void
entrena_chart_picture_class_init (EntrenaChartPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = entrena_chart_picture_finalize;
  widget_class->snapshot = entrena_chart_picture_snapshot;
  widget_class->measure = entrena_chart_picture_measure;
  widget_class->size_allocate = entrena_chart_picture_size_allocate;
  widget_class->css_changed = entrena_chart_picture_css_changed;

  gtk_widget_class_set_css_name (widget_class, "chartpicture");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
entrena_chart_picture_init (EntrenaChartPicture *self)
{
  entrena_chart_style_init_default (&self->style);
  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (invalidate), self);
}

GtkWidget *
entrena_chart_picture_new (void)
{
  return g_object_new (ENTRENA_TYPE_CHART_PICTURE, NULL);
}

/**
 * entrena_chart_picture_set_drawing:
 * @self: a picture
 * @draw: (nullable): draws @data; %NULL shows nothing
 * @data: what to draw
 * @destroy: (nullable): frees @data when it is replaced
 *
 * Shows @data drawn by @draw, in the theme's style.
 */
void
entrena_chart_picture_set_drawing (EntrenaChartPicture  *self,
                                   EntrenaChartDrawFunc  draw,
                                   gpointer              data,
                                   GDestroyNotify        destroy)
{
  g_return_if_fail (ENTRENA_IS_CHART_PICTURE (self));

  clear_drawing (self);
  if (draw != NULL)
    {
      self->drawing = g_rc_box_new0 (Drawing);
      self->drawing->draw = draw;
      self->drawing->data = data;
      self->drawing->destroy = destroy;
    }
  else if (destroy != NULL && data != NULL)
    destroy (data);
  /* Nothing to draw shows nothing at once; a new drawing replaces the last
   * image when it is ready. */
  if (self->drawing == NULL)
    g_clear_pointer (&self->image, cairo_surface_destroy);
  invalidate (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (transfer none) (nullable): what the picture draws */
gpointer
entrena_chart_picture_get_data (EntrenaChartPicture *self)
{
  g_return_val_if_fail (ENTRENA_IS_CHART_PICTURE (self), NULL);

  return self->drawing != NULL ? self->drawing->data : NULL;
}
