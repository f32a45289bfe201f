/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "entrena-column-item.h"
#include "entrena-column-stats.h"
#include "entrena-format.h"
#include "entrena-split.h"
#include "entrena-training-page-private.h"
#include "entrena-training.h"

/*
 * EntrenaTrainingPage holds the settings of a training run: how many rows to
 * hold back for testing, with the lesson's advice for the data at hand; the
 * hidden layers, one editable row each; the learning rate, epochs, optional
 * mini-batches, seed and standardization, with a hint when the features'
 * scales are far apart.
 *
 * This file has the page and its advice; the hidden layers are in
 * entrena-training-page-layers.c, the other values' GSettings binding and
 * their reading as run settings in entrena-training-page-form.c.
 *
 * The last values used are kept in GSettings. The window also saves them per
 * file (entrena_run_settings_to_variant()) and shows them again with
 * entrena_training_page_apply_state().
 */

/* Features whose spreads differ by more than this get the standardize hint. */
#define SCALE_RATIO 100.0

/* The spread of a feature is measured on at most this many rows, evenly
 * spaced, so a file of millions of rows does not hold up the window. */
#define SCALE_SAMPLE_ROWS 20000

/* Above this, the advice is the one for millions of rows. */
#define MANY_ROWS 1000000
#define FEW_ROWS 1000

G_DEFINE_FINAL_TYPE (EntrenaTrainingPage, entrena_training_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASET_PAGE,
  PROP_SETTINGS_VALID,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* Data-dependent advice */

static void
update_split (EntrenaTrainingPage *self)
{
  double fraction = gtk_spin_button_get_value (self->test_size_spin) / 100.0;
  g_autofree char *subtitle = NULL;
  const char *title;
  const char *advice;
  gboolean followed;

  if (self->n_rows == 0)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->test_size_row),
                                   _("Rows held back to test the network on data it never trained on"));
      /* These strings are shown as they are, never formatted: their % signs are plain text. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->advice_row),
                                     /* xgettext:no-c-format */
                                     _("About 20% is usual"));
      adw_action_row_set_subtitle (self->advice_row,
                                   /* xgettext:no-c-format */
                                   _("25–30% for fewer than 1,000 rows, 10% or less for millions"));
      adw_action_row_set_icon_name (self->advice_row, "dialog-information-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->advice_row), "off-advice");
      return;
    }

  {
    guint n_test = entrena_split_count_test (self->n_rows, fraction);
    g_autofree char *test = entrena_format_count (n_test);
    g_autofree char *train = entrena_format_count (self->n_rows - n_test);

    /* Translators: both %s are numbers of rows */
    subtitle = g_strdup_printf (_("%s rows to test, %s to train"), test, train);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->test_size_row), subtitle);
  }

  /* The lesson's rule of thumb, for the size of this data set. */
  if (self->n_rows < FEW_ROWS)
    {
      /* xgettext:no-c-format */
      title = _("Hold back 25–30% here");
      advice = _("With fewer than 1,000 rows, a bigger test set makes the test score trustworthy");
      followed = fraction >= 0.245 && fraction <= 0.305;
    }
  else if (self->n_rows >= MANY_ROWS)
    {
      /* xgettext:no-c-format */
      title = _("10% or less is plenty here");
      advice = _("With millions of rows, even a small share is a big test set");
      followed = fraction <= 0.105;
    }
  else
    {
      /* xgettext:no-c-format */
      title = _("About 20% is usual");
      /* xgettext:no-c-format */
      advice = _("25–30% for fewer than 1,000 rows, 10% or less for millions");
      followed = fraction >= 0.145 && fraction <= 0.255;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->advice_row), title);
  adw_action_row_set_subtitle (self->advice_row, advice);
  adw_action_row_set_icon_name (self->advice_row,
                                followed ? "dialog-information-symbolic" : "dialog-warning-symbolic");
  if (followed)
    gtk_widget_remove_css_class (GTK_WIDGET (self->advice_row), "off-advice");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->advice_row), "off-advice");
}

static void
update_scale_hint (EntrenaTrainingPage *self,
                   EntrenaTable        *table)
{
  double widest = 0, narrowest = INFINITY;
  int widest_column = -1, narrowest_column = -1;
  gboolean show;

  if (table != NULL && self->dataset_page != NULL)
    {
      guint n_columns = entrena_table_get_n_columns (table);

      for (guint c = 0; c < n_columns; c++)
        {
          double spread;

          if (!entrena_dataset_page_get_column_is_feature (self->dataset_page, c) ||
              entrena_table_get_column_type (table, c) != ENTRENA_COLUMN_NUMERIC)
            continue;

          /* A constant column carries nothing to scale. */
          spread = entrena_table_column_spread (table, c, SCALE_SAMPLE_ROWS);
          if (!(spread > 0))
            continue;

          if (spread > widest)
            {
              widest = spread;
              widest_column = c;
            }
          if (spread < narrowest)
            {
              narrowest = spread;
              narrowest_column = c;
            }
        }
    }

  self->scale_mismatch = widest_column >= 0 && narrowest_column >= 0 &&
                         widest > SCALE_RATIO * narrowest;

  if (self->scale_mismatch)
    {
      g_autofree char *wide = g_strdup_printf ("%.2g", widest);
      g_autofree char *narrow = g_strdup_printf ("%.2g", narrowest);
      g_autofree char *subtitle = NULL;

      /* Translators: the first and third %s are column names, the second and fourth typical
       * spreads (standard deviations) of their values, e.g. "“weight” spreads over about 21,
       * “ratio” over about 0.02. Standardize so that every feature counts." */
      subtitle = g_strdup_printf (_("“%s” spreads over about %s, “%s” over about %s. Standardize so that every feature counts."),
                                  entrena_table_get_column_name (table, widest_column), wide,
                                  entrena_table_get_column_name (table, narrowest_column), narrow);
      adw_action_row_set_subtitle (self->scale_hint_row, subtitle);
    }

  show = self->scale_mismatch && !gtk_switch_get_active (self->standardize_switch);
  gtk_widget_set_visible (GTK_WIDGET (self->scale_hint_row), show);
}

static void
update_from_data (EntrenaTrainingPage *self)
{
  EntrenaTable *table = NULL;
  int target = -1;

  self->n_rows = 0;
  self->n_inputs = 0;
  self->n_classes = 0;

  if (self->dataset_page != NULL)
    {
      table = entrena_dataset_page_get_table (self->dataset_page);
      target = entrena_dataset_page_get_target_column (self->dataset_page);
    }

  if (table != NULL)
    {
      guint n_columns = entrena_table_get_n_columns (table);

      self->n_rows = entrena_table_get_n_rows (table);

      /* Each numeric feature is one input; a text one is one input per category. */
      for (guint c = 0; c < n_columns; c++)
        {
          if (entrena_dataset_page_get_column_is_feature (self->dataset_page, c))
            self->n_inputs += entrena_table_column_n_inputs (table, c);
        }
      if (target >= 0)
        self->n_classes = entrena_table_get_column_distinct (table, target);
    }

  update_split (self);
  _entrena_training_page_update_network_summary (self);
  update_scale_hint (self, table);
  _entrena_training_page_update_task (self, table, target);
}

static gboolean
update_from_data_cb (gpointer user_data)
{
  EntrenaTrainingPage *self = user_data;

  self->update_source = 0;
  update_from_data (self);

  return G_SOURCE_REMOVE;
}

/* Brings the page up to date with the data now, when an update is queued. */
void
_entrena_training_page_flush_update (EntrenaTrainingPage *self)
{
  if (self->update_source != 0)
    {
      g_clear_handle_id (&self->update_source, g_source_remove);
      update_from_data (self);
    }
}

/* A new table sends many notifications at once: update once, when they are over. */
static void
queue_update (EntrenaTrainingPage *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_from_data_cb, self, NULL);
}

static void
columns_changed_cb (EntrenaTrainingPage *self,
                    guint                position,
                    guint                removed,
                    guint                added,
                    GListModel          *columns)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(EntrenaColumnItem) item = g_list_model_get_item (columns, i);

      g_signal_connect_object (item, "notify::feature", G_CALLBACK (queue_update), self,
                               G_CONNECT_SWAPPED);
    }

  queue_update (self);
}

/* Callbacks */

static void
test_size_changed_cb (EntrenaTrainingPage *self)
{
  update_split (self);
}

static void
standardize_changed_cb (EntrenaTrainingPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->scale_hint_row),
                          self->scale_mismatch && !gtk_switch_get_active (self->standardize_switch));
}

/* GObject */

static void
entrena_training_page_dispose (GObject *object)
{
  EntrenaTrainingPage *self = (EntrenaTrainingPage *) object;

  entrena_training_page_set_dataset_page (self, NULL);
  g_clear_handle_id (&self->update_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_TRAINING_PAGE);

  g_clear_pointer (&self->layer_rows, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->lesson_tooltip, g_free);
  _entrena_training_page_dispose_task (self);

  G_OBJECT_CLASS (entrena_training_page_parent_class)->dispose (object);
}

static void
entrena_training_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EntrenaTrainingPage *self = ENTRENA_TRAINING_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATASET_PAGE:
      g_value_set_object (value, self->dataset_page);
      break;

    case PROP_SETTINGS_VALID:
      g_value_set_boolean (value, entrena_training_page_get_settings_valid (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_training_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  EntrenaTrainingPage *self = ENTRENA_TRAINING_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATASET_PAGE:
      entrena_training_page_set_dataset_page (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_training_page_class_init (EntrenaTrainingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_training_page_dispose;
  object_class->get_property = entrena_training_page_get_property;
  object_class->set_property = entrena_training_page_set_property;

  /**
   * EntrenaTrainingPage:dataset-page:
   *
   * The data pane whose table and columns the advice and hints are about.
   */
  properties[PROP_DATASET_PAGE] =
    g_param_spec_object ("dataset-page", NULL, NULL,
                         ENTRENA_TYPE_DATASET_PAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaTrainingPage:settings-valid:
   *
   * Whether the settings shown make a run; when not, the page says why
   * next to the setting to change (an optimizer option that does not apply).
   */
  properties[PROP_SETTINGS_VALID] =
    g_param_spec_boolean ("settings-valid", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-training-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, test_size_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, test_size_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, advice_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, stratify_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, stratify_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, task_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, scale_target_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, scale_target_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, network_group);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, layers_list);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, learning_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, optimizer_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, momentum_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, momentum_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, nesterov_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, nesterov_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, weight_decay_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, optimizer_error_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, batch_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, batch_size_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, standardize_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, activation_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, scale_hint_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, lesson_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, val_size_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, early_stopping_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, early_stopping_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, patience_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, patience_spin);

  _entrena_training_page_class_add_layer_actions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "trainingpage");
}

static void
entrena_training_page_init (EntrenaTrainingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _entrena_training_page_init_layers (self);

  g_signal_connect_object (self->test_size_spin, "value-changed",
                           G_CALLBACK (test_size_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->standardize_switch, "notify::active",
                           G_CALLBACK (standardize_changed_cb), self, G_CONNECT_SWAPPED);
  _entrena_training_page_init_form (self);
  _entrena_training_page_init_task (self);
  _entrena_training_page_init_optimizer (self);

  /* Rows whose text comes from the data: a column named "a<b" is not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->test_size_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->advice_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->scale_hint_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->optimizer_error_row), FALSE);
  adw_action_row_set_title_lines (self->optimizer_error_row, 0);
  adw_action_row_set_subtitle_lines (self->scale_hint_row, 0);
  adw_action_row_set_subtitle_lines (self->advice_row, 0);

  update_from_data (self);
}

/**
 * entrena_training_page_new:
 *
 * Returns: (transfer floating): a training settings page with the lesson's defaults
 */
GtkWidget *
entrena_training_page_new (void)
{
  return g_object_new (ENTRENA_TYPE_TRAINING_PAGE, NULL);
}

EntrenaDatasetPage *
entrena_training_page_get_dataset_page (EntrenaTrainingPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_PAGE (self), NULL);

  return self->dataset_page;
}

void
entrena_training_page_set_dataset_page (EntrenaTrainingPage *self,
                                        EntrenaDatasetPage  *dataset_page)
{
  GListModel *columns;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));
  g_return_if_fail (!dataset_page || ENTRENA_IS_DATASET_PAGE (dataset_page));

  if (self->dataset_page == dataset_page)
    return;

  if (self->dataset_page != NULL)
    {
      columns = entrena_dataset_page_get_columns (self->dataset_page);
      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(EntrenaColumnItem) item = g_list_model_get_item (columns, i);

          g_signal_handlers_disconnect_by_data (item, self);
        }
      g_signal_handlers_disconnect_by_data (columns, self);
      g_signal_handlers_disconnect_by_data (self->dataset_page, self);
      g_clear_object (&self->dataset_page);
    }

  if (dataset_page != NULL)
    {
      self->dataset_page = g_object_ref (dataset_page);
      columns = entrena_dataset_page_get_columns (dataset_page);

      g_signal_connect_object (dataset_page, "notify::target-column",
                               G_CALLBACK (queue_update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (columns, "items-changed",
                               G_CALLBACK (columns_changed_cb), self, G_CONNECT_SWAPPED);
      columns_changed_cb (self, 0, 0, g_list_model_get_n_items (columns), columns);
    }

  queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET_PAGE]);
}

/**
 * entrena_training_page_get_scale_hint_visible:
 * @self: a training page
 *
 * Returns: whether the page advises standardizing because the features'
 *   scales differ by more than 100×
 */
gboolean
entrena_training_page_get_scale_hint_visible (EntrenaTrainingPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_PAGE (self), FALSE);

  if (self->update_source != 0)
    {
      g_clear_handle_id (&self->update_source, g_source_remove);
      update_from_data (self);
    }

  return gtk_widget_get_visible (GTK_WIDGET (self->scale_hint_row));
}

/**
 * entrena_training_page_get_settings_valid:
 * @self: a training page
 *
 * Returns: whether the settings shown make a run
 */
gboolean
entrena_training_page_get_settings_valid (EntrenaTrainingPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_PAGE (self), FALSE);

  return self->optimizer_valid;
}

void
_entrena_training_page_notify_settings_valid (EntrenaTrainingPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS_VALID]);
}

/* Shows @settings' split and training values, leaving the layers alone
 * when they are already the ones shown. */
static void
show_run_settings (EntrenaTrainingPage      *self,
                   const EntrenaRunSettings *settings)
{
  const EntrenaTrainingSettings *training = &settings->training;
  EntrenaTrainingSettings shown;

  gtk_spin_button_set_value (self->test_size_spin, round (settings->test_size * 100.0));
  gtk_switch_set_active (self->stratify_switch, settings->stratify);
  _entrena_training_page_layers_to_config (self, &shown);
  if (shown.n_hidden != training->n_hidden ||
      memcmp (shown.hidden, training->hidden, training->n_hidden * sizeof (guint)) != 0)
    entrena_training_page_set_layers (self, training->hidden, training->n_hidden);
  gtk_spin_button_set_value (self->learning_rate_spin, training->learning_rate);
  gtk_spin_button_set_value (self->epochs_spin, training->epochs);
  gtk_spin_button_set_value (self->seed_spin, training->seed);
  if (training->batch_size > 0)
    gtk_spin_button_set_value (self->batch_size_spin, training->batch_size);
  adw_expander_row_set_enable_expansion (self->batch_row, training->batch_size > 0);
  gtk_switch_set_active (self->standardize_switch, training->standardize);
  _entrena_training_page_show_optimizer (self, training);
  adw_combo_row_set_selected (self->activation_row, training->activation);
  gtk_spin_button_set_value (self->val_size_spin, round (training->val_size * 100.0));
  if (training->patience > 0)
    gtk_spin_button_set_value (self->patience_spin, training->patience);
  gtk_switch_set_active (self->early_stopping_switch, training->patience > 0);
}

/**
 * entrena_training_page_apply_state:
 * @self: a training page
 * @state: an `a{sv}` dictionary from entrena_run_settings_to_variant();
 *   missing or mistyped keys are left as they are
 *
 * Shows values saved earlier, for instance for the file just opened.
 */
void
entrena_training_page_apply_state (EntrenaTrainingPage *self,
                                   GVariant            *state)
{
  EntrenaRunSettings settings;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));
  g_return_if_fail (g_variant_is_of_type (state, G_VARIANT_TYPE_VARDICT));

  /* The task saved is for the target just chosen: suggest for it first. */
  _entrena_training_page_flush_update (self);

  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (self, &settings);
  entrena_run_settings_from_variant (&settings, state, NULL);
  show_run_settings (self, &settings);
  if (g_variant_lookup (state, "task", "&s", NULL))
    _entrena_training_page_show_task (self, settings.data.task, settings.training.scale_target);
}

/**
 * entrena_training_page_restore_lesson_settings:
 * @self: a training page
 *
 * Shows the settings of the classroom lesson, which are also entrena-cli's
 * defaults: 20% of the rows for testing, not stratified; hidden layers of 64
 * and 32 neurons with ReLU; Adam with learning rate 0.01; 100 epochs; seed 42;
 * the full batch; features not standardized; no validation rows, no early
 * stopping. The data pane's choices (target column, columns left out) are not
 * changed.
 */
void
entrena_training_page_restore_lesson_settings (EntrenaTrainingPage *self)
{
  EntrenaRunSettings settings;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));

  entrena_run_settings_init (&settings);
  show_run_settings (self, &settings);
  _entrena_training_page_show_task (self, ENTRENA_TASK_AUTO, FALSE);
}
