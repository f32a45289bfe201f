/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-number"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "entrena-number.h"

/* Powers of ten that a double holds exactly: with a mantissa below 2^53, one
 * multiplication or division by one of these is correctly rounded (Clinger's
 * fast path), which covers nearly every number people type by hand. */
static const double exact_pow10[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static gboolean
is_missing_token (const char *s,
                  gsize       n)
{
  switch (n)
    {
    case 0:
      return TRUE;
    case 1:
      return s[0] == '?';
    case 2:
      return g_ascii_strncasecmp (s, "na", 2) == 0;
    case 3:
      return g_ascii_strncasecmp (s, "nan", 3) == 0 || g_ascii_strncasecmp (s, "n/a", 3) == 0;
    case 4:
      return g_ascii_strncasecmp (s, "null", 4) == 0 || g_ascii_strncasecmp (s, "none", 4) == 0;
    default:
      return FALSE;
    }
}

/* Reads a whole number token or fails; never reads past s + n. */
static gboolean
parse_number (const char *s,
              gsize       n,
              gboolean    decimal_comma,
              double     *value)
{
  const char *p = s;
  const char *end = s + n;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int digits = 0;          /* significant digits kept in mantissa */
  int dropped = 0;         /* integer digits beyond what mantissa holds */
  int frac_digits = 0;     /* fraction digits kept in mantissa */
  int exponent = 0;
  gboolean any_digit = FALSE;
  gboolean seen_mark = FALSE;
  gboolean slow = FALSE;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';

  for (; p < end; p++)
    {
      char c = *p;

      if (c >= '0' && c <= '9')
        {
          any_digit = TRUE;
          if (digits < 19)
            {
              if (mantissa != 0 || c != '0')
                digits++;
              mantissa = mantissa * 10 + (guint64) (c - '0');
              if (seen_mark)
                frac_digits++;
            }
          else
            {
              slow = TRUE;
              if (!seen_mark)
                dropped++;
            }
        }
      else if ((c == '.' || (decimal_comma && c == ',')) && !seen_mark)
        seen_mark = TRUE;
      else
        break;
    }

  if (!any_digit)
    return FALSE;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean exp_negative = FALSE;
      int e = 0;
      gboolean exp_digit = FALSE;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        exp_negative = *p++ == '-';
      for (; p < end && *p >= '0' && *p <= '9'; p++)
        {
          exp_digit = TRUE;
          if (e < 100000)
            e = e * 10 + (*p - '0');
        }
      if (!exp_digit)
        return FALSE;
      exponent = exp_negative ? -e : e;
    }

  if (p != end)
    return FALSE;

  exponent += dropped - frac_digits;

  if (!slow && mantissa <= (G_GUINT64_CONSTANT (1) << 53) && exponent >= -22 && exponent <= 22)
    {
      double v = (double) mantissa;

      if (exponent < 0)
        v /= exact_pow10[-exponent];
      else
        v *= exact_pow10[exponent];
      *value = negative ? -v : v;
    }
  else
    {
      /* The rare long number: hand it to the C library's correctly rounded
       * conversion, with the decimal mark made a point. */
      char buf[128];
      char *stop = NULL;

      if (n >= sizeof buf)
        return FALSE;
      memcpy (buf, s, n);
      buf[n] = '\0';
      if (decimal_comma)
        {
          char *comma = strchr (buf, ',');
          if (comma != NULL)
            *comma = '.';
        }
      *value = g_ascii_strtod (buf, &stop);
      if (stop != buf + n)
        return FALSE;
    }

  /* Overflow to infinity is not a number we can learn from. */
  return isfinite (*value);
}

EntrenaCellKind
entrena_cell_classify (const char *text,
                       gsize       length,
                       gboolean    decimal_comma,
                       double     *value)
{
  const char *s = text;
  gsize n = length;

  while (n > 0 && is_blank (s[0]))
    s++, n--;
  while (n > 0 && is_blank (s[n - 1]))
    n--;

  if (n > 0 && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.'
                || (decimal_comma && s[0] == ',')))
    {
      if (parse_number (s, n, decimal_comma, value))
        return ENTRENA_CELL_NUMBER;
      return ENTRENA_CELL_TEXT;
    }

  if (is_missing_token (s, n))
    return ENTRENA_CELL_MISSING;

  return ENTRENA_CELL_TEXT;
}

gboolean
entrena_cell_has_decimal_comma (const char *text,
                                gsize       length)
{
  gsize i = 0;
  gsize before = 0;
  gsize after = 0;

  while (i < length && is_blank (text[i]))
    i++;
  if (i < length && (text[i] == '-' || text[i] == '+'))
    i++;
  for (; i < length && g_ascii_isdigit (text[i]); i++)
    before++;
  if (i >= length || text[i] != ',')
    return FALSE;
  for (i++; i < length && g_ascii_isdigit (text[i]); i++)
    after++;
  while (i < length && is_blank (text[i]))
    i++;

  return i == length && after > 0;
}

char *
entrena_format_float (float value)
{
  static const char * const formats[] = { "%.6g", "%.7g", "%.8g", "%.9g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      if ((float) g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return g_strdup (buf);
}

int
_entrena_compare_floats (gconstpointer a,
                         gconstpointer b)
{
  float x = *(const float *) a;
  float y = *(const float *) b;

  return (x > y) - (x < y);
}

/* A float's bits as an unsigned key in the floats' order: negative numbers
 * flipped whole, positive ones with the sign bit set. */
static inline guint32
float_key (guint32 bits)
{
  return bits ^ ((bits & 0x80000000u) != 0 ? 0xFFFFFFFFu : 0x80000000u);
}

static inline guint32
key_float_bits (guint32 key)
{
  return key ^ ((key & 0x80000000u) != 0 ? 0x80000000u : 0xFFFFFFFFu);
}

void
_entrena_sort_floats (float *values,
                      gsize  n)
{
  g_autofree guint32 *keys = NULL;
  g_autofree guint32 *other = NULL;
  guint32 *from;
  guint32 *to;

  G_STATIC_ASSERT (sizeof (float) == sizeof (guint32));

  /* Keys tell -0 from 0, which compare equal: keep their order the slow way. */
  for (gsize i = 0; i < n; i++)
    if (values[i] == 0 && signbit (values[i]))
      {
        qsort (values, n, sizeof (float), _entrena_compare_floats);
        return;
      }
  if (n < 2)
    return;

  keys = g_new (guint32, n);
  other = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, &values[i], sizeof bits);
      keys[i] = float_key (bits);
    }

  /* Least significant byte first; each pass keeps the order of equal bytes. */
  from = keys;
  to = other;
  for (guint shift = 0; shift < 32; shift += 8)
    {
      gsize count[256] = { 0 };
      gsize position = 0;
      guint32 *swap;

      for (gsize i = 0; i < n; i++)
        count[(from[i] >> shift) & 0xFF]++;
      if (count[(from[0] >> shift) & 0xFF] == n)
        continue;   /* every key has this byte: nothing moves */
      for (guint b = 0; b < 256; b++)
        {
          gsize c = count[b];

          count[b] = position;
          position += c;
        }
      for (gsize i = 0; i < n; i++)
        to[count[(from[i] >> shift) & 0xFF]++] = from[i];

      swap = from;
      from = to;
      to = swap;
    }

  for (gsize i = 0; i < n; i++)
    {
      guint32 bits = key_float_bits (from[i]);

      memcpy (&values[i], &bits, sizeof bits);
    }
}
