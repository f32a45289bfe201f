/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ENTRENA_CONVERGENCE_CONVERGED,
  ENTRENA_CONVERGENCE_STILL_IMPROVING,
  ENTRENA_CONVERGENCE_DIVERGED,
} EntrenaConvergenceState;

/* "converged", "still-improving", "diverged" */
const char *entrena_convergence_state_to_string (EntrenaConvergenceState state);

/**
 * EntrenaConvergence:
 * @state: what the curve shows
 * @suggested_epoch: 1-based epoch after which training gained little, or 0
 *   when there is none (still improving, diverged)
 * @diverged_epoch: 1-based first epoch with a non-finite or exploding loss, or 0
 * @best_test_epoch: 1-based epoch of the lowest test loss, or 0 without test losses
 *
 * What a loss curve says about training. The rule, on the training loss L
 * of epochs 1..E (the loss each epoch records before its step):
 *
 * 1. Diverged: some L is not finite, or exceeds 10 × L(1) + 1.
 * 2. Smooth L with a trailing mean over w = max (1, ⌊E / 20⌋) epochs: S.
 * 3. The plateau P is the mean of S over the last k = max (3, ⌊E / 10⌋)
 *    epochs; the total drop is D = max (S) − P, taken over the epochs before
 *    the plateau window.
 * 4. Still improving: S fell by more than 5% of D across the last k epochs,
 *    i.e. S(E − k) − S(E) > 0.05 D. Training longer would still pay.
 * 5. Otherwise converged at the first epoch e after which S stays within
 *    5% of D above P for good: S(e') − P ≤ 0.05 D for every e' ≥ e. A curve
 *    with no drop at all (D ≤ 1e-7 · max (1, |P|)) converged at epoch 1.
 *
 * The 5% band is wide enough to ignore the noise of mini-batches and the
 * slow creep of a plateau, and narrow enough to land near the knee of an
 * exponential decay (about 3 time constants).
 */
typedef struct
{
  EntrenaConvergenceState state;
  guint                   suggested_epoch;
  guint                   diverged_epoch;
  guint                   best_test_epoch;
} EntrenaConvergence;

void entrena_convergence_analyze (const float        *train_loss,
                                  const float        *test_loss,
                                  guint               n_epochs,
                                  EntrenaConvergence *result);

/* Whether a loss this large, after a first loss of @first, means training diverged. */
gboolean entrena_convergence_is_divergent (float first,
                                           float loss);

G_END_DECLS
