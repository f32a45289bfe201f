/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What bench-train.c and bench-train-child.c share. */

#include <glib.h>

#include "entrena-training.h"

G_BEGIN_DECLS

/* The network and split every run trains: the lesson's, on 11 wine-like
 * features and 6 quality classes. */
#define N_FEATURES   11
#define N_CLASSES    6
#define TEST_SIZE    0.2
#define SEED         42
#define HIDDEN_1     64
#define HIDDEN_2     32

/* What the parent asks one child run to do (hidden options). */
typedef struct
{
  int     rows;       /* rows in the file */
  char   *path;       /* the kernel path, or NULL for the dispatcher's */
  int     threads;
  int     warmup;     /* epochs before the timed ones */
  int     batch;      /* epochs per timed run */
  int     repeats;    /* timed runs */
  double  budget;     /* seconds of timed epochs before fewer repeats are made */
  int     chunk;      /* rows per chunk for the pieces, or 0 for the engine's */
} BenchTrainChildOptions;

/* The lesson's settings for that network: ReLU, Adam (lr 0.01), seed 42,
 * full batch, @epochs epochs. */
static inline void
bench_train_settings_init (EntrenaTrainingSettings *config,
                           guint                    epochs)
{
  entrena_training_settings_init (config);
  config->hidden[0] = HIDDEN_1;
  config->hidden[1] = HIDDEN_2;
  config->n_hidden = 2;
  config->learning_rate = 0.01;
  config->seed = SEED;
  config->epochs = epochs;
}

char *bench_train_generate_file (guint                         rows,
                                 GError                      **error);

int   bench_train_run_child     (const char                   *path,
                                 const BenchTrainChildOptions *options);

G_END_DECLS
