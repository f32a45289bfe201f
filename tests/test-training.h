/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of test-training.
 */
#pragma once

#include <glib.h>

/* Runs every run of a golden file (tests/gen-torch-golden.py's format) made
 * by this machine's PyTorch kernel on the CSV file @csv_path, only the run
 * @only if not %NULL, and returns how many there were (test-training.c). */
guint check_golden_file            (const char *golden,
                                    const char *csv_path,
                                    const char *only);

/* Adds the regression tests (test-training-regression.c). */
void  test_training_regression_add (void);
