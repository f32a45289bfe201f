/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-csv"

#include "config.h"

#include <string.h>

#include "entrena-csv-private.h"
#include "entrena-table-private.h"

/*
 * Reading a CSV file in pieces side by side.
 *
 * libcsv in strict mode accepts a quotation mark only where it opens a quoted
 * field, closes one, or is doubled inside one. So in a file that reads without
 * error, a position with an even number of quotation marks before it is
 * outside every quoted field, and right after a line feed there a row has
 * ended and the next begins. Each piece starts at such a position, with a
 * parser of its own and the line number counted up to there. Whatever a piece
 * finds wrong (or a piece cut where the file is not what the count assumed,
 * which only a file with an error can make), the caller reads the whole file
 * again in one piece, so that errors are found and worded as always.
 */

/* Bytes read from a file, and fed, at a time: a cancel is seen between them. */
#define BLOCK_SIZE (1024 * 1024)

/* A stretch of the bytes, read in order: in memory, or from a stream of its own. */
typedef struct
{
  const EntrenaCsvSource *source;
  GInputStream           *stream;
  char                   *buffer;
  guint64                 position;  /* from the start of the source's bytes */
  guint64                 end;
} Cursor;

static gboolean
cursor_open (Cursor                 *cursor,
             const EntrenaCsvSource *source,
             guint64                 start,
             guint64                 end)
{
  g_autoptr (GFileInputStream) stream = NULL;

  memset (cursor, 0, sizeof *cursor);
  cursor->source = source;
  cursor->position = start;
  cursor->end = end;
  if (source->data != NULL)
    return TRUE;

  stream = g_file_read (source->file, NULL, NULL);
  if (stream == NULL ||
      !g_seekable_seek (G_SEEKABLE (stream), (goffset) (source->offset + start), G_SEEK_SET, NULL, NULL))
    return FALSE;
  cursor->stream = G_INPUT_STREAM (g_steal_pointer (&stream));
  cursor->buffer = g_malloc (BLOCK_SIZE);
  return TRUE;
}

/* The next block: its length, 0 at the end, or -1 when the file could not be
 * read or is shorter than it was. */
static gssize
cursor_next (Cursor      *cursor,
             const char **block)
{
  gsize want = (gsize) MIN ((guint64) BLOCK_SIZE, cursor->end - cursor->position);
  gsize got = 0;

  if (want == 0)
    return 0;

  if (cursor->source->data != NULL)
    *block = cursor->source->data + cursor->position;
  else
    {
      if (!g_input_stream_read_all (cursor->stream, cursor->buffer, want, &got, NULL, NULL) || got < want)
        return -1;
      *block = cursor->buffer;
    }
  cursor->position += want;
  return (gssize) want;
}

static void
cursor_close (Cursor *cursor)
{
  g_clear_object (&cursor->stream);
  g_clear_pointer (&cursor->buffer, g_free);
}

/* Quotation marks and line ends before a position. */
typedef struct
{
  guint64 quotes;
  guint64 lf;
  guint64 cr;
  guint64 crlf;
  char    last;   /* the byte before the position */
} Marks;

/* How many times @c is in the @n bytes at @p (the C library's search skips
 * the stretches between them fast). */
static guint64
count_byte (const char *p,
            gsize       n,
            char        c)
{
  const char *end = p + n;
  guint64 count = 0;

  for (const char *q = memchr (p, c, n); q != NULL; q = memchr (q + 1, c, (gsize) (end - q - 1)))
    count++;
  return count;
}

static void
count_marks (Marks      *marks,
             const char *p,
             gsize       n)
{
  const char *end = p + n;

  if (n == 0)
    return;

  marks->quotes += count_byte (p, n, '"');
  marks->lf += count_byte (p, n, '\n');
  marks->crlf += marks->last == '\r' && p[0] == '\n';
  for (const char *q = memchr (p, '\r', n); q != NULL; q = memchr (q + 1, '\r', (gsize) (end - q - 1)))
    {
      marks->cr++;
      marks->crlf += q + 1 < end && q[1] == '\n';
    }
  marks->last = p[n - 1];
}

/* A reader counts a line at each LF, CR and CRLF. */
static guint
marks_line (const Marks *marks)
{
  return (guint) (1 + marks->lf + marks->cr - marks->crlf);
}

/*
 * Moves each of @candidates (ascending) on to the first line start after
 * @from and the previous cut that has an even number of quotation marks
 * before it. Returns the cuts found, with the line each starts on.
 */
static guint
find_cuts (const EntrenaCsvSource *source,
           guint64                 from,
           const guint64          *candidates,
           guint                   n_candidates,
           guint64                *cuts,
           guint                  *lines)
{
  Cursor cursor;
  Marks marks = { 0 };
  guint64 position = 0;
  const char *block = NULL;
  gssize length;
  guint k = 0;
  guint n = 0;

  if (!cursor_open (&cursor, source, 0, source->length))
    {
      cursor_close (&cursor);
      return 0;
    }

  while (k < n_candidates && (length = cursor_next (&cursor, &block)) > 0)
    {
      gsize i = 0;

      while (i < (gsize) length && k < n_candidates)
        {
          guint64 here = position + i;
          guint64 target = MAX (candidates[k], from);

          if (n > 0)
            target = MAX (target, cuts[n - 1] + 1);

          if (here < target)
            {
              gsize run = (gsize) MIN ((guint64) length - i, target - here);

              count_marks (&marks, block + i, run);
              i += run;
            }
          else if (here > 0 && marks.last == '\n' && marks.quotes % 2 == 0)
            {
              cuts[n] = here;
              lines[n] = marks_line (&marks);
              n++;
              k++;
            }
          else
            {
              count_marks (&marks, block + i, 1);
              i++;
            }
        }
      position += (guint64) length;
    }

  cursor_close (&cursor);
  return n;
}

/* What the pieces' threads share with the calling thread. */
typedef struct
{
  GMutex  lock;
  GCond   changed;
  guint64 done;      /* bytes fed by all pieces */
  guint   running;   /* pieces still reading */
  gint    stop;      /* set to stop every piece */
} Shared;

typedef struct
{
  EntrenaCsvReader    *reader;
  struct csv_parser   *parser;
  EntrenaCsvReader     own_reader;
  struct csv_parser    own_parser;
  gboolean             own_parser_ready;

  const EntrenaCsvSource *source;
  guint64              start;
  guint64              end;
  Shared              *shared;
  GThread             *thread;
  gboolean             done;      /* read to its end with no error and no bad row */
} Piece;

static gpointer
piece_read (gpointer data)
{
  Piece *piece = data;
  EntrenaCsvReader *reader = piece->reader;
  Cursor cursor;
  gboolean read_all = FALSE;

  if (cursor_open (&cursor, piece->source, piece->start, piece->end))
    for (;;)
      {
        const char *block = NULL;
        gssize length;

        if (g_atomic_int_get (&piece->shared->stop))
          break;

        length = cursor_next (&cursor, &block);
        if (length <= 0)
          {
            read_all = length == 0;
            break;
          }
        _entrena_csv_reader_feed (reader, piece->parser, block, (gsize) length);
        if (reader->error != NULL)
          break;

        g_mutex_lock (&piece->shared->lock);
        piece->shared->done += (guint64) length;
        g_cond_signal (&piece->shared->changed);
        g_mutex_unlock (&piece->shared->lock);
      }
  cursor_close (&cursor);

  if (read_all)
    _entrena_csv_reader_end_input (reader, piece->parser);
  piece->done = read_all && reader->error == NULL && reader->n_ragged == 0;
  if (!piece->done)
    g_atomic_int_set (&piece->shared->stop, 1);

  g_mutex_lock (&piece->shared->lock);
  piece->shared->running--;
  g_cond_signal (&piece->shared->changed);
  g_mutex_unlock (&piece->shared->lock);
  return NULL;
}

/*
 * Waits for the pieces, reporting progress as reading in one piece does: once
 * per CHUNK_SIZE bytes of the file and once at its end, with the same
 * counts. A cancel stops every piece within a block, and no progress is
 * reported after it.
 */
static void
watch_pieces (Shared                 *shared,
              const EntrenaCsvSource *source,
              guint64                 before,
              GCancellable           *cancellable,
              EntrenaProgressFunc     progress,
              gpointer                progress_data)
{
  guint64 total = source->offset + source->length;
  guint64 next = ENTRENA_CSV_CHUNK_SIZE;
  gboolean reporting = TRUE;

  g_mutex_lock (&shared->lock);
  for (;;)
    {
      guint64 done = before + shared->done;
      gboolean running = shared->running > 0;

      g_mutex_unlock (&shared->lock);
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_atomic_int_set (&shared->stop, 1);
          reporting = FALSE;
        }
      for (; reporting && progress != NULL && next <= done && next <= total; next += ENTRENA_CSV_CHUNK_SIZE)
        {
          progress (next, total, progress_data);
          reporting = !g_cancellable_is_cancelled (cancellable);
        }
      if (!reporting)
        g_atomic_int_set (&shared->stop, 1);

      g_mutex_lock (&shared->lock);
      if (!running && shared->running == 0)
        break;
      /* Sleep until there is a chunk to report, or a piece has ended. */
      if (shared->running > 0 && running &&
          before + shared->done < (reporting && progress != NULL && next <= total ? next : G_MAXUINT64))
        g_cond_wait (&shared->changed, &shared->lock);
    }
  g_mutex_unlock (&shared->lock);

  if (reporting && progress != NULL && !g_atomic_int_get (&shared->stop))
    progress (total, total, progress_data);
}

static void
piece_clear (Piece *piece)
{
  if (piece->reader != &piece->own_reader)
    return;
  if (piece->own_parser_ready)
    csv_free (&piece->own_parser);
  _entrena_csv_reader_clear (&piece->own_reader);
}

gboolean
_entrena_csv_read_pieces (EntrenaCsvReader        *reader,
                          struct csv_parser       *parser,
                          const EntrenaCsvSource  *source,
                          const char              *first,
                          gsize                    first_length,
                          const guint64           *cuts,
                          guint                    n_cuts,
                          guint                    n_pieces,
                          GCancellable            *cancellable,
                          EntrenaProgressFunc      progress,
                          gpointer                 progress_data,
                          EntrenaTable           **table,
                          GError                 **error)
{
  g_autofree guint64 *even = NULL;
  g_autofree guint64 *starts = NULL;
  g_autofree guint *lines = NULL;
  g_autofree Piece *pieces = NULL;
  Shared shared = { 0 };
  gboolean ok = TRUE;
  guint64 from;
  guint n;

  *table = NULL;

  /* The first row names the columns every piece needs. */
  reader->stop_at_table = TRUE;
  from = _entrena_csv_reader_feed (reader, parser, first, first_length);
  reader->stop_at_table = FALSE;
  if (reader->error != NULL || reader->table == NULL)
    return FALSE;

  if (cuts == NULL)
    {
      n_cuts = MAX (n_pieces, 1) - 1;
      even = g_new (guint64, MAX (n_cuts, 1));
      for (guint k = 0; k < n_cuts; k++)
        even[k] = source->length / n_pieces * (k + 1);
      cuts = even;
    }

  starts = g_new (guint64, n_cuts + 1);
  lines = g_new (guint, n_cuts + 1);
  starts[0] = from;
  lines[0] = reader->line;
  n = 1 + find_cuts (source, from, cuts, n_cuts, starts + 1, lines + 1);

  pieces = g_new0 (Piece, n);
  for (guint k = 0; k < n; k++)
    {
      Piece *piece = &pieces[k];

      piece->source = source;
      piece->start = starts[k];
      piece->end = k + 1 < n ? starts[k + 1] : source->length;
      piece->shared = &shared;
      if (k == 0)
        {
          piece->reader = reader;
          piece->parser = parser;
        }
      else
        {
          piece->reader = &piece->own_reader;
          piece->parser = &piece->own_parser;
          piece->own_parser_ready = _entrena_csv_reader_init_piece (&piece->own_reader, &piece->own_parser,
                                                                    reader, lines[k], piece->end - piece->start);
          if (!piece->own_parser_ready)
            continue;
        }
    }

  /* Every piece on a thread of its own; this one reports their progress. */
  g_mutex_init (&shared.lock);
  g_cond_init (&shared.changed);
  for (guint k = 0; k < n; k++)
    if (k == 0 || pieces[k].own_parser_ready)
      {
        g_mutex_lock (&shared.lock);
        shared.running++;
        g_mutex_unlock (&shared.lock);
        pieces[k].thread = g_thread_try_new ("entrena-csv", piece_read, &pieces[k], NULL);
        if (pieces[k].thread == NULL)
          {
            g_mutex_lock (&shared.lock);
            shared.running--;
            g_mutex_unlock (&shared.lock);
            g_atomic_int_set (&shared.stop, 1);
          }
      }
  watch_pieces (&shared, source, source->offset + from, cancellable, progress, progress_data);
  for (guint k = 0; k < n; k++)
    if (pieces[k].thread != NULL)
      g_thread_join (pieces[k].thread);
  g_mutex_clear (&shared.lock);
  g_cond_clear (&shared.changed);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      for (guint k = 1; k < n; k++)
        piece_clear (&pieces[k]);
      return TRUE;
    }

  for (guint k = 0; k < n; k++)
    ok = ok && pieces[k].done;

  /* Each piece's rows go to the first piece's table, and its memory back. */
  for (guint k = 1; k < n; k++)
    {
      if (ok)
        _entrena_table_append (reader->table, pieces[k].reader->table);
      piece_clear (&pieces[k]);
    }
  if (!ok)
    return FALSE;

  *table = _entrena_csv_reader_finish (reader, parser, error);
  return TRUE;
}
