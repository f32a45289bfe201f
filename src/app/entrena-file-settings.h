/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

G_GNUC_WARN_UNUSED_RESULT
GVariant *entrena_file_settings_lookup   (GSettings  *settings,
                                          const char *file_name);
void      entrena_file_settings_remember (GSettings  *settings,
                                          const char *file_name,
                                          GVariant   *entry);

G_END_DECLS
