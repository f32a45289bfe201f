/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-atomic-write"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "entrena-atomic-write.h"

/*
 * Every file Entrena writes (models, checkpoints, histories, charts,
 * predictions, exported scripts) goes through entrena_atomic_write(): the new
 * content is written whole to a temporary file beside the old one, flushed to
 * disk, and renamed over it. A write that fails part way (a full disk, a file
 * size limit, a folder that cannot be written) or a process killed in the
 * middle leaves the old file exactly as it was, or no file where there was
 * none; never a torn one.
 */

/* A stream from g_file_replace () renames the new file over the old one when
 * it is closed, even after a failed write, and GOutputStream closes itself on
 * dispose. Closing with a cancelled cancellable is how to give up instead:
 * the temporary file is deleted and the old file stays as it was. */
static void
discard_replacement (GFileOutputStream *stream)
{
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (G_OUTPUT_STREAM (stream), cancelled, NULL);
}

/* For files without a local path (a GVfs location). */
static gboolean
write_through_gio (GFile         *file,
                   const void    *data,
                   gsize          size,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr (GFileOutputStream) stream = NULL;
  gboolean existed = g_file_query_exists (file, cancellable);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, cancellable, error))
    {
      discard_replacement (stream);
      /* Where there was no file, GIO writes in place, not through a temporary file. */
      if (!existed)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    {
      if (!existed)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * entrena_atomic_write:
 * @file: where to write
 * @data: (array length=size): the file's new content
 * @size: bytes in @data
 * @mode: the permissions of a new file, as for open() (0666, 0755 for a
 *   script), or -1 for 0666; the umask applies
 * @cancellable: (nullable): a #GCancellable, checked before writing
 * @error: return location for a #GError
 *
 * Replaces the content of @file with @data atomically: a local file is
 * written to a temporary file in the same folder, synced, and renamed over
 * @file (g_file_set_contents_full() with %G_FILE_SET_CONTENTS_CONSISTENT); any
 * other location through g_file_replace(), given up on error. On any failure
 * a previous @file is left byte for byte as it was, and no temporary file
 * stays behind.
 *
 * Returns: %TRUE on success, %FALSE with @error set (%G_IO_ERROR), whose
 *   message names @file
 */
gboolean
entrena_atomic_write (GFile         *file,
                      const void    *data,
                      gsize          size,
                      int            mode,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (size <= G_MAXSSIZE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  path = g_file_get_path (file);
  if (path == NULL)
    ok = write_through_gio (file, data, size, cancellable, &local_error);
  else
    ok = g_file_set_contents_full (path, size > 0 ? data : "", (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                   mode >= 0 ? mode : 0666, &local_error);

  if (!ok)
    {
      g_autofree char *shown = g_file_get_parse_name (file);

      /* GLib's message names the temporary file; the user knows the real one. */
      /* GIO's error codes whichever way the file was written. */
      if (local_error->domain == G_FILE_ERROR)
        {
          local_error->domain = G_IO_ERROR;
          local_error->code = g_io_error_from_file_error ((GFileError) local_error->code);
        }
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: the first %s is a file, the second what went wrong */
                   _("Could not write “%s”: %s"), shown, local_error->message);
    }

  return ok;
}

/**
 * entrena_atomic_write_bytes:
 * @file: where to write
 * @bytes: the file's new content
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * entrena_atomic_write() for the content of @bytes, with mode 0666.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
entrena_atomic_write_bytes (GFile         *file,
                            GBytes        *bytes,
                            GCancellable  *cancellable,
                            GError       **error)
{
  gsize size = 0;
  gconstpointer data;

  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &size);
  return entrena_atomic_write (file, data, size, -1, cancellable, error);
}
