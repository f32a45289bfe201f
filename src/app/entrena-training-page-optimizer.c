/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-page"

#include "config.h"

#include "entrena-training-page-private.h"

/*
 * The training page's optimizer: the Optimizer row (its items in the order of
 * EntrenaOptimizer), the options shown only where they apply (Momentum for
 * SGD and RMSprop, Nesterov for SGD; Weight decay for all), PyTorch's default
 * weight decay following the choice (AdamW's 0.01), the inline message for a
 * combination PyTorch refuses, and their reading as training settings.
 */

static EntrenaOptimizer
selected_optimizer (EntrenaTrainingPage *self)
{
  guint selected = adw_combo_row_get_selected (self->optimizer_row);

  return selected < ENTRENA_N_OPTIMIZERS ? (EntrenaOptimizer) selected : ENTRENA_OPTIMIZER_ADAM;
}

/* The options of the optimizer chosen; those hidden do not count. */
void
_entrena_training_page_optimizer_to_config (EntrenaTrainingPage     *self,
                                            EntrenaTrainingSettings *config)
{
  EntrenaOptimizer optimizer = selected_optimizer (self);

  gtk_spin_button_update (self->momentum_spin);
  gtk_spin_button_update (self->weight_decay_spin);

  config->optimizer = optimizer;
  config->momentum = entrena_optimizer_has_momentum (optimizer)
                       ? gtk_spin_button_get_value (self->momentum_spin)
                       : 0;
  config->nesterov = optimizer == ENTRENA_OPTIMIZER_SGD && gtk_switch_get_active (self->nesterov_switch);
  config->weight_decay = gtk_spin_button_get_value (self->weight_decay_spin);
}

/* Which rows show, and the message when the options do not go together. */
static void
update_optimizer (EntrenaTrainingPage *self)
{
  EntrenaOptimizer optimizer = selected_optimizer (self);
  EntrenaTrainingSettings config;
  g_autoptr (GError) error = NULL;
  gboolean valid;

  gtk_widget_set_visible (GTK_WIDGET (self->momentum_row),
                          entrena_optimizer_has_momentum (optimizer) && !self->momentum_hidden);
  gtk_widget_set_visible (GTK_WIDGET (self->nesterov_row),
                          optimizer == ENTRENA_OPTIMIZER_SGD && !self->nesterov_hidden);

  _entrena_training_page_optimizer_to_config (self, &config);
  valid = entrena_optimizer_check (config.optimizer, config.momentum, config.nesterov,
                                   config.weight_decay, &error);
  if (!valid)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->optimizer_error_row), error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->optimizer_error_row), !valid);

  if (valid != self->optimizer_valid)
    {
      self->optimizer_valid = valid;
      _entrena_training_page_notify_settings_valid (self);
    }
}

/* PyTorch's default weight decay goes with the optimizer: choosing AdamW
 * where no weight decay was set gives its 0.01, and leaving it with 0.01
 * still set gives the others' 0. A value the user chose stays. */
static void
optimizer_changed_cb (EntrenaTrainingPage *self)
{
  EntrenaOptimizer optimizer = selected_optimizer (self);
  double before = entrena_optimizer_default_weight_decay (self->optimizer_shown);
  double after = entrena_optimizer_default_weight_decay (optimizer);

  if (before != after && gtk_spin_button_get_value (self->weight_decay_spin) == before)
    gtk_spin_button_set_value (self->weight_decay_spin, after);
  self->optimizer_shown = optimizer;
  update_optimizer (self);
}

void
_entrena_training_page_show_optimizer (EntrenaTrainingPage           *self,
                                       const EntrenaTrainingSettings *config)
{
  gtk_spin_button_set_value (self->momentum_spin, config->momentum);
  gtk_switch_set_active (self->nesterov_switch, config->nesterov);
  gtk_spin_button_set_value (self->weight_decay_spin, config->weight_decay);
  /* The weight decay shown is the one asked for, not the new default. */
  self->optimizer_shown = config->optimizer;
  adw_combo_row_set_selected (self->optimizer_row, config->optimizer);
  update_optimizer (self);
}

void
_entrena_training_page_hide_optimizer_option (EntrenaTrainingPage *self,
                                              const char          *name,
                                              gboolean             hidden)
{
  if (g_str_equal (name, "momentum"))
    self->momentum_hidden = hidden;
  else
    self->nesterov_hidden = hidden;
  update_optimizer (self);
}

void
_entrena_training_page_init_optimizer (EntrenaTrainingPage *self)
{
  self->optimizer_valid = TRUE;
  self->optimizer_shown = ENTRENA_OPTIMIZER_ADAM;

  g_signal_connect_object (self->optimizer_row, "notify::selected",
                           G_CALLBACK (optimizer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->momentum_spin, "value-changed",
                           G_CALLBACK (update_optimizer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->nesterov_switch, "notify::active",
                           G_CALLBACK (update_optimizer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->weight_decay_spin, "value-changed",
                           G_CALLBACK (update_optimizer), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->weight_decay_spin, "output", G_CALLBACK (_entrena_training_page_number_output_cb), NULL);

  update_optimizer (self);
}
