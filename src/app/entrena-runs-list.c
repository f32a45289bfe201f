/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-runs"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-frame-delay.h"
#include "entrena-run-settings-change.h"
#include "entrena-runs-list.h"

/*
 * EntrenaRunsList keeps the runs of a window that ended (finished or
 * stopped), newest first, to compare them: each row is named by what
 * differs from the run before (editable), shows the final test loss, test
 * accuracy and suggested epoch, has a tick that draws its curve on the chart
 * and a pin that keeps it when the list is full. Selecting a run shows its
 * settings, read-only, with Use These Settings.
 *
 * Signals: "changed" when what the chart compares changes (a tick, a name,
 * the curve, a run added or gone), "use-settings" with a run's settings.
 */

struct _EntrenaRunsList
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkDropDown    *curve_dropdown;
  GtkWidget      *empty_label;
  GtkListBox     *list_box;
  GtkRevealer    *details_revealer;
  GtkLabel       *details_label;

  /* Owned */
  GListStore     *runs;          /* of EntrenaRunRecord, newest first */

  /* Plain state */
  guint           next_color;
  guint           show_tick;     /* the tick callback that shows new rows; 0 if none */
};

G_DEFINE_FINAL_TYPE (EntrenaRunsList, entrena_runs_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  SIGNAL_USE_SETTINGS,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
emit_changed (EntrenaRunsList *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void update_empty (EntrenaRunsList *self);

/* A run joins the list at once, and its row shows at the frame clock's third
 * tick: the frame that ends a run redraws the run bar, the chart and its
 * figures, and the row (the list's first moves the settings above it) would
 * make it redraw the whole window. */
static void
show_rows_now (gpointer data)
{
  EntrenaRunsList *self = data;

  self->show_tick = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    gtk_widget_set_visible (row, TRUE);
  update_empty (self);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  EntrenaRunsList *self = user_data;
  EntrenaRunRecord *record = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_editable_label_new (entrena_run_record_get_label (record));
  GtkWidget *summary_label = gtk_label_new (NULL);
  GtkWidget *pin = gtk_toggle_button_new ();

  gtk_widget_set_name (check, "run-shown-check");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Draw This Run on the Chart"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show on Chart"), -1);
  g_object_bind_property (record, "shown", check, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  gtk_widget_set_name (label, "run-label");
  gtk_widget_set_hexpand (label, TRUE);
  /* A long name must not widen the settings pane: it ends in "…" (on the
   * GtkLabel the editable label shows when it is not being edited). */
  gtk_editable_set_width_chars (GTK_EDITABLE (label), 6);
  for (GtkWidget *child = gtk_widget_get_first_child (label); child != NULL; child = gtk_widget_get_first_child (child))
    if (GTK_IS_LABEL (child))
      {
        gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
        break;
      }
  gtk_widget_set_tooltip_text (label, _("What Differs From the Run Before: Click to Rename"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run Name"), -1);
  g_object_bind_property (record, "label", label, "text", G_BINDING_BIDIRECTIONAL);

  gtk_widget_set_name (summary_label, "run-summary");
  gtk_label_set_xalign (GTK_LABEL (summary_label), 0);
  gtk_label_set_wrap (GTK_LABEL (summary_label), TRUE);
  gtk_widget_add_css_class (summary_label, "caption");
  gtk_widget_add_css_class (summary_label, "dim-label");
  gtk_widget_set_margin_start (summary_label, 6);
  g_object_bind_property (record, "summary", summary_label, "label", G_BINDING_SYNC_CREATE);

  gtk_widget_set_name (pin, "run-pin-button");
  gtk_button_set_icon_name (GTK_BUTTON (pin), "view-pin-symbolic");
  gtk_widget_set_valign (pin, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pin, "flat");
  gtk_widget_set_tooltip_text (pin, _("Keep This Run When the List Is Full"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pin"), -1);
  g_object_bind_property (record, "pinned", pin, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  gtk_box_append (GTK_BOX (texts), label);
  gtk_box_append (GTK_BOX (texts), summary_label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), texts);
  /* A run the lesson came with says so: the lesson bar's icon, and words
   * for a screen reader. */
  if (entrena_run_record_get_from_lesson (record))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("user-bookmarks-symbolic");

      gtk_widget_set_name (icon, "run-from-lesson-icon");
      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (icon, "dim-label");
      gtk_widget_set_tooltip_text (icon, _("Saved With the Lesson"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("From the Lesson"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("This run was saved with the lesson, not trained in this window."),
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Saved with the lesson"), -1);
      gtk_box_append (GTK_BOX (box), icon);
    }
  gtk_box_append (GTK_BOX (box), pin);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  gtk_widget_set_visible (row, FALSE);
  if (self->show_tick == 0)
    self->show_tick = entrena_frame_delay_add (GTK_WIDGET (self), 3, show_rows_now, self);

  return row;
}

static void
record_notify_cb (EntrenaRunsList *self,
                  GParamSpec      *pspec,
                  gpointer         record)
{
  /* A pin changes nothing shown; a new summary comes with Train More, which
   * says itself that the run changed. */
  if (g_strcmp0 (pspec->name, "pinned") != 0 && g_strcmp0 (pspec->name, "summary") != 0)
    emit_changed (self);
}

static void
update_empty (EntrenaRunsList *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0;

  gtk_widget_set_visible (self->empty_label, empty);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), !empty);
  if (empty)
    gtk_revealer_set_reveal_child (self->details_revealer, FALSE);
}

/* Over the cap, the oldest unpinned run leaves (the oldest of all when
 * every run is pinned). */
static void
trim (EntrenaRunsList *self)
{
  while (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > ENTRENA_RUNS_LIST_MAX)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
      guint drop = n - 1;

      for (guint i = n; i > 0; i--)
        {
          g_autoptr(EntrenaRunRecord) record = g_list_model_get_item (G_LIST_MODEL (self->runs), i - 1);

          if (!entrena_run_record_get_pinned (record))
            {
              drop = i - 1;
              break;
            }
        }
      g_list_store_remove (self->runs, drop);
    }
}

/* Puts @record at the top of the list, the newest run. */
static void
insert_newest (EntrenaRunsList  *self,
               EntrenaRunRecord *record)
{
  g_signal_connect_object (record, "notify", G_CALLBACK (record_notify_cb), self, G_CONNECT_SWAPPED);
  g_list_store_insert (self->runs, 0, record);
  trim (self);
  emit_changed (self);
}

void
entrena_runs_list_add_run (EntrenaRunsList        *self,
                           GVariant               *settings,
                           guint                   run_id,
                           const EntrenaRunResult *result)
{
  g_autoptr(EntrenaRunRecord) newest = NULL;
  g_autoptr(EntrenaRunRecord) record = NULL;
  g_autoptr(GVariant) owned = NULL;
  g_autofree char *label = NULL;
  EntrenaRunSettings current;

  g_return_if_fail (ENTRENA_IS_RUNS_LIST (self));
  g_return_if_fail (settings != NULL);
  g_return_if_fail (result != NULL && result->training != NULL);

  owned = g_variant_ref_sink (settings);
  newest = g_list_model_get_item (G_LIST_MODEL (self->runs), 0);
  if (newest != NULL && entrena_run_record_is_run (newest, run_id))
    {
      /* Train More: the same run, further on. Its row stays (and with it
       * a name being edited, and the focus): only its summary changes. */
      entrena_run_record_update (newest, result);
      emit_changed (self);
      return;
    }

  entrena_run_settings_init (&current);
  entrena_run_settings_from_variant (&current, owned, NULL);
  if (newest != NULL)
    {
      EntrenaRunSettings previous;

      entrena_run_settings_init (&previous);
      entrena_run_settings_from_variant (&previous, entrena_run_record_get_settings (newest), NULL);
      label = entrena_run_settings_describe_change (&previous, &current);
    }
  else
    label = entrena_run_settings_describe_change (NULL, &current);

  record = entrena_run_record_new (owned, run_id, result, label, self->next_color++);
  insert_newest (self, record);
}

/**
 * entrena_runs_list_add_saved_run:
 * @self: a Runs list
 * @settings: the run's settings (taken when floating)
 * @label: its name
 * @n_epochs: the length of its history, at least 1
 * @curves: its train loss, test loss, train accuracy and test accuracy
 * @shown: whether its curve is ticked onto the chart
 *
 * Adds a run saved with a lesson, as the newest, marked as the lesson's.
 */
void
entrena_runs_list_add_saved_run (EntrenaRunsList    *self,
                                 GVariant           *settings,
                                 const char         *label,
                                 guint               n_epochs,
                                 const float * const curves[4],
                                 gboolean            shown)
{
  g_autoptr(EntrenaRunRecord) record = NULL;

  g_return_if_fail (ENTRENA_IS_RUNS_LIST (self));
  g_return_if_fail (settings != NULL && n_epochs > 0);

  record = entrena_run_record_new_saved (settings, label, n_epochs, curves, self->next_color++);
  entrena_run_record_set_shown (record, shown);
  insert_newest (self, record);
}

void
entrena_runs_list_clear (EntrenaRunsList *self)
{
  g_return_if_fail (ENTRENA_IS_RUNS_LIST (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    return;
  g_list_store_remove_all (self->runs);
  self->next_color = 0;
  update_empty (self);
  emit_changed (self);
}

guint
entrena_runs_list_get_n_runs (EntrenaRunsList *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUNS_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->runs));
}

EntrenaRunRecord *
entrena_runs_list_get_run (EntrenaRunsList *self,
                           guint            index)
{
  g_autoptr(EntrenaRunRecord) record = NULL;

  g_return_val_if_fail (ENTRENA_IS_RUNS_LIST (self), NULL);

  /* The store keeps it alive. */
  record = g_list_model_get_item (G_LIST_MODEL (self->runs), index);

  return record;
}

void
entrena_runs_list_select_run (EntrenaRunsList *self,
                              guint            index)
{
  g_return_if_fail (ENTRENA_IS_RUNS_LIST (self));

  gtk_list_box_select_row (self->list_box, gtk_list_box_get_row_at_index (self->list_box, (int) index));
}

EntrenaChartCurve
entrena_runs_list_get_curve (EntrenaRunsList *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUNS_LIST (self), ENTRENA_CHART_CURVE_TEST);

  return gtk_drop_down_get_selected (self->curve_dropdown) == 1 ? ENTRENA_CHART_CURVE_TRAIN : ENTRENA_CHART_CURVE_TEST;
}

EntrenaChartModel *
entrena_runs_list_build_compare (EntrenaRunsList  *self,
                                 EntrenaChartKind  kind,
                                 guint             current)
{
  EntrenaChartModel *model;
  guint n;

  g_return_val_if_fail (ENTRENA_IS_RUNS_LIST (self), NULL);

  model = entrena_chart_model_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EntrenaRunRecord) record = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      const float *values;
      guint n_epochs;

      if (!entrena_run_record_get_shown (record) || entrena_run_record_is_run (record, current))
        continue;
      values = entrena_run_record_get_curve (record, kind, entrena_runs_list_get_curve (self), &n_epochs);
      entrena_chart_model_add (model, entrena_run_record_get_label (record), values, n_epochs,
                               entrena_run_record_get_color_index (record));
    }

  return model;
}

/* Template callbacks */

static void
row_selected_cb (EntrenaRunsList *self,
                 GtkListBoxRow   *row)
{
  g_autoptr(EntrenaRunRecord) record = NULL;
  g_autofree char *text = NULL;
  EntrenaRunSettings settings;

  /* The list is going away. */
  if (self->details_revealer == NULL || self->runs == NULL)
    return;
  if (row != NULL)
    record = g_list_model_get_item (G_LIST_MODEL (self->runs), (guint) gtk_list_box_row_get_index (row));
  gtk_revealer_set_reveal_child (self->details_revealer, record != NULL);
  if (record == NULL)
    return;

  entrena_run_settings_init (&settings);
  entrena_run_settings_from_variant (&settings, entrena_run_record_get_settings (record), NULL);
  text = entrena_run_settings_describe (&settings);
  gtk_label_set_label (self->details_label, text);
  /* Named for what it is; read out whole as its description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->details_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run Settings"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
use_settings_cb (EntrenaRunsList *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);
  g_autoptr(EntrenaRunRecord) record = NULL;

  if (row == NULL)
    return;
  record = g_list_model_get_item (G_LIST_MODEL (self->runs), (guint) gtk_list_box_row_get_index (row));
  if (record != NULL)
    g_signal_emit (self, signals[SIGNAL_USE_SETTINGS], 0, entrena_run_record_get_settings (record));
}

static void
curve_changed_cb (EntrenaRunsList *self)
{
  emit_changed (self);
}

/* GObject */

static void
entrena_runs_list_dispose (GObject *object)
{
  EntrenaRunsList *self = ENTRENA_RUNS_LIST (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_RUNS_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->runs);

  G_OBJECT_CLASS (entrena_runs_list_parent_class)->dispose (object);
}

static void
entrena_runs_list_class_init (EntrenaRunsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_runs_list_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_USE_SETTINGS] =
    g_signal_new ("use-settings", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/entrena-runs-list.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunsList, curve_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunsList, empty_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunsList, list_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunsList, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, EntrenaRunsList, details_label);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_settings_cb);
  gtk_widget_class_bind_template_callback (widget_class, curve_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "runslist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
entrena_runs_list_init (EntrenaRunsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Runs"), -1);
  self->runs = g_list_store_new (ENTRENA_TYPE_RUN_RECORD);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->runs), create_row, self, NULL);
  update_empty (self);
}

GtkWidget *
entrena_runs_list_new (void)
{
  return g_object_new (ENTRENA_TYPE_RUNS_LIST, NULL);
}
