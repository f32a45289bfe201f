/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses: 0 success, 1 bad input (a file, data), 2 bad usage (options). */
#define ENTRENA_CLI_EXIT_FAILURE 1
#define ENTRENA_CLI_EXIT_USAGE   2

int  entrena_cli_demo    (int    argc,
                          char **argv);
int  entrena_cli_inspect (int    argc,
                          char **argv);
int  entrena_cli_train   (int    argc,
                          char **argv);
int  entrena_cli_predict (int    argc,
                          char **argv);
int  entrena_cli_export_script (int    argc,
                                char **argv);
int  entrena_cli_lesson  (int    argc,
                          char **argv);
/* `plot`: several history files on one chart (entrena-cli-plot.c). */
int  entrena_cli_plot_histories (int    argc,
                                 char **argv);

/* Prints "entrena-cli: MESSAGE" on stderr and returns @status. */
int  entrena_cli_fail    (int          status,
                          const char  *message);

/* Splits comma-separated lists given once or several times. (transfer full) */
char **entrena_cli_split_list (char **values);


G_END_DECLS
