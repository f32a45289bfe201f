/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-trainer"

#include "config.h"

#include <math.h>

#include "entrena-progress.h"
#include "entrena-trainer.h"

/* Epoch records reach the main thread at most this often (about one frame),
 * however fast the epochs are; each delivery carries every epoch since the
 * last, so a chart still gets every point. */
#define POST_INTERVAL_US 16000

struct _EntrenaTrainer
{
  GObject                 parent_instance;

  /* Owned */
  GTask                  *task;      /* the running task, or NULL */

  /* State seen by the main thread */
  EntrenaTrainerState     state;
  guint                   epoch;
  guint                   epochs;
  double                  train_loss;
  double                  test_loss;
  double                  test_accuracy;
  double                  train_accuracy;
  gsize                   snapshot_budget;

  /* Shared with the worker */
  EntrenaRunControl      *control;   /* stop, pause, step, pace */
  GMutex                  lock;
  GArray                 *pending;   /* of EntrenaEpoch, under lock */
  gboolean                posted;    /* a delivery is queued, under lock */
  EntrenaProgressThrottle throttle;  /* counted from the last delivery, under lock */
  EntrenaRunResult       *run;       /* the run the worker trains, under lock; or NULL */
};

G_DEFINE_FINAL_TYPE (EntrenaTrainer, entrena_trainer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_EPOCH,
  PROP_EPOCHS,
  PROP_TRAIN_LOSS,
  PROP_TEST_LOSS,
  PROP_TEST_ACCURACY,
  PROP_TRAIN_ACCURACY,
  PROP_PAUSED,
  PROP_PACE,
  N_PROPS,
};

enum {
  EPOCH_COMPLETED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
entrena_trainer_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { ENTRENA_TRAINER_IDLE, "ENTRENA_TRAINER_IDLE", "idle" },
        { ENTRENA_TRAINER_PREPARING, "ENTRENA_TRAINER_PREPARING", "preparing" },
        { ENTRENA_TRAINER_RUNNING, "ENTRENA_TRAINER_RUNNING", "running" },
        { ENTRENA_TRAINER_DONE, "ENTRENA_TRAINER_DONE", "done" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("EntrenaTrainerState"), values);

      g_once_init_leave (&type, id);
    }

  return type;
}

/* What the worker needs, copied so that nothing is shared with the caller. */
typedef struct
{
  EntrenaTable       *table;      /* a new run: its data and choices */
  EntrenaRunSettings  settings;
  char               *target;
  char              **exclude;
  char              **categorical;
  EntrenaRunResult   *run;        /* or a run to go on with, for more epochs */
  guint               more;
  gsize               snapshot_budget;
  GMainContext       *context;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_clear_pointer (&data->table, entrena_table_unref);
  g_free (data->target);
  g_strfreev (data->exclude);
  g_strfreev (data->categorical);
  g_clear_pointer (&data->run, entrena_run_result_unref);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

/* Main thread: hands the queued epochs to the properties and listeners. */
static void
deliver_pending (EntrenaTrainer *self)
{
  g_autoptr (GArray) records = NULL;

  g_mutex_lock (&self->lock);
  records = g_steal_pointer (&self->pending);
  self->pending = g_array_new (FALSE, FALSE, sizeof (EntrenaEpoch));
  self->posted = FALSE;
  entrena_progress_throttle_restart (&self->throttle);
  g_mutex_unlock (&self->lock);

  if (records->len == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < records->len; i++)
    {
      const EntrenaEpoch *record = &g_array_index (records, EntrenaEpoch, i);

      self->epoch = record->epoch;
      self->train_loss = record->train_loss;
      self->test_loss = record->test_loss;
      self->test_accuracy = record->test_accuracy;
      self->train_accuracy = record->train_accuracy;
      g_signal_emit (self, signals[EPOCH_COMPLETED], 0, record);
    }
  if (self->state == ENTRENA_TRAINER_PREPARING)
    {
      self->state = ENTRENA_TRAINER_RUNNING;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAIN_LOSS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_LOSS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_ACCURACY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAIN_ACCURACY]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
deliver_cb (gpointer user_data)
{
  deliver_pending (ENTRENA_TRAINER (user_data));
  return G_SOURCE_REMOVE;
}

typedef struct
{
  EntrenaTrainer *self;
  TaskData       *data;
  guint           epochs;
} EpochContext;

/* Worker thread: queues the record, and asks the main thread to take the
 * queue when a frame's time has passed or training ends. */
static void
epoch_cb (const EntrenaEpoch *record,
          gpointer            user_data)
{
  EpochContext *ctx = user_data;
  EntrenaTrainer *self = ctx->self;
  gboolean post;

  g_mutex_lock (&self->lock);
  g_array_append_val (self->pending, *record);
  /* A run about to hold shows the epoch it holds after at once. */
  post = !self->posted &&
         entrena_progress_throttle_due (&self->throttle,
                                        record->epoch == ctx->epochs ||
                                        entrena_run_control_get_paused (self->control));
  if (post)
    self->posted = TRUE;
  g_mutex_unlock (&self->lock);

  if (post)
    entrena_progress_post (ctx->data->context, "[entrena] epoch delivery", deliver_cb,
                           g_object_ref (self), g_object_unref);
}

/* Worker thread: the run in progress, for entrena_trainer_dup_run(). */
static void
publish_run (EntrenaTrainer   *self,
             EntrenaRunResult *run)
{
  g_autoptr (EntrenaRunResult) old = NULL;

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->run);
  self->run = run != NULL ? entrena_run_result_ref (run) : NULL;
  g_mutex_unlock (&self->lock);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  EntrenaTrainer *self = source_object;
  TaskData *data = task_data;
  EpochContext ctx = { self, data, 0 };
  g_autoptr (EntrenaRunResult) run = NULL;
  GError *error = NULL;
  gboolean ok;

  if (data->run != NULL)
    {
      run = entrena_run_result_ref (data->run);
      publish_run (self, run);
      ctx.epochs = run->training->n_epochs + data->more;
      ok = entrena_run_train_more (run, data->more, cancellable, self->control, epoch_cb, &ctx, &error);
    }
  else
    {
      /* entrena_run_execute(), keeping the weights of every epoch for a
       * look back. */
      run = entrena_run_start (data->table, &data->settings, NULL, &error);
      ok = run != NULL;
      if (ok)
        {
          ctx.epochs = run->training->settings.epochs;
          if (data->snapshot_budget > 0)
            entrena_training_keep_snapshots (run->training, data->snapshot_budget);
          publish_run (self, run);
          ok = entrena_run_train (run, cancellable, self->control, epoch_cb, &ctx, &error);
        }
      if (ok)
        entrena_run_finish (run);
    }
  publish_run (self, NULL);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&run), (GDestroyNotify) entrena_run_result_unref);
}

/* Main thread: readies the trainer and starts @data on a worker. */
static void
start_task (EntrenaTrainer      *self,
            TaskData            *data,
            guint                epoch,
            guint                epochs,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  data->context = g_main_context_ref_thread_default ();
  data->snapshot_budget = self->snapshot_budget;

  entrena_run_control_rearm (self->control);
  g_mutex_lock (&self->lock);
  g_array_set_size (self->pending, 0);
  self->posted = FALSE;
  self->throttle = ENTRENA_PROGRESS_THROTTLE_INIT (POST_INTERVAL_US);
  g_mutex_unlock (&self->lock);

  self->epoch = epoch;
  self->epochs = epochs;
  if (epoch == 0)
    {
      self->train_loss = NAN;
      self->test_loss = NAN;
      self->test_accuracy = NAN;
      self->train_accuracy = NAN;
    }
  self->state = ENTRENA_TRAINER_PREPARING;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint p = PROP_STATE; p <= PROP_TRAIN_ACCURACY; p++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
  g_object_thaw_notify (G_OBJECT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, entrena_trainer_run_async);
  g_task_set_name (task, "[entrena] training");
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  self->task = g_object_ref (task);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * entrena_trainer_run_async:
 * @self: a trainer
 * @table: the data; shared read-only with the worker thread
 * @settings: the choices; copied
 * @cancellable: (nullable): aborts the run (window closed, new data)
 * @callback: called on this thread's main context when the run ends
 * @user_data: for @callback
 *
 * Runs entrena_run_execute() on a worker thread. Every epoch reaches
 * this thread as ::epoch-completed, in order; deliveries are coalesced to at
 * most one per frame. Only one run at a time.
 */
void
entrena_trainer_run_async (EntrenaTrainer           *self,
                           EntrenaTable             *table,
                           const EntrenaRunSettings *settings,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  TaskData *data;

  g_return_if_fail (ENTRENA_IS_TRAINER (self));
  g_return_if_fail (table != NULL && settings != NULL && settings->data.target != NULL);
  g_return_if_fail (self->task == NULL);

  data = g_new0 (TaskData, 1);
  data->table = entrena_table_ref (table);
  data->settings = *settings;
  data->target = g_strdup (settings->data.target);
  data->exclude = g_strdupv ((char **) settings->data.exclude);
  data->categorical = g_strdupv ((char **) settings->data.categorical);
  data->settings.data.target = data->target;
  data->settings.data.exclude = (const char * const *) data->exclude;
  data->settings.data.categorical = (const char * const *) data->categorical;

  start_task (self, data, 0, settings->training.epochs, cancellable, callback, user_data);
}

/**
 * entrena_trainer_train_more_async:
 * @self: a trainer
 * @run: a run from entrena_trainer_run_finish() that finished or was
 *   stopped; until the call ends it belongs to the worker, so read nothing
 *   of it meanwhile
 * @more: epochs to add
 * @cancellable: (nullable): aborts the run
 * @callback: called on this thread's main context when the run ends
 * @user_data: for @callback
 *
 * Goes on with @run for @more epochs (entrena_run_train_more()) on a worker
 * thread; the epochs reach this thread as ::epoch-completed, numbered on
 * from the run's last. entrena_trainer_run_finish() returns @run again.
 */
void
entrena_trainer_train_more_async (EntrenaTrainer      *self,
                                  EntrenaRunResult    *run,
                                  guint                more,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (ENTRENA_IS_TRAINER (self));
  g_return_if_fail (run != NULL && run->training != NULL && more > 0);
  g_return_if_fail (self->task == NULL);

  data = g_new0 (TaskData, 1);
  data->run = entrena_run_result_ref (run);
  data->more = more;

  start_task (self, data, run->training->n_epochs, run->training->n_epochs + more,
              cancellable, callback, user_data);
}

/**
 * entrena_trainer_run_finish:
 * @self: a trainer
 * @result: the #GAsyncResult
 * @error: return location for a #GError: bad data or settings, or
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full): the run's result, also when it was stopped or
 *   diverged; %NULL with @error set otherwise
 */
EntrenaRunResult *
entrena_trainer_run_finish (EntrenaTrainer  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  /* Epochs still queued are delivered before the end is announced. */
  deliver_pending (self);
  g_clear_object (&self->task);
  self->state = ENTRENA_TRAINER_DONE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * entrena_trainer_stop:
 * @self: a trainer
 *
 * Asks a run to end after the current epoch, keeping what it learned; the
 * run then finishes successfully.
 */
void
entrena_trainer_stop (EntrenaTrainer *self)
{
  g_return_if_fail (ENTRENA_IS_TRAINER (self));
  entrena_run_control_stop (self->control);
}

/* Main thread, after the control was paused or resumed. */
static void
paused_changed (EntrenaTrainer *self)
{
  /* An epoch the worker queued before it could see the pause would wait for
   * the next delivery, after the hold: show it now. Epochs that end from here
   * on are delivered at once (epoch_cb). */
  if (entrena_run_control_get_paused (self->control))
    deliver_pending (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/**
 * entrena_trainer_set_paused:
 * @self: a trainer
 * @paused: hold the run after the epoch it is in, or go on
 *
 * Also before a run: it then starts paused, before its first epoch.
 */
void
entrena_trainer_set_paused (EntrenaTrainer *self,
                            gboolean        paused)
{
  g_return_if_fail (ENTRENA_IS_TRAINER (self));

  if (entrena_run_control_get_paused (self->control) == !!paused)
    return;
  entrena_run_control_set_paused (self->control, paused);
  paused_changed (self);
}

gboolean
entrena_trainer_get_paused (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), FALSE);
  return entrena_run_control_get_paused (self->control);
}

/**
 * entrena_trainer_step:
 * @self: a trainer
 *
 * Lets the run take exactly one more epoch, then hold (the trainer is
 * paused afterwards). Before a run, the next run trains its first epoch and
 * holds.
 */
void
entrena_trainer_step (EntrenaTrainer *self)
{
  gboolean was_paused;

  g_return_if_fail (ENTRENA_IS_TRAINER (self));

  was_paused = entrena_run_control_get_paused (self->control);
  entrena_run_control_step (self->control);
  if (!was_paused)
    paused_changed (self);
}

/**
 * entrena_trainer_set_pace:
 * @self: a trainer
 * @epochs_per_second: at most this many epochs a second, or
 *   %ENTRENA_PACE_FASTEST
 *
 * Takes effect at once, also during a run. The waiting happens on the
 * worker, between epochs, so the numbers are those of a run at full speed.
 */
void
entrena_trainer_set_pace (EntrenaTrainer *self,
                          double          epochs_per_second)
{
  g_return_if_fail (ENTRENA_IS_TRAINER (self));

  entrena_run_control_set_pace (self->control, epochs_per_second);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACE]);
}

double
entrena_trainer_get_pace (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), ENTRENA_PACE_FASTEST);
  return entrena_run_control_get_pace (self->control);
}

/**
 * entrena_trainer_dup_run:
 * @self: a trainer
 *
 * The run the worker is training, so that a paused run can be looked at:
 * only what is safe while it trains may be read, that is its dataset and
 * split, entrena_training_evaluate_at() on its training, and nothing of its
 * history beyond the epochs delivered. The run is the worker's until
 * entrena_trainer_run_finish() returns it.
 *
 * Returns: (transfer full) (nullable): the run in progress, or %NULL when
 *   none is (yet) training
 */
EntrenaRunResult *
entrena_trainer_dup_run (EntrenaTrainer *self)
{
  EntrenaRunResult *run = NULL;

  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->run != NULL)
    run = entrena_run_result_ref (self->run);
  g_mutex_unlock (&self->lock);

  return run;
}

/* Whether a paused run has reached the end of its epoch and waits. */
gboolean
entrena_trainer_is_holding (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), FALSE);
  return self->task != NULL && entrena_run_control_is_holding (self->control);
}

/**
 * entrena_trainer_set_snapshot_budget:
 * @self: a trainer
 * @budget_bytes: memory for the weights of past epochs of each new run
 *   (see #EntrenaSnapshots); 0 keeps none
 */
void
entrena_trainer_set_snapshot_budget (EntrenaTrainer *self,
                                     gsize           budget_bytes)
{
  g_return_if_fail (ENTRENA_IS_TRAINER (self));
  self->snapshot_budget = budget_bytes;
}

EntrenaTrainerState
entrena_trainer_get_state (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), ENTRENA_TRAINER_IDLE);
  return self->state;
}

guint
entrena_trainer_get_epoch (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), 0);
  return self->epoch;
}

guint
entrena_trainer_get_epochs (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), 0);
  return self->epochs;
}

double
entrena_trainer_get_train_loss (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), NAN);
  return self->train_loss;
}

double
entrena_trainer_get_test_loss (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), NAN);
  return self->test_loss;
}

double
entrena_trainer_get_test_accuracy (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), NAN);
  return self->test_accuracy;
}

double
entrena_trainer_get_train_accuracy (EntrenaTrainer *self)
{
  g_return_val_if_fail (ENTRENA_IS_TRAINER (self), NAN);
  return self->train_accuracy;
}

static void
entrena_trainer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EntrenaTrainer *self = ENTRENA_TRAINER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_EPOCH:
      g_value_set_uint (value, self->epoch);
      break;
    case PROP_EPOCHS:
      g_value_set_uint (value, self->epochs);
      break;
    case PROP_TRAIN_LOSS:
      g_value_set_double (value, self->train_loss);
      break;
    case PROP_TEST_LOSS:
      g_value_set_double (value, self->test_loss);
      break;
    case PROP_TEST_ACCURACY:
      g_value_set_double (value, self->test_accuracy);
      break;
    case PROP_TRAIN_ACCURACY:
      g_value_set_double (value, self->train_accuracy);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, entrena_trainer_get_paused (self));
      break;
    case PROP_PACE:
      g_value_set_double (value, entrena_trainer_get_pace (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_trainer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EntrenaTrainer *self = ENTRENA_TRAINER (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      entrena_trainer_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_PACE:
      entrena_trainer_set_pace (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_trainer_finalize (GObject *object)
{
  EntrenaTrainer *self = ENTRENA_TRAINER (object);

  g_clear_object (&self->task);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->control, entrena_run_control_unref);
  g_clear_pointer (&self->run, entrena_run_result_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (entrena_trainer_parent_class)->finalize (object);
}

static void
entrena_trainer_class_init (EntrenaTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = entrena_trainer_get_property;
  object_class->set_property = entrena_trainer_set_property;
  object_class->finalize = entrena_trainer_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ENTRENA_TYPE_TRAINER_STATE, ENTRENA_TRAINER_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPOCH] =
    g_param_spec_uint ("epoch", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPOCHS] =
    g_param_spec_uint ("epochs", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAIN_LOSS] =
    g_param_spec_double ("train-loss", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEST_LOSS] =
    g_param_spec_double ("test-loss", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEST_ACCURACY] =
    g_param_spec_double ("test-accuracy", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAIN_ACCURACY] =
    g_param_spec_double ("train-accuracy", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PACE] =
    g_param_spec_double ("pace", NULL, NULL, 0, G_MAXDOUBLE, ENTRENA_PACE_FASTEST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EntrenaTrainer::epoch-completed:
   * @self: the trainer
   * @record: (type gpointer): the #EntrenaEpoch, valid during the emission
   *
   * Emitted on the main thread for every epoch, in order.
   */
  signals[EPOCH_COMPLETED] =
    g_signal_new ("epoch-completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
entrena_trainer_init (EntrenaTrainer *self)
{
  g_mutex_init (&self->lock);
  self->pending = g_array_new (FALSE, FALSE, sizeof (EntrenaEpoch));
  self->throttle = ENTRENA_PROGRESS_THROTTLE_INIT (POST_INTERVAL_US);
  self->train_loss = NAN;
  self->test_loss = NAN;
  self->test_accuracy = NAN;
  self->train_accuracy = NAN;
  self->control = entrena_run_control_new ();
  self->snapshot_budget = ENTRENA_SNAPSHOTS_DEFAULT_BUDGET;
}

EntrenaTrainer *
entrena_trainer_new (void)
{
  return g_object_new (ENTRENA_TYPE_TRAINER, NULL);
}
