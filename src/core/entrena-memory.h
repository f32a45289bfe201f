/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Above this many bytes of training and test rows, a training run reads its
 * rows from the dataset chunk by chunk instead of copying them all once: the
 * copies would double the memory a big run takes. */
#define ENTRENA_TRAINING_COPY_LIMIT ((guint64) 64 << 20)

guint64  entrena_memory_available        (void);
guint64  entrena_memory_estimate_table   (guint64      n_rows,
                                          guint64      n_columns);
guint64  entrena_memory_estimate_training (guint64     n_train,
                                           guint64     n_test,
                                           guint       n_features,
                                           const guint *hidden,
                                           guint        n_hidden,
                                           guint        n_classes,
                                           guint64      batch_size);
gboolean entrena_memory_fits             (guint64      needed,
                                          char       **needed_text,
                                          char       **available_text);
void     entrena_memory_give_back        (gpointer     block,
                                          gsize        from,
                                          gsize        to);

G_END_DECLS
