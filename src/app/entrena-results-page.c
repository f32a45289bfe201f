/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-results-page"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-confusion-view.h"
#include "entrena-format.h"
#include "entrena-regression-results.h"
#include "entrena-results-cards.h"
#include "entrena-results-page.h"

/*
 * EntrenaResultsPage tells how good a trained network is: its accuracy on the
 * test rows next to the training rows and to the majority baseline (always
 * answering the most common class), the confusion matrix of the test rows as
 * a heat map, and precision, recall and F1 per class.
 *
 * It shows the network at the end of a run, or as it was after an earlier
 * epoch (the epoch cursor): those metrics come from the run's snapshots,
 * computed at once for small data and on a worker thread for large data.
 */

/* Above this many rows, an epoch's metrics are computed off the main loop. */
#define EVALUATE_ASYNC_ROWS 50000

/* Gaps between test and train accuracy, or between the test accuracy and the
 * baseline, smaller than this are not worth a comment. */
#define NOTABLE_GAP 0.05
#define OVERFIT_GAP 0.10

struct _EntrenaResultsPage
{
  AdwBin                parent_instance;

  /* Template children */
  GtkWidget            *cards_box;
  GtkLabel             *test_accuracy_label;
  GtkLabel             *test_rows_label;
  GtkLabel             *train_accuracy_label;
  GtkLabel             *baseline_title;
  GtkLabel             *baseline_label;
  GtkLabel             *verdict_label;
  EntrenaConfusionView *confusion_view;
  GtkGrid              *class_grid;
  GtkWidget            *notes_box;
  GtkLabel             *notes_label;
  GtkLabel             *epoch_label;
  EntrenaRegressionResults *regression_results;

  /* Owned references */
  EntrenaRunResult     *result;
  EntrenaMetrics       *epoch_train;    /* the cursor's epoch, when one is shown */
  EntrenaMetrics       *epoch_test;
  EntrenaRegressionMetrics *epoch_regression; /* a regression run's, at the cursor's epoch */

  /* Plain state */
  guint                 epoch;          /* the epoch shown, with show_epoch */
  guint                 n_epochs;
  guint                 weights_epoch;  /* the snapshot used for it */
  guint                 evaluating : 1; /* a worker computes an epoch's metrics */
  guint                 showing_epoch : 1;
};

G_DEFINE_FINAL_TYPE (EntrenaResultsPage, entrena_results_page, ADW_TYPE_BIN)

static void show_epoch_label (EntrenaResultsPage *self);

/* Another run: forgets the epoch's metrics of the last. */
static void
set_run (EntrenaResultsPage *self,
         EntrenaRunResult   *run)
{
  g_clear_pointer (&self->epoch_train, entrena_metrics_free);
  g_clear_pointer (&self->epoch_test, entrena_metrics_free);
  g_clear_pointer (&self->epoch_regression, entrena_regression_metrics_free);
  if (self->result != run)
    {
      g_clear_pointer (&self->result, entrena_run_result_unref);
      if (run != NULL)
        self->result = entrena_run_result_ref (run);
    }
}

static GtkWidget *
grid_label (const char *text,
            float       xalign,
            gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (header)
    {
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (label, "numeric");
    }

  return label;
}

static void
clear_grid (EntrenaResultsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->class_grid))) != NULL)
    gtk_grid_remove (self->class_grid, child);
}

/* Whether the grid already has a row for each of these classes, in order. */
static gboolean
grid_shows_classes (EntrenaResultsPage *self,
                    guint               n_classes,
                    char * const       *class_names)
{
  for (guint i = 0; i < n_classes; i++)
    {
      GtkWidget *name = gtk_grid_get_child_at (self->class_grid, 0, (int) i + 1);

      if (name == NULL || g_strcmp0 (gtk_label_get_label (GTK_LABEL (name)), class_names[i]) != 0)
        return FALSE;
    }
  return gtk_grid_get_child_at (self->class_grid, 0, (int) n_classes + 1) == NULL;
}

/* The headers and a row per class, its figures still empty. */
static void
build_grid (EntrenaResultsPage *self,
            guint               n_classes,
            char * const       *class_names)
{
  static const char *headers[] = {
    N_("Class"), N_("Precision"), N_("Recall"), N_("F1"), N_("Rows"),
  };

  clear_grid (self);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (self->class_grid, grid_label (_(headers[c]), c == 0 ? 0.0f : 1.0f, TRUE),
                     c, 0, 1, 1);

  for (guint i = 0; i < n_classes; i++)
    {
      GtkWidget *name = grid_label (class_names[i], 0.0f, FALSE);

      /* Short names whole; long ones cut at 16 characters, whole in the tooltip. */
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (name), MIN (g_utf8_strlen (class_names[i], -1), 16));
      gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
      gtk_widget_set_tooltip_text (name, class_names[i]);
      gtk_widget_add_css_class (name, "class-name");

      gtk_grid_attach (self->class_grid, name, 0, i + 1, 1, 1);
      for (int c = 1; c < (int) G_N_ELEMENTS (headers); c++)
        gtk_grid_attach (self->class_grid, grid_label ("", 1.0f, FALSE), c, i + 1, 1, 1);
    }
}

/* The per-class figures. The grid is built once for a set of classes and its
 * labels rewritten afterwards, so moving the epoch cursor creates no widgets. */
static void
fill_grid (EntrenaResultsPage   *self,
           const EntrenaMetrics *metrics,
           char * const         *class_names)
{
  if (!grid_shows_classes (self, metrics->n_classes, class_names))
    build_grid (self, metrics->n_classes, class_names);

  for (guint i = 0; i < metrics->n_classes; i++)
    {
      char *figures[4] = {
        g_strdup_printf ("%.2f", metrics->precision[i]),
        g_strdup_printf ("%.2f", metrics->recall[i]),
        g_strdup_printf ("%.2f", metrics->f1[i]),
        entrena_format_count (metrics->support[i]),
      };

      for (int c = 0; c < 4; c++)
        {
          gtk_label_set_label (GTK_LABEL (gtk_grid_get_child_at (self->class_grid, c + 1, (int) i + 1)),
                               figures[c]);
          g_free (figures[c]);
        }
    }
}

static char *
dup_verdict (const EntrenaMetrics *train,
             const EntrenaMetrics *test,
             const char           *majority)
{
  double gain = test->accuracy - test->baseline_accuracy;
  GString *verdict = g_string_new (NULL);

  if (gain > NOTABLE_GAP)
    {
      g_autofree char *points = g_strdup_printf ("%.0f", gain * 100.0);

      /* Translators: the first %s is a number of percentage points, the second a class name */
      g_string_append_printf (verdict, _("%s points better than always answering “%s”."),
                              points, majority);
    }
  else if (gain >= -NOTABLE_GAP)
    {
      /* Translators: %s is a class name */
      g_string_append_printf (verdict, _("No better than always answering “%s”: the network has not learned much yet."),
                              majority);
    }
  else
    {
      /* Translators: %s is a class name */
      g_string_append_printf (verdict, _("Worse than always answering “%s”."), majority);
    }

  if (train->accuracy - test->accuracy > OVERFIT_GAP)
    {
      g_string_append_c (verdict, ' ');
      g_string_append (verdict, _("It does much better on the training rows than on the test rows: it may be memorizing them (overfitting)."));
    }

  return g_string_free (verdict, FALSE);
}

/* Shows @text in a figure's label. GtkLabel gives itself its text as its
 * accessible name; the name says what the figure means first, so that a screen
 * reader reads "Test accuracy 61.6%". */
static void
set_figure (GtkLabel   *label,
            const char *meaning,
            const char *text)
{
  g_autofree char *name = g_strdup_printf ("%s %s", meaning, text);

  gtk_label_set_label (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
show_result (EntrenaResultsPage *self)
{
  EntrenaRunResult *result = self->result;
  const EntrenaMetrics *train, *test;
  char * const *class_names;
  const char *majority;
  g_autofree char *test_text = NULL;
  g_autofree char *train_text = NULL;
  g_autofree char *baseline_text = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *baseline_tip = NULL;
  g_autofree char *verdict = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);

  if (self->showing_epoch && self->epoch_train != NULL && self->epoch_test != NULL)
    {
      train = self->epoch_train;
      test = self->epoch_test;
    }
  else if (result != NULL && !self->showing_epoch)
    {
      train = result->train_metrics;
      test = result->test_metrics;
    }
  else
    {
      train = test = NULL;
    }
  show_epoch_label (self);

  /* A regression run: RMSE, MAE, R² and its pictures instead of classes. */
  {
    gboolean regression = result != NULL && result->training->task == ENTRENA_TASK_REGRESSION;

    gtk_widget_set_visible (self->cards_box, !regression);
    gtk_widget_set_visible (GTK_WIDGET (self->regression_results), regression);
    if (regression)
      entrena_regression_results_set_metrics (self->regression_results,
                                              self->showing_epoch ? self->epoch_regression
                                                                  : result->test_regression,
                                              result->info->target);
  }

  if (result == NULL || test == NULL || train == NULL)
    {
      gtk_label_set_label (self->test_accuracy_label, "—");
      gtk_label_set_label (self->test_rows_label, "");
      gtk_label_set_label (self->train_accuracy_label, "—");
      gtk_label_set_label (self->baseline_label, "—");
      gtk_label_set_label (self->verdict_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_title), NULL);
      entrena_confusion_view_clear (self->confusion_view);
      clear_grid (self);
      gtk_widget_set_visible (self->notes_box, FALSE);
      return;
    }

  class_names = result->dataset->class_names;
  majority = class_names[test->majority_class];

  test_text = entrena_format_percent (test->accuracy);
  train_text = entrena_format_percent (train->accuracy);
  baseline_text = entrena_format_percent (test->baseline_accuracy);
  rows = entrena_format_count (test->n_rows);
  /* Translators: %s is a number of rows */
  rows_text = g_strdup_printf (ngettext ("on %s test row the network never trained on",
                                         "on %s test rows the network never trained on",
                                         test->n_rows),
                               rows);
  /* Translators: %s is a class name */
  baseline_tip = g_strdup_printf (_("Always answering “%s”, the most common class in the training rows"),
                                  majority);
  verdict = dup_verdict (train, test, majority);

  set_figure (self->test_accuracy_label, _("Test accuracy"), test_text);
  gtk_label_set_label (self->test_rows_label, rows_text);
  set_figure (self->train_accuracy_label, _("Train accuracy"), train_text);
  set_figure (self->baseline_label, _("Baseline accuracy"), baseline_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_title), baseline_tip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_label), baseline_tip);
  gtk_label_set_label (self->verdict_label, verdict);

  entrena_confusion_view_set_matrix (self->confusion_view, test->n_classes, test->confusion,
                                     (const char * const *) class_names);
  fill_grid (self, test, class_names);

  if (result->dataset->warnings != NULL)
    {
      for (guint i = 0; i < result->dataset->warnings->len; i++)
        {
          if (notes->len > 0)
            g_string_append_c (notes, '\n');
          g_string_append (notes, g_ptr_array_index (result->dataset->warnings, i));
        }
    }
  gtk_label_set_label (self->notes_label, notes->str);
  gtk_widget_set_visible (self->notes_box, notes->len > 0);
}

/* The epoch's metrics, worked out on a worker thread for large data. */

typedef struct
{
  EntrenaRunResult *run;
  guint             epoch;
  EntrenaMetrics   *train;
  EntrenaMetrics   *test;
  EntrenaRegressionMetrics *regression;
  guint             weights_epoch;
} Evaluation;

static void
evaluation_free (Evaluation *evaluation)
{
  g_clear_pointer (&evaluation->run, entrena_run_result_unref);
  g_clear_pointer (&evaluation->train, entrena_metrics_free);
  g_clear_pointer (&evaluation->test, entrena_metrics_free);
  g_clear_pointer (&evaluation->regression, entrena_regression_metrics_free);
  g_free (evaluation);
}

static void
evaluate (Evaluation *evaluation)
{
  guint train_epoch = 0;

  evaluation->test = entrena_training_evaluate_at (evaluation->run->training, evaluation->epoch, TRUE,
                                                   &evaluation->weights_epoch);
  evaluation->train = entrena_training_evaluate_at (evaluation->run->training, evaluation->epoch, FALSE,
                                                    &train_epoch);
  if (evaluation->run->training->task == ENTRENA_TASK_REGRESSION)
    evaluation->regression = entrena_run_evaluate_regression_at (evaluation->run->training, evaluation->epoch,
                                                                 &train_epoch);
}

static void
evaluate_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  evaluate (task_data);
  g_task_return_boolean (task, TRUE);
}

/* Takes @evaluation's metrics when they are still wanted. */
static void
take_evaluation (EntrenaResultsPage *self,
                 Evaluation         *evaluation)
{
  if (!self->showing_epoch || evaluation->run != self->result || evaluation->epoch != self->epoch)
    return;

  g_clear_pointer (&self->epoch_train, entrena_metrics_free);
  g_clear_pointer (&self->epoch_test, entrena_metrics_free);
  self->epoch_train = g_steal_pointer (&evaluation->train);
  self->epoch_test = g_steal_pointer (&evaluation->test);
  g_clear_pointer (&self->epoch_regression, entrena_regression_metrics_free);
  self->epoch_regression = g_steal_pointer (&evaluation->regression);
  self->weights_epoch = evaluation->weights_epoch;
  show_result (self);
}

static void start_evaluation (EntrenaResultsPage *self);

static void
evaluated_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  EntrenaResultsPage *self = ENTRENA_RESULTS_PAGE (object);
  Evaluation *evaluation = g_task_get_task_data (G_TASK (res));

  self->evaluating = FALSE;
  /* Disposed meanwhile: nothing to show it in. */
  if (self->confusion_view == NULL)
    return;

  take_evaluation (self, evaluation);
  /* The cursor moved on while this one was computed: the latest wins. */
  if (self->showing_epoch && (evaluation->run != self->result || evaluation->epoch != self->epoch))
    start_evaluation (self);
}

static void
start_evaluation (EntrenaResultsPage *self)
{
  Evaluation *evaluation;
  EntrenaTraining *training = self->result->training;

  evaluation = g_new0 (Evaluation, 1);
  evaluation->run = entrena_run_result_ref (self->result);
  evaluation->epoch = self->epoch;

  if (training->n_train + training->n_test <= EVALUATE_ASYNC_ROWS)
    {
      /* Microseconds for a lesson's rows: at once, no flicker. */
      evaluate (evaluation);
      take_evaluation (self, evaluation);
      evaluation_free (evaluation);
    }
  else if (!self->evaluating)
    {
      g_autoptr (GTask) task = g_task_new (self, NULL, evaluated_cb, NULL);

      self->evaluating = TRUE;
      g_task_set_task_data (task, evaluation, (GDestroyNotify) evaluation_free);
      g_task_run_in_thread (task, evaluate_in_thread);
    }
  else
    {
      /* One at a time; the one running starts the next when it is done. */
      evaluation_free (evaluation);
    }
}

static void
show_epoch_label (EntrenaResultsPage *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  /* The final results after an early stop are the kept epoch's. */
  if (!self->showing_epoch && self->result != NULL && self->result->training->early.stopped_epoch > 0)
    {
      g_autofree char *stopped = NULL;

      /* Translators: above the results after early stopping: the epoch at
       * which training stopped, and the epoch whose weights were kept. */
      stopped = g_strdup_printf (_("Stopped at epoch %u, weights from epoch %u"),
                                 self->result->training->early.stopped_epoch,
                                 self->result->training->early.best_epoch);
      gtk_label_set_label (self->epoch_label, stopped);
      gtk_widget_set_visible (GTK_WIDGET (self->epoch_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->epoch_label), self->showing_epoch);
  if (!self->showing_epoch)
    return;

  if (self->epoch == 0)
    /* Translators: above the results when the epoch cursor is at the start. */
    g_string_append (text, _("Before training: the network’s initial weights"));
  else
    /* Translators: above the results when the epoch cursor is moved back, "After epoch 56 of 100". */
    g_string_append_printf (text, _("After epoch %u of %u"), self->epoch, self->n_epochs);

  if (self->epoch_test != NULL && self->weights_epoch != self->epoch && self->result->training->snapshots != NULL)
    {
      guint stride = entrena_snapshots_get_stride (self->result->training->snapshots);

      g_string_append (text, " — ");
      /* Translators: when the weights of past epochs were thinned to fit in
       * memory, "weights of epoch 96: one epoch in 16 kept". */
      g_string_append_printf (text, _("weights of epoch %u: one epoch in %u kept"), self->weights_epoch, stride);
    }

  gtk_label_set_label (self->epoch_label, text->str);
}

/* GObject */

static void
entrena_results_page_dispose (GObject *object)
{
  EntrenaResultsPage *self = (EntrenaResultsPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_RESULTS_PAGE);
  g_clear_pointer (&self->result, entrena_run_result_unref);
  g_clear_pointer (&self->epoch_train, entrena_metrics_free);
  g_clear_pointer (&self->epoch_test, entrena_metrics_free);
  g_clear_pointer (&self->epoch_regression, entrena_regression_metrics_free);

  G_OBJECT_CLASS (entrena_results_page_parent_class)->dispose (object);
}

static void
entrena_results_page_class_init (EntrenaResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_results_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, test_accuracy_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, test_rows_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, train_accuracy_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, baseline_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, baseline_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, class_grid);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, epoch_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, regression_results);

  gtk_widget_class_set_css_name (widget_class, "resultspage");

  g_type_ensure (ENTRENA_TYPE_CONFUSION_VIEW);
  g_type_ensure (ENTRENA_TYPE_RESULTS_CARDS);
  g_type_ensure (ENTRENA_TYPE_REGRESSION_RESULTS);
}

static void
entrena_results_page_init (EntrenaResultsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));


  show_result (self);
}

/**
 * entrena_results_page_new:
 *
 * Returns: (transfer floating): an empty results page
 */
GtkWidget *
entrena_results_page_new (void)
{
  return g_object_new (ENTRENA_TYPE_RESULTS_PAGE, NULL);
}

/**
 * entrena_results_page_set_result:
 * @self: a results page
 * @result: (nullable): a finished run, or %NULL to empty the page
 *
 * Shows how well @result's network does.
 */
void
entrena_results_page_set_result (EntrenaResultsPage *self,
                                 EntrenaRunResult   *result)
{
  g_return_if_fail (ENTRENA_IS_RESULTS_PAGE (self));

  if (self->result == result && !self->showing_epoch)
    return;

  entrena_results_page_update_result (self, result);
}

/**
 * entrena_results_page_update_result:
 * @self: a results page
 * @result: (nullable): a finished run, or %NULL to empty the page
 *
 * Shows @result's figures anew, also when the page already shows @result
 * (whose numbers changed: Train More goes on with the same run). The figures
 * on screen are rewritten in place: the per-class rows and the confusion
 * matrix are not built again when the classes are the same.
 */
void
entrena_results_page_update_result (EntrenaResultsPage *self,
                                    EntrenaRunResult   *result)
{
  g_return_if_fail (ENTRENA_IS_RESULTS_PAGE (self));

  set_run (self, result);
  self->showing_epoch = FALSE;
  show_result (self);
}

/**
 * entrena_results_page_show_epoch:
 * @self: a results page
 * @run: a run that keeps snapshots: finished, or paused in progress
 *   (entrena_trainer_dup_run())
 * @epoch: the epoch to show, 0 for the initial weights
 * @n_epochs: the epochs @run has, for "After epoch 56 of 100"
 *
 * Shows how well @run's network did after @epoch: the metrics of its weights
 * then, on the test and the training rows (entrena_training_evaluate_at()).
 * When the weights of past epochs were thinned, the page says which epoch's
 * weights it shows.
 */
void
entrena_results_page_show_epoch (EntrenaResultsPage *self,
                                 EntrenaRunResult   *run,
                                 guint               epoch,
                                 guint               n_epochs)
{
  g_return_if_fail (ENTRENA_IS_RESULTS_PAGE (self));
  g_return_if_fail (run != NULL);

  if (self->showing_epoch && self->result == run && self->epoch == epoch && self->n_epochs == n_epochs)
    return;

  if (self->result != run || !self->showing_epoch)
    {
      set_run (self, run);
      self->showing_epoch = TRUE;
    }
  self->epoch = epoch;
  self->n_epochs = n_epochs;
  start_evaluation (self);
  /* Large data: the figures of the epoch before stay until the new ones come. */
  show_epoch_label (self);
}

/**
 * entrena_results_page_get_epoch:
 * @self: a results page
 *
 * Returns: the epoch whose results are shown, or -1 for the end of the run
 */
int
entrena_results_page_get_epoch (EntrenaResultsPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_RESULTS_PAGE (self), -1);

  if (!self->showing_epoch || self->epoch_test == NULL)
    return -1;

  return (int) self->epoch;
}

/**
 * entrena_results_page_get_regression:
 * @self: a results page
 *
 * Returns: (nullable): what the regression pictures show (the run's end or
 *   the cursor's epoch), %NULL when they show nothing
 */
const EntrenaRegressionChartData *
entrena_results_page_get_regression (EntrenaResultsPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_RESULTS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->regression_results)))
    return NULL;
  return entrena_regression_results_get_data (self->regression_results);
}
