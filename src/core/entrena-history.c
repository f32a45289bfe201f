/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-history.h"

/* Larger than any history a run writes (a million epochs is about 80 MB). */
#define MAX_HISTORY_SIZE (256 * 1024 * 1024)

struct _EntrenaHistory
{
  guint       n_epochs;
  GHashTable *columns; /* name -> GArray of float */
};

void
entrena_history_free (EntrenaHistory *history)
{
  if (history == NULL)
    return;

  g_hash_table_unref (history->columns);
  g_free (history);
}

guint
entrena_history_get_n_epochs (const EntrenaHistory *history)
{
  g_return_val_if_fail (history != NULL, 0);

  return history->n_epochs;
}

const float *
entrena_history_get_column (const EntrenaHistory *history,
                            const char           *name)
{
  GArray *column;

  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  column = g_hash_table_lookup (history->columns, name);

  return column != NULL ? (const float *) column->data : NULL;
}

static gboolean
fail (GError    **error,
      GFile      *file,
      guint       line,
      const char *reason)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_PARSE,
               /* Translators: a file name, a line number and what is wrong there. */
               _("%s, line %u: %s"), name, line, reason);

  return FALSE;
}

/* A cell as a number: a decimal in the C locale, or nan/inf as written
 * for a run that diverged. */
static gboolean
parse_cell (const char *cell,
            double     *value)
{
  char *end = NULL;

  if (*cell == '\0')
    return FALSE;
  *value = g_ascii_strtod (cell, &end);

  return end != NULL && *end == '\0';
}

static gboolean
parse_rows (EntrenaHistory  *history,
            GFile           *file,
            char           **lines,
            GError         **error)
{
  g_auto (GStrv) header = NULL;
  g_autofree GArray **columns = NULL;
  guint n_fields;
  int epoch_field = -1;

  if (lines[0] == NULL || *g_strstrip (lines[0]) == '\0')
    return fail (error, file, 1, _("the file is empty, not a training history."));

  header = g_strsplit (lines[0], ",", -1);
  n_fields = g_strv_length (header);
  columns = g_new0 (GArray *, n_fields);
  for (guint f = 0; f < n_fields; f++)
    {
      g_strstrip (header[f]);
      if (strcmp (header[f], "epoch") == 0)
        epoch_field = (int) f;
      else if (header[f][0] == '\0' || g_hash_table_contains (history->columns, header[f]))
        return fail (error, file, 1, _("a column has no name or the name of another."));
      else
        {
          columns[f] = g_array_new (FALSE, FALSE, sizeof (float));
          g_hash_table_insert (history->columns, g_strdup (header[f]), columns[f]);
        }
    }
  if (epoch_field < 0)
    return fail (error, file, 1, _("there is no “epoch” column: this is not a history that “train --history” wrote."));

  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_auto (GStrv) cells = NULL;

      g_strstrip (lines[l]);
      if (lines[l][0] == '\0')
        continue;
      cells = g_strsplit (lines[l], ",", -1);
      if (g_strv_length (cells) != n_fields)
        {
          g_autofree char *reason = g_strdup_printf (_("%u values where the header names %u."),
                                                     g_strv_length (cells), n_fields);

          return fail (error, file, l + 1, reason);
        }
      for (guint f = 0; f < n_fields; f++)
        {
          double value;

          g_strstrip (cells[f]);
          if (!parse_cell (cells[f], &value))
            {
              g_autofree char *reason = g_strdup_printf (_("“%s” in column “%s” is not a number."), cells[f], header[f]);

              return fail (error, file, l + 1, reason);
            }
          if ((int) f == epoch_field && value != history->n_epochs + 1)
            {
              g_autofree char *reason = g_strdup_printf (_("epoch “%s” where epoch %u should be."),
                                                         cells[f], history->n_epochs + 1);

              return fail (error, file, l + 1, reason);
            }
          if (columns[f] != NULL)
            {
              float v = (float) value;

              g_array_append_val (columns[f], v);
            }
        }
      history->n_epochs++;
    }

  if (history->n_epochs == 0)
    return fail (error, file, 2, _("the history has no epochs."));

  return TRUE;
}

EntrenaHistory *
entrena_history_load (GFile   *file,
                      GError **error)
{
  g_autoptr (EntrenaHistory) history = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  if (length > MAX_HISTORY_SIZE || memchr (contents, '\0', length) != NULL ||
      !g_utf8_validate (contents, (gssize) length, NULL))
    {
      fail (error, file, 1, _("this is not a text file."));
      return NULL;
    }

  history = g_new0 (EntrenaHistory, 1);
  history->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  lines = g_strsplit (contents, "\n", -1);
  if (!parse_rows (history, file, lines, error))
    return NULL;

  return g_steal_pointer (&history);
}
