/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ENTRENA_TYPE_WELCOME_PAGE (entrena_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaWelcomePage, entrena_welcome_page, ENTRENA, WELCOME_PAGE, AdwBin)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *entrena_welcome_page_new (void);

G_END_DECLS
