/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "entrena-column-item.h"
#include "entrena-column-stats.h"
#include "entrena-split.h"
#include "entrena-training-page.h"
#include "entrena-training.h"

/*
 * EntrenaTrainingPage holds the settings of a training run: how many rows to
 * hold back for testing, with the lesson's advice for the data at hand; the
 * hidden layers, one editable row each; the learning rate, epochs, optional
 * mini-batches, seed and standardization, with a hint when the features'
 * scales are far apart.
 *
 * The last values used are kept in GSettings. The window also saves and
 * restores them per file with entrena_training_page_dup_state().
 */

/* The size a new first layer gets; later ones halve the layer before them. */
#define DEFAULT_LAYER_SIZE 16
#define MAX_LAYER_SIZE 65536

/* Features whose spreads differ by more than this get the standardize hint. */
#define SCALE_RATIO 100.0

/* The spread of a feature is measured on at most this many rows, evenly
 * spaced, so a file of millions of rows does not hold up the window. */
#define SCALE_SAMPLE_ROWS 20000

/* Above this, the advice is the one for millions of rows. */
#define MANY_ROWS 1000000
#define FEW_ROWS 1000

struct _EntrenaTrainingPage
{
  AdwBin               parent_instance;

  /* Template children */
  AdwActionRow        *test_size_row;
  GtkSpinButton       *test_size_spin;
  AdwActionRow        *advice_row;
  GtkSwitch           *stratify_switch;
  AdwPreferencesGroup *network_group;
  GtkListBox          *layers_list;
  GtkSpinButton       *learning_rate_spin;
  GtkSpinButton       *epochs_spin;
  AdwExpanderRow      *batch_row;
  GtkSpinButton       *batch_size_spin;
  GtkSpinButton       *seed_spin;
  GtkSwitch           *standardize_switch;
  AdwActionRow        *scale_hint_row;

  /* Owned references */
  GSettings           *settings;     /* nullable */
  EntrenaDatasetPage  *dataset_page; /* nullable */
  GPtrArray           *layer_rows;   /* AdwActionRow, input side first */
  GtkWidget           *add_row;

  /* Plain state */
  guint                update_source;
  guint                n_rows;       /* of the table, 0 without one */
  guint                n_inputs;     /* the network's, 0 without data */
  guint                n_classes;
  guint                rebuilding_layers : 1;
  guint                scale_mismatch : 1;
};

G_DEFINE_FINAL_TYPE (EntrenaTrainingPage, entrena_training_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASET_PAGE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void update_network_summary (EntrenaTrainingPage *self);

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/* Hidden layers */

static GtkSpinButton *
row_spin (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "entrena-layer-spin");
}

static void
layers_to_config (EntrenaTrainingPage *self,
                  EntrenaTrainingSettings  *config)
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

  layers_to_config (self, &config);
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
  update_network_summary (self);
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
    g_autofree char *test = format_count (n_test);
    g_autofree char *train = format_count (self->n_rows - n_test);

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
update_network_summary (EntrenaTrainingPage *self)
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
  g_string_append_printf (text, ngettext ("%u class", "%u classes", self->n_classes), self->n_classes);

  adw_preferences_group_set_description (self->network_group, text->str);
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
  update_network_summary (self);
  update_scale_hint (self, table);
}

static gboolean
update_from_data_cb (gpointer user_data)
{
  EntrenaTrainingPage *self = user_data;

  self->update_source = 0;
  update_from_data (self);

  return G_SOURCE_REMOVE;
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

static gboolean
learning_rate_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%g", gtk_spin_button_get_value (spin));

  /* Rates like 0.001 or 3e-05 as people write them, not as 0.001000. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-training-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, test_size_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, test_size_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, advice_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, stratify_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, network_group);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, layers_list);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, learning_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, batch_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, batch_size_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, standardize_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTrainingPage, scale_hint_row);

  gtk_widget_class_install_action (widget_class, "layers.add", NULL, add_layer_action);
  gtk_widget_class_install_action (widget_class, "layers.remove", "u", remove_layer_action);

  gtk_widget_class_set_css_name (widget_class, "trainingpage");
}

static void
entrena_training_page_init (EntrenaTrainingPage *self)
{
  GtkWidget *box, *icon, *label;
  EntrenaTrainingSettings config;

  gtk_widget_init_template (GTK_WIDGET (self));

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

  g_signal_connect_object (self->test_size_spin, "value-changed",
                           G_CALLBACK (test_size_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->standardize_switch, "notify::active",
                           G_CALLBACK (standardize_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->batch_row, "notify::enable-expansion",
                           G_CALLBACK (batch_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->batch_size_spin, "value-changed",
                           G_CALLBACK (batch_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->learning_rate_spin, "output", G_CALLBACK (learning_rate_output_cb), NULL);

  /* Rows whose text comes from the data: a column named "a<b" is not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->test_size_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->advice_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->scale_hint_row), FALSE);
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
  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));
  g_return_if_fail (settings != NULL);

  /* A number typed but not yet confirmed with Enter counts too. */
  gtk_spin_button_update (self->test_size_spin);
  gtk_spin_button_update (self->learning_rate_spin);
  gtk_spin_button_update (self->epochs_spin);
  gtk_spin_button_update (self->batch_size_spin);
  gtk_spin_button_update (self->seed_spin);

  settings->test_size = gtk_spin_button_get_value (self->test_size_spin) / 100.0;
  settings->stratify = gtk_switch_get_active (self->stratify_switch);

  entrena_training_settings_init (&settings->training);
  layers_to_config (self, &settings->training);
  settings->training.learning_rate = gtk_spin_button_get_value (self->learning_rate_spin);
  settings->training.epochs = (guint) gtk_spin_button_get_value_as_int (self->epochs_spin);
  settings->training.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  settings->training.batch_size = adw_expander_row_get_enable_expansion (self->batch_row)
                                 ? (gsize) gtk_spin_button_get_value_as_int (self->batch_size_spin)
                                 : 0;
  settings->training.standardize = gtk_switch_get_active (self->standardize_switch);
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
  update_network_summary (self);
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
  update_network_summary (self);

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
  update_network_summary (self);
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
  layers_to_config (self, &shown);
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
}

/**
 * entrena_training_page_dup_state:
 * @self: a training page
 *
 * Returns: (transfer full): the page's values as an `a{sv}` dictionary whose
 *   keys are those of the settings schema
 */
GVariant *
entrena_training_page_dup_state (EntrenaTrainingPage *self)
{
  EntrenaRunSettings settings;

  g_return_val_if_fail (ENTRENA_IS_TRAINING_PAGE (self), NULL);

  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (self, &settings);

  return entrena_run_settings_to_variant (&settings);
}

/**
 * entrena_training_page_apply_state:
 * @self: a training page
 * @state: an `a{sv}` dictionary from entrena_training_page_dup_state();
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

  entrena_run_settings_init (&settings);
  entrena_training_page_get_run_settings (self, &settings);
  entrena_run_settings_from_variant (&settings, state, NULL);
  show_run_settings (self, &settings);
}

/**
 * entrena_training_page_restore_lesson_settings:
 * @self: a training page
 *
 * Shows the settings of the classroom lesson, which are also entrena-cli's
 * defaults: 20% of the rows for testing, not stratified; hidden layers of 64
 * and 32 neurons; Adam with learning rate 0.01; 100 epochs; seed 42; the full
 * batch; features not standardized. The data pane's choices (target column,
 * columns left out) are not changed.
 */
void
entrena_training_page_restore_lesson_settings (EntrenaTrainingPage *self)
{
  EntrenaRunSettings settings;

  g_return_if_fail (ENTRENA_IS_TRAINING_PAGE (self));

  entrena_run_settings_init (&settings);
  show_run_settings (self, &settings);
}
