/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-model"

#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-checkpoint.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-model-io.h"
#include "fuzz-common.h"

/*
 * libFuzzer target for the model file reader. Model files are untrusted
 * input: whatever the bytes, entrena_model_load_bytes() must return a network
 * or an ENTRENA_ERROR_FORMAT error, without tripping ASan, UBSan or a
 * g_return_if_fail() check. What it accepts must also be consistent: the
 * description agrees with the network, and saving what was loaded and
 * loading that again gives the same bytes.
 *
 * The same bytes are also read as a checkpoint of a run on FUZZ_CSV (the
 * model corpus holds checkpoints of runs on it, made with entrena-cli train
 * FILE.csv --target label --save-checkpoint): a damaged file must be an
 * ENTRENA_ERROR_FORMAT error, one that does not match the table an
 * ENTRENA_ERROR_INVALID_ARGUMENT error, and a run restored must go on.
 *
 *   CC=clang meson setup _fuzz -Dfuzz=true -Db_sanitize=address,undefined \
 *     -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
 *   _fuzz/tests/fuzz-model -max_len=8192 -dict=tests/fuzz/model.dict \
 *     corpus-copy/ tests/fuzz/model-corpus/
 */

/* Uses a value so the compiler cannot drop the read that produced it. */
static volatile float sink;

static void
check_error (const GError *error)
{
  g_assert (error != NULL);
  g_assert (error->domain == ENTRENA_ERROR);
  g_assert (error->code == ENTRENA_ERROR_FORMAT);
  g_assert (g_utf8_validate (error->message, -1, NULL));
  g_assert (strstr (error->message, "fuzz.safetensors") != NULL);
}

/* Reads every parameter, so that ASan checks the buffer's size. */
static void
check_mlp (const EntrenaMlp *mlp)
{
  g_assert (mlp->n_layers >= 1 && mlp->n_layers <= ENTRENA_MAX_HIDDEN_LAYERS + 1);
  for (guint l = 0; l <= mlp->n_layers; l++)
    g_assert (mlp->sizes[l] >= 1);
  g_assert (mlp->sizes[mlp->n_layers] <= ENTRENA_MAX_CLASSES);
  for (gsize i = 0; i < mlp->n_params; i++)
    sink += mlp->params[i];
}

static void
check_info (const EntrenaModelInfo *info,
            const EntrenaMlp       *mlp)
{
  g_assert (info->n_features == mlp->sizes[0]);
  g_assert (info->n_classes == mlp->sizes[mlp->n_layers]);
  g_assert (info->training.n_hidden == mlp->n_layers - 1);
  for (guint l = 0; l < info->training.n_hidden; l++)
    g_assert (info->training.hidden[l] == mlp->sizes[l + 1]);
  g_assert (g_strv_length (info->feature_names) == info->n_features);
  g_assert (g_strv_length (info->feature_columns) == info->n_features);
  g_assert (g_strv_length (info->class_names) == info->n_classes);
  for (guint k = 0; k < info->n_features; k++)
    {
      g_assert (g_utf8_validate (info->feature_names[k], -1, NULL));
      g_assert (info->feature_categories[k] != NULL);
      sink += info->fill_values[k];
    }
  g_assert (info->exclude != NULL && info->categorical != NULL);
  g_assert (info->scaler == NULL || info->scaler->n_features == info->n_features);
  if (info->scaler != NULL)
    for (guint k = 0; k < info->n_features; k++)
      sink += (float) (info->scaler->mean[k] + info->scaler->scale[k]);
}

/* The data the corpus's checkpoints were trained on. */
#define FUZZ_CSV \
  "x,y,label\n0.45,-0.7,a\n-0.5,-0.86,b\n0.87,-0.27,a\n-1.68,0.01,b\n-0.13,-0.13,a\n" \
  "-1.66,-0.82,b\n0.65,0.65,a\n-1.55,-0.55,b\n1.05,0.9,a\n-0.65,-0.21,b\n1.75,-0.91,a\n" \
  "-0.08,-0.42,b\n0.09,-0.76,a\n-1.18,0.63,b\n0.16,0.16,a\n-0.52,-0.26,b\n0.9,-0.87,a\n" \
  "-1.68,-0.59,b\n1.16,-0.14,a\n-1.17,0.17,b\n"

/* Restores @bytes as a checkpoint: an error that names the file, or a run
 * that saves, restores to the same bytes, and goes on. */
static void
check_checkpoint (GBytes *bytes)
{
  static EntrenaTable *table;
  g_autoptr (EntrenaRunResult) run = NULL;
  g_autoptr (EntrenaRunResult) again = NULL;
  g_autoptr (GBytes) saved = NULL;
  g_autoptr (GBytes) saved_again = NULL;
  g_autoptr (GError) error = NULL;

  if (table == NULL)
    table = entrena_csv_read_data (FUZZ_CSV, strlen (FUZZ_CSV), "fuzz.csv", NULL, NULL);
  g_assert (table != NULL);

  run = entrena_checkpoint_restore_bytes (table, bytes, "fuzz.safetensors", &error);
  if (run == NULL)
    {
      g_assert (error != NULL && error->domain == ENTRENA_ERROR);
      g_assert (error->code == ENTRENA_ERROR_FORMAT || error->code == ENTRENA_ERROR_INVALID_ARGUMENT);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (strstr (error->message, "fuzz.safetensors") != NULL);
      return;
    }

  g_assert (run->training->n_epochs >= 1);
  saved = entrena_checkpoint_save_bytes (run, &error);
  g_assert (saved != NULL);
  again = entrena_checkpoint_restore_bytes (table, saved, "fuzz.safetensors", &error);
  g_assert (again != NULL);
  saved_again = entrena_checkpoint_save_bytes (again, &error);
  g_assert (saved_again != NULL && g_bytes_equal (saved, saved_again));
  if (run->training->n_epochs < 1000)
    g_assert (entrena_run_train_more (run, 1, NULL, NULL, NULL, NULL, &error));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaMlp) mlp = NULL;
  g_autoptr (EntrenaMlp) weights = NULL;
  g_autoptr (GError) error = NULL;

  check_checkpoint (bytes);

  /* Weights only, as for initial weights from PyTorch. */
  weights = entrena_model_load_bytes (bytes, "fuzz.safetensors", NULL, &error);
  if (weights == NULL)
    check_error (error);
  else
    check_mlp (weights);
  g_clear_error (&error);

  /* A whole Entrena model. */
  mlp = entrena_model_load_bytes (bytes, "fuzz.safetensors", &info, &error);
  if (mlp == NULL)
    {
      check_error (error);
      g_assert (info == NULL);
      return 0;
    }

  g_assert (error == NULL);
  g_assert (weights != NULL);
  g_assert (entrena_mlp_same_shape (mlp, weights));
  check_mlp (mlp);
  check_info (info, mlp);

  /* What was accepted saves, and loads back to the same thing. */
  {
    g_autoptr (GBytes) saved = NULL;
    g_autoptr (GBytes) saved_again = NULL;
    g_autoptr (EntrenaModelInfo) info2 = NULL;
    g_autoptr (EntrenaMlp) mlp2 = NULL;

    saved = entrena_model_save_bytes (mlp, info, &error);
    g_assert (saved != NULL);
    mlp2 = entrena_model_load_bytes (saved, "fuzz.safetensors", &info2, &error);
    g_assert (mlp2 != NULL);
    g_assert (mlp2->n_params == mlp->n_params);
    g_assert (memcmp (mlp2->params, mlp->params, mlp->n_params * sizeof (float)) == 0);
    saved_again = entrena_model_save_bytes (mlp2, info2, &error);
    g_assert (saved_again != NULL);
    g_assert (g_bytes_equal (saved, saved_again));
  }

  return 0;
}
