/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "window-test-util.h"

/* One copy for the whole program, whichever of its files opens a window. */
char *ewt_system_data_dirs;

void
ewt_save_data_dirs (void)
{
  ewt_system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  if (ewt_system_data_dirs == NULL)
    ewt_system_data_dirs = g_strdup ("/usr/local/share:/usr/share");
}
