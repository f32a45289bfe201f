/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-memory"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "entrena-memory.h"
#include "entrena-snapshots.h"

/*
 * Memory before it is taken: loading a table and starting a run first
 * estimate what they will allocate and compare it with what the system can
 * give (MemAvailable), so that a file of 100,000 columns or a network of
 * layers of 65,536 neurons is refused with a message that says how much it
 * needs and what to change, not a crash or a machine that swaps to a halt.
 * The estimates are upper bounds of what the core allocates, in bytes.
 */

/* Bytes a table column costs besides its cells: its struct, name and stats. */
#define COLUMN_OVERHEAD 256

/* Rows a training pass works on at once (entrena-training.c's CHUNK_ROWS). */
#define PASS_ROWS 1024

/**
 * entrena_memory_available:
 *
 * How much memory the system can give without swapping: MemAvailable from
 * /proc/meminfo. The environment variable ENTRENA_MEMORY_AVAILABLE (bytes)
 * overrides it, for tests.
 *
 * Returns: bytes, or %G_MAXUINT64 when unknown
 */
guint64
entrena_memory_available (void)
{
  const char *forced = g_getenv ("ENTRENA_MEMORY_AVAILABLE");
  g_autofree char *meminfo = NULL;
  const char *line;

  if (forced != NULL && forced[0] != '\0')
    return g_ascii_strtoull (forced, NULL, 10);

  if (!g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    return G_MAXUINT64;

  line = strstr (meminfo, "MemAvailable:");
  if (line == NULL)
    return G_MAXUINT64;

  return g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
}

static guint64
clamp_to_u64 (double bytes)
{
  return bytes >= (double) G_MAXUINT64 ? G_MAXUINT64 : (guint64) bytes;
}

/**
 * entrena_memory_estimate_table:
 * @n_rows: the rows a table is expected to hold
 * @n_columns: its columns
 *
 * Returns: the bytes a table of that size takes: a float per cell, a text
 *   code for half of them at most, and each column's own cost
 */
guint64
entrena_memory_estimate_table (guint64 n_rows,
                               guint64 n_columns)
{
  return clamp_to_u64 ((double) n_rows * (double) n_columns * sizeof (float) +
                       (double) n_columns * COLUMN_OVERHEAD);
}

/**
 * entrena_memory_estimate_training:
 * @n_train: training rows
 * @n_test: test rows
 * @n_features: inputs
 * @hidden: (array length=n_hidden): hidden layer sizes
 * @n_hidden: hidden layers
 * @n_classes: outputs
 * @batch_size: rows per step, 0 for all
 *
 * Returns: the bytes a run of this shape allocates: the rows it trains and
 *   tests on (when it copies them), its weights six times (weights, gradients, Adam's two moments,
 *   the initial and the previous weights), a pass's activations and
 *   gradients, and the snapshots' budget
 */
guint64
entrena_memory_estimate_training (guint64      n_train,
                                  guint64      n_test,
                                  guint        n_features,
                                  const guint *hidden,
                                  guint        n_hidden,
                                  guint        n_classes,
                                  guint64      batch_size)
{
  double params = 0;
  double units = n_features;
  double rows = MIN ((double) PASS_ROWS, (double) MAX (MAX (batch_size > 0 ? batch_size : n_train, n_test), 1));
  double bytes;
  guint previous = n_features;

  for (guint l = 0; l <= n_hidden; l++)
    {
      guint size = l < n_hidden ? hidden[l] : n_classes;

      params += ((double) previous + 1) * size;
      units += size;
      previous = size;
    }

  /* The rows are copied only up to ENTRENA_TRAINING_COPY_LIMIT; beyond it
   * each pass gathers a chunk at a time, which the activations below cover. */
  bytes = ((double) n_train + (double) n_test) * n_features * sizeof (float);
  if (bytes > ENTRENA_TRAINING_COPY_LIMIT)
    bytes = 0;
  bytes += (double) batch_size * n_features * sizeof (float);
  bytes += 6 * params * sizeof (float);
  bytes += 3 * rows * units * sizeof (float);
  bytes += ENTRENA_SNAPSHOTS_DEFAULT_BUDGET;

  return clamp_to_u64 (bytes);
}

/**
 * entrena_memory_fits:
 * @needed: bytes an operation will allocate
 * @needed_text: (out) (optional) (transfer full): @needed for a message ("1.2 GB")
 * @available_text: (out) (optional) (transfer full): the memory available, likewise
 *
 * Returns: whether @needed is within entrena_memory_available()
 */
gboolean
entrena_memory_fits (guint64   needed,
                     char    **needed_text,
                     char    **available_text)
{
  guint64 available = entrena_memory_available ();

  if (needed_text != NULL)
    *needed_text = g_format_size (needed);
  if (available_text != NULL)
    *available_text = g_format_size (available);

  return needed <= available;
}

/**
 * entrena_memory_give_back:
 * @block: an allocation that is freed without being read again
 * @from: bytes at its start given back by the previous call (0 on the first)
 * @to: bytes at its start that are not read again (at least @from)
 *
 * Gives the system back the pages of @block's first @to bytes, so that a
 * large array consumed from its start stops counting as it is consumed
 * rather than when it is freed. Called with growing @to (each call's @from
 * the previous call's @to), every whole page of that range is given back
 * exactly once; the partial pages at @block's ends stay, so the allocator's
 * own bookkeeping around it is never touched.
 *
 * The bytes given back are lost: on Linux the pages read as zeros
 * afterwards. Elsewhere this does nothing, and the memory is given back
 * when @block is freed.
 */
void
entrena_memory_give_back (gpointer block,
                          gsize    from,
                          gsize    to)
{
#if defined (__linux__) && defined (MADV_DONTNEED)
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guintptr base = (guintptr) block;
  guintptr first;
  guintptr start;
  guintptr end;

  g_return_if_fail (from <= to);

  first = (base + page - 1) & ~(guintptr) (page - 1);   /* the first whole page */
  start = MAX (first, (base + from) & ~(guintptr) (page - 1));
  end = (base + to) & ~(guintptr) (page - 1);
  if (block != NULL && end > start)
    madvise ((void *) start, end - start, MADV_DONTNEED);
#else
  (void) block;
  (void) from;
  (void) to;
#endif
}
