/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-setting-rows.h"
#include "entrena-training-page-private.h"

/*
 * The training page's values besides the split advice and the layers: how
 * they are kept in GSettings (the last values used) and read as the settings
 * of a run.
 */

/* Settings mappings: the spin buttons hold doubles and percentages. */

static gboolean
percent_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, round (g_variant_get_double (variant) * 100.0));
  return TRUE;
}

static GVariant *
percent_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100.0);
}

static gboolean
uint_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
uint_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  double v = g_value_get_double (value);

  return g_variant_new_uint32 ((guint32) CLAMP (v, 0, G_MAXUINT32));
}

/* The activation row's position <-> the activation's stable name. */
static gboolean
activation_get_mapping (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  EntrenaActivation activation = ENTRENA_ACTIVATION_RELU;

  entrena_activation_from_string (g_variant_get_string (variant, NULL), &activation);
  g_value_set_uint (value, activation);
  return TRUE;
}

static GVariant *
activation_set_mapping (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  return g_variant_new_string (entrena_activation_to_string (g_value_get_uint (value)));
}

static void
batch_changed_cb (EntrenaTrainingPage *self)
{
  guint batch;

  if (self->settings == NULL)
    return;

  batch = adw_expander_row_get_enable_expansion (self->batch_row)
            ? (guint) gtk_spin_button_get_value_as_int (self->batch_size_spin)
            : 0;
  g_settings_set_uint (self->settings, "batch-size", batch);
}

/* Early stopping needs validation rows, and its patience needs it on. */
static void
validation_changed_cb (EntrenaTrainingPage *self)
{
  gboolean validation = gtk_spin_button_get_value (self->val_size_spin) > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->early_stopping_row), validation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->patience_row),
                            validation && gtk_switch_get_active (self->early_stopping_switch));
}

/* Shows rates like 0.001 or 3e-05 as people write them (the learning rate,
 * the weight decay). */
gboolean
_entrena_training_page_number_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%g", gtk_spin_button_get_value (spin));

  /* Rates like 0.001 or 3e-05 as people write them, not as 0.001000. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

void
_entrena_training_page_init_form (EntrenaTrainingPage *self)
{
  g_signal_connect_object (self->batch_row, "notify::enable-expansion",
                           G_CALLBACK (batch_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->batch_size_spin, "value-changed",
                           G_CALLBACK (batch_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->learning_rate_spin, "output", G_CALLBACK (_entrena_training_page_number_output_cb), NULL);
  g_signal_connect_object (self->val_size_spin, "value-changed",
                           G_CALLBACK (validation_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->early_stopping_switch, "notify::active",
                           G_CALLBACK (validation_changed_cb), self, G_CONNECT_SWAPPED);
  validation_changed_cb (self);
}

/**
 * entrena_training_page_bind_settings:
 * @self: a training page
 * @settings: the application's settings
 *
 * Shows the last values used and keeps them up to date in @settings.
 */
void
entrena_training_page_bind_settings (EntrenaTrainingPage *self,
                                     GSettings           *settings)
{
  g_autofree char *layers = NULL;
  EntrenaTrainingSettings config;
  guint batch;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);

  g_settings_bind_with_mapping (settings, "test-size",
                                gtk_spin_button_get_adjustment (self->test_size_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                percent_get_mapping, percent_set_mapping, NULL, NULL);
  g_settings_bind (settings, "stratify", self->stratify_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "learning-rate",
                   gtk_spin_button_get_adjustment (self->learning_rate_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "epochs",
                                gtk_spin_button_get_adjustment (self->epochs_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                uint_get_mapping, uint_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (settings, "seed",
                                gtk_spin_button_get_adjustment (self->seed_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                uint_get_mapping, uint_set_mapping, NULL, NULL);
  g_settings_bind (settings, "standardize", self->standardize_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "activation", self->activation_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                activation_get_mapping, activation_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (settings, "val-size",
                                gtk_spin_button_get_adjustment (self->val_size_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                percent_get_mapping, percent_set_mapping, NULL, NULL);
  g_settings_bind (settings, "early-stopping", self->early_stopping_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "patience",
                                gtk_spin_button_get_adjustment (self->patience_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                uint_get_mapping, uint_set_mapping, NULL, NULL);

  /* 0 means one batch of all rows; the spin button then keeps its own value for
   * when mini-batches are turned on. */
  batch = g_settings_get_uint (settings, "batch-size");
  if (batch > 0)
    gtk_spin_button_set_value (self->batch_size_spin, batch);
  adw_expander_row_set_enable_expansion (self->batch_row, batch > 0);

  layers = g_settings_get_string (settings, "hidden-layers");
  entrena_training_settings_init (&config);
  if (entrena_training_settings_parse_layers (&config, layers, NULL))
    {
      self->rebuilding_layers = TRUE;
      entrena_training_page_set_layers (self, config.hidden, config.n_hidden);
      self->rebuilding_layers = FALSE;
    }
}

/**
 * entrena_training_page_get_run_settings:
 * @self: a training page
 * @settings: (out caller-allocates): the run settings to fill in: the split
 *   and the training configuration (not the data pane's choices)
 *
 * What the page says, including numbers still being typed.
 */
void
entrena_training_page_get_run_settings (EntrenaTrainingPage *self,
                                        EntrenaRunSettings  *settings)
{
  guint activation;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));
  g_return_if_fail (settings != NULL);

  /* A number typed but not yet confirmed with Enter counts too. */
  gtk_spin_button_update (self->test_size_spin);
  gtk_spin_button_update (self->learning_rate_spin);
  gtk_spin_button_update (self->epochs_spin);
  gtk_spin_button_update (self->batch_size_spin);
  gtk_spin_button_update (self->seed_spin);
  gtk_spin_button_update (self->val_size_spin);
  gtk_spin_button_update (self->patience_spin);

  settings->test_size = gtk_spin_button_get_value (self->test_size_spin) / 100.0;
  settings->stratify = gtk_switch_get_active (self->stratify_switch);

  entrena_training_settings_init (&settings->training);
  _entrena_training_page_layers_to_config (self, &settings->training);
  settings->training.learning_rate = gtk_spin_button_get_value (self->learning_rate_spin);
  settings->training.epochs = (guint) gtk_spin_button_get_value_as_int (self->epochs_spin);
  settings->training.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  settings->training.batch_size = adw_expander_row_get_enable_expansion (self->batch_row)
                                 ? (gsize) gtk_spin_button_get_value_as_int (self->batch_size_spin)
                                 : 0;
  settings->training.standardize = gtk_switch_get_active (self->standardize_switch);
  _entrena_training_page_optimizer_to_config (self, &settings->training);
  activation = adw_combo_row_get_selected (self->activation_row);
  settings->training.activation = activation < ENTRENA_N_ACTIVATIONS ? activation : ENTRENA_ACTIVATION_RELU;
  settings->training.val_size = gtk_spin_button_get_value (self->val_size_spin) / 100.0;
  settings->training.patience = settings->training.val_size > 0 && gtk_switch_get_active (self->early_stopping_switch)
                                  ? (guint) gtk_spin_button_get_value_as_int (self->patience_spin)
                                  : 0;
  _entrena_training_page_task_to_settings (self, settings);
}

/* The row that shows the setting @name (as a lesson names it), or NULL. */
static GtkWidget *
find_setting_row (EntrenaTrainingPage *self,
                  const char          *name)
{
  const struct
  {
    const char *name;
    gpointer    widget;
  } rows[] = {
    { "test-size", self->test_size_row },
    { "stratify", self->stratify_switch },
    { "hidden-layers", self->network_group },
    { "activation", self->activation_row },
    { "learning-rate", self->learning_rate_spin },
    { "optimizer", self->optimizer_row },
    { "momentum", self->momentum_spin },
    { "nesterov", self->nesterov_switch },
    { "weight-decay", self->weight_decay_spin },
    { "epochs", self->epochs_spin },
    { "batch-size", self->batch_row },
    { "seed", self->seed_spin },
    { "standardize", self->standardize_switch },
    { "val-size", self->val_size_spin },
    { "patience", self->patience_row },
    { "task", self->task_row },
    { "scale-target", self->scale_target_switch },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].name, name))
      {
        GtkWidget *widget = rows[i].widget;
        GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

        return row != NULL ? row : widget;
      }

  return NULL;
}

/**
 * entrena_training_page_lock_setting:
 * @self: a training page
 * @name: a setting, as a lesson names it ("learning-rate")
 * @locked: shown but fixed
 * @hidden: not shown
 *
 * Shows the setting @name as a lesson wants it; names of settings that are
 * not on this page are ignored.
 */
void
entrena_training_page_lock_setting (EntrenaTrainingPage *self,
                                    const char          *name,
                                    gboolean             locked,
                                    gboolean             hidden)
{
  GtkWidget *row;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));
  g_return_if_fail (name != NULL);

  row = find_setting_row (self, name);
  if (row != NULL)
    entrena_setting_rows_lock (row, locked, hidden);

  /* Momentum and Nesterov show only for the optimizers they apply to. */
  if (g_str_equal (name, "momentum") || g_str_equal (name, "nesterov"))
    _entrena_training_page_hide_optimizer_option (self, name, hidden);

  /* Early stopping is two rows, whose sensitivity also follows the validation
   * share: the controls themselves stay fixed whatever the rows do. */
  if (g_str_equal (name, "patience"))
    {
      entrena_setting_rows_lock (GTK_WIDGET (self->early_stopping_row), locked, hidden);
      gtk_widget_set_sensitive (GTK_WIDGET (self->early_stopping_switch), !locked);
      gtk_widget_set_sensitive (GTK_WIDGET (self->patience_spin), !locked);
      if (!locked)
        validation_changed_cb (self);
    }
}

/**
 * entrena_training_page_set_lesson_title:
 * @self: a training page
 * @title: (nullable): the open lesson file's title ("" for one without), or
 *   %NULL without a lesson file
 *
 * Says what Restore Lesson Settings goes back to: the settings of the lesson
 * file open, or the classroom lesson's.
 */
void
entrena_training_page_set_lesson_title (EntrenaTrainingPage *self,
                                        const char          *title)
{
  g_autofree char *tooltip = NULL;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));

  if (self->lesson_tooltip == NULL)
    self->lesson_tooltip = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (self->lesson_button)));

  if (title == NULL)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->lesson_button), self->lesson_tooltip);
      return;
    }
  if (title[0] != '\0')
    /* Translators: %s is the title of the lesson file open */
    tooltip = g_strdup_printf (_("Back to the settings of the lesson “%s”"), title);
  else
    tooltip = g_strdup (_("Back to the settings of the lesson file"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->lesson_button), tooltip);
}
