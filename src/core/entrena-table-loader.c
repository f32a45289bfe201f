/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-table-loader"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "entrena-csv.h"
#include "entrena-demo.h"
#include "entrena-error.h"
#include "entrena-progress.h"
#include "entrena-table-loader.h"

/*
 * Reading a CSV file runs in a GTask worker thread. The worker owns only what it
 * was given (a GFile or a demo id) and hands back a new EntrenaTable; it never
 * touches a widget. Progress goes back to the caller's main context as small
 * records, at most one every PROGRESS_INTERVAL_USEC, so a fast read of a large
 * file does not flood the main loop.
 */

#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 30)

typedef struct
{
  /* Immutable after the task starts */
  GFile                       *file;
  char                        *demo_id;
  char                        *display_name;
  EntrenaTableLoadProgressFunc progress;
  gpointer                     progress_data;

  /* Touched by the worker thread only */
  EntrenaProgressThrottle      throttle;
} LoadData;

typedef struct
{
  GTask  *task;
  guint64 done;
  guint64 total;
} ProgressRecord;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->file);
  g_clear_pointer (&load->demo_id, g_free);
  g_clear_pointer (&load->display_name, g_free);
  g_free (load);
}

static void
progress_record_free (gpointer data)
{
  ProgressRecord *record = data;

  g_clear_object (&record->task);
  g_free (record);
}

/* On the main context. */
static gboolean
progress_apply (gpointer data)
{
  ProgressRecord *record = data;
  LoadData *load = g_task_get_task_data (record->task);
  GCancellable *cancellable = g_task_get_cancellable (record->task);

  /* A cancelled load belongs to nobody any more, and a finished one has
   * already reported its result: late records must not show up. */
  if (g_task_get_completed (record->task) || g_cancellable_is_cancelled (cancellable))
    return G_SOURCE_REMOVE;

  load->progress (g_task_get_source_object (record->task),
                  record->done,
                  record->total,
                  load->progress_data);

  return G_SOURCE_REMOVE;
}

/* On the worker thread. */
static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  GTask *task = user_data;
  LoadData *load = g_task_get_task_data (task);
  ProgressRecord *record;

  if (load->progress == NULL || !entrena_progress_throttle_due (&load->throttle, total != 0 && done >= total))
    return;

  record = g_new0 (ProgressRecord, 1);
  record->task = g_object_ref (task);
  record->done = done;
  record->total = total;
  entrena_progress_post (g_task_get_context (task), "[entrena] load progress", progress_apply, record,
                         progress_record_free);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autoptr(EntrenaTable) table = NULL;
  g_autoptr(GError) error = NULL;

  if (load->file != NULL)
    {
      table = entrena_csv_read_file (load->file, NULL, cancellable, progress_cb, task, &error);
    }
  else
    {
      g_autofree char *text = NULL;
      gsize length = 0;

      text = entrena_demo_generate (load->demo_id, &length);
      if (text == NULL)
        {
          g_task_return_new_error (task, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                                   _("There is no demo data set called “%s”."),
                                   load->demo_id);
          return;
        }

      table = entrena_csv_read_data (text, length, load->display_name, NULL, &error);
    }

  if (table == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&table), (GDestroyNotify) entrena_table_unref);
}

static void
start_task (gpointer            source_object,
            LoadData           *load,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, entrena_table_load_file_async);
  g_task_set_name (task, "[entrena] load data");
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * entrena_table_load_file_async:
 * @source_object: (type GObject): the object starting the load
 * @file: a CSV file
 * @cancellable: (nullable): to abandon the load
 * @progress: (nullable) (scope notified): called on the caller's main context
 *   with the bytes read so far
 * @progress_data: data for @progress; it must outlive the task, for example
 *   by being @source_object itself
 * @callback: called when the table is ready
 * @user_data: data for @callback
 *
 * Reads @file into an #EntrenaTable on a worker thread.
 */
void
entrena_table_load_file_async (gpointer                     source_object,
                               GFile                       *file,
                               GCancellable                *cancellable,
                               EntrenaTableLoadProgressFunc progress,
                               gpointer                     progress_data,
                               GAsyncReadyCallback          callback,
                               gpointer                     user_data)
{
  LoadData *load;

  g_return_if_fail (G_IS_OBJECT (source_object));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadData, 1);
  load->file = g_object_ref (file);
  load->progress = progress;
  load->progress_data = progress_data;
  load->throttle = ENTRENA_PROGRESS_THROTTLE_INIT (PROGRESS_INTERVAL_USEC);

  start_task (source_object, load, cancellable, callback, user_data);
}

/**
 * entrena_table_load_demo_async:
 * @source_object: (type GObject): the object starting the load
 * @demo_id: an id from entrena_demo_list()
 * @cancellable: (nullable): to abandon the load
 * @callback: called when the table is ready
 * @user_data: data for @callback
 *
 * Generates a demo data set and reads it into an #EntrenaTable on a worker
 * thread. The table's display name is the demo's translated title.
 */
void
entrena_table_load_demo_async (gpointer            source_object,
                               const char         *demo_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  const EntrenaDemoInfo *info;
  LoadData *load;

  g_return_if_fail (G_IS_OBJECT (source_object));
  g_return_if_fail (demo_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  info = entrena_demo_find (demo_id);

  load = g_new0 (LoadData, 1);
  load->demo_id = g_strdup (demo_id);
  load->display_name = g_strdup (info != NULL ? _(info->title) : demo_id);

  start_task (source_object, load, cancellable, callback, user_data);
}

/**
 * entrena_table_load_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the table, or %NULL with @error set; a cancelled
 *   load fails with %G_IO_ERROR_CANCELLED
 */
EntrenaTable *
entrena_table_load_finish (GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == entrena_table_load_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
