/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-chart-private.h"
#include "entrena-format.h"

/* The loss and accuracy charts in words, for screen readers. */

static char *
describe_loss (double loss)
{
  if (isnan (loss))
    /* Translators: a loss that is not a number, in the chart's description. */
    return g_strdup (_("not a number"));
  if (isinf (loss))
    /* Translators: an infinite loss, in the chart's description. */
    return g_strdup (_("infinite"));
  return g_strdup_printf ("%.3g", loss);
}

/* The epoch cursor's sentence, when it marks an epoch. */
static void
describe_cursor (const EntrenaChartData *data,
                 GString                *text)
{
  const float *train;
  const float *test;
  gboolean accuracy = data->kind == ENTRENA_CHART_ACCURACY;
  guint e;
  g_autofree char *train_text = NULL;
  g_autofree char *test_text = NULL;

  if (data->cursor_epoch < 0 || (guint) data->cursor_epoch > data->n_epochs)
    return;

  g_string_append_c (text, ' ');
  e = (guint) data->cursor_epoch;
  if (e == 0)
    {
      /* Translators: in a chart's description for screen readers. */
      g_string_append (text, _("The epoch cursor is at the start, before training."));
      return;
    }

  _entrena_chart_series (data, &train, &test);
  train_text = accuracy ? entrena_format_percent (train[e - 1]) : describe_loss (train[e - 1]);
  if (test != NULL)
    test_text = accuracy ? entrena_format_percent (test[e - 1]) : describe_loss (test[e - 1]);

  if (test_text != NULL && accuracy)
    /* Translators: in the accuracy chart's description; %u is an epoch, both %s percentages. */
    g_string_append_printf (text, _("The epoch cursor is at epoch %u: train accuracy %s, test accuracy %s."),
                            e, train_text, test_text);
  else if (accuracy)
    /* Translators: in the accuracy chart's description; %u is an epoch, %s a percentage. */
    g_string_append_printf (text, _("The epoch cursor is at epoch %u: train accuracy %s."), e, train_text);
  else if (test_text != NULL)
    /* Translators: in the loss chart's description; %u is an epoch, both %s losses. */
    g_string_append_printf (text, _("The epoch cursor is at epoch %u: training loss %s, test loss %s."),
                            e, train_text, test_text);
  else
    /* Translators: in the loss chart's description; %u is an epoch, %s a loss. */
    g_string_append_printf (text, _("The epoch cursor is at epoch %u: training loss %s."), e, train_text);
}

/* The validation curve's sentences: its latest value, and where early
 * stopping ended the run. */
static void
describe_validation (const EntrenaChartData *data,
                     GString                *text)
{
  const float *val = _entrena_chart_val_series (data);
  gboolean accuracy = data->kind == ENTRENA_CHART_ACCURACY;
  guint n = data->n_epochs;
  guint best = 0;

  if (val == NULL || n == 0)
    return;

  for (guint i = 0; i < n; i++)
    if (isfinite (val[i]) && (best == 0 || (accuracy ? val[i] > val[best - 1] : val[i] < val[best - 1])))
      best = i + 1;

  if (best > 0)
    {
      g_autofree char *latest = accuracy ? entrena_format_percent (val[n - 1]) : describe_loss (val[n - 1]);
      g_autofree char *top = accuracy ? entrena_format_percent (val[best - 1]) : describe_loss (val[best - 1]);

      g_string_append_c (text, ' ');
      if (accuracy)
        /* Translators: in the accuracy chart's description; the %s are percentages, %u an epoch. */
        g_string_append_printf (text, _("Latest validation accuracy %s; the best, %s, at epoch %u."),
                                latest, top, best);
      else
        /* Translators: in the loss chart's description; the %s are losses, %u an epoch. */
        g_string_append_printf (text, _("Latest validation loss %s; the lowest, %s, at epoch %u."),
                                latest, top, best);
    }

  if (data->stopped_epoch > 0 && data->best_val_epoch > 0)
    {
      g_string_append_c (text, ' ');
      /* Translators: in the chart's description; the first %u is the epoch
       * at which training stopped, the second the epoch whose weights it kept. */
      g_string_append_printf (text, _("Early stopping ended training at epoch %u and kept the weights "
                                      "from epoch %u, where the validation loss was lowest."),
                              data->stopped_epoch, data->best_val_epoch);
    }

  if (data->cursor_epoch > 0 && (guint) data->cursor_epoch <= n)
    {
      g_autofree char *at = accuracy ? entrena_format_percent (val[data->cursor_epoch - 1])
                                     : describe_loss (val[data->cursor_epoch - 1]);

      g_string_append_c (text, ' ');
      /* Translators: in the chart's description, after the epoch cursor's
       * sentence; %s is a loss or a percentage. */
      g_string_append_printf (text, _("At the epoch cursor the validation value is %s."), at);
    }
}

/* The accuracy chart: the latest figures, which is measured when, and the
 * best test accuracy. */
static char *
describe_accuracy (const EntrenaChartData *data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint n = data->n_epochs;
  guint total = MAX (data->total_epochs, n);
  g_autofree char *train = NULL;

  if (n == 0 || data->train_accuracy == NULL)
    return g_strdup (_("Accuracy chart. No training yet."));

  /* Translators: the first sentence of the accuracy chart's description for
   * screen readers; the first %u is the latest epoch, the second the total. */
  g_string_append_printf (text, _("Accuracy chart, epoch %u of %u."), n, total);

  train = entrena_format_percent (data->train_accuracy[n - 1]);
  g_string_append_c (text, ' ');
  if (data->test_accuracy != NULL && isfinite (data->test_accuracy[n - 1]))
    {
      g_autofree char *test = entrena_format_percent (data->test_accuracy[n - 1]);
      guint best = 0;

      /* Translators: in the accuracy chart's description; both %s are percentages. */
      g_string_append_printf (text, _("Latest train accuracy %s (measured before the epoch’s step), "
                                      "test accuracy %s (after it)."), train, test);

      for (guint i = 0; i < n; i++)
        if (isfinite (data->test_accuracy[i]) &&
            (best == 0 || data->test_accuracy[i] > data->test_accuracy[best - 1]))
          best = i + 1;
      if (best > 0)
        {
          g_autofree char *best_text = entrena_format_percent (data->test_accuracy[best - 1]);

          g_string_append_c (text, ' ');
          /* Translators: in the accuracy chart's description; %s is a percentage and %u an epoch. */
          g_string_append_printf (text, _("The best test accuracy, %s, was first reached at epoch %u."),
                                  best_text, best);
        }
    }
  else
    {
      /* Translators: in the accuracy chart's description; %s is a percentage. */
      g_string_append_printf (text, _("Latest train accuracy %s (measured before the epoch’s step)."), train);
    }

  describe_cursor (data, text);
  describe_validation (data, text);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* One sentence per run of a comparison: where its curve ends. */
static void
describe_run (const EntrenaChartData *data,
              const char             *name,
              const float            *values,
              guint                   n,
              GString                *text)
{
  g_autofree char *last = NULL;
  guint e = n;

  /* The last epoch with a value: a diverged run ends in NaN. */
  while (e > 0 && !isfinite (values[e - 1]))
    e--;
  g_string_append_c (text, ' ');
  if (e == 0)
    {
      /* Translators: in the description of a chart comparing runs; %s is a run's name. */
      g_string_append_printf (text, _("“%s”: no value."), name);
      return;
    }
  last = data->kind == ENTRENA_CHART_ACCURACY ? entrena_format_percent (values[e - 1]) : describe_loss (values[e - 1]);
  /* Translators: in the description of a chart comparing runs: a run's
   * name, its last value (a loss or a percentage) and that epoch. */
  g_string_append_printf (text, _("“%s”: %s at epoch %u."), name, last, e);
}

/* A comparison of runs: which curve, then each run's. */
static char *
describe_overlays (const EntrenaChartData *data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *title = entrena_chart_title (data);
  const float *current = _entrena_chart_current_curve (data);

  g_string_append (text, title);
  g_string_append_c (text, '.');
  if (current != NULL)
    /* Translators: the current run in the legend of a chart comparing runs. */
    describe_run (data, data->current_name != NULL ? data->current_name : _("This run"), current, data->n_epochs, text);
  for (guint i = 0; i < data->n_overlays; i++)
    describe_run (data, data->overlays[i].name, data->overlays[i].values, data->overlays[i].n_values, text);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
entrena_chart_describe (const EntrenaChartData *data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint n;
  guint total;

  g_return_val_if_fail (data != NULL, NULL);

  if (data->n_overlays > 0)
    return describe_overlays (data);
  if (data->kind == ENTRENA_CHART_ACCURACY)
    return describe_accuracy (data);

  n = data->n_epochs;
  total = MAX (data->total_epochs, n);

  if (n == 0 || data->train_loss == NULL)
    return g_strdup (_("Loss chart. No training yet."));

  /* Each sentence is translated whole; the paragraph only joins them. */
  /* Translators: the first sentence of the loss chart's description for
   * screen readers; the first %u is the latest epoch, the second the total. */
  g_string_append_printf (text, _("Loss chart, epoch %u of %u."), n, total);

  {
    g_autofree char *train = describe_loss (data->train_loss[n - 1]);

    g_string_append_c (text, ' ');
    if (data->test_loss != NULL)
      {
        g_autofree char *test = describe_loss (data->test_loss[n - 1]);

        /* Translators: in the loss chart's description; both %s are losses. */
        g_string_append_printf (text, _("Latest training loss %s, test loss %s."), train, test);
      }
    else
      {
        /* Translators: in the loss chart's description; %s is a loss. */
        g_string_append_printf (text, _("Latest training loss %s."), train);
      }
  }

  g_string_append_c (text, ' ');
  switch (data->state)
    {
    case ENTRENA_CONVERGENCE_DIVERGED:
      if (data->diverged_epoch > 0)
        /* Translators: in the loss chart's description; %u is an epoch. */
        g_string_append_printf (text, _("Training diverged at epoch %u: the loss blew up. "
                                        "A lower learning rate usually helps."),
                                data->diverged_epoch);
      else
        g_string_append (text, _("Training diverged: the loss blew up. A lower learning rate usually helps."));
      break;

    case ENTRENA_CONVERGENCE_CONVERGED:
      if (data->suggested_epoch > 0)
        /* Translators: in the loss chart's description; %u is an epoch. */
        g_string_append_printf (text, _("The loss converged at about epoch %u: more epochs gain little."),
                                data->suggested_epoch);
      else
        g_string_append (text, _("The loss converged: more epochs gain little."));
      break;

    case ENTRENA_CONVERGENCE_STILL_IMPROVING:
    default:
      if (data->running)
        g_string_append (text, _("Training is running and the loss is still falling."));
      else
        g_string_append (text, _("The loss is still improving: training longer would help."));
      break;
    }

  if (data->best_test_epoch > 0 && data->test_loss != NULL && data->best_test_epoch <= n)
    {
      g_autofree char *best = describe_loss (data->test_loss[data->best_test_epoch - 1]);

      g_string_append_c (text, ' ');
      /* Translators: in the loss chart's description; %u is an epoch and %s a loss. */
      g_string_append_printf (text, _("The lowest test loss, %s, was at epoch %u."), best, data->best_test_epoch);
    }

  describe_cursor (data, text);
  describe_validation (data, text);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
