/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-results-cards"

#include "config.h"

#include "entrena-results-cards.h"

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
