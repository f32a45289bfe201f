/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <csv.h>

#include "entrena-csv.h"
#include "entrena-table.h"

G_BEGIN_DECLS

/* Bytes read from a stream at a time; progress is reported once per chunk. */
#define ENTRENA_CSV_CHUNK_SIZE (1024 * 1024)

/* The sniffer reads at most this much of the start of a file. */
#define ENTRENA_CSV_SAMPLE_SIZE (64 * 1024)

/* What the sniffer decided about a file, from its first bytes. */
typedef struct
{
  char     delimiter;
  gboolean has_header;
  gboolean decimal_comma;
  char     line_terminator;   /* '\n', or '\r' for files with old Mac line ends */
  double   bytes_per_row;     /* average over the sample, for sizing arrays */
} EntrenaCsvDialect;

/* Characters libcsv may trim around unquoted fields for this delimiter, or
 * NULL for libcsv's own (spaces and tabs). */
int (*_entrena_csv_space_func (char delimiter)) (unsigned char);

/**
 * _entrena_csv_sniff:
 * @sample: the first bytes of the file, after any byte-order mark
 * @length: bytes in @sample
 * @complete: whether @sample is the whole file
 * @options: what the caller fixed; zero fields are sniffed
 * @dialect: (out): the result
 *
 * Picks the delimiter whose rows have the most consistent field count and the
 * cleanest numbers, then decides whether the first row is a header by whether
 * its cells are text where the rows below hold numbers.
 */
void _entrena_csv_sniff (const char              *sample,
                         gsize                    length,
                         gboolean                 complete,
                         const EntrenaCsvOptions *options,
                         EntrenaCsvDialect       *dialect);

/* The state of reading one stretch of a CSV file with libcsv: the whole file,
 * or one of the pieces that are read side by side. */
typedef struct
{
  const char        *display_name;
  EntrenaCsvDialect  dialect;
  guint              capacity_hint;

  EntrenaTable      *table;          /* NULL until the first row has ended */
  GPtrArray         *first_row;      /* fields of the first row, as strings */

  guint              line;           /* 1-based line of the bytes being parsed */
  guint              row_line;       /* line where the current row starts */
  gboolean           at_row_boundary;
  gboolean           after_cr;       /* the last byte fed was a CR */
  guint              field;          /* index of the next field in the row */
  gboolean           empty_first;    /* the row's first field was empty: maybe a blank line */
  gboolean           extra_fields;   /* non-empty fields beyond the last column */
  gboolean           stop_at_table;  /* stop feeding once the first row has made the table */

  GString           *ragged;         /* listed bad rows */
  guint              n_ragged;
  GError            *error;          /* the first fatal error */
} EntrenaCsvReader;

/* Where the bytes after any byte-order mark are: in memory, or in a file
 * from @offset on. */
typedef struct
{
  const char *data;
  GFile      *file;
  guint64     offset;
  guint64     length;
} EntrenaCsvSource;

/* Feeds bytes to the reader's parser; returns how many were taken (all of
 * them, unless an error stops it or the first row ends with @stop_at_table). */
gsize         _entrena_csv_reader_feed       (EntrenaCsvReader        *reader,
                                              struct csv_parser       *parser,
                                              const char              *data,
                                              gsize                    length);

/* A reader for a piece of the file that starts on a row's first line, with
 * the columns of @first (whose first row has ended) and no rows yet. */
gboolean      _entrena_csv_reader_init_piece (EntrenaCsvReader        *piece,
                                              struct csv_parser       *parser,
                                              const EntrenaCsvReader  *first,
                                              guint                    line,
                                              guint64                  length);

/* Ends the input: the last row, if it has no line end, is completed. */
void          _entrena_csv_reader_end_input  (EntrenaCsvReader        *reader,
                                              struct csv_parser       *parser);

/* The table read, after the checks that need the whole file, or NULL. */
EntrenaTable *_entrena_csv_reader_finish     (EntrenaCsvReader        *reader,
                                              struct csv_parser       *parser,
                                              GError                 **error);
void          _entrena_csv_reader_clear      (EntrenaCsvReader        *reader);

/**
 * _entrena_csv_read_pieces:
 * @reader: a reader that has sniffed the file and been fed nothing
 * @parser: its parser
 * @source: the bytes to read
 * @first: the start of the bytes, already in memory
 * @first_length: bytes in @first
 * @cuts: (nullable): where to try cutting the bytes into pieces (each cut
 *   moves on to the next line start that is outside quotes), or %NULL to cut
 *   them into @n_pieces pieces of about the same size
 * @n_cuts: positions in @cuts
 * @n_pieces: pieces to read side by side when @cuts is %NULL
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): progress callback
 * @progress_data: data for @progress
 * @table: (out): the table, or %NULL with @error set
 * @error: return location for a #GError
 *
 * Reads the pieces of a file at the same time, each with a parser of its
 * own, and joins their rows in order. A piece starts right after a line feed
 * with an even number of quotation marks before it: when the file reads
 * without error, that is outside every quoted field, where a row starts.
 *
 * Returns: %FALSE when the pieces hold an error, a row of the wrong length
 *   or anything else a reading in one piece words better: read it so then
 */
gboolean      _entrena_csv_read_pieces       (EntrenaCsvReader        *reader,
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
                                              GError                 **error);

/* Test-only: reads @data with the pieces cut at @cuts, or in one piece when
 * @n_cuts is 0. */
EntrenaTable *_entrena_csv_read_data_cut     (const char              *data,
                                              gsize                    length,
                                              const char              *display_name,
                                              const EntrenaCsvOptions *options,
                                              const guint64           *cuts,
                                              guint                    n_cuts,
                                              GError                 **error);

G_END_DECLS
