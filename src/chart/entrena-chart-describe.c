/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-chart.h"

/* The loss chart in words, for screen readers. */

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

char *
entrena_chart_describe (const EntrenaChartData *data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint n;
  guint total;

  g_return_val_if_fail (data != NULL, NULL);

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

  return g_string_free (g_steal_pointer (&text), FALSE);
}
