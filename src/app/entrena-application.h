/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ENTRENA_TYPE_APPLICATION (entrena_application_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaApplication, entrena_application, ENTRENA, APPLICATION, AdwApplication)

EntrenaApplication *entrena_application_new (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
