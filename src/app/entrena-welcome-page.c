/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-demo.h"
#include "entrena-welcome-page.h"

/*
 * EntrenaWelcomePage is what a window shows before anything is loaded, or when
 * its first file fails: a button that opens a CSV file, and one card per demo
 * data set. Both act through the window's actions (win.open, win.open-demo).
 */

struct _EntrenaWelcomePage
{
  AdwBin      parent_instance;

  /* Template children */
  GtkFlowBox *demo_flowbox;
};

G_DEFINE_FINAL_TYPE (EntrenaWelcomePage, entrena_welcome_page, ADW_TYPE_BIN)

static GtkWidget *
create_demo_card (const EntrenaDemoInfo *info)
{
  GtkWidget *button;
  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *description;

  title = gtk_label_new (_(info->title));
  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_widget_add_css_class (title, "heading");

  description = gtk_label_new (_(info->description));
  gtk_label_set_xalign (GTK_LABEL (description), 0.0f);
  gtk_label_set_yalign (GTK_LABEL (description), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_lines (GTK_LABEL (description), 4);
  gtk_label_set_ellipsize (GTK_LABEL (description), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (description), 24);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 24);
  gtk_widget_set_vexpand (description, TRUE);
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_add_css_class (description, "dim-label");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), description);

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "demo-card");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-demo");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", info->id);
  gtk_widget_set_tooltip_text (button, _(info->description));

  return button;
}

static void
entrena_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ENTRENA_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (entrena_welcome_page_parent_class)->dispose (object);
}

static void
entrena_welcome_page_class_init (EntrenaWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaWelcomePage, demo_flowbox);
}

static void
entrena_welcome_page_init (EntrenaWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (const EntrenaDemoInfo *info = entrena_demo_list (); info->id != NULL; info++)
    gtk_flow_box_append (self->demo_flowbox, create_demo_card (info));
}

/**
 * entrena_welcome_page_new:
 *
 * Returns: (transfer floating): a welcome page with a card for each demo data set
 */
GtkWidget *
entrena_welcome_page_new (void)
{
  return g_object_new (ENTRENA_TYPE_WELCOME_PAGE, NULL);
}
