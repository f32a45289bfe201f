/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-dataset-page.h"
#include "entrena-run.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_TRAINING_PAGE (entrena_training_page_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaTrainingPage, entrena_training_page, ENTRENA, TRAINING_PAGE, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget          *entrena_training_page_new              (void);

void                entrena_training_page_bind_settings    (EntrenaTrainingPage *self,
                                                            GSettings           *settings);
EntrenaDatasetPage *entrena_training_page_get_dataset_page (EntrenaTrainingPage *self);
void                entrena_training_page_set_dataset_page (EntrenaTrainingPage *self,
                                                            EntrenaDatasetPage  *dataset_page);

void                entrena_training_page_get_run_settings (EntrenaTrainingPage *self,
                                                            EntrenaRunSettings  *settings);

guint               entrena_training_page_get_n_layers     (EntrenaTrainingPage *self);
void                entrena_training_page_set_layers       (EntrenaTrainingPage *self,
                                                            const guint         *sizes,
                                                            guint                n_layers);
void                entrena_training_page_add_layer        (EntrenaTrainingPage *self);
void                entrena_training_page_remove_layer     (EntrenaTrainingPage *self,
                                                            guint                index);
gboolean            entrena_training_page_get_scale_hint_visible (EntrenaTrainingPage *self);
gboolean            entrena_training_page_get_settings_valid (EntrenaTrainingPage *self);

void                entrena_training_page_apply_state      (EntrenaTrainingPage *self,
                                                            GVariant            *state);
void                entrena_training_page_restore_lesson_settings (EntrenaTrainingPage *self);
void                entrena_training_page_set_lesson_title (EntrenaTrainingPage *self,
                                                            const char          *title);
void                entrena_training_page_lock_setting     (EntrenaTrainingPage *self,
                                                            const char          *name,
                                                            gboolean             locked,
                                                            gboolean             hidden);

G_END_DECLS
