/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-memory.h"
#include "entrena-training.h"

/* Rows per forward/backward chunk: small enough that a chunk's activations
 * and gradients stay in a core's L2 (1024 rows of the lesson's 11-64-32-6
 * network take about 0.8 MB) between the layers' products, large enough for
 * the matrix kernels to run at speed. Fixed: the chunks decide the order in
 * which the gradient is summed. */
#define CHUNK_ROWS 1024

/* The bytes of training, test and validation rows above which the passes
 * gather them from the dataset (ENTRENA_TRAINING_COPY_LIMIT; tests change it). */
static gsize copy_limit = ENTRENA_TRAINING_COPY_LIMIT;

void
_entrena_training_set_copy_limit (gsize bytes)
{
  copy_limit = bytes;
}

void
entrena_training_settings_init (EntrenaTrainingSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->hidden[0] = 64;
  settings->hidden[1] = 32;
  settings->n_hidden = 2;
  settings->learning_rate = 0.01;
  settings->epochs = 100;
  settings->seed = 42;
  settings->batch_size = 0;
  settings->standardize = FALSE;
  settings->optimizer = ENTRENA_OPTIMIZER_ADAM;
  settings->momentum = 0;
  settings->nesterov = FALSE;
  settings->weight_decay = 0;
  settings->activation = ENTRENA_ACTIVATION_RELU;
}

gboolean
entrena_training_settings_parse_layers (EntrenaTrainingSettings *settings,
                                   const char         *text,
                                   GError            **error)
{
  g_auto (GStrv) parts = NULL;
  guint n = 0;

  g_return_val_if_fail (settings != NULL && text != NULL, FALSE);

  parts = g_strsplit_set (text, ",; ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 width;

      if (parts[i][0] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, 65536, &width, NULL))
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a layer size: hidden layers are written as whole numbers "
                         "from 1 to 65536 separated by commas, for example 64,32."),
                       parts[i]);
          return FALSE;
        }
      if (n == ENTRENA_MAX_HIDDEN_LAYERS)
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                       _("At most %u hidden layers are allowed."), ENTRENA_MAX_HIDDEN_LAYERS);
          return FALSE;
        }
      settings->hidden[n++] = (guint) width;
    }

  settings->n_hidden = n;
  return TRUE;
}

char *
entrena_training_settings_format_layers (const EntrenaTrainingSettings *settings)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < settings->n_hidden; i++)
    g_string_append_printf (s, i > 0 ? ",%u" : "%u", settings->hidden[i]);
  return g_string_free (s, FALSE);
}

/* The classes of @rows and, unless @X is NULL, a copy of their features. */
static void
gather (const EntrenaDataset *dataset,
        const guint          *rows,
        gsize                 n,
        float                *X,
        guint8               *y)
{
  gsize d = dataset->n_features;

  for (gsize i = 0; i < n; i++)
    {
      if (X != NULL)
        memcpy (X + i * d, dataset->X + (gsize) rows[i] * d, d * sizeof (float));
      y[i] = dataset->y[rows[i]];
    }
}

/* A part of the split held as a (standardized) copy, or read in place. */
static EntrenaMlpRows
rows_of_copy (const float *X)
{
  EntrenaMlpRows rows = { X, NULL, NULL };

  return rows;
}

/* A part of the split gathered from the dataset by the passes. */
static EntrenaMlpRows
rows_of_dataset (const EntrenaDataset *dataset,
                 const guint          *index)
{
  EntrenaMlpRows rows = { dataset->X, index, NULL };

  return rows;
}

/* A regression dataset's targets for @rows, or NULL for classification. */
static float *
gather_targets (const EntrenaDataset *dataset,
                const guint          *rows,
                gsize                 n)
{
  float *t;

  if (dataset->task != ENTRENA_TASK_REGRESSION)
    return NULL;
  t = g_aligned_alloc (MAX (n, 1), sizeof (float), 64);
  for (gsize i = 0; i < n; i++)
    t[i] = dataset->y_value[rows[i]];
  return t;
}

/* Room for @capacity epochs of history. */
static void
grow_history (EntrenaTraining *self,
              guint            capacity)
{
  if (capacity <= self->capacity)
    return;
  self->train_loss = g_renew (float, self->train_loss, capacity);
  self->test_loss = g_renew (float, self->test_loss, capacity);
  self->test_accuracy = g_renew (float, self->test_accuracy, capacity);
  self->train_accuracy = g_renew (float, self->train_accuracy, capacity);
  self->seconds = g_renew (double, self->seconds, capacity);
  if (self->n_val > 0)
    {
      self->val_loss = g_renew (float, self->val_loss, capacity);
      self->val_accuracy = g_renew (float, self->val_accuracy, capacity);
    }
  self->capacity = capacity;
}

/* Refuses a run whose weights, activations and rows would not fit in the
 * memory available, before allocating any of it. */
static gboolean
check_memory (const EntrenaDataset          *dataset,
              const EntrenaSplit            *split,
              const EntrenaTrainingSettings *settings,
              GError                       **error)
{
  guint64 needed = entrena_memory_estimate_training (split->n_train, split->n_test, dataset->n_features,
                                                     settings->hidden, settings->n_hidden,
                                                     dataset->n_classes, settings->batch_size);
  g_autofree char *needed_text = NULL;
  g_autofree char *available_text = NULL;
  g_autofree char *layers = NULL;

  if (entrena_memory_fits (needed, &needed_text, &available_text))
    return TRUE;

  layers = entrena_training_settings_format_layers (settings);
  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_NO_MEMORY,
               /* Translators: two amounts of memory such as "12.4 GB", then hidden layer sizes such as "64, 32" */
               _("Training this network needs about %s of memory, but only %s is available. Use fewer "
                 "or smaller hidden layers (now “%s”), or fewer rows or columns."),
               needed_text, available_text, layers);
  return FALSE;
}

/**
 * entrena_training_new:
 * @dataset: the data
 * @split: which rows train and which test
 * @settings: the settings
 * @initial: (nullable): weights to start from instead of the seeded ones;
 *   they must fit the dataset's features and classes and @settings's layers
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a run ready to start, or %NULL with @error set
 */
EntrenaTraining *
entrena_training_new (const EntrenaDataset     *dataset,
                      const EntrenaSplit       *split,
                      const EntrenaTrainingSettings *settings,
                      const EntrenaMlp         *initial,
                      GError                  **error)
{
  g_autoptr (EntrenaTraining) self = NULL;
  gboolean gathering;
  gsize batch;

  g_return_val_if_fail (dataset != NULL && split != NULL && settings != NULL, NULL);

  if (settings->epochs == 0 || settings->epochs > ENTRENA_MAX_EPOCHS)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("The number of epochs must be between 1 and 1000000."));
      return NULL;
    }
  if (!(settings->learning_rate > 0 && settings->learning_rate <= 10))
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("The learning rate must be above 0 and at most 10; the lesson uses 0.01."));
      return NULL;
    }
  if (!entrena_optimizer_check (settings->optimizer, settings->momentum, settings->nesterov,
                                settings->weight_decay, error))
    return NULL;
  if (split->n_train == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT, _("There are no rows to train on."));
      return NULL;
    }
  if (settings->patience > 0 && split->n_val == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("Early stopping needs a validation share: its patience counts epochs "
                     "without a lower validation loss."));
      return NULL;
    }

  if (!check_memory (dataset, split, settings, error))
    return NULL;

  self = g_new0 (EntrenaTraining, 1);
  self->settings = *settings;
  self->n_features = dataset->n_features;
  self->n_classes = dataset->n_classes;
  self->n_train = split->n_train;
  self->n_test = split->n_test;

  self->n_val = split->n_val;
  gathering = (self->n_train + self->n_test + self->n_val) * self->n_features * sizeof (float) > copy_limit;

  if (!gathering)
    {
      self->X_train = g_aligned_alloc (MAX (self->n_train, 1) * self->n_features, sizeof (float), 64);
      self->X_test = g_aligned_alloc (MAX (self->n_test, 1) * self->n_features, sizeof (float), 64);
      if (self->n_val > 0)
        self->X_val = g_aligned_alloc (self->n_val * self->n_features, sizeof (float), 64);
    }
  self->y_train = g_new (guint8, MAX (self->n_train, 1));
  self->y_test = g_new (guint8, MAX (self->n_test, 1));
  gather (dataset, split->train, self->n_train, self->X_train, self->y_train);
  gather (dataset, split->test, self->n_test, self->X_test, self->y_test);
  if (self->n_val > 0)
    {
      self->y_val = g_new (guint8, self->n_val);
      gather (dataset, split->val, self->n_val, self->X_val, self->y_val);
    }
  if (gathering)
    {
      self->train_rows = rows_of_dataset (dataset, split->train);
      self->test_rows = rows_of_dataset (dataset, split->test);
      self->val_rows = rows_of_dataset (dataset, split->val);
    }
  else
    {
      self->train_rows = rows_of_copy (self->X_train);
      self->test_rows = rows_of_copy (self->X_test);
      self->val_rows = rows_of_copy (self->X_val);
    }
  self->majority_class = entrena_majority_class (self->y_train, NULL, self->n_train, self->n_classes);

  self->task = dataset->task == ENTRENA_TASK_REGRESSION ? ENTRENA_TASK_REGRESSION : ENTRENA_TASK_CLASSIFICATION;
  self->t_train = gather_targets (dataset, split->train, self->n_train);
  self->t_test = gather_targets (dataset, split->test, self->n_test);
  self->t_val = self->n_val > 0 ? gather_targets (dataset, split->val, self->n_val) : NULL;
  if (self->t_train != NULL)
    {
      self->value_train = g_memdup2 (self->t_train, MAX (self->n_train, 1) * sizeof (float));
      self->value_test = g_memdup2 (self->t_test, MAX (self->n_test, 1) * sizeof (float));
    }
  if (self->t_train != NULL && settings->scale_target)
    {
      self->target_scaler = entrena_scaler_new_fit (self->t_train, 1, NULL, (guint) self->n_train);
      entrena_scaler_transform (self->target_scaler, self->t_train, (guint) self->n_train);
      entrena_scaler_transform (self->target_scaler, self->t_test, (guint) self->n_test);
      if (self->t_val != NULL)
        entrena_scaler_transform (self->target_scaler, self->t_val, (guint) self->n_val);
    }

  if (settings->standardize && gathering)
    {
      /* The same sums, in the same order, as over the copy below; the
       * passes standardize each gathered chunk. */
      self->scaler = entrena_scaler_new_fit (dataset->X, self->n_features, split->train, (guint) self->n_train);
      self->train_rows.scaler = self->scaler;
      self->test_rows.scaler = self->scaler;
      self->val_rows.scaler = self->scaler;
    }
  else if (settings->standardize)
    {
      self->scaler = entrena_scaler_new_fit (self->X_train, self->n_features, NULL, (guint) self->n_train);
      entrena_scaler_transform (self->scaler, self->X_train, (guint) self->n_train);
      entrena_scaler_transform (self->scaler, self->X_test, (guint) self->n_test);
      if (self->n_val > 0)
        entrena_scaler_transform (self->scaler, self->X_val, (guint) self->n_val);
    }

  self->mlp = entrena_mlp_new (self->n_features, settings->hidden, settings->n_hidden, self->n_classes);
  self->mlp->activation = settings->activation;
  if (initial != NULL)
    {
      if (!entrena_mlp_same_shape (initial, self->mlp))
        {
          g_autofree char *layers = entrena_training_settings_format_layers (settings);

          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                       _("The starting weights do not fit: this data needs a network with %u "
                         "inputs, hidden layers “%s” and %u classes."),
                       self->n_features, layers, self->n_classes);
          return NULL;
        }
      memcpy (self->mlp->params, initial->params, self->mlp->n_params * sizeof (float));
    }
  else
    entrena_mlp_init_torch (self->mlp, settings->seed);
  self->initial = entrena_mlp_copy (self->mlp);

  self->optimizer = entrena_optimizer_state_new (settings->optimizer, self->mlp->n_params,
                                                 settings->learning_rate, settings->momentum,
                                                 settings->nesterov, settings->weight_decay);
  self->grads = g_aligned_alloc0 (self->mlp->n_params, sizeof (float), 64);
  self->previous = g_aligned_alloc0 (self->mlp->n_params, sizeof (float), 64);

  batch = settings->batch_size > 0 && settings->batch_size < self->n_train ? settings->batch_size : 0;
  self->ws = entrena_mlp_workspace_new (self->mlp, MIN (CHUNK_ROWS, MAX (batch > 0 ? batch : self->n_train,
                                                                     MAX (MAX (self->n_test, self->n_val), 1))));
  if (batch > 0)
    {
      if (gathering)
        self->batch_index = g_new (guint, batch);
      else
        self->X_batch = g_aligned_alloc (batch * self->n_features, sizeof (float), 64);
      self->y_batch = g_new (guint8, batch);
      if (self->t_train != NULL)
        self->t_batch = g_aligned_alloc (batch, sizeof (float), 64);
      self->order = g_new (guint, self->n_train);
    }

  /* The mini-batch order is seeded too, so a run can be repeated. */
  entrena_mt19937_init (&self->rng, (guint32) settings->seed);
  entrena_early_stopping_init (&self->early, self->n_val > 0 ? settings->patience : 0, self->mlp->n_params);
  grow_history (self, settings->epochs);

  return g_steal_pointer (&self);
}

void
entrena_training_free (EntrenaTraining *self)
{
  if (self == NULL)
    return;
  g_aligned_free (self->X_train);
  g_free (self->y_train);
  g_aligned_free (self->X_test);
  g_free (self->y_test);
  g_aligned_free (self->X_val);
  g_free (self->y_val);
  g_free (self->val_loss);
  g_free (self->val_accuracy);
  entrena_early_stopping_clear (&self->early);
  g_clear_pointer (&self->scaler, entrena_scaler_free);
  g_clear_pointer (&self->target_scaler, entrena_scaler_free);
  g_aligned_free (self->t_train);
  g_aligned_free (self->t_test);
  g_aligned_free (self->t_val);
  g_aligned_free (self->t_batch);
  g_free (self->value_train);
  g_free (self->value_test);
  g_clear_pointer (&self->mlp, entrena_mlp_free);
  g_clear_pointer (&self->initial, entrena_mlp_free);
  g_clear_pointer (&self->optimizer, entrena_optimizer_state_free);
  g_aligned_free (self->grads);
  g_aligned_free (self->previous);
  g_clear_pointer (&self->ws, entrena_mlp_workspace_free);
  g_aligned_free (self->X_batch);
  g_free (self->y_batch);
  g_free (self->order);
  g_free (self->batch_index);
  g_free (self->train_loss);
  g_free (self->test_loss);
  g_free (self->test_accuracy);
  g_free (self->train_accuracy);
  g_free (self->seconds);
  g_clear_pointer (&self->snapshots, entrena_snapshots_free);
  g_free (self);
}

static void
step (EntrenaTraining *self)
{
  memcpy (self->previous, self->mlp->params, self->mlp->n_params * sizeof (float));
  entrena_optimizer_state_step (self->optimizer, self->mlp->params, self->grads);
}

/* One epoch of full-batch or mini-batch steps; returns the train loss as the
 * lesson records it (before the step), and the training rows those forward
 * passes got right. */
static double
run_epoch (EntrenaTraining *self,
           gsize           *correct)
{
  gsize batch = self->order != NULL ? self->settings.batch_size : 0;
  gsize d = self->n_features;
  double loss_sum = 0;

  *correct = 0;
  if (batch == 0)
    {
      double loss = entrena_mlp_loss_grad_rows (self->mlp, self->ws, &self->train_rows, self->y_train,
                                                self->t_train, self->n_train, self->grads, correct);

      if (isfinite (loss))
        step (self);
      return loss;
    }

  entrena_mt19937_numpy_permutation (&self->rng, self->order, (guint) self->n_train);
  for (gsize start = 0; start < self->n_train; start += batch)
    {
      gsize rows = MIN (batch, self->n_train - start);
      gsize batch_correct = 0;
      double loss;

      EntrenaMlpRows batch_rows = rows_of_copy (self->X_batch);

      for (gsize i = 0; i < rows; i++)
        {
          guint r = self->order[start + i];

          if (self->batch_index != NULL)
            self->batch_index[i] = self->train_rows.index[r];
          else
            memcpy (self->X_batch + i * d, self->X_train + (gsize) r * d, d * sizeof (float));
          self->y_batch[i] = self->y_train[r];
          if (self->t_batch != NULL)
            self->t_batch[i] = self->t_train[r];
        }
      if (self->batch_index != NULL)
        {
          batch_rows = self->train_rows;
          batch_rows.index = self->batch_index;
        }
      loss = entrena_mlp_loss_grad_rows (self->mlp, self->ws, &batch_rows, self->y_batch, self->t_batch, rows,
                                         self->grads, &batch_correct);
      loss_sum += loss * (double) rows;
      *correct += batch_correct;
      if (!isfinite (loss))
        return loss;
      step (self);
    }

  return loss_sum / (double) self->n_train;
}

static char *
format_loss (double loss)
{
  if (isnan (loss))
    return g_strdup (_("not a number"));
  if (isinf (loss))
    return g_strdup (_("infinite"));
  return g_strdup_printf ("%.4g", loss);
}

/* A regression epoch: the losses are mean squared errors and there is no
 * accuracy. */
static void
record_regression_epoch (EntrenaTraining *self,
                         guint            e,
                         double           train_loss,
                         double           seconds)
{
  self->train_loss[e] = (float) train_loss;
  self->test_loss[e] = self->n_test > 0
                         ? (float) entrena_mlp_evaluate_rows (self->mlp, self->ws, &self->test_rows, NULL,
                                                              self->t_test, self->n_test, NULL, NULL, NULL)
                         : NAN;
  self->test_accuracy[e] = NAN;
  self->train_accuracy[e] = NAN;
  self->seconds[e] = seconds;
  if (self->n_val > 0)
    {
      self->val_loss[e] = (float) entrena_mlp_evaluate_rows (self->mlp, self->ws, &self->val_rows, NULL,
                                                             self->t_val, self->n_val, NULL, NULL, NULL);
      self->val_accuracy[e] = NAN;
    }
  self->n_epochs = e + 1;
  if (self->snapshots != NULL)
    entrena_snapshots_add (self->snapshots, e + 1, self->mlp->params);
}

static void
record_epoch (EntrenaTraining *self,
              guint            e,
              double           train_loss,
              gsize            train_correct,
              double           seconds)
{
  double test_loss = NAN;
  gsize correct = 0;

  if (self->t_train != NULL)
    {
      record_regression_epoch (self, e, train_loss, seconds);
      return;
    }

  if (self->n_test > 0)
    test_loss = entrena_mlp_evaluate_rows (self->mlp, self->ws, &self->test_rows, self->y_test, NULL,
                                           self->n_test, &correct, NULL, NULL);

  self->train_loss[e] = (float) train_loss;
  self->test_loss[e] = (float) test_loss;
  self->test_accuracy[e] = self->n_test > 0 ? (float) correct / (float) self->n_test : NAN;
  self->train_accuracy[e] = (float) train_correct / (float) self->n_train;
  self->seconds[e] = seconds;
  if (self->n_val > 0)
    {
      correct = 0;
      self->val_loss[e] = (float) entrena_mlp_evaluate_rows (self->mlp, self->ws, &self->val_rows, self->y_val,
                                                             NULL, self->n_val, &correct, NULL, NULL);
      self->val_accuracy[e] = (float) correct / (float) self->n_val;
    }
  self->n_epochs = e + 1;
  if (self->snapshots != NULL)
    entrena_snapshots_add (self->snapshots, e + 1, self->mlp->params);
}

static gboolean
diverge (EntrenaTraining *self,
         guint            e,
         double           train_loss,
         GError         **error)
{
  g_autofree char *shown = format_loss (train_loss);

  /* Keep the weights from before the step that broke them. */
  if (e > 0)
    memcpy (self->mlp->params, self->previous, self->mlp->n_params * sizeof (float));
  self->stop_reason = ENTRENA_STOP_DIVERGED;
  entrena_convergence_analyze (self->train_loss, self->test_loss, self->n_epochs, &self->convergence);
  self->convergence.state = ENTRENA_CONVERGENCE_DIVERGED;
  self->convergence.suggested_epoch = 0;
  self->convergence.diverged_epoch = e + 1;
  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_DIVERGED,
               _("Training diverged at epoch %u: the loss became %s. Try a lower learning "
                 "rate (for example %g), or standardize the features."),
               e + 1, shown, self->settings.learning_rate / 10);
  return FALSE;
}

gboolean
entrena_training_run (EntrenaTraining   *self,
                      GCancellable      *cancellable,
                      EntrenaRunControl *control,
                      EntrenaEpochFunc   callback,
                      gpointer           user_data,
                      GError           **error)
{
  gint64 start = g_get_monotonic_time ();
  /* Time spent waiting for the person (paused, paced) is not training time. */
  gint64 waited = 0;
  double seconds_before = self->train_seconds;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->stop_reason != ENTRENA_STOP_DIVERGED, FALSE);

  self->stop_reason = ENTRENA_STOP_FINISHED;
  /* A run that stopped early goes on only through entrena_training_extend(). */
  if (self->early.stopped_epoch > 0)
    return TRUE;

  for (guint e = self->n_epochs; e < self->settings.epochs; e++)
    {
      EntrenaEpoch record;
      double train_loss;
      gsize train_correct;
      gboolean stopping;

      if (control != NULL)
        {
          gint64 before = g_get_monotonic_time ();
          gboolean go = entrena_run_control_wait (control, cancellable);

          waited += g_get_monotonic_time () - before;
          if (!go && !g_cancellable_is_cancelled (cancellable))
            {
              self->stop_reason = ENTRENA_STOP_STOPPED;
              break;
            }
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          self->stop_reason = ENTRENA_STOP_CANCELLED;
          ok = FALSE;
          break;
        }

      train_loss = run_epoch (self, &train_correct);

      if (entrena_convergence_is_divergent (e > 0 ? self->train_loss[0] : (float) train_loss, (float) train_loss))
        {
          self->train_seconds = seconds_before + (g_get_monotonic_time () - start - waited) / 1e6;
          return diverge (self, e, train_loss, error);
        }

      record_epoch (self, e, train_loss, train_correct,
                    seconds_before + (g_get_monotonic_time () - start - waited) / 1e6);

      record.epoch = e + 1;
      record.train_loss = self->train_loss[e];
      record.test_loss = self->test_loss[e];
      record.test_accuracy = self->test_accuracy[e];
      record.train_accuracy = self->train_accuracy[e];
      record.seconds = self->seconds[e];
      record.val_loss = self->n_val > 0 ? self->val_loss[e] : NAN;
      record.val_accuracy = self->n_val > 0 ? self->val_accuracy[e] : NAN;
      stopping = self->n_val > 0 &&
                 entrena_early_stopping_update (&self->early, e + 1, record.val_loss, self->mlp->params);
      if (callback != NULL)
        callback (&record, user_data);
      if (stopping)
        {
          entrena_early_stopping_restore (&self->early, self->mlp->params);
          break;
        }
    }

  self->train_seconds = seconds_before + (g_get_monotonic_time () - start - waited) / 1e6;
  if (ok)
    entrena_convergence_analyze (self->train_loss, self->n_test > 0 ? self->test_loss : NULL,
                                 self->n_epochs, &self->convergence);
  return ok;
}

gboolean
entrena_training_extend (EntrenaTraining *self,
                         guint            more,
                         GError         **error)
{
  g_return_val_if_fail (self != NULL && more > 0, FALSE);

  if (self->stop_reason == ENTRENA_STOP_DIVERGED)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("This run diverged, so it cannot go on: train again with a lower learning rate."));
      return FALSE;
    }
  if (more > ENTRENA_MAX_EPOCHS || self->n_epochs > ENTRENA_MAX_EPOCHS - more)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("A run can train at most %u epochs in all."), ENTRENA_MAX_EPOCHS);
      return FALSE;
    }

  self->settings.epochs = self->n_epochs + more;
  grow_history (self, self->settings.epochs);
  /* After an early stop, on from the weights at the stop, with patience
   * counted afresh. */
  entrena_early_stopping_resume (&self->early, self->mlp->params);
  return TRUE;
}

void
_entrena_training_set_state (EntrenaTraining            *self,
                             const EntrenaTrainingState *state)
{
  gsize n = self->mlp->n_params;
  guint e = state->n_epochs;

  g_return_if_fail (self->n_epochs == 0 && e >= 1 && e <= ENTRENA_MAX_EPOCHS);
  g_return_if_fail (self->snapshots == NULL);
  g_return_if_fail (self->n_val == 0 ||
                    (state->val_loss != NULL && state->val_accuracy != NULL && state->early != NULL));

  memcpy (self->mlp->params, state->params, n * sizeof (float));
  memcpy (self->previous, state->params, n * sizeof (float));
  memcpy (self->initial->params, state->initial, n * sizeof (float));
  memcpy (self->optimizer->m, state->optimizer_m, n * sizeof (float));
  memcpy (self->optimizer->v, state->optimizer_v, n * sizeof (float));
  self->optimizer->step = state->optimizer_step;
  self->rng = *state->rng;

  grow_history (self, e);
  memcpy (self->train_loss, state->train_loss, e * sizeof (float));
  memcpy (self->test_loss, state->test_loss, e * sizeof (float));
  memcpy (self->test_accuracy, state->test_accuracy, e * sizeof (float));
  memcpy (self->train_accuracy, state->train_accuracy, e * sizeof (float));
  memcpy (self->seconds, state->seconds, e * sizeof (double));
  if (self->n_val > 0)
    {
      const EntrenaEarlyStopping *early = state->early;
      float *best = self->early.best_params;

      memcpy (self->val_loss, state->val_loss, e * sizeof (float));
      memcpy (self->val_accuracy, state->val_accuracy, e * sizeof (float));
      self->early.best_loss = early->best_loss;
      self->early.best_epoch = early->best_epoch;
      self->early.wait = early->wait;
      self->early.stopped_epoch = early->stopped_epoch;
      if (best != NULL && early->best_params != NULL)
        memcpy (best, early->best_params, n * sizeof (float));
      if (early->stop_params != NULL)
        self->early.stop_params = g_memdup2 (early->stop_params, n * sizeof (float));
    }
  self->n_epochs = e;
  self->settings.epochs = e;
  self->train_seconds = state->train_seconds;
  self->stop_reason = ENTRENA_STOP_FINISHED;
  entrena_convergence_analyze (self->train_loss, self->n_test > 0 ? self->test_loss : NULL,
                               self->n_epochs, &self->convergence);
}

void
entrena_training_keep_snapshots (EntrenaTraining *self,
                                 gsize            budget_bytes)
{
  g_return_if_fail (self != NULL && self->snapshots == NULL && self->n_epochs == 0);

  self->snapshots = entrena_snapshots_new (self->mlp->n_params, budget_bytes);
  entrena_snapshots_add (self->snapshots, 0, self->initial->params);
}

EntrenaMetrics *
entrena_training_evaluate_at (EntrenaTraining *self,
                              guint            epoch,
                              gboolean         on_test,
                              guint           *weights_epoch)
{
  g_autoptr (EntrenaMlp) mlp = NULL;
  EntrenaMlpWorkspace *ws;
  gsize n = on_test ? self->n_test : self->n_train;
  const EntrenaMlpRows *rows = on_test ? &self->test_rows : &self->train_rows;
  const guint8 *y = on_test ? self->y_test : self->y_train;
  g_autofree guint8 *predicted = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->snapshots == NULL)
    return NULL;
  mlp = entrena_mlp_copy (self->mlp);
  if (!entrena_snapshots_lookup (self->snapshots, epoch, mlp->params, weights_epoch))
    return NULL;

  ws = entrena_mlp_workspace_new (mlp, MIN (CHUNK_ROWS, MAX (n, 1)));
  predicted = g_new (guint8, MAX (n, 1));
  entrena_mlp_evaluate_rows (mlp, ws, rows, y, NULL, n, NULL, predicted, NULL);
  entrena_mlp_workspace_free (ws);
  return entrena_metrics_new (predicted, y, n, self->n_classes, self->majority_class);
}

EntrenaMetrics *
entrena_training_evaluate (EntrenaTraining *self,
                           gboolean         on_test)
{
  gsize n = on_test ? self->n_test : self->n_train;
  const EntrenaMlpRows *rows = on_test ? &self->test_rows : &self->train_rows;
  const guint8 *y = on_test ? self->y_test : self->y_train;
  g_autofree guint8 *predicted = g_new (guint8, MAX (n, 1));

  entrena_mlp_evaluate_rows (self->mlp, self->ws, rows, y, NULL, n, NULL, predicted, NULL);
  return entrena_metrics_new (predicted, y, n, self->n_classes, self->majority_class);
}

/* The numbers of @mlp for the test or training rows, in the target's units. */
static void
predict_values_with (EntrenaTraining     *self,
                     const EntrenaMlp    *mlp,
                     EntrenaMlpWorkspace *ws,
                     gboolean             on_test,
                     double              *predicted,
                     double              *actual)
{
  gsize n = on_test ? self->n_test : self->n_train;
  const EntrenaMlpRows *rows = on_test ? &self->test_rows : &self->train_rows;
  const float *t = on_test ? self->t_test : self->t_train;
  const float *value = on_test ? self->value_test : self->value_train;
  g_autofree float *values = g_new (float, MAX (n, 1));
  double mean = self->target_scaler != NULL ? self->target_scaler->mean[0] : 0;
  double scale = self->target_scaler != NULL && self->target_scaler->scale[0] > 0
                   ? self->target_scaler->scale[0] : 1;

  entrena_mlp_evaluate_rows (mlp, ws, rows, NULL, t, n, NULL, NULL, values);
  for (gsize i = 0; i < n; i++)
    {
      predicted[i] = self->target_scaler != NULL ? values[i] * scale + mean : values[i];
      if (actual != NULL)
        actual[i] = value[i];
    }
}

void
entrena_training_predict_values (EntrenaTraining *self,
                                 gboolean         on_test,
                                 double          *predicted,
                                 double          *actual)
{
  g_return_if_fail (self != NULL && self->t_train != NULL);

  predict_values_with (self, self->mlp, self->ws, on_test, predicted, actual);
}

gboolean
entrena_training_predict_values_at (EntrenaTraining *self,
                                    guint            epoch,
                                    gboolean         on_test,
                                    double          *predicted,
                                    double          *actual,
                                    guint           *weights_epoch)
{
  g_autoptr (EntrenaMlp) mlp = NULL;
  EntrenaMlpWorkspace *ws;
  gsize n = on_test ? self->n_test : self->n_train;

  g_return_val_if_fail (self != NULL && self->t_train != NULL, FALSE);

  if (self->snapshots == NULL)
    return FALSE;
  mlp = entrena_mlp_copy (self->mlp);
  if (!entrena_snapshots_lookup (self->snapshots, epoch, mlp->params, weights_epoch))
    return FALSE;

  ws = entrena_mlp_workspace_new (mlp, MIN (CHUNK_ROWS, MAX (n, 1)));
  predict_values_with (self, mlp, ws, on_test, predicted, actual);
  entrena_mlp_workspace_free (ws);
  return TRUE;
}

float *
entrena_training_copy_rows (const EntrenaTraining *self,
                            gboolean               on_test)
{
  const EntrenaMlpRows *rows = on_test ? &self->test_rows : &self->train_rows;
  gsize n = on_test ? self->n_test : self->n_train;
  gsize d = self->n_features;
  float *X = g_new (float, MAX (n * d, 1));

  for (gsize i = 0; i < n; i++)
    memcpy (X + i * d, rows->X + (gsize) (rows->index != NULL ? rows->index[i] : i) * d, d * sizeof (float));
  if (rows->index != NULL && rows->scaler != NULL)
    entrena_scaler_transform (rows->scaler, X, (guint) n);
  return X;
}
