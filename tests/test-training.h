/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of test-training.
 */
#pragma once

#include <glib.h>

/* The lines of the golden file tests/data/@name. (transfer full) */
char       **read_lines                   (const char *name);

/* The section of a golden file written by the PyTorch kernel this machine
 * would run: "fused" or "plain". */
const char  *kernel_name                  (void);

/* Runs every run of a golden file (tests/gen-torch-golden.py's format) made
 * by this machine's PyTorch kernel on the CSV file @csv_path, only the run
 * @only if not %NULL, and returns how many there were
 * (training-golden-runs.c). */
guint        check_golden_file            (const char *golden,
                                           const char *csv_path,
                                           const char *only);

/* Adds the regression tests (test-training-regression.c). */
void         test_training_regression_add (void);
