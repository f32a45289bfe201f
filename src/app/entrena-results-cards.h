/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The results page's cards, laid out like words in a paragraph and wrapping
 * to more lines when the page is narrow. Children come from the .ui file. */

#define ENTRENA_TYPE_RESULTS_CARDS (entrena_results_cards_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaResultsCards, entrena_results_cards, ENTRENA, RESULTS_CARDS, GtkWidget)

G_END_DECLS
