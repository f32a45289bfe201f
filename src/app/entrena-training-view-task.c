/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-view"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-training-view-private.h"

/*
 * What a regression run changes in the training view: a number has no
 * accuracy and no classes to map, so the Accuracy and Decision Map views are
 * off, saying why; the loss chart shows the mean squared error, and the
 * network view works unchanged (its one output is the target).
 */

/* The view button @button's own tooltip while it is on, or a reason while off. */
static void
set_view_available (GtkWidget  *button,
                    gboolean    available,
                    const char *reason)
{
  const char *own = g_object_get_data (G_OBJECT (button), "entrena-own-tooltip");

  if (own == NULL)
    {
      g_object_set_data_full (G_OBJECT (button), "entrena-own-tooltip",
                              g_strdup (gtk_widget_get_tooltip_text (button)), g_free);
      own = g_object_get_data (G_OBJECT (button), "entrena-own-tooltip");
    }
  gtk_widget_set_sensitive (button, available);
  gtk_widget_set_tooltip_text (button, available ? own : reason);
}

void
_entrena_training_view_show_task (EntrenaTrainingView *self,
                                  EntrenaTask          task)
{
  gboolean classes = task != ENTRENA_TASK_REGRESSION;
  const char *view = entrena_training_view_get_view (self);

  set_view_available (self->accuracy_view_button, classes,
                      _("A regression has no accuracy: its loss is the mean squared error, and the results show "
                        "RMSE, MAE and R²"));
  set_view_available (self->map_view_button, classes,
                      _("A regression has no classes to map: the results show its predictions against the actual "
                        "values"));
  if (!classes && (g_str_equal (view, "accuracy") || g_str_equal (view, "decision-map")))
    entrena_training_view_set_view (self, "loss");
}

/* The task a run with @settings on @table has: the settings', or the one
 * the target suggests when they leave it to the data. */
EntrenaTask
_entrena_training_view_settings_task (EntrenaTable             *table,
                                      const EntrenaRunSettings *settings)
{
  int column;

  if (settings->data.task != ENTRENA_TASK_AUTO)
    return settings->data.task;
  column = settings->data.target != NULL ? entrena_table_find_column (table, settings->data.target) : -1;
  return column >= 0 ? entrena_table_suggest_task (table, column, NULL) : ENTRENA_TASK_CLASSIFICATION;
}
