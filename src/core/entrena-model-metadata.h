/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A model file's "__metadata__" <-> EntrenaModelInfo (entrena-model-metadata.c). */

#include <json-glib/json-glib.h>

#include "entrena-model-info.h"

G_BEGIN_DECLS

gboolean          _entrena_model_metadata_check (const EntrenaModelInfo  *info,
                                                 GError                 **error);

JsonObject       *_entrena_model_metadata_write (const EntrenaModelInfo  *info);

EntrenaModelInfo *_entrena_model_metadata_read  (JsonObject              *metadata,
                                                 const guint             *sizes,
                                                 guint                    n_layers,
                                                 const char              *file,
                                                 GError                 **error);

/* entrena-model-metadata-optimizer.c: the optimizer's entries. Reading
 * returns NULL, or the key of an entry that is invalid. */
void              _entrena_model_metadata_write_optimizer (JsonObject                    *meta,
                                                           const EntrenaTrainingSettings *training);
const char       *_entrena_model_metadata_read_optimizer  (JsonObject                    *meta,
                                                           EntrenaTrainingSettings       *training);

/* entrena-model-metadata-range.c: the inputs' training range, optional.
 * Reading returns NULL, or the key of an entry that is invalid. */
void              _entrena_model_metadata_write_input_range (JsonObject             *meta,
                                                             const EntrenaModelInfo *info);
const char       *_entrena_model_metadata_read_input_range  (JsonObject             *meta,
                                                             EntrenaModelInfo       *info);

G_END_DECLS
