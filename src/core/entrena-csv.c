/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-csv-private.h"
#include "entrena-error.h"
#include "entrena-format.h"
#include "entrena-memory.h"
#include "entrena-table-private.h"

#define CHUNK_SIZE ENTRENA_CSV_CHUNK_SIZE

/* Rows with a wrong field count that an error message lists by line. */
#define MAX_LISTED_ROWS 5

/* Files from this size on are read in pieces side by side, each piece at
 * least PIECE_MIN bytes, on at most MAX_PIECES threads. */
#define PARALLEL_MIN (4 * 1024 * 1024)
#define PIECE_MIN    (2 * 1024 * 1024)
#define MAX_PIECES   8

/* The most bytes handed to libcsv in one call (see grow_block()). */
#define FEED_PIECE (64 * 1024)

typedef EntrenaCsvReader Reader;

static void
reader_fail_not_utf8 (Reader *reader)
{
  g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_NOT_TEXT,
               /* Translators: the first placeholder is a file name. */
               _("“%s”, line %u, column %u: the text is not valid UTF-8. Save the file with "
                 "UTF-8 encoding (in a spreadsheet: “CSV UTF-8”) and open it again."),
               reader->display_name, reader->row_line, reader->field + 1);
}

static void
reader_fail_nul (Reader *reader)
{
  g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_NOT_TEXT,
               _("“%s” does not look like a text file: line %u, column %u holds a zero byte. "
                 "Choose a CSV file saved as text."),
               reader->display_name, reader->row_line, reader->field + 1);
}

/* Checks what a text field may not hold; numbers are plain ASCII already. */
static gboolean
reader_check_text (Reader     *reader,
                   const char *text,
                   gsize       length)
{
  if (memchr (text, '\0', length) != NULL)
    {
      reader_fail_nul (reader);
      return FALSE;
    }
  if (!g_utf8_validate_len (text, length, NULL))
    {
      reader_fail_not_utf8 (reader);
      return FALSE;
    }
  return TRUE;
}

static void
store_cell (Reader     *reader,
            guint       column,
            const char *text,
            gsize       length)
{
  if (_entrena_table_set_cell (reader->table, column, text, length) == ENTRENA_CELL_TEXT)
    {
      guint field = reader->field;

      reader->field = column;
      reader_check_text (reader, text, length);
      reader->field = field;
    }
}

static void
field_cb (void  *data,
          size_t length,
          void  *user_data)
{
  Reader *reader = user_data;
  const char *text = data != NULL ? data : "";

  if (reader->error != NULL)
    return;

  if (reader->table == NULL)
    {
      if (reader_check_text (reader, text, length))
        g_ptr_array_add (reader->first_row, g_strndup (text, length));
      reader->field++;
      return;
    }

  if (reader->field == 0)
    _entrena_table_begin_row (reader->table, reader->row_line);

  if (reader->field < reader->table->n_columns)
    {
      if (reader->field == 0 && length == 0)
        reader->empty_first = TRUE;
      else
        {
          if (reader->empty_first)
            {
              store_cell (reader, 0, "", 0);
              reader->empty_first = FALSE;
            }
          store_cell (reader, reader->field, text, length);
        }
    }
  else if (length > 0)
    reader->extra_fields = TRUE;

  reader->field++;
}

static char **
make_column_names (Reader *reader)
{
  GPtrArray *fields = reader->first_row;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  /* For each repeated name, the next suffix to try: a header of n copies of
   * one name is renamed in linear time. */
  g_autoptr (GHashTable) next_suffix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char **names = g_new0 (char *, fields->len + 1);

  for (guint j = 0; j < fields->len; j++)
    {
      g_autofree char *name = NULL;

      if (reader->dialect.has_header)
        name = g_strstrip (g_strdup (g_ptr_array_index (fields, j)));
      else
        name = g_strdup_printf ("column%u", j + 1);

      /* The names pandas gives, so that an exported script finds the same columns. */
      if (name[0] == '\0')
        {
          g_free (name);
          name = g_strdup_printf ("Unnamed: %u", j);
        }
      if (g_hash_table_contains (seen, name))
        {
          guint k = MAX (1, GPOINTER_TO_UINT (g_hash_table_lookup (next_suffix, name)));

          for (;; k++)
            {
              g_autofree char *renamed = g_strdup_printf ("%s.%u", name, k);

              if (!g_hash_table_contains (seen, renamed))
                {
                  g_hash_table_replace (next_suffix, g_strdup (name), GUINT_TO_POINTER (k + 1));
                  g_free (name);
                  name = g_steal_pointer (&renamed);
                  break;
                }
            }
        }

      names[j] = g_steal_pointer (&name);
      g_hash_table_add (seen, names[j]);
    }

  return names;
}

/* Refuses a table that would not fit in the memory available, from its
 * columns and the rows the file's size suggests, before allocating it. */
static gboolean
check_memory (Reader *reader,
              guint   n_columns)
{
  guint64 needed = entrena_memory_estimate_table (reader->capacity_hint, n_columns);
  g_autofree char *needed_text = NULL;
  g_autofree char *available_text = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *columns_text = NULL;

  if (entrena_memory_fits (needed, &needed_text, &available_text))
    return TRUE;

  rows_text = entrena_format_count (reader->capacity_hint);
  columns_text = entrena_format_count (n_columns);
  g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_NO_MEMORY,
               /* Translators: a file name, an amount of memory such as "12.4 GB", two counts, another amount */
               _("Loading “%s” needs about %s of memory (about %s rows of %s columns), but only %s is "
                 "available. Close other programs, or use a file with fewer rows or columns."),
               reader->display_name, needed_text, rows_text, columns_text, available_text);
  return FALSE;
}

static void
finish_first_row (Reader *reader)
{
  g_auto (GStrv) names = NULL;
  guint n_columns = reader->first_row->len;

  if (!check_memory (reader, n_columns))
    return;
  names = make_column_names (reader);

  reader->table = _entrena_table_new (reader->display_name, names, n_columns, reader->capacity_hint);
  reader->table->delimiter = reader->dialect.delimiter;
  reader->table->has_header = reader->dialect.has_header;
  reader->table->decimal_comma = reader->dialect.decimal_comma;

  if (!reader->dialect.has_header)
    {
      _entrena_table_begin_row (reader->table, reader->row_line);
      for (guint j = 0; j < n_columns && reader->error == NULL; j++)
        {
          const char *text = g_ptr_array_index (reader->first_row, j);

          store_cell (reader, j, text, strlen (text));
        }
      _entrena_table_end_row (reader->table);
    }
}

static void
note_ragged_row (Reader *reader,
                 guint   n_fields)
{
  if (reader->n_ragged++ < MAX_LISTED_ROWS)
    {
      g_string_append (reader->ragged, "\n  ");
      g_string_append_printf (reader->ragged,
                              /* Translators: one line of a list of bad rows. */
                              ngettext ("line %u: %u field", "line %u: %u fields", n_fields),
                              reader->row_line, n_fields);
    }
}

static void
row_cb (int   terminator,
        void *user_data)
{
  Reader *reader = user_data;
  guint n_fields = reader->field;

  if (reader->error != NULL)
    goto out;

  if (reader->table == NULL)
    {
      /* A first line that is only spaces is not a header. */
      if (n_fields == 1 && ((char *) g_ptr_array_index (reader->first_row, 0))[0] == '\0')
        g_ptr_array_set_size (reader->first_row, 0);
      else
        finish_first_row (reader);
      goto out;
    }

  if (n_fields == 1 && reader->empty_first && reader->table->n_columns > 1)
    goto out;   /* a blank line */

  if (reader->empty_first)
    store_cell (reader, 0, "", 0);

  if (n_fields < reader->table->n_columns || reader->extra_fields)
    note_ragged_row (reader, n_fields);
  else
    _entrena_table_end_row (reader->table);

out:
  reader->field = 0;
  reader->empty_first = FALSE;
  reader->extra_fields = FALSE;
  reader->at_row_boundary = TRUE;
}

static gboolean
is_blank_run (const char *p,
              const char *end)
{
  for (; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
      return FALSE;
  return TRUE;
}

static void
set_parse_error (Reader *reader)
{
  g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_PARSE,
               _("“%s”, line %u, column %u: a quotation mark is out of place. A field with "
                 "quotation marks must be enclosed in quotes, and each quotation mark inside it "
                 "written twice (\"\")."),
               reader->display_name, reader->line, reader->field + 1);
}

/* The first line end at or after @p: LF, CR, or the CR of a CRLF pair;
 * with no CR in the bytes, the C library's fast search for a LF. */
static const char *
find_line_end (const char *p,
               const char *end,
               gboolean    any_cr)
{
  if (!any_cr)
    return memchr (p, '\n', (gsize) (end - p));
  for (; p < end; p++)
    if (*p == '\n' || *p == '\r')
      return p;
  return NULL;
}

/* libcsv grows a field's buffer by a fixed block (128 bytes by default), which
 * makes a long field cost the square of its length in copies. Raising the
 * block to the buffer's size between pieces makes the growth geometric. */
static void
grow_block (struct csv_parser *parser)
{
  gsize size = csv_get_buffer_size (parser);

  csv_set_blk_size (parser, MAX (size, FEED_PIECE));
}

/* Feeds bytes to libcsv one line at a time (and a long line in pieces), so
 * that every row knows the line it starts on. Lines end where libcsv ends
 * them: at LF, at CRLF and at a bare CR, whatever the file's usual ending. */
gsize
_entrena_csv_reader_feed (Reader            *reader,
                          struct csv_parser *parser,
                          const char        *data,
                          gsize              length)
{
  const char *p = data;
  const char *end = data + length;
  gboolean any_cr = memchr (data, '\r', length) != NULL;

  while (p < end && reader->error == NULL)
    {
      const char *stop = p + MIN ((gsize) (end - p), FEED_PIECE);
      const char *newline = find_line_end (p, stop, any_cr);
      const char *segment_end = newline != NULL ? newline + 1 : stop;

      if (reader->at_row_boundary && !is_blank_run (p, segment_end))
        {
          reader->row_line = reader->line;
          reader->at_row_boundary = FALSE;
        }

      grow_block (parser);
      if (csv_parse (parser, p, (gsize) (segment_end - p), field_cb, row_cb, reader)
          != (gsize) (segment_end - p))
        {
          if (reader->error == NULL)
            {
              if (csv_error (parser) == CSV_EPARSE)
                set_parse_error (reader);
              else
                g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_PARSE,
                             _("“%s”, line %u: %s"), reader->display_name, reader->line,
                             csv_strerror (csv_error (parser)));
            }
          return (gsize) (p - data);
        }

      /* The LF of a CRLF pair ends no second line. */
      if (newline != NULL && !(*newline == '\n' && newline == p && reader->after_cr))
        reader->line++;
      reader->after_cr = segment_end[-1] == '\r';
      p = segment_end;
      if (reader->stop_at_table && reader->table != NULL)
        break;
    }
  return (gsize) (p - data);
}

static gboolean
check_start (const char  *display_name,
             const char **data,
             gsize       *length,
             gboolean     complete,
             GError     **error)
{
  const guchar *bytes = (const guchar *) *data;

  if (*length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NOT_TEXT,
                   _("“%s” is encoded as UTF-16. Save it as UTF-8 (in a spreadsheet: “CSV UTF-8”) "
                     "and open it again."),
                   display_name);
      return FALSE;
    }

  /* A UTF-8 byte-order mark, as spreadsheet programs write. */
  if (*length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      *data += 3;
      *length -= 3;
    }

  if (complete && is_blank_run (*data, *data + *length))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_EMPTY,
                   _("“%s” is empty: there is nothing to read."), display_name);
      return FALSE;
    }

  return TRUE;
}

void
_entrena_csv_reader_end_input (Reader            *reader,
                               struct csv_parser *parser)
{
  if (reader->error == NULL && csv_fini (parser, field_cb, row_cb, reader) != 0 && reader->error == NULL)
    g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_PARSE,
                 _("“%s”: the quoted field that starts on line %u is never closed. Check that "
                   "every opening quotation mark has a closing one."),
                 reader->display_name, reader->row_line);
}

EntrenaTable *
_entrena_csv_reader_finish (Reader            *reader,
                            struct csv_parser *parser,
                            GError           **error)
{
  _entrena_csv_reader_end_input (reader, parser);

  if (reader->error == NULL && reader->n_ragged > 0)
    {
      g_autofree char *more = NULL;

      if (reader->n_ragged > MAX_LISTED_ROWS)
        more = g_strdup_printf (ngettext ("\n  …and %u more line", "\n  …and %u more lines",
                                          reader->n_ragged - MAX_LISTED_ROWS),
                                reader->n_ragged - MAX_LISTED_ROWS);
      g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_PARSE,
                   /* Translators: the list of lines follows the colon. */
                   ngettext ("“%s” has rows whose number of fields differs from the %u column of "
                             "the first row:%s%s",
                             "“%s” has rows whose number of fields differs from the %u columns of "
                             "the first row:%s%s",
                             reader->table->n_columns),
                   reader->display_name, reader->table->n_columns, reader->ragged->str,
                   more != NULL ? more : "");
    }

  if (reader->error == NULL && reader->table == NULL)
    g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_EMPTY,
                 _("“%s” is empty: there is nothing to read."), reader->display_name);

  if (reader->error == NULL && reader->table->n_rows == 0)
    g_set_error (&reader->error, ENTRENA_ERROR, ENTRENA_ERROR_NO_DATA,
                 _("“%s” has column names but no data rows."), reader->display_name);

  if (reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return NULL;
    }

  _entrena_table_finish (reader->table);
  return g_steal_pointer (&reader->table);
}

void
_entrena_csv_reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->table, entrena_table_unref);
  g_clear_pointer (&reader->first_row, g_ptr_array_unref);
  if (reader->ragged != NULL)
    g_string_free (reader->ragged, TRUE);
  g_clear_error (&reader->error);
}

/* The row estimate for @length bytes of rows like the sniffed ones. */
static guint
estimate_rows (const Reader *reader,
               guint64       length)
{
  double rows = (double) length / MAX (reader->dialect.bytes_per_row, 1.0) * 1.02 + 16;

  return (guint) MIN (rows, (double) G_MAXUINT32 / 2);
}

static gboolean
parser_init (Reader            *reader,
             struct csv_parser *parser,
             GError           **error)
{
  if (csv_init (parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, g_strerror (ENOMEM));
      return FALSE;
    }
  csv_set_delim (parser, (unsigned char) reader->dialect.delimiter);
  csv_set_space_func (parser, _entrena_csv_space_func (reader->dialect.delimiter));
  return TRUE;
}

static gboolean
reader_init (Reader                  *reader,
             struct csv_parser       *parser,
             const char              *display_name,
             const char              *sample,
             gsize                    sample_length,
             gboolean                 complete,
             guint64                  total_bytes,
             const EntrenaCsvOptions *options,
             GError                 **error)
{
  EntrenaCsvOptions defaults = ENTRENA_CSV_OPTIONS_INIT;
  const char *nul;

  memset (reader, 0, sizeof *reader);
  reader->display_name = display_name;
  reader->line = 1;
  reader->row_line = 1;
  reader->at_row_boundary = TRUE;
  reader->first_row = g_ptr_array_new_with_free_func (g_free);
  reader->ragged = g_string_new (NULL);

  nul = memchr (sample, '\0', MIN (sample_length, ENTRENA_CSV_SAMPLE_SIZE));
  if (nul != NULL)
    {
      guint line = 1;

      for (const char *p = sample; p < nul; p++)
        line += *p == '\n';
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NOT_TEXT,
                   _("“%s” does not look like a text file: line %u holds a zero byte. Choose a "
                     "CSV file saved as text."),
                   display_name, line);
      return FALSE;
    }

  _entrena_csv_sniff (sample, MIN (sample_length, ENTRENA_CSV_SAMPLE_SIZE),
                      complete && sample_length <= ENTRENA_CSV_SAMPLE_SIZE,
                      options != NULL ? options : &defaults, &reader->dialect);

  reader->capacity_hint = estimate_rows (reader, total_bytes);

  return parser_init (reader, parser, error);
}

gboolean
_entrena_csv_reader_init_piece (Reader            *piece,
                                struct csv_parser *parser,
                                const Reader      *first,
                                guint              line,
                                guint64            length)
{
  EntrenaTable *table = first->table;
  g_autofree char **names = g_new0 (char *, table->n_columns + 1);

  memset (piece, 0, sizeof *piece);
  piece->display_name = first->display_name;
  piece->dialect = first->dialect;
  piece->capacity_hint = estimate_rows (first, length);
  piece->line = line;
  piece->row_line = line;
  piece->at_row_boundary = TRUE;
  piece->first_row = g_ptr_array_new_with_free_func (g_free);
  piece->ragged = g_string_new (NULL);

  for (guint j = 0; j < table->n_columns; j++)
    names[j] = table->columns[j].name;
  piece->table = _entrena_table_new (first->display_name, names, table->n_columns, piece->capacity_hint);
  piece->table->delimiter = table->delimiter;
  piece->table->has_header = table->has_header;
  piece->table->decimal_comma = table->decimal_comma;

  return parser_init (piece, parser, NULL);
}

/* How many pieces to read @length bytes in, side by side. */
static guint
pieces_for (guint64 length)
{
  guint64 n = length / PIECE_MIN;

  if (length < PARALLEL_MIN)
    return 1;
  return (guint) MIN (n, (guint64) MIN (g_get_num_processors (), MAX_PIECES));
}

static EntrenaTable *
read_data (const char              *data,
           gsize                    length,
           const char              *display_name,
           const EntrenaCsvOptions *options,
           const guint64           *cuts,
           guint                    n_cuts,
           guint                    n_pieces,
           GError                 **error)
{
  Reader reader;
  struct csv_parser parser;
  EntrenaTable *table = NULL;

  if (!check_start (display_name, &data, &length, TRUE, error))
    return NULL;

  if (!reader_init (&reader, &parser, display_name, data, length, TRUE, length, options, error))
    {
      _entrena_csv_reader_clear (&reader);
      return NULL;
    }

  if (n_cuts > 0 || n_pieces > 1)
    {
      EntrenaCsvSource source = { data, NULL, 0, length };

      if (_entrena_csv_read_pieces (&reader, &parser, &source, data, length, cuts, n_cuts, n_pieces,
                                    NULL, NULL, NULL, &table, error))
        goto out;

      /* Read again in one piece, for the same error in the same words. */
      csv_free (&parser);
      _entrena_csv_reader_clear (&reader);
      if (!reader_init (&reader, &parser, display_name, data, length, TRUE, length, options, error))
        {
          _entrena_csv_reader_clear (&reader);
          return NULL;
        }
    }

  _entrena_csv_reader_feed (&reader, &parser, data, length);
  table = _entrena_csv_reader_finish (&reader, &parser, error);

out:
  csv_free (&parser);
  _entrena_csv_reader_clear (&reader);
  return table;
}

/**
 * entrena_csv_read_data:
 * @data: the file's bytes
 * @length: bytes in @data
 * @display_name: the name to use in error messages, usually the file's base name
 * @options: (nullable): how to read, or %NULL to sniff everything
 * @error: return location for a #GError in the %ENTRENA_ERROR domain
 *
 * Reads CSV text held in memory. See entrena_csv_read_file().
 *
 * Returns: (transfer full): the table, or %NULL with @error set
 */
EntrenaTable *
entrena_csv_read_data (const char              *data,
                       gsize                    length,
                       const char              *display_name,
                       const EntrenaCsvOptions *options,
                       GError                 **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_data (data, length, display_name, options, NULL, 0, pieces_for (length), error);
}

EntrenaTable *
_entrena_csv_read_data_cut (const char              *data,
                            gsize                    length,
                            const char              *display_name,
                            const EntrenaCsvOptions *options,
                            const guint64           *cuts,
                            guint                    n_cuts,
                            GError                 **error)
{
  return read_data (data, length, display_name, options, cuts, n_cuts, 1, error);
}

static gssize
read_chunk (GInputStream *stream,
            char         *buffer,
            gsize         size,
            GCancellable *cancellable,
            GError      **error)
{
  gsize n = 0;

  if (!g_input_stream_read_all (stream, buffer, size, &n, cancellable, error))
    return -1;
  return (gssize) n;
}

/* Progress that never goes back, when a file read in pieces is read again in one. */
typedef struct
{
  EntrenaProgressFunc func;
  gpointer            data;
  guint64             last;
} Progress;

static void
progress_forward (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  Progress *progress = user_data;

  if (done < progress->last)
    return;
  progress->last = done;
  progress->func (done, total, progress->data);
}

static char *
display_name_for (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return g_filename_display_basename (path);
  return g_file_get_basename (file);
}

/**
 * entrena_csv_read_file:
 * @file: the CSV file
 * @options: (nullable): how to read, or %NULL to sniff everything
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called after each chunk with the bytes read
 * @progress_data: data for @progress
 * @error: return location for a #GError in the %ENTRENA_ERROR or %G_IO_ERROR domain
 *
 * Reads a CSV file as a table, streaming it in chunks so that memory stays
 * near the size of its numbers as float32. The delimiter, the header and the
 * decimal mark are sniffed from the first 64 KiB unless @options fixes them.
 * Quoted fields may hold delimiters, doubled quotes and line breaks; lines may
 * end in CRLF, LF or CR; a UTF-8 byte-order mark is skipped.
 *
 * Errors name the file, and the line and column where that applies: text that
 * is not UTF-8, binary data, stray quotes, rows with the wrong number of fields
 * (the first few are listed), an empty file, a header with no rows.
 *
 * Returns: (transfer full): the table, or %NULL with @error set
 */
EntrenaTable *
entrena_csv_read_file (GFile                   *file,
                       const EntrenaCsvOptions *options,
                       GCancellable            *cancellable,
                       EntrenaProgressFunc      progress,
                       gpointer                 progress_data,
                       GError                 **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *buffer = NULL;
  struct csv_parser parser;
  Reader reader;
  EntrenaTable *table = NULL;
  guint64 total;
  guint64 done;
  gssize n;
  const char *start;
  gsize start_length;
  gboolean complete;
  guint n_pieces;
  Progress forward = { progress, progress_data, 0 };

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = display_name_for (file);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  total = info != NULL ? (guint64) g_file_info_get_size (info) : 0;

  buffer = g_malloc (CHUNK_SIZE);
  n = read_chunk (G_INPUT_STREAM (stream), buffer, CHUNK_SIZE, cancellable, error);
  if (n < 0)
    return NULL;
  done = (guint64) n;
  complete = n < CHUNK_SIZE;

  start = buffer;
  start_length = (gsize) n;
  if (!check_start (display_name, &start, &start_length, complete, error))
    return NULL;

  if (!reader_init (&reader, &parser, display_name, start, start_length, complete,
                    MAX (total, done), options, error))
    {
      _entrena_csv_reader_clear (&reader);
      return NULL;
    }

  n_pieces = complete ? 1 : pieces_for (total);
  if (n_pieces > 1 && g_seekable_can_seek (G_SEEKABLE (stream)))
    {
      EntrenaCsvSource source = { NULL, file, (guint64) (start - buffer), total - (guint64) (start - buffer) };

      if (_entrena_csv_read_pieces (&reader, &parser, &source, start, start_length, NULL, 0, n_pieces,
                                    cancellable, progress != NULL ? progress_forward : NULL, &forward,
                                    &table, error))
        {
          csv_free (&parser);
          _entrena_csv_reader_clear (&reader);
          return table;
        }

      /* Read again in one piece, for the same error in the same words; the
       * pieces were read from streams of their own. */
      csv_free (&parser);
      _entrena_csv_reader_clear (&reader);
      if (!reader_init (&reader, &parser, display_name, start, start_length, complete,
                        MAX (total, done), options, error))
        {
          _entrena_csv_reader_clear (&reader);
          return NULL;
        }
      if (progress != NULL)
        {
          progress_data = &forward;
          progress = progress_forward;
        }
    }

  for (;;)
    {
      _entrena_csv_reader_feed (&reader, &parser, start, start_length);
      if (progress != NULL)
        progress (done, MAX (total, done), progress_data);
      if (reader.error != NULL || complete)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, &reader.error))
        break;

      n = read_chunk (G_INPUT_STREAM (stream), buffer, CHUNK_SIZE, cancellable, &reader.error);
      if (n < 0)
        break;
      done += (guint64) n;
      complete = n < CHUNK_SIZE;
      start = buffer;
      start_length = (gsize) n;
    }

  /* A cancel during the last chunk counts too: the table is not finished. */
  if (reader.error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &reader.error);

  table = _entrena_csv_reader_finish (&reader, &parser, error);
  csv_free (&parser);
  _entrena_csv_reader_clear (&reader);

  return table;
}
