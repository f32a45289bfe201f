/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the training page's files share: entrena-training-page.c (the page, and
 * its advice for the data at hand), entrena-training-page-layers.c (the hidden
 * layers) and entrena-training-page-form.c (the other values, kept in
 * GSettings and read as run settings). Nothing else includes this.
 */

#include "entrena-training-page.h"
#include "entrena-training.h"

G_BEGIN_DECLS

struct _EntrenaTrainingPage
{
  AdwBin               parent_instance;

  /* Template children */
  AdwActionRow        *test_size_row;
  GtkSpinButton       *test_size_spin;
  AdwActionRow        *advice_row;
  GtkSwitch           *stratify_switch;
  AdwActionRow        *stratify_row;
  AdwComboRow         *task_row;
  AdwActionRow        *scale_target_row;
  GtkSwitch           *scale_target_switch;
  AdwPreferencesGroup *network_group;
  GtkListBox          *layers_list;
  GtkSpinButton       *learning_rate_spin;
  AdwComboRow         *optimizer_row;
  AdwActionRow        *momentum_row;
  GtkSpinButton       *momentum_spin;
  AdwActionRow        *nesterov_row;
  GtkSwitch           *nesterov_switch;
  GtkSpinButton       *weight_decay_spin;
  AdwActionRow        *optimizer_error_row;
  GtkSpinButton       *epochs_spin;
  AdwExpanderRow      *batch_row;
  GtkSpinButton       *batch_size_spin;
  GtkSpinButton       *seed_spin;
  GtkSwitch           *standardize_switch;
  AdwActionRow        *scale_hint_row;
  GtkButton           *lesson_button;
  AdwComboRow         *activation_row;
  GtkSpinButton       *val_size_spin;
  AdwActionRow        *early_stopping_row;
  GtkSwitch           *early_stopping_switch;
  AdwActionRow        *patience_row;
  GtkSpinButton       *patience_spin;

  /* Owned references */
  GSettings           *settings;     /* nullable */
  EntrenaDatasetPage  *dataset_page; /* nullable */
  GPtrArray           *layer_rows;   /* AdwActionRow, input side first */
  GtkWidget           *add_row;
  char                *lesson_tooltip; /* Restore Lesson Settings' own, while a lesson file changes it */
  EntrenaTable        *task_table;   /* the table whose target the task row was suggested for */
  char                *task_reason;  /* why the task row shows what it suggested */

  /* Plain state */
  guint                update_source;
  guint                n_rows;       /* of the table, 0 without one */
  guint                n_inputs;     /* the network's, 0 without data */
  guint                n_classes;
  guint                rebuilding_layers : 1;
  guint                scale_mismatch : 1;
  guint                optimizer_valid : 1;
  guint                momentum_hidden : 1;    /* by a lesson */
  guint                nesterov_hidden : 1;
  guint                optimizer_shown;  /* EntrenaOptimizer of the row's last choice */
  int                  task_column;      /* the target the task was suggested for, -1 for none */
};

/* entrena-training-page-layers.c */
void _entrena_training_page_class_add_layer_actions (GtkWidgetClass          *widget_class);
void _entrena_training_page_init_layers             (EntrenaTrainingPage     *self);
void _entrena_training_page_layers_to_config        (EntrenaTrainingPage     *self,
                                                     EntrenaTrainingSettings *config);
void _entrena_training_page_update_network_summary  (EntrenaTrainingPage     *self);

/* entrena-training-page-optimizer.c */
void _entrena_training_page_init_optimizer          (EntrenaTrainingPage           *self);
void _entrena_training_page_optimizer_to_config     (EntrenaTrainingPage           *self,
                                                     EntrenaTrainingSettings       *config);
void _entrena_training_page_show_optimizer          (EntrenaTrainingPage           *self,
                                                     const EntrenaTrainingSettings *config);
/* A lesson hides the option @name ("momentum" or "nesterov") or shows it again
 * where it applies. */
void _entrena_training_page_hide_optimizer_option   (EntrenaTrainingPage           *self,
                                                     const char                    *name,
                                                     gboolean                       hidden);
/* Tells the page that whether its settings make a run may have changed. */
void _entrena_training_page_notify_settings_valid   (EntrenaTrainingPage           *self);

/* entrena-training-page.c */
void _entrena_training_page_flush_update            (EntrenaTrainingPage     *self);

/* entrena-training-page-task.c: the task row, Scale target, and what
 * regression changes on the page (no stratifying). */
void _entrena_training_page_init_task               (EntrenaTrainingPage     *self);
void _entrena_training_page_dispose_task            (EntrenaTrainingPage     *self);
/* Suggests the task when the target column is another one than last time. */
void _entrena_training_page_update_task             (EntrenaTrainingPage     *self,
                                                     EntrenaTable            *table,
                                                     int                      target);
void _entrena_training_page_task_to_settings        (EntrenaTrainingPage     *self,
                                                     EntrenaRunSettings      *settings);
/* Shows a saved task (%ENTRENA_TASK_AUTO: the suggestion) and target scaling. */
void _entrena_training_page_show_task               (EntrenaTrainingPage     *self,
                                                     EntrenaTask              task,
                                                     gboolean                 scale_target);

/* entrena-training-page-form.c */
void _entrena_training_page_init_form               (EntrenaTrainingPage     *self);
gboolean _entrena_training_page_number_output_cb    (GtkSpinButton           *spin);

G_END_DECLS
