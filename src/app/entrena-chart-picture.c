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
 */

struct _EntrenaChartPicture
{
  GtkWidget             parent_instance;

  EntrenaChartDrawFunc  draw;
  gpointer              data;
  GDestroyNotify        destroy;
  EntrenaChartStyle     style;
  char                 *font_family;
};

G_DEFINE_FINAL_TYPE (EntrenaChartPicture, entrena_chart_picture, GTK_TYPE_WIDGET)

static void
entrena_chart_picture_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  EntrenaChartPicture *self = ENTRENA_CHART_PICTURE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->draw == NULL || width <= 0 || height <= 0)
    return;

  self->style.font_scale = entrena_chart_theme_font_scale (widget, width, height);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->draw (cr, self->data, &self->style, width, height, gtk_widget_get_scale_factor (widget));
  cairo_destroy (cr);
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
  gtk_widget_queue_draw (widget);
}

static void
clear_drawing (EntrenaChartPicture *self)
{
  if (self->destroy != NULL && self->data != NULL)
    self->destroy (self->data);
  self->draw = NULL;
  self->data = NULL;
  self->destroy = NULL;
}

static void
entrena_chart_picture_finalize (GObject *object)
{
  EntrenaChartPicture *self = ENTRENA_CHART_PICTURE (object);

  clear_drawing (self);
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
  widget_class->css_changed = entrena_chart_picture_css_changed;

  gtk_widget_class_set_css_name (widget_class, "chartpicture");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
entrena_chart_picture_init (EntrenaChartPicture *self)
{
  entrena_chart_style_init_default (&self->style);
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
  self->draw = draw;
  self->data = data;
  self->destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (transfer none) (nullable): what the picture draws */
gpointer
entrena_chart_picture_get_data (EntrenaChartPicture *self)
{
  g_return_val_if_fail (ENTRENA_IS_CHART_PICTURE (self), NULL);

  return self->data;
}
