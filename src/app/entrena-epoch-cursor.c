/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-epoch-cursor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-epoch-cursor.h"

/*
 * EntrenaEpochCursor picks an epoch of a run to look at: a slider from 0 (the
 * initial weights) to the last epoch so far, "epoch 56 of 100" beside it,
 * and a Latest button. It follows the latest epoch as epochs arrive until
 * the user moves it back; moving it to the end (End key, Latest) follows
 * again. The slider's keys are a GtkScale's: arrows, Page Up/Down, Home, End.
 */

struct _EntrenaEpochCursor
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkScale      *scale;
  GtkAdjustment *adjustment;
  GtkLabel      *position_label;
  GtkWidget     *latest_button;

  /* Plain state */
  guint          n_epochs;
  guint          epoch;
  guint          following : 1;
  guint          updating : 1;  /* the slider is being set, not moved */
};

G_DEFINE_FINAL_TYPE (EntrenaEpochCursor, entrena_epoch_cursor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EPOCH,
  PROP_N_EPOCHS,
  PROP_FOLLOWING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
update_widgets (EntrenaEpochCursor *self)
{
  g_autofree char *position = NULL;

  self->updating = TRUE;
  gtk_adjustment_configure (self->adjustment, self->epoch, 0, self->n_epochs, 1,
                            MAX (1, self->n_epochs / 10), 0);
  self->updating = FALSE;

  /* Translators: beside the epoch slider, "epoch 56 of 100". */
  position = g_strdup_printf (_("epoch %u of %u"), self->epoch, self->n_epochs);
  gtk_label_set_label (self->position_label, position);
  gtk_widget_set_sensitive (self->latest_button, !self->following);
}

/* Moves the cursor to @epoch (clamped), following the latest epoch when it is
 * the last. */
static void
move_to (EntrenaEpochCursor *self,
         guint               epoch)
{
  gboolean following;

  epoch = MIN (epoch, self->n_epochs);
  following = epoch == self->n_epochs;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->epoch != epoch)
    {
      self->epoch = epoch;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCH]);
    }
  if (self->following != following)
    {
      self->following = following;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
    }
  update_widgets (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
value_changed_cb (EntrenaEpochCursor *self,
                  GtkAdjustment      *adjustment)
{
  if (self->updating)
    return;

  move_to (self, (guint) MAX (0, lround (gtk_adjustment_get_value (adjustment))));
}

static void
latest_clicked_cb (EntrenaEpochCursor *self,
                   GtkButton          *button)
{
  entrena_epoch_cursor_follow (self);
}

/* GObject */

static void
entrena_epoch_cursor_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), ENTRENA_TYPE_EPOCH_CURSOR);
  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (entrena_epoch_cursor_parent_class)->dispose (object);
}

static void
entrena_epoch_cursor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EntrenaEpochCursor *self = ENTRENA_EPOCH_CURSOR (object);

  switch (prop_id)
    {
    case PROP_EPOCH:
      g_value_set_uint (value, self->epoch);
      break;

    case PROP_N_EPOCHS:
      g_value_set_uint (value, self->n_epochs);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_epoch_cursor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EntrenaEpochCursor *self = ENTRENA_EPOCH_CURSOR (object);

  switch (prop_id)
    {
    case PROP_EPOCH:
      entrena_epoch_cursor_set_epoch (self, g_value_get_uint (value));
      break;

    case PROP_N_EPOCHS:
      entrena_epoch_cursor_set_n_epochs (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_epoch_cursor_class_init (EntrenaEpochCursorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_epoch_cursor_dispose;
  object_class->get_property = entrena_epoch_cursor_get_property;
  object_class->set_property = entrena_epoch_cursor_set_property;

  /**
   * EntrenaEpochCursor:epoch:
   *
   * The epoch looked at: 0 for the initial weights, up to #EntrenaEpochCursor:n-epochs.
   */
  properties[PROP_EPOCH] =
    g_param_spec_uint ("epoch", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaEpochCursor:n-epochs:
   *
   * The epochs the run has so far.
   */
  properties[PROP_N_EPOCHS] =
    g_param_spec_uint ("n-epochs", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaEpochCursor:following:
   *
   * Whether the cursor stands at the latest epoch and moves on with it.
   */
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-epoch-cursor.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaEpochCursor, scale);
  gtk_widget_class_bind_template_child (widget_class, EntrenaEpochCursor, adjustment);
  gtk_widget_class_bind_template_child (widget_class, EntrenaEpochCursor, position_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaEpochCursor, latest_button);
  gtk_widget_class_bind_template_callback (widget_class, latest_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "epochcursor");
}

static void
entrena_epoch_cursor_init (EntrenaEpochCursor *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->following = TRUE;
  g_signal_connect_object (self->adjustment, "value-changed",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  update_widgets (self);
}

/**
 * entrena_epoch_cursor_new:
 *
 * Returns: (transfer floating): a cursor over no epochs, following
 */
GtkWidget *
entrena_epoch_cursor_new (void)
{
  return g_object_new (ENTRENA_TYPE_EPOCH_CURSOR, NULL);
}

guint
entrena_epoch_cursor_get_n_epochs (EntrenaEpochCursor *self)
{
  g_return_val_if_fail (ENTRENA_IS_EPOCH_CURSOR (self), 0);

  return self->n_epochs;
}

/**
 * entrena_epoch_cursor_set_n_epochs:
 * @self: an epoch cursor
 * @n_epochs: the epochs the run has now; 0 for a new run
 *
 * A following cursor moves on to the new last epoch; one the user moved
 * stays where it is (within the range), and a new run (0) follows again.
 */
void
entrena_epoch_cursor_set_n_epochs (EntrenaEpochCursor *self,
                                   guint               n_epochs)
{
  g_return_if_fail (ENTRENA_IS_EPOCH_CURSOR (self));

  if (self->n_epochs == n_epochs)
    return;

  self->n_epochs = n_epochs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EPOCHS]);
  move_to (self, self->following || n_epochs == 0 ? n_epochs : self->epoch);
}

guint
entrena_epoch_cursor_get_epoch (EntrenaEpochCursor *self)
{
  g_return_val_if_fail (ENTRENA_IS_EPOCH_CURSOR (self), 0);

  return self->epoch;
}

/**
 * entrena_epoch_cursor_set_epoch:
 * @self: an epoch cursor
 * @epoch: the epoch to look at, at most #EntrenaEpochCursor:n-epochs
 *
 * Moves the cursor as the slider would; the last epoch follows.
 */
void
entrena_epoch_cursor_set_epoch (EntrenaEpochCursor *self,
                                guint               epoch)
{
  g_return_if_fail (ENTRENA_IS_EPOCH_CURSOR (self));

  move_to (self, epoch);
}

gboolean
entrena_epoch_cursor_get_following (EntrenaEpochCursor *self)
{
  g_return_val_if_fail (ENTRENA_IS_EPOCH_CURSOR (self), TRUE);

  return self->following;
}

/**
 * entrena_epoch_cursor_follow:
 * @self: an epoch cursor
 *
 * Goes to the latest epoch and follows it, as the Latest button does.
 */
void
entrena_epoch_cursor_follow (EntrenaEpochCursor *self)
{
  g_return_if_fail (ENTRENA_IS_EPOCH_CURSOR (self));

  move_to (self, self->n_epochs);
}
