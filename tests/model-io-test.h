/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the model file tests share: test-model-io.c (descriptions, round
 * trips, saving) and test-model-io-damaged.c (damaged and foreign files,
 * metadata), one program.
 */

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "entrena-error.h"
#include "entrena-model-io.h"

#define DISPLAY_NAME "model.safetensors"

/* Layer sizes of a few networks. */
static const guint no_hidden[] = { 4, 3 };
static const guint lesson[] = { 11, 64, 32, 6 };

/* Every entry the metadata must have. */
static const char * const required_keys[] = {
  "entrena_format", "delimiter", "has_header", "decimal_comma", "exclude", "categorical",
  "missing", "test_size", "split_seed", "stratify", "hidden_layers", "learning_rate", "epochs",
  "seed", "batch_size", "standardize", "n_features", "feature_names", "feature_columns",
  "feature_categories", "fill_values", "n_classes", "class_names", "scaler_mean", "scaler_scale",
};

EntrenaMlp       *make_mlp           (const guint             *sizes,
                                     guint                    n_sizes,
                                     guint32                  seed,
                                     gboolean                 special_values);
char            **strv_new           (const char              *first,
                                     ...) G_GNUC_NULL_TERMINATED;
EntrenaModelInfo *make_info          (const EntrenaMlp        *mlp,
                                     gboolean                 with_scaler,
                                     guint32                  seed);

void              assert_strv_equal  (char * const            *a,
                                     char * const            *b,
                                     guint                    n);
void              assert_info_equal  (const EntrenaModelInfo  *a,
                                     const EntrenaModelInfo  *b);
void              assert_mlp_equal   (const EntrenaMlp        *a,
                                     const EntrenaMlp        *b);

char             *make_test_dir      (void);
guint             count_dir_entries  (const char              *path);
GBytes           *read_bytes         (const char              *path);

JsonObject       *parse_header       (GBytes                  *bytes,
                                     gsize                   *header_len);
GBytes           *rebuild            (JsonObject              *root,
                                     GBytes                  *original,
                                     gsize                    header_len);

GError           *load_checked       (GBytes                  *bytes,
                                     gboolean                 with_info,
                                     EntrenaMlp             **mlp,
                                     EntrenaModelInfo       **info);
void              assert_rejected    (GBytes                  *bytes,
                                     gboolean                 with_info);
gboolean          load_any           (GBytes                  *bytes,
                                     gboolean                 with_info);
GBytes           *small_model_bytes  (void);

/* test-model-io-damaged.c */
void add_damaged_file_tests (void);
