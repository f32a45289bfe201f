/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "entrena-model-info.h"

G_BEGIN_DECLS

/* The pieces the single-process and the distributed scripts share, each
 * appended to a script's text. */

void entrena_script_append_indented       (GString                *out,
                                           const char             *indent,
                                           const char             *text);
void entrena_script_append_intro          (GString                *s,
                                           const char             *usage);
void entrena_script_append_data_and_model (GString                *s,
                                           const EntrenaModelInfo *info,
                                           const char             *csv_path);
void entrena_script_append_history        (GString                *s,
                                           const EntrenaModelInfo *info);
void entrena_script_append_epoch_report   (GString                *s,
                                           const EntrenaModelInfo *info,
                                           const char             *indent);
void entrena_script_append_validation     (GString                *s,
                                           const EntrenaModelInfo *info,
                                           const char             *indent);
void entrena_script_append_early_stopping (GString                *s);
void entrena_script_append_results        (GString                *s,
                                           const EntrenaModelInfo *info);

G_END_DECLS
