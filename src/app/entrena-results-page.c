/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-results-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "entrena-confusion-view.h"
#include "entrena-results-page.h"

/*
 * EntrenaResultsPage tells how good a trained network is: its accuracy on the
 * test rows next to the training rows and to the majority baseline (always
 * answering the most common class), the confusion matrix of the test rows as
 * a heat map, and precision, recall and F1 per class.
 */

/* Gaps between test and train accuracy, or between the test accuracy and the
 * baseline, smaller than this are not worth a comment. */
#define NOTABLE_GAP 0.05
#define OVERFIT_GAP 0.10

/*
 * EntrenaResultsCards lays the cards out like words in a paragraph: as many
 * in a line as their minimum widths allow, each line filling the width (the
 * spare width going to the cards that expand, the confusion matrix, or else
 * shared by all). A wide window shows one row; a small screen or a longer
 * language wraps, and the page scrolls down rather than sideways.
 */

#define CARD_SPACING 12

#define ENTRENA_TYPE_CARDS_LAYOUT (entrena_cards_layout_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaCardsLayout, entrena_cards_layout, ENTRENA, CARDS_LAYOUT, GtkLayoutManager)

struct _EntrenaCardsLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (EntrenaCardsLayout, entrena_cards_layout, GTK_TYPE_LAYOUT_MANAGER)

/* Only a card asked to expand does: one whose labels expand inside it does not. */
static gboolean
card_expands (GtkWidget *card)
{
  return gtk_widget_get_hexpand_set (card) && gtk_widget_get_hexpand (card);
}

typedef struct
{
  GtkWidget *child;
  guint      line;
  int        x;
  int        width;
  int        height;  /* natural, for its width */
} CardPlace;

/* Places the cards in lines of @width. Returns the height of it all; @places
 * gets one entry per card, in order. */
static int
place_cards (GtkWidget *widget,
             int        width,
             GArray    *places)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, TRUE, sizeof (GtkRequestedSize));
  guint first = 0, line = 0;
  int used = 0, total = 0;

  g_array_set_size (places, 0);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CardPlace place = { child, 0, 0, 0, 0 };
      GtkRequestedSize size = { child, 0, 0 };
      int need;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &size.minimum_size, &size.natural_size, NULL, NULL);

      /* A new line when this card does not fit beside the others: at its
       * minimum width, or for an expanding card (the confusion matrix, which
       * shrinks badly) at its natural one. */
      need = card_expands (child)
               ? MAX (size.minimum_size, size.natural_size)
               : size.minimum_size;
      if (places->len > first && used + CARD_SPACING + need > width)
        {
          line++;
          first = places->len;
          used = 0;
        }
      used += (places->len > first ? CARD_SPACING : 0) + need;

      place.line = line;
      g_array_append_val (places, place);
      g_array_append_val (sizes, size);
    }

  /* Each line: the expanding cards (the confusion matrix) get their natural
   * width first, then the others theirs, as far as it goes; what is left
   * goes to the expanding cards, or to all of them. */
  for (guint start = 0; start < places->len;)
    {
      g_autoptr(GArray) others = g_array_new (FALSE, TRUE, sizeof (GtkRequestedSize));
      guint end = start, n_expand = 0;
      int extra = width, x = 0, height = 0;

      while (end < places->len && g_array_index (places, CardPlace, end).line ==
                                  g_array_index (places, CardPlace, start).line)
        end++;

      for (guint i = start; i < end; i++)
        {
          GtkRequestedSize *size = &g_array_index (sizes, GtkRequestedSize, i);

          extra -= size->minimum_size + (i > start ? CARD_SPACING : 0);
          if (card_expands (size->data))
            n_expand++;
        }
      extra = MAX (0, extra);

      for (guint i = start; i < end; i++)
        {
          GtkRequestedSize *size = &g_array_index (sizes, GtkRequestedSize, i);

          if (card_expands (size->data))
            {
              int give = MIN (extra, size->natural_size - size->minimum_size);

              size->minimum_size += MAX (0, give);
              extra -= MAX (0, give);
            }
          else
            {
              g_array_append_val (others, *size);
            }
        }

      if (others->len > 0)
        {
          guint k = 0;

          extra = gtk_distribute_natural_allocation (extra, others->len,
                                                     (GtkRequestedSize *) others->data);
          for (guint i = start; i < end; i++)
            {
              GtkRequestedSize *size = &g_array_index (sizes, GtkRequestedSize, i);

              if (!card_expands (size->data))
                size->minimum_size = g_array_index (others, GtkRequestedSize, k++).minimum_size;
            }
        }

      for (guint i = start; i < end; i++)
        {
          GtkRequestedSize *size = &g_array_index (sizes, GtkRequestedSize, i);
          CardPlace *place = &g_array_index (places, CardPlace, i);
          gboolean expands = card_expands (size->data);

          if (n_expand == 0 || expands)
            {
              guint sharers = n_expand > 0 ? n_expand : end - i;
              int share = extra / (int) MAX (1, sharers);

              size->minimum_size += share;
              extra -= share;
              if (n_expand > 0)
                n_expand--;
            }

          place->x = x;
          place->width = size->minimum_size;
          gtk_widget_measure (place->child, GTK_ORIENTATION_VERTICAL, place->width,
                              NULL, &place->height, NULL, NULL);
          height = MAX (height, place->height);
          x += place->width + CARD_SPACING;
        }

      for (guint i = start; i < end; i++)
        g_array_index (places, CardPlace, i).height = height;

      total += height + (start > 0 ? CARD_SPACING : 0);
      start = end;
    }

  return total;
}

static void
entrena_cards_layout_measure (GtkLayoutManager *manager,
                              GtkWidget        *widget,
                              GtkOrientation    orientation,
                              int               for_size,
                              int              *minimum,
                              int              *natural,
                              int              *minimum_baseline,
                              int              *natural_baseline)
{
  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n = 0;

      /* As narrow as the widest card, one under the other; at ease in a row. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int min, nat;

          if (!gtk_widget_should_layout (child))
            continue;

          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          *minimum = MAX (*minimum, min);
          *natural += nat + (n++ > 0 ? CARD_SPACING : 0);
        }
    }
  else
    {
      g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (CardPlace));
      int width = for_size;
      int min_width;

      if (width < 0)
        entrena_cards_layout_measure (manager, widget, GTK_ORIENTATION_HORIZONTAL, -1,
                                      &min_width, &width, NULL, NULL);

      *minimum = *natural = place_cards (widget, width, places);
    }
}

static void
entrena_cards_layout_allocate (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               int               width,
                               int               height,
                               int               baseline)
{
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (CardPlace));
  int y = 0;

  place_cards (widget, width, places);

  for (guint i = 0; i < places->len; i++)
    {
      CardPlace *place = &g_array_index (places, CardPlace, i);

      if (i > 0 && place->line != g_array_index (places, CardPlace, i - 1).line)
        y += g_array_index (places, CardPlace, i - 1).height + CARD_SPACING;

      gtk_widget_size_allocate (place->child,
                                &(GtkAllocation) { place->x, y, place->width, place->height }, -1);
    }
}

static void
entrena_cards_layout_class_init (EntrenaCardsLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->measure = entrena_cards_layout_measure;
  layout_class->allocate = entrena_cards_layout_allocate;
}

static void
entrena_cards_layout_init (EntrenaCardsLayout *self)
{
}

#define ENTRENA_TYPE_RESULTS_CARDS (entrena_results_cards_get_type ())

G_DECLARE_FINAL_TYPE (EntrenaResultsCards, entrena_results_cards, ENTRENA, RESULTS_CARDS, GtkWidget)

struct _EntrenaResultsCards
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (EntrenaResultsCards, entrena_results_cards, GTK_TYPE_WIDGET)

static void
entrena_results_cards_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (entrena_results_cards_parent_class)->dispose (object);
}

static void
entrena_results_cards_class_init (EntrenaResultsCardsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_results_cards_dispose;

  /* With a layout manager type, GtkBuilder's <child> elements become children. */
  gtk_widget_class_set_layout_manager_type (widget_class, ENTRENA_TYPE_CARDS_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "resultscards");
}

static void
entrena_results_cards_init (EntrenaResultsCards *self)
{
}

struct _EntrenaResultsPage
{
  AdwBin                parent_instance;

  /* Template children */
  GtkWidget            *cards_box;
  GtkLabel             *test_accuracy_label;
  GtkLabel             *test_rows_label;
  GtkLabel             *train_accuracy_label;
  GtkLabel             *baseline_title;
  GtkLabel             *baseline_label;
  GtkLabel             *verdict_label;
  EntrenaConfusionView *confusion_view;
  GtkGrid              *class_grid;
  GtkWidget            *notes_box;
  GtkLabel             *notes_label;

  /* Owned references */
  EntrenaRunResult *result;
};

G_DEFINE_FINAL_TYPE (EntrenaResultsPage, entrena_results_page, ADW_TYPE_BIN)

/**
 * entrena_format_percent:
 * @fraction: a share between 0 and 1
 *
 * Returns: (transfer full): @fraction as a percentage with one decimal, as
 *   the user's language writes it ("92.5%", "92,5 %")
 */
char *
entrena_format_percent (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");

  /* Translators: a percentage with one decimal, e.g. "92.5%". Some languages
   * put a (non-breaking) space before the sign: "%.1f %%". */
  return g_strdup_printf (_("%.1f%%"), fraction * 100.0);
}

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static GtkWidget *
grid_label (const char *text,
            float       xalign,
            gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (header)
    {
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (label, "numeric");
    }

  return label;
}

static void
clear_grid (EntrenaResultsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->class_grid))) != NULL)
    gtk_grid_remove (self->class_grid, child);
}

static void
fill_grid (EntrenaResultsPage   *self,
           const EntrenaMetrics *metrics,
           char * const         *class_names)
{
  static const char *headers[] = {
    N_("Class"), N_("Precision"), N_("Recall"), N_("F1"), N_("Rows"),
  };

  clear_grid (self);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (self->class_grid, grid_label (_(headers[c]), c == 0 ? 0.0f : 1.0f, TRUE),
                     c, 0, 1, 1);

  for (guint i = 0; i < metrics->n_classes; i++)
    {
      g_autofree char *precision = g_strdup_printf ("%.2f", metrics->precision[i]);
      g_autofree char *recall = g_strdup_printf ("%.2f", metrics->recall[i]);
      g_autofree char *f1 = g_strdup_printf ("%.2f", metrics->f1[i]);
      g_autofree char *support = format_count (metrics->support[i]);
      GtkWidget *name = grid_label (class_names[i], 0.0f, FALSE);

      /* Short names whole; long ones cut at 16 characters, whole in the tooltip. */
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (name), MIN (g_utf8_strlen (class_names[i], -1), 16));
      gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
      gtk_widget_set_tooltip_text (name, class_names[i]);
      gtk_widget_add_css_class (name, "class-name");

      gtk_grid_attach (self->class_grid, name, 0, i + 1, 1, 1);
      gtk_grid_attach (self->class_grid, grid_label (precision, 1.0f, FALSE), 1, i + 1, 1, 1);
      gtk_grid_attach (self->class_grid, grid_label (recall, 1.0f, FALSE), 2, i + 1, 1, 1);
      gtk_grid_attach (self->class_grid, grid_label (f1, 1.0f, FALSE), 3, i + 1, 1, 1);
      gtk_grid_attach (self->class_grid, grid_label (support, 1.0f, FALSE), 4, i + 1, 1, 1);
    }
}

static char *
dup_verdict (const EntrenaMetrics *train,
             const EntrenaMetrics *test,
             const char           *majority)
{
  double gain = test->accuracy - test->baseline_accuracy;
  GString *verdict = g_string_new (NULL);

  if (gain > NOTABLE_GAP)
    {
      g_autofree char *points = g_strdup_printf ("%.0f", gain * 100.0);

      /* Translators: the first %s is a number of percentage points, the second a class name */
      g_string_append_printf (verdict, _("%s points better than always answering “%s”."),
                              points, majority);
    }
  else if (gain >= -NOTABLE_GAP)
    {
      /* Translators: %s is a class name */
      g_string_append_printf (verdict, _("No better than always answering “%s”: the network has not learned much yet."),
                              majority);
    }
  else
    {
      /* Translators: %s is a class name */
      g_string_append_printf (verdict, _("Worse than always answering “%s”."), majority);
    }

  if (train->accuracy - test->accuracy > OVERFIT_GAP)
    {
      g_string_append_c (verdict, ' ');
      g_string_append (verdict, _("It does much better on the training rows than on the test rows: it may be memorizing them (overfitting)."));
    }

  return g_string_free (verdict, FALSE);
}

static void
show_result (EntrenaResultsPage *self)
{
  EntrenaRunResult *result = self->result;
  const EntrenaMetrics *train, *test;
  char * const *class_names;
  const char *majority;
  g_autofree char *test_text = NULL;
  g_autofree char *train_text = NULL;
  g_autofree char *baseline_text = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *baseline_tip = NULL;
  g_autofree char *verdict = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);

  if (result == NULL || result->test_metrics == NULL || result->train_metrics == NULL)
    {
      gtk_label_set_label (self->test_accuracy_label, "—");
      gtk_label_set_label (self->test_rows_label, "");
      gtk_label_set_label (self->train_accuracy_label, "—");
      gtk_label_set_label (self->baseline_label, "—");
      gtk_label_set_label (self->verdict_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_title), NULL);
      entrena_confusion_view_clear (self->confusion_view);
      clear_grid (self);
      gtk_widget_set_visible (self->notes_box, FALSE);
      return;
    }

  train = result->train_metrics;
  test = result->test_metrics;
  class_names = result->dataset->class_names;
  majority = class_names[test->majority_class];

  test_text = entrena_format_percent (test->accuracy);
  train_text = entrena_format_percent (train->accuracy);
  baseline_text = entrena_format_percent (test->baseline_accuracy);
  rows = format_count (test->n_rows);
  /* Translators: %s is a number of rows */
  rows_text = g_strdup_printf (ngettext ("on %s test row the network never trained on",
                                         "on %s test rows the network never trained on",
                                         test->n_rows),
                               rows);
  /* Translators: %s is a class name */
  baseline_tip = g_strdup_printf (_("Always answering “%s”, the most common class in the training rows"),
                                  majority);
  verdict = dup_verdict (train, test, majority);

  gtk_label_set_label (self->test_accuracy_label, test_text);
  gtk_label_set_label (self->test_rows_label, rows_text);
  gtk_label_set_label (self->train_accuracy_label, train_text);
  gtk_label_set_label (self->baseline_label, baseline_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_title), baseline_tip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_label), baseline_tip);
  gtk_label_set_label (self->verdict_label, verdict);

  entrena_confusion_view_set_matrix (self->confusion_view, test->n_classes, test->confusion,
                                     (const char * const *) class_names);
  fill_grid (self, test, class_names);

  if (result->dataset->warnings != NULL)
    {
      for (guint i = 0; i < result->dataset->warnings->len; i++)
        {
          if (notes->len > 0)
            g_string_append_c (notes, '\n');
          g_string_append (notes, g_ptr_array_index (result->dataset->warnings, i));
        }
    }
  gtk_label_set_label (self->notes_label, notes->str);
  gtk_widget_set_visible (self->notes_box, notes->len > 0);
}

/* GObject */

static void
entrena_results_page_dispose (GObject *object)
{
  EntrenaResultsPage *self = (EntrenaResultsPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ENTRENA_TYPE_RESULTS_PAGE);
  g_clear_pointer (&self->result, entrena_run_result_unref);

  G_OBJECT_CLASS (entrena_results_page_parent_class)->dispose (object);
}

static void
entrena_results_page_class_init (EntrenaResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = entrena_results_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/entrena-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, test_accuracy_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, test_rows_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, train_accuracy_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, baseline_title);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, baseline_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, class_grid);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, EntrenaResultsPage, notes_label);

  gtk_widget_class_set_css_name (widget_class, "resultspage");

  g_type_ensure (ENTRENA_TYPE_CONFUSION_VIEW);
  g_type_ensure (entrena_results_cards_get_type ());
}

static void
entrena_results_page_init (EntrenaResultsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));


  show_result (self);
}

/**
 * entrena_results_page_new:
 *
 * Returns: (transfer floating): an empty results page
 */
GtkWidget *
entrena_results_page_new (void)
{
  return g_object_new (ENTRENA_TYPE_RESULTS_PAGE, NULL);
}

/**
 * entrena_results_page_get_result:
 * @self: a results page
 *
 * Returns: (transfer none) (nullable): the run shown
 */
EntrenaRunResult *
entrena_results_page_get_result (EntrenaResultsPage *self)
{
  g_return_val_if_fail (ENTRENA_IS_RESULTS_PAGE (self), NULL);

  return self->result;
}

/**
 * entrena_results_page_set_result:
 * @self: a results page
 * @result: (nullable): a finished run, or %NULL to empty the page
 *
 * Shows how well @result's network does.
 */
void
entrena_results_page_set_result (EntrenaResultsPage   *self,
                                 EntrenaRunResult *result)
{
  g_return_if_fail (ENTRENA_IS_RESULTS_PAGE (self));

  if (self->result == result)
    return;

  g_clear_pointer (&self->result, entrena_run_result_unref);
  if (result != NULL)
    self->result = entrena_run_result_ref (result);

  show_result (self);
}
