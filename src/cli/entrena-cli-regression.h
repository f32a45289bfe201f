/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-run.h"

G_BEGIN_DECLS

/* The results of a finished regression run, as `train` prints them
 * (entrena-cli-regression.c). */
void entrena_cli_regression_print_json    (const EntrenaRunResult *result);
void entrena_cli_regression_print_summary (const EntrenaRunResult *result);

G_END_DECLS
