/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-window-private.h"

/*
 * Opening other data clears the Runs list, which compares runs on the data
 * open now: with runs in it, the window asks first. Keeping them leaves the
 * data on screen as they were. A lesson being opened waits with its data.
 */

typedef struct
{
  EntrenaTable  *table;
  EntrenaLesson *lesson;   /* (nullable) */
} Pending;

static void
pending_free (gpointer data,
              GClosure *closure)
{
  Pending *pending = data;

  entrena_table_unref (pending->table);
  g_clear_pointer (&pending->lesson, entrena_lesson_free);
  g_free (pending);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  Pending *pending = user_data;
  EntrenaWindow *self = ENTRENA_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (self == NULL || g_strcmp0 (response, "clear") != 0)
    return;
  _entrena_window_show_table (self, pending->table);
  if (pending->lesson != NULL)
    _entrena_window_show_lesson (self, g_steal_pointer (&pending->lesson));
}

void
_entrena_window_ask_to_clear_runs (EntrenaWindow *self,
                                   EntrenaTable  *table)
{
  EntrenaRunsList *runs = entrena_training_view_get_runs_list (self->training_view);
  guint n = entrena_runs_list_get_n_runs (runs);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  Pending *pending;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %u is a number of runs, %s a file or demo name. */
                                       "The Runs list has %u run on the data open now. Opening “%s” clears it.",
                                       "The Runs list has %u runs on the data open now. Opening “%s” clears them.",
                                       n),
                          n, entrena_table_get_display_name (table));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Clear the Runs?"), body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "clear-runs-dialog");
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep the Current Data"),
                                    "clear", _("_Open and Clear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  pending = g_new0 (Pending, 1);
  pending->table = entrena_table_ref (table);
  pending->lesson = g_object_steal_data (G_OBJECT (self), ENTRENA_WINDOW_PENDING_LESSON);
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), pending, pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
