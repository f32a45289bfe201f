/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the training view's own files share: entrena-training-view.c (the
 * view, its chart and results, and the end of a run),
 * entrena-training-view-cursor.c (the chart's views and the epoch cursor)
 * and entrena-training-view-run.c (starting runs and driving them from the
 * run bar). Nothing else includes this.
 */

#include "entrena-decision-map-view.h"
#include "entrena-epoch-cursor.h"
#include "entrena-frame-delay.h"
#include "entrena-network-view.h"
#include "entrena-results-page.h"
#include "entrena-run-bar.h"
#include "entrena-runs-list.h"
#include "entrena-training-view.h"
#include "entrena-try-it.h"

G_BEGIN_DECLS

struct _EntrenaTrainingView
{
  AdwBin                parent_instance;

  /* Template children */
  EntrenaTrainingPage  *training_page;
  EntrenaRunBar        *run_bar;
  GtkProgressBar       *train_progress;
  EntrenaLossChart     *loss_chart;
  GtkWidget            *chart_placeholder;
  GtkStack             *view_stack;
  EntrenaDecisionMapView *map_view;
  EntrenaNetworkView   *network_view;
  EntrenaEpochCursor   *epoch_cursor;
  GtkWidget            *results_scroller;
  GtkPaned             *results_paned;
  EntrenaResultsPage   *results_page;
  EntrenaTryIt         *try_it;
  EntrenaRunsList      *runs_list;
  GtkWidget            *accuracy_view_button;
  GtkWidget            *map_view_button;

  /* Owned references */
  EntrenaTrainer       *trainer;           /* the current run's; NULL before the first */
  GCancellable         *train_cancellable; /* the current run; NULL when idle */
  EntrenaRunResult     *result;            /* the last run that finished */
  GVariant             *run_settings;      /* the current run's, for the Runs list */

  /* Plain state */
  char                 *table_name;        /* what the current run learns from, for messages */
  guint                 hold_source;       /* waits for a paused run to hold */
  guint                 dim_tick;          /* the tick callback that dims the results; 0 if none */
  guint                 settings_tick;     /* the tick callback that dims or brightens the settings; 0 if none */
  guint                 reveal_tick;       /* the tick callback that shows the first results; 0 if none */
  guint                 run_id;            /* the current run's number, from 1; 0 before */
  int                   try_it_epoch;      /* the snapshot Try It shows; -1 for the latest weights */
  gint64                try_it_updated;    /* when a live run last updated Try It (monotonic µs) */
  guint                 try_it_stale : 1;  /* the latest weights changed since Try It took them */
  guint                 training : 1;
};

/* entrena-training-view-task.c: the views a regression has not */
void        _entrena_training_view_show_task     (EntrenaTrainingView      *self,
                                                  EntrenaTask               task);
EntrenaTask _entrena_training_view_settings_task (EntrenaTable             *table,
                                                  const EntrenaRunSettings *settings);

/* entrena-training-view.c */
void     _entrena_training_view_set_training         (EntrenaTrainingView *self,
                                                      gboolean             training);
void     _entrena_training_view_drop_run             (EntrenaTrainingView *self);
void     _entrena_training_view_connect_trainer      (EntrenaTrainingView *self);
gpointer _entrena_training_view_train_call_new       (EntrenaTrainingView *self);
void     _entrena_training_view_train_cb             (GObject             *object,
                                                      GAsyncResult        *res,
                                                      gpointer             user_data);

/* entrena-training-view-cursor.c */
void     _entrena_training_view_cursor_init          (EntrenaTrainingView *self);
void     _entrena_training_view_update_cursor        (EntrenaTrainingView *self);
void     _entrena_training_view_dim_results          (EntrenaTrainingView *self,
                                                      gboolean             dimmed);
void     _entrena_training_view_notify_view          (EntrenaTrainingView *self);

/* entrena-training-view-try-it.c */
void     _entrena_training_view_update_try_it        (EntrenaTrainingView *self);

/* entrena-training-view-runs.c */
void     _entrena_training_view_runs_init            (EntrenaTrainingView *self);
void     _entrena_training_view_add_run              (EntrenaTrainingView *self);
void     _entrena_training_view_update_compare       (EntrenaTrainingView *self);

/* entrena-training-view-run.c */
void     _entrena_training_view_run_init             (EntrenaTrainingView *self);
void     _entrena_training_view_update_run_controls  (EntrenaTrainingView *self);

G_END_DECLS
