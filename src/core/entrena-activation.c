/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-mlp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-activation.h"
#include "entrena-error.h"

/* In the enum's order. */
static const struct
{
  const char *name;
  const char *torch;
} activations[ENTRENA_N_ACTIVATIONS] = {
  { "relu", "nn.ReLU()" },
  { "leaky-relu", "nn.LeakyReLU()" },
  { "tanh", "nn.Tanh()" },
  { "sigmoid", "nn.Sigmoid()" },
  { "gelu", "nn.GELU()" },
};

static guint
index_of (EntrenaActivation activation)
{
  return (guint) activation < ENTRENA_N_ACTIVATIONS ? (guint) activation : ENTRENA_ACTIVATION_RELU;
}

const char *
entrena_activation_to_string (EntrenaActivation activation)
{
  return activations[index_of (activation)].name;
}

const char *
entrena_activation_torch_module (EntrenaActivation activation)
{
  return activations[index_of (activation)].torch;
}

gboolean
entrena_activation_from_string (const char        *name,
                                EntrenaActivation *activation)
{
  g_return_val_if_fail (activation != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < ENTRENA_N_ACTIVATIONS; i++)
    if (strcmp (name, activations[i].name) == 0)
      {
        *activation = (EntrenaActivation) i;
        return TRUE;
      }

  return FALSE;
}

gboolean
entrena_activation_parse (const char        *name,
                          EntrenaActivation *activation,
                          GError           **error)
{
  g_autoptr (GString) choices = NULL;

  if (entrena_activation_from_string (name, activation))
    return TRUE;

  choices = g_string_new (NULL);
  for (guint i = 0; i < ENTRENA_N_ACTIVATIONS; i++)
    g_string_append_printf (choices, "%s%s", i > 0 ? ", " : "", activations[i].name);
  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
               /* Translators: the first %s is what was given, the second the list "relu, leaky-relu, ..." */
               _("Unknown activation “%s”: choose one of %s."), name != NULL ? name : "", choices->str);
  return FALSE;
}
