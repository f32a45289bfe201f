/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-run.h"

G_BEGIN_DECLS

/* The options that choose a run's data and settings, shared by the commands
 * that train or describe a run: --target, --exclude, --layers, --lr, ... */
typedef struct
{
  char    *target;
  char   **exclude_args;
  char   **categorical_args;
  char    *missing;
  char    *layers;
  double   lr;
  gint64   epochs;
  double   test_size;
  gint64   seed;
  gint64   batch_size;
  gboolean standardize;
  gboolean stratify;
  char    *optimizer;
  double   momentum;
  gboolean nesterov;
  double   weight_decay;
  char    *activation;
  double   val_size;
  gint64   patience;
  char    *task;
  gboolean scale_target;

  /* Filled by entrena_cli_run_options_apply (). */
  char   **exclude;
  char   **categorical;

  /* (nullable) a lesson's settings, for the options left out */
  GVariant *base;
} EntrenaCliRunOptions;

void     entrena_cli_run_options_clear (EntrenaCliRunOptions *self);
/* Sets @self to the defaults, adds the run options, the command's own
 * @entries and @summary to @context, and parses the command line. */
gboolean entrena_cli_run_options_parse (EntrenaCliRunOptions *self,
                                        GOptionContext       *context,
                                        const GOptionEntry   *entries,
                                        const char           *summary,
                                        int                  *argc,
                                        char               ***argv,
                                        GError              **error);
/* Checks --optimizer, --momentum, --nesterov and --weight-decay together
 * (a bad combination is not a usage error: the command fails with exit
 * status 1) and fills in the defaults of those left out. */
gboolean entrena_cli_run_options_check_optimizer (EntrenaCliRunOptions *self,
                                                  GError              **error);
/* Checks the values and fills @settings; the strings stay owned by @self.
 * A mistyped value fails with %ENTRENA_ERROR_INVALID_ARGUMENT, a validation
 * share or patience that cannot be used with %ENTRENA_ERROR_SPLIT. */
gboolean entrena_cli_run_options_apply (EntrenaCliRunOptions *self,
                                        EntrenaRunSettings   *settings,
                                        GError              **error);

/* Takes the options left out from @settings, a lesson's `a{sv}` settings
 * (entrena-lesson.h), rather than from the defaults. */
void     entrena_cli_run_options_set_base (EntrenaCliRunOptions *self,
                                           GVariant             *settings);

/* Epochs to train on from a checkpoint: --epochs, or 100; 0 when out of range. */
guint    entrena_cli_run_options_more_epochs  (EntrenaCliRunOptions *self);
/* Going on from a checkpoint whose run @info describes: the options given
 * must agree with it (those left out take its values). */
gboolean entrena_cli_run_options_check_resume (EntrenaCliRunOptions   *self,
                                               const EntrenaModelInfo *info,
                                               const char             *checkpoint,
                                               GError                **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntrenaCliRunOptions, entrena_cli_run_options_clear)

G_END_DECLS
