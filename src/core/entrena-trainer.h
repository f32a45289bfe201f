/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-run.h"

G_BEGIN_DECLS

typedef enum
{
  ENTRENA_TRAINER_IDLE,
  ENTRENA_TRAINER_PREPARING,
  ENTRENA_TRAINER_RUNNING,
  ENTRENA_TRAINER_DONE,
} EntrenaTrainerState;

GType entrena_trainer_state_get_type (void);
#define ENTRENA_TYPE_TRAINER_STATE (entrena_trainer_state_get_type ())

#define ENTRENA_TYPE_TRAINER (entrena_trainer_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaTrainer, entrena_trainer, ENTRENA, TRAINER, GObject)

EntrenaTrainer       *entrena_trainer_new            (void);
EntrenaTrainerState   entrena_trainer_get_state      (EntrenaTrainer *self);
guint                 entrena_trainer_get_epoch      (EntrenaTrainer *self);
guint                 entrena_trainer_get_epochs     (EntrenaTrainer *self);
double                entrena_trainer_get_train_loss (EntrenaTrainer *self);
double                entrena_trainer_get_test_loss  (EntrenaTrainer *self);
double                entrena_trainer_get_test_accuracy (EntrenaTrainer *self);
double                entrena_trainer_get_train_accuracy (EntrenaTrainer *self);

void                  entrena_trainer_run_async      (EntrenaTrainer           *self,
                                                      EntrenaTable             *table,
                                                      const EntrenaRunSettings *settings,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
EntrenaRunResult     *entrena_trainer_run_finish     (EntrenaTrainer  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error) G_GNUC_WARN_UNUSED_RESULT;
void                  entrena_trainer_train_more_async (EntrenaTrainer      *self,
                                                        EntrenaRunResult    *run,
                                                        guint                more,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void                  entrena_trainer_stop           (EntrenaTrainer *self);
void                  entrena_trainer_set_paused     (EntrenaTrainer *self,
                                                      gboolean        paused);
gboolean              entrena_trainer_get_paused     (EntrenaTrainer *self);
void                  entrena_trainer_step           (EntrenaTrainer *self);
void                  entrena_trainer_set_pace       (EntrenaTrainer *self,
                                                      double          epochs_per_second);
double                entrena_trainer_get_pace       (EntrenaTrainer *self);
gboolean              entrena_trainer_is_holding     (EntrenaTrainer *self);
EntrenaRunResult     *entrena_trainer_dup_run        (EntrenaTrainer *self) G_GNUC_WARN_UNUSED_RESULT;
void                  entrena_trainer_set_snapshot_budget (EntrenaTrainer *self,
                                                           gsize           budget_bytes);

G_END_DECLS
