/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-lesson-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-lesson-bar.h"

/*
 * The bar above the views that shows an open lesson's title and its
 * instructions for the students, until someone dismisses it (the main menu
 * brings it back).
 */

struct _EntrenaLessonBar
{
  AdwBin       parent_instance;

  /* Template children */
  GtkRevealer *revealer;
  GtkLabel    *title_label;
  GtkLabel    *instructions_label;
  GtkButton   *dismiss_button;
};

G_DEFINE_FINAL_TYPE (EntrenaLessonBar, entrena_lesson_bar, ADW_TYPE_BIN)

static void
entrena_lesson_bar_class_init (EntrenaLessonBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-lesson-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonBar, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonBar, dismiss_button);
}

static void
entrena_lesson_bar_init (EntrenaLessonBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->dismiss_button, "clicked",
                           G_CALLBACK (entrena_lesson_bar_dismiss), self, G_CONNECT_SWAPPED);
}

/**
 * entrena_lesson_bar_show:
 * @self: a lesson bar
 * @title: (nullable): the lesson's title
 * @instructions: (nullable): what the students should do
 *
 * Shows the lesson's title and instructions.
 */
void
entrena_lesson_bar_show (EntrenaLessonBar *self,
                         const char       *title,
                         const char       *instructions)
{
  g_return_if_fail (ENTRENA_IS_LESSON_BAR (self));

  gtk_label_set_label (self->title_label, title != NULL && title[0] != '\0' ? title : _("Lesson"));
  gtk_label_set_label (self->instructions_label, instructions != NULL ? instructions : "");
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_label), instructions != NULL && instructions[0] != '\0');
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

void
entrena_lesson_bar_dismiss (EntrenaLessonBar *self)
{
  g_return_if_fail (ENTRENA_IS_LESSON_BAR (self));

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

gboolean
entrena_lesson_bar_get_revealed (EntrenaLessonBar *self)
{
  g_return_val_if_fail (ENTRENA_IS_LESSON_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
