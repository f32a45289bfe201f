/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-number"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-format.h"
#include "entrena-number.h"
#include "fuzz-common.h"

/*
 * libFuzzer target for the number parser every cell goes through. Whatever
 * the bytes: a cell read as a number is finite and is the correctly rounded
 * double that the C library's strtod() reads from the same text (the parser
 * has its own fast path, which must agree); a decimal comma reads as the
 * point would; a float formatted for a file reads back as the same float; and
 * a message's excerpt of the cell is valid UTF-8 of bounded length.
 *
 *   _fuzz/tests/fuzz-number -max_len=64 corpus-copy/ tests/fuzz/number-corpus/
 */

static volatile double sink;

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* What strtod() reads from @text (without its blanks), or NAN when it does
 * not read all of it. */
static double
reference (const char *text,
           gsize       length,
           gboolean    comma_as_point)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;

  while (length > 0 && is_blank (text[0]))
    text++, length--;
  while (length > 0 && is_blank (text[length - 1]))
    length--;

  copy = g_strndup (text, length);
  if (comma_as_point)
    {
      char *comma = strchr (copy, ',');

      if (comma != NULL)
        *comma = '.';
    }
  value = g_ascii_strtod (copy, &end);
  return end == copy + length ? value : NAN;
}

static void
check_cell (const char *text,
            gsize       length,
            gboolean    decimal_comma)
{
  double value = NAN;
  EntrenaCellKind kind = entrena_cell_classify (text, length, decimal_comma, &value);

  g_assert (kind == ENTRENA_CELL_MISSING || kind == ENTRENA_CELL_NUMBER || kind == ENTRENA_CELL_TEXT);
  if (kind != ENTRENA_CELL_NUMBER)
    return;

  g_assert (isfinite (value));
  /* Only ASCII digits, signs, marks and exponents make a number. */
  g_assert (memchr (text, '\0', length) == NULL);
  g_assert (reference (text, length, decimal_comma) == value);

  if (isfinite ((float) value))
    {
      float f = (float) value;
      g_autofree char *formatted = entrena_format_float (f);
      double again = NAN;

      g_assert (entrena_cell_classify (formatted, strlen (formatted), FALSE, &again) == ENTRENA_CELL_NUMBER);
      g_assert ((float) again == f);
    }
  sink += value;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autofree char *terminated = g_strndup (text, size);
  g_autofree char *excerpt = NULL;

  check_cell (text, size, FALSE);
  check_cell (text, size, TRUE);
  sink += entrena_cell_has_decimal_comma (text, size);

  /* The excerpt of a cell a message quotes: valid, and short. */
  excerpt = entrena_format_excerpt (terminated, ENTRENA_EXCERPT_CHARS);
  g_assert (g_utf8_validate (excerpt, -1, NULL));
  g_assert (g_utf8_strlen (excerpt, -1) <= ENTRENA_EXCERPT_CHARS + 1);

  return 0;
}
