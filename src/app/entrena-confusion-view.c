/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-confusion-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-chart-theme.h"
#include "entrena-confusion-view.h"

/*
 * EntrenaConfusionView draws a confusion matrix as a heat map: one row per
 * true class, one column per predicted class, each cell holding its count.
 * A cell's colour shows the share of its row, so every class reads the same
 * however many rows it has: the diagonal (right answers) in the accent colour,
 * the mistakes in red.
 */

/* Cell sizes in logical pixels: the view shrinks with its pane down to the
 * smallest, and numbers are left out of cells too small to hold them. */
#define CELL_MIN 14.0
#define CELL_MAX 64.0
#define CELL_TEXT_MIN 24.0
#define CELL_NATURAL 44.0
#define CELL_GAP 2.0
#define LABEL_MAX_WIDTH 120.0
#define LABEL_PAD 6.0

struct _EntrenaConfusionView
{
  GtkWidget          parent_instance;

  /* Owned */
  guint64           *confusion;    /* [n_classes][n_classes], rows true, columns predicted */
  guint64           *row_totals;   /* [n_classes] */
  char             **class_names;  /* [n_classes], NULL-terminated */

  /* Plain state */
  guint              n_classes;
  EntrenaChartColor  fg;
  EntrenaChartColor  right;        /* the diagonal */
  EntrenaChartColor  wrong;        /* the rest */
  EntrenaChartColor  right_text;   /* on a full-strength right cell */
  EntrenaChartColor  wrong_text;
  EntrenaChartColor  empty;        /* a cell with no rows */
};

G_DEFINE_FINAL_TYPE (EntrenaConfusionView, entrena_confusion_view, GTK_TYPE_WIDGET)

/* Layout */

typedef struct
{
  double overhang;      /* how far slanted column names reach right of the matrix */
  double label_width;   /* the true-class names on the left */
  double label_height;  /* the predicted-class names on top */
  double title;         /* the axis titles' band */
  double cell;
  double x0;            /* the matrix's top-left corner */
  double y0;
  gboolean rotate;      /* column names written at an angle */
} Layout;

static PangoLayout *
create_layout (EntrenaConfusionView *self,
               const char           *text,
               gboolean              small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static void
measure_names (EntrenaConfusionView *self,
               double               *max_width,
               double               *height)
{
  *max_width = 0;
  *height = 0;

  for (guint i = 0; i < self->n_classes; i++)
    {
      g_autoptr(PangoLayout) layout = create_layout (self, self->class_names[i], FALSE);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      *max_width = MAX (*max_width, w);
      *height = MAX (*height, h);
    }
}

static void
compute_layout (EntrenaConfusionView *self,
                double                width,
                double                height,
                Layout               *layout)
{
  double name_width, name_height, avail_w, avail_h;
  g_autoptr(PangoLayout) title = create_layout (self, "Ag", TRUE);
  int tw, th;

  measure_names (self, &name_width, &name_height);
  pango_layout_get_pixel_size (title, &tw, &th);

  layout->title = th + LABEL_PAD;
  layout->label_width = MIN (name_width, LABEL_MAX_WIDTH) + LABEL_PAD;
  avail_w = width - layout->title - layout->label_width;

  /* Column names go across their cells when they fit, else at 45°. Which one
   * decides the room left for the cells, so try across first. */
  for (int attempt = 0; attempt < 2; attempt++)
    {
      double slant = MIN (name_width, LABEL_MAX_WIDTH) * M_SQRT1_2;

      layout->rotate = attempt == 1;
      layout->overhang = layout->rotate ? slant + name_height / 2 : 0;
      if (layout->rotate)
        layout->label_height = slant + name_height + LABEL_PAD;
      else
        layout->label_height = name_height + LABEL_PAD;

      avail_h = height - layout->title - layout->label_height;
      layout->cell = self->n_classes > 0
                       ? MIN (avail_w - layout->overhang, avail_h) / self->n_classes
                       : CELL_MAX;
      layout->cell = CLAMP (layout->cell, 1.0, CELL_MAX);

      if (name_width + LABEL_PAD <= layout->cell)
        break;
    }

  /* Centred in what is left over. */
  layout->x0 = layout->title + layout->label_width +
               MAX (0, (avail_w - layout->overhang - layout->cell * self->n_classes) / 2);
  layout->y0 = layout->title + layout->label_height;
}

/* Drawing */

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           double       xalign,
           double       yalign)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
}

static void
draw_matrix (EntrenaConfusionView *self,
             cairo_t              *cr,
             double                width,
             double                height)
{
  Layout l;
  double matrix = 0;
  gboolean numbers;

  compute_layout (self, width, height, &l);
  matrix = l.cell * self->n_classes;
  numbers = l.cell >= CELL_TEXT_MIN;

  /* Axis titles: "Predicted" over the columns, "True" up the left side. */
  {
    g_autoptr(PangoLayout) predicted = create_layout (self, _("Predicted class"), TRUE);
    g_autoptr(PangoLayout) truth = create_layout (self, _("True class"), TRUE);

    entrena_draw_set_color (cr, &self->fg, 0.7);
    show_text (cr, predicted, l.x0 + matrix / 2, 0, 0.5, 0);

    cairo_save (cr);
    cairo_translate (cr, 0, l.y0 + matrix / 2);
    cairo_rotate (cr, -G_PI / 2);
    show_text (cr, truth, 0, 0, 0.5, 0);
    cairo_restore (cr);
  }

  for (guint i = 0; i < self->n_classes; i++)
    {
      g_autoptr(PangoLayout) name = create_layout (self, self->class_names[i], FALSE);
      double centre = i * l.cell + l.cell / 2;

      pango_layout_set_width (name, (int) ((l.label_width - LABEL_PAD) * PANGO_SCALE));
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      entrena_draw_set_color (cr, &self->fg, 1.0);

      /* The row's name, right-aligned against the matrix. */
      pango_layout_set_alignment (name, PANGO_ALIGN_RIGHT);
      show_text (cr, name, l.x0 - LABEL_PAD, l.y0 + centre, 1.0, 0.5);

      /* The column's name above it. */
      pango_layout_set_alignment (name, PANGO_ALIGN_LEFT);
      if (l.rotate)
        {
          int w, h;

          pango_layout_get_pixel_size (name, &w, &h);
          cairo_save (cr);
          cairo_translate (cr, l.x0 + centre, l.y0 - LABEL_PAD);
          cairo_rotate (cr, -G_PI / 4);
          cairo_move_to (cr, 0, -h / 2.0);
          pango_cairo_show_layout (cr, name);
          cairo_restore (cr);
        }
      else
        {
          pango_layout_set_width (name, -1);
          show_text (cr, name, l.x0 + centre, l.y0 - LABEL_PAD, 0.5, 1.0);
        }
    }

  for (guint i = 0; i < self->n_classes; i++)
    {
      for (guint j = 0; j < self->n_classes; j++)
        {
          guint64 count = self->confusion[i * self->n_classes + j];
          double share = self->row_totals[i] > 0 ? (double) count / self->row_totals[i] : 0;
          const EntrenaChartColor *colour = i == j ? &self->right : &self->wrong;
          double x = l.x0 + j * l.cell + CELL_GAP / 2;
          double y = l.y0 + i * l.cell + CELL_GAP / 2;
          double size = l.cell - CELL_GAP;

          entrena_draw_rounded_rect (cr, x, y, size, size, MIN (6.0, size / 4));
          if (count == 0)
            entrena_draw_set_color (cr, &self->empty, 1.0);
          else
            entrena_draw_set_color (cr, colour, 0.15 + 0.85 * share);
          cairo_fill (cr);

          if (numbers)
            {
              g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
              g_autoptr(PangoLayout) number = create_layout (self, text, l.cell < 36);
              const EntrenaChartColor *ink = share > 0.5 ? (i == j ? &self->right_text : &self->wrong_text)
                                               : &self->fg;

              entrena_draw_set_color (cr, ink, count == 0 ? 0.45 : 1.0);
              show_text (cr, number, x + size / 2, y + size / 2, 0.5, 0.5);
            }
        }
    }
}

static void
entrena_confusion_view_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  EntrenaConfusionView *self = ENTRENA_CONFUSION_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->n_classes == 0 || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_matrix (self, cr, width, height);
  cairo_destroy (cr);
}

static void
entrena_confusion_view_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  EntrenaConfusionView *self = ENTRENA_CONFUSION_VIEW (widget);
  double name_width, name_height, labels, title;
  g_autoptr(PangoLayout) layout = create_layout (self, "Ag", TRUE);
  int tw, th;

  if (self->n_classes == 0)
    {
      *minimum = *natural = 0;
      return;
    }

  measure_names (self, &name_width, &name_height);
  pango_layout_get_pixel_size (layout, &tw, &th);
  title = th + LABEL_PAD;

  /* Room for the names on the left and, slanted, above and past the right edge. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    labels = MIN (name_width, LABEL_MAX_WIDTH) * (1 + M_SQRT1_2) + name_height / 2 + LABEL_PAD;
  else
    labels = MIN (name_width, LABEL_MAX_WIDTH) * M_SQRT1_2 + name_height + LABEL_PAD;

  /* Wide enough for the names and small cells at least; at ease with roomy ones. */
  *minimum = (int) ceil (title + labels + self->n_classes * CELL_MIN);
  *natural = (int) ceil (title + labels + self->n_classes * CELL_NATURAL);
}

static void
entrena_confusion_view_css_changed (GtkWidget         *widget,
                                    GtkCssStyleChange *change)
{
  EntrenaConfusionView *self = ENTRENA_CONFUSION_VIEW (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA rgba;

  GTK_WIDGET_CLASS (entrena_confusion_view_parent_class)->css_changed (widget, change);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS
  self->fg = entrena_chart_color_from_rgba (&rgba);
  rgba.alpha *= 0.06;
  self->empty = entrena_chart_color_from_rgba (&rgba);
  self->right = ENTRENA_THEME_COLOR (context, "#3584e4", "accent_bg_color");
  self->right_text = ENTRENA_THEME_COLOR (context, "#ffffff", "accent_fg_color");
  self->wrong = ENTRENA_THEME_COLOR (context, "#e01b24", "destructive_bg_color");
  self->wrong_text = ENTRENA_THEME_COLOR (context, "#ffffff", "destructive_fg_color");

  gtk_widget_queue_draw (widget);
}

/* Accessibility */

static void
update_description (EntrenaConfusionView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->n_classes == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  g_string_append (text, _("Rows are the true classes, columns the predicted ones."));
  for (guint i = 0; i < self->n_classes; i++)
    {
      guint64 right = self->confusion[i * self->n_classes + i];
      g_autofree char *right_text = g_strdup_printf ("%" G_GUINT64_FORMAT, right);
      g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, self->row_totals[i]);

      g_string_append_c (text, ' ');
      /* Translators: e.g. "setosa: 9 of 10 predicted right." */
      g_string_append_printf (text, _("%s: %s of %s predicted right."),
                              self->class_names[i], right_text, total_text);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

/* GObject */

static void
entrena_confusion_view_finalize (GObject *object)
{
  EntrenaConfusionView *self = (EntrenaConfusionView *) object;

  g_clear_pointer (&self->confusion, g_free);
  g_clear_pointer (&self->row_totals, g_free);
  g_clear_pointer (&self->class_names, g_strfreev);

  G_OBJECT_CLASS (entrena_confusion_view_parent_class)->finalize (object);
}

static void
entrena_confusion_view_class_init (EntrenaConfusionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = entrena_confusion_view_finalize;

  widget_class->snapshot = entrena_confusion_view_snapshot;
  widget_class->measure = entrena_confusion_view_measure;
  widget_class->css_changed = entrena_confusion_view_css_changed;

  gtk_widget_class_set_css_name (widget_class, "confusionview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
entrena_confusion_view_init (EntrenaConfusionView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Confusion matrix"),
                                  -1);
}

/**
 * entrena_confusion_view_new:
 *
 * Returns: (transfer floating): an empty confusion matrix view
 */
GtkWidget *
entrena_confusion_view_new (void)
{
  return g_object_new (ENTRENA_TYPE_CONFUSION_VIEW, NULL);
}

/**
 * entrena_confusion_view_set_matrix:
 * @self: a confusion view
 * @n_classes: classes
 * @confusion: `[n_classes][n_classes]` row-major counts, rows the true class
 *   and columns the predicted one; copied
 * @class_names: `[n_classes]` names; copied
 *
 * Shows a matrix.
 */
void
entrena_confusion_view_set_matrix (EntrenaConfusionView *self,
                                   guint                 n_classes,
                                   const guint64        *confusion,
                                   const char * const   *class_names)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_if_fail (ENTRENA_IS_CONFUSION_VIEW (self));
  g_return_if_fail (n_classes == 0 || (confusion != NULL && class_names != NULL));

  g_free (self->confusion);
  g_free (self->row_totals);
  g_strfreev (self->class_names);

  self->n_classes = n_classes;
  self->confusion = g_memdup2 (confusion, sizeof (guint64) * n_classes * n_classes);
  self->row_totals = g_new0 (guint64, MAX (n_classes, 1));
  for (guint i = 0; i < n_classes; i++)
    {
      g_strv_builder_add (names, class_names[i]);
      for (guint j = 0; j < n_classes; j++)
        self->row_totals[i] += confusion[i * n_classes + j];
    }
  self->class_names = g_strv_builder_end (names);

  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
entrena_confusion_view_clear (EntrenaConfusionView *self)
{
  g_return_if_fail (ENTRENA_IS_CONFUSION_VIEW (self));

  entrena_confusion_view_set_matrix (self, 0, NULL, NULL);
}

guint
entrena_confusion_view_get_n_classes (EntrenaConfusionView *self)
{
  g_return_val_if_fail (ENTRENA_IS_CONFUSION_VIEW (self), 0);

  return self->n_classes;
}

/**
 * entrena_confusion_view_get_count:
 * @self: a confusion view
 * @actual: the true class
 * @predicted: the class the network answered
 *
 * Returns: how many rows of class @actual the cell (@actual, @predicted)
 *   shows as taken for @predicted; 0 outside the matrix
 */
guint64
entrena_confusion_view_get_count (EntrenaConfusionView *self,
                                  guint                 actual,
                                  guint                 predicted)
{
  g_return_val_if_fail (ENTRENA_IS_CONFUSION_VIEW (self), 0);

  if (actual >= self->n_classes || predicted >= self->n_classes)
    return 0;

  return self->confusion[actual * self->n_classes + predicted];
}
