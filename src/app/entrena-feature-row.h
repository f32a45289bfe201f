/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "entrena-column-item.h"

G_BEGIN_DECLS

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_feature_row_new (EntrenaColumnItem *column);

G_END_DECLS
