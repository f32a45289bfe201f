/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-try-it"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-format.h"
#include "entrena-number.h"
#include "entrena-try-it.h"

/*
 * EntrenaTryIt lets a person put a row to the network: one field per input
 * column of the model (a number entry with the training range beside it, or
 * a drop-down of the categories), pre-filled from a test row of the run that
 * Previous and Next step through, and the probability of every class as a
 * bar, recomputed as the fields change. While the fields hold a test row
 * as it is, the row's true class is shown too.
 *
 * For a regression model the bars give way to one big figure, the predicted
 * number in the target's units, and the true value of the test row.
 *
 * A model opened without its data has no test rows: the fields then start
 * from the training means and the most frequent categories.
 */

struct _EntrenaTryIt
{
  AdwBin             parent_instance;

  /* Template children */
  GtkLabel          *row_label;
  GtkWidget         *step_box;
  GtkButton         *previous_button;
  GtkButton         *next_button;
  GtkGrid           *inputs_grid;
  GtkLabel          *prediction_label;
  GtkLabel          *truth_label;
  GtkLabel          *error_label;
  GtkGrid           *bars_grid;
  GtkLabel          *value_label;

  /* Owned references */
  EntrenaPredictor  *predictor;
  EntrenaRunResult  *run;             /* the test rows; NULL for a model alone */
  GPtrArray         *fields;          /* GtkEntry or GtkDropDown per input */
  GPtrArray         *bars;            /* GtkProgressBar per class */
  GPtrArray         *percent_labels;  /* GtkLabel per class */
  char              *inputs_key;      /* what the fields were made for */
  char              *classes_key;     /* what the bars were made for */
  float             *probabilities;   /* [n_classes], NULL when the fields cannot be read */

  /* Plain state */
  guint              n_classes;
  double             value;           /* a regression model's prediction, NaN when the fields cannot be read */
  guint              row;             /* index into the run's test rows */
  guint              filling : 1;     /* the fields are being set, not typed in */
  guint              showing_row : 1; /* the fields hold the row as it is */
  guint              regression : 1;  /* the model predicts a number: no bars */
};

G_DEFINE_FINAL_TYPE (EntrenaTryIt, entrena_try_it, ADW_TYPE_BIN)

static guint
n_test_rows (EntrenaTryIt *self)
{
  return self->run != NULL && self->run->split != NULL ? self->run->split->n_test : 0;
}

/* A string naming what a set of fields or bars was made for, to tell when
 * another model needs new ones. */
static char *
dup_inputs_key (EntrenaPredictor *predictor)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < entrena_predictor_get_n_inputs (predictor); i++)
    {
      const char * const *categories = entrena_predictor_get_categories (predictor, i);

      g_string_append_printf (key, "%s\x1f", entrena_predictor_get_input_name (predictor, i));
      for (guint c = 0; categories != NULL && categories[c] != NULL; c++)
        g_string_append_printf (key, "%s\x1e", categories[c]);
      g_string_append_c (key, '\x1d');
    }

  return g_string_free (key, FALSE);
}

static char *
dup_classes_key (const EntrenaModelInfo *info)
{
  g_autofree char *classes = g_strjoinv ("\x1f", info->class_names);

  return g_strconcat (entrena_task_to_string (info->task), "\x1d", info->target, "\x1d", classes, NULL);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* The training range of a numeric input: the run's, or a model file's (files
 * older than that have only the mean). A run's was found on its worker, in
 * the one pass over the training rows that describes the model: the window
 * never reads the rows again (a million of them would hold a frame up). */
static char *
dup_range_hint (EntrenaTryIt *self,
                guint         input,
                const char   *fill)
{
  const EntrenaModelInfo *info = entrena_predictor_get_info (self->predictor);
  float lo = INFINITY, hi = -INFINITY;
  guint k;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  /* The input's network column: the first of those named after it. */
  for (k = 0; k < info->n_features; k++)
    {
      if (g_str_equal (info->feature_columns[k], entrena_predictor_get_input_name (self->predictor, input)))
        break;
    }

  if (k < info->n_features && info->input_min != NULL && info->input_max != NULL)
    {
      lo = info->input_min[k];
      hi = info->input_max[k];
    }

  if (lo > hi)
    /* Translators: the hint beside a Try It number field when the model came without its data. */
    return g_strdup_printf (_("training mean %s"), fill);

  low = entrena_format_float (lo);
  high = entrena_format_float (hi);
  /* Translators: the training range beside a Try It number field, "4.6 to 15.9". */
  return g_strdup_printf (_("%s to %s"), low, high);
}

static void field_changed_cb (EntrenaTryIt *self);

static GtkWidget *
create_field (EntrenaTryIt *self,
              guint         input,
              GtkWidget    *label)
{
  const char * const *categories = entrena_predictor_get_categories (self->predictor, input);
  const char *name = entrena_predictor_get_input_name (self->predictor, input);
  g_autofree char *fill = entrena_predictor_dup_fill_text (self->predictor, input);
  GtkWidget *field;

  if (categories != NULL)
    {
      field = gtk_drop_down_new_from_strings (categories);
      g_signal_connect_object (field, "notify::selected", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      g_autofree char *hint = dup_range_hint (self, input, fill);
      GtkWidget *range = gtk_label_new (hint);

      field = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (field), hint);
      gtk_editable_set_width_chars (GTK_EDITABLE (field), 10);
      gtk_entry_set_input_purpose (GTK_ENTRY (field), GTK_INPUT_PURPOSE_NUMBER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint,
                                      -1);
      g_signal_connect_object (field, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);

      gtk_label_set_xalign (GTK_LABEL (range), 0);
      gtk_widget_add_css_class (range, "dim-label");
      gtk_widget_add_css_class (range, "numeric");
      gtk_accessible_update_state (GTK_ACCESSIBLE (range), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_grid_attach (self->inputs_grid, range, 2, (int) input, 1, 1);
    }

  /* Named by the column alone (a mnemonic label as well would say it twice). */
  gtk_widget_set_hexpand (field, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  return field;
}

static void
build_fields (EntrenaTryIt *self)
{
  g_ptr_array_set_size (self->fields, 0);
  clear_grid (self->inputs_grid);

  for (guint i = 0; i < entrena_predictor_get_n_inputs (self->predictor); i++)
    {
      GtkWidget *label = gtk_label_new (entrena_predictor_get_input_name (self->predictor, i));
      GtkWidget *field;

      /* Long names lose their middle, short ones are never cut. */
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_width_chars (GTK_LABEL (label),
                                 MIN ((int) g_utf8_strlen (entrena_predictor_get_input_name (self->predictor, i), -1), 20));
      gtk_grid_attach (self->inputs_grid, label, 0, (int) i, 1, 1);

      field = create_field (self, i, label);
      gtk_grid_attach (self->inputs_grid, field, 1, (int) i, 1, 1);
      g_ptr_array_add (self->fields, field);
    }
}

static void
build_bars (EntrenaTryIt *self)
{
  const EntrenaModelInfo *info = entrena_predictor_get_info (self->predictor);

  g_ptr_array_set_size (self->bars, 0);
  g_ptr_array_set_size (self->percent_labels, 0);
  clear_grid (self->bars_grid);
  self->n_classes = info->n_classes;

  /* A number to predict: the figure instead of the bars. */
  self->regression = info->task == ENTRENA_TASK_REGRESSION;
  gtk_widget_set_visible (GTK_WIDGET (self->bars_grid), !self->regression);
  gtk_widget_set_visible (GTK_WIDGET (self->value_label), self->regression);
  if (self->regression)
    return;

  for (guint c = 0; c < info->n_classes; c++)
    {
      GtkWidget *name = gtk_label_new (info->class_names[c]);
      GtkWidget *bar = gtk_progress_bar_new ();
      GtkWidget *percent = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 1);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 20);
      gtk_accessible_update_state (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (GTK_LABEL (percent), 1);
      gtk_label_set_width_chars (GTK_LABEL (percent), 6);
      gtk_widget_add_css_class (percent, "numeric");
      gtk_accessible_update_state (GTK_ACCESSIBLE (percent), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

      gtk_grid_attach (self->bars_grid, name, 0, (int) c, 1, 1);
      gtk_grid_attach (self->bars_grid, bar, 1, (int) c, 1, 1);
      gtk_grid_attach (self->bars_grid, percent, 2, (int) c, 1, 1);
      g_ptr_array_add (self->bars, bar);
      g_ptr_array_add (self->percent_labels, percent);
    }
}

static char *
dup_field_text (GtkWidget *field)
{
  if (GTK_IS_DROP_DOWN (field))
    {
      GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (field));

      return g_strdup (item != NULL ? gtk_string_object_get_string (item) : "");
    }

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
}

static void
set_field_text (GtkWidget  *field,
                const char *text)
{
  if (GTK_IS_DROP_DOWN (field))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (field));
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
            gtk_drop_down_set_selected (GTK_DROP_DOWN (field), i);
        }
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

/* A predicted or true number as the figure shows it: six digits, C style
 * like the fields. */
static char *
format_value (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

/* The labels above the fields and bars: which row, and its true class. */
static void
update_row_labels (EntrenaTryIt *self)
{
  const EntrenaModelInfo *info = entrena_predictor_get_info (self->predictor);
  guint n = n_test_rows (self);
  g_autofree char *row = NULL;
  g_autofree char *truth = NULL;

  gtk_widget_set_visible (self->step_box, n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), self->row > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), self->row + 1 < n);

  if (n == 0)
    row = g_strdup (_("Type a row, starting from the training means and the most frequent categories"));
  else if (self->showing_row)
    /* Translators: above the Try It fields, "Test row 3 of 30". */
    row = g_strdup_printf (_("Test row %u of %u"), self->row + 1, n);
  else
    /* Translators: above the Try It fields once one is typed in, "Test row 3 of 30, changed". */
    row = g_strdup_printf (_("Test row %u of %u, changed"), self->row + 1, n);
  gtk_label_set_label (self->row_label, row);

  gtk_widget_set_visible (GTK_WIDGET (self->truth_label), n > 0 && self->showing_row);
  if (n > 0 && self->showing_row && self->regression)
    {
      guint index = self->run->split->test[self->row];
      g_autofree char *value = format_value (self->run->dataset->y_value[index]);

      /* Translators: under the predicted number in Try It, "True value: alcohol 9.8". */
      truth = g_strdup_printf (_("True value: %s %s"), info->target, value);
      gtk_label_set_label (self->truth_label, truth);
    }
  else if (n > 0 && self->showing_row)
    {
      guint index = self->run->split->test[self->row];
      guint8 y = self->run->dataset->y[index];

      /* Translators: under the prediction in Try It, "True class: quality 5". */
      truth = g_strdup_printf (_("True class: %s %s"), info->target, info->class_names[y]);
      gtk_label_set_label (self->truth_label, truth);
    }
}

/* A regression model's number for the encoded fields @X, as the big figure
 * whose accessible name says what it is first: "Prediction 10.43". */
static void
predict_value (EntrenaTryIt *self,
               const float  *X)
{
  const EntrenaModelInfo *info = entrena_predictor_get_info (self->predictor);
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *headline = NULL;

  entrena_predictor_run_values (self->predictor, X, 1, &self->value);
  text = format_value (self->value);
  gtk_label_set_label (self->value_label, text);
  /* Translators: the accessible name of Try It's predicted number, "Prediction 10.43". */
  name = g_strdup_printf (_("Prediction %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->value_label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* Translators: the Try It headline above the predicted number, "Predicted alcohol". */
  headline = g_strdup_printf (_("Predicted %s"), info->target);
  gtk_label_set_label (self->prediction_label, headline);
}

/* Runs the network on the fields and shows the probabilities, or for a
 * regression model the number. */
static void
predict (EntrenaTryIt *self)
{
  const EntrenaModelInfo *info = entrena_predictor_get_info (self->predictor);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree float *X = g_new0 (float, MAX (info->n_features, 1));
  g_autoptr (GError) error = NULL;
  g_autofree char *prediction = NULL;
  guint8 predicted = 0;

  for (guint i = 0; i < self->fields->len; i++)
    g_ptr_array_add (values, dup_field_text (g_ptr_array_index (self->fields, i)));
  g_ptr_array_add (values, NULL);

  if (self->probabilities == NULL)
    self->probabilities = g_new0 (float, self->n_classes);

  if (!entrena_predictor_encode_values (self->predictor, (const char * const *) values->pdata, X, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->bars_grid), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->value_label), FALSE);
      g_clear_pointer (&self->probabilities, g_free);
      self->value = NAN;
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bars_grid), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->value_label), TRUE);

  if (self->regression)
    {
      predict_value (self, X);
      return;
    }

  entrena_predictor_run (self->predictor, X, 1, &predicted, self->probabilities);

  for (guint c = 0; c < self->n_classes; c++)
    {
      GtkWidget *bar = g_ptr_array_index (self->bars, c);
      g_autofree char *percent = entrena_format_percent (self->probabilities[c]);
      g_autofree char *name = NULL;

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), self->probabilities[c]);
      gtk_label_set_label (g_ptr_array_index (self->percent_labels, c), percent);

      /* Translators: the accessible name of a Try It bar, "quality 5: 62.0%". */
      name = g_strdup_printf (_("%s %s: %s"), info->target, info->class_names[c], percent);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  /* Translators: the Try It headline, "Predicted: quality 5". */
  prediction = g_strdup_printf (_("Predicted: %s %s"), info->target, info->class_names[predicted]);
  gtk_label_set_label (self->prediction_label, prediction);
}

static void
field_changed_cb (EntrenaTryIt *self)
{
  if (self->filling)
    return;

  self->showing_row = FALSE;
  update_row_labels (self);
  predict (self);
}

/* Puts the current test row, or the fill values without one, in the fields. */
static void
fill_fields (EntrenaTryIt *self)
{
  g_auto (GStrv) values = NULL;

  if (n_test_rows (self) > 0)
    {
      const EntrenaDataset *dataset = self->run->dataset;
      guint index = self->run->split->test[self->row];

      values = entrena_predictor_dup_row_values (self->predictor, dataset->X + (gsize) index * dataset->n_features);
    }
  else
    {
      values = g_new0 (char *, self->fields->len + 1);
      for (guint i = 0; i < self->fields->len; i++)
        values[i] = entrena_predictor_dup_fill_text (self->predictor, i);
    }

  self->filling = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    set_field_text (g_ptr_array_index (self->fields, i), values[i]);
  self->filling = FALSE;
  self->showing_row = TRUE;
}

/**
 * entrena_try_it_set_model:
 * @self: a Try It view
 * @predictor: (nullable): the network to try
 * @run: (nullable): the run it comes from, whose test rows fill the fields;
 *   %NULL for a model opened without its data
 *
 * Another network with the same inputs keeps what the fields hold (a move of
 * the epoch cursor, say); other inputs or another run start again from the
 * first test row.
 */
void
entrena_try_it_set_model (EntrenaTryIt     *self,
                          EntrenaPredictor *predictor,
                          EntrenaRunResult *run)
{
  g_autofree char *inputs_key = NULL;
  g_autofree char *classes_key = NULL;
  gboolean new_run;

  g_return_if_fail (ENTRENA_IS_TRY_IT (self));

  if (predictor == self->predictor && run == self->run)
    return;

  new_run = run != self->run;
  if (predictor != NULL)
    entrena_predictor_ref (predictor);
  g_clear_pointer (&self->predictor, entrena_predictor_unref);
  self->predictor = predictor;
  if (run != NULL)
    entrena_run_result_ref (run);
  g_clear_pointer (&self->run, entrena_run_result_unref);
  self->run = run;

  gtk_widget_set_sensitive (GTK_WIDGET (self), predictor != NULL);
  if (predictor == NULL)
    return;

  inputs_key = dup_inputs_key (predictor);
  classes_key = dup_classes_key (entrena_predictor_get_info (predictor));
  if (g_strcmp0 (classes_key, self->classes_key) != 0)
    {
      build_bars (self);
      g_clear_pointer (&self->probabilities, g_free);
      g_free (self->classes_key);
      self->classes_key = g_steal_pointer (&classes_key);
    }
  if (new_run || g_strcmp0 (inputs_key, self->inputs_key) != 0)
    {
      self->row = 0;
      build_fields (self);
      fill_fields (self);
      g_free (self->inputs_key);
      self->inputs_key = g_steal_pointer (&inputs_key);
    }

  update_row_labels (self);
  predict (self);
}

EntrenaPredictor *
entrena_try_it_get_predictor (EntrenaTryIt *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRY_IT (self), NULL);

  return self->predictor;
}

/* The run whose test rows fill the fields; %NULL for a model alone. (transfer none) */
EntrenaRunResult *
entrena_try_it_get_run (EntrenaTryIt *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRY_IT (self), NULL);

  return self->run;
}

guint
entrena_try_it_get_n_rows (EntrenaTryIt *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRY_IT (self), 0);

  return n_test_rows (self);
}

guint
entrena_try_it_get_row (EntrenaTryIt *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRY_IT (self), 0);

  return self->row;
}

/* Fills the fields from test row @row (clamped) and predicts it. */
void
entrena_try_it_set_row (EntrenaTryIt *self,
                        guint         row)
{
  g_return_if_fail (ENTRENA_IS_TRY_IT (self));

  if (self->predictor == NULL || n_test_rows (self) == 0)
    return;

  self->row = MIN (row, n_test_rows (self) - 1);
  fill_fields (self);
  update_row_labels (self);
  predict (self);
}

/* The field of input @input: a GtkEntry, or a GtkDropDown for categories. (transfer none) */
GtkWidget *
entrena_try_it_get_field (EntrenaTryIt *self,
                          guint         input)
{
  g_return_val_if_fail (ENTRENA_IS_TRY_IT (self), NULL);
  g_return_val_if_fail (input < self->fields->len, NULL);

  return g_ptr_array_index (self->fields, input);
}

/* The probabilities shown, `[n_classes]`; %NULL when a field cannot be read,
 * and for a regression model (see entrena_try_it_get_value()). */
const float *
entrena_try_it_get_probabilities (EntrenaTryIt *self,
                                  guint        *n_classes)
{
  g_return_val_if_fail (ENTRENA_IS_TRY_IT (self), NULL);

  if (n_classes != NULL)
    *n_classes = self->n_classes;

  return self->regression ? NULL : self->probabilities;
}

/**
 * entrena_try_it_get_value:
 * @self: a Try It view
 * @value: (out) (optional): the number shown
 *
 * Returns: %TRUE when the model predicts a number and the fields could be
 *   read, with @value in the target's units
 */
gboolean
entrena_try_it_get_value (EntrenaTryIt *self,
                          double       *value)
{
  g_return_val_if_fail (ENTRENA_IS_TRY_IT (self), FALSE);

  if (value != NULL)
    *value = self->value;
  return self->predictor != NULL && self->regression && !isnan (self->value);
}

static void
previous_clicked_cb (EntrenaTryIt *self)
{
  if (self->row > 0)
    entrena_try_it_set_row (self, self->row - 1);
}

static void
next_clicked_cb (EntrenaTryIt *self)
{
  entrena_try_it_set_row (self, self->row + 1);
}

/* GObject */

static void
entrena_try_it_dispose (GObject *object)
{
  EntrenaTryIt *self = (EntrenaTryIt *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_TRY_IT);
  g_clear_pointer (&self->predictor, entrena_predictor_unref);
  g_clear_pointer (&self->run, entrena_run_result_unref);

  G_OBJECT_CLASS (entrena_try_it_parent_class)->dispose (object);
}

static void
entrena_try_it_finalize (GObject *object)
{
  EntrenaTryIt *self = (EntrenaTryIt *) object;

  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->bars);
  g_ptr_array_unref (self->percent_labels);
  g_free (self->inputs_key);
  g_free (self->classes_key);
  g_free (self->probabilities);

  G_OBJECT_CLASS (entrena_try_it_parent_class)->finalize (object);
}

static void
entrena_try_it_class_init (EntrenaTryItClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_try_it_dispose;
  object_class->finalize = entrena_try_it_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/entrena/Entrena/ui/entrena-try-it.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, row_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, step_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, previous_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, next_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, inputs_grid);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, prediction_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, truth_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, error_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, bars_grid);
  gtk_widget_class_bind_template_child (widget_class, EntrenaTryIt, value_label);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
}

static void
entrena_try_it_init (EntrenaTryIt *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The widgets are the grids'; these only point at them. */
  self->fields = g_ptr_array_new ();
  self->bars = g_ptr_array_new ();
  self->percent_labels = g_ptr_array_new ();
  self->value = NAN;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
entrena_try_it_new (void)
{
  return g_object_new (ENTRENA_TYPE_TRY_IT, NULL);
}
