/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-dataset.h"
#include "entrena-table.h"

G_BEGIN_DECLS

#define ENTRENA_TYPE_DATASET_PAGE (entrena_dataset_page_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaDatasetPage, entrena_dataset_page, ENTRENA, DATASET_PAGE, AdwBin)

GtkWidget           *entrena_dataset_page_new                   (void);

EntrenaTable        *entrena_dataset_page_get_table             (EntrenaDatasetPage  *self);
void                 entrena_dataset_page_set_table             (EntrenaDatasetPage  *self,
                                                                 EntrenaTable        *table);
GListModel          *entrena_dataset_page_get_columns           (EntrenaDatasetPage  *self);
int                  entrena_dataset_page_get_target_column     (EntrenaDatasetPage  *self);
void                 entrena_dataset_page_set_target_column     (EntrenaDatasetPage  *self,
                                                                 int                  column);
gboolean             entrena_dataset_page_get_column_is_feature (EntrenaDatasetPage  *self,
                                                                 guint                column);
void                 entrena_dataset_page_set_column_is_feature (EntrenaDatasetPage  *self,
                                                                 guint                column,
                                                                 gboolean             feature);
EntrenaMissingPolicy entrena_dataset_page_get_missing_policy    (EntrenaDatasetPage  *self);
void                 entrena_dataset_page_set_missing_policy    (EntrenaDatasetPage  *self,
                                                                 EntrenaMissingPolicy policy);
G_GNUC_WARN_UNUSED_RESULT
char               **entrena_dataset_page_dup_excluded_columns  (EntrenaDatasetPage  *self);
void                 entrena_dataset_page_lock_setting          (EntrenaDatasetPage  *self,
                                                                 const char          *name,
                                                                 gboolean             locked,
                                                                 gboolean             hidden);

G_END_DECLS
