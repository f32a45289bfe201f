/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-runs"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-convergence.h"
#include "entrena-format.h"
#include "entrena-run-record.h"
#include "entrena-task.h"

struct _EntrenaRunRecord
{
  GObject        parent_instance;

  GVariant      *settings;
  guint          run_id;        /* which run this is, numbered by the window */
  char          *label;
  GArray        *curves[4];     /* float: train loss, test loss, train accuracy, test accuracy */
  float          test_loss;
  float          test_accuracy;
  double         test_rmse;     /* a regression's, NaN for classes */
  guint          suggested_epoch;
  guint          color_index;
  gboolean       shown;
  gboolean       pinned;
  gboolean       from_lesson;   /* saved with a lesson, not trained here */
};

G_DEFINE_FINAL_TYPE (EntrenaRunRecord, entrena_run_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_SHOWN,
  PROP_PINNED,
  PROP_SUMMARY,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static guint
curve_slot (EntrenaChartKind  kind,
            EntrenaChartCurve curve)
{
  return (kind == ENTRENA_CHART_ACCURACY ? 2 : 0) + (curve == ENTRENA_CHART_CURVE_TEST ? 1 : 0);
}

/* Takes the four curves, @n epochs long (a %NULL curve stays empty). */
static void
set_curves (EntrenaRunRecord   *self,
            const float * const sources[4],
            guint               n)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->curves); i++)
    {
      g_array_set_size (self->curves[i], 0);
      if (sources[i] != NULL && n > 0)
        g_array_append_vals (self->curves[i], sources[i], n);
    }
}

void
entrena_run_record_update (EntrenaRunRecord       *self,
                           const EntrenaRunResult *result)
{
  const EntrenaTraining *training = result->training;
  const float * const sources[4] = { training->train_loss, training->test_loss, training->train_accuracy,
                                     training->test_accuracy };
  guint n = training->n_epochs;

  g_return_if_fail (ENTRENA_IS_RUN_RECORD (self));

  set_curves (self, sources, n);
  self->test_loss = n > 0 && training->n_test > 0 ? training->test_loss[n - 1] : NAN;
  self->test_accuracy = n > 0 && training->n_test > 0 ? training->test_accuracy[n - 1] : NAN;
  self->test_rmse = result->test_regression != NULL ? result->test_regression->rmse : NAN;
  self->suggested_epoch = training->convergence.state == ENTRENA_CONVERGENCE_CONVERGED ?
                          training->convergence.suggested_epoch : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

EntrenaRunRecord *
entrena_run_record_new (GVariant               *settings,
                        guint                   run_id,
                        const EntrenaRunResult *result,
                        const char             *label,
                        guint                   color_index)
{
  EntrenaRunRecord *self;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (ENTRENA_TYPE_RUN_RECORD, NULL);
  self->settings = g_variant_ref_sink (settings);
  self->label = g_strdup (label);
  self->color_index = color_index;
  self->run_id = run_id;
  entrena_run_record_update (self, result);

  return self;
}

/**
 * entrena_run_record_new_saved:
 * @settings: the run's settings (taken when floating)
 * @label: its name
 * @n_epochs: how many epochs its history has, at least 1
 * @curves: train loss, test loss, train accuracy and test accuracy, each
 *   @n_epochs long (NaN where there was no value)
 * @color_index: its colour on the chart
 *
 * A run known by its history alone, as a lesson keeps it: its final figures
 * are the history's last, its suggested epoch what the history's curves say
 * (entrena_convergence_analyze()). A regression run has no accuracy.
 *
 * Returns: (transfer full): a record that says it came with the lesson
 */
EntrenaRunRecord *
entrena_run_record_new_saved (GVariant           *settings,
                              const char         *label,
                              guint               n_epochs,
                              const float * const curves[4],
                              guint               color_index)
{
  EntrenaRunRecord *self;
  EntrenaConvergence convergence;
  EntrenaTask task = ENTRENA_TASK_CLASSIFICATION;
  const char *task_name = NULL;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (n_epochs > 0, NULL);

  self = g_object_new (ENTRENA_TYPE_RUN_RECORD, NULL);
  self->settings = g_variant_ref_sink (settings);
  self->label = g_strdup (label);
  self->color_index = color_index;
  self->from_lesson = TRUE;
  set_curves (self, curves, n_epochs);

  if (g_variant_lookup (self->settings, "task", "&s", &task_name))
    entrena_task_from_string (task_name, &task);
  self->test_loss = curves[1] != NULL ? curves[1][n_epochs - 1] : NAN;
  self->test_accuracy = curves[3] != NULL && task != ENTRENA_TASK_REGRESSION ? curves[3][n_epochs - 1] : NAN;
  entrena_convergence_analyze (curves[0], curves[1], n_epochs, &convergence);
  self->suggested_epoch = convergence.state == ENTRENA_CONVERGENCE_CONVERGED ? convergence.suggested_epoch : 0;

  return self;
}

/* Whether the run came with the lesson rather than being trained here. */
gboolean
entrena_run_record_get_from_lesson (EntrenaRunRecord *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), FALSE);

  return self->from_lesson;
}

gboolean
entrena_run_record_is_run (EntrenaRunRecord *self,
                           guint             run_id)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), FALSE);

  return run_id != 0 && self->run_id == run_id;
}

GVariant *
entrena_run_record_get_settings (EntrenaRunRecord *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), NULL);

  return self->settings;
}

const char *
entrena_run_record_get_label (EntrenaRunRecord *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), NULL);

  return self->label;
}

void
entrena_run_record_set_label (EntrenaRunRecord *self,
                              const char       *label)
{
  g_return_if_fail (ENTRENA_IS_RUN_RECORD (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

gboolean
entrena_run_record_get_shown (EntrenaRunRecord *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), FALSE);

  return self->shown;
}

void
entrena_run_record_set_shown (EntrenaRunRecord *self,
                              gboolean          shown)
{
  g_return_if_fail (ENTRENA_IS_RUN_RECORD (self));

  shown = !!shown;
  if (self->shown == shown)
    return;
  self->shown = shown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

gboolean
entrena_run_record_get_pinned (EntrenaRunRecord *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), FALSE);

  return self->pinned;
}

void
entrena_run_record_set_pinned (EntrenaRunRecord *self,
                               gboolean          pinned)
{
  g_return_if_fail (ENTRENA_IS_RUN_RECORD (self));

  pinned = !!pinned;
  if (self->pinned == pinned)
    return;
  self->pinned = pinned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

guint
entrena_run_record_get_color_index (EntrenaRunRecord *self)
{
  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), 0);

  return self->color_index;
}

const float *
entrena_run_record_get_curve (EntrenaRunRecord  *self,
                              EntrenaChartKind   kind,
                              EntrenaChartCurve  curve,
                              guint             *n_epochs)
{
  GArray *values;

  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), NULL);

  values = self->curves[curve_slot (kind, curve)];
  if (n_epochs != NULL)
    *n_epochs = values->len;

  return values->len > 0 ? (const float *) values->data : NULL;
}

char *
entrena_run_record_dup_summary (EntrenaRunRecord *self)
{
  g_autofree char *loss = NULL;
  g_autofree char *accuracy = NULL;

  g_return_val_if_fail (ENTRENA_IS_RUN_RECORD (self), NULL);

  loss = isfinite (self->test_loss) ? g_strdup_printf ("%.3g", self->test_loss) : g_strdup ("—");
  accuracy = entrena_format_percent (self->test_accuracy);
  if (isfinite (self->test_rmse))
    {
      g_autofree char *rmse = g_strdup_printf ("%.4g", self->test_rmse);

      if (self->suggested_epoch > 0)
        /* Translators: under a regression run in the Runs list: its final
         * test loss, test RMSE and the epoch after which it gained little. */
        return g_strdup_printf (_("test loss %s · RMSE %s · suggested epoch %u"), loss, rmse,
                                self->suggested_epoch);
      /* Translators: under a regression run in the Runs list that had not converged. */
      return g_strdup_printf (_("test loss %s · RMSE %s · still improving"), loss, rmse);
    }
  if (self->suggested_epoch > 0)
    /* Translators: under a run in the Runs list: its final test loss, test
     * accuracy and the epoch after which it gained little. */
    return g_strdup_printf (_("test loss %s · accuracy %s · suggested epoch %u"), loss, accuracy,
                            self->suggested_epoch);
  /* Translators: under a run in the Runs list that had not converged. */
  return g_strdup_printf (_("test loss %s · accuracy %s · still improving"), loss, accuracy);
}

static void
entrena_run_record_finalize (GObject *object)
{
  EntrenaRunRecord *self = ENTRENA_RUN_RECORD (object);

  g_clear_pointer (&self->settings, g_variant_unref);
  g_clear_pointer (&self->label, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->curves); i++)
    g_clear_pointer (&self->curves[i], g_array_unref);

  G_OBJECT_CLASS (entrena_run_record_parent_class)->finalize (object);
}

static void
entrena_run_record_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EntrenaRunRecord *self = ENTRENA_RUN_RECORD (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_SHOWN:
      g_value_set_boolean (value, self->shown);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_SUMMARY:
      g_value_take_string (value, entrena_run_record_dup_summary (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_run_record_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EntrenaRunRecord *self = ENTRENA_RUN_RECORD (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      entrena_run_record_set_label (self, g_value_get_string (value));
      break;
    case PROP_SHOWN:
      entrena_run_record_set_shown (self, g_value_get_boolean (value));
      break;
    case PROP_PINNED:
      entrena_run_record_set_pinned (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
entrena_run_record_class_init (EntrenaRunRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = entrena_run_record_finalize;
  object_class->get_property = entrena_run_record_get_property;
  object_class->set_property = entrena_run_record_set_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the run reached, in a line: notified when Train More takes it further. */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
entrena_run_record_init (EntrenaRunRecord *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->curves); i++)
    self->curves[i] = g_array_new (FALSE, FALSE, sizeof (float));
  /* A run known by its history alone (a lesson's) has no RMSE in the
   * target's units: its scaled loss does not give it. */
  self->test_rmse = NAN;
}
