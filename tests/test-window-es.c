/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window in Spanish: LC_ALL=es_ES.UTF-8 and LANGUAGE=es (set by
 * tests/meson.build), with the catalogue built into <build>/po, which this
 * program binds itself, as main.c binds the installed one. Checks the strings a
 * class sees (title, start page, header bar, training settings) against es.po,
 * that no shown text is an English message with a translation, and that
 * numbers have a decimal comma.
 */
#define G_LOG_DOMAIN "test-window-es"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "entrena-application.h"
#include "entrena-window.h"
#include "gtk-test-util.h"
#include "window-test-util.h"

#define LOAD_TIMEOUT_MS 20000

/* Every text on screen under @root: the labels (as set, with their mnemonic
 * underlines) and the tooltips of mapped widgets. */
static void
collect_shown_text (GtkWidget *root,
                    GPtrArray *texts)
{
  const char *tooltip;

  if (!gtk_widget_get_mapped (root))
    return;

  if (GTK_IS_LABEL (root))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (root)));
  tooltip = gtk_widget_get_tooltip_text (root);
  if (tooltip != NULL)
    g_ptr_array_add (texts, (gpointer) tooltip);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shown_text (child, texts);
}

static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_shown_text (root, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  if (!shows_text (root, text))
    g_error ("“%s” is not shown", text);
}

/* Whether @text comes from the data: a column name, as such or heading a
 * preview column ("name\ntype · missing"). */
static gboolean
is_column_name (EntrenaTable *table,
                const char   *text)
{
  g_autofree char *first_line = NULL;

  if (table == NULL)
    return FALSE;

  first_line = g_strndup (text, strcspn (text, "\n"));

  return entrena_table_find_column (table, first_line) >= 0;
}

/* No text on screen is an English message that es.po translates (the data's
 * own column names aside). */
static void
assert_no_english (EntrenaWindow *window)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  EntrenaTable *table = entrena_window_get_table (window);

  collect_shown_text (GTK_WIDGET (window), texts);
  g_assert_cmpuint (texts->len, >, 5);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (text[0] != '\0' && !is_column_name (table, text) &&
          g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0)
        g_error ("“%s” is shown in English; es.po has “%s”",
                 text, g_dgettext (GETTEXT_PACKAGE, text));
    }
}

static const char *
content_label (GtkWidget *button)
{
  GtkWidget *content = gtk_button_get_child (GTK_BUTTON (button));

  g_assert_true (ADW_IS_BUTTON_CONTENT (content));

  return adw_button_content_get_label (ADW_BUTTON_CONTENT (content));
}

/* The catalogue from the build tree is the one in use. */
static void
test_catalogue (void)
{
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Train a Neural Network"), ==,
                   "Entrene una red neuronal");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "verb", "_Train"), ==, "_Entrenar");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u missing", "%u missing", 2), ==,
                   "%u ausentes");
}

static void
test_start_page (void)
{
  EntrenaWindow *window = ewt_show_window (1280, 800);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *welcome;
  GtkWidget *open_button;
  GtkWidget *button;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Entrena");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (ewt_find (root, "content-stack"))), ==,
                   "welcome");

  welcome = gtu_find_type (gtk_stack_get_child_by_name (GTK_STACK (ewt_find (root, "content-stack")), "welcome"),
                           ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (welcome);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (welcome)), ==,
                   "Entrene una red neuronal");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (welcome)), ==,
                   "Abra un archivo CSV con un ejemplo por fila o empiece con un conjunto de "
                   "datos de ejemplo");

  /* The start page's buttons: open a file, and one card per demo set. */
  button = gtu_find_type (welcome, GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Abrir un archivo CSV…");
  assert_shows (welcome, "Dos espirales");

  /* The header bar. */
  open_button = ewt_find (root, "open-button");
  g_assert_cmpstr (content_label (open_button), ==, "_Abrir");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (open_button), ==, "Abrir un archivo CSV");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (ewt_find (root, "menu-button")), ==, "Menú principal");
  g_assert_cmpstr (content_label (ewt_find (root, "train-button")), ==, "_Entrenar");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (ewt_find (root, "train-button")), ==,
                   "Entrenar la red (Ctrl+Intro)");

  assert_no_english (window);

  ewt_destroy_window (window);
}

static void
test_training_settings (void)
{
  EntrenaWindow *window = ewt_show_window (1280, 800);
  GtkWidget *root = GTK_WIDGET (window);
  AdwViewSwitcherTitle *title;
  GtkWidget *page;
  GtkSpinButton *rate;

  gtk_widget_activate_action (root, "win.open-demo", "s", "spirals");
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
  g_assert_nonnull (entrena_window_get_table (window));

  /* The title bar names the data set in Spanish. */
  title = ADW_VIEW_SWITCHER_TITLE (ewt_find (root, "view-switcher-title"));
  g_assert_cmpstr (adw_view_switcher_title_get_title (title), ==, "Entrena");
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, "Dos espirales");

  /* The data view: the summary and the column types. */
  assert_shows (root, "_Datos");
  {
    const char *summary = gtk_label_get_label (GTK_LABEL (ewt_find (root, "summary-label")));

    g_test_message ("summary: %s", summary);
    g_assert_nonnull (strstr (summary, "600 filas × 3 columnas"));
    g_assert_nonnull (strstr (summary, "separado por comas"));
  }
  assert_no_english (window);

  /* The training settings. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (ewt_find (root, "view-stack")), "training");
  page = ewt_find (root, "training-page");
  g_assert_true (gtu_wait_mapped (page, 5000));
  assert_shows (page, "Filas de prueba");
  assert_shows (page, "Di_visión de prueba");
  assert_shows (page, "Capas ocultas");
  assert_shows (page, "Entrenamiento");
  assert_shows (page, "Tasa de aprendi_zaje");
  assert_shows (page, "É_pocas");
  assert_shows (page, "_Semilla");
  assert_shows (page, "Restaurar los ajustes de la lección");
  assert_shows (root, "Pulse Entrenar para ver cómo aprende la red");
  assert_no_english (window);

  /* Numbers with a decimal comma, which also reads back as the same number. */
  rate = GTK_SPIN_BUTTON (ewt_find (root, "learning-rate-spin"));
  gtk_spin_button_set_value (rate, 0.01);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rate)), ==, "0,01");
  gtk_editable_set_text (GTK_EDITABLE (rate), "0,005");
  gtk_spin_button_update (rate);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (rate), 0.005, 1e-12);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rate)), ==, "0,005");

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mo = NULL;
  const char *locale;

  ewt_save_data_dirs ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* GNU gettext ignores LANGUAGE in the C locale, so this needs the real one. */
  locale = setlocale (LC_ALL, "");
  if (locale == NULL || g_strcmp0 (localeconv ()->decimal_point, ",") != 0)
    {
      g_print ("1..0 # SKIP the es_ES.UTF-8 locale is not installed (locale-gen es_ES.UTF-8)\n");
      return 0;
    }

  mo = g_build_filename (TEST_LOCALEDIR, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_error ("%s was not built", mo);
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gtu_init ())
    return 0;
  adw_init ();

  g_test_add_func ("/entrena/window-es/catalogue", test_catalogue);
  g_test_add_func ("/entrena/window-es/start-page", test_start_page);
  g_test_add_func ("/entrena/window-es/training-settings", test_training_settings);

  return g_test_run ();
}
