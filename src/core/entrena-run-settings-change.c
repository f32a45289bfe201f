/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-run"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "entrena-format.h"
#include "entrena-run-settings-change.h"

/* How a setting's value reads. */
typedef enum
{
  SHOW_PLAIN,   /* a number or a name as it is */
  SHOW_SHARE,   /* a fraction as a percentage, 0 as "none" */
  SHOW_LAYERS,  /* "64,32" as "64, 32", "" as "none" */
  SHOW_SWITCH,  /* a boolean as "on" or "off" */
  SHOW_BATCH,   /* 0 as "full batch" */
  SHOW_OFF_0,   /* 0 as "off" */
} Show;

/* The settings a run can differ in, by their key in the GVariant form, in
 * the order a change names them. A new setting is one line here. */
static const struct
{
  const char *key;
  const char *name;
  Show        show;
  gboolean    with_previous;  /* name the value before too: "64, 32 → 16" */
} settings_table[] = {
  { "target", N_("target"), SHOW_PLAIN, TRUE },
  { "hidden-layers", N_("layers"), SHOW_LAYERS, TRUE },
  { "activation", N_("activation"), SHOW_PLAIN, FALSE },
  { "optimizer", N_("optimizer"), SHOW_PLAIN, FALSE },
  { "learning-rate", N_("learning rate"), SHOW_PLAIN, FALSE },
  { "momentum", N_("momentum"), SHOW_PLAIN, FALSE },
  { "nesterov", N_("Nesterov"), SHOW_SWITCH, FALSE },
  { "weight-decay", N_("weight decay"), SHOW_PLAIN, FALSE },
  { "epochs", N_("epochs"), SHOW_PLAIN, FALSE },
  { "batch-size", N_("batch size"), SHOW_BATCH, FALSE },
  { "seed", N_("seed"), SHOW_PLAIN, FALSE },
  { "standardize", N_("standardize"), SHOW_SWITCH, FALSE },
  { "test-size", N_("test rows"), SHOW_SHARE, FALSE },
  { "stratify", N_("stratify"), SHOW_SWITCH, FALSE },
  { "val-size", N_("validation share"), SHOW_SHARE, FALSE },
  { "patience", N_("patience"), SHOW_OFF_0, FALSE },
};

/* @value as the user reads it. (transfer full) */
static char *
show_value (GVariant *value,
            Show      show)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_strdup (g_variant_get_boolean (value) ? _("on") : _("off"));

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      double d = g_variant_get_double (value);

      if (show == SHOW_SHARE)
        return d > 0 ? entrena_format_percent (d) : g_strdup (_("none"));
      /* The user's decimal mark, the shortest digits: 0.001, 1e-05. */
      return g_strdup_printf ("%g", d);
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    {
      guint32 u = g_variant_get_uint32 (value);

      if (u == 0 && show == SHOW_BATCH)
        return g_strdup (_("full batch"));
      if (u == 0 && show == SHOW_OFF_0)
        return g_strdup (_("off"));
      return g_strdup_printf ("%u", u);
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      const char *s = g_variant_get_string (value, NULL);

      if (show == SHOW_LAYERS)
        {
          g_auto(GStrv) parts = NULL;

          if (*s == '\0')
            return g_strdup (_("none"));
          parts = g_strsplit (s, ",", -1);
          return g_strjoinv (", ", parts);
        }
      return g_strdup (s);
    }

  return g_variant_print (value, FALSE);
}

char *
entrena_run_settings_describe_change (const EntrenaRunSettings *previous,
                                      const EntrenaRunSettings *current)
{
  EntrenaRunSettings lesson;
  g_autoptr(GVariant) before = NULL;
  g_autoptr(GVariant) after = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (current != NULL, NULL);

  if (previous == NULL)
    {
      entrena_run_settings_init (&lesson);
      previous = &lesson;
    }
  before = entrena_run_settings_to_variant (previous);
  after = entrena_run_settings_to_variant (current);

  for (guint i = 0; i < G_N_ELEMENTS (settings_table); i++)
    {
      g_autoptr(GVariant) old_value = g_variant_lookup_value (before, settings_table[i].key, NULL);
      g_autoptr(GVariant) new_value = g_variant_lookup_value (after, settings_table[i].key, NULL);
      g_autofree char *shown = NULL;

      /* A setting only one side has (the first run has no target to
       * compare) names no change. */
      if (old_value == NULL || new_value == NULL || g_variant_equal (old_value, new_value))
        continue;

      shown = show_value (new_value, settings_table[i].show);
      if (text->len > 0)
        /* Translators: between two changed settings of a run, "learning rate 0.1, seed 7". */
        g_string_append (text, _(", "));
      if (settings_table[i].with_previous)
        {
          g_autofree char *was = show_value (old_value, settings_table[i].show);

          /* Translators: a setting that changed, its value before and its
           * value now: "layers 64, 32 → 16". */
          g_string_append_printf (text, _("%s %s → %s"), _(settings_table[i].name), was, shown);
        }
      else
        {
          /* Translators: a setting that changed and its new value: "learning rate 0.1". */
          g_string_append_printf (text, _("%s %s"), _(settings_table[i].name), shown);
        }
    }

  if (text->len == 0)
    return g_strdup (previous == &lesson ? _("lesson settings") : _("same settings"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
entrena_run_settings_describe (const EntrenaRunSettings *settings)
{
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (settings != NULL, NULL);

  variant = entrena_run_settings_to_variant (settings);
  for (guint i = 0; i < G_N_ELEMENTS (settings_table); i++)
    {
      g_autoptr(GVariant) value = g_variant_lookup_value (variant, settings_table[i].key, NULL);
      g_autofree char *shown = NULL;

      if (value == NULL)
        continue;
      shown = show_value (value, settings_table[i].show);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: one of a run's settings, "learning rate: 0.01". */
      g_string_append_printf (text, _("%s: %s"), _(settings_table[i].name), shown);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
