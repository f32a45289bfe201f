/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "entrena-chart-theme.h"
#include "entrena-loss-chart.h"
#include "training-window-test-util.h"

/*
 * The presentation zoom: Ctrl+plus, Ctrl+minus and Ctrl+0 (the window's
 * actions) and the control in the main menu step the window's text, its
 * controls and the chart from 75% to 300%; the level is remembered in
 * GSettings (the memory backend here), so a second window, as after a
 * restart, opens at it.
 */

#define BASE_APP_ID_SCHEMA "io.github.entrena.Entrena"

/* The font size, in Pango units, that @widget draws its text at. */
static int
font_size (GtkWidget *widget)
{
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));

  return pango_font_description_get_size (font);
}

typedef struct
{
  GtkWidget *widget;
  int        size;
} Grown;

static gboolean
font_differs (gpointer data)
{
  Grown *grown = data;

  return font_size (grown->widget) != grown->size;
}

/* Activates @action and waits for the new style to reach @widget. */
static void
activate_and_wait (EntrenaWindow *window,
                   const char    *action,
                   GtkWidget     *widget)
{
  Grown grown = { widget, font_size (widget) };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  g_assert_true (gtu_wait_until (font_differs, &grown, 5000));
}

static void
test_zoom_steps_and_scales (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID_SCHEMA);
  EntrenaWindow *window;
  GtkWidget *chart;
  GtkWidget *reset;
  int normal;

  g_settings_reset (settings, "zoom");
  window = ewt_show_window (1280, 800);
  chart = GTK_WIDGET (entrena_window_get_loss_chart (window));
  reset = ewt_find (window, "zoom-reset-button");
  g_assert_cmpfloat (entrena_window_get_zoom (window), ==, 1.0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (reset)), ==, "100%");
  g_assert_cmpfloat_with_epsilon (entrena_chart_theme_zoom (chart), 1.0, 0.01);
  normal = font_size (chart);

  /* Ctrl+plus: one step up, remembered; the chart reads the same zoom from
   * its font, which scales its text, lines and markers. */
  activate_and_wait (window, "win.zoom-in", chart);
  g_assert_cmpfloat (entrena_window_get_zoom (window), ==, 1.1);
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), ==, 1.1);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "zoom-110"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (reset)), ==, "110%");
  g_assert_cmpfloat_with_epsilon (entrena_chart_theme_zoom (chart), 1.1, 0.01);
  g_assert_cmpint (font_size (chart), >, normal);

  /* Up to 300%, and no further. */
  while (entrena_window_get_zoom (window) < 3.0)
    activate_and_wait (window, "win.zoom-in", chart);
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), ==, 3.0);
  g_assert_cmpfloat_with_epsilon (entrena_chart_theme_zoom (chart), 3.0, 0.01);
  g_assert_cmpint (font_size (chart), >=, normal * 29 / 10);
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "zoom-in-button")));

  /* Ctrl+0 back to 100%; Ctrl+minus down to 75%, and no further. */
  activate_and_wait (window, "win.zoom-reset", chart);
  g_assert_cmpfloat (entrena_window_get_zoom (window), ==, 1.0);
  g_assert_cmpint (font_size (chart), ==, normal);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "zoom-300"));
  while (entrena_window_get_zoom (window) > 0.75)
    activate_and_wait (window, "win.zoom-out", chart);
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), ==, 0.75);
  g_assert_cmpint (font_size (chart), <, normal);
  g_assert_false (gtk_widget_is_sensitive (ewt_find (window, "zoom-out-button")));

  ewt_destroy_window (window);
  g_settings_reset (settings, "zoom");
}

/* The level outlives the window: the next one (as after a restart) opens at
 * it, and a level set elsewhere (another window) is followed at once. */
static void
test_zoom_persists (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID_SCHEMA);
  EntrenaWindow *window;
  GtkWidget *chart;

  g_settings_reset (settings, "zoom");
  window = ewt_show_window (1280, 800);
  chart = GTK_WIDGET (entrena_window_get_loss_chart (window));
  activate_and_wait (window, "win.zoom-in", chart);
  activate_and_wait (window, "win.zoom-in", chart);
  activate_and_wait (window, "win.zoom-in", chart);
  g_assert_cmpfloat (entrena_window_get_zoom (window), ==, 1.5);
  ewt_destroy_window (window);

  window = ewt_show_window (1280, 800);
  chart = GTK_WIDGET (entrena_window_get_loss_chart (window));
  g_assert_cmpfloat (entrena_window_get_zoom (window), ==, 1.5);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "zoom-150"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (ewt_find (window, "zoom-reset-button"))), ==, "150%");
  gtu_spin (100);
  g_assert_cmpfloat_with_epsilon (entrena_chart_theme_zoom (chart), 1.5, 0.01);

  /* A level between the steps snaps to the nearest. */
  g_settings_set_double (settings, "zoom", 2.4);
  g_assert_cmpfloat (entrena_window_get_zoom (window), ==, 2.5);

  ewt_destroy_window (window);
  g_settings_reset (settings, "zoom");
}

/* Popovers and dialogs are surfaces of their own: the main menu's text and a
 * dialog's over the window follow the zoom all the same. */
static void
test_zoom_popovers_and_dialogs (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID_SCHEMA);
  EntrenaWindow *window;
  GtkWidget *reset;
  GtkWidget *dialog;
  GtkWidget *dialog_label = NULL;
  Grown grown;
  int menu_normal;
  int dialog_normal;

  g_settings_reset (settings, "zoom");
  window = ewt_show_window (1280, 800);
  reset = ewt_find (window, "zoom-reset-button");
  gtk_menu_button_popup (GTK_MENU_BUTTON (ewt_find (window, "menu-button")));
  dialog = adw_message_dialog_new (GTK_WINDOW (window), "Heading", "Some body text");
  gtk_window_present (GTK_WINDOW (dialog));
  gtu_spin (200);
  for (GtkWidget *w = gtk_widget_get_first_child (dialog); w != NULL && dialog_label == NULL; )
    {
      if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (w)), "Some body text") == 0)
        dialog_label = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
        }
    }
  g_assert_nonnull (dialog_label);
  g_assert_true (gtk_widget_get_mapped (reset));
  menu_normal = font_size (reset);
  dialog_normal = font_size (dialog_label);

  grown = (Grown) { reset, menu_normal };
  g_settings_set_double (settings, "zoom", 2.0);
  g_assert_true (gtu_wait_until (font_differs, &grown, 5000));
  gtu_spin (100);
  g_assert_cmpint (ABS (font_size (reset) - 2 * menu_normal), <=, 2);
  g_assert_cmpint (ABS (font_size (dialog_label) - 2 * dialog_normal), <=, 2);

  /* And back. */
  g_settings_set_double (settings, "zoom", 1.0);
  grown = (Grown) { reset, 2 * menu_normal };
  g_assert_true (gtu_wait_until (font_differs, &grown, 5000));
  gtu_spin (100);
  g_assert_cmpint (font_size (reset), ==, menu_normal);
  g_assert_cmpint (font_size (dialog_label), ==, dialog_normal);

  /* Closed as a user would, before the window goes. */
  gtk_menu_button_popdown (GTK_MENU_BUTTON (ewt_find (window, "menu-button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtu_spin (200);
  ewt_destroy_window (window);
  g_settings_reset (settings, "zoom");
}

static void
test_zoom_accessible (void)
{
  EntrenaWindow *window = ewt_show_window (1000, 700);
  static const struct
  {
    const char *widget;
    const char *label;
  } names[] = {
    { "zoom-out-button", "Zoom Out" },
    { "zoom-reset-button", "Reset Zoom" },
    { "zoom-in-button", "Zoom In" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, names[i].widget)),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, names[i].label);
  /* The reset button shows the level, and says it. */
  {
    g_autofree char *wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (ewt_find (window, "zoom-reset-button")),
                                                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "100%");

    g_assert_null (wrong);
  }

  ewt_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!ewt_init (&argc, &argv))
    return 0;

  g_test_add_func ("/entrena/window/zoom/steps-and-scales", test_zoom_steps_and_scales);
  g_test_add_func ("/entrena/window/zoom/persists", test_zoom_persists);
  g_test_add_func ("/entrena/window/zoom/popovers-and-dialogs", test_zoom_popovers_and_dialogs);
  g_test_add_func ("/entrena/window/zoom/accessible", test_zoom_accessible);

  return g_test_run ();
}
