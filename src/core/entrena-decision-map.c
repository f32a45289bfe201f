/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-decision-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-decision-map.h"
#include "entrena-error.h"
#include "entrena-format.h"
#include "entrena-mlp-pass.h"
#include "entrena-number.h"

/*
 * A decision map: the class a network gives each point of a plane of two of
 * its inputs. The plane (EntrenaMapPlane) is the data's part: its extent,
 * the values the other inputs are held at, a sample of the rows to draw over
 * it. The map (EntrenaDecisionMap) is the network's part: a grid of cells,
 * each predicted through the same forward pass as training, after the same
 * standardization, so a cell's class is the network's answer for its centre.
 */

/* Rows of the grid run through the network at a time. */
#define CHUNK_ROWS 4096
/* The most rows drawn over the plane: enough to see the data's shape,
 * few enough to draw in a frame. */
#define MAX_TRAIN_POINTS 2000
#define MAX_TEST_POINTS  1000
/* The plane reaches this share of the data's range past it on each side. */
#define MARGIN 0.05

static gboolean
is_numeric (const EntrenaDataset *dataset,
            guint                 feature)
{
  return dataset->sources[feature].category < 0;
}

gboolean
entrena_map_plane_possible (const EntrenaDataset *dataset)
{
  g_autoptr (GArray) axes = NULL;

  g_return_val_if_fail (dataset != NULL, FALSE);

  axes = entrena_map_plane_list_axes (dataset);
  return axes->len >= 2;
}

GArray *
entrena_map_plane_list_axes (const EntrenaDataset *dataset)
{
  GArray *axes = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (dataset != NULL, axes);

  for (guint j = 0; j < dataset->n_features; j++)
    if (is_numeric (dataset, j))
      g_array_append_val (axes, j);

  return axes;
}

void
entrena_map_plane_default_axes (const EntrenaDataset *dataset,
                                const EntrenaMlp     *mlp,
                                guint                *x_feature,
                                guint                *y_feature)
{
  g_autoptr (GArray) axes = entrena_map_plane_list_axes (dataset);
  double best[2] = { -1, -1 };
  guint pick[2] = { 0, 1 };

  g_return_if_fail (mlp == NULL || mlp->sizes[0] == dataset->n_features);

  for (guint a = 0; a < axes->len; a++)
    {
      guint j = g_array_index (axes, guint, a);
      double norm = 0;

      /* Without weights, the first two inputs. */
      if (mlp != NULL)
        {
          const float *W = mlp->params + mlp->weight_offset[0];

          for (guint o = 0; o < mlp->sizes[1]; o++)
            norm += (double) W[(gsize) o * mlp->sizes[0] + j] * W[(gsize) o * mlp->sizes[0] + j];
        }
      else
        norm = axes->len - a;

      if (norm > best[0])
        {
          best[1] = best[0];
          pick[1] = pick[0];
          best[0] = norm;
          pick[0] = j;
        }
      else if (norm > best[1])
        {
          best[1] = norm;
          pick[1] = j;
        }
    }

  *x_feature = MIN (pick[0], pick[1]);
  *y_feature = MAX (pick[0], pick[1]);
}

static gboolean
find_axis (const EntrenaDataset *dataset,
           const char           *name,
           guint                *feature,
           GError              **error)
{
  for (guint j = 0; j < dataset->n_features; j++)
    {
      if (!g_str_equal (dataset->feature_names[j], name))
        continue;
      if (!is_numeric (dataset, j))
        break;
      *feature = j;
      return TRUE;
    }

  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a column name. */
               _("“%s” is not a numeric input column, so it cannot be an axis of the decision map."),
               name);
  return FALSE;
}

gboolean
entrena_map_plane_parse_axes (const EntrenaDataset *dataset,
                              const char           *text,
                              guint                *x_feature,
                              guint                *y_feature,
                              GError              **error)
{
  g_auto (GStrv) names = NULL;

  g_return_val_if_fail (dataset != NULL && text != NULL, FALSE);

  names = g_strsplit (text, ",", -1);
  if (g_strv_length (names) != 2)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the user wrote; keep COL_X,COL_Y as is. */
                   _("“%s” is not two columns: write the decision map’s axes as COL_X,COL_Y."),
                   text);
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    g_strstrip (names[i]);

  if (!find_axis (dataset, names[0], x_feature, error) ||
      !find_axis (dataset, names[1], y_feature, error))
    return FALSE;

  if (*x_feature == *y_feature)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a column name. */
                   _("The decision map needs two different columns, not “%s” twice."),
                   names[0]);
      return FALSE;
    }

  return TRUE;
}

/* The median of input @feature over the training rows. */
static float
training_median (const EntrenaDataset *dataset,
                 const EntrenaSplit   *split,
                 guint                 feature)
{
  g_autofree float *values = g_new (float, MAX (split->n_train, 1));
  guint n = split->n_train;

  if (n == 0)
    return 0.0f;
  for (guint i = 0; i < n; i++)
    values[i] = dataset->X[(gsize) split->train[i] * dataset->n_features + feature];
  qsort (values, n, sizeof (float), _entrena_compare_floats);

  return n % 2 == 1 ? values[n / 2] : (float) (((double) values[n / 2 - 1] + values[n / 2]) / 2);
}

/* Sets @base to the other inputs' values: numeric ones at their training
 * median, the one-hot columns of a category at its most frequent value.
 * Returns the caption that says so. */
static char *
hold_inputs (const EntrenaDataset *dataset,
             const EntrenaSplit   *split,
             guint                 x_feature,
             guint                 y_feature,
             float                *base)
{
  g_autoptr (GString) held = g_string_new (NULL);
  g_autofree guint *counts = g_new0 (guint, dataset->n_features);

  for (guint i = 0; i < split->n_train; i++)
    {
      const float *x = dataset->X + (gsize) split->train[i] * dataset->n_features;

      for (guint j = 0; j < dataset->n_features; j++)
        if (!is_numeric (dataset, j) && x[j] > 0.5f)
          counts[j]++;
    }

  for (guint j = 0; j < dataset->n_features; j++)
    {
      const EntrenaFeatureSource *source = &dataset->sources[j];
      guint most = j;

      base[j] = 0.0f;
      if (is_numeric (dataset, j))
        {
          g_autofree char *shown = NULL;

          base[j] = training_median (dataset, split, j);
          if (j == x_feature || j == y_feature)
            continue;
          shown = entrena_format_float (base[j]);
          g_string_append_printf (held, "%s%s = %s", held->len > 0 ? ", " : "",
                                  dataset->feature_names[j], shown);
          continue;
        }

      /* The category's first one-hot column picks the most frequent of its columns. */
      if (j > 0 && dataset->sources[j - 1].source_column == source->source_column)
        continue;
      for (guint k = j; k < dataset->n_features && dataset->sources[k].source_column == source->source_column; k++)
        if (counts[k] > counts[most])
          most = k;
      base[most] = 1.0f;
      g_string_append_printf (held, "%s%s", held->len > 0 ? ", " : "", dataset->feature_names[most]);
    }

  return held->len > 0 ? g_strdup (held->str) : NULL;
}

/* The range of input @feature over all rows, with a margin. */
static void
axis_range (const EntrenaDataset *dataset,
            guint                 feature,
            double               *min,
            double               *max)
{
  double lo = INFINITY;
  double hi = -INFINITY;
  double margin;

  for (guint i = 0; i < dataset->n_rows; i++)
    {
      double v = dataset->X[(gsize) i * dataset->n_features + feature];

      if (!isfinite (v))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  if (!isfinite (lo))
    lo = hi = 0;
  margin = hi > lo ? (hi - lo) * MARGIN : MAX (1.0, fabs (lo) * MARGIN);
  *min = lo - margin;
  *max = hi + margin;
}

/* Every k-th of @n rows, at most @max of them: their coordinates and classes. */
static guint
sample_points (const EntrenaMapPlane *self,
               const EntrenaDataset  *dataset,
               const guint           *rows,
               guint                  n,
               guint                  max,
               float                **points,
               guint8               **classes,
               guint                **picked)
{
  guint stride = MAX (1, (n + max - 1) / max);
  guint count = (n + stride - 1) / stride;

  *points = g_new (float, 2 * (gsize) MAX (count, 1));
  *classes = g_new (guint8, MAX (count, 1));
  if (picked != NULL)
    *picked = g_new (guint, MAX (count, 1));
  for (guint p = 0; p < count; p++)
    {
      guint row = rows[(gsize) p * stride];
      const float *x = dataset->X + (gsize) row * dataset->n_features;

      (*points)[2 * p] = x[self->x_feature];
      (*points)[2 * p + 1] = x[self->y_feature];
      (*classes)[p] = dataset->y[row];
      if (picked != NULL)
        (*picked)[p] = p * stride;
    }

  return count;
}

/**
 * entrena_map_plane_new:
 * @dataset: the data
 * @split: its train/test split
 * @x_feature: the horizontal axis, a numeric input
 * @y_feature: the vertical axis, another numeric input
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the plane, or %NULL with @error set when the
 *   axes are not two different numeric inputs
 */
EntrenaMapPlane *
entrena_map_plane_new (const EntrenaDataset *dataset,
                       const EntrenaSplit   *split,
                       guint                 x_feature,
                       guint                 y_feature,
                       GError              **error)
{
  EntrenaMapPlane *self;

  g_return_val_if_fail (dataset != NULL && split != NULL, NULL);

  if (x_feature >= dataset->n_features || y_feature >= dataset->n_features || x_feature == y_feature ||
      !is_numeric (dataset, x_feature) || !is_numeric (dataset, y_feature))
    {
      g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                           _("A decision map needs two different numeric inputs as its axes."));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (EntrenaMapPlane);
  self->x_feature = x_feature;
  self->y_feature = y_feature;
  self->x_name = g_strdup (dataset->feature_names[x_feature]);
  self->y_name = g_strdup (dataset->feature_names[y_feature]);
  axis_range (dataset, x_feature, &self->x_min, &self->x_max);
  axis_range (dataset, y_feature, &self->y_min, &self->y_max);
  self->n_features = dataset->n_features;
  self->base = g_new (float, dataset->n_features);
  self->held = hold_inputs (dataset, split, x_feature, y_feature, self->base);
  self->n_classes = dataset->n_classes;
  self->class_names = g_strdupv (dataset->class_names);
  self->n_train_points = sample_points (self, dataset, split->train, split->n_train, MAX_TRAIN_POINTS,
                                        &self->train_points, &self->train_classes, NULL);
  self->n_test_points = sample_points (self, dataset, split->test, split->n_test, MAX_TEST_POINTS,
                                       &self->test_points, &self->test_classes, &self->test_rows);

  return self;
}

EntrenaMapPlane *
entrena_map_plane_ref (EntrenaMapPlane *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
map_plane_clear (EntrenaMapPlane *self)
{
  g_free (self->x_name);
  g_free (self->y_name);
  g_free (self->base);
  g_free (self->held);
  g_strfreev (self->class_names);
  g_free (self->train_points);
  g_free (self->train_classes);
  g_free (self->test_points);
  g_free (self->test_classes);
  g_free (self->test_rows);
}

void
entrena_map_plane_unref (EntrenaMapPlane *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) map_plane_clear);
}

void
entrena_map_plane_point (const EntrenaMapPlane *self,
                         double                 x,
                         double                 y,
                         float                 *input)
{
  memcpy (input, self->base, self->n_features * sizeof (float));
  input[self->x_feature] = (float) x;
  input[self->y_feature] = (float) y;
}

void
entrena_decision_map_cell_center (const EntrenaDecisionMap *self,
                                  guint                     row,
                                  guint                     column,
                                  double                   *x,
                                  double                   *y)
{
  const EntrenaMapPlane *plane = self->plane;

  *x = plane->x_min + (column + 0.5) * (plane->x_max - plane->x_min) / self->size;
  *y = plane->y_max - (row + 0.5) * (plane->y_max - plane->y_min) / self->size;
}

/* Predicts every cell, @chunk rows at a time. */
static void
predict_cells (EntrenaDecisionMap  *self,
               const EntrenaMlp    *mlp,
               const EntrenaScaler *scaler)
{
  const EntrenaMapPlane *plane = self->plane;
  gsize n = (gsize) self->size * self->size;
  gsize chunk = MIN (n, CHUNK_ROWS);
  guint n_classes = plane->n_classes;
  g_autofree float *probabilities = g_new (float, chunk * n_classes);
  float *X = g_aligned_alloc (chunk * plane->n_features, sizeof (float), 64);
  EntrenaMlpWorkspace *ws = entrena_mlp_workspace_new (mlp, chunk);

  for (gsize start = 0; start < n; start += chunk)
    {
      gsize rows = MIN (chunk, n - start);

      for (gsize i = 0; i < rows; i++)
        {
          double x, y;

          entrena_decision_map_cell_center (self, (guint) ((start + i) / self->size),
                                            (guint) ((start + i) % self->size), &x, &y);
          entrena_map_plane_point (plane, x, y, X + i * plane->n_features);
        }
      if (scaler != NULL)
        entrena_scaler_transform (scaler, X, (guint) rows);
      entrena_mlp_predict (mlp, ws, X, rows, self->classes + start, probabilities);
      for (gsize i = 0; i < rows; i++)
        {
          guint8 c = self->classes[start + i];

          self->confidence[start + i] = probabilities[i * n_classes + c];
          self->share[c] += 1.0 / n;
        }
    }

  entrena_mlp_workspace_free (ws);
  g_aligned_free (X);
}

/**
 * entrena_decision_map_new:
 * @plane: the plane to cut
 * @mlp: the network, whose inputs are the plane's data's
 * @scaler: (nullable): the standardization the network was trained after
 * @X_test: (nullable): `[n_test][n_features]` the split's test rows as the
 *   network takes them (standardized when it was)
 * @y_test: (nullable): `[n_test]` their classes
 * @n_test: test rows
 * @size: cells per side, at least 2
 *
 * Returns: (transfer full): what @mlp predicts over @plane
 */
EntrenaDecisionMap *
entrena_decision_map_new (EntrenaMapPlane     *plane,
                          const EntrenaMlp    *mlp,
                          const EntrenaScaler *scaler,
                          const float         *X_test,
                          const guint8        *y_test,
                          gsize                n_test,
                          guint                size)
{
  EntrenaDecisionMap *self;

  g_return_val_if_fail (plane != NULL && mlp != NULL, NULL);
  g_return_val_if_fail (mlp->sizes[0] == plane->n_features && mlp->sizes[mlp->n_layers] == plane->n_classes, NULL);
  g_return_val_if_fail (size >= 2, NULL);

  self = g_atomic_rc_box_new0 (EntrenaDecisionMap);
  self->plane = entrena_map_plane_ref (plane);
  self->size = size;
  self->classes = g_new (guint8, (gsize) size * size);
  self->confidence = g_new (float, (gsize) size * size);
  self->share = g_new0 (double, plane->n_classes);
  self->test_predicted = g_new0 (guint8, MAX (plane->n_test_points, 1));
  self->test_accuracy = NAN;

  predict_cells (self, mlp, scaler);

  if (X_test != NULL && y_test != NULL && n_test > 0)
    {
      g_autofree guint8 *predicted = g_new (guint8, n_test);
      EntrenaMlpWorkspace *ws = entrena_mlp_workspace_new (mlp, MIN (n_test, CHUNK_ROWS));
      gsize right = 0;

      entrena_mlp_predict (mlp, ws, X_test, n_test, predicted, NULL);
      entrena_mlp_workspace_free (ws);
      for (gsize i = 0; i < n_test; i++)
        right += predicted[i] == y_test[i];
      self->test_accuracy = (double) right / n_test;
      for (guint p = 0; p < plane->n_test_points; p++)
        if (plane->test_rows[p] < n_test)
          self->test_predicted[p] = predicted[plane->test_rows[p]];
    }

  return self;
}

/**
 * entrena_decision_map_at_epoch:
 * @plane: the plane to cut, of @training's data
 * @training: a run
 * @epoch: the epoch whose weights to map, 0 for the initial ones
 * @size: cells per side
 *
 * Maps the network of an epoch of @training: from its snapshots when it
 * keeps them (the nearest kept epoch, see entrena_snapshots_lookup(); safe
 * while the run trains on another thread), else its current weights (only
 * once it no longer trains).
 *
 * Returns: (transfer full) (nullable): the map, or %NULL when no weights
 *   of that epoch are at hand
 */
EntrenaDecisionMap *
entrena_decision_map_at_epoch (EntrenaMapPlane       *plane,
                               const EntrenaTraining *training,
                               guint                  epoch,
                               guint                  size)
{
  g_autoptr (EntrenaMlp) mlp = entrena_mlp_copy (training->initial);
  g_autofree float *gathered = NULL;
  EntrenaDecisionMap *map;
  guint found = epoch;

  if (training->snapshots != NULL)
    {
      if (!entrena_snapshots_lookup (training->snapshots, epoch, mlp->params, &found))
        return NULL;
    }
  else if (epoch > 0)
    {
      memcpy (mlp->params, training->mlp->params, mlp->n_params * sizeof (float));
      found = training->n_epochs;
    }

  /* A big run holds no copy of its test rows: a passing one then. */
  if (training->X_test == NULL && training->n_test > 0)
    gathered = entrena_training_copy_rows (training, TRUE);
  map = entrena_decision_map_new (plane, mlp, training->scaler, gathered != NULL ? gathered : training->X_test,
                                  training->y_test, training->n_test, size);
  map->epoch = found;

  return map;
}

EntrenaDecisionMap *
entrena_decision_map_ref (EntrenaDecisionMap *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
decision_map_clear (EntrenaDecisionMap *self)
{
  entrena_map_plane_unref (self->plane);
  g_free (self->classes);
  g_free (self->confidence);
  g_free (self->share);
  g_free (self->test_predicted);
}

void
entrena_decision_map_unref (EntrenaDecisionMap *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) decision_map_clear);
}

char *
entrena_decision_map_describe (const EntrenaDecisionMap *self)
{
  const EntrenaMapPlane *plane = self->plane;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *x_min = g_strdup_printf ("%.3g", plane->x_min);
  g_autofree char *x_max = g_strdup_printf ("%.3g", plane->x_max);
  g_autofree char *y_min = g_strdup_printf ("%.3g", plane->y_min);
  g_autofree char *y_max = g_strdup_printf ("%.3g", plane->y_max);
  g_autofree char *accuracy = entrena_format_percent (self->test_accuracy);

  g_string_append_printf (text,
                          /* Translators: the first %s are column names and their ranges; %u an epoch. */
                          _("Decision map at epoch %u: %s across, from %s to %s; %s up, from %s to %s."),
                          self->epoch, plane->x_name, x_min, x_max, plane->y_name, y_min, y_max);
  g_string_append_c (text, ' ');
  g_string_append (text, _("Share of the plane:"));
  for (guint c = 0; c < plane->n_classes; c++)
    {
      g_autofree char *share = entrena_format_percent (self->share[c]);

      g_string_append_printf (text, "%s %s %s", c > 0 ? "," : "", plane->class_names[c], share);
    }
  g_string_append_c (text, '.');
  if (isfinite (self->test_accuracy))
    {
      g_string_append_c (text, ' ');
      /* Translators: %s is a percentage. */
      g_string_append_printf (text, _("Test accuracy %s."), accuracy);
    }
  if (plane->held != NULL)
    {
      g_string_append_c (text, ' ');
      /* Translators: %s lists inputs and values, "age = 41, sex=female". */
      g_string_append_printf (text, _("Other inputs held at %s."), plane->held);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
