/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the window's own files share: entrena-window.c (the window, its error
 * bar and training), entrena-window-open.c (loading files and demos, recent
 * files, per-file settings), entrena-window-actions.c (what can be kept
 * of a run) and entrena-window-run.c (Pause, Step, Train More). Nothing else
 * includes this.
 */

#include "entrena-lesson.h"
#include "entrena-lesson-bar.h"
#include "entrena-predictor.h"
#include "entrena-training-view.h"
#include "entrena-try-it.h"
#include "entrena-welcome-page.h"
#include "entrena-window.h"

G_BEGIN_DECLS

struct _EntrenaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwViewSwitcherTitle *window_title;
  GtkRevealer          *loading_revealer;
  GtkLabel             *loading_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *error_revealer;
  EntrenaLessonBar     *lesson_bar;
  GtkLabel             *error_title;
  GtkLabel             *error_message;
  GtkStack             *content_stack;
  EntrenaDatasetPage   *dataset_page;
  GMenu                *files_section;
  GMenu                *demo_menu;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *train_stack;
  EntrenaTrainingView  *training_view;
  GtkMenuButton        *menu_button;
  GtkWidget            *zoom_box;
  GtkButton            *zoom_reset_button;
  GtkRevealer          *predict_revealer;
  GtkLabel             *predict_label;
  GtkProgressBar       *predict_progress;
  GtkWidget            *predict_cancel_button;
  GtkWidget            *predict_dismiss_button;
  GtkLabel             *model_title;
  GtkLabel             *model_subtitle;
  EntrenaTryIt         *model_try_it;

  /* Owned references */
  GSettings            *settings;          /* NULL when the schema is not installed */
  GCancellable         *load_cancellable;  /* the current load; NULL when idle */
  GtkFileChooserNative *file_chooser;      /* while it is open */
  GMenu                *recent_menu;
  EntrenaLesson        *lesson;            /* the lesson on screen, or NULL */
  EntrenaPredictor     *opened_model;      /* a model opened without its data; NULL otherwise */
  GCancellable         *predict_cancellable; /* Predict a File at work; NULL when idle */
  GFile                *predict_input;     /* the CSV picked for Predict a File, until saved */

  /* Borrowed references */
  GtkRecentManager     *recent_manager;

  /* Plain state */
  char                 *loading_name;      /* what the current load is called, for messages */
  char                 *loading_uri;       /* the file being loaded; NULL for a demo */
  char                 *table_uri;         /* the file on screen; NULL for a demo */
  char                 *loading_demo;      /* the demo being loaded; NULL for a file */
  char                 *table_demo;        /* the demo on screen; NULL for a file */
  char                 *loading_target;    /* the target column asked for the file being loaded */
  guint                 reveal_source;
  guint                 layout_source;     /* lays out the hidden training view */
  guint                 zoom_level;        /* an index into the zoom levels */
  guint                 loading : 1;
  guint                 training_view_drawn : 1;
  guint                 has_recent_submenu : 1;
  guint                 ask_to_clear_runs : 1; /* the load was asked for in the window */
};

/* entrena-window.c */
void   _entrena_window_show_error             (EntrenaWindow  *self,
                                               const char     *title,
                                               const char     *message);
void   _entrena_window_hide_error             (EntrenaWindow  *self);
void   _entrena_window_notify_loading         (EntrenaWindow  *self);
void   _entrena_window_update_actions         (EntrenaWindow  *self);
void   _entrena_window_start_training         (EntrenaWindow  *self,
                                               gboolean        step);
void   _entrena_window_stop_training          (EntrenaWindow  *self);
void   _entrena_window_get_run_settings       (EntrenaWindow       *self,
                                               EntrenaRunSettings  *settings,
                                               char              ***excluded);
G_GNUC_WARN_UNUSED_RESULT
char  *_entrena_window_dup_table_path         (EntrenaWindow  *self);

/* entrena-window-open.c */
void   _entrena_window_class_add_open_actions (GtkWidgetClass *widget_class);
void   _entrena_window_open_init              (EntrenaWindow  *self);
void   _entrena_window_open_dispose           (EntrenaWindow  *self);
void   _entrena_window_show_table             (EntrenaWindow            *self,
                                               EntrenaTable             *table);
void   _entrena_window_save_file_settings     (EntrenaWindow            *self,
                                               EntrenaTable             *table,
                                               const EntrenaRunSettings *settings);
GCancellable *_entrena_window_begin_load      (EntrenaWindow  *self,
                                               const char     *name,
                                               const char     *uri,
                                               const char     *demo_id);
gboolean _entrena_window_end_load             (EntrenaWindow  *self,
                                               EntrenaTable   *table,
                                               const GError   *error);
void   _entrena_window_apply_settings         (EntrenaWindow  *self,
                                               EntrenaTable   *table,
                                               GVariant       *entry);

/* entrena-window-lesson.c */
void   _entrena_window_class_add_lesson_actions (GtkWidgetClass *widget_class);
void   _entrena_window_open_lesson            (EntrenaWindow  *self,
                                               GFile          *file,
                                               const char     *name,
                                               const char     *uri);
void   _entrena_window_show_lesson            (EntrenaWindow  *self,
                                               EntrenaLesson  *lesson);
/* The object data that hold a lesson read while the window asks whether
 * to clear the Runs list. */
#define ENTRENA_WINDOW_PENDING_LESSON "entrena-pending-lesson"
void   _entrena_window_close_lesson           (EntrenaWindow  *self);
gboolean _entrena_window_restore_lesson       (EntrenaWindow  *self);
void   _entrena_window_lesson_run_settings    (EntrenaWindow      *self,
                                               EntrenaRunSettings *settings);

/* entrena-window-ahead.c */
void   _entrena_window_lay_out_ahead          (EntrenaWindow  *self);

/* entrena-window-run.c */
void   _entrena_window_class_add_run_actions  (GtkWidgetClass *widget_class);
void   _entrena_window_run_init               (EntrenaWindow  *self);
void   _entrena_window_update_run_actions     (EntrenaWindow  *self,
                                               gboolean        can_train);

/* entrena-window-runs.c */
void   _entrena_window_ask_to_clear_runs      (EntrenaWindow  *self,
                                               EntrenaTable   *table);

/* entrena-window-zoom.c */
void   _entrena_window_class_add_zoom_actions (GtkWidgetClass *widget_class);
void   _entrena_window_zoom_init              (EntrenaWindow  *self);

/* entrena-window-actions.c */
typedef void (*EntrenaWindowSaveFunc) (EntrenaWindow *self,
                                       GFile         *file);

void   _entrena_window_class_add_actions      (GtkWidgetClass *widget_class);
void   _entrena_window_actions_dispose        (EntrenaWindow  *self);
void   _entrena_window_show_save_error        (EntrenaWindow  *self,
                                               GFile          *file,
                                               const GError   *error);
void   _entrena_window_ask_where_to_save      (EntrenaWindow         *self,
                                               const char            *title,
                                               const char            *suggested_name,
                                               const char            *filter_name,
                                               const char            *mime_type,
                                               const char            *suffix,
                                               EntrenaWindowSaveFunc  save);

/* entrena-window-predict.c */
void   _entrena_window_class_add_predict_actions (GtkWidgetClass *widget_class);
void   _entrena_window_predict_init           (EntrenaWindow  *self);
void   _entrena_window_predict_dispose        (EntrenaWindow  *self);
void   _entrena_window_close_model            (EntrenaWindow  *self);
void   _entrena_window_update_predict_actions (EntrenaWindow  *self);

G_END_DECLS
