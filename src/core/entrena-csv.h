/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-progress.h"
#include "entrena-table.h"

G_BEGIN_DECLS

typedef enum
{
  ENTRENA_HEADER_AUTO,
  ENTRENA_HEADER_PRESENT,
  ENTRENA_HEADER_ABSENT,
} EntrenaHeaderMode;

/**
 * EntrenaCsvOptions:
 * @delimiter: the field separator, or 0 to sniff one of `,` `;` tab `|`
 * @header: whether the first row names the columns
 * @decimal_comma: -1 to sniff, 0 for `.` only, 1 to also accept `,` as the
 *   decimal mark (only honoured when the delimiter is not `,`)
 *
 * How to read a CSV file. Zero-initialised options mean "sniff everything".
 */
typedef struct
{
  char              delimiter;
  EntrenaHeaderMode header;
  int               decimal_comma;
} EntrenaCsvOptions;

#define ENTRENA_CSV_OPTIONS_INIT { 0, ENTRENA_HEADER_AUTO, -1 }

EntrenaTable *entrena_csv_read_file (GFile                   *file,
                                     const EntrenaCsvOptions *options,
                                     GCancellable            *cancellable,
                                     EntrenaProgressFunc      progress,
                                     gpointer                 progress_data,
                                     GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

EntrenaTable *entrena_csv_read_data (const char              *data,
                                     gsize                    length,
                                     const char              *display_name,
                                     const EntrenaCsvOptions *options,
                                     GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
