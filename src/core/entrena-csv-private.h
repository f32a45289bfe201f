/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-csv.h"

G_BEGIN_DECLS

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

/* Characters libcsv may trim around unquoted fields for this delimiter. */
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

G_END_DECLS
