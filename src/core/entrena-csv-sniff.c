/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-csv"

#include "config.h"

#include <csv.h>
#include <string.h>

#include "entrena-csv-private.h"
#include "entrena-number.h"

/* Rows of the sample the sniffer looks at. */
#define SNIFF_MAX_ROWS 200

static const char candidates[] = { ',', ';', '\t', '|' };

static int
is_space_only (unsigned char c)
{
  return c == ' ';
}

int (*_entrena_csv_space_func (char delimiter)) (unsigned char)
{
  /* libcsv trims spaces and tabs around unquoted fields by default, which
   * would swallow empty fields of a tab-separated file. Otherwise its own
   * test (no function to call for every byte) is the one wanted. */
  return delimiter == '\t' ? is_space_only : NULL;
}

typedef struct
{
  GPtrArray *rows;   /* of GPtrArray of char* */
  GPtrArray *row;    /* being filled */
} Sample;

static void
sample_field_cb (void  *field,
                 size_t length,
                 void  *data)
{
  Sample *sample = data;

  if (sample->rows->len >= SNIFF_MAX_ROWS)
    return;
  if (sample->row == NULL)
    sample->row = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (sample->row, g_strndup (field != NULL ? field : "", length));
}

static void
sample_row_cb (int   terminator,
               void *data)
{
  Sample *sample = data;

  if (sample->row == NULL)
    return;
  if (sample->rows->len < SNIFF_MAX_ROWS)
    g_ptr_array_add (sample->rows, g_steal_pointer (&sample->row));
  else
    g_clear_pointer (&sample->row, g_ptr_array_unref);
}

static GPtrArray *
parse_sample (const char *text,
              gsize       length,
              char        delimiter)
{
  struct csv_parser parser;
  Sample sample = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref), NULL };

  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    return sample.rows;
  csv_set_delim (&parser, (unsigned char) delimiter);
  csv_set_space_func (&parser, _entrena_csv_space_func (delimiter));
  csv_parse (&parser, text, length, sample_field_cb, sample_row_cb, &sample);
  csv_fini (&parser, sample_field_cb, sample_row_cb, &sample);
  csv_free (&parser);
  g_clear_pointer (&sample.row, g_ptr_array_unref);

  return sample.rows;
}

static guint
modal_field_count (GPtrArray *rows,
                   guint     *n_modal)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best = 0;
  guint best_count = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (row->len))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (row->len), GUINT_TO_POINTER (count));
      if (count > best_count || (count == best_count && row->len > best))
        {
          best = row->len;
          best_count = count;
        }
    }

  *n_modal = best_count;
  return best;
}

static gboolean
rows_have_decimal_comma (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      for (guint j = 0; j < row->len; j++)
        {
          const char *cell = g_ptr_array_index (row, j);

          if (entrena_cell_has_decimal_comma (cell, strlen (cell)))
            return TRUE;
        }
    }

  return FALSE;
}

/* A score in [0, 3]: twice the share of rows with the modal field count, plus
 * the share of their cells that read as numbers or are missing. A delimiter
 * that splits nothing scores 0. */
static double
score_delimiter (GPtrArray *rows,
                 char       delimiter)
{
  guint n_modal = 0;
  guint fields = modal_field_count (rows, &n_modal);
  gboolean decimal_comma = delimiter != ',' && rows_have_decimal_comma (rows);
  guint cells = 0;
  guint clean = 0;

  if (rows->len == 0 || fields < 2)
    return 0;

  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      if (row->len != fields)
        continue;
      for (guint j = 0; j < row->len; j++)
        {
          const char *cell = g_ptr_array_index (row, j);
          double value;

          cells++;
          if (entrena_cell_classify (cell, strlen (cell), decimal_comma, &value) != ENTRENA_CELL_TEXT)
            clean++;
          else if (strchr (cell, ',') == NULL && strchr (cell, ';') == NULL
                   && strchr (cell, '\t') == NULL && strchr (cell, '|') == NULL)
            clean++;
        }
    }

  return 2.0 * n_modal / rows->len + (cells > 0 ? (double) clean / cells : 0);
}

static gboolean
detect_header (GPtrArray *rows,
               gboolean   decimal_comma)
{
  GPtrArray *first;
  guint votes_for = 0;
  guint votes_against = 0;

  if (rows->len == 0)
    return TRUE;

  first = g_ptr_array_index (rows, 0);

  for (guint j = 0; j < first->len; j++)
    {
      const char *head = g_ptr_array_index (first, j);
      double value;
      EntrenaCellKind head_kind = entrena_cell_classify (head, strlen (head), decimal_comma, &value);
      guint numbers = 0;
      guint texts = 0;
      gboolean repeated = FALSE;

      for (guint i = 1; i < rows->len; i++)
        {
          GPtrArray *row = g_ptr_array_index (rows, i);
          const char *cell;

          if (j >= row->len)
            continue;
          cell = g_ptr_array_index (row, j);
          switch (entrena_cell_classify (cell, strlen (cell), decimal_comma, &value))
            {
            case ENTRENA_CELL_NUMBER:
              numbers++;
              break;
            case ENTRENA_CELL_TEXT:
              texts++;
              if (strcmp (cell, head) == 0)
                repeated = TRUE;
              break;
            case ENTRENA_CELL_MISSING:
            default:
              break;
            }
        }

      if (numbers > 0 && numbers >= texts)
        {
          /* A numeric column: a text cell on top is its name. */
          if (head_kind == ENTRENA_CELL_TEXT)
            votes_for++;
          else if (head_kind == ENTRENA_CELL_NUMBER)
            votes_against++;
        }
      else if (texts > 0 && repeated)
        {
          /* A category column whose first value comes again below. */
          votes_against++;
        }
    }

  /* Without evidence either way, assume a header: nearly every CSV has one. */
  return votes_against == 0 || votes_for > votes_against;
}

void
_entrena_csv_sniff (const char              *sample,
                    gsize                    length,
                    gboolean                 complete,
                    const EntrenaCsvOptions *options,
                    EntrenaCsvDialect       *dialect)
{
  g_autoptr (GPtrArray) rows = NULL;
  const char *newline = memchr (sample, '\n', length);
  gsize usable = length;
  guint n_lines = 0;

  dialect->line_terminator = newline != NULL || memchr (sample, '\r', length) == NULL ? '\n' : '\r';

  /* Only whole lines go into the sample, unless it is the whole file. */
  if (!complete)
    {
      const char *p = sample + length;

      while (p > sample && p[-1] != dialect->line_terminator)
        p--;
      if (p > sample)
        usable = (gsize) (p - sample);
    }

  for (gsize i = 0; i < usable; i++)
    if (sample[i] == dialect->line_terminator)
      n_lines++;
  dialect->bytes_per_row = (double) usable / MAX (n_lines, 1);

  if (options->delimiter != 0)
    {
      dialect->delimiter = options->delimiter;
      rows = parse_sample (sample, usable, options->delimiter);
    }
  else
    {
      double best_score = -1;

      for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
        {
          g_autoptr (GPtrArray) candidate_rows = parse_sample (sample, usable, candidates[c]);
          double score = score_delimiter (candidate_rows, candidates[c]);

          if (score > best_score)
            {
              best_score = score;
              dialect->delimiter = candidates[c];
              g_clear_pointer (&rows, g_ptr_array_unref);
              rows = g_steal_pointer (&candidate_rows);
            }
        }
    }

  if (options->decimal_comma >= 0)
    dialect->decimal_comma = options->decimal_comma && dialect->delimiter != ',';
  else
    dialect->decimal_comma = dialect->delimiter != ',' && rows_have_decimal_comma (rows);

  if (options->header == ENTRENA_HEADER_PRESENT)
    dialect->has_header = TRUE;
  else if (options->header == ENTRENA_HEADER_ABSENT)
    dialect->has_header = FALSE;
  else
    dialect->has_header = detect_header (rows, dialect->decimal_comma);
}
