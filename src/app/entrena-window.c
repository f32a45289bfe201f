/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-table-loader.h"
#include "entrena-dataset-page.h"
#include "entrena-demo.h"
#include "entrena-loss-chart.h"
#include "entrena-results-page.h"
#include "entrena-trainer.h"
#include "entrena-training-page.h"
#include "entrena-window.h"

/*
 * The main window: a header bar with Open, Train/Stop and the main menu, a slim
 * loading bar, an error bar, and a stack with the welcome page and, once a
 * table is loaded, two views: the data pane, and training (the settings, the
 * loss chart and the results).
 *
 * Tables are read by a GTask worker (entrena-data-loader.c). Only one load is
 * current: starting another cancels it, and a cancelled load reports nothing.
 *
 * Training runs on the EntrenaTrainer's worker thread. Each run gets a new
 * trainer, so a cancelled run that has not reported back yet never stands in
 * the way of the next. Loading a new table or closing the window cancels the
 * run; the task keeps the trainer and the window alive until it has reported.
 * The window's actions (train, stop, save, export) are in entrena-window-actions.c.
 */

/* Most recent files listed in the menu. */
#define MAX_RECENT 8

/* A load that ends this fast never shows the loading bar, so it does not flicker. */
#define REVEAL_LOADING_DELAY_MS 150

/* How many files' settings are remembered. */
#define MAX_FILE_SETTINGS 50

struct _EntrenaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwViewSwitcherTitle *window_title;
  GtkRevealer          *loading_revealer;
  GtkLabel             *loading_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_title;
  GtkLabel             *error_message;
  GtkStack             *content_stack;
  GtkFlowBox           *demo_flowbox;
  EntrenaDatasetPage   *dataset_page;
  GMenu                *files_section;
  GMenu                *demo_menu;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *train_stack;
  EntrenaTrainingPage  *training_page;
  GtkLabel             *status_title;
  GtkLabel             *status_label;
  GtkProgressBar       *train_progress;
  EntrenaLossChart     *loss_chart;
  GtkWidget            *chart_placeholder;
  GtkWidget            *results_scroller;
  GtkPaned             *results_paned;
  EntrenaResultsPage   *results_page;

  /* Owned references */
  GSettings            *settings;          /* NULL when the schema is not installed */
  GCancellable         *load_cancellable;  /* the current load; NULL when idle */
  GtkFileChooserNative *file_chooser;      /* while it is open */
  GMenu                *recent_menu;
  EntrenaTrainer       *trainer;           /* the current run's; NULL before the first */
  GCancellable         *train_cancellable; /* the current run; NULL when idle */
  EntrenaRunResult *result;            /* the last run that finished */

  /* Borrowed references */
  GtkRecentManager     *recent_manager;

  /* Plain state */
  char                 *loading_name;      /* what the current load is called, for messages */
  char                 *loading_uri;       /* the file being loaded; NULL for a demo */
  char                 *table_uri;         /* the file on screen; NULL for a demo */
  guint                 reveal_source;
  guint                 loading : 1;
  guint                 has_recent_submenu : 1;
  guint                 training : 1;
};

G_DEFINE_FINAL_TYPE (EntrenaWindow, entrena_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_TRAINING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void cancel_training        (EntrenaWindow *self);
static void update_training_status (EntrenaWindow *self);
static void restore_file_settings  (EntrenaWindow *self,
                                    EntrenaTable  *table);

/* Menu labels are mnemonic: a file called my_data.csv must not become "mydata.csv". */
static char *
escape_mnemonics (const char *label)
{
  g_auto(GStrv) parts = g_strsplit (label, "_", -1);

  return g_strjoinv ("__", parts);
}

/* Errors */

void
_entrena_window_show_error (EntrenaWindow *self,
                            const char    *title,
                            const char    *message)
{
  g_return_if_fail (ENTRENA_IS_WINDOW (self));

  gtk_label_set_label (self->error_title, title);
  gtk_label_set_label (self->error_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_message), message != NULL && *message != '\0');
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
show_error (EntrenaWindow *self,
            const char    *what,
            const char    *message)
{
  g_autofree char *title = NULL;

  /* Translators: %s is a file name or the name of a demo data set */
  title = g_strdup_printf (_("Could not open “%s”"), what);
  _entrena_window_show_error (self, title, message);
}

static void
hide_error (EntrenaWindow *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

/* Loading */

static gboolean
reveal_loading_cb (gpointer user_data)
{
  EntrenaWindow *self = user_data;

  self->reveal_source = 0;
  gtk_revealer_set_reveal_child (self->loading_revealer, TRUE);

  return G_SOURCE_REMOVE;
}

static void
set_loading (EntrenaWindow *self,
             gboolean       loading)
{
  g_clear_handle_id (&self->reveal_source, g_source_remove);

  if (loading)
    self->reveal_source = g_timeout_add (REVEAL_LOADING_DELAY_MS, reveal_loading_cb, self);
  else
    gtk_revealer_set_reveal_child (self->loading_revealer, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", loading);

  loading = !!loading;
  if (self->loading != loading)
    {
      self->loading = loading;
      _entrena_window_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
load_progress_cb (gpointer source_object,
                  guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  EntrenaWindow *self = source_object;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   CLAMP ((double) done / (double) total, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static void
remember_recent (EntrenaWindow *self,
                 const char    *uri)
{
  const char *app_name = g_get_application_name ();
  GtkRecentData data = {
    .mime_type = (char *) "text/csv",
    .app_name = (char *) (app_name != NULL ? app_name : "Entrena"),
    .app_exec = (char *) "entrena %u",
  };

  gtk_recent_manager_add_full (self->recent_manager, uri, &data);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  EntrenaWindow *self = ENTRENA_WINDOW (object);
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(GError) error = NULL;

  table = entrena_table_load_finish (result, &error);

  /* Cancelled: by the user, by a newer load, or by closing the window. The
   * window may be disposed by now and a newer load may own the loading bar,
   * so touch nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);

  if (table == NULL)
    {
      show_error (self, self->loading_name, error->message);
      if (entrena_dataset_page_get_table (self->dataset_page) == NULL)
        gtk_stack_set_visible_child_name (self->content_stack, "welcome");
      return;
    }

  /* New data: the run on the old data, and what it showed, are over. */
  cancel_training (self);
  g_clear_pointer (&self->result, entrena_run_result_unref);
  entrena_loss_chart_reset (self->loss_chart, 0);
  entrena_results_page_set_result (self->results_page, NULL);
  update_training_status (self);

  entrena_dataset_page_set_table (self->dataset_page, table);
  adw_view_switcher_title_set_subtitle (self->window_title, entrena_table_get_display_name (table));
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, "data");
  adw_view_stack_set_visible_child_name (self->view_stack, "data");

  g_free (self->table_uri);
  self->table_uri = g_strdup (self->loading_uri);
  restore_file_settings (self, table);

  if (self->loading_uri != NULL)
    remember_recent (self, self->loading_uri);

  _entrena_window_update_actions (self);
}

/* Settings per file */

/* Settings are remembered by file name, so a lesson's files keep their target,
 * features and training settings from one class to the next. */
static void
save_file_settings (EntrenaWindow *self)
{
  EntrenaTable *table = entrena_dataset_page_get_table (self->dataset_page);
  int target = entrena_dataset_page_get_target_column (self->dataset_page);
  g_autoptr(GVariant) old = NULL;
  g_autoptr(GVariant) training = NULL;
  g_auto(GStrv) excluded = NULL;
  GVariantBuilder files;
  GVariantDict entry;
  GVariantIter iter;
  const char *name;
  GVariant *value;
  gint64 oldest = G_MAXINT64;
  const char *oldest_name = NULL;
  guint n = 0;

  if (self->settings == NULL || table == NULL || target < 0)
    return;

  training = entrena_training_page_dup_state (self->training_page);
  excluded = entrena_dataset_page_dup_excluded_columns (self->dataset_page);

  g_variant_dict_init (&entry, training);
  g_variant_dict_insert (&entry, "target", "s", entrena_table_get_column_name (table, target));
  g_variant_dict_insert (&entry, "exclude", "^as", excluded);
  g_variant_dict_insert (&entry, "missing", "u",
                         (guint32) entrena_dataset_page_get_missing_policy (self->dataset_page));
  g_variant_dict_insert (&entry, "used", "x", g_get_real_time ());

  old = g_settings_get_value (self->settings, "file-settings");

  /* Past the limit, the file used longest ago is forgotten. */
  if (g_variant_n_children (old) >= MAX_FILE_SETTINGS)
    {
      g_variant_iter_init (&iter, old);
      while (g_variant_iter_loop (&iter, "{&s@a{sv}}", &name, &value))
        {
          gint64 used = 0;

          g_variant_lookup (value, "used", "x", &used);
          if (used < oldest)
            {
              oldest = used;
              oldest_name = name;
            }
        }
    }

  g_variant_builder_init (&files, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &name, &value))
    {
      if (g_strcmp0 (name, entrena_table_get_display_name (table)) != 0 &&
          g_strcmp0 (name, oldest_name) != 0 && n < MAX_FILE_SETTINGS - 1)
        {
          g_variant_builder_add (&files, "{s@a{sv}}", name, value);
          n++;
        }
      g_variant_unref (value);
    }
  g_variant_builder_add (&files, "{s@a{sv}}", entrena_table_get_display_name (table),
                         g_variant_dict_end (&entry));

  g_settings_set_value (self->settings, "file-settings", g_variant_builder_end (&files));
}

static void
restore_file_settings (EntrenaWindow *self,
                       EntrenaTable  *table)
{
  g_autoptr(GVariant) files = NULL;
  g_autoptr(GVariant) entry = NULL;
  g_autofree const char **excluded = NULL;
  const char *target;
  guint32 missing;

  if (self->settings == NULL)
    return;

  files = g_settings_get_value (self->settings, "file-settings");
  if (!g_variant_lookup (files, entrena_table_get_display_name (table), "@a{sv}", &entry))
    return;

  /* Columns that are no longer in the file are passed over. */
  if (g_variant_lookup (entry, "target", "&s", &target))
    {
      int column = entrena_table_find_column (table, target);

      if (column >= 0)
        entrena_dataset_page_set_target_column (self->dataset_page, column);
    }
  if (g_variant_lookup (entry, "exclude", "^a&s", &excluded))
    {
      guint n_columns = entrena_table_get_n_columns (table);
      int target_column = entrena_dataset_page_get_target_column (self->dataset_page);

      for (guint c = 0; c < n_columns; c++)
        {
          if ((int) c != target_column)
            entrena_dataset_page_set_column_is_feature (
              self->dataset_page, c,
              !g_strv_contains (excluded, entrena_table_get_column_name (table, c)));
        }
    }
  if (g_variant_lookup (entry, "missing", "u", &missing) &&
      (missing == ENTRENA_MISSING_DROP_ROWS || missing == ENTRENA_MISSING_FILL))
    entrena_dataset_page_set_missing_policy (self->dataset_page, missing);

  entrena_training_page_apply_state (self->training_page, entry);
}

/* Training */

static void
set_status (EntrenaWindow *self,
            const char    *title,
            const char    *text)
{
  gtk_label_set_label (self->status_title, title);
  gtk_label_set_label (self->status_label, text);
}

static char *
format_loss (double loss)
{
  if (!isfinite (loss))
    return g_strdup ("—");

  return g_strdup_printf ("%.4g", loss);
}

/* The line above the chart: the epoch and losses while training, the verdict after. */
static void
update_training_status (EntrenaWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  gtk_widget_set_visible (self->chart_placeholder,
                          !self->training && entrena_loss_chart_get_n_points (self->loss_chart) == 0);

  if (self->training && self->trainer != NULL)
    {
      guint epoch = entrena_trainer_get_epoch (self->trainer);
      guint epochs = entrena_trainer_get_epochs (self->trainer);

      g_autofree char *train = NULL;
      g_autofree char *test = NULL;
      g_autofree char *accuracy = NULL;

      /* Before the first epoch the worker splits the data and builds the network. */
      if (epoch == 0)
        {
          set_status (self, _("Preparing…"),
                      _("Splitting the rows and setting up the network"));
          gtk_progress_bar_set_fraction (self->train_progress, 0.0);
          return;
        }

      train = format_loss (entrena_trainer_get_train_loss (self->trainer));
      test = format_loss (entrena_trainer_get_test_loss (self->trainer));
      accuracy = entrena_format_percent (entrena_trainer_get_test_accuracy (self->trainer));

      /* Translators: the epoch so far and of how many, two loss values and a percentage, e.g.
       * "Epoch 12 of 100 · training loss 0.412 · test loss 0.455 · test accuracy 81.2%" */
      text = g_strdup_printf (_("Epoch %u of %u · training loss %s · test loss %s · test accuracy %s"),
                              epoch, epochs, train, test, accuracy);
      set_status (self, _("Training…"), text);
      gtk_progress_bar_set_fraction (self->train_progress,
                                     epochs > 0 ? (double) epoch / epochs : 0.0);
      return;
    }

  if (self->result == NULL)
    {
      set_status (self, _("Loss"), "");
      return;
    }

  {
    const EntrenaTraining *training = self->result->training;
    const EntrenaConvergence *convergence = &training->convergence;
    g_autofree char *seconds = g_strdup_printf (training->train_seconds < 1.0 ? "%.2f" : "%.1f",
                                                training->train_seconds);

    switch (convergence->state)
      {
      case ENTRENA_CONVERGENCE_DIVERGED:
        /* Translators: %u is an epoch number */
        title = g_strdup_printf (_("Diverged at epoch %u"), convergence->diverged_epoch);
        text = g_strdup (_("The loss blew up. Try a lower learning rate, or standardize the features."));
        break;

      case ENTRENA_CONVERGENCE_STILL_IMPROVING:
        title = g_strdup (_("Still improving"));
        /* Translators: %u is a number of epochs */
        text = g_strdup_printf (ngettext ("The loss was still falling after %u epoch: more epochs may help.",
                                          "The loss was still falling after %u epochs: more epochs may help.",
                                          training->n_epochs),
                                training->n_epochs);
        break;

      case ENTRENA_CONVERGENCE_CONVERGED:
      default:
        /* Translators: %u is an epoch number; ≈ means "about" */
        title = g_strdup_printf (_("Converged ≈ epoch %u"), convergence->suggested_epoch);
        /* Translators: %u is a number of epochs, %s seconds */
        text = g_strdup_printf (ngettext ("Little was gained after it. %u epoch in %s s.",
                                          "Little was gained after it. %u epochs in %s s.",
                                          training->n_epochs),
                                training->n_epochs, seconds);
        break;
      }

    if (training->stop_reason == ENTRENA_STOP_STOPPED)
      {
        g_autofree char *stopped = NULL;

        /* Translators: %u is an epoch number; the model learned so far is kept */
        stopped = g_strdup_printf (_("Stopped at epoch %u; the model so far is kept."),
                                   training->n_epochs);
        g_free (text);
        text = g_steal_pointer (&stopped);
      }

    set_status (self, title, text);
  }
}

static void
set_training (EntrenaWindow *self,
              gboolean       training)
{
  training = !!training;
  if (self->training == training)
    return;

  self->training = training;

  gtk_stack_set_visible_child_name (self->train_stack, training ? "stop" : "train");
  gtk_widget_set_sensitive (GTK_WIDGET (self->training_page), !training);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dataset_page), !training);
  gtk_widget_set_visible (GTK_WIDGET (self->train_progress), training);
  /* The last run's results stay in view, dimmed, until the new ones replace them. */
  gtk_widget_set_sensitive (self->results_scroller, !training);
  entrena_loss_chart_set_running (self->loss_chart, training);

  _entrena_window_update_actions (self);
  update_training_status (self);

  /* Stop takes the place of Train under the keyboard focus. */
  if (training && gtk_widget_has_focus (gtk_stack_get_child_by_name (self->train_stack, "train")))
    gtk_widget_grab_focus (gtk_stack_get_child_by_name (self->train_stack, "stop"));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

/* Aborts the current run, if any: nothing it would report is shown. */
static void
cancel_training (EntrenaWindow *self)
{
  if (self->train_cancellable != NULL)
    {
      g_cancellable_cancel (self->train_cancellable);
      g_clear_object (&self->train_cancellable);
    }

  if (self->trainer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->trainer, self);
      g_clear_object (&self->trainer);
    }

  set_training (self, FALSE);
}

static void
epoch_completed_cb (EntrenaWindow  *self,
                    guint           epoch,
                    double          train_loss,
                    double          test_loss,
                    double          test_accuracy,
                    EntrenaTrainer *trainer)
{
  /* Every epoch, in order: the chart gets each point and draws once per frame. */
  entrena_loss_chart_append (self->loss_chart, train_loss, test_loss);
}

static void
trainer_progress_cb (EntrenaWindow  *self,
                     GParamSpec     *pspec,
                     EntrenaTrainer *trainer)
{
  /* Notified once per delivery however many epochs it carried. */
  update_training_status (self);
}

/* The results take their natural height under the chart the first time they
 * appear; after that the divider stays where the user put it. */
static void
show_results (EntrenaWindow *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->results_paned));
  int width = gtk_widget_get_width (GTK_WIDGET (self->results_paned));
  int natural = 0;

  if (gtk_widget_get_visible (self->results_scroller))
    return;

  gtk_widget_set_visible (self->results_scroller, TRUE);
  if (height <= 0 || width <= 0)
    return;

  gtk_widget_measure (GTK_WIDGET (self->results_page), GTK_ORIENTATION_VERTICAL, width,
                      NULL, &natural, NULL, NULL);
  natural += gtk_widget_get_margin_top (GTK_WIDGET (self->results_page));

  /* The chart keeps the larger part on a short screen. */
  gtk_paned_set_position (self->results_paned, MAX (height / 2, height - natural - 8));
}

/* What a run's callback holds on to until the worker has returned: the
 * application, but not the window, which closing disposes at once (and
 * dispose cancels the run). */
typedef struct
{
  GWeakRef      window;
  GApplication *application;  /* held, so it outlives its last window; nullable */
} TrainCall;

static void
train_call_free (TrainCall *call)
{
  if (call->application != NULL)
    {
      g_application_release (call->application);
      g_object_unref (call->application);
    }
  g_weak_ref_clear (&call->window);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrainCall, train_call_free)

static void
train_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  EntrenaTrainer *trainer = ENTRENA_TRAINER (object);
  g_autoptr(TrainCall) call = user_data;
  g_autoptr(EntrenaWindow) self = g_weak_ref_get (&call->window);
  g_autoptr(EntrenaRunResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Always finish: the trainer holds the task until then. */
  result = entrena_trainer_run_finish (trainer, res, &error);

  /* Window closed, cancelled (new data), or superseded by a newer run:
   * touch nothing. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      trainer != self->trainer)
    return;

  g_signal_handlers_disconnect_by_data (trainer, self);
  g_clear_object (&self->train_cancellable);

  if (result == NULL)
    {
      EntrenaTable *table = entrena_dataset_page_get_table (self->dataset_page);
      g_autofree char *title = NULL;

      /* Translators: %s is a file name or the name of a demo data set */
      title = g_strdup_printf (_("Could not train on “%s”"),
                               table != NULL ? entrena_table_get_display_name (table) : "");
      entrena_loss_chart_reset (self->loss_chart, 0);
      set_training (self, FALSE);
      _entrena_window_show_error (self, title, error->message);
      update_training_status (self);
      return;
    }

  g_clear_pointer (&self->result, entrena_run_result_unref);
  self->result = entrena_run_result_ref (result);

  /* The engine's verdict replaces the live estimate: the markers land where
   * it says, whatever the points the chart got. */
  entrena_loss_chart_set_convergence (self->loss_chart, &result->training->convergence);
  entrena_results_page_set_result (self->results_page, result);
  show_results (self);

  if (result->diverged != NULL)
    _entrena_window_show_error (self, _("Training diverged"), result->diverged);

  set_training (self, FALSE);
  update_training_status (self);
}

void
_entrena_window_start_training (EntrenaWindow *self)
{
  EntrenaTable *table;
  EntrenaRunSettings settings;
  g_auto(GStrv) excluded = NULL;
  TrainCall *call;
  int target;

  g_return_if_fail (ENTRENA_IS_WINDOW (self));

  table = entrena_dataset_page_get_table (self->dataset_page);
  target = entrena_dataset_page_get_target_column (self->dataset_page);
  if (self->training || self->loading || table == NULL)
    return;

  if (target < 0)
    {
      _entrena_window_show_error (self, _("Choose a target column"),
                                  _("Pick the column the network should learn to predict in the Data view."));
      adw_view_stack_set_visible_child_name (self->view_stack, "data");
      return;
    }

  hide_error (self);

  entrena_run_settings_init (&settings);
  excluded = entrena_dataset_page_dup_excluded_columns (self->dataset_page);
  settings.data.target = entrena_table_get_column_name (table, target);
  settings.data.exclude = (const char * const *) excluded;
  settings.data.missing = entrena_dataset_page_get_missing_policy (self->dataset_page);
  entrena_training_page_get_run_settings (self->training_page, &settings);

  save_file_settings (self);

  /* A fresh trainer per run; see the comment at the top. */
  cancel_training (self);
  self->trainer = entrena_trainer_new ();
  self->train_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->trainer, "epoch-completed",
                           G_CALLBACK (epoch_completed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "notify::epoch",
                           G_CALLBACK (trainer_progress_cb), self, G_CONNECT_SWAPPED);

  entrena_loss_chart_reset (self->loss_chart, settings.training.epochs);
  adw_view_stack_set_visible_child_name (self->view_stack, "training");
  set_training (self, TRUE);

  /* The task holds the trainer; the callback holds the application until it
   * runs: closing the last window during a run lets the worker see the
   * cancellation and return before the program ends. */
  call = g_new0 (TrainCall, 1);
  g_weak_ref_init (&call->window, self);
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    {
      call->application = g_object_ref (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      g_application_hold (call->application);
    }
  entrena_trainer_run_async (self->trainer, table, &settings, self->train_cancellable,
                             train_cb, call);
}

void
_entrena_window_stop_training (EntrenaWindow *self)
{
  g_return_if_fail (ENTRENA_IS_WINDOW (self));

  if (self->training && self->trainer != NULL)
    entrena_trainer_stop (self->trainer);
}

void
_entrena_window_update_actions (EntrenaWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_table = entrena_dataset_page_get_table (self->dataset_page) != NULL;
  gboolean has_model = self->result != NULL && !self->training;

  gtk_widget_action_set_enabled (widget, "win.train", has_table && !self->training && !self->loading);
  gtk_widget_action_set_enabled (widget, "win.stop", self->training);
  gtk_widget_action_set_enabled (widget, "win.save-model", has_model);
  gtk_widget_action_set_enabled (widget, "win.save-model-to", has_model);
  gtk_widget_action_set_enabled (widget, "win.show-script", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-history", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-history-to", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-chart", has_model);
  gtk_widget_action_set_enabled (widget, "win.export-chart-to", has_model);
  gtk_widget_action_set_enabled (widget, "win.restore-lesson-settings", !self->training);
}

/* The local path of the file on screen, or NULL for a demo or a remote file. (transfer full) */
char *
_entrena_window_dup_table_path (EntrenaWindow *self)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  if (self->table_uri == NULL)
    return NULL;

  file = g_file_new_for_uri (self->table_uri);

  return g_file_get_path (file);
}

/* Cancels the current load, if any, and prepares the window for a new one. */
static GCancellable *
begin_load (EntrenaWindow *self,
            const char    *name,
            const char    *uri)
{
  g_autofree char *label = NULL;

  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }

  g_free (self->loading_name);
  self->loading_name = g_strdup (name);
  g_free (self->loading_uri);
  self->loading_uri = g_strdup (uri);

  /* Translators: %s is a file name or the name of a demo data set */
  label = g_strdup_printf (_("Loading “%s”…"), name);
  gtk_label_set_label (self->loading_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  hide_error (self);

  /* A new window loading its first table shows a blank page rather than flashing
   * the welcome page for the moment a small file takes. */
  if (entrena_dataset_page_get_table (self->dataset_page) == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");

  self->load_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  return self->load_cancellable;
}

/* Recent files */

static gint
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  /* Newest first */
  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

static gboolean
is_data_file (GtkRecentInfo *info)
{
  const char *mime_type = gtk_recent_info_get_mime_type (info);
  const char *uri = gtk_recent_info_get_uri (info);

  if (!gtk_recent_info_is_local (info) || !gtk_recent_info_exists (info))
    return FALSE;

  return g_strcmp0 (mime_type, "text/csv") == 0 ||
         g_strcmp0 (mime_type, "text/tab-separated-values") == 0 ||
         g_str_has_suffix (uri, ".csv") ||
         g_str_has_suffix (uri, ".tsv");
}

static void
update_recent_menu (EntrenaWindow *self)
{
  g_autoptr(GPtrArray) infos = NULL;
  GList *items = gtk_recent_manager_get_items (self->recent_manager);

  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);

  for (GList *l = items; l != NULL; l = l->next)
    {
      if (is_data_file (l->data))
        g_ptr_array_add (infos, l->data);
      else
        gtk_recent_info_unref (l->data);
    }
  g_list_free (items);
  g_ptr_array_sort (infos, compare_recent);

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < infos->len && i < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *label = escape_mnemonics (gtk_recent_info_get_display_name (info));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent",
                                         "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }

  /* The submenu is only there while it has something in it. */
  if (infos->len > 0 && !self->has_recent_submenu)
    {
      g_menu_insert_submenu (self->files_section, 0,
                             _("_Recent Files"), G_MENU_MODEL (self->recent_menu));
      self->has_recent_submenu = TRUE;
    }
  else if (infos->len == 0 && self->has_recent_submenu)
    {
      g_menu_remove (self->files_section, 0);
      self->has_recent_submenu = FALSE;
    }
}

/* Demo sets */

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
populate_demos (EntrenaWindow *self)
{
  for (const EntrenaDemoInfo *info = entrena_demo_list (); info->id != NULL; info++)
    {
      g_autofree char *label = escape_mnemonics (_(info->title));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-demo", "s", info->id);
      g_menu_append_item (self->demo_menu, item);

      gtk_flow_box_append (self->demo_flowbox, create_demo_card (info));
    }
}

/* Opening */

static void
file_chooser_response_cb (EntrenaWindow        *self,
                          int                   response,
                          GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  /* A new chooser is made next time; the signal emission keeps this one alive until we return. */
  g_clear_object (&self->file_chooser);

  if (file == NULL)
    return;

  if (self->settings != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        {
          g_autofree char *uri = g_file_get_uri (folder);

          g_settings_set_string (self->settings, "last-folder", uri);
        }
    }

  entrena_window_open_file (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);
  g_autoptr(GtkFileFilter) csv_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
      return;
    }

  gtk_file_filter_set_name (csv_filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  gtk_file_filter_add_mime_type (csv_filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv_filter, "csv");
  gtk_file_filter_add_suffix (csv_filter, "tsv");

  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->file_chooser = gtk_file_chooser_native_new (_("Open Data Set"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), csv_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->file_chooser), csv_filter);

  if (self->settings != NULL)
    {
      g_autofree char *uri = g_settings_get_string (self->settings, "last-folder");

      if (uri[0] != '\0')
        {
          g_autoptr(GFile) folder = g_file_new_for_uri (uri);

          /* The folder may be gone; the chooser then starts in its default place. */
          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->file_chooser), folder, NULL);
        }
    }

  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (file_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  entrena_window_open_demo (ENTRENA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  entrena_window_open_file (ENTRENA_WINDOW (widget), file);
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (self->load_cancellable == NULL)
    return;

  /* The load's callback sees the cancellation and shows nothing. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);

  if (entrena_dataset_page_get_table (self->dataset_page) == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "welcome");
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  hide_error (ENTRENA_WINDOW (widget));
}

static gboolean
drop_cb (EntrenaWindow *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL)
        file = files->data;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      file = g_value_get_object (value);
    }

  if (file == NULL)
    return FALSE;

  entrena_window_open_file (self, file);

  return TRUE;
}

/* GObject */

static void
entrena_window_dispose (GObject *object)
{
  EntrenaWindow *self = (EntrenaWindow *) object;

  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  g_clear_handle_id (&self->reveal_source, g_source_remove);

  /* The run's task keeps its trainer until the worker has seen the
   * cancellation and returned; its callback then finds no window. */
  if (self->train_cancellable != NULL)
    {
      g_cancellable_cancel (self->train_cancellable);
      g_clear_object (&self->train_cancellable);
    }
  if (self->trainer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->trainer, self);
      g_clear_object (&self->trainer);
    }
  g_clear_pointer (&self->result, entrena_run_result_unref);

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }
  _entrena_window_actions_dispose (self);

  if (self->recent_manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recent_manager, self);
      self->recent_manager = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_WINDOW);

  g_clear_object (&self->recent_menu);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (entrena_window_parent_class)->dispose (object);
}

static void
entrena_window_finalize (GObject *object)
{
  EntrenaWindow *self = (EntrenaWindow *) object;

  g_clear_pointer (&self->loading_name, g_free);
  g_clear_pointer (&self->loading_uri, g_free);
  g_clear_pointer (&self->table_uri, g_free);

  G_OBJECT_CLASS (entrena_window_parent_class)->finalize (object);
}

static void
entrena_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EntrenaWindow *self = ENTRENA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, entrena_window_get_loading (self));
      break;

    case PROP_TRAINING:
      g_value_set_boolean (value, entrena_window_get_training (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_window_class_init (EntrenaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_window_dispose;
  object_class->finalize = entrena_window_finalize;
  object_class->get_property = entrena_window_get_property;

  /**
   * EntrenaWindow:loading:
   *
   * Whether a data set is being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EntrenaWindow:training:
   *
   * Whether a network is being trained.
   */
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, error_message);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, demo_flowbox);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, dataset_page);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, files_section);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, demo_menu);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, train_stack);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, training_page);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, status_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, train_progress);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, loss_chart);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, chart_placeholder);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, results_paned);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, results_page);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", "s", open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);

  /* Also set application-wide in EntrenaApplication::startup, where menus and the shortcuts
   * window find it; this binding keeps it working in a window without an application. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);

  _entrena_window_class_add_actions (widget_class);

  g_type_ensure (ENTRENA_TYPE_DATASET_PAGE);
  g_type_ensure (ENTRENA_TYPE_TRAINING_PAGE);
  g_type_ensure (ENTRENA_TYPE_LOSS_CHART);
  g_type_ensure (ENTRENA_TYPE_RESULTS_PAGE);
}

static void
entrena_window_init (EntrenaWindow *self)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkDropTarget *drop_target;
  g_autoptr(GPropertyAction) log_scale = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Without the schema (a run from an unprepared build tree) the window works, it
   * just does not remember its size. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_settings_bind (self->settings, "window-width",
                       self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height",
                       self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized",
                       self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "chart-log-scale",
                       self->loss_chart, "log-scale", G_SETTINGS_BIND_DEFAULT);
      entrena_training_page_bind_settings (self->training_page, self->settings);
    }
  else
    {
      g_debug ("Schema %s is not installed; window state will not be saved", BASE_APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self), 1100, 720);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", FALSE);
  _entrena_window_update_actions (self);
  update_training_status (self);

  /* The Log Scale toggle; the chart's property is what GSettings remembers. */
  log_scale = g_property_action_new ("chart-log-scale", self->loss_chart, "log-scale");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (log_scale));

  /* The switcher moves to the bottom of a narrow window. */
  g_object_bind_property (self->window_title, "title-visible",
                          self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);

  populate_demos (self);

  self->recent_menu = g_menu_new ();
  self->recent_manager = gtk_recent_manager_get_default ();
  g_signal_connect_object (self->recent_manager, "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);

  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}

/**
 * entrena_window_new:
 * @application: (nullable): the application, or %NULL (tests)
 *
 * Returns: (transfer full): a new window, with nothing loaded
 */
EntrenaWindow *
entrena_window_new (GtkApplication *application)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (ENTRENA_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * entrena_window_open_file:
 * @self: a window
 * @file: a CSV file
 *
 * Starts reading @file, cancelling any load in progress. The current data stay
 * on screen until the new table is ready; an error appears in the window.
 */
void
entrena_window_open_file (EntrenaWindow *self,
                          GFile         *file)
{
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  GCancellable *cancellable;

  g_return_if_fail (ENTRENA_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_free (name);
      name = g_file_get_parse_name (file);
    }
  uri = g_file_get_uri (file);

  cancellable = begin_load (self, name, uri);
  entrena_table_load_file_async (self, file, cancellable, load_progress_cb, NULL, load_cb, NULL);
}

/**
 * entrena_window_open_demo:
 * @self: a window
 * @demo_id: an id from entrena_demo_list()
 *
 * Starts generating a demo data set, cancelling any load in progress.
 */
void
entrena_window_open_demo (EntrenaWindow *self,
                          const char    *demo_id)
{
  const EntrenaDemoInfo *info;
  GCancellable *cancellable;

  g_return_if_fail (ENTRENA_IS_WINDOW (self));
  g_return_if_fail (demo_id != NULL);

  info = entrena_demo_find (demo_id);
  cancellable = begin_load (self, info != NULL ? _(info->title) : demo_id, NULL);
  entrena_table_load_demo_async (self, demo_id, cancellable, load_cb, NULL);
}

gboolean
entrena_window_get_loading (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), FALSE);

  return self->loading;
}

/**
 * entrena_window_get_table:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the table on screen
 */
EntrenaTable *
entrena_window_get_table (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return entrena_dataset_page_get_table (self->dataset_page);
}

/**
 * entrena_window_get_dataset_page:
 * @self: a window
 *
 * Returns: (transfer none): the data pane, which holds the user's choices
 *   of target, features and missing-value policy
 */
EntrenaDatasetPage *
entrena_window_get_dataset_page (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->dataset_page;
}

/**
 * entrena_window_get_training_page:
 * @self: a window
 *
 * Returns: (transfer none): the training settings
 */
EntrenaTrainingPage *
entrena_window_get_training_page (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->training_page;
}

/**
 * entrena_window_get_loss_chart:
 * @self: a window
 *
 * Returns: (transfer none): the loss chart
 */
EntrenaLossChart *
entrena_window_get_loss_chart (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->loss_chart;
}

/**
 * entrena_window_get_results_page:
 * @self: a window
 *
 * Returns: (transfer none): the results of the last run
 */
EntrenaResultsPage *
entrena_window_get_results_page (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->results_page;
}

gboolean
entrena_window_get_training (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), FALSE);

  return self->training;
}

/**
 * entrena_window_get_trainer:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the trainer of the current or last run
 */
EntrenaTrainer *
entrena_window_get_trainer (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->trainer;
}

/**
 * entrena_window_get_result:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the last run that finished on the
 *   data on screen, stopped or not
 */
EntrenaRunResult *
entrena_window_get_result (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->result;
}
