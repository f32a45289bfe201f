/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The task and the target scaling in a model file's "__metadata__"
 * (entrena-model-task.c), beside entrena-model-metadata.c's keys. */

#include <json-glib/json-glib.h>

#include "entrena-model-info.h"

G_BEGIN_DECLS

void     _entrena_model_task_write (const EntrenaModelInfo *info,
                                    JsonObject             *meta);

gboolean _entrena_model_task_read  (JsonObject             *meta,
                                    EntrenaModelInfo       *info,
                                    const char             *file,
                                    GError                **error);

/* A regression model's output in the target's units. */
double   entrena_model_info_unscale_target (const EntrenaModelInfo *info,
                                            float                   output);

G_END_DECLS
