/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-training"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-mt19937.h"
#include "entrena-training.h"

/* Rows per forward/backward chunk: small enough to stay in cache, large
 * enough for the matrix kernels to run at speed. */
#define CHUNK_ROWS 4096

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
      memcpy (X + i * d, dataset->X + (gsize) rows[i] * d, d * sizeof (float));
      y[i] = dataset->y[rows[i]];
    }
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
  gsize batch;

  g_return_val_if_fail (dataset != NULL && split != NULL && settings != NULL, NULL);

  if (settings->epochs == 0 || settings->epochs > 1000000)
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
  if (split->n_train == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_SPLIT, _("There are no rows to train on."));
      return NULL;
    }

  self = g_new0 (EntrenaTraining, 1);
  self->settings = *settings;
  self->n_features = dataset->n_features;
  self->n_classes = dataset->n_classes;
  self->n_train = split->n_train;
  self->n_test = split->n_test;

  self->X_train = g_aligned_alloc (MAX (self->n_train, 1) * self->n_features, sizeof (float), 64);
  self->y_train = g_new (guint8, MAX (self->n_train, 1));
  self->X_test = g_aligned_alloc (MAX (self->n_test, 1) * self->n_features, sizeof (float), 64);
  self->y_test = g_new (guint8, MAX (self->n_test, 1));
  gather (dataset, split->train, self->n_train, self->X_train, self->y_train);
  gather (dataset, split->test, self->n_test, self->X_test, self->y_test);
  self->majority_class = entrena_majority_class (self->y_train, NULL, self->n_train, self->n_classes);

  if (settings->standardize)
    {
      self->scaler = entrena_scaler_new_fit (self->X_train, self->n_features, NULL, (guint) self->n_train);
      entrena_scaler_transform (self->scaler, self->X_train, (guint) self->n_train);
      entrena_scaler_transform (self->scaler, self->X_test, (guint) self->n_test);
    }

  self->mlp = entrena_mlp_new (self->n_features, settings->hidden, settings->n_hidden, self->n_classes);
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

  self->adam = entrena_adam_new (self->mlp->n_params, settings->learning_rate);
  self->grads = g_aligned_alloc0 (self->mlp->n_params, sizeof (float), 64);
  self->previous = g_aligned_alloc0 (self->mlp->n_params, sizeof (float), 64);

  batch = settings->batch_size > 0 && settings->batch_size < self->n_train ? settings->batch_size : 0;
  self->ws = entrena_mlp_workspace_new (self->mlp, MIN (CHUNK_ROWS, MAX (batch > 0 ? batch : self->n_train, MAX (self->n_test, 1))));
  if (batch > 0)
    {
      self->X_batch = g_aligned_alloc (batch * self->n_features, sizeof (float), 64);
      self->y_batch = g_new (guint8, batch);
      self->order = g_new (guint, self->n_train);
    }

  self->train_loss = g_new0 (float, settings->epochs);
  self->test_loss = g_new0 (float, settings->epochs);
  self->test_accuracy = g_new0 (float, settings->epochs);
  self->seconds = g_new0 (double, settings->epochs);

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
  g_clear_pointer (&self->scaler, entrena_scaler_free);
  g_clear_pointer (&self->mlp, entrena_mlp_free);
  g_clear_pointer (&self->initial, entrena_mlp_free);
  g_clear_pointer (&self->adam, entrena_adam_free);
  g_aligned_free (self->grads);
  g_aligned_free (self->previous);
  g_clear_pointer (&self->ws, entrena_mlp_workspace_free);
  g_aligned_free (self->X_batch);
  g_free (self->y_batch);
  g_free (self->order);
  g_free (self->train_loss);
  g_free (self->test_loss);
  g_free (self->test_accuracy);
  g_free (self->seconds);
  g_free (self);
}

static void
step (EntrenaTraining *self)
{
  memcpy (self->previous, self->mlp->params, self->mlp->n_params * sizeof (float));
  entrena_adam_step (self->adam, self->mlp->params, self->grads);
}

/* One epoch of full-batch or mini-batch steps; returns the train loss as the
 * lesson records it (before the step). */
static double
run_epoch (EntrenaTraining *self,
           EntrenaMt19937  *rng)
{
  gsize batch = self->X_batch != NULL ? self->settings.batch_size : 0;
  gsize d = self->n_features;
  double loss_sum = 0;

  if (batch == 0)
    {
      double loss = entrena_mlp_loss_grad (self->mlp, self->ws, self->X_train, self->y_train,
                                           self->n_train, self->grads, NULL);

      if (isfinite (loss))
        step (self);
      return loss;
    }

  entrena_mt19937_numpy_permutation (rng, self->order, (guint) self->n_train);
  for (gsize start = 0; start < self->n_train; start += batch)
    {
      gsize rows = MIN (batch, self->n_train - start);
      double loss;

      for (gsize i = 0; i < rows; i++)
        {
          guint r = self->order[start + i];

          memcpy (self->X_batch + i * d, self->X_train + (gsize) r * d, d * sizeof (float));
          self->y_batch[i] = self->y_train[r];
        }
      loss = entrena_mlp_loss_grad (self->mlp, self->ws, self->X_batch, self->y_batch, rows, self->grads, NULL);
      loss_sum += loss * (double) rows;
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

gboolean
entrena_training_run (EntrenaTraining  *self,
                      GCancellable     *cancellable,
                      const gint       *stop,
                      EntrenaEpochFunc  callback,
                      gpointer          user_data,
                      GError          **error)
{
  EntrenaMt19937 rng;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (self != NULL, FALSE);

  /* The mini-batch order is seeded too, so a run can be repeated. */
  entrena_mt19937_init (&rng, (guint32) self->settings.seed);
  self->n_epochs = 0;
  self->stop_reason = ENTRENA_STOP_FINISHED;

  for (guint e = 0; e < self->settings.epochs; e++)
    {
      EntrenaEpoch record;
      double train_loss;
      double test_loss = NAN;
      gsize correct = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          self->stop_reason = ENTRENA_STOP_CANCELLED;
          self->train_seconds = (g_get_monotonic_time () - start) / 1e6;
          return FALSE;
        }

      train_loss = run_epoch (self, &rng);

      if (entrena_convergence_is_divergent (e > 0 ? self->train_loss[0] : (float) train_loss, (float) train_loss))
        {
          g_autofree char *shown = format_loss (train_loss);

          /* Keep the weights from before the step that broke them. */
          if (e > 0)
            memcpy (self->mlp->params, self->previous, self->mlp->n_params * sizeof (float));
          self->stop_reason = ENTRENA_STOP_DIVERGED;
          self->train_seconds = (g_get_monotonic_time () - start) / 1e6;
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

      if (self->n_test > 0)
        test_loss = entrena_mlp_evaluate (self->mlp, self->ws, self->X_test, self->y_test,
                                          self->n_test, &correct, NULL);

      self->train_loss[e] = (float) train_loss;
      self->test_loss[e] = (float) test_loss;
      self->test_accuracy[e] = self->n_test > 0 ? (float) correct / (float) self->n_test : NAN;
      self->seconds[e] = (g_get_monotonic_time () - start) / 1e6;
      self->n_epochs = e + 1;

      record.epoch = e + 1;
      record.train_loss = self->train_loss[e];
      record.test_loss = self->test_loss[e];
      record.test_accuracy = self->test_accuracy[e];
      record.seconds = self->seconds[e];
      if (callback != NULL)
        callback (&record, user_data);

      if (stop != NULL && g_atomic_int_get (stop) && e + 1 < self->settings.epochs)
        {
          self->stop_reason = ENTRENA_STOP_STOPPED;
          break;
        }
    }

  self->train_seconds = (g_get_monotonic_time () - start) / 1e6;
  entrena_convergence_analyze (self->train_loss, self->n_test > 0 ? self->test_loss : NULL,
                               self->n_epochs, &self->convergence);
  return TRUE;
}

EntrenaMetrics *
entrena_training_evaluate (EntrenaTraining *self,
                           gboolean         on_test)
{
  gsize n = on_test ? self->n_test : self->n_train;
  const float *X = on_test ? self->X_test : self->X_train;
  const guint8 *y = on_test ? self->y_test : self->y_train;
  g_autofree guint8 *predicted = g_new (guint8, MAX (n, 1));

  entrena_mlp_evaluate (self->mlp, self->ws, X, y, n, NULL, predicted);
  return entrena_metrics_new (predicted, y, n, self->n_classes, self->majority_class);
}
