/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-chart"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "entrena-atomic-write.h"
#include "entrena-chart-export.h"
#include "entrena-error.h"

/* Beyond these, an image would not fit cairo's limits or sensible memory. */
#define MAX_SIZE        16384
#define MAX_SCALE       8.0
#define MAX_IMAGE_PIXELS 32767

EntrenaChartFormat
entrena_chart_format_from_filename (const char *filename)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (filename != NULL, ENTRENA_CHART_FORMAT_GUESS);

  lower = g_utf8_strdown (filename, -1);
  if (g_str_has_suffix (lower, ".png"))
    return ENTRENA_CHART_FORMAT_PNG;
  if (g_str_has_suffix (lower, ".svg"))
    return ENTRENA_CHART_FORMAT_SVG;
  if (g_str_has_suffix (lower, ".pdf"))
    return ENTRENA_CHART_FORMAT_PDF;

  return ENTRENA_CHART_FORMAT_GUESS;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/* Cairo draws text as outlines, so an SVG says nothing to a screen reader or
 * a search: give it a <title> and a <desc> (for the loss chart, naming the
 * curves and, for a comparison, every run) right after its opening <svg> tag. */
static GBytes *
svg_add_title (GByteArray *svg,
               const char *title,
               const char *desc)
{
  g_autofree char *elements = NULL;
  const char *text = (const char *) svg->data;
  const char *start = g_strstr_len (text, svg->len, "<svg");
  const char *end = start != NULL ? memchr (start, '>', svg->len - (start - text)) : NULL;
  g_autoptr (GByteArray) out = g_byte_array_sized_new (svg->len + 1024);

  if (end == NULL)
    return g_bytes_new (svg->data, svg->len);

  elements = g_markup_printf_escaped ("\n<title>%s</title>\n<desc>%s</desc>", title, desc);
  g_byte_array_append (out, svg->data, end + 1 - text);
  g_byte_array_append (out, (const guint8 *) elements, strlen (elements));
  g_byte_array_append (out, (const guint8 *) end + 1, svg->len - (end + 1 - text));

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
check_status (cairo_status_t status,
              GError       **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: %s is Cairo's reason, in English. */
               _("Could not draw the chart: %s"), cairo_status_to_string (status));

  return FALSE;
}

GBytes *
entrena_chart_export_drawing_to_bytes (EntrenaChartDrawFunc     draw,
                                       gconstpointer            data,
                                       const EntrenaChartStyle *style,
                                       const char              *title,
                                       const char              *description,
                                       EntrenaChartFormat       format,
                                       int                      width,
                                       int                      height,
                                       double                   scale,
                                       GError                 **error)
{
  g_autoptr (GByteArray) bytes = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (draw != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width < 1 || height < 1 || width > MAX_SIZE || height > MAX_SIZE)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   /* Translators: the size of an exported chart; %d are whole numbers. */
                   _("A chart of %d × %d is not possible: each side must be from 1 to %d."),
                   width, height, MAX_SIZE);
      return NULL;
    }

  bytes = g_byte_array_new ();
  switch (format)
    {
    case ENTRENA_CHART_FORMAT_PNG:
      {
        double pixel_width;
        double pixel_height;

        if (!(scale >= 0.1 && scale <= MAX_SCALE))
          {
            g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                         /* Translators: %g is a number such as 2 or 0.01. */
                         _("A chart scale of %g is not possible: use 1 for normal screens or 2 for HiDPI."),
                         scale);
            return NULL;
          }
        pixel_width = ceil (width * scale);
        pixel_height = ceil (height * scale);
        if (pixel_width > MAX_IMAGE_PIXELS || pixel_height > MAX_IMAGE_PIXELS)
          {
            g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                         /* Translators: a width and a height in pixels, then a scale such as 2. */
                         _("A chart of %d × %d at scale %g is too large for an image."),
                         width, height, scale);
            return NULL;
          }
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) pixel_width, (int) pixel_height);
        /* The device scale lets the chart lay out in logical pixels while
         * every line and glyph uses the full pixel density. */
        cairo_surface_set_device_scale (surface, scale, scale);
      }
      break;

    case ENTRENA_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_cb, bytes, width, height);
      /* Points, like the PDF: both exports have the same physical size. */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      scale = 1;
      break;

    case ENTRENA_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Entrena " PACKAGE_VERSION);
      scale = 1;
      break;

    case ENTRENA_CHART_FORMAT_GUESS:
    default:
      g_set_error_literal (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                           _("Choose PNG, SVG or PDF for the chart."));
      return NULL;
    }

  if (!check_status (cairo_surface_status (surface), error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  draw (cr, data, style, width, height, scale);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == ENTRENA_CHART_FORMAT_PNG)
    {
      cairo_surface_flush (surface);
      status = cairo_surface_write_to_png_stream (surface, append_cb, bytes);
    }
  /* Finishing writes the rest of an SVG or PDF document to the stream. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_status (status, error))
    return NULL;

  if (format == ENTRENA_CHART_FORMAT_SVG)
    return svg_add_title (bytes, title, description != NULL ? description : "");

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

void
entrena_chart_draw_func (cairo_t                 *cr,
                 gconstpointer            data,
                 const EntrenaChartStyle *style,
                 double                   width,
                 double                   height,
                 double                   scale)
{
  entrena_chart_draw (cr, data, style, width, height, scale, NULL);
}

GBytes *
entrena_chart_export_to_bytes (const EntrenaChartData  *data,
                               const EntrenaChartStyle *style,
                               EntrenaChartFormat       format,
                               int                      width,
                               int                      height,
                               double                   scale,
                               GError                 **error)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  title = entrena_chart_title (data);
  description = entrena_chart_describe (data);
  return entrena_chart_export_drawing_to_bytes (entrena_chart_draw_func, data, style, title, description, format,
                                                width, height, scale, error);
}

gboolean
entrena_chart_export_drawing (EntrenaChartDrawFunc     draw,
                              gconstpointer            data,
                              const EntrenaChartStyle *style,
                              const char              *title,
                              const char              *description,
                              GFile                   *file,
                              EntrenaChartFormat       format,
                              int                      width,
                              int                      height,
                              double                   scale,
                              GError                 **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == ENTRENA_CHART_FORMAT_GUESS)
    {
      g_autofree char *name = g_file_get_basename (file);

      format = entrena_chart_format_from_filename (name != NULL ? name : "");
      if (format == ENTRENA_CHART_FORMAT_GUESS)
        {
          g_autofree char *shown = g_file_get_parse_name (file);

          g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is a file name. */
                       _("Cannot tell which image format “%s” should have: end its name in .png, .svg or .pdf."),
                       shown);
          return FALSE;
        }
    }

  bytes = entrena_chart_export_drawing_to_bytes (draw, data, style, title, description, format,
                                                 width, height, scale, error);
  if (bytes == NULL)
    return FALSE;

  /* Rendering happens before the file is touched, and the write goes to a
   * temporary file renamed over @file: a failure never leaves half a chart. */
  return entrena_atomic_write_bytes (file, bytes, NULL, error);
}

gboolean
entrena_chart_export (const EntrenaChartData  *data,
                      const EntrenaChartStyle *style,
                      GFile                   *file,
                      EntrenaChartFormat       format,
                      int                      width,
                      int                      height,
                      double                   scale,
                      GError                 **error)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (data != NULL, FALSE);

  title = entrena_chart_title (data);
  description = entrena_chart_describe (data);
  return entrena_chart_export_drawing (entrena_chart_draw_func, data, style, title, description, file, format,
                                       width, height, scale, error);
}
