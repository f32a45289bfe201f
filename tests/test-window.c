/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "entrena-application.h"
#include "entrena-column-item.h"
#include "entrena-dataset-page.h"
#include "entrena-window.h"
#include "gtk-test-util.h"
#include "window-test-util.h"

#define LOAD_TIMEOUT_MS 20000

/* Six rows: an identifier, two numeric columns, a text column with a hole, the class. */
static const char good_csv[] =
  "Id,sepal,petal,colour,class\n"
  "1,5.1,1.4,red,setosa\n"
  "2,4.9,1.3,blue,setosa\n"
  "3,6.2,4.5,red,versicolor\n"
  "4,5.9,4.2,,versicolor\n"
  "5,6.7,5.8,blue,virginica\n"
  "6,6.3,5.1,red,virginica\n";

/* Line 4 has one field too many. */
static const char ragged_csv[] =
  "a,b,class\n"
  "1,2,x\n"
  "3,4,y\n"
  "5,6,7,z\n"
  "8,9,x\n";

static GFile *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

/* A CSV file slow enough to read that it can be cancelled: about 30 MB, or 8
 * under AddressSanitizer, which reads it several times more slowly. */
#if defined(__SANITIZE_ADDRESS__)
#define BIG_FILE_MB 8
#else
#define BIG_FILE_MB 30
#endif

static GFile *
write_big_file (void)
{
  g_autoptr(GString) text = g_string_new ("x,y,z,w,class\n");

  for (guint i = 0; text->len < BIG_FILE_MB * 1024 * 1024; i++)
    g_string_append_printf (text, "%u.25,%u.5,%u.75,%u,%s\n", i, i % 97, i % 13, i % 7,
                            i % 2 ? "odd" : "even");

  return write_file ("big.csv", text->str, text->len);
}

static void
wait_loaded (EntrenaWindow *window)
{
  g_assert_true (gtu_wait_until (ewt_not_loading, window, LOAD_TIMEOUT_MS));
}

static const char *
visible_page (EntrenaWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (ewt_find (window, "content-stack")));
}

static const char *
table_name (EntrenaWindow *window)
{
  EntrenaTable *table = entrena_window_get_table (window);

  g_assert_nonnull (table);

  return entrena_table_get_display_name (table);
}

static gboolean
check_active (EntrenaWindow *window,
              const char    *name)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (ewt_find (window, name)));
}

static void
test_accessible_names (void)
{
  EntrenaWindow *window = ewt_show_window (1000, 700);

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "open-button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Open");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "target-dropdown")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Target column");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "preview")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Data preview");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "progress-bar")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Loading progress");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ewt_find (window, "summary-label")),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Data summary");

  ewt_destroy_window (window);
}

static void
test_load_csv (void)
{
  g_autoptr(GFile) file = write_file ("flowers.csv", good_csv, -1);
  EntrenaWindow *window = ewt_show_window (1000, 700);
  EntrenaDatasetPage *page = entrena_window_get_dataset_page (window);
  GtkColumnView *preview;
  GListModel *columns;
  GtkSelectionModel *rows;
  GtkWidget *check;
  GtkDropDown *dropdown;
  static const char * const names[] = { "Id", "sepal", "petal", "colour", "class" };
  g_auto(GStrv) excluded = NULL;
  const char *summary;

  entrena_window_open_file (window, file);
  g_assert_true (entrena_window_get_loading (window));
  wait_loaded (window);

  g_assert_false (ewt_error_shown (window));
  g_assert_nonnull (entrena_window_get_table (window));

  /* One preview column per CSV column, headed by its name, its type and missing count. */
  preview = GTK_COLUMN_VIEW (ewt_find (window, "preview"));
  columns = gtk_column_view_get_columns (preview);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autofree char *prefix = g_strconcat (names[i], "\n", NULL);

      g_assert_true (g_str_has_prefix (gtk_column_view_column_get_title (column), prefix));
    }
  {
    g_autoptr(GtkColumnViewColumn) id_column = g_list_model_get_item (columns, 0);
    g_autoptr(GtkColumnViewColumn) sepal_column = g_list_model_get_item (columns, 1);
    g_autoptr(GtkColumnViewColumn) colour_column = g_list_model_get_item (columns, 3);

    const char *id_title = gtk_column_view_column_get_title (id_column);
    const char *sepal_title = gtk_column_view_column_get_title (sepal_column);
    const char *colour_title = gtk_column_view_column_get_title (colour_column);

    g_assert_nonnull (strstr (id_title, "identifier"));
    g_assert_nonnull (strstr (sepal_title, "numeric · 0 missing"));
    g_assert_nonnull (strstr (colour_title, "categorical · 1 missing"));
  }
  rows = gtk_column_view_get_model (preview);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 6);

  /* The class column is the suggested target; the identifier is not a feature. */
  g_assert_cmpint (entrena_dataset_page_get_target_column (page), ==, 4);
  dropdown = GTK_DROP_DOWN (ewt_find (window, "target-dropdown"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 4);
  g_assert_false (entrena_dataset_page_get_column_is_feature (page, 0));
  g_assert_true (entrena_dataset_page_get_column_is_feature (page, 1));
  g_assert_false (entrena_dataset_page_get_column_is_feature (page, 4));

  check = ewt_find (window, "feature-check-0");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  check = ewt_find (window, "feature-check-1");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (gtk_widget_get_sensitive (ewt_find (window, "feature-check-4")));
  g_assert_false (check_active (window, "feature-check-4"));

  excluded = entrena_dataset_page_dup_excluded_columns (page);
  g_assert_cmpstrv (excluded, ((const char * const[]) { "Id", NULL }));

  /* Ticking the box is what the page remembers. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_false (entrena_dataset_page_get_column_is_feature (page, 1));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  /* Choosing another target frees the old one to be a feature again. */
  entrena_dataset_page_set_target_column (page, 3);
  g_assert_cmpint (entrena_dataset_page_get_target_column (page), ==, 3);
  g_assert_true (entrena_dataset_page_get_column_is_feature (page, 4));
  g_assert_false (entrena_dataset_page_get_column_is_feature (page, 3));
  g_assert_true (gtk_widget_get_sensitive (ewt_find (window, "feature-check-4")));
  g_assert_true (check_active (window, "feature-check-4"));
  g_assert_false (check_active (window, "feature-check-3"));

  g_assert_cmpuint (entrena_dataset_page_get_missing_policy (page), ==, ENTRENA_MISSING_DROP_ROWS);
  dropdown = GTK_DROP_DOWN (ewt_find (window, "missing-dropdown"));
  gtk_drop_down_set_selected (dropdown, ENTRENA_MISSING_FILL);
  g_assert_cmpuint (entrena_dataset_page_get_missing_policy (page), ==, ENTRENA_MISSING_FILL);

  /* The summary names the file's shape and format. */
  g_assert_cmpstr (ewt_label_text (window, "title-label"), ==, "flowers.csv");
  summary = ewt_label_text (window, "summary-label");
  g_assert_nonnull (strstr (summary, "6 rows × 5 columns"));
  g_assert_nonnull (strstr (summary, "comma-separated"));
  g_assert_nonnull (strstr (summary, "header row"));

  ewt_destroy_window (window);
}

static void
test_load_error (void)
{
  g_autoptr(GFile) good = write_file ("flowers.csv", good_csv, -1);
  g_autoptr(GFile) bad = write_file ("ragged.csv", ragged_csv, -1);
  EntrenaWindow *window = ewt_show_window (1000, 700);
  EntrenaTable *table;
  g_autofree char *message = NULL;
  const char *title;

  entrena_window_open_file (window, good);
  wait_loaded (window);
  table = entrena_window_get_table (window);
  g_assert_nonnull (table);

  entrena_window_open_file (window, bad);
  wait_loaded (window);

  /* The whole message is in the window, naming the line, and the old data stay. */
  g_assert_true (ewt_error_shown (window));
  title = ewt_label_text (window, "error-title");
  g_assert_nonnull (strstr (title, "ragged.csv"));
  message = g_utf8_strdown (ewt_label_text (window, "error-message"), -1);
  g_test_message ("error shown: %s", message);
  g_assert_nonnull (strstr (message, "line 4"));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (ewt_find (window, "error-message"))));
  g_assert_true (entrena_window_get_table (window) == table);

  /* Dismissing it, and loading again, hides it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
  g_assert_false (ewt_error_shown (window));

  ewt_destroy_window (window);
}

static void
test_error_on_empty_window (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/entrena/nothing.csv");
  EntrenaWindow *window = ewt_show_window (1000, 700);

  entrena_window_open_file (window, missing);
  wait_loaded (window);

  g_assert_true (ewt_error_shown (window));
  g_assert_null (entrena_window_get_table (window));
  g_assert_cmpstr (ewt_label_text (window, "error-title"), ==,
                   "Could not open “nothing.csv”");
  g_assert_cmpstr (ewt_label_text (window, "error-message"), !=, "");

  ewt_destroy_window (window);
}

static void
test_demo_action (void)
{
  EntrenaWindow *window = ewt_show_window (1000, 700);
  EntrenaDatasetPage *page;
  EntrenaTable *table;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", "s", "blobs");
  g_assert_true (entrena_window_get_loading (window));
  wait_loaded (window);

  g_assert_false (ewt_error_shown (window));
  table = entrena_window_get_table (window);
  g_assert_nonnull (table);
  g_assert_cmpstr (entrena_table_get_display_name (table), ==, "Beetles");
  page = entrena_window_get_dataset_page (window);
  g_assert_cmpint (entrena_dataset_page_get_target_column (page), ==,
                   entrena_table_find_column (table, "species"));

  /* An unknown demo is an error in the window, not a crash. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", "s", "no-such-demo");
  wait_loaded (window);
  g_assert_true (ewt_error_shown (window));
  g_assert_true (entrena_window_get_table (window) == table);

  ewt_destroy_window (window);
}

static void
test_cancel (void)
{
  g_autoptr(GFile) big = write_big_file ();
  g_autoptr(GFile) small = write_file ("flowers.csv", good_csv, -1);
  EntrenaWindow *window = ewt_show_window (1000, 700);

  /* Cancelling shows nothing and leaves the window as it was. */
  entrena_window_open_file (window, big);
  g_assert_true (entrena_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "empty");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL);
  g_assert_false (entrena_window_get_loading (window));
  gtu_spin (300);
  g_assert_false (ewt_error_shown (window));
  g_assert_null (entrena_window_get_table (window));
  g_assert_cmpstr (visible_page (window), ==, "welcome");

  /* Opening another file supersedes the load in progress. */
  entrena_window_open_file (window, big);
  entrena_window_open_file (window, small);
  wait_loaded (window);
  gtu_spin (300);
  g_assert_false (ewt_error_shown (window));
  g_assert_cmpstr (table_name (window), ==, "flowers.csv");
  g_assert_cmpstr (visible_page (window), ==, "data");

  ewt_destroy_window (window);
}

static void
test_progress (void)
{
  g_autoptr(GFile) big = write_big_file ();
  EntrenaWindow *window = ewt_show_window (1000, 700);
  GtkProgressBar *progress = GTK_PROGRESS_BAR (ewt_find (window, "progress-bar"));
  GtkSelectionModel *rows;
  EntrenaTable *table;

  entrena_window_open_file (window, big);
  wait_loaded (window);

  table = entrena_window_get_table (window);
  g_assert_nonnull (table);
  g_assert_cmpuint (entrena_table_get_n_rows (table), >, 100000);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), >, 0.0);

  /* The preview holds only the first rows. */
  rows = gtk_column_view_get_model (GTK_COLUMN_VIEW (ewt_find (window, "preview")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 200);

  ewt_destroy_window (window);
}

static GMenuModel *
get_files_section (EntrenaWindow *window)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (ewt_find (window, "menu-button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  GMenuModel *section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);

  g_assert_nonnull (section);
  g_object_unref (section);  /* the menu keeps it alive */

  return section;
}

static gboolean
has_recent_submenu (gpointer data)
{
  return g_menu_model_get_n_items (get_files_section (data)) == 2;
}

static void
test_recent_files (void)
{
  g_autoptr(GFile) file = write_file ("recent.csv", good_csv, -1);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GMenuModel) recent = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *action = NULL;
  EntrenaWindow *window = ewt_show_window (1000, 700);
  GMenuModel *section = get_files_section (window);
  guint n_recent;
  gboolean found = FALSE;

  entrena_window_open_file (window, file);
  wait_loaded (window);

  /* The recent manager saves and reports the change from an idle callback. */
  g_assert_true (gtu_wait_until (has_recent_submenu, window, 5000));
  recent = g_menu_model_get_item_link (section, 0, G_MENU_LINK_SUBMENU);
  g_assert_nonnull (recent);

  n_recent = g_menu_model_get_n_items (recent);
  for (guint i = 0; i < n_recent && !found; i++)
    {
      g_clear_pointer (&target, g_variant_unref);
      g_clear_pointer (&action, g_free);
      target = g_menu_model_get_item_attribute_value (recent, i, G_MENU_ATTRIBUTE_TARGET,
                                                      G_VARIANT_TYPE_STRING);
      g_menu_model_get_item_attribute (recent, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      found = g_strcmp0 (g_variant_get_string (target, NULL), uri) == 0;
    }
  g_assert_true (found);
  g_assert_cmpstr (action, ==, "win.open-recent");

  /* Opening it again goes through the same action as the menu item. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri);
  g_assert_true (entrena_window_get_loading (window));
  wait_loaded (window);
  g_assert_false (ewt_error_shown (window));

  ewt_destroy_window (window);
}

static GtkDropTarget *
find_drop_target (EntrenaWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static void
test_drop (void)
{
  g_autoptr(GFile) first = write_file ("dropped.csv", good_csv, -1);
  g_autoptr(GFile) second = write_file ("dropped-too.csv", good_csv, -1);
  EntrenaWindow *window = ewt_show_window (1000, 700);
  GtkDropTarget *target = find_drop_target (window);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *files;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);

  /* A list of files, as file managers offer them: the first one is opened. */
  files = g_slist_prepend (g_slist_prepend (NULL, second), first);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_slist_free (files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  wait_loaded (window);
  g_assert_cmpstr (table_name (window), ==, "dropped.csv");

  /* A single GFile. */
  g_value_unset (&value);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, second);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  wait_loaded (window);
  g_assert_cmpstr (table_name (window), ==, "dropped-too.csv");

  ewt_destroy_window (window);
}

static AdwAboutWindow *
find_about_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (ADW_IS_ABOUT_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
test_application (void)
{
  g_autoptr(EntrenaApplication) app = entrena_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  GtkWindow *window;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.open");
  g_assert_cmpstrv (accels, ((const char * const[]) { "<Control>o", NULL }));

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-demo",
                                  g_variant_new_string ("circles"));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (ENTRENA_IS_WINDOW (window));
  wait_loaded (ENTRENA_WINDOW (window));
  g_assert_cmpstr (table_name (ENTRENA_WINDOW (window)), ==, "Concentric Circles");

  /* The shortcuts window comes from the application's resources. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  {
    AdwAboutWindow *about = find_about_window ();

    g_assert_nonnull (about);
    g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == window);
    gtk_window_destroy (GTK_WINDOW (about));
  }

  while ((window = gtk_application_get_active_window (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ewt_save_data_dirs ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* GTK's in-process accessibility backend: it keeps the accessible properties for
   * gtk_test_accessible_assert_property() without talking to an AT-SPI bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  if (!gtu_init ())
    return 0;
  adw_init ();

  g_test_add_func ("/entrena/window/accessible-names", test_accessible_names);
  g_test_add_func ("/entrena/window/load-csv", test_load_csv);
  g_test_add_func ("/entrena/window/load-error", test_load_error);
  g_test_add_func ("/entrena/window/error-on-empty-window", test_error_on_empty_window);
  g_test_add_func ("/entrena/window/demo-action", test_demo_action);
  g_test_add_func ("/entrena/window/cancel", test_cancel);
  g_test_add_func ("/entrena/window/progress", test_progress);
  g_test_add_func ("/entrena/window/recent-files", test_recent_files);
  g_test_add_func ("/entrena/window/drop", test_drop);
  g_test_add_func ("/entrena/application/open-demo", test_application);

  return g_test_run ();
}
