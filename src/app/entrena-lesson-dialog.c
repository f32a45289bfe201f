/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-lesson-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "entrena-lesson.h"
#include "entrena-lesson-dialog.h"
#include "entrena-setting-rows.h"

/*
 * Save Lesson: the title, the instructions for the students, whether the data
 * go inside the file, whether the runs of the window's Runs list go with it
 * (all of them: the comparison the teacher prepared), and for each setting whether students can change it,
 * see it fixed (locked) or not see it (hidden). Save emits ::save; whoever
 * opened the dialog then asks where to write the file.
 */

/* The choices of each setting's row, in the order of its list. */
enum
{
  CHOICE_FREE,
  CHOICE_LOCKED,
  CHOICE_HIDDEN,
};

struct _EntrenaLessonDialog
{
  AdwWindow            parent_instance;

  /* Template children */
  GtkButton           *cancel_button;
  GtkButton           *save_button;
  AdwEntryRow         *title_row;
  GtkTextView         *instructions_view;
  AdwActionRow        *embed_row;
  GtkSwitch           *embed_switch;
  AdwActionRow        *runs_row;
  GtkSwitch           *runs_switch;
  AdwPreferencesGroup *settings_group;

  /* Borrowed: the rows in settings_group, one per setting name */
  GPtrArray           *setting_rows;   /* AdwComboRow */
};

G_DEFINE_FINAL_TYPE (EntrenaLessonDialog, entrena_lesson_dialog, ADW_TYPE_WINDOW)

enum {
  SAVE,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
save_clicked_cb (EntrenaLessonDialog *self)
{
  g_signal_emit (self, signals[SAVE], 0);
}

static void
add_setting_rows (EntrenaLessonDialog *self)
{
  const char * const *names = entrena_lesson_setting_names ();
  const char * const choices[] = { _("Students can change"), _("Locked"), _("Hidden"), NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GtkStringList) model = gtk_string_list_new (choices);
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entrena_setting_rows_get_title (names[i]));
      adw_combo_row_set_model (row, G_LIST_MODEL (model));
      gtk_widget_set_name (GTK_WIDGET (row), names[i]);
      adw_preferences_group_add (self->settings_group, GTK_WIDGET (row));
      g_ptr_array_add (self->setting_rows, row);
    }
}

static void
entrena_lesson_dialog_finalize (GObject *object)
{
  EntrenaLessonDialog *self = ENTRENA_LESSON_DIALOG (object);

  g_clear_pointer (&self->setting_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (entrena_lesson_dialog_parent_class)->finalize (object);
}

static void
entrena_lesson_dialog_class_init (EntrenaLessonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = entrena_lesson_dialog_finalize;

  /**
   * EntrenaLessonDialog::save:
   *
   * Save was pressed: the values are ready to read.
   */
  signals[SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-lesson-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, instructions_view);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, embed_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, embed_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, runs_row);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, runs_switch);
  gtk_widget_class_bind_template_child (widget_class, EntrenaLessonDialog, settings_group);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
entrena_lesson_dialog_init (EntrenaLessonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->setting_rows = g_ptr_array_new ();
  add_setting_rows (self);

  g_signal_connect_object (self->save_button, "clicked",
                           G_CALLBACK (save_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cancel_button, "clicked",
                           G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
}

/**
 * entrena_lesson_dialog_new:
 * @parent: the window the lesson is saved from
 *
 * Returns: (transfer none): a new dialog, owned by GTK until it is destroyed
 */
EntrenaLessonDialog *
entrena_lesson_dialog_new (GtkWindow *parent)
{
  return g_object_new (ENTRENA_TYPE_LESSON_DIALOG, "transient-for", parent, NULL);
}

/**
 * entrena_lesson_dialog_set_values:
 * @self: a dialog
 * @title: (nullable): the title to start from
 * @instructions: (nullable): the instructions to start from
 * @embed: whether the data go in the file
 * @must_embed: the data have no file of their own (a demo, a lesson's
 *   embedded data), so they can only go in the file
 * @locked: (nullable): settings shown as locked
 * @hidden: (nullable): settings shown as hidden
 */
void
entrena_lesson_dialog_set_values (EntrenaLessonDialog *self,
                                  const char          *title,
                                  const char          *instructions,
                                  gboolean             embed,
                                  gboolean             must_embed,
                                  const char * const  *locked,
                                  const char * const  *hidden)
{
  g_return_if_fail (ENTRENA_IS_LESSON_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title != NULL ? title : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->instructions_view),
                            instructions != NULL ? instructions : "", -1);
  gtk_switch_set_active (self->embed_switch, embed || must_embed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->embed_row), !must_embed);

  for (guint i = 0; i < self->setting_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->setting_rows, i);
      const char *name = gtk_widget_get_name (GTK_WIDGET (row));
      guint choice = CHOICE_FREE;

      if (hidden != NULL && g_strv_contains (hidden, name))
        choice = CHOICE_HIDDEN;
      else if (locked != NULL && g_strv_contains (locked, name))
        choice = CHOICE_LOCKED;
      adw_combo_row_set_selected (row, choice);
    }
}

char *
entrena_lesson_dialog_dup_title (EntrenaLessonDialog *self)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (ENTRENA_IS_LESSON_DIALOG (self), NULL);

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  return title[0] != '\0' ? g_steal_pointer (&title) : NULL;
}

char *
entrena_lesson_dialog_dup_instructions (EntrenaLessonDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (ENTRENA_IS_LESSON_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->instructions_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strchomp (text);

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

gboolean
entrena_lesson_dialog_get_embed (EntrenaLessonDialog *self)
{
  g_return_val_if_fail (ENTRENA_IS_LESSON_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->embed_switch);
}

/**
 * entrena_lesson_dialog_set_n_runs:
 * @self: a dialog
 * @n_runs: how many runs the window's Runs list holds
 *
 * Offers to save those runs with the lesson (on at first); with none, says
 * there are none to save.
 */
void
entrena_lesson_dialog_set_n_runs (EntrenaLessonDialog *self,
                                  guint                n_runs)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (ENTRENA_IS_LESSON_DIALOG (self));

  if (n_runs > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %u is a number of runs */
                                             "Include the %u run of the Runs list, curves and settings, "
                                             "for the class to compare",
                                             "Include the %u runs of the Runs list, curves and settings, "
                                             "for the class to compare",
                                             n_runs),
                                n_runs);
  else
    subtitle = g_strdup (_("The Runs list is empty: the runs that end in the window can go with the lesson"));
  adw_action_row_set_subtitle (self->runs_row, subtitle);
  gtk_switch_set_active (self->runs_switch, n_runs > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->runs_row), n_runs > 0);
}

/* Whether the runs of the Runs list go with the lesson. */
gboolean
entrena_lesson_dialog_get_include_runs (EntrenaLessonDialog *self)
{
  g_return_val_if_fail (ENTRENA_IS_LESSON_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->runs_switch) && gtk_widget_get_sensitive (GTK_WIDGET (self->runs_row));
}

static char **
dup_chosen (EntrenaLessonDialog *self,
            guint                choice)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->setting_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->setting_rows, i);

      if (adw_combo_row_get_selected (row) == choice)
        g_strv_builder_add (builder, gtk_widget_get_name (GTK_WIDGET (row)));
    }

  return g_strv_builder_end (builder);
}

/* The names of the settings chosen as locked. (transfer full) */
char **
entrena_lesson_dialog_dup_locked (EntrenaLessonDialog *self)
{
  g_return_val_if_fail (ENTRENA_IS_LESSON_DIALOG (self), NULL);

  return dup_chosen (self, CHOICE_LOCKED);
}

/* The names of the settings chosen as hidden. (transfer full) */
char **
entrena_lesson_dialog_dup_hidden (EntrenaLessonDialog *self)
{
  g_return_val_if_fail (ENTRENA_IS_LESSON_DIALOG (self), NULL);

  return dup_chosen (self, CHOICE_HIDDEN);
}
