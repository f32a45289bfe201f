/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EntrenaSnapshots:
 *
 * The network's weights after chosen epochs of a run, within a memory
 * budget, so that a person can look back at any epoch: epoch 0 (the initial
 * weights) and every epoch while they fit; past the budget only every
 * stride-th epoch is kept, the stride doubling each time the budget fills.
 * The newest epoch added is always kept too.
 *
 * Thread-safe: the training thread adds while the window reads.
 */
typedef struct _EntrenaSnapshots EntrenaSnapshots;

/* The budget the window gives a run's snapshots. */
#define ENTRENA_SNAPSHOTS_DEFAULT_BUDGET (64 * 1024 * 1024)

EntrenaSnapshots *entrena_snapshots_new        (gsize              n_params,
                                                gsize              budget_bytes) G_GNUC_WARN_UNUSED_RESULT;
void              entrena_snapshots_free       (EntrenaSnapshots  *self);
void              entrena_snapshots_add        (EntrenaSnapshots  *self,
                                                guint              epoch,
                                                const float       *params);
gboolean          entrena_snapshots_lookup     (EntrenaSnapshots  *self,
                                                guint              epoch,
                                                float             *params,
                                                guint             *found_epoch);
guint             entrena_snapshots_get_stride (EntrenaSnapshots  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaSnapshots, entrena_snapshots_free)

G_END_DECLS
