/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "entrena-run-settings-change.h"

/*
 * What differs between two runs' settings, named the way the Runs list
 * shows it: the new value of each setting that changed, and for the layers
 * the value before too.
 */

static void
test_describe_change (void)
{
  EntrenaRunSettings a;
  EntrenaRunSettings b;
  g_autofree char *first = NULL;
  g_autofree char *same = NULL;
  g_autofree char *lr = NULL;
  g_autofree char *layers = NULL;
  g_autofree char *several = NULL;
  g_autofree char *shares = NULL;

  entrena_run_settings_init (&a);
  entrena_run_settings_init (&b);

  first = entrena_run_settings_describe_change (NULL, &a);
  g_assert_cmpstr (first, ==, "lesson settings");
  same = entrena_run_settings_describe_change (&a, &b);
  g_assert_cmpstr (same, ==, "same settings");

  b.training.learning_rate = 0.1;
  lr = entrena_run_settings_describe_change (&a, &b);
  g_assert_cmpstr (lr, ==, "learning rate 0.1");

  entrena_run_settings_init (&b);
  g_assert_true (entrena_training_settings_parse_layers (&b.training, "16", NULL));
  layers = entrena_run_settings_describe_change (&a, &b);
  g_assert_cmpstr (layers, ==, "layers 64, 32 → 16");

  /* Several at once, in the table's order; off and none read as words. */
  b.training.seed = 7;
  b.training.epochs = 200;
  b.training.standardize = TRUE;
  b.training.batch_size = 32;
  several = entrena_run_settings_describe_change (&a, &b);
  g_assert_cmpstr (several, ==, "layers 64, 32 → 16, epochs 200, batch size 32, seed 7, standardize on");

  entrena_run_settings_init (&b);
  b.test_size = 0.25;
  b.training.val_size = 0.2;
  b.training.patience = 10;
  shares = entrena_run_settings_describe_change (&a, &b);
  g_assert_cmpstr (shares, ==, "test rows 25.0%, validation share 20.0%, patience 10");

  /* Back again: the defaults read as words. */
  g_clear_pointer (&shares, g_free);
  shares = entrena_run_settings_describe_change (&b, &a);
  g_assert_cmpstr (shares, ==, "test rows 20.0%, validation share none, patience off");
}

static void
test_describe (void)
{
  EntrenaRunSettings settings;
  g_autofree char *text = NULL;

  entrena_run_settings_init (&settings);
  settings.data.target = "quality";
  text = entrena_run_settings_describe (&settings);
  g_assert_cmpstr (text, ==,
                   "target: quality\n"
                   "layers: 64, 32\n"
                   "activation: relu\n"
                   "optimizer: adam\n"
                   "learning rate: 0.01\n"
                   "momentum: 0\n"
                   "Nesterov: off\n"
                   "weight decay: 0\n"
                   "epochs: 100\n"
                   "batch size: full batch\n"
                   "seed: 42\n"
                   "standardize: off\n"
                   "test rows: 20.0%\n"
                   "stratify: off\n"
                   "validation share: none\n"
                   "patience: off");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/run-settings/describe-change", test_describe_change);
  g_test_add_func ("/entrena/run-settings/describe", test_describe);

  return g_test_run ();
}
