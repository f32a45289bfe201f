/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-checkpoint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-checkpoint.h"
#include "entrena-error.h"
#include "entrena-model-io.h"
#include "entrena-model-json.h"
#include "entrena-model-metadata.h"
#include "entrena-safetensors.h"

/*
 * A checkpoint is a model file (entrena-safetensors.c, with the model's
 * metadata from entrena-model-metadata.c, whose "epochs" is the epochs done)
 * holding, besides the network's current weights:
 *
 *   initial                  F32 [n_params]  the weights before the first step
 *   optimizer.m              F32 [n_params]  Adam's and AdamW's first moments, or
 *                                            SGD's and RMSprop's momentum buffer
 *   optimizer.v              F32 [n_params]  Adam's and AdamW's second moments, or
 *                                            RMSprop's square average (SGD: zeros)
 *   generator.state          U32 [624]       the mini-batch generator (MT19937)
 *   history.train_loss       F32 [epochs]    the history, per epoch
 *   history.test_loss        F32 [epochs]    (NaN without test rows)
 *   history.test_accuracy    F32 [epochs]    (NaN without test rows)
 *   history.train_accuracy   F32 [epochs]
 *   history.seconds          F64 [epochs]
 *
 * and, with validation rows (the settings' val_size):
 *
 *   history.val_loss         F32 [epochs]
 *   history.val_accuracy     F32 [epochs]
 *   early_stopping.best      F32 [n_params]  the best epoch's weights (with a patience)
 *   early_stopping.stop      F32 [n_params]  the weights at the early stop, to go
 *                                            on from (only after one; the network's
 *                                            weights are then the best epoch's)
 *
 * the flat tensors laid out as EntrenaMlp's params, and these metadata
 * entries, all strings:
 *
 *   entrena_checkpoint   "1", ENTRENA_CHECKPOINT_FORMAT_VERSION
 *   optimizer_step       the optimizer's steps so far (which optimizer, and
 *                        its options, are in the model's metadata)
 *   generator_index      the generator's position, 0..624
 *   train_seconds        the time the epochs took
 *   data_rows            the dataset's rows
 *   data_digest          SHA-256 of the dataset's numbers (X, y, kept rows)
 *   split_digest         SHA-256 of the split's training and test rows
 *                        (and validation rows, when there are some)
 *   early_wait           with validation rows: epochs without a lower
 *                        validation loss since the best (or since going on
 *                        after an early stop); the model metadata's
 *                        best_val_epoch and stopped_epoch say the rest
 *
 * Restoring rebuilds the run from the table with the checkpoint's settings,
 * checks that the table gives the same inputs, classes, rows, split and
 * values, then puts the saved state in place.
 */

#define FORMAT_KEY "entrena_checkpoint"

enum
{
  EXTRA_INITIAL,
  EXTRA_M,
  EXTRA_V,
  EXTRA_GENERATOR,
  EXTRA_TRAIN_LOSS,
  EXTRA_TEST_LOSS,
  EXTRA_TEST_ACCURACY,
  EXTRA_TRAIN_ACCURACY,
  EXTRA_SECONDS,
  /* Only with validation rows. */
  EXTRA_VAL_LOSS,
  EXTRA_VAL_ACCURACY,
  EXTRA_BEST,
  EXTRA_STOP,
  N_EXTRAS
};

static const struct
{
  const char *name;
  const char *dtype;
} extra_names[N_EXTRAS] = {
  { "initial", "F32" },
  { "optimizer.m", "F32" },
  { "optimizer.v", "F32" },
  { "generator.state", "U32" },
  { "history.train_loss", "F32" },
  { "history.test_loss", "F32" },
  { "history.test_accuracy", "F32" },
  { "history.train_accuracy", "F32" },
  { "history.seconds", "F64" },
  { "history.val_loss", "F32" },
  { "history.val_accuracy", "F32" },
  { "early_stopping.best", "F32" },
  { "early_stopping.stop", "F32" },
};

static void
extras_init (EntrenaSafetensorsExtra *extras)
{
  memset (extras, 0, N_EXTRAS * sizeof *extras);
  for (guint i = 0; i < N_EXTRAS; i++)
    {
      extras[i].name = extra_names[i].name;
      extras[i].dtype = extra_names[i].dtype;
    }
}

/* --- Fingerprints ---------------------------------------------------------- */

/* Adds @n values of @size bytes (4 or 8), little-endian whatever the machine. */
static void
digest_le (GChecksum  *checksum,
           const void *values,
           gsize       n,
           gsize       size)
{
  guint8 buf[4096];
  gsize per = sizeof buf / size;

  for (gsize i = 0; i < n; i += per)
    {
      gsize count = MIN (per, n - i);

      _entrena_safetensors_copy_le (buf, (const guint8 *) values + i * size, count, size);
      g_checksum_update (checksum, buf, count * size);
    }
}

static void
digest_uint (GChecksum *checksum,
             guint32    value)
{
  digest_le (checksum, &value, 1, sizeof value);
}

/* The dataset's numbers: its shape, X, y and which table rows it kept. */
static char *
data_digest (const EntrenaDataset *dataset)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  digest_uint (checksum, dataset->n_rows);
  digest_uint (checksum, dataset->n_features);
  digest_uint (checksum, dataset->n_classes);
  digest_le (checksum, dataset->X, (gsize) dataset->n_rows * dataset->n_features, sizeof (float));
  g_checksum_update (checksum, dataset->y, dataset->n_rows);
  digest_le (checksum, dataset->row_index, dataset->n_rows, sizeof (guint32));

  return g_strdup (g_checksum_get_string (checksum));
}

static char *
split_digest (const EntrenaSplit *split)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  digest_uint (checksum, split->n_train);
  digest_uint (checksum, split->n_test);
  digest_le (checksum, split->train, split->n_train, sizeof (guint32));
  digest_le (checksum, split->test, split->n_test, sizeof (guint32));
  if (split->n_val > 0)
    {
      digest_uint (checksum, split->n_val);
      digest_le (checksum, split->val, split->n_val, sizeof (guint32));
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* --- Saving ---------------------------------------------------------------- */

static void
set_string_take (JsonObject *meta,
                 const char *key,
                 char       *value)
{
  json_object_set_string_member (meta, key, value);
  g_free (value);
}

GBytes *
entrena_checkpoint_save_bytes (EntrenaRunResult  *run,
                               GError           **error)
{
  const EntrenaTraining *t;
  g_autoptr (EntrenaModelInfo) info = NULL;
  EntrenaSafetensorsExtra extras[N_EXTRAS];
  const void *data[N_EXTRAS] = { NULL };
  guint n_extras = 0;
  JsonObject *meta;
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];
  gsize n;
  guint e;

  g_return_val_if_fail (run != NULL && run->training != NULL && run->info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  t = run->training;
  n = t->mlp->n_params;
  e = t->n_epochs;
  if (run->diverged != NULL || t->stop_reason == ENTRENA_STOP_DIVERGED)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("Cannot save a checkpoint of a run that diverged: it cannot go on."));
      return NULL;
    }
  if (e == 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("Cannot save a checkpoint before the first epoch."));
      return NULL;
    }

  /* The model's description, for the epochs done so far. */
  info = entrena_model_info_copy (run->info);
  info->training.epochs = e;
  info->stopped_epoch = t->early.stopped_epoch;
  info->best_val_epoch = t->early.best_epoch;
  if (!_entrena_model_metadata_check (info, error))
    return NULL;

  meta = _entrena_model_metadata_write (info);
  set_string_take (meta, FORMAT_KEY, g_strdup_printf ("%d", ENTRENA_CHECKPOINT_FORMAT_VERSION));
  set_string_take (meta, "optimizer_step", g_strdup_printf ("%" G_GUINT64_FORMAT, t->optimizer->step));
  set_string_take (meta, "generator_index", g_strdup_printf ("%u", t->rng.index));
  json_object_set_string_member (meta, "train_seconds", g_ascii_dtostr (seconds, sizeof seconds, t->train_seconds));
  set_string_take (meta, "data_rows", g_strdup_printf ("%u", run->dataset->n_rows));
  set_string_take (meta, "data_digest", data_digest (run->dataset));
  set_string_take (meta, "split_digest", split_digest (run->split));
  if (t->n_val > 0)
    set_string_take (meta, "early_wait", g_strdup_printf ("%u", t->early.wait));

  extras_init (extras);
  data[EXTRA_INITIAL] = t->initial->params;
  data[EXTRA_M] = t->optimizer->m;
  data[EXTRA_V] = t->optimizer->v;
  data[EXTRA_GENERATOR] = t->rng.state;
  data[EXTRA_TRAIN_LOSS] = t->train_loss;
  data[EXTRA_TEST_LOSS] = t->test_loss;
  data[EXTRA_TEST_ACCURACY] = t->test_accuracy;
  data[EXTRA_TRAIN_ACCURACY] = t->train_accuracy;
  data[EXTRA_SECONDS] = t->seconds;
  if (t->n_val > 0)
    {
      data[EXTRA_VAL_LOSS] = t->val_loss;
      data[EXTRA_VAL_ACCURACY] = t->val_accuracy;
      data[EXTRA_BEST] = t->early.best_params;
      data[EXTRA_STOP] = t->early.stopped_epoch > 0 ? t->early.stop_params : NULL;
    }
  /* The tensors there are, in their order. */
  for (guint i = 0; i < N_EXTRAS; i++)
    if (data[i] != NULL)
      {
        extras[n_extras] = extras[i];
        extras[n_extras].data = data[i];
        extras[n_extras].length = i <= EXTRA_V || i >= EXTRA_BEST ? n : i == EXTRA_GENERATOR ? ENTRENA_MT19937_N : e;
        n_extras++;
      }

  return _entrena_safetensors_write_with (t->mlp, extras, n_extras, meta);
}

gboolean
entrena_checkpoint_save (EntrenaRunResult  *run,
                         GFile             *file,
                         GError           **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = entrena_checkpoint_save_bytes (run, error);
  if (bytes == NULL)
    return FALSE;

  return entrena_atomic_write_bytes (file, bytes, NULL, error);
}

/* --- Reading --------------------------------------------------------------- */

/* What a checkpoint holds besides the model, read and checked. */
typedef struct
{
  const char *file;
  JsonObject *meta;
  guint       n_epochs;
  gsize       n_params;
  float      *initial;
  float      *m;
  float      *v;
  EntrenaMt19937 rng;
  float      *train_loss;
  float      *test_loss;
  float      *test_accuracy;
  float      *train_accuracy;
  gboolean    regression;     /* no accuracies: NaN throughout */
  double     *seconds;
  float      *val_loss;
  float      *val_accuracy;
  float      *best;
  float      *stop;
  guint64     step;
  double      train_seconds;
  guint64     data_rows;
} Saved;

static void
saved_clear (Saved *saved)
{
  g_free (saved->initial);
  g_free (saved->m);
  g_free (saved->v);
  g_free (saved->train_loss);
  g_free (saved->test_loss);
  g_free (saved->test_accuracy);
  g_free (saved->train_accuracy);
  g_free (saved->seconds);
  g_free (saved->val_loss);
  g_free (saved->val_accuracy);
  g_free (saved->best);
  g_free (saved->stop);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Saved, saved_clear)

static gboolean
fail_entry (const Saved  *saved,
            const char   *key,
            GError      **error)
{
  return _entrena_model_fail (error,
                              /* Translators: the second %s is the name of an entry such as “optimizer_step” */
                              _("“%s” is not an Entrena checkpoint: the metadata entry “%s” is invalid"),
                              saved->file, key);
}

static gboolean
fail_tensor (const Saved  *saved,
             const char   *name,
             GError      **error)
{
  return _entrena_model_fail (error,
                              _("“%s” is not an Entrena checkpoint: tensor “%s” holds a value that is out of range or not a number"),
                              saved->file, name);
}

/* A metadata entry of digits only, at most @max. */
static gboolean
read_uint (const Saved  *saved,
           const char   *key,
           guint64       max,
           guint64      *out,
           GError      **error)
{
  const char *text = _entrena_json_get_string (json_object_get_member (saved->meta, key));

  if (text == NULL || text[0] == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    return fail_entry (saved, key, error);

  return TRUE;
}

/* A metadata entry that is text, or an error naming it. */
static const char *
read_text (const Saved  *saved,
           const char   *key,
           GError      **error)
{
  const char *text = _entrena_json_get_string (json_object_get_member (saved->meta, key));

  if (text == NULL)
    fail_entry (saved, key, error);

  return text;
}

/* The format entry: a model without it has no training state. */
static gboolean
read_format (const Saved  *saved,
             GError      **error)
{
  const char *text;
  guint64 version;

  if (saved->meta == NULL || !json_object_has_member (saved->meta, FORMAT_KEY))
    return _entrena_model_fail (error,
                                _("“%s” is not an Entrena checkpoint: it has no metadata entry “%s”, so no training state to go on from (is it a model file?)"),
                                saved->file, FORMAT_KEY);

  text = json_object_get_string_member (saved->meta, FORMAT_KEY);
  if (!read_uint (saved, FORMAT_KEY, G_MAXUINT, &version, error))
    return FALSE;
  if (version == 0)
    return fail_entry (saved, FORMAT_KEY, error);
  if (version > ENTRENA_CHECKPOINT_FORMAT_VERSION)
    return _entrena_model_fail (error,
                                _("“%s” was saved by a newer version of Entrena (checkpoint format %s); update Entrena to open it"),
                                saved->file, text);

  return TRUE;
}

/* A copy of extra tensor @i, of exactly @length values. (transfer full) */
static gpointer
read_extra (const Saved                   *saved,
            const EntrenaSafetensorsExtra *extras,
            guint                          i,
            guint64                        length,
            GError                       **error)
{
  gsize size = strcmp (extras[i].dtype, "F64") == 0 ? 8 : 4;
  gpointer values;

  if (extras[i].data == NULL)
    {
      _entrena_model_fail (error, _("“%s” is not an Entrena checkpoint: tensor “%s” is missing"),
                           saved->file, extras[i].name);
      return NULL;
    }
  if (extras[i].length != length)
    {
      _entrena_model_fail (error,
                           ngettext ("“%s” is not an Entrena checkpoint: tensor “%s” should hold %u value",
                                     "“%s” is not an Entrena checkpoint: tensor “%s” should hold %u values",
                                     (gulong) length),
                           saved->file, extras[i].name, (guint) length);
      return NULL;
    }

  values = g_malloc (length * size);
  _entrena_safetensors_copy_le (values, extras[i].data, length, size);
  return values;
}

static gboolean
all_finite (const float *values,
            gsize        n,
            float        min)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]) || values[i] < min)
      return FALSE;

  return TRUE;
}

/* Train values are finite; test ones finite with test rows, else NaN. A
 * share lies in [0, 1]. */
static gboolean
history_valid (const float *values,
               guint        n,
               gboolean     present,
               gboolean     share)
{
  for (guint i = 0; i < n; i++)
    {
      if (!present)
        {
          if (!isnan (values[i]))
            return FALSE;
          continue;
        }
      if (!isfinite (values[i]) || (share && !(values[i] >= 0 && values[i] <= 1)))
        return FALSE;
    }

  return TRUE;
}

/* The tensors besides the weights, for a network of @n_params parameters and
 * a run of @saved->n_epochs epochs. */
static gboolean
read_state (Saved                         *saved,
            const EntrenaSafetensorsExtra *extras,
            GError                       **error)
{
  g_autofree guint32 *state = NULL;
  guint64 index;
  guint e = saved->n_epochs;

  if (!(saved->initial = read_extra (saved, extras, EXTRA_INITIAL, saved->n_params, error)) ||
      !(saved->m = read_extra (saved, extras, EXTRA_M, saved->n_params, error)) ||
      !(saved->v = read_extra (saved, extras, EXTRA_V, saved->n_params, error)) ||
      !(state = read_extra (saved, extras, EXTRA_GENERATOR, ENTRENA_MT19937_N, error)) ||
      !(saved->train_loss = read_extra (saved, extras, EXTRA_TRAIN_LOSS, e, error)) ||
      !(saved->test_loss = read_extra (saved, extras, EXTRA_TEST_LOSS, e, error)) ||
      !(saved->test_accuracy = read_extra (saved, extras, EXTRA_TEST_ACCURACY, e, error)) ||
      !(saved->train_accuracy = read_extra (saved, extras, EXTRA_TRAIN_ACCURACY, e, error)) ||
      !(saved->seconds = read_extra (saved, extras, EXTRA_SECONDS, e, error)))
    return FALSE;

  if (!all_finite (saved->initial, saved->n_params, -G_MAXFLOAT))
    return fail_tensor (saved, extras[EXTRA_INITIAL].name, error);
  if (!all_finite (saved->m, saved->n_params, -G_MAXFLOAT))
    return fail_tensor (saved, extras[EXTRA_M].name, error);
  if (!all_finite (saved->v, saved->n_params, 0))
    return fail_tensor (saved, extras[EXTRA_V].name, error);
  if (!history_valid (saved->train_loss, e, TRUE, FALSE))
    return fail_tensor (saved, extras[EXTRA_TRAIN_LOSS].name, error);
  if (!history_valid (saved->train_accuracy, e, !saved->regression, TRUE))
    return fail_tensor (saved, extras[EXTRA_TRAIN_ACCURACY].name, error);
  for (guint i = 0; i < e; i++)
    if (!isfinite (saved->seconds[i]) || saved->seconds[i] < 0 || (i > 0 && saved->seconds[i] < saved->seconds[i - 1]))
      return fail_tensor (saved, extras[EXTRA_SECONDS].name, error);

  if (!read_uint (saved, "generator_index", ENTRENA_MT19937_N, &index, error))
    return FALSE;
  memcpy (saved->rng.state, state, sizeof saved->rng.state);
  saved->rng.index = (guint) index;

  return TRUE;
}

/* The metadata entries of the checkpoint's own. */
static gboolean
read_entries (Saved   *saved,
              GError **error)
{
  const char *text;
  char *end = NULL;

  if (!read_uint (saved, "optimizer_step", G_MAXUINT64, &saved->step, error) ||
      !read_uint (saved, "data_rows", G_MAXUINT, &saved->data_rows, error))
    return FALSE;

  text = read_text (saved, "train_seconds", error);
  if (text == NULL)
    return FALSE;
  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return fail_entry (saved, "train_seconds", error);
  saved->train_seconds = g_ascii_strtod (text, &end);
  if (*end != '\0' || !isfinite (saved->train_seconds) || saved->train_seconds < 0)
    return fail_entry (saved, "train_seconds", error);

  return read_text (saved, "data_digest", error) != NULL &&
         read_text (saved, "split_digest", error) != NULL;
}

/* The validation history and early-stopping state of a run with validation
 * rows; @info's stopped_epoch and best_val_epoch are the checkpoint's. */
static gboolean
read_validation_state (Saved                         *saved,
                       const EntrenaSafetensorsExtra *extras,
                       const EntrenaModelInfo        *info,
                       const EntrenaTraining         *t,
                       EntrenaEarlyStopping          *early,
                       GError                       **error)
{
  guint e = saved->n_epochs;
  guint64 wait;

  if (!(saved->val_loss = read_extra (saved, extras, EXTRA_VAL_LOSS, e, error)) ||
      !(saved->val_accuracy = read_extra (saved, extras, EXTRA_VAL_ACCURACY, e, error)))
    return FALSE;
  if (!history_valid (saved->val_accuracy, e, !saved->regression, TRUE))
    return fail_tensor (saved, extras[EXTRA_VAL_ACCURACY].name, error);
  if (!read_uint (saved, "early_wait", e, &wait, error))
    return FALSE;
  if (info->best_val_epoch > e || info->stopped_epoch > e ||
      (info->stopped_epoch > 0 && t->settings.patience == 0))
    return fail_entry (saved, info->best_val_epoch > e ? "best_val_epoch" : "stopped_epoch", error);

  *early = t->early;
  early->best_epoch = info->best_val_epoch;
  early->best_loss = info->best_val_epoch > 0 ? saved->val_loss[info->best_val_epoch - 1] : INFINITY;
  early->wait = (guint) wait;
  early->stopped_epoch = info->stopped_epoch;
  early->best_params = NULL;
  early->stop_params = NULL;
  if (t->settings.patience > 0 && info->best_val_epoch > 0)
    {
      if (!(saved->best = read_extra (saved, extras, EXTRA_BEST, saved->n_params, error)))
        return FALSE;
      if (!all_finite (saved->best, saved->n_params, -G_MAXFLOAT))
        return fail_tensor (saved, extras[EXTRA_BEST].name, error);
      early->best_params = saved->best;
    }
  if (info->stopped_epoch > 0)
    {
      if (!(saved->stop = read_extra (saved, extras, EXTRA_STOP, saved->n_params, error)))
        return FALSE;
      if (!all_finite (saved->stop, saved->n_params, -G_MAXFLOAT))
        return fail_tensor (saved, extras[EXTRA_STOP].name, error);
      early->stop_params = saved->stop;
    }

  return TRUE;
}

/* --- Matching the table ---------------------------------------------------- */

static gboolean
mismatch (GError     **error,
          const Saved *saved,
          const char  *csv,
          const char  *detail)
{
  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
               /* Translators: the first %s is the checkpoint, the second the CSV file, the third what differs */
               _("The checkpoint “%s” does not match “%s”: %s."),
               saved->file, csv, detail);
  return FALSE;
}

/* "a, b, c", shortened when long. (transfer full) */
static char *
join_names (char * const *names,
            guint         n)
{
  g_autofree char *joined = NULL;
  g_autofree char *start = NULL;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, i > 0 ? ", %s" : "%s", names[i]);
  joined = g_utf8_make_valid (out->str, -1);
  g_string_free (out, TRUE);
  if (g_utf8_strlen (joined, -1) <= 120)
    return g_steal_pointer (&joined);
  start = g_utf8_substring (joined, 0, 120);
  return g_strconcat (start, "…", NULL);
}

/* The inputs, classes, rows, split and values of @run (made from the table)
 * against those the checkpoint recorded. */
static gboolean
check_match (const Saved            *saved,
             const EntrenaModelInfo *info,
             const EntrenaRunResult *run,
             const char             *csv,
             GError                **error)
{
  const EntrenaDataset *dataset = run->dataset;
  g_autofree char *data = NULL;
  g_autofree char *split = NULL;
  g_autofree char *detail = NULL;

  if (dataset->n_features != info->n_features)
    detail = g_strdup_printf (_("it was trained on %u inputs and this CSV gives %u"),
                              info->n_features, dataset->n_features);
  for (guint k = 0; detail == NULL && k < info->n_features; k++)
    if (strcmp (dataset->feature_names[k], info->feature_names[k]) != 0)
      detail = g_strdup_printf (_("input %u is “%s” in the checkpoint and “%s” in this CSV"),
                                k + 1, info->feature_names[k], dataset->feature_names[k]);
  if (detail == NULL && !g_strv_equal ((const char * const *) dataset->class_names,
                                       (const char * const *) info->class_names))
    {
      g_autofree char *theirs = join_names (info->class_names, info->n_classes);
      g_autofree char *ours = join_names (dataset->class_names, dataset->n_classes);

      detail = g_strdup_printf (_("its classes are %s and this CSV’s are %s"), theirs, ours);
    }
  if (detail == NULL && dataset->n_rows != saved->data_rows)
    detail = g_strdup_printf (_("it was trained on %u rows and this CSV has %u"),
                              (guint) saved->data_rows, dataset->n_rows);
  if (detail == NULL)
    {
      split = split_digest (run->split);
      if (strcmp (split, json_object_get_string_member (saved->meta, "split_digest")) != 0)
        detail = g_strdup (_("the rows of its train/test split differ from this CSV’s"));
    }
  if (detail == NULL)
    {
      data = data_digest (dataset);
      if (strcmp (data, json_object_get_string_member (saved->meta, "data_digest")) != 0)
        detail = g_strdup (_("the values in this CSV differ from those it was trained on"));
    }

  return detail == NULL || mismatch (error, saved, csv, detail);
}

/* The settings the checkpoint records, borrowing @info's strings. */
static void
settings_from_info (EntrenaRunSettings     *settings,
                    const EntrenaModelInfo *info,
                    guint                   n_epochs)
{
  entrena_run_settings_init (settings);
  settings->data.target = info->target;
  settings->data.exclude = (const char * const *) info->exclude;
  settings->data.categorical = (const char * const *) info->categorical;
  settings->data.missing = info->missing;
  settings->data.task = info->task;
  settings->test_size = info->test_size;
  settings->stratify = info->stratify;
  settings->training = info->training;
  settings->training.epochs = n_epochs;
}

/* The optimizer steps once per batch: the epochs done fix the step count. */
static gboolean
check_steps (const Saved           *saved,
             const EntrenaTraining *t,
             GError               **error)
{
  guint64 per_epoch = t->order != NULL
                        ? (t->n_train + t->settings.batch_size - 1) / t->settings.batch_size
                        : 1;

  if (saved->step != per_epoch * saved->n_epochs)
    return fail_entry (saved, "optimizer_step", error);

  /* Without test rows there is no test loss or accuracy. */
  if (!history_valid (saved->test_loss, saved->n_epochs, t->n_test > 0, FALSE))
    return fail_tensor (saved, "history.test_loss", error);
  if (!history_valid (saved->test_accuracy, saved->n_epochs, t->n_test > 0 && !saved->regression, TRUE))
    return fail_tensor (saved, "history.test_accuracy", error);

  return TRUE;
}

EntrenaRunResult *
entrena_checkpoint_restore_bytes (EntrenaTable  *table,
                                  GBytes        *bytes,
                                  const char    *display_name,
                                  GError       **error)
{
  g_auto (EntrenaSafetensors) st = { 0 };
  g_auto (Saved) saved = { 0 };
  g_autoptr (EntrenaModelInfo) info = NULL;
  g_autoptr (EntrenaMlp) weights = NULL;
  g_autoptr (EntrenaRunResult) run = NULL;
  g_autoptr (GError) local_error = NULL;
  EntrenaSafetensorsExtra extras[N_EXTRAS];
  EntrenaTrainingState state = { 0 };
  EntrenaEarlyStopping early;
  EntrenaRunSettings settings;
  const char *csv;

  g_return_val_if_fail (table != NULL && bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  saved.file = display_name != NULL ? display_name : _("checkpoint");
  csv = entrena_table_get_display_name (table);

  extras_init (extras);
  if (!_entrena_safetensors_read_with (&st, bytes, saved.file, extras, N_EXTRAS, error))
    return NULL;
  saved.meta = st.metadata;
  if (!read_format (&saved, error))
    return NULL;
  info = _entrena_model_metadata_read (st.metadata, st.sizes, st.n_layers, saved.file, error);
  if (info == NULL)
    return NULL;
  if (info->training.epochs == 0 || info->training.epochs > ENTRENA_MAX_EPOCHS || info->target == NULL)
    {
      fail_entry (&saved, info->target == NULL ? "target" : "epochs", error);
      return NULL;
    }

  weights = _entrena_safetensors_to_mlp (&st);
  saved.n_params = weights->n_params;
  saved.n_epochs = info->training.epochs;
  if (!all_finite (weights->params, weights->n_params, -G_MAXFLOAT))
    {
      _entrena_model_fail (error, _("“%s” is not an Entrena checkpoint: its weights hold a value that is not a finite number"),
                           saved.file);
      return NULL;
    }
  saved.regression = info->task == ENTRENA_TASK_REGRESSION;
  if (!read_state (&saved, extras, error) || !read_entries (&saved, error))
    return NULL;

  /* The run again, from the table, with the checkpoint's settings. */
  settings_from_info (&settings, info, saved.n_epochs);
  run = entrena_run_start (table, &settings, NULL, &local_error);
  if (run == NULL)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   /* Translators: the first %s is the checkpoint, the second the CSV file, the third why */
                   _("The checkpoint “%s” does not fit “%s”: %s"),
                   saved.file, csv, local_error->message);
      return NULL;
    }
  if (!check_match (&saved, info, run, csv, error) ||
      !check_steps (&saved, run->training, error))
    return NULL;
  if (run->training->n_val > 0)
    {
      if (!read_validation_state (&saved, extras, info, run->training, &early, error))
        return NULL;
      state.val_loss = saved.val_loss;
      state.val_accuracy = saved.val_accuracy;
      state.early = &early;
    }

  state.params = weights->params;
  state.initial = saved.initial;
  state.optimizer_m = saved.m;
  state.optimizer_v = saved.v;
  state.optimizer_step = saved.step;
  state.rng = &saved.rng;
  state.n_epochs = saved.n_epochs;
  state.train_loss = saved.train_loss;
  state.test_loss = saved.test_loss;
  state.test_accuracy = saved.test_accuracy;
  state.train_accuracy = saved.train_accuracy;
  state.seconds = saved.seconds;
  state.train_seconds = saved.train_seconds;
  _entrena_training_set_state (run->training, &state);
  run->info->training.epochs = saved.n_epochs;
  entrena_run_finish (run);

  return g_steal_pointer (&run);
}

EntrenaRunResult *
entrena_checkpoint_restore (EntrenaTable  *table,
                            GFile         *file,
                            GError       **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = _entrena_model_read_file (file, &display_name, NULL, error);
  if (bytes == NULL)
    return NULL;

  return entrena_checkpoint_restore_bytes (table, bytes, display_name, error);
}
