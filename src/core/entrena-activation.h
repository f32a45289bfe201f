/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* The enum itself lives with the kernels that compute it (plain C, no GLib). */
#include "entrena-kernels.h"

G_BEGIN_DECLS

/* The stable name, as the CLI, model files and run settings write it: "relu", "leaky-relu", ... */
const char *entrena_activation_to_string    (EntrenaActivation activation);
/* The activation @name names, or FALSE for an unknown name. */
gboolean    entrena_activation_from_string  (const char        *name,
                                             EntrenaActivation *activation);
/* Like entrena_activation_from_string(), with an error listing the choices. */
gboolean    entrena_activation_parse        (const char        *name,
                                             EntrenaActivation *activation,
                                             GError           **error);
/* The PyTorch module, "nn.ReLU()", "nn.GELU()", ... */
const char *entrena_activation_torch_module (EntrenaActivation activation);

G_END_DECLS
