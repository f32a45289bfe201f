/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-column-stats.h"
#include "entrena-training-page-private.h"

/*
 * The training page's task: classification or regression, suggested from
 * the target column whenever another one is chosen (with the reason under
 * the row), which the person can switch. A text target is always classes.
 * For regression the page offers Scale target, suggested when the target's
 * spread is far from 1, and turns stratifying off: a number has no classes
 * whose shares a split could keep.
 */

/* Spreads outside [SCALE_TARGET_LOW, SCALE_TARGET_HIGH] suggest Scale target. */
#define SCALE_TARGET_HIGH 100.0
#define SCALE_TARGET_LOW 0.01

/* The target's spread is measured on at most this many rows. */
#define SPREAD_SAMPLE_ROWS 20000

static EntrenaTask
shown_task (EntrenaTrainingPage *self)
{
  return adw_combo_row_get_selected (self->task_row) == ENTRENA_TASK_REGRESSION
           ? ENTRENA_TASK_REGRESSION
           : ENTRENA_TASK_CLASSIFICATION;
}

static void
update_scale_target (EntrenaTrainingPage *self)
{
  EntrenaTable *table = self->task_table;
  g_autofree char *subtitle = NULL;
  double spread = 0;

  if (table != NULL && self->task_column >= 0 &&
      entrena_table_get_column_type (table, self->task_column) == ENTRENA_COLUMN_NUMERIC)
    spread = entrena_table_column_spread (table, self->task_column, SPREAD_SAMPLE_ROWS);

  if (spread > SCALE_TARGET_HIGH || (spread > 0 && spread < SCALE_TARGET_LOW))
    {
      g_autofree char *figure = g_strdup_printf ("%.2g", spread);

      /* Translators: %s is the target column's name, then its typical spread (standard deviation) */
      subtitle = g_strdup_printf (_("Suggested: “%s” spreads over about %s, far from 1"),
                                  entrena_table_get_column_name (table, self->task_column), figure);
    }
  adw_action_row_set_subtitle (self->scale_target_row,
                               subtitle != NULL ? subtitle
                                                : _("Standardize the target on the training rows; predictions are mapped back"));
}

/* What the task changes on the page. */
static void
task_changed_cb (EntrenaTrainingPage *self)
{
  gboolean regression = shown_task (self) == ENTRENA_TASK_REGRESSION;

  gtk_widget_set_visible (GTK_WIDGET (self->scale_target_row), regression);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stratify_row), !regression);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stratify_row),
                               regression ? _("A number to predict has no classes whose shares could be kept")
                                          : NULL);
  update_scale_target (self);
  _entrena_training_page_update_network_summary (self);
}

void
_entrena_training_page_init_task (EntrenaTrainingPage *self)
{
  self->task_column = -1;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->task_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->scale_target_row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->task_row), 0);
  adw_action_row_set_subtitle_lines (self->scale_target_row, 0);
  g_signal_connect_object (self->task_row, "notify::selected",
                           G_CALLBACK (task_changed_cb), self, G_CONNECT_SWAPPED);
  task_changed_cb (self);
}

void
_entrena_training_page_dispose_task (EntrenaTrainingPage *self)
{
  g_clear_pointer (&self->task_table, entrena_table_unref);
  g_clear_pointer (&self->task_reason, g_free);
}

void
_entrena_training_page_update_task (EntrenaTrainingPage *self,
                                    EntrenaTable        *table,
                                    int                  target)
{
  EntrenaTask task = ENTRENA_TASK_CLASSIFICATION;
  gboolean text = FALSE;

  if (table == self->task_table && target == self->task_column)
    return;

  g_clear_pointer (&self->task_table, entrena_table_unref);
  g_clear_pointer (&self->task_reason, g_free);
  self->task_column = table != NULL ? target : -1;
  if (table != NULL)
    self->task_table = entrena_table_ref (table);

  if (table != NULL && target >= 0)
    {
      task = entrena_table_suggest_task (table, target, &self->task_reason);
      text = entrena_table_get_column_type (table, target) != ENTRENA_COLUMN_NUMERIC;
    }

  /* A text target is classes: there is nothing to switch to. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->task_row), !text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->task_row),
                               text ? _("Only a numeric target can be predicted as a number") : NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->task_row),
                               self->task_reason != NULL ? self->task_reason
                                                         : _("Tell classes apart, or predict a number"));
  adw_combo_row_set_selected (self->task_row, task);
  task_changed_cb (self);
}

void
_entrena_training_page_task_to_settings (EntrenaTrainingPage *self,
                                         EntrenaRunSettings  *settings)
{
  /* The task of the target chosen just now, not of the one before. */
  _entrena_training_page_flush_update (self);
  settings->data.task = shown_task (self);
  settings->training.scale_target = settings->data.task == ENTRENA_TASK_REGRESSION &&
                                    gtk_switch_get_active (self->scale_target_switch);
  /* The split refuses to stratify a number; the row is off for it. */
  if (settings->data.task == ENTRENA_TASK_REGRESSION)
    settings->stratify = FALSE;
}

void
_entrena_training_page_show_task (EntrenaTrainingPage *self,
                                  EntrenaTask          task,
                                  gboolean             scale_target)
{
  gtk_switch_set_active (self->scale_target_switch, scale_target);
  if (task == ENTRENA_TASK_AUTO || !gtk_widget_get_sensitive (GTK_WIDGET (self->task_row)))
    {
      EntrenaTable *table = self->task_table != NULL ? entrena_table_ref (self->task_table) : NULL;
      int column = self->task_column;

      /* Suggested again, for the same target. */
      self->task_column = -2;
      _entrena_training_page_update_task (self, table, column);
      g_clear_pointer (&table, entrena_table_unref);
      return;
    }
  adw_combo_row_set_selected (self->task_row, task);
}
