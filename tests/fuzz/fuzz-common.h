/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What every libFuzzer target here starts with: libFuzzer's entry points and
 * the log set-up. Included once by each target (it defines
 * LLVMFuzzerInitialize()); the target defines LLVMFuzzerTestOneInput().
 */

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Critical messages are failed checks in the library and warnings are bugs
 * too (bad input must become a GError, not a log line), so both end the run
 * where the fuzzer can see them. Everything else is dropped to keep the
 * output readable. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (G_GNUC_UNUSED int    *argc,
                      G_GNUC_UNUSED char ***argv)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);

  return 0;
}
