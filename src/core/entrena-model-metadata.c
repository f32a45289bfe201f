/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-model-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-model-json.h"
#include "entrena-model-metadata.h"
#include "entrena-model-task.h"
#include "entrena-number.h"

/*
 * A model file's "__metadata__": the EntrenaModelInfo that travels with the
 * network's weights. safetensors allows only strings there, so arrays are
 * JSON text inside the string and numbers are written with g_ascii_formatd ()
 * in the fewest digits that read back to the same bits. See
 * _entrena_model_metadata_write() for the keys. Reading checks every entry
 * and its agreement with the network the container holds.
 */

#define FORMAT_KEY  "entrena_format"
#define VERSION_KEY "entrena_version"

/* The most items a metadata list of any length may hold. */
#define MAX_LIST_ITEMS (1 << 20)

/* --- Writing --------------------------------------------------------------- */

/* --- Writing --------------------------------------------------------------- */

/* Appends @d in the fewest significant digits (15 to 17) that g_ascii_strtod ()
 * reads back as exactly @d, so "0.01" stays "0.01" and nothing is lost. */
static void
append_double (GString *out,
               double   d)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert (isfinite (d));

  /* json-glib reads "-0" as the integer 0, which loses the sign. */
  if (d == 0 && signbit (d))
    {
      g_string_append (out, "-0.0");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }

  g_string_append (out, buf);
}

/* The same for a float, read back as a double rounded to float (6 to 9 digits). */
static void
append_float (GString *out,
              float    f)
{
  g_autofree char *text = NULL;

  g_assert (isfinite (f));

  if (f == 0 && signbit (f))
    {
      g_string_append (out, "-0.0");
      return;
    }

  text = entrena_format_float (f);
  g_string_append (out, text);
}

static char *
format_double (double d)
{
  GString *out = g_string_new (NULL);

  append_double (out, d);

  return g_string_free (out, FALSE);
}

/* "[1.5,-0.25]": @n numbers from @doubles, or else from @floats. */
static char *
format_numbers (const double *doubles,
                const float  *floats,
                guint         n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (doubles != NULL)
        append_double (out, doubles[i]);
      else
        append_float (out, floats[i]);
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

/* A JSON array of the strings: @n of them, or up to the %NULL terminator
 * when @n is -1. A %NULL array is empty and a %NULL string is "". */
static char *
format_strings (char * const *strv,
                int           n)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (int i = 0; strv != NULL && (n < 0 ? strv[i] != NULL : i < n); i++)
    json_builder_add_string_value (builder, strv[i] != NULL ? strv[i] : "");
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static const char *
format_bool (gboolean value)
{
  return value ? "true" : "false";
}

static gboolean
check_text (const char  *text,
            const char  *key,
            GError     **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;

  g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is the name of a setting stored in the model file */
               _("Cannot save the model: “%s” is not valid UTF-8 text"), key);
  return FALSE;
}

static gboolean
check_strv (char * const  *strv,
            int            n,
            const char    *key,
            GError       **error)
{
  for (int i = 0; strv != NULL && (n < 0 ? strv[i] != NULL : i < n); i++)
    if (!check_text (strv[i], key, error))
      return FALSE;

  return TRUE;
}

static gboolean
check_finite (const double  *values,
              guint          n,
              const char    *key,
              GError       **error)
{
  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (values[i]))
        {
          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is the name of a setting stored in the model file */
                       _("Cannot save the model: “%s” holds a value that is not a finite number"),
                       key);
          return FALSE;
        }
    }

  return TRUE;
}

/* Rejects what the metadata cannot represent, before anything is written. */
gboolean
_entrena_model_metadata_check (const EntrenaModelInfo  *info,
                               GError                 **error)
{
  guint d = info->n_features;
  double numbers[2] = { info->test_size, info->training.learning_rate };

  if (!check_text (info->source_name, "source_name", error) ||
      !check_text (info->target, "target", error) ||
      !check_strv (info->exclude, -1, "exclude", error) ||
      !check_strv (info->categorical, -1, "categorical", error) ||
      !check_strv (info->feature_names, d, "feature_names", error) ||
      !check_strv (info->feature_columns, d, "feature_columns", error) ||
      !check_strv (info->feature_categories, d, "feature_categories", error) ||
      !check_strv (info->class_names, info->n_classes, "class_names", error))
    return FALSE;

  if (!check_finite (&numbers[0], 1, "test_size", error) ||
      !check_finite (&numbers[1], 1, "learning_rate", error))
    return FALSE;

  if (info->fill_values != NULL)
    {
      for (guint i = 0; i < d; i++)
        {
          double value = info->fill_values[i];

          if (!check_finite (&value, 1, "fill_values", error))
            return FALSE;
        }
    }

  if (info->scaler != NULL &&
      (!check_finite (info->scaler->mean, d, "scaler_mean", error) ||
       !check_finite (info->scaler->scale, d, "scaler_scale", error)))
    return FALSE;

  return TRUE;
}

/*
 * The "__metadata__" map. Every value is a string:
 *
 *   entrena_format      "1", ENTRENA_MODEL_FORMAT_VERSION
 *   entrena_version     the version of Entrena that wrote the file
 *   source_name         the CSV file's name (absent when unknown)
 *   delimiter           the field separator, one ASCII character ("" if unknown)
 *   has_header          "true" or "false"
 *   decimal_comma       "true" or "false"
 *   target              the predicted column (absent when unknown)
 *   exclude             JSON array of strings
 *   categorical         JSON array of strings
 *   missing             "drop" or "fill"
 *   test_size           a number
 *   split_seed          an unsigned 32-bit integer
 *   stratify            "true" or "false"
 *   hidden_layers       JSON array of the hidden layers' widths, "[64,32]"
 *   learning_rate       a number
 *   epochs              an unsigned integer
 *   seed                an unsigned 64-bit integer, torch.manual_seed's
 *   batch_size          an unsigned integer, "0" for the full batch
 *   standardize         "true" or "false"
 *   optimizer           "adam", "adamw", "sgd" or "rmsprop" (absent: "adam")
 *   momentum            a number (absent: 0)
 *   nesterov            "true" or "false" (absent: "false")
 *   weight_decay        a number (absent: 0)
 *   activation          "relu", "leaky-relu", "tanh", "sigmoid" or "gelu"
 *                       (absent in the files of Entrena 0.1.0: ReLU)
 *   n_features          the network's inputs
 *   feature_names       JSON array of n_features strings
 *   feature_columns     JSON array of n_features strings
 *   feature_categories  JSON array of n_features strings ("" for numeric inputs)
 *   fill_values         JSON array of n_features numbers
 *   n_classes           the network's outputs
 *   class_names         JSON array of n_classes strings
 *   scaler_mean         JSON array of n_features numbers (only with a scaler)
 *   scaler_scale        JSON array of n_features numbers (only with a scaler)
 *   input_min, input_max  the inputs' training range (entrena-model-metadata-range.c)
 *   val_size            a number in (0, 1): the validation share (absent: none)
 *   patience            early stopping's patience (absent: no early stopping)
 *   stopped_epoch       the epoch early stopping ended the run (absent: it did not)
 *   best_val_epoch      the epoch of the lowest validation loss (absent: none)
 *
 * and the task's keys (entrena-model-task.c).
 */
JsonObject *
_entrena_model_metadata_write (const EntrenaModelInfo *info)
{
  JsonObject *meta = json_object_new ();
  guint d = info->n_features;
  g_autofree float *zeros = NULL;
  char delimiter[2] = { info->delimiter, '\0' };

#define SET_TAKE(key, value) \
  G_STMT_START { \
    char *_value = (value); \
    json_object_set_string_member (meta, (key), _value); \
    g_free (_value); \
  } G_STMT_END

  SET_TAKE (FORMAT_KEY, g_strdup_printf ("%d", ENTRENA_MODEL_FORMAT_VERSION));
  json_object_set_string_member (meta, VERSION_KEY, PACKAGE_VERSION);

  if (info->source_name != NULL)
    json_object_set_string_member (meta, "source_name", info->source_name);
  json_object_set_string_member (meta, "delimiter", delimiter);
  json_object_set_string_member (meta, "has_header", format_bool (info->has_header));
  json_object_set_string_member (meta, "decimal_comma", format_bool (info->decimal_comma));
  if (info->target != NULL)
    json_object_set_string_member (meta, "target", info->target);
  SET_TAKE ("exclude", format_strings (info->exclude, -1));
  SET_TAKE ("categorical", format_strings (info->categorical, -1));
  json_object_set_string_member (meta, "missing",
                                 info->missing == ENTRENA_MISSING_FILL ? "fill" : "drop");
  SET_TAKE ("test_size", format_double (info->test_size));
  SET_TAKE ("split_seed", g_strdup_printf ("%" G_GUINT32_FORMAT, info->split_seed));
  json_object_set_string_member (meta, "stratify", format_bool (info->stratify));

  {
    GString *hidden = g_string_new ("[");

    for (guint i = 0; i < info->training.n_hidden; i++)
      g_string_append_printf (hidden, "%s%u", i > 0 ? "," : "", info->training.hidden[i]);
    g_string_append_c (hidden, ']');
    SET_TAKE ("hidden_layers", g_string_free (hidden, FALSE));
  }
  SET_TAKE ("learning_rate", format_double (info->training.learning_rate));
  SET_TAKE ("epochs", g_strdup_printf ("%u", info->training.epochs));
  SET_TAKE ("seed", g_strdup_printf ("%" G_GUINT64_FORMAT, info->training.seed));
  SET_TAKE ("batch_size", g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) info->training.batch_size));
  json_object_set_string_member (meta, "standardize", format_bool (info->training.standardize));
  _entrena_model_metadata_write_optimizer (meta, &info->training);
  json_object_set_string_member (meta, "activation", entrena_activation_to_string (info->training.activation));

  SET_TAKE ("n_features", g_strdup_printf ("%u", d));
  SET_TAKE ("feature_names", format_strings (info->feature_names, d));
  /* Optional in the struct: a description made by hand may leave them out. */
  SET_TAKE ("feature_columns", format_strings (info->feature_columns != NULL
                                                 ? info->feature_columns
                                                 : info->feature_names, d));
  if (info->feature_categories != NULL)
    SET_TAKE ("feature_categories", format_strings (info->feature_categories, d));
  else
    {
      g_autofree char **empty = g_new0 (char *, (gsize) d + 1);

      SET_TAKE ("feature_categories", format_strings (empty, d));
    }
  if (info->fill_values == NULL)
    zeros = g_new0 (float, MAX (d, 1));
  SET_TAKE ("fill_values", format_numbers (NULL, info->fill_values != NULL ? info->fill_values : zeros, d));

  SET_TAKE ("n_classes", g_strdup_printf ("%u", info->n_classes));
  SET_TAKE ("class_names", format_strings (info->class_names, info->n_classes));

  _entrena_model_metadata_write_input_range (meta, info);
  if (info->scaler != NULL)
    {
      SET_TAKE ("scaler_mean", format_numbers (info->scaler->mean, NULL, d));
      SET_TAKE ("scaler_scale", format_numbers (info->scaler->scale, NULL, d));
    }

  /* Absent when unused, so files without them read as before. */
  if (info->training.val_size > 0)
    SET_TAKE ("val_size", format_double (info->training.val_size));
  if (info->training.patience > 0)
    SET_TAKE ("patience", g_strdup_printf ("%u", info->training.patience));
  if (info->stopped_epoch > 0)
    SET_TAKE ("stopped_epoch", g_strdup_printf ("%u", info->stopped_epoch));
  if (info->best_val_epoch > 0)
    SET_TAKE ("best_val_epoch", g_strdup_printf ("%u", info->best_val_epoch));

#undef SET_TAKE

  _entrena_model_task_write (info, meta);

  return meta;
}

/* --- Reading --------------------------------------------------------------- */

typedef struct
{
  JsonObject *meta;
  const char *file;
  GError    **error;
} Meta;

static gboolean
meta_missing (Meta       *m,
              const char *key)
{
  return _entrena_model_fail (m->error,
                              /* Translators: the second %s is the name of an entry such as “class_names” */
                              _("“%s” is not an Entrena model: its metadata has no “%s” entry"),
                              m->file, key);
}

static gboolean
meta_invalid (Meta       *m,
              const char *key)
{
  return _entrena_model_fail (m->error,
                              /* Translators: the second %s is the name of an entry such as “class_names” */
                              _("“%s” is not an Entrena model: the metadata entry “%s” is invalid"),
                              m->file, key);
}

/* Every metadata value is a string: checked when the header is read. */
static const char *
meta_string (Meta       *m,
             const char *key)
{
  JsonNode *node = json_object_get_member (m->meta, key);

  if (node == NULL)
    {
      meta_missing (m, key);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
meta_optional_string (Meta        *m,
                      const char  *key,
                      char       **out)
{
  JsonNode *node = json_object_get_member (m->meta, key);

  *out = node != NULL ? g_strdup (json_node_get_string (node)) : NULL;
  return TRUE;
}

static gboolean
meta_bool (Meta       *m,
           const char *key,
           gboolean   *out)
{
  const char *text = meta_string (m, key);

  if (text == NULL)
    return FALSE;
  if (strcmp (text, "true") == 0)
    *out = TRUE;
  else if (strcmp (text, "false") == 0)
    *out = FALSE;
  else
    return meta_invalid (m, key);

  return TRUE;
}

static gboolean
meta_uint (Meta       *m,
           const char *key,
           guint64     max,
           guint64    *out)
{
  const char *text = meta_string (m, key);

  if (text == NULL)
    return FALSE;

  /* Digits only: g_ascii_string_to_unsigned () would take a leading '+'. */
  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    return meta_invalid (m, key);

  return TRUE;
}

static gboolean
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;

  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;

  *out = g_ascii_strtod (text, &end);

  return end != NULL && *end == '\0' && isfinite (*out);
}

static gboolean
meta_double (Meta       *m,
             const char *key,
             double     *out)
{
  const char *text = meta_string (m, key);

  if (text == NULL)
    return FALSE;
  if (!parse_double (text, out))
    return meta_invalid (m, key);

  return TRUE;
}

/* A JSON array inside a metadata string: exactly @n items, or at most
 * MAX_LIST_ITEMS when @n is -1. (transfer full) */
static JsonNode *
meta_array (Meta       *m,
            const char *key,
            gint64      n)
{
  const char *text = meta_string (m, key);
  g_autoptr (JsonNode) node = NULL;
  gsize max_values;

  if (text == NULL)
    return NULL;

  /* n strings count as n values plus n - 1 commas, plus the array. */
  max_values = 2 * (gsize) (n >= 0 ? n : MAX_LIST_ITEMS) + 2;
  node = _entrena_json_parse_strict (text, strlen (text), max_values, NULL);
  if (!_entrena_json_holds (node, JSON_NODE_ARRAY) ||
                    (n < 0 && json_array_get_length (json_node_get_array (node)) > MAX_LIST_ITEMS))
    {
      meta_invalid (m, key);
      return NULL;
    }
  if (n >= 0 && json_array_get_length (json_node_get_array (node)) != n)
    {
      _entrena_model_fail (m->error,
                           /* Translators: the second %s is the name of an entry such as “class_names” */
                           ngettext ("“%s” is not an Entrena model: the metadata entry “%s” should hold %u item",
                                     "“%s” is not an Entrena model: the metadata entry “%s” should hold %u items",
                                     (gulong) n),
                           m->file, key, (guint) n);
      return NULL;
    }

  return g_steal_pointer (&node);
}

/* A %NULL-terminated copy of a JSON array of @n strings (any number when -1). */
static gboolean
meta_strv (Meta         *m,
           const char   *key,
           gint64        n,
           char       ***out)
{
  g_autoptr (JsonNode) node = meta_array (m, key, n);
  g_auto (GStrv) strv = NULL;
  JsonArray *array;
  guint len;

  if (node == NULL)
    return FALSE;

  array = json_node_get_array (node);
  len = json_array_get_length (array);
  strv = g_new0 (char *, (gsize) len + 1);
  for (guint i = 0; i < len; i++)
    {
      const char *s = _entrena_json_get_string (json_array_get_element (array, i));

      if (s == NULL)
        return meta_invalid (m, key);
      strv[i] = g_strdup (s);
    }

  *out = g_steal_pointer (&strv);
  return TRUE;
}

/* @n finite numbers into @out `[n]`. */
static gboolean
meta_doubles (Meta       *m,
              const char *key,
              guint       n,
              double     *out)
{
  g_autoptr (JsonNode) node = meta_array (m, key, n);
  JsonArray *array;

  if (node == NULL)
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GType type;

      if (!_entrena_json_holds (element, JSON_NODE_VALUE))
        return meta_invalid (m, key);
      type = json_node_get_value_type (element);
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return meta_invalid (m, key);
      out[i] = json_node_get_double (element);
      if (!isfinite (out[i]))
        return meta_invalid (m, key);
    }

  return TRUE;
}

/* The format version: present, and not newer than this Entrena reads. */
static gboolean
read_format (Meta *m)
{
  const char *text;
  guint64 value;

  if (m->meta == NULL || !json_object_has_member (m->meta, FORMAT_KEY))
    return _entrena_model_fail (m->error,
                                _("“%s” is not an Entrena model: it holds network weights but no metadata entry “%s” with the feature and class names Entrena needs to use them"),
                                m->file, FORMAT_KEY);

  text = json_object_get_string_member (m->meta, FORMAT_KEY);
  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return meta_invalid (m, FORMAT_KEY);
  if (value > ENTRENA_MODEL_FORMAT_VERSION)
    return _entrena_model_fail (m->error,
                                _("“%s” was saved by a newer version of Entrena (model format %s); update Entrena to open it"),
                                m->file, text);

  return TRUE;
}

/* How the CSV was read and prepared. */
static gboolean
read_csv_options (Meta             *m,
                  EntrenaModelInfo *info)
{
  const char *text;

  if (!meta_optional_string (m, "source_name", &info->source_name))
    return FALSE;
  text = meta_string (m, "delimiter");
  if (text == NULL)
    return FALSE;
  if (strlen (text) > 1 || (guchar) text[0] >= 0x80)
    return meta_invalid (m, "delimiter");
  info->delimiter = text[0];
  if (!meta_bool (m, "has_header", &info->has_header) ||
      !meta_bool (m, "decimal_comma", &info->decimal_comma) ||
      !meta_optional_string (m, "target", &info->target) ||
      !meta_strv (m, "exclude", -1, &info->exclude) ||
      !meta_strv (m, "categorical", -1, &info->categorical))
    return FALSE;
  text = meta_string (m, "missing");
  if (text == NULL)
    return FALSE;
  if (strcmp (text, "drop") == 0)
    info->missing = ENTRENA_MISSING_DROP_ROWS;
  else if (strcmp (text, "fill") == 0)
    info->missing = ENTRENA_MISSING_FILL;
  else
    return meta_invalid (m, "missing");

  return TRUE;
}

/* The split into training and test rows. */
static gboolean
read_split (Meta             *m,
            EntrenaModelInfo *info)
{
  guint64 value;

  if (!meta_double (m, "test_size", &info->test_size))
    return FALSE;
  if (!(info->test_size >= 0 && info->test_size <= 1))
    return meta_invalid (m, "test_size");
  if (!meta_uint (m, "split_seed", G_MAXUINT32, &value))
    return FALSE;
  info->split_seed = (guint32) value;

  return meta_bool (m, "stratify", &info->stratify);
}

/* The hidden layers, which must be the network's `sizes[1 … n_layers − 1]`. */
static gboolean
read_hidden_layers (Meta             *m,
                    EntrenaModelInfo *info,
                    const guint      *sizes,
                    guint             n_layers)
{
  g_autoptr (JsonNode) node = meta_array (m, "hidden_layers", -1);
  JsonArray *hidden;
  guint n_hidden;
  guint64 value;

  if (node == NULL)
    return FALSE;
  hidden = json_node_get_array (node);
  n_hidden = json_array_get_length (hidden);
  for (guint l = 0; l < n_hidden; l++)
    {
      if (!_entrena_json_get_uint (json_array_get_element (hidden, l), G_MAXUINT, &value))
        return meta_invalid (m, "hidden_layers");
      if (n_hidden != n_layers - 1 || value != sizes[l + 1])
        return _entrena_model_fail (m->error, _("“%s” is not an Entrena model: the metadata entry “%s” does not match the network’s hidden layers"),
                                    m->file, "hidden_layers");
      info->training.hidden[l] = (guint) value;
    }
  if (n_hidden != n_layers - 1)
    return _entrena_model_fail (m->error, _("“%s” is not an Entrena model: the metadata entry “%s” does not match the network’s hidden layers"),
                                m->file, "hidden_layers");
  info->training.n_hidden = n_hidden;
  for (guint l = n_hidden; l < G_N_ELEMENTS (info->training.hidden); l++)
    info->training.hidden[l] = 0;

  return TRUE;
}

/* The rest of the training settings. */
static gboolean
read_training (Meta             *m,
               EntrenaModelInfo *info)
{
  const char *text;
  guint64 value;

  if (!meta_double (m, "learning_rate", &info->training.learning_rate))
    return FALSE;
  if (!meta_uint (m, "epochs", G_MAXUINT, &value))
    return FALSE;
  info->training.epochs = (guint) value;
  if (!meta_uint (m, "seed", G_MAXUINT64, &info->training.seed))
    return FALSE;
  if (!meta_uint (m, "batch_size", G_MAXSIZE, &value))
    return FALSE;
  info->training.batch_size = (gsize) value;
  text = json_object_get_member (m->meta, "activation") != NULL ? meta_string (m, "activation") : "relu";
  if (!entrena_activation_from_string (text, &info->training.activation))
    return meta_invalid (m, "activation");
  if (!meta_bool (m, "standardize", &info->training.standardize))
    return FALSE;
  text = _entrena_model_metadata_read_optimizer (m->meta, &info->training);

  return text == NULL || meta_invalid (m, text);
}

/* An optional count, 0 when absent. */
static gboolean
meta_optional_uint (Meta       *m,
                    const char *key,
                    guint      *out)
{
  guint64 value = 0;

  if (json_object_has_member (m->meta, key) && !meta_uint (m, key, ENTRENA_MAX_EPOCHS, &value))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* The validation share and early stopping, absent from older files. */
static gboolean
read_validation (Meta             *m,
                 EntrenaModelInfo *info)
{
  double val_size = 0;

  if (json_object_has_member (m->meta, "val_size"))
    {
      if (!meta_double (m, "val_size", &val_size))
        return FALSE;
      if (!(val_size > 0 && val_size < 1))
        return meta_invalid (m, "val_size");
    }
  info->training.val_size = val_size;

  return meta_optional_uint (m, "patience", &info->training.patience) &&
         meta_optional_uint (m, "stopped_epoch", &info->stopped_epoch) &&
         meta_optional_uint (m, "best_val_epoch", &info->best_val_epoch);
}

/* The inputs; their number is the first layer's, @n_inputs. */
static gboolean
read_inputs (Meta             *m,
             EntrenaModelInfo *info,
             guint             n_inputs)
{
  g_autofree double *fill = NULL;
  guint64 value;
  guint d;

  if (!meta_uint (m, "n_features", G_MAXUINT, &value))
    return FALSE;
  if (value != n_inputs)
    return _entrena_model_fail (m->error,
                                ngettext ("“%s” is not an Entrena model: the metadata entry “%s” does not match the network, which has %u input",
                                          "“%s” is not an Entrena model: the metadata entry “%s” does not match the network, which has %u inputs",
                                          n_inputs),
                                m->file, "n_features", n_inputs);
  info->n_features = d = n_inputs;
  if (!meta_strv (m, "feature_names", d, &info->feature_names) ||
      !meta_strv (m, "feature_columns", d, &info->feature_columns) ||
      !meta_strv (m, "feature_categories", d, &info->feature_categories))
    return FALSE;

  fill = g_new (double, d);
  if (!meta_doubles (m, "fill_values", d, fill))
    return FALSE;
  info->fill_values = g_new (float, d);
  for (guint k = 0; k < d; k++)
    {
      /* Written as floats, so they are floats; a double out of float
       * range would become infinite. */
      info->fill_values[k] = (float) fill[k];
      if (!isfinite (info->fill_values[k]))
        return meta_invalid (m, "fill_values");
    }

  return TRUE;
}

/* The outputs; their number is the last layer's, @n_outputs. */
static gboolean
read_outputs (Meta             *m,
              EntrenaModelInfo *info,
              guint             n_outputs)
{
  guint64 value;

  if (!meta_uint (m, "n_classes", G_MAXUINT, &value))
    return FALSE;
  if (value != n_outputs)
    return _entrena_model_fail (m->error,
                                ngettext ("“%s” is not an Entrena model: the metadata entry “%s” does not match the network, which has %u output",
                                          "“%s” is not an Entrena model: the metadata entry “%s” does not match the network, which has %u outputs",
                                          n_outputs),
                                m->file, "n_classes", n_outputs);
  info->n_classes = n_outputs;

  return meta_strv (m, "class_names", info->n_classes, &info->class_names);
}

static gboolean
read_input_range (Meta             *m,
                  EntrenaModelInfo *info)
{
  const char *bad = _entrena_model_metadata_read_input_range (m->meta, info);

  return bad == NULL || meta_invalid (m, bad);
}

/* The standardization: both arrays or neither. */
static gboolean
read_scaler (Meta             *m,
             EntrenaModelInfo *info)
{
  guint d = info->n_features;
  g_autofree double *mean = NULL;
  g_autofree double *scale = NULL;

  if (!json_object_has_member (m->meta, "scaler_mean") &&
      !json_object_has_member (m->meta, "scaler_scale"))
    return TRUE;

  mean = g_new (double, d);
  scale = g_new (double, d);
  if (!meta_doubles (m, "scaler_mean", d, mean) ||
      !meta_doubles (m, "scaler_scale", d, scale))
    return FALSE;
  for (guint k = 0; k < d; k++)
    if (!(scale[k] >= 0))
      return meta_invalid (m, "scaler_scale");
  info->scaler = entrena_scaler_new (d, mean, scale);

  return TRUE;
}

/**
 * _entrena_model_metadata_read:
 * @metadata: (nullable): the container's "__metadata__", every value a
 *   string of UTF-8 text
 * @sizes: `[n_layers + 1]` the network's layer sizes
 * @n_layers: its Linear layers
 * @file: how to name the file in error messages
 * @error: return location for a #GError
 *
 * Builds the description from @metadata and checks it against the network.
 *
 * Returns: (transfer full): the description, or %NULL with @error set
 *   (%ENTRENA_ERROR_FORMAT)
 */
EntrenaModelInfo *
_entrena_model_metadata_read (JsonObject  *metadata,
                              const guint *sizes,
                              guint        n_layers,
                              const char  *file,
                              GError     **error)
{
  g_autoptr (EntrenaModelInfo) info = NULL;
  Meta m = { metadata, file, error };

  if (!read_format (&m))
    return NULL;

  info = entrena_model_info_new ();
  if (!read_csv_options (&m, info) ||
      !read_split (&m, info) ||
      !read_hidden_layers (&m, info, sizes, n_layers) ||
      !read_training (&m, info) ||
      !read_validation (&m, info) ||
      !read_inputs (&m, info, sizes[0]) ||
      !read_outputs (&m, info, sizes[n_layers]) ||
      !read_scaler (&m, info) ||
      !read_input_range (&m, info) ||
      !_entrena_model_task_read (metadata, info, file, error))
    return NULL;

  return g_steal_pointer (&info);
}
