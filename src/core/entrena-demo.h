/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;           /* "spirals", for the command line */
  const char *title;        /* N_() marked; translate with _() */
  const char *description;  /* N_() marked */
  const char *target;       /* the label column */
} EntrenaDemoInfo;

/* The demo sets, ending with an entry whose id is NULL. */
const EntrenaDemoInfo *entrena_demo_list (void);
const EntrenaDemoInfo *entrena_demo_find (const char *id);

/**
 * entrena_demo_generate:
 * @id: a demo id from entrena_demo_list()
 *
 * Writes the demo set as CSV text (comma-separated, header row, LF). The data
 * are generated from a fixed seed, so they are the same on every machine.
 *
 * Returns: (transfer full) (nullable): the CSV text, or %NULL for an unknown id
 */
char *entrena_demo_generate (const char *id,
                             gsize      *length) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
