/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-page"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-training-page-private.h"

/*
 * The training page's hidden layers: one row each, with its number of neurons
 * and a button that removes it, and a last row that adds one (the layers.add
 * and layers.remove actions). The sizes are kept in GSettings as a list like
 * "64,32", and the group's description shows the shape of the network.
 */

/* The size a new first layer gets; later ones halve the layer before them. */
#define DEFAULT_LAYER_SIZE 16
#define MAX_LAYER_SIZE 65536

static GtkSpinButton *
row_spin (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "entrena-layer-spin");
}

void
_entrena_training_page_layers_to_config (EntrenaTrainingPage     *self,
                                         EntrenaTrainingSettings *config)
{
  config->n_hidden = MIN (self->layer_rows->len, ENTRENA_MAX_HIDDEN_LAYERS);
  for (guint i = 0; i < config->n_hidden; i++)
    {
      GtkSpinButton *spin = row_spin (g_ptr_array_index (self->layer_rows, i));

      gtk_spin_button_update (spin);
      config->hidden[i] = (guint) gtk_spin_button_get_value_as_int (spin);
    }
}

static void
save_layers (EntrenaTrainingPage *self)
{
  EntrenaTrainingSettings config;
  g_autofree char *text = NULL;

  if (self->settings == NULL || self->rebuilding_layers)
    return;

  _entrena_training_page_layers_to_config (self, &config);
  text = entrena_training_settings_format_layers (&config);
  g_settings_set_string (self->settings, "hidden-layers", text);
}

static void
renumber_layers (EntrenaTrainingPage *self)
{
  guint n = self->layer_rows->len;

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->layer_rows, i);
      GtkWidget *remove = g_object_get_data (G_OBJECT (row), "entrena-layer-remove");
      g_autofree char *title = NULL;
      g_autofree char *spin_label = NULL;
      g_autofree char *remove_label = NULL;

      /* Translators: %u is the position of a hidden layer, from the input side */
      title = g_strdup_printf (_("Layer %u"), i + 1);
      /* Translators: %u is the position of a hidden layer, from the input side */
      spin_label = g_strdup_printf (_("Neurons in layer %u"), i + 1);
      /* Translators: %u is the position of a hidden layer, from the input side */
      remove_label = g_strdup_printf (_("Remove layer %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row_spin (row)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spin_label,
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                      -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", i);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "layers.add", n < ENTRENA_MAX_HIDDEN_LAYERS);
  gtk_widget_set_sensitive (self->add_row, n < ENTRENA_MAX_HIDDEN_LAYERS);
}

static void
layer_size_changed_cb (EntrenaTrainingPage *self,
                       GtkSpinButton       *spin)
{
  save_layers (self);
  _entrena_training_page_update_network_summary (self);
}

static GtkWidget *
create_layer_row (EntrenaTrainingPage *self,
                  guint                size)
{
  GtkWidget *row = adw_action_row_new ();
  GtkAdjustment *adjustment = gtk_adjustment_new (size, 1, MAX_LAYER_SIZE, 1, 8, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, 1, 0);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  GtkWidget *neurons = gtk_label_new (_("neurons"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_name (row, "layer-row");

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 5);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_name (spin, "layer-spin");
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (layer_size_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_add_css_class (neurons, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (neurons),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Layer"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  /* The target first: an action that takes a layer index must never see none. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "layers.remove");

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), neurons);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);

  g_object_set_data (G_OBJECT (row), "entrena-layer-spin", spin);
  g_object_set_data (G_OBJECT (row), "entrena-layer-remove", remove);

  return row;
}

static void
insert_layer (EntrenaTrainingPage *self,
              guint                size)
{
  GtkWidget *row = create_layer_row (self, size);

  gtk_list_box_insert (self->layers_list, row, self->layer_rows->len);
  g_ptr_array_add (self->layer_rows, row);
}

/* The Hidden Layers group's description: the shape of the network. */
void
_entrena_training_page_update_network_summary (EntrenaTrainingPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->n_inputs == 0 || self->n_classes == 0)
    {
      adw_preferences_group_set_description (self->network_group,
                                             _("More and wider layers can learn more complex patterns, but train more slowly"));
      return;
    }

  /* "5 inputs → 64 → 32 → 4 classes": the shape of the network. */
  g_string_append_printf (text, ngettext ("%u input", "%u inputs", self->n_inputs), self->n_inputs);
  for (guint i = 0; i < self->layer_rows->len; i++)
    {
      GtkSpinButton *spin = row_spin (g_ptr_array_index (self->layer_rows, i));

      g_string_append_printf (text, " → %d", gtk_spin_button_get_value_as_int (spin));
    }
  g_string_append (text, " → ");
  if (adw_combo_row_get_selected (self->task_row) == ENTRENA_TASK_REGRESSION)
    /* Translators: the end of "5 inputs → 64 → 32 → 1 number", a regression network's one output */
    g_string_append (text, _("1 number"));
  else
    g_string_append_printf (text, ngettext ("%u class", "%u classes", self->n_classes), self->n_classes);

  adw_preferences_group_set_description (self->network_group, text->str);
}

static void
add_layer_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  entrena_training_page_add_layer (ENTRENA_TRAINING_PAGE (widget));
}

static void
remove_layer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  entrena_training_page_remove_layer (ENTRENA_TRAINING_PAGE (widget),
                                      g_variant_get_uint32 (parameter));
}

void
_entrena_training_page_class_add_layer_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "layers.add", NULL, add_layer_action);
  gtk_widget_class_install_action (widget_class, "layers.remove", "u", remove_layer_action);
}

/* The row that adds a layer, and the lesson's layers. */
void
_entrena_training_page_init_layers (EntrenaTrainingPage *self)
{
  GtkWidget *box, *icon, *label;
  EntrenaTrainingSettings config;

  self->layer_rows = g_ptr_array_new ();

  /* The last row of the list adds a layer. */
  self->add_row = gtk_list_box_row_new ();
  gtk_widget_set_name (self->add_row, "add-layer-row");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  icon = gtk_image_new_from_icon_name ("list-add-symbolic");
  label = gtk_label_new_with_mnemonic (_("_Add Layer"));
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->add_row), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_row), "layers.add");
  gtk_widget_add_css_class (self->add_row, "add-layer-row");
  gtk_list_box_append (self->layers_list, self->add_row);

  entrena_training_settings_init (&config);
  entrena_training_page_set_layers (self, config.hidden, config.n_hidden);
}

guint
entrena_training_page_get_n_layers (EntrenaTrainingPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINING_PAGE (self), 0);

  return self->layer_rows->len;
}

/**
 * entrena_training_page_set_layers:
 * @self: a training page
 * @sizes: (array length=n_layers): neurons per hidden layer, input side first
 * @n_layers: how many, at most %ENTRENA_MAX_HIDDEN_LAYERS
 *
 * Replaces the hidden layers.
 */
void
entrena_training_page_set_layers (EntrenaTrainingPage *self,
                                  const guint         *sizes,
                                  guint                n_layers)
{
  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));
  g_return_if_fail (n_layers == 0 || sizes != NULL);

  n_layers = MIN (n_layers, ENTRENA_MAX_HIDDEN_LAYERS);

  while (self->layer_rows->len > 0)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->layer_rows, self->layer_rows->len - 1);

      gtk_list_box_remove (self->layers_list, row);
    }
  for (guint i = 0; i < n_layers; i++)
    insert_layer (self, CLAMP (sizes[i], 1, MAX_LAYER_SIZE));

  renumber_layers (self);
  save_layers (self);
  _entrena_training_page_update_network_summary (self);
}

/**
 * entrena_training_page_add_layer:
 * @self: a training page
 *
 * Adds a hidden layer on the output side, half as wide as the one before it.
 */
void
entrena_training_page_add_layer (EntrenaTrainingPage *self)
{
  guint size = DEFAULT_LAYER_SIZE;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));

  if (self->layer_rows->len >= ENTRENA_MAX_HIDDEN_LAYERS)
    return;

  if (self->layer_rows->len > 0)
    {
      GtkWidget *last = g_ptr_array_index (self->layer_rows, self->layer_rows->len - 1);

      size = MAX (2, gtk_spin_button_get_value_as_int (row_spin (last)) / 2);
    }

  insert_layer (self, size);
  renumber_layers (self);
  save_layers (self);
  _entrena_training_page_update_network_summary (self);

  gtk_widget_grab_focus (GTK_WIDGET (row_spin (g_ptr_array_index (self->layer_rows,
                                                                  self->layer_rows->len - 1))));
}

/**
 * entrena_training_page_remove_layer:
 * @self: a training page
 * @index: the layer, 0 for the one nearest the inputs
 *
 * Removes a hidden layer. Without any, the network is a plain linear classifier.
 */
void
entrena_training_page_remove_layer (EntrenaTrainingPage *self,
                                    guint                index)
{
  GtkWidget *row;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));

  if (index >= self->layer_rows->len)
    return;

  row = g_ptr_array_steal_index (self->layer_rows, index);
  gtk_list_box_remove (self->layers_list, row);

  renumber_layers (self);
  save_layers (self);
  _entrena_training_page_update_network_summary (self);
}
