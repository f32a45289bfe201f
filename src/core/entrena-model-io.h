/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-mlp.h"
#include "entrena-model-info.h"

G_BEGIN_DECLS

/* The largest JSON header a model file may declare, the limit of the
 * reference safetensors implementation. */
#define ENTRENA_MODEL_MAX_HEADER_SIZE 100000000

gboolean    entrena_model_save       (const EntrenaMlp        *mlp,
                                      const EntrenaModelInfo  *info,
                                      GFile                   *file,
                                      GCancellable            *cancellable,
                                      GError                 **error);

EntrenaMlp *entrena_model_load       (GFile              *file,
                                      EntrenaModelInfo  **info,
                                      GCancellable       *cancellable,
                                      GError            **error) G_GNUC_WARN_UNUSED_RESULT;

EntrenaMlp *entrena_model_load_bytes (GBytes             *bytes,
                                      const char         *display_name,
                                      EntrenaModelInfo  **info,
                                      GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* The whole file entrena_model_save() would write, in memory. (transfer full) */
GBytes     *entrena_model_save_bytes (const EntrenaMlp        *mlp,
                                      const EntrenaModelInfo  *info,
                                      GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

/* Reads @file for a loader, with its name as messages show it. */
GBytes     *_entrena_model_read_file  (GFile         *file,
                                       char         **display_name,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
