/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-io"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "entrena-atomic-write.h"
#include "entrena-model-io.h"
#include "entrena-model-metadata.h"
#include "entrena-safetensors.h"

/*
 * Saving and loading a trained model: the network's weights in a safetensors
 * container (entrena-safetensors.c) that PyTorch can read, and what Entrena
 * needs to use them, an EntrenaModelInfo, in its "__metadata__"
 * (entrena-model-metadata.c).
 */

#define MAX_LAYERS ENTRENA_SAFETENSORS_MAX_LAYERS

/**
 * entrena_model_save_bytes:
 * @mlp: the network
 * @info: what it was trained on and how; its n_features, n_classes and
 *   hidden layers must match @mlp
 * @error: return location for a #GError
 *
 * Serializes @mlp and @info as entrena_model_save() writes them.
 * @info's feature_columns, feature_categories and fill_values may be %NULL:
 * the feature names, empty categories and zeros are written instead.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set
 *   (%ENTRENA_ERROR_INVALID_ARGUMENT) when @info holds text that is not
 *   UTF-8 or numbers that are not finite
 */
GBytes *
entrena_model_save_bytes (const EntrenaMlp        *mlp,
                          const EntrenaModelInfo  *info,
                          GError                 **error)
{
  g_return_val_if_fail (mlp != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (mlp->n_layers >= 1 && mlp->n_layers <= MAX_LAYERS, NULL);
  g_return_val_if_fail (info->n_features == mlp->sizes[0], NULL);
  g_return_val_if_fail (info->n_classes == mlp->sizes[mlp->n_layers], NULL);
  g_return_val_if_fail (info->training.n_hidden == mlp->n_layers - 1, NULL);
  for (guint l = 0; l + 1 < mlp->n_layers; l++)
    g_return_val_if_fail (info->training.hidden[l] == mlp->sizes[l + 1], NULL);
  g_return_val_if_fail (info->feature_names != NULL || info->n_features == 0, NULL);
  g_return_val_if_fail (info->class_names != NULL || info->n_classes == 0, NULL);
  g_return_val_if_fail (info->scaler == NULL || info->scaler->n_features == info->n_features, NULL);
  g_return_val_if_fail ((guchar) info->delimiter < 0x80, NULL);   /* ASCII */

  if (!_entrena_model_metadata_check (info, error))
    return NULL;

  return _entrena_safetensors_write (mlp, _entrena_model_metadata_write (info));
}

/**
 * entrena_model_save:
 * @mlp: the network
 * @info: what it was trained on and how (see entrena_model_save_bytes())
 * @file: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @mlp and @info to @file in the safetensors format, with tensors
 * named as PyTorch's `nn.Sequential` state_dict names them, so that
 * `model.load_state_dict (load_file (path))` reads the weights.
 *
 * The file is replaced atomically (entrena_atomic_write()): on any error,
 * and after a crash, a previous model at @file is left as it was, and no
 * partial file is left where there was none.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
entrena_model_save (const EntrenaMlp        *mlp,
                    const EntrenaModelInfo  *info,
                    GFile                   *file,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (mlp != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = entrena_model_save_bytes (mlp, info, error);
  if (bytes == NULL)
    return FALSE;

  return entrena_atomic_write_bytes (file, bytes, cancellable, error);
}

/**
 * entrena_model_load_bytes:
 * @bytes: the content of a model file
 * @display_name: (nullable): how to name the file in error messages
 * @info: (out) (optional) (transfer full): where to store the description
 *   in the file's metadata
 * @error: return location for a #GError
 *
 * Reads a model from memory; see entrena_model_load().
 *
 * Returns: (transfer full): the network, or %NULL with @error set
 */
EntrenaMlp *
entrena_model_load_bytes (GBytes             *bytes,
                          const char         *display_name,
                          EntrenaModelInfo  **info,
                          GError            **error)
{
  g_auto (EntrenaSafetensors) st = { 0 };
  g_autoptr (EntrenaModelInfo) loaded_info = NULL;
  const char *file = display_name != NULL ? display_name : _("model");
  EntrenaMlp *mlp;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_entrena_safetensors_read (&st, bytes, file, error))
    return NULL;

  if (info != NULL)
    {
      loaded_info = _entrena_model_metadata_read (st.metadata, st.sizes, st.n_layers, file, error);
      if (loaded_info == NULL)
        return NULL;
    }

  mlp = _entrena_safetensors_to_mlp (&st);
  if (loaded_info != NULL)
    {
      mlp->activation = loaded_info->training.activation;
      *info = g_steal_pointer (&loaded_info);
    }

  return mlp;
}

/**
 * entrena_model_load:
 * @file: a model file
 * @info: (out) (optional) (transfer full): where to store the description
 *   in the file's metadata
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a model that entrena_model_save() wrote. The file is untrusted: the
 * header length, the JSON, every tensor's name, type, shape and offsets and
 * the metadata are checked, and any problem is an %ENTRENA_ERROR_FORMAT
 * error naming the file.
 *
 * With @info, the file must carry Entrena's metadata (feature and class
 * names, scaler...), which must agree with the network's shape, and the
 * network gets the recorded activation. Without it, only the weights are
 * read (the network then has ReLU), so that a safetensors file of an
 * `nn.Sequential (Linear, ReLU, ..., Linear)` saved by PyTorch can serve as
 * initial weights: the caller then checks the layer sizes itself.
 *
 * Returns: (transfer full): the network, or %NULL with @error set
 */
EntrenaMlp *
entrena_model_load (GFile              *file,
                    EntrenaModelInfo  **info,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = _entrena_model_read_file (file, &display_name, cancellable, error);
  if (bytes == NULL)
    return NULL;

  return entrena_model_load_bytes (bytes, display_name, info, error);
}

/* The content of @file, and its name as messages show it. (transfer full) */
GBytes *
_entrena_model_read_file (GFile         *file,
                          char         **display_name,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *basename = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  basename = g_file_get_basename (file);
  *display_name = g_filename_display_name (basename != NULL ? basename : "");
  return g_bytes_new_take (contents, length);
}
