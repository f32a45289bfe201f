/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-csv.h"
#include "entrena-format.h"
#include "entrena-model-io.h"
#include "entrena-window-private.h"

/*
 * The window's predictions: Open Model (a model file saved by Entrena,
 * without its data: the window then shows the model, Try It and Predict a
 * File, and nothing that needs data until a CSV file is opened) and Predict
 * a File (a CSV file with the model's input columns in, the same rows with
 * the predicted class and the probability of every class out, or for a
 * regression model the predicted number, read,
 * predicted and written on a worker thread with progress and Cancel).
 *
 * Predict a File uses the model open, or else the last run's model (the one
 * Save Model saves). As with the save commands, win.predict-file asks which
 * file and where, and win.predict-file-to takes both as URIs; likewise
 * win.open-model and win.open-model-uri.
 */

/* How often the worker reports progress, in microseconds. */
#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 10)

/* The model Predict a File uses. (transfer full) */
static EntrenaPredictor *
dup_predictor (EntrenaWindow *self)
{
  EntrenaRunResult *result;

  if (self->opened_model != NULL)
    return entrena_predictor_ref (self->opened_model);

  result = entrena_window_get_result (self);
  if (result == NULL || entrena_window_get_training (self))
    return NULL;

  return entrena_predictor_new (result->training->mlp, result->info);
}

static char *
dup_file_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_file_get_parse_name (file);

  return g_steal_pointer (&name);
}

void
_entrena_window_update_predict_actions (EntrenaWindow *self)
{
  g_autoptr (EntrenaPredictor) predictor = dup_predictor (self);
  gboolean idle = self->predict_cancellable == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.predict-file", predictor != NULL && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.predict-file-to", predictor != NULL && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-predict", !idle);
  /* A model replaces the window's content: not while a run is going on there. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-model", !entrena_window_get_training (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-model-uri", !entrena_window_get_training (self));
}

/* Open Model */

static void
show_model (EntrenaWindow    *self,
            EntrenaPredictor *predictor,
            const char       *name)
{
  const EntrenaModelInfo *info = entrena_predictor_get_info (predictor);
  guint n_inputs = entrena_predictor_get_n_inputs (predictor);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *classes = g_strjoinv (", ", info->class_names);

  g_clear_pointer (&self->opened_model, entrena_predictor_unref);
  self->opened_model = entrena_predictor_ref (predictor);

  /* Translators: the heading of a model opened without its data, with its file name. */
  title = g_strdup_printf (_("Model “%s”"), name);
  if (info->task == ENTRENA_TASK_REGRESSION)
    /* Translators: under it, for a model that predicts a number: the target column, the input columns and the data it learned from. */
    subtitle = g_strdup_printf (ngettext ("Predicts the number %s from %u column; trained on “%s”. Open a CSV file to train a new model.",
                                          "Predicts the number %s from %u columns; trained on “%s”. Open a CSV file to train a new model.",
                                          n_inputs),
                                info->target, n_inputs, info->source_name);
  else
    /* Translators: under it: the target column, its classes, the input columns and the data it learned from. */
    subtitle = g_strdup_printf (ngettext ("Predicts %s (%s) from %u column; trained on “%s”. Open a CSV file to train a new model.",
                                          "Predicts %s (%s) from %u columns; trained on “%s”. Open a CSV file to train a new model.",
                                          n_inputs),
                                info->target, classes, n_inputs, info->source_name);
  gtk_label_set_label (self->model_title, title);
  gtk_label_set_label (self->model_subtitle, subtitle);
  entrena_try_it_set_model (self->model_try_it, predictor, NULL);

  /* The training views need data: only the model's page is on screen. */
  gtk_stack_set_visible_child_name (self->content_stack, "model");
  adw_view_switcher_title_set_subtitle (self->window_title, name);
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), FALSE);
  _entrena_window_hide_error (self);
  _entrena_window_update_actions (self);
}

/* Closes the model opened without data, when data are opened. */
void
_entrena_window_close_model (EntrenaWindow *self)
{
  if (self->opened_model == NULL)
    return;

  g_clear_pointer (&self->opened_model, entrena_predictor_unref);
  entrena_try_it_set_model (self->model_try_it, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), TRUE);
  _entrena_window_update_actions (self);
}

static void
load_model_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  EntrenaPredictor *predictor = entrena_predictor_load (task_data, cancellable, &error);

  if (predictor == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, predictor, (GDestroyNotify) entrena_predictor_unref);
}

static void
model_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EntrenaWindow *self = ENTRENA_WINDOW (object);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = dup_file_name (file);
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaPredictor) predictor = g_task_propagate_pointer (G_TASK (result), &error);

  if (predictor == NULL)
    {
      /* Translators: %s is a file name */
      g_autofree char *title = g_strdup_printf (_("Could not open “%s”"), name);

      _entrena_window_show_error (self, title, error->message);
      return;
    }

  show_model (self, predictor, name);
}

static void
open_model_file (EntrenaWindow *self,
                 GFile         *file)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, model_loaded_cb, NULL);

  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_model_in_thread);
}

/* Asks for a file to open, then calls @opened with it. */
typedef void (*OpenedFunc) (EntrenaWindow *self,
                            GFile         *file);

static void
open_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          EntrenaWindow   *self)
{
  OpenedFunc opened = g_object_get_data (G_OBJECT (chooser), "entrena-opened-func");
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    opened (self, file);
}

static void
ask_which_file (EntrenaWindow *self,
                const char    *title,
                const char    *filter_name,
                const char    *suffix,
                OpenedFunc     opened)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_object_set_data (G_OBJECT (chooser), "entrena-opened-func", opened);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_model_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_which_file (ENTRENA_WINDOW (widget), _("Open Model"), _("Models (safetensors)"), "safetensors",
                  open_model_file);
}

static void
open_model_uri_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  open_model_file (ENTRENA_WINDOW (widget), file);
}

/* Predict a File */

typedef struct
{
  EntrenaPredictor        *predictor;
  GFile                   *input;
  GFile                   *output;
  GMainContext            *context;
  EntrenaWindow           *window;       /* a reference, for progress reports */
  GCancellable            *cancellable;
  EntrenaProgressThrottle  throttle;
  guint                    n_written;     /* results */
  char                    *skipped;
} PredictJob;

static void
predict_job_free (PredictJob *job)
{
  entrena_predictor_unref (job->predictor);
  g_object_unref (job->input);
  g_object_unref (job->output);
  g_main_context_unref (job->context);
  g_object_unref (job->window);
  g_object_unref (job->cancellable);
  g_free (job->skipped);
  g_free (job);
}

typedef struct
{
  EntrenaWindow *window;
  GCancellable  *cancellable;
  double         fraction;
} ProgressReport;

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  g_object_unref (report->window);
  g_object_unref (report->cancellable);
  g_free (report);
}

static gboolean
show_progress_cb (gpointer data)
{
  ProgressReport *report = data;

  /* Only the job at work draws its progress. */
  if (report->window->predict_cancellable == report->cancellable)
    gtk_progress_bar_set_fraction (report->window->predict_progress, report->fraction);

  return G_SOURCE_REMOVE;
}

/* Reading the file is the first half of the bar, predicting the second. */
static void
report_progress (PredictJob *job,
                 guint64     done,
                 guint64     total,
                 double      start)
{
  ProgressReport *report;

  if (!entrena_progress_throttle_due (&job->throttle, FALSE))
    return;

  report = g_new0 (ProgressReport, 1);
  report->window = g_object_ref (job->window);
  report->cancellable = g_object_ref (job->cancellable);
  report->fraction = start + (total > 0 ? 0.5 * (double) done / (double) total : 0);
  entrena_progress_post (job->context, "[entrena] predict progress", show_progress_cb, report,
                         progress_report_free);
}

static void
read_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  report_progress (user_data, done, total, 0);
}

static void
predict_progress_cb (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  report_progress (user_data, done, total, 0.5);
}

static void
predict_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PredictJob *job = task_data;
  GError *error = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaPredictions) predictions = NULL;
  g_autoptr (GString) csv = NULL;
  g_autoptr (GBytes) bytes = NULL;

  table = entrena_csv_read_file (job->input, NULL, cancellable, read_progress_cb, job, &error);
  if (table != NULL)
    predictions = entrena_predictor_predict_table (job->predictor, table, cancellable,
                                                   predict_progress_cb, job, &error);
  if (predictions == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  csv = entrena_predictions_to_csv (predictions, table, entrena_predictor_get_info (job->predictor), TRUE);
  bytes = g_bytes_new_take (csv->str, csv->len);
  csv->str = NULL;
  csv->len = 0;
  csv->allocated_len = 0;

  /* To a temporary file, renamed over the place chosen once it is whole. */
  if (!entrena_atomic_write_bytes (job->output, bytes, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job->n_written = predictions->n_rows - predictions->n_skipped;
  job->skipped = entrena_predictions_describe_skipped (predictions, table);
  g_task_return_boolean (task, TRUE);
}

static void
set_predicting (EntrenaWindow *self,
                gboolean       predicting)
{
  gtk_widget_set_visible (GTK_WIDGET (self->predict_progress), predicting);
  gtk_widget_set_visible (self->predict_cancel_button, predicting);
  gtk_widget_set_visible (self->predict_dismiss_button, !predicting);
  gtk_revealer_set_reveal_child (self->predict_revealer, TRUE);
  _entrena_window_update_predict_actions (self);
}

static void
predicted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  EntrenaWindow *self = ENTRENA_WINDOW (object);
  PredictJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *input_name = dup_file_name (job->input);
  g_autofree char *output_name = dup_file_name (job->output);
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;
  g_autofree char *count = NULL;

  /* Cancelled by the user, or by a newer job that owns the bar now. */
  if (self->predict_cancellable != job->cancellable)
    return;
  g_clear_object (&self->predict_cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_revealer_set_reveal_child (self->predict_revealer, FALSE);
      _entrena_window_update_predict_actions (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s is a file name */
          g_autofree char *title = g_strdup_printf (_("Could not predict “%s”"), input_name);

          _entrena_window_show_error (self, title, error->message);
        }
      return;
    }

  count = entrena_format_count (job->n_written);
  /* Translators: "Predicted 1,200 rows of “new.csv” into “new-predictions.csv”." */
  done = g_strdup_printf (ngettext ("Predicted %s row of “%s” into “%s”.",
                                    "Predicted %s rows of “%s” into “%s”.", job->n_written),
                          count, input_name, output_name);
  gtk_label_set_label (self->predict_label, done);
  set_predicting (self, FALSE);

  if (job->skipped != NULL)
    _entrena_window_show_error (self, _("Some rows could not be predicted"), job->skipped);
}

static void
predict_file (EntrenaWindow *self,
              GFile         *input,
              GFile         *output)
{
  g_autoptr (EntrenaPredictor) predictor = dup_predictor (self);
  g_autoptr (GTask) task = NULL;
  g_autofree char *input_name = dup_file_name (input);
  g_autofree char *label = NULL;
  PredictJob *job;

  if (predictor == NULL || self->predict_cancellable != NULL)
    return;

  self->predict_cancellable = g_cancellable_new ();
  job = g_new0 (PredictJob, 1);
  job->predictor = g_steal_pointer (&predictor);
  job->input = g_object_ref (input);
  job->output = g_object_ref (output);
  job->context = g_main_context_ref_thread_default ();
  job->window = g_object_ref (self);
  job->cancellable = g_object_ref (self->predict_cancellable);
  job->throttle = ENTRENA_PROGRESS_THROTTLE_INIT (PROGRESS_INTERVAL);

  /* Translators: %s is a file name */
  label = g_strdup_printf (_("Predicting “%s”…"), input_name);
  gtk_label_set_label (self->predict_label, label);
  gtk_progress_bar_set_fraction (self->predict_progress, 0);
  set_predicting (self, TRUE);

  task = g_task_new (self, self->predict_cancellable, predicted_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) predict_job_free);
  g_task_run_in_thread (task, predict_in_thread);
}

static void
save_predictions_to (EntrenaWindow *self,
                     GFile         *output)
{
  g_autoptr (GFile) input = g_steal_pointer (&self->predict_input);

  if (input != NULL)
    predict_file (self, input, output);
}

static void
predict_input_chosen (EntrenaWindow *self,
                      GFile         *input)
{
  g_autofree char *name = dup_file_name (input);
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
  g_autofree char *suggested = g_strconcat (stem, "-predictions.csv", NULL);

  g_set_object (&self->predict_input, input);
  _entrena_window_ask_where_to_save (self, _("Save Predictions"), suggested, _("CSV Files"), "text/csv", "csv",
                                     save_predictions_to);
}

static void
predict_file_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ask_which_file (ENTRENA_WINDOW (widget), _("Predict a File"), _("CSV Files"), "csv", predict_input_chosen);
}

static void
predict_file_to_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  const char *input_uri, *output_uri;
  g_autoptr (GFile) input = NULL;
  g_autoptr (GFile) output = NULL;

  g_variant_get (parameter, "(&s&s)", &input_uri, &output_uri);
  input = g_file_new_for_uri (input_uri);
  output = g_file_new_for_uri (output_uri);
  predict_file (ENTRENA_WINDOW (widget), input, output);
}

static void
cancel_predict_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (self->predict_cancellable == NULL)
    return;

  /* The job's callback sees it is no longer the window's and shows nothing. */
  g_cancellable_cancel (self->predict_cancellable);
  g_clear_object (&self->predict_cancellable);
  gtk_revealer_set_reveal_child (self->predict_revealer, FALSE);
  _entrena_window_update_predict_actions (self);
}

static void
dismiss_predict_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EntrenaWindow *self = ENTRENA_WINDOW (widget);

  if (self->predict_cancellable == NULL)
    gtk_revealer_set_reveal_child (self->predict_revealer, FALSE);
}

/* Setting up and taking down */

void
_entrena_window_class_add_predict_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, predict_revealer);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, predict_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, predict_progress);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, predict_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, predict_dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, model_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, model_subtitle);
  gtk_widget_class_bind_template_child (widget_class, EntrenaWindow, model_try_it);

  gtk_widget_class_install_action (widget_class, "win.open-model", NULL, open_model_action);
  gtk_widget_class_install_action (widget_class, "win.open-model-uri", "s", open_model_uri_action);
  gtk_widget_class_install_action (widget_class, "win.predict-file", NULL, predict_file_action);
  gtk_widget_class_install_action (widget_class, "win.predict-file-to", "(ss)", predict_file_to_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-predict", NULL, cancel_predict_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-predict", NULL, dismiss_predict_action);

  g_type_ensure (ENTRENA_TYPE_TRY_IT);
}

void
_entrena_window_predict_init (EntrenaWindow *self)
{
  _entrena_window_update_predict_actions (self);
}

void
_entrena_window_predict_dispose (EntrenaWindow *self)
{
  if (self->predict_cancellable != NULL)
    g_cancellable_cancel (self->predict_cancellable);
  g_clear_object (&self->predict_cancellable);
  g_clear_object (&self->predict_input);
  g_clear_pointer (&self->opened_model, entrena_predictor_unref);
}

/**
 * entrena_window_get_predicting:
 * @self: a window
 *
 * Returns: whether Predict a File is at work
 */
gboolean
entrena_window_get_predicting (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), FALSE);

  return self->predict_cancellable != NULL;
}

/**
 * entrena_window_get_opened_model:
 * @self: a window
 *
 * Returns: (nullable) (transfer none): the model opened without its data
 */
EntrenaPredictor *
entrena_window_get_opened_model (EntrenaWindow *self)
{
  g_return_val_if_fail (ENTRENA_IS_WINDOW (self), NULL);

  return self->opened_model;
}
