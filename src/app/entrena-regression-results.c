/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-regression-results"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-chart-picture.h"
#include "entrena-format.h"
#include "entrena-regression-results.h"
#include "entrena-residual-chart.h"
#include "entrena-results-cards.h"
#include "entrena-scatter-chart.h"

/*
 * EntrenaRegressionResults tells how close a regression network's numbers
 * are on the test rows: RMSE, MAE and R², each against the baseline of
 * always predicting the training rows' mean; the predicted-against-actual
 * scatter and the histogram of the residuals, drawn by the chart library
 * (the same pictures the exports and entrena-cli draw).
 */

struct _EntrenaRegressionResults
{
  GtkWidget                   parent_instance;

  /* Template children */
  GtkWidget                  *cards;
  GtkLabel                   *rmse_label;
  GtkLabel                   *rows_label;
  GtkLabel                   *mae_label;
  GtkLabel                   *r2_label;
  GtkLabel                   *baseline_rmse_label;
  GtkLabel                   *baseline_mae_label;
  GtkLabel                   *verdict_label;
  EntrenaChartPicture        *scatter_picture;
  EntrenaChartPicture        *residual_picture;

  /* Owned */
  EntrenaRegressionMetrics   *metrics;   /* nullable */
  char                       *target;
  char                       *scatter_text;   /* the pictures' accessible descriptions */
  char                       *residual_text;
  EntrenaRegressionChartData  data;      /* points at the two above */
};

G_DEFINE_FINAL_TYPE (EntrenaRegressionResults, entrena_regression_results, GTK_TYPE_WIDGET)

/* A picture's own copy of what it draws: the picture draws on a worker
 * thread, and frees it when it is replaced. */
typedef struct
{
  EntrenaRegressionChartData  data;    /* first: the drawing functions take this */
  EntrenaRegressionMetrics   *metrics;
  char                       *target;
} PictureData;

static void
picture_data_free (gpointer user_data)
{
  PictureData *picture = user_data;

  entrena_regression_metrics_free (picture->metrics);
  g_free (picture->target);
  g_free (picture);
}

static PictureData *
picture_data_new (const EntrenaRegressionMetrics *metrics,
                  const char                     *target)
{
  PictureData *picture = g_new0 (PictureData, 1);

  picture->metrics = entrena_regression_metrics_new (metrics->predicted, metrics->actual, metrics->n_rows,
                                                     metrics->baseline_mean);
  picture->target = g_strdup (target);
  picture->data.metrics = picture->metrics;
  picture->data.target = picture->target;
  return picture;
}

/* A figure's text, its accessible name saying what it means first
 * ("Test RMSE 0.52"), as the accuracy figures do. */
static void
set_figure (GtkLabel   *label,
            const char *meaning,
            const char *text)
{
  g_autofree char *name = g_strdup_printf ("%s %s", meaning, text);

  gtk_label_set_label (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static char *
format_number (double value)
{
  return g_strdup_printf ("%.4g", value);
}

/* A sentence on how the network compares with the mean. */
static char *
dup_verdict (const EntrenaRegressionMetrics *metrics)
{
  if (!(metrics->r2 > 0))
    return g_strdup (_("No better than always predicting the training mean: try more epochs, another learning rate, "
                       "or Scale target."));
  if (metrics->r2 >= 0.9)
    return g_strdup (_("Close: the network explains most of how the target varies."));
  return g_strdup (_("Better than the mean, with room to improve."));
}

static void
show_metrics (EntrenaRegressionResults *self)
{
  const EntrenaRegressionMetrics *m = self->metrics;
  g_autofree char *rmse = NULL, *mae = NULL, *r2 = NULL, *base_rmse = NULL, *base_mae = NULL;
  g_autofree char *rows = NULL, *rows_text = NULL, *verdict = NULL, *baseline_tip = NULL;
  g_autofree char *mean = NULL;

  g_clear_pointer (&self->scatter_text, g_free);
  g_clear_pointer (&self->residual_text, g_free);
  if (m == NULL)
    {
      GtkLabel *labels[] = { self->rmse_label, self->mae_label, self->r2_label, self->baseline_rmse_label,
                             self->baseline_mae_label };

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        gtk_label_set_label (labels[i], "—");
      gtk_label_set_label (self->rows_label, "");
      gtk_label_set_label (self->verdict_label, "");
      entrena_chart_picture_set_drawing (self->scatter_picture, NULL, NULL, NULL);
      entrena_chart_picture_set_drawing (self->residual_picture, NULL, NULL, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->scatter_picture), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->residual_picture), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  rmse = format_number (m->rmse);
  mae = format_number (m->mae);
  r2 = g_strdup_printf ("%.3f", m->r2);
  base_rmse = format_number (m->baseline_rmse);
  base_mae = format_number (m->baseline_mae);
  rows = entrena_format_count (m->n_rows);
  /* Translators: %s is a number of rows */
  rows_text = g_strdup_printf (ngettext ("on %s test row the network never trained on",
                                         "on %s test rows the network never trained on", m->n_rows),
                               rows);
  verdict = dup_verdict (m);
  mean = format_number (m->baseline_mean);
  /* Translators: %s is the training rows' mean target, a number */
  baseline_tip = g_strdup_printf (_("Always predicting %s, the training rows’ mean"), mean);

  set_figure (self->rmse_label, _("Test RMSE"), rmse);
  set_figure (self->mae_label, _("Test MAE"), mae);
  set_figure (self->r2_label, _("Test R²"), r2);
  set_figure (self->baseline_rmse_label, _("Baseline RMSE"), base_rmse);
  set_figure (self->baseline_mae_label, _("Baseline MAE"), base_mae);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_rmse_label), baseline_tip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_mae_label), baseline_tip);
  gtk_label_set_label (self->rows_label, rows_text);
  gtk_label_set_label (self->verdict_label, verdict);

  entrena_chart_picture_set_drawing (self->scatter_picture, entrena_scatter_chart_draw_func,
                                     picture_data_new (m, self->target), picture_data_free);
  entrena_chart_picture_set_drawing (self->residual_picture, entrena_residual_chart_draw_func,
                                     picture_data_new (m, self->target), picture_data_free);
  self->scatter_text = entrena_scatter_chart_describe (&self->data);
  self->residual_text = entrena_residual_chart_describe (&self->data);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scatter_picture),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->scatter_text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->residual_picture),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->residual_text, -1);
}

static void
entrena_regression_results_dispose (GObject *object)
{
  EntrenaRegressionResults *self = ENTRENA_REGRESSION_RESULTS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_REGRESSION_RESULTS);
  g_clear_pointer (&self->metrics, entrena_regression_metrics_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->scatter_text, g_free);
  g_clear_pointer (&self->residual_text, g_free);

  G_OBJECT_CLASS (entrena_regression_results_parent_class)->dispose (object);
}

static void
entrena_regression_results_class_init (EntrenaRegressionResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_regression_results_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-regression-results.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, cards);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, rmse_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, rows_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, mae_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, r2_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, baseline_rmse_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, baseline_mae_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, scatter_picture);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRegressionResults, residual_picture);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "regressionresults");

  g_type_ensure (ENTRENA_TYPE_CHART_PICTURE);
  g_type_ensure (ENTRENA_TYPE_RESULTS_CARDS);
}

static void
entrena_regression_results_init (EntrenaRegressionResults *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->target = g_strdup ("");
  show_metrics (self);
}

GtkWidget *
entrena_regression_results_new (void)
{
  return g_object_new (ENTRENA_TYPE_REGRESSION_RESULTS, NULL);
}

/**
 * entrena_regression_results_set_metrics:
 * @self: regression results
 * @metrics: (nullable): the test rows' predictions and scores; copied
 * @target: the target column's name, the unit of the pictures' axes
 *
 * Shows @metrics, or dashes and no pictures for %NULL.
 */
void
entrena_regression_results_set_metrics (EntrenaRegressionResults       *self,
                                        const EntrenaRegressionMetrics *metrics,
                                        const char                     *target)
{
  g_return_if_fail (ENTRENA_IS_REGRESSION_RESULTS (self));

  g_clear_pointer (&self->metrics, entrena_regression_metrics_free);
  if (metrics != NULL)
    self->metrics = entrena_regression_metrics_new (metrics->predicted, metrics->actual, metrics->n_rows,
                                                    metrics->baseline_mean);
  g_free (self->target);
  self->target = g_strdup (target != NULL ? target : "");
  self->data.metrics = self->metrics;
  self->data.target = self->target;
  show_metrics (self);
}

/**
 * entrena_regression_results_get_data:
 * @self: regression results
 *
 * Returns: (nullable): what the two pictures show, %NULL when they show nothing
 */
const EntrenaRegressionChartData *
entrena_regression_results_get_data (EntrenaRegressionResults *self)
{
  g_return_val_if_fail (ENTRENA_IS_REGRESSION_RESULTS (self), NULL);

  return self->metrics != NULL ? &self->data : NULL;
}

/**
 * entrena_regression_results_get_description:
 * @self: regression results
 * @residuals: the residual histogram's, or the scatter's
 *
 * Returns: (nullable): the picture's accessible description, with its figures
 */
const char *
entrena_regression_results_get_description (EntrenaRegressionResults *self,
                                            gboolean                  residuals)
{
  g_return_val_if_fail (ENTRENA_IS_REGRESSION_RESULTS (self), NULL);

  return residuals ? self->residual_text : self->scatter_text;
}
