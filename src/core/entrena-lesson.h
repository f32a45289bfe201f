/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "entrena-run-settings.h"
#include "entrena-table.h"

G_BEGIN_DECLS

/* The largest CSV a lesson embeds: bigger data stay beside the lesson. */
#define ENTRENA_LESSON_MAX_EMBEDDED (20 * 1024 * 1024)
/* The most runs a lesson keeps, as many as a window's Runs list holds. */
#define ENTRENA_LESSON_MAX_RUNS 20
/* The version of the lesson format this build reads and writes. */
#define ENTRENA_LESSON_VERSION 1

/**
 * EntrenaLessonRun:
 * @label: what the run is called ("learning rate 0.1")
 * @settings: an `a{sv}` dictionary of the run's settings, with the keys of a
 *   lesson's settings (entrena_lesson_setting_names())
 * @n_epochs: epochs recorded, at least 1
 * @train_loss: `[n_epochs]`, NaN where the loss was not finite
 * @test_loss: `[n_epochs]`
 * @test_accuracy: `[n_epochs]`
 * @train_accuracy: `[n_epochs]`
 *
 * A run a teacher saved with the lesson, so the class starts with a
 * comparison at hand.
 */
typedef struct
{
  char     *label;
  GVariant *settings;
  guint     n_epochs;
  float    *train_loss;
  float    *test_loss;
  float    *test_accuracy;
  float    *train_accuracy;
} EntrenaLessonRun;

/**
 * EntrenaLesson:
 * @title: (nullable): the lesson's title
 * @instructions: (nullable): plain text for the students
 * @data_name: the data file's name, as the window shows it
 * @data_path: (nullable): where the data file is, relative to the lesson
 *   file (or absolute), as the file says; %NULL when the data are embedded
 * @data_file: (nullable): @data_path resolved, when there is a lesson file
 * @data: (nullable): the embedded CSV text; %NULL when the data are a file
 * @settings: an `a{sv}` dictionary: the keys of entrena_run_settings_to_variant()
 *   plus "categorical" (as) and "pace" (d, epochs per second, 0 for as fast
 *   as possible)
 * @locked: %NULL-terminated names of settings shown but fixed
 * @hidden: %NULL-terminated names of settings not shown
 * @runs: (element-type EntrenaLessonRun): runs saved with the lesson
 *
 * An exercise prepared once and handed to a class: the data, every setting of
 * a run, what the students may change, and what to do. Its file is JSON
 * (`.entrena`, application/x-entrena-lesson), described in the README.
 */
typedef struct
{
  char      *title;
  char      *instructions;
  char      *data_name;
  char      *data_path;
  GFile     *data_file;
  GBytes    *data;
  GVariant  *settings;
  char     **locked;
  char     **hidden;
  GPtrArray *runs;
} EntrenaLesson;

EntrenaLesson      *entrena_lesson_new                (void) G_GNUC_WARN_UNUSED_RESULT;
void                entrena_lesson_free               (EntrenaLesson *self);
void                entrena_lesson_run_free           (EntrenaLessonRun *run);

/* Every setting a lesson holds, in the order of the file: the names that
 * "locked" and "hidden" may use. */
const char * const *entrena_lesson_setting_names      (void);
/* The type of the setting @name, or %NULL for a name that is no setting. */
const GVariantType *entrena_lesson_setting_type       (const char *name);

/* The `a{sv}` settings of a lesson for @settings and @pace. (transfer full) */
GVariant           *entrena_lesson_settings_new       (const EntrenaRunSettings *settings,
                                                       double                    pace) G_GNUC_WARN_UNUSED_RESULT;
/* Fills @settings from @variant (lesson settings); strings point into
 * @variant. @exclude and @categorical receive containers to free. */
void                entrena_lesson_settings_apply     (GVariant            *variant,
                                                       EntrenaRunSettings  *settings,
                                                       const char        ***exclude,
                                                       const char        ***categorical);

gboolean            entrena_lesson_is_locked          (const EntrenaLesson *self,
                                                       const char          *name);
gboolean            entrena_lesson_is_hidden          (const EntrenaLesson *self,
                                                       const char          *name);

/* Points the lesson at @csv, by a path relative to where @lesson_file is. */
void                entrena_lesson_set_data_file      (EntrenaLesson *self,
                                                       GFile         *csv,
                                                       GFile         *lesson_file);
/* Reads @csv into the lesson; refuses a file of %ENTRENA_LESSON_MAX_EMBEDDED
 * bytes or more, or one that is not text. */
gboolean            entrena_lesson_embed_data         (EntrenaLesson *self,
                                                       GFile         *csv,
                                                       GError       **error);
/* Makes the CSV text @data, called @name, the lesson's embedded data. */
void                entrena_lesson_set_data           (EntrenaLesson *self,
                                                       const char    *name,
                                                       GBytes        *data);
/* The lesson's data, read from the embedded text or from its file. */
EntrenaTable       *entrena_lesson_read_table         (const EntrenaLesson *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Adds a run: @label, its settings (taken when floating) and the history
 * of @training. */
void                entrena_lesson_add_run            (EntrenaLesson         *self,
                                                       const char            *label,
                                                       GVariant              *settings,
                                                       guint                  n_epochs,
                                                       const float           *train_loss,
                                                       const float           *test_loss,
                                                       const float           *test_accuracy,
                                                       const float           *train_accuracy);

/**
 * entrena_lesson_load_bytes:
 * @bytes: the file's contents
 * @lesson_file: (nullable): where they come from: data paths are relative to
 *   its folder and must exist
 * @display_name: the name errors give the file
 * @error: return location for a #GError
 *
 * Reads and checks a lesson: bad JSON, another format or version, a value
 * of the wrong type or out of range, an unknown key, a missing data file or a
 * locked or hidden name that is no setting are %ENTRENA_ERROR_FORMAT errors
 * naming @display_name and the key.
 *
 * Returns: (transfer full) (nullable): the lesson, or %NULL with @error set
 */
EntrenaLesson      *entrena_lesson_load_bytes         (GBytes       *bytes,
                                                       GFile        *lesson_file,
                                                       const char   *display_name,
                                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;
EntrenaLesson      *entrena_lesson_load               (GFile        *file,
                                                       GCancellable *cancellable,
                                                       GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* The lesson as JSON, indented. (transfer full) */
GBytes             *entrena_lesson_to_bytes           (const EntrenaLesson *self) G_GNUC_WARN_UNUSED_RESULT;
/* Writes the lesson to @file atomically: on error a previous file stays. */
gboolean            entrena_lesson_save               (const EntrenaLesson *self,
                                                       GFile               *file,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

/* Whether @file is named like a lesson (`.entrena`). */
gboolean            entrena_lesson_file_is_lesson     (GFile *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntrenaLesson, entrena_lesson_free)

G_END_DECLS
