/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Big runs gather their rows from the dataset chunk by chunk instead of
 * copying them: forced here on a small table, every number of a whole run
 * (histories, weights, per-epoch metrics and predictions, train more) must
 * be the copying run's, bit for bit.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "entrena-csv.h"
#include "entrena-run.h"
#include "entrena-training.h"

#define ROWS 2600

/* A table of @ROWS rows, five features (one constant) and either a class
 * or a number to predict. */
static EntrenaTable *
make_table (gboolean regression)
{
  g_autoptr (GString) csv = g_string_new ("a,b,c,d,e,target\n");
  g_autoptr (GError) error = NULL;
  EntrenaTable *table;

  for (guint i = 0; i < ROWS; i++)
    {
      double a = sin (i * 0.37) * 3 + 10;
      double b = cos (i * 1.13) * 0.5;
      double c = (double) ((i * 7919) % 101) / 7.0;
      double d = fmod (i * 0.618, 5.0) - 2.5;

      if (regression)
        g_string_append_printf (csv, "%.4f,%.4f,%.4f,%.4f,4,%.4f\n", a, b, c, d, a * 0.3 - b * c + d * d / 3);
      else
        g_string_append_printf (csv, "%.4f,%.4f,%.4f,%.4f,4,k%u\n", a, b, c, d,
                                (guint) (a + 2 * b + c) % 3);
    }
  table = entrena_csv_read_data (csv->str, csv->len, "gather.csv", NULL, &error);
  g_assert_no_error (error);
  return table;
}

typedef struct
{
  GArray *epochs;   /* EntrenaEpoch */
} Record;

static void
record_epoch (const EntrenaEpoch *epoch,
              gpointer            user_data)
{
  Record *record = user_data;
  EntrenaEpoch kept = *epoch;

  /* Everything but the time it took. */
  kept.seconds = 0;
  g_array_append_vals (record->epochs, &kept, 1);
}

static EntrenaRunResult *
run (EntrenaTable             *table,
     const EntrenaRunSettings *settings,
     gboolean                  gather,
     Record                   *record)
{
  g_autoptr (GError) error = NULL;
  EntrenaRunResult *result;
  EntrenaTraining *t;

  _entrena_training_set_copy_limit (gather ? 0 : G_MAXSIZE);
  result = entrena_run_start (table, settings, NULL, &error);
  _entrena_training_set_copy_limit ((gsize) 64 << 20);
  g_assert_no_error (error);
  t = result->training;
  g_assert_true ((t->X_train == NULL) == gather);
  g_assert_true ((t->train_rows.index != NULL) == gather);

  entrena_training_keep_snapshots (t, 64 << 20);
  record->epochs = g_array_new (FALSE, FALSE, sizeof (EntrenaEpoch));
  g_assert_true (entrena_training_run (t, NULL, NULL, record_epoch, record, &error));
  g_assert_no_error (error);
  /* Train more. */
  if (t->early.stopped_epoch == 0)
    {
      g_assert_true (entrena_training_extend (t, 3, &error));
      g_assert_true (entrena_training_run (t, NULL, NULL, record_epoch, record, &error));
      g_assert_no_error (error);
    }
  return result;
}

static void
assert_same_floats (const float *a,
                    const float *b,
                    gsize        n)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a != NULL)
    g_assert_cmpmem (a, n * sizeof (float), b, n * sizeof (float));
}

static void
assert_same_metrics (EntrenaMetrics *a,
                     EntrenaMetrics *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpmem (a->confusion, (gsize) a->n_classes * a->n_classes * sizeof (guint64),
                   b->confusion, (gsize) b->n_classes * b->n_classes * sizeof (guint64));
  g_assert_cmpmem (&a->accuracy, sizeof (double), &b->accuracy, sizeof (double));
  entrena_metrics_free (a);
  entrena_metrics_free (b);
}

static void
assert_same_values (EntrenaTraining *a,
                    EntrenaTraining *b,
                    guint            epoch,
                    gboolean         on_test)
{
  gsize n = on_test ? a->n_test : a->n_train;
  g_autofree double *pa = g_new (double, n);
  g_autofree double *pb = g_new (double, n);
  g_autofree double *va = g_new (double, n);
  g_autofree double *vb = g_new (double, n);
  guint ea, eb;

  g_assert_true (entrena_training_predict_values_at (a, epoch, on_test, pa, va, &ea));
  g_assert_true (entrena_training_predict_values_at (b, epoch, on_test, pb, vb, &eb));
  g_assert_cmpuint (ea, ==, eb);
  g_assert_cmpmem (pa, n * sizeof (double), pb, n * sizeof (double));
  g_assert_cmpmem (va, n * sizeof (double), vb, n * sizeof (double));
}

static void
compare (gconstpointer data)
{
  const char *name = data;
  gboolean regression = g_str_has_prefix (name, "regression");
  g_autoptr (EntrenaTable) table = make_table (regression);
  g_autoptr (EntrenaRunResult) copied = NULL;
  g_autoptr (EntrenaRunResult) gathered = NULL;
  EntrenaRunSettings settings;
  Record rc, rg;
  EntrenaTraining *a, *b;
  gsize n_params;

  entrena_run_settings_init (&settings);
  settings.data.target = "target";
  if (regression)
    settings.data.task = ENTRENA_TASK_REGRESSION;
  settings.training.epochs = 12;
  settings.training.hidden[0] = 16;
  settings.training.hidden[1] = 8;
  settings.training.standardize = strstr (name, "standardized") != NULL;
  settings.training.scale_target = strstr (name, "scaled") != NULL;
  if (strstr (name, "mini-batch") != NULL)
    settings.training.batch_size = 700;
  if (strstr (name, "validation") != NULL)
    {
      settings.training.val_size = 0.25;
      settings.training.patience = 2;
      settings.training.epochs = 60;
    }

  copied = run (table, &settings, FALSE, &rc);
  gathered = run (table, &settings, TRUE, &rg);
  a = copied->training;
  b = gathered->training;

  g_assert_cmpuint (rc.epochs->len, ==, rg.epochs->len);
  g_assert_cmpmem (rc.epochs->data, rc.epochs->len * sizeof (EntrenaEpoch),
                   rg.epochs->data, rg.epochs->len * sizeof (EntrenaEpoch));
  g_array_unref (rc.epochs);
  g_array_unref (rg.epochs);

  g_assert_cmpuint (a->n_epochs, ==, b->n_epochs);
  g_assert_cmpuint (a->early.stopped_epoch, ==, b->early.stopped_epoch);
  assert_same_floats (a->train_loss, b->train_loss, a->n_epochs);
  assert_same_floats (a->test_loss, b->test_loss, a->n_epochs);
  assert_same_floats (a->test_accuracy, b->test_accuracy, a->n_epochs);
  assert_same_floats (a->train_accuracy, b->train_accuracy, a->n_epochs);
  assert_same_floats (a->val_loss, b->val_loss, a->n_epochs);
  assert_same_floats (a->val_accuracy, b->val_accuracy, a->n_epochs);
  n_params = a->mlp->n_params;
  assert_same_floats (a->mlp->params, b->mlp->params, n_params);
  if (a->scaler != NULL)
    {
      g_assert_cmpmem (a->scaler->mean, a->n_features * sizeof (double), b->scaler->mean,
                       b->n_features * sizeof (double));
      g_assert_cmpmem (a->scaler->scale, a->n_features * sizeof (double), b->scaler->scale,
                       b->n_features * sizeof (double));
    }
  else
    g_assert_null (b->scaler);

  /* The rows as the network takes them. */
  for (int on_test = 0; on_test <= 1; on_test++)
    {
      gsize n = on_test ? a->n_test : a->n_train;
      g_autofree float *xa = entrena_training_copy_rows (a, on_test);
      g_autofree float *xb = entrena_training_copy_rows (b, on_test);

      g_assert_cmpmem (xa, n * a->n_features * sizeof (float), xb, n * b->n_features * sizeof (float));
    }

  /* Every epoch's predictions, metrics and confusion matrices. */
  for (guint e = 0; e <= a->n_epochs; e++)
    for (int on_test = 0; on_test <= 1; on_test++)
      {
        if (regression)
          assert_same_values (a, b, e, on_test);
        else
          assert_same_metrics (entrena_training_evaluate_at (a, e, on_test, NULL),
                               entrena_training_evaluate_at (b, e, on_test, NULL));
      }
  if (!regression)
    for (int on_test = 0; on_test <= 1; on_test++)
      assert_same_metrics (entrena_training_evaluate (a, on_test), entrena_training_evaluate (b, on_test));
}

int
main (int    argc,
      char **argv)
{
  const char * const cases[] = {
    "classification", "classification-standardized", "classification-standardized-mini-batch",
    "classification-standardized-validation", "classification-mini-batch-validation",
    "regression", "regression-standardized-scaled", "regression-standardized-scaled-mini-batch-validation",
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/entrena/training-gather/", cases[i], NULL);

      g_test_add_data_func (path, cases[i], compare);
    }
  return g_test_run ();
}
