/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-convergence"

#include "config.h"

#include <math.h>

#include "entrena-convergence.h"

#define BAND 0.05

const char *
entrena_convergence_state_to_string (EntrenaConvergenceState state)
{
  switch (state)
    {
    case ENTRENA_CONVERGENCE_CONVERGED:
      return "converged";
    case ENTRENA_CONVERGENCE_STILL_IMPROVING:
      return "still-improving";
    case ENTRENA_CONVERGENCE_DIVERGED:
      return "diverged";
    default:
      g_return_val_if_reached ("converged");
    }
}

gboolean
entrena_convergence_is_divergent (float first,
                                  float loss)
{
  return !isfinite (loss) || (isfinite (first) && loss > 10.0f * first + 1.0f);
}

void
entrena_convergence_analyze (const float        *train_loss,
                             const float        *test_loss,
                             guint               n_epochs,
                             EntrenaConvergence *result)
{
  g_autofree double *smooth = NULL;
  guint w;
  guint k;
  double plateau = 0;
  double top = -INFINITY;
  double drop;
  double window_sum = 0;

  g_return_if_fail (result != NULL);

  result->state = ENTRENA_CONVERGENCE_STILL_IMPROVING;
  result->suggested_epoch = 0;
  result->diverged_epoch = 0;
  result->best_test_epoch = 0;

  if (test_loss != NULL)
    for (guint e = 0; e < n_epochs; e++)
      if (isfinite (test_loss[e]) && (result->best_test_epoch == 0 || test_loss[e] < test_loss[result->best_test_epoch - 1]))
        result->best_test_epoch = e + 1;

  if (n_epochs == 0)
    return;

  for (guint e = 0; e < n_epochs; e++)
    if (entrena_convergence_is_divergent (train_loss[0], train_loss[e]))
      {
        result->state = ENTRENA_CONVERGENCE_DIVERGED;
        result->diverged_epoch = e + 1;
        return;
      }

  /* Trailing mean: S(e) is the mean of L over epochs max (1, e - w + 1) .. e. */
  w = MAX (1, n_epochs / 20);
  smooth = g_new (double, n_epochs);
  for (guint e = 0; e < n_epochs; e++)
    {
      window_sum += train_loss[e];
      if (e >= w)
        window_sum -= train_loss[e - w];
      smooth[e] = window_sum / MIN (e + 1, w);
    }

  k = MAX (3, n_epochs / 10);
  if (k >= n_epochs)
    {
      /* Too short a run to tell a plateau from a slope. */
      return;
    }

  for (guint e = n_epochs - k; e < n_epochs; e++)
    plateau += smooth[e];
  plateau /= k;
  for (guint e = 0; e < n_epochs - k; e++)
    top = MAX (top, smooth[e]);
  drop = top - plateau;

  if (drop <= 1e-7 * MAX (1.0, fabs (plateau)))
    {
      result->state = ENTRENA_CONVERGENCE_CONVERGED;
      result->suggested_epoch = 1;
      return;
    }

  if (smooth[n_epochs - 1 - k] - smooth[n_epochs - 1] > BAND * drop)
    return;

  result->state = ENTRENA_CONVERGENCE_CONVERGED;
  result->suggested_epoch = 1;
  for (guint e = n_epochs; e-- > 0;)
    if (smooth[e] - plateau > BAND * drop)
      {
        result->suggested_epoch = e + 2;
        break;
      }
  result->suggested_epoch = MIN (result->suggested_epoch, n_epochs);
}
