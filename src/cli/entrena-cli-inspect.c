/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-cli.h"
#include "entrena-cli-json.h"
#include "entrena-csv.h"
#include "entrena-dataset.h"
#include "entrena-error.h"
#include "entrena-split.h"

typedef struct
{
  char     *target;
  char    **exclude;
  char    **categorical;
  double    test_size;
  double    val_size;   /* -1 when not given */
  gint64    seed;
  gboolean  stratify;
  gboolean  json;
  char     *delimiter;
  gboolean  header;
  gboolean  no_header;
  char     *missing;
} InspectOptions;

static void
inspect_options_clear (InspectOptions *o)
{
  g_free (o->target);
  g_strfreev (o->exclude);
  g_strfreev (o->categorical);
  g_free (o->delimiter);
  g_free (o->missing);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (InspectOptions, inspect_options_clear)

static gboolean
parse_delimiter (const char *text,
                 char       *out)
{
  if (text == NULL)
    *out = 0;
  else if (strcmp (text, "tab") == 0 || strcmp (text, "\\t") == 0)
    *out = '\t';
  else if (strlen (text) == 1 && strchr (",;\t|", text[0]) != NULL)
    *out = text[0];
  else
    return FALSE;
  return TRUE;
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case '\t':
      return "\\t";
    case ';':
      return ";";
    case '|':
      return "|";
    case ',':
    default:
      return ",";
    }
}

static const char *
type_label (EntrenaColumnType type)
{
  switch (type)
    {
    case ENTRENA_COLUMN_CATEGORICAL:
      return C_("column type", "categorical");
    case ENTRENA_COLUMN_IDENTIFIER:
      return C_("column type", "identifier");
    case ENTRENA_COLUMN_NUMERIC:
    default:
      return C_("column type", "numeric");
    }
}

static void
add_index_array (JsonBuilder        *builder,
                 const char         *name,
                 const EntrenaDataset *dataset,
                 const guint        *rows,
                 guint               n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value (builder, dataset->row_index[rows[i]]);
  json_builder_end_array (builder);
}

static void
print_json (EntrenaTable         *table,
            char                **suggested,
            const EntrenaDataset *dataset,
            const EntrenaSplit   *split,
            const InspectOptions *o)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  char delimiter[2] = { entrena_table_get_delimiter (table), 0 };

  json_builder_begin_object (builder);
  entrena_cli_json_add_string (builder, "file", entrena_table_get_display_name (table));
  entrena_cli_json_add_string (builder, "delimiter", delimiter);
  entrena_cli_json_add_boolean (builder, "header", entrena_table_get_has_header (table));
  entrena_cli_json_add_boolean (builder, "decimal_comma", entrena_table_get_decimal_comma (table));
  entrena_cli_json_add_int (builder, "rows", entrena_table_get_n_rows (table));

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint j = 0; j < entrena_table_get_n_columns (table); j++)
    {
      json_builder_begin_object (builder);
      entrena_cli_json_add_string (builder, "name", entrena_table_get_column_name (table, j));
      entrena_cli_json_add_string (builder, "type", entrena_column_type_to_string (entrena_table_get_column_type (table, j)));
      entrena_cli_json_add_int (builder, "missing", entrena_table_get_column_missing (table, j));
      entrena_cli_json_add_int (builder, "distinct", entrena_table_get_column_distinct (table, j));
      entrena_cli_json_add_int (builder, "invalid", entrena_table_get_column_n_invalid (table, j));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  entrena_cli_json_add_strings (builder, "suggested_exclude", (const char * const *) suggested, -1);

  if (dataset != NULL)
    {
      entrena_cli_json_add_string (builder, "target", o->target);
      entrena_cli_json_add_string (builder, "task", entrena_task_to_string (dataset->task));
      entrena_cli_json_add_string (builder, "task_reason", dataset->task_reason);
      entrena_cli_json_add_strings (builder, "features", (const char * const *) dataset->feature_names,
                                    dataset->n_features);

      json_builder_set_member_name (builder, "classes");
      json_builder_begin_array (builder);
      for (guint c = 0; c < dataset->n_classes; c++)
        {
          json_builder_begin_object (builder);
          entrena_cli_json_add_string (builder, "name", dataset->class_names[c]);
          entrena_cli_json_add_int (builder, "count", dataset->class_counts[c]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      entrena_cli_json_add_int (builder, "dropped_rows", dataset->n_dropped);
      entrena_cli_json_add_double (builder, "test_size", o->test_size);
      entrena_cli_json_add_int (builder, "seed", o->seed);
      entrena_cli_json_add_boolean (builder, "stratified", o->stratify);
      add_index_array (builder, "train_rows", dataset, split->train, split->n_train);
      add_index_array (builder, "test_rows", dataset, split->test, split->n_test);
      if (split->n_val > 0)
        {
          entrena_cli_json_add_double (builder, "val_size", o->val_size);
          add_index_array (builder, "val_rows", dataset, split->val, split->n_val);
        }
      entrena_cli_json_add_strings (builder, "warnings", (const char * const *) dataset->warnings->pdata,
                                    dataset->warnings->len);
    }

  json_builder_end_object (builder);
  entrena_cli_json_print (builder);
}

static void
print_text (EntrenaTable         *table,
            char                **suggested,
            const EntrenaDataset *dataset,
            const EntrenaSplit   *split,
            const InspectOptions *o)
{
  guint n_columns = entrena_table_get_n_columns (table);
  guint n_rows = entrena_table_get_n_rows (table);
  int width = 6;
  int type_width;

  for (guint j = 0; j < n_columns; j++)
    width = MAX (width, (int) g_utf8_strlen (entrena_table_get_column_name (table, j), -1));
  width = MIN (width, 40);
  /* Column widths in characters, from the translated words, not bytes. */
  type_width = (int) g_utf8_strlen (_("Type"), -1);
  for (EntrenaColumnType t = ENTRENA_COLUMN_NUMERIC; t <= ENTRENA_COLUMN_IDENTIFIER; t++)
    type_width = MAX (type_width, (int) g_utf8_strlen (type_label (t), -1));

  g_print (_("File:       %s\n"), entrena_table_get_display_name (table));
  g_print (_("Delimiter:  “%s”\n"), delimiter_name (entrena_table_get_delimiter (table)));
  g_print (_("Header:     %s\n"), entrena_table_get_has_header (table) ? _("yes") : _("no"));
  g_print (_("Decimal:    “%s”\n"), entrena_table_get_decimal_comma (table) ? "," : ".");
  g_print (_("Rows:       %u\n"), n_rows);
  g_print (_("Columns:    %u\n\n"), n_columns);

  /* Pad by characters, not bytes, so that accented names line up. */
  {
    g_autofree char *head = g_strdup (_("Column"));
    int pad = width - (int) g_utf8_strlen (head, -1);

    const char *type = _("Type");
    int type_pad = type_width - (int) g_utf8_strlen (type, -1);

    g_print ("  %3s  %s%*s  %s%*s %8s %9s\n", "#", head, MAX (pad, 0), "", type, MAX (type_pad, 0), "",
             _("Missing"), _("Distinct"));
  }
  for (guint j = 0; j < n_columns; j++)
    {
      const char *name = entrena_table_get_column_name (table, j);
      int pad = width - (int) g_utf8_strlen (name, -1);
      guint invalid = entrena_table_get_column_n_invalid (table, j);

      const char *type = type_label (entrena_table_get_column_type (table, j));
      int type_pad = type_width - (int) g_utf8_strlen (type, -1);

      g_print ("  %3u  %s%*s  %s%*s %8u %9u", j + 1, name, MAX (pad, 0), "", type, MAX (type_pad, 0), "",
               entrena_table_get_column_missing (table, j),
               entrena_table_get_column_distinct (table, j));
      if (invalid > 0)
        g_print (ngettext ("  (%u text cell)", "  (%u text cells)", invalid), invalid);
      g_print ("\n");
    }

  if (suggested[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", suggested);

      g_print (_("\nSuggested to leave out: %s\n"), list);
    }

  if (dataset == NULL)
    return;

  if (dataset->task == ENTRENA_TASK_REGRESSION)
    g_print (_("\nTarget:     %s (regression: %s)\n"), o->target, dataset->task_reason);
  else
    g_print (_("\nTarget:     %s (%u classes)\n"), o->target, dataset->n_classes);
  for (guint c = 0; dataset->task != ENTRENA_TASK_REGRESSION && c < dataset->n_classes; c++)
    g_print ("  %-20s %u\n", dataset->class_names[c], dataset->class_counts[c]);
  g_print (ngettext ("Features:   %u column\n", "Features:   %u columns\n", dataset->n_features),
           dataset->n_features);
  {
    g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, o->seed);

    g_print (_("Split:      %u rows to train, %u to test (test size %g, seed %s%s)\n"),
             split->n_train, split->n_test, o->test_size, seed,
             o->stratify ? _(", stratified") : "");
  }
  if (split->n_val > 0)
    g_print (_("Validation: %u of the training rows set aside (validation share %g); %u left to train on\n"),
             split->n_val, o->val_size, split->n_train);

  for (guint i = 0; i < dataset->warnings->len; i++)
    g_print (_("Warning:    %s\n"), (const char *) g_ptr_array_index (dataset->warnings, i));
}

int
entrena_cli_inspect (int    argc,
                     char **argv)
{
  g_auto (InspectOptions) o = { 0 };
  g_auto (GStrv) exclude_args = NULL;
  g_auto (GStrv) categorical_args = NULL;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING, &o.target, N_("The column to predict"), N_("COLUMN") },
    { "exclude", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &exclude_args,
      N_("Columns to leave out, comma-separated (default: the suggested identifier columns)"), N_("COLUMNS") },
    { "categorical", 0, 0, G_OPTION_ARG_STRING_ARRAY, &categorical_args,
      N_("Numeric columns to treat as categories (one-hot encoded)"), N_("COLUMNS") },
    { "test-size", 0, 0, G_OPTION_ARG_DOUBLE, &o.test_size, N_("Fraction of rows for the test set (default 0.2)"), N_("R") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &o.seed, N_("Seed of the split (default 42)"), N_("S") },
    { "stratify", 0, 0, G_OPTION_ARG_NONE, &o.stratify, N_("Keep the class proportions in both sets"), NULL },
    { "val-size", 0, 0, G_OPTION_ARG_DOUBLE, &o.val_size,
      N_("Fraction of the training rows set aside for validation (default: none)"), N_("R") },
    { "missing", 0, 0, G_OPTION_ARG_STRING, &o.missing, N_("Rows with missing cells: drop (default) or fill"), N_("POLICY") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &o.delimiter, N_("Field separator: , ; tab or | (default: detect)"), N_("CHAR") },
    { "header", 0, 0, G_OPTION_ARG_NONE, &o.header, N_("The first row names the columns"), NULL },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &o.no_header, N_("The first row is data"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print one JSON object"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE — show how Entrena reads a CSV file"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autoptr (EntrenaDataset) dataset = NULL;
  g_autoptr (EntrenaSplit) split = NULL;
  g_auto (GStrv) suggested = NULL;
  EntrenaCsvOptions csv_options = ENTRENA_CSV_OPTIONS_INIT;

  o.test_size = 0.2;
  o.val_size = -1;
  o.seed = 42;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints the detected delimiter and header, each column's type, missing "
                                  "and distinct values, the suggested columns to leave out and, with "
                                  "--target, the classes and the rows of the train/test split (the rows "
                                  "scikit-learn’s train_test_split picks for the same seed)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, error->message);

  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("Name one CSV file to inspect."));
  if (!parse_delimiter (o.delimiter, &csv_options.delimiter))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("The delimiter must be one of , ; tab |"));
  if (o.header && o.no_header)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("--header and --no-header contradict each other."));
  if (o.missing != NULL && strcmp (o.missing, "drop") != 0 && strcmp (o.missing, "fill") != 0)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("--missing takes “drop” or “fill”."));
  if (!(o.test_size > 0 && o.test_size < 1))
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("--test-size must be between 0 and 1, for example 0.2."));
  if (o.seed < 0 || o.seed > G_MAXUINT32)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_USAGE, _("--seed must be between 0 and 4294967295."));

  csv_options.header = o.header ? ENTRENA_HEADER_PRESENT : o.no_header ? ENTRENA_HEADER_ABSENT : ENTRENA_HEADER_AUTO;

  file = g_file_new_for_commandline_arg (rest[0]);
  table = entrena_csv_read_file (file, &csv_options, NULL, NULL, NULL, &error);
  if (table == NULL)
    return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

  suggested = entrena_table_suggest_exclude (table);

  if (o.target != NULL)
    {
      EntrenaDatasetOptions dataset_options = { 0 };
      g_auto (GStrv) exclude = NULL;
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

      /* By default leave out what looks like an identifier, but never the target. */
      if (exclude_args != NULL)
        exclude = entrena_cli_split_list (exclude_args);
      else
        {
          for (guint i = 0; suggested[i] != NULL; i++)
            if (entrena_table_find_column (table, suggested[i]) != entrena_table_find_column (table, o.target))
              g_strv_builder_add (builder, suggested[i]);
          exclude = g_strv_builder_end (builder);
        }
      o.categorical = entrena_cli_split_list (categorical_args);

      dataset_options.target = o.target;
      dataset_options.task = ENTRENA_TASK_AUTO;
      dataset_options.exclude = (const char * const *) exclude;
      dataset_options.categorical = (const char * const *) o.categorical;
      dataset_options.missing = g_strcmp0 (o.missing, "fill") == 0 ? ENTRENA_MISSING_FILL : ENTRENA_MISSING_DROP_ROWS;

      dataset = entrena_dataset_new (table, &dataset_options, &error);
      if (dataset == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

      split = entrena_split_new (dataset->n_rows, o.test_size, (guint32) o.seed,
                                 o.stratify ? dataset->y : NULL, dataset->n_classes, &error);
      if (split == NULL)
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);

      entrena_split_check (split, dataset->y, dataset->n_classes, dataset->class_names, dataset->warnings);
      if (o.val_size != -1 &&
          !entrena_split_carve_validation (split, o.val_size, (guint32) o.seed, dataset->y, dataset->n_classes,
                                           dataset->class_names, o.stratify, &error))
        return entrena_cli_fail (ENTRENA_CLI_EXIT_FAILURE, error->message);
    }

  if (o.json)
    print_json (table, suggested, dataset, split, &o);
  else
    print_text (table, suggested, dataset, split, &o);

  return 0;
}
