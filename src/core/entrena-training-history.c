/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training"

#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-training-history.h"

/* An accuracy, or nothing where there is none (regression). */
static const char *
format_accuracy (char  *buf,
                 float  value)
{
  return isnan (value) ? "" : g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.9g", value);
}

/* The CSV text. (transfer full) */
static char *
format_history (const EntrenaTraining *training)
{
  GString *csv = g_string_new ("epoch,train_loss,test_loss,test_accuracy,seconds,train_accuracy");
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  char c[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];
  char f[G_ASCII_DTOSTR_BUF_SIZE];

  /* With validation rows, their columns come last. */
  g_string_append (csv, training->n_val > 0 ? ",val_loss,val_accuracy\n" : "\n");

  /* Files are read by programs: the C locale's decimal point, whatever the language. */
  for (guint e = 0; e < training->n_epochs; e++)
    {
      g_string_append_printf (csv, "%u,%s,%s,%s,%s,%s", e + 1,
                              g_ascii_formatd (a, sizeof a, "%.9g", training->train_loss[e]),
                              g_ascii_formatd (b, sizeof b, "%.9g", training->test_loss[e]),
                              format_accuracy (c, training->test_accuracy[e]),
                              g_ascii_formatd (d, sizeof d, "%.6f", training->seconds[e]),
                              format_accuracy (f, training->train_accuracy[e]));
      if (training->n_val > 0)
        g_string_append_printf (csv, ",%s,%s",
                                g_ascii_formatd (a, sizeof a, "%.9g", training->val_loss[e]),
                                format_accuracy (b, training->val_accuracy[e]));
      g_string_append_c (csv, '\n');
    }

  return g_string_free (csv, FALSE);
}

gboolean
entrena_training_write_history (const EntrenaTraining *training,
                                GFile                 *file,
                                GError               **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (training != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  csv = format_history (training);
  return entrena_atomic_write (file, csv, strlen (csv), -1, NULL, error);
}
