/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-setting-rows"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "entrena-setting-rows.h"

/*
 * How the window shows the settings a lesson fixes or leaves out, and what it
 * calls each setting. The settings are named by the keys of a lesson's
 * settings (entrena-lesson.h); the pages that hold their rows find the row
 * for a name.
 */

static const struct
{
  const char *name;
  const char *title;
} titles[] = {
  { "target", N_("Target column") },
  { "exclude", N_("Features") },
  { "categorical", N_("Categorical columns") },
  { "missing", N_("Missing values") },
  { "test-size", N_("Test split") },
  { "stratify", N_("Stratify") },
  { "seed", N_("Seed") },
  { "hidden-layers", N_("Hidden layers") },
  { "activation", N_("Activation") },
  { "learning-rate", N_("Learning rate") },
  { "optimizer", N_("Optimizer") },
  { "momentum", N_("Momentum") },
  { "nesterov", N_("Nesterov") },
  { "weight-decay", N_("Weight decay") },
  { "epochs", N_("Epochs") },
  { "batch-size", N_("Mini-batches") },
  { "standardize", N_("Standardize features") },
  { "pace", N_("Pace") },
  { "val-size", N_("Validation share") },
  { "patience", N_("Early stopping") },
};

const char *
entrena_setting_rows_get_title (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (strcmp (titles[i].name, name) == 0)
      return _(titles[i].title);

  return name;
}

void
entrena_setting_rows_lock (GtkWidget *widget,
                           gboolean   locked,
                           gboolean   hidden)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_set_visible (widget, !hidden);
  gtk_widget_set_sensitive (widget, !locked);
  gtk_widget_set_tooltip_text (widget, locked ? _("The lesson sets this; it cannot be changed") : NULL);
  if (locked)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    _("The lesson sets this; it cannot be changed"), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}
