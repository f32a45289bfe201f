/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean entrena_atomic_write       (GFile         *file,
                                     const void    *data,
                                     gsize          size,
                                     int            mode,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean entrena_atomic_write_bytes (GFile         *file,
                                     GBytes        *bytes,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS
