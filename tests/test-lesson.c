/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-lesson"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "entrena-error.h"
#include "entrena-lesson.h"

/*
 * Lessons in the core: every run setting is a lesson setting, a lesson
 * written reads back the same, data paths are relative to the lesson file,
 * and a file that is not a lesson is refused naming the key.
 */

/* Every key of the run settings' GVariant form is a lesson setting of the
 * same type: a setting added to the run settings is one in lessons too. */
static void
test_settings_follow_run_settings (void)
{
  g_autoptr (GVariant) run = NULL;
  EntrenaRunSettings settings;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  entrena_run_settings_init (&settings);
  settings.data.target = "label";
  run = entrena_run_settings_to_variant (&settings);

  g_variant_iter_init (&iter, run);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      const GVariantType *type = entrena_lesson_setting_type (name);

      g_assert_nonnull (type);
      g_assert_true (g_variant_type_equal (type, g_variant_get_type (value)));
      g_assert_true (g_strv_contains (entrena_lesson_setting_names (), name));
      g_variant_unref (value);
    }
  g_assert_nonnull (entrena_lesson_setting_type ("categorical"));
  g_assert_nonnull (entrena_lesson_setting_type ("pace"));
  g_assert_null (entrena_lesson_setting_type ("learning_rate"));
}

static EntrenaLesson *
make_lesson (void)
{
  EntrenaLesson *lesson = entrena_lesson_new ();
  EntrenaRunSettings settings;
  const char * const exclude[] = { "id", NULL };
  const char * const categorical[] = { "x", NULL };
  const char * const locked[] = { "epochs", "target", NULL };
  const float loss[] = { 1.5f, 0.1f, NAN };
  const float accuracy[] = { 0.25f, 0.5f, 1.0f / 3.0f };
  static const char csv[] = "id,x,y,label\n1,1,2,a\n2,2,1,b\n";
  g_autoptr (GBytes) data = g_bytes_new_static (csv, strlen (csv));
  g_autoptr (GVariant) run_settings = NULL;

  entrena_run_settings_init (&settings);
  settings.data.target = "label";
  settings.data.exclude = exclude;
  settings.data.categorical = categorical;
  settings.training.learning_rate = 0.1;
  settings.training.epochs = 3;

  lesson->title = g_strdup ("Título «con» \"comillas\"\n");
  lesson->instructions = g_strdup ("Line one\n\tLine two");
  g_clear_pointer (&lesson->settings, g_variant_unref);
  lesson->settings = entrena_lesson_settings_new (&settings, 7.5);
  g_strfreev (lesson->locked);
  lesson->locked = g_strdupv ((char **) locked);
  entrena_lesson_set_data (lesson, "tiny.csv", data);
  run_settings = entrena_lesson_settings_new (&settings, 0.0);
  entrena_lesson_add_run (lesson, "lr 0.1", run_settings, 3, loss, loss, accuracy, accuracy);

  return lesson;
}

static void
test_round_trip (void)
{
  g_autoptr (EntrenaLesson) lesson = make_lesson ();
  g_autoptr (EntrenaLesson) read = NULL;
  g_autoptr (GBytes) bytes = entrena_lesson_to_bytes (lesson);
  g_autoptr (GBytes) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (EntrenaTable) table = NULL;
  g_autofree const char **exclude = NULL;
  g_autofree const char **categorical = NULL;
  const EntrenaLessonRun *run;
  EntrenaRunSettings settings;
  double pace = 0;

  read = entrena_lesson_load_bytes (bytes, NULL, "round.entrena", &error);
  g_assert_no_error (error);
  again = entrena_lesson_to_bytes (read);
  g_assert_true (g_bytes_equal (bytes, again));

  g_assert_cmpstr (read->title, ==, lesson->title);
  g_assert_cmpstr (read->instructions, ==, lesson->instructions);
  g_assert_true (g_bytes_equal (read->data, lesson->data));
  g_assert_true (entrena_lesson_is_locked (read, "target"));
  g_assert_false (entrena_lesson_is_hidden (read, "target"));

  entrena_run_settings_init (&settings);
  entrena_lesson_settings_apply (read->settings, &settings, &exclude, &categorical);
  g_assert_cmpstr (settings.data.target, ==, "label");
  g_assert_cmpstr (settings.data.exclude[0], ==, "id");
  g_assert_cmpstr (settings.data.categorical[0], ==, "x");
  g_assert_cmpfloat (settings.training.learning_rate, ==, 0.1);
  g_assert_true (g_variant_lookup (read->settings, "pace", "d", &pace));
  g_assert_cmpfloat (pace, ==, 7.5);

  /* Floats read back to the same bits; a loss that was not finite stays so. */
  run = g_ptr_array_index (read->runs, 0);
  g_assert_cmpuint (run->n_epochs, ==, 3);
  g_assert_cmpfloat (run->train_loss[1], ==, 0.1f);
  g_assert_true (isnan (run->train_loss[2]));
  g_assert_cmpfloat (run->test_accuracy[2], ==, 1.0f / 3.0f);

  table = entrena_lesson_read_table (read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entrena_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (entrena_table_get_display_name (table), ==, "tiny.csv");
}

static void
test_relative_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("entrena-lesson-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "data", "d.csv", NULL);
  g_autofree char *lesson_path = g_build_filename (dir, "class", "l.entrena", NULL);
  g_autoptr (GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr (GFile) file = g_file_new_for_path (lesson_path);
  g_autoptr (EntrenaLesson) lesson = make_lesson ();
  g_autoptr (EntrenaLesson) read = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sub = g_build_filename (dir, "data", NULL);
  g_autofree char *class = g_build_filename (dir, "class", NULL);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (class, 0700), ==, 0);
  g_assert_true (g_file_set_contents (csv_path, "a,b\n1,x\n", -1, NULL));

  entrena_lesson_set_data_file (lesson, csv, file);
  g_assert_cmpstr (lesson->data_path, ==, "../data/d.csv");
  g_assert_null (lesson->data);
  g_assert_true (entrena_lesson_save (lesson, file, NULL, &error));
  g_assert_no_error (error);

  read = entrena_lesson_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (read->data_file, csv));
  g_clear_pointer (&read, entrena_lesson_free);

  /* Without the data file, the lesson is refused for it. */
  g_assert_cmpint (g_remove (csv_path), ==, 0);
  read = entrena_lesson_load (file, NULL, &error);
  g_assert_null (read);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "l.entrena"));
  g_assert_nonnull (strstr (error->message, "data.path"));

  g_remove (lesson_path);
  g_rmdir (sub);
  g_rmdir (class);
  g_rmdir (dir);
}

static void
test_refused (void)
{
  static const struct
  {
    const char *json;
    const char *key;
  } cases[] = {
    { "{\"format\": \"entrena-lesson\", \"version\": 3}", "version" },
    { "{\"format\": \"entrena-lesson\", \"version\": 1, \"data\": {\"csv\": \"a\\n\"}, \"hidden\": [\"nope\"]}",
      "hidden[0]" },
    { "{\"format\": \"entrena-lesson\", \"version\": 1, \"data\": {\"csv\": \"a\\n\"}, "
      "\"settings\": {\"batch-size\": true}}", "settings.batch-size" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));
      g_autoptr (GError) error = NULL;
      g_autoptr (EntrenaLesson) lesson = entrena_lesson_load_bytes (bytes, NULL, "bad.entrena", &error);

      g_assert_null (lesson);
      g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "bad.entrena"));
      g_assert_nonnull (strstr (error->message, cases[i].key));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/settings-follow-run-settings", test_settings_follow_run_settings);
  g_test_add_func ("/lesson/round-trip", test_round_trip);
  g_test_add_func ("/lesson/relative-path", test_relative_path);
  g_test_add_func ("/lesson/refused", test_refused);

  return g_test_run ();
}
