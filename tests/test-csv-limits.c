/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-csv-limits"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#if defined(__SANITIZE_ADDRESS__)
/* The sanitizer runtime's count of bytes in use (gcc ships no header for it). */
size_t __sanitizer_get_current_allocated_bytes (void);
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

#include "entrena-csv.h"
#include "entrena-dataset.h"
#include "entrena-error.h"
#include "entrena-memory.h"
#include "entrena-run.h"
#include "entrena-table.h"

/*
 * Resource limits: a 1 GB CSV loads with progress and stops at once when
 * cancelled at any point; loads and runs too big for the memory available
 * are refused before they allocate; and the work a hostile file controls
 * (columns, repeated header names, classes, cell length) grows linearly:
 * each probe reads a file and one four times larger, checks that the memory
 * the table keeps grew about four times, not sixteen, and prints how time
 * grew (printed only: tests assert no wall-clock time).
 */

/* Under AddressSanitizer every byte parsed costs some twenty times more: the
 * same chunks and cancels, on a smaller file (the plain build reads 1 GB). */
#if defined(__SANITIZE_ADDRESS__)
#define BIG_CSV_MB 64
#else
#define BIG_CSV_MB 1024
#endif

/* Bytes of the big file: ENTRENA_TEST_BIG_CSV_MB overrides the 1 GB. */
static guint64
big_size (void)
{
  const char *mb = g_getenv ("ENTRENA_TEST_BIG_CSV_MB");

  return (mb != NULL ? g_ascii_strtoull (mb, NULL, 10) : BIG_CSV_MB) * 1024 * 1024;
}

static char *big_path;

static const char *
big_file (void)
{
  const char row[] = "12.5,3.25,-7,0.001,118.75,2.5,x\n";
  gsize block_size = 1024 * 1024 / (sizeof row - 1) * (sizeof row - 1);
  g_autofree char *block = g_malloc (block_size);
  guint64 target = big_size ();
  guint64 written = 0;
  FILE *f;

  if (big_path != NULL)
    return big_path;

  for (gsize at = 0; at < block_size; at += sizeof row - 1)
    memcpy (block + at, row, sizeof row - 1);

  big_path = g_build_filename (g_get_tmp_dir (), "entrena-test-1gb-XXXXXX.csv", NULL);
  g_close (g_mkstemp (big_path), NULL);
  f = fopen (big_path, "w");
  g_assert_nonnull (f);
  fputs ("a,b,c,d,e,f,label\n", f);
  for (; written < target; written += block_size)
    g_assert_cmpuint (fwrite (block, 1, block_size, f), ==, block_size);
  g_assert_cmpint (fclose (f), ==, 0);

  return big_path;
}

typedef struct
{
  GCancellable *cancellable;
  guint         cancel_at;     /* the progress call that cancels */
  guint         calls;
  guint         calls_after;   /* progress calls after the cancel */
  guint64       done_at_cancel;
  guint64       done_last;
  guint64       total;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  p->calls++;
  if (p->calls > p->cancel_at)
    p->calls_after++;
  g_assert_cmpuint (done, >=, p->done_last);
  g_assert_cmpuint (done, <=, total);
  p->done_last = done;
  p->total = total;
  if (p->calls == p->cancel_at)
    {
      p->done_at_cancel = done;
      g_cancellable_cancel (p->cancellable);
    }
}

static void
load_and_cancel (guint cancel_at,
                 guint expected_calls)
{
  g_autoptr(GFile) file = g_file_new_for_path (big_file ());
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(GError) error = NULL;
  Progress p = { cancellable, cancel_at, 0, 0, 0, 0, 0 };

  table = entrena_csv_read_file (file, NULL, cancellable, progress_cb, &p, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Nothing more is read or parsed once cancelled. */
  g_assert_cmpuint (p.calls_after, ==, 0);
  g_assert_cmpuint (p.done_last, ==, p.done_at_cancel);
  g_assert_cmpuint (p.calls, ==, expected_calls);
  g_test_message ("cancelled at progress call %u of %u, %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                  " bytes read", cancel_at, expected_calls, p.done_at_cancel, p.total);
}

/* Progress comes once per chunk (1 MiB, a few milliseconds of parsing), and
 * a cancel is honoured at the next chunk boundary: at the start, in the
 * middle and at the very last chunk of a 1 GB file. */
static void
test_cancel_big_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (big_file ());
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  guint64 size = (guint64) g_file_info_get_size (info);
  guint n_chunks = (guint) ((size + 1024 * 1024) / (1024 * 1024));
  guint64 bytes_per_call;

  g_test_message ("%" G_GUINT64_FORMAT " bytes, %u progress calls", size, n_chunks);
  load_and_cancel (1, 1);
  load_and_cancel (n_chunks / 2, n_chunks / 2);
  /* At the last chunk the whole file has been read, with progress all the
   * way, and the table is still not made. */
  load_and_cancel (n_chunks, n_chunks);

  /* The work between two chances to stop: one chunk. */
  bytes_per_call = size / n_chunks;
  g_assert_cmpuint (bytes_per_call, <=, 1024 * 1024);
}

/* Layers of 100,000 neurons: refused with the estimate, nothing allocated. */
static void
test_huge_layers (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "train-small.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(EntrenaRunResult) run = NULL;
  g_autoptr(GError) error = NULL;
  const guint hidden[] = { 100000, 100000 };
  EntrenaRunSettings settings;
  guint64 estimate;

  estimate = entrena_memory_estimate_training (72, 18, 5, hidden, 2, 3, 0);
  g_assert_cmpuint (estimate, >, (guint64) 6 * 100000 * 100000 * sizeof (float));

  table = entrena_csv_read_file (file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.n_hidden = 2;
  memcpy (settings.training.hidden, hidden, sizeof hidden);

  /* Whatever this machine has, 240 GB of weights is refused. */
  g_setenv ("ENTRENA_MEMORY_AVAILABLE", "200000000000", TRUE);
  run = entrena_run_start (table, &settings, NULL, &error);
  g_unsetenv ("ENTRENA_MEMORY_AVAILABLE");
  g_assert_null (run);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_MEMORY);
  g_assert_nonnull (strstr (error->message, "100000,100000"));
  g_test_message ("%s", error->message);
}

/* A wide file where memory is short: refused before the table exists. */
static void
test_wide_file_refused (void)
{
  GString *csv = g_string_new (NULL);
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(GError) error = NULL;

  for (guint j = 0; j < 100000; j++)
    g_string_append_printf (csv, "c%u,", j);
  g_string_append (csv, "label\n");
  for (guint i = 0; i < 4; i++)
    {
      for (guint j = 0; j < 100000; j++)
        g_string_append (csv, "1,");
      g_string_append (csv, "x\n");
    }

  g_setenv ("ENTRENA_MEMORY_AVAILABLE", "1000000", TRUE);
  table = entrena_csv_read_data (csv->str, csv->len, "wide.csv", NULL, &error);
  g_unsetenv ("ENTRENA_MEMORY_AVAILABLE");
  g_assert_null (table);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_MEMORY);
  g_assert_nonnull (strstr (error->message, "“wide.csv”"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  table = entrena_csv_read_data (csv->str, csv->len, "wide.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entrena_table_get_n_columns (table), ==, 100001);
  g_string_free (csv, TRUE);
}

/* Growth probes. */

typedef GString *(*MakeFunc) (guint n);

static GString *
make_columns (guint n)
{
  GString *s = g_string_new (NULL);

  for (guint j = 0; j < n; j++)
    g_string_append_printf (s, "c%u,", j);
  g_string_append (s, "label\n");
  for (guint i = 0; i < 8; i++)
    {
      for (guint j = 0; j < n; j++)
        g_string_append_printf (s, "%u,", (i * 31 + j) % 17);
      g_string_append (s, i % 2 ? "x\n" : "y\n");
    }
  return s;
}

static GString *
make_duplicate_names (guint n)
{
  GString *s = g_string_new (NULL);

  for (guint j = 0; j < n; j++)
    g_string_append (s, j + 1 < n ? "x," : "x\n");
  for (guint j = 0; j < n; j++)
    g_string_append (s, j + 1 < n ? "1," : "1\n");
  return s;
}

static GString *
make_classes (guint n)
{
  GString *s = g_string_new ("a,b,label\n");

  for (guint i = 0; i < 2 * n; i++)
    g_string_append_printf (s, "%u,%u,class%u\n", i % 13, i % 7, i % n);
  return s;
}

static GString *
make_long_cell (guint n)
{
  GString *s = g_string_new ("a,note,label\n1,\"");

  for (guint i = 0; i < n; i++)
    g_string_append_c (s, (char) ('a' + i % 26));
  g_string_append (s, "\",x\n2,b,y\n");
  return s;
}

/* Reads the file, then, for classes, builds the dataset that refuses them. */
static gint64
time_read (GString    *csv,
           gboolean    dataset)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(GError) error = NULL;

  table = entrena_csv_read_data (csv->str, csv->len, "probe.csv", NULL, &error);
  g_assert_no_error (error);
  for (guint j = 0; j < entrena_table_get_n_columns (table); j++)
    (void) entrena_table_get_column_distinct (table, j);
  if (dataset)
    {
      EntrenaDatasetOptions options = { 0 };
      g_autoptr(EntrenaDataset) ds = NULL;

      options.target = "label";
      ds = entrena_dataset_new (table, &options, &error);
      g_assert_null (ds);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_TARGET);
    }
  return MAX (g_get_monotonic_time () - start, 1);
}

/* Bytes of the heap in use, or 0 where the allocator cannot say. */
static gsize
heap_in_use (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes ();
#elif defined(__GLIBC__)
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
#else
  return 0;
#endif
}

/* The heap the table of @csv holds while it is alive (read in this thread,
 * with its distinct values counted, as the window does). */
static gsize
bytes_kept (GString *csv)
{
  gsize before = heap_in_use ();
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(GError) error = NULL;
  gsize after;

  table = entrena_csv_read_data (csv->str, csv->len, "probe.csv", NULL, &error);
  g_assert_no_error (error);
  for (guint j = 0; j < entrena_table_get_n_columns (table); j++)
    (void) entrena_table_get_column_distinct (table, j);
  after = heap_in_use ();

  return after > before ? after - before : 0;
}

static void
probe (const char *what,
       MakeFunc    make,
       guint       n,
       gboolean    dataset)
{
  g_autoptr(GString) small = make (n);
  g_autoptr(GString) large = make (4 * n);
  gint64 t_small, t_large;
  gsize m_small, m_large;

  /* The best of three, to see through a busy machine. */
  t_small = MIN (time_read (small, dataset), MIN (time_read (small, dataset), time_read (small, dataset)));
  t_large = MIN (time_read (large, dataset), MIN (time_read (large, dataset), time_read (large, dataset)));
  g_test_message ("growth of %s: %u -> %u (input %zu -> %zu bytes): %.1f ms -> %.1f ms, %.1fx "
                  "(linear is 4x, quadratic 16x)", what, n, 4 * n, small->len, large->len,
                  t_small / 1000.0, t_large / 1000.0, (double) t_large / t_small);

  /* Memory is counted, not timed: an assertion. A file four times larger
   * keeps about four times the memory (quadratic would be sixteen), and
   * never more than 128 bytes per byte of input (a two-byte column, "x,",
   * costs some 250 bytes: its name, its cells, its distinct values). */
  m_small = bytes_kept (small);
  m_large = bytes_kept (large);
  g_test_message ("memory of %s: %zu -> %zu bytes kept, %.1fx; %.1f bytes per input byte", what,
                  m_small, m_large, (double) m_large / MAX (m_small, 1), (double) m_large / large->len);
  if (heap_in_use () == 0)
    return;
  g_assert_cmpuint (m_small, >, 0);
  g_assert_cmpfloat ((double) m_large / m_small, <=, 6.0);
  g_assert_cmpuint (m_large, <=, 128 * large->len);
}

static void
test_growth (void)
{
  probe ("columns", make_columns, 10000, FALSE);
  probe ("repeated header names", make_duplicate_names, 10000, FALSE);
  probe ("classes", make_classes, 10000, TRUE);
  probe ("cell length", make_long_cell, 1000000, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/limits/huge-layers", test_huge_layers);
  g_test_add_func ("/entrena/limits/wide-file-refused", test_wide_file_refused);
  g_test_add_func ("/entrena/limits/growth", test_growth);
  g_test_add_func ("/entrena/limits/cancel-big-file", test_cancel_big_file);

  status = g_test_run ();
  if (big_path != NULL)
    g_remove (big_path);
  g_free (big_path);
  return status;
}
