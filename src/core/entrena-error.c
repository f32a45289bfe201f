/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-error"

#include "config.h"

#include "entrena-error.h"

G_DEFINE_QUARK (entrena-error-quark, entrena_error)
