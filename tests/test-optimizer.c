/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-optimizer"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core-test-util.h"
#include "entrena-checkpoint.h"
#include "entrena-csv.h"
#include "entrena-error.h"
#include "entrena-model-metadata.h"
#include "entrena-optimizer.h"
#include "entrena-run.h"
#include "entrena-script.h"
#include "entrena-torch-random.h"

/*
 * The optimizers: PyTorch's updates bit for bit, their state carried through
 * Train More and checkpoints, their options in model files, and the
 * combinations PyTorch would refuse refused with a message.
 */

/* The values of optim-golden.txt: xorshift32 from @state, as
 * gen-torch-golden.py's optim_values () draws them. */
static void
draw_values (guint32 *state,
             float   *out,
             gsize    n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint32 x = *state;
      float value;

      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      *state = x;
      value = (float) (((double) (x >> 8) - 8388608.0) / 8388608.0);
      switch (x & 7)
        {
        case 1: value *= 1024.0f; break;
        case 2: value *= 1.0f / 1024.0f; break;
        case 3: value *= 1.0f / 1048576.0f; break;
        case 4: value = 0.0f; break;
        default: break;
        }
      out[i] = value;
    }
}

static void
parse_hex_floats (char  **fields,
                  float  *out,
                  gsize   n)
{
  g_assert_cmpuint (g_strv_length (fields), ==, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits = (guint32) strtoul (fields[i + 1], NULL, 16);

      memcpy (&out[i], &bits, sizeof bits);
    }
}

static guint64
state_hash (const EntrenaOptimizerState *state,
            const float                 *params)
{
  g_autofree float *all = g_new (float, 3 * state->n);

  memcpy (all, params, state->n * sizeof (float));
  memcpy (all + state->n, state->m, state->n * sizeof (float));
  memcpy (all + 2 * state->n, state->v, state->n * sizeof (float));
  return ctu_fnv1a_words (all, 3 * state->n);
}

/*
 * Every optimizer and set of options against torch.optim, 1,000 steps of a
 * 37-element vector each (37,000 parameter updates: the vector loop and its
 * scalar tail on every kernel path), on the section of the PyTorch kernel
 * this machine would use. Every case is compared BIT FOR BIT, parameters and
 * state: the operation order of each update is PyTorch's exactly
 * (gen-torch-golden.py), so no tolerance is needed, not even 1 ulp.
 */
static void
test_updates_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "optim-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  const char *kernel = entrena_torch_kernel_is_fused () ? "fused" : "plain";
  guint32 seed = 0;
  guint n = 0, steps = 0, cases = 0;
  gboolean in_kernel = FALSE;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], " ", -1);
      g_autoptr (EntrenaOptimizerState) state = NULL;
      g_autofree float *params = NULL;
      g_autofree float *grads = NULL;
      g_autofree float *expected = NULL;
      EntrenaOptimizer optimizer;
      guint32 rng;

      if (f[0] == NULL)
        continue;
      if (strcmp (f[0], "values") == 0)
        {
          seed = (guint32) strtoul (f[1], NULL, 10);
          n = (guint) atoi (f[2]);
          steps = (guint) atoi (f[3]);
        }
      else if (strcmp (f[0], "kernel") == 0)
        in_kernel = strcmp (f[1], kernel) == 0;
      if (!in_kernel || strcmp (f[0], "case") != 0)
        continue;

      g_assert_true (entrena_optimizer_from_string (f[2], &optimizer));
      state = entrena_optimizer_state_new (optimizer, n, g_ascii_strtod (f[3], NULL),
                                           g_ascii_strtod (f[4], NULL), atoi (f[5]),
                                           g_ascii_strtod (f[6], NULL));
      params = g_new (float, n);
      grads = g_new (float, n);
      expected = g_new (float, n);
      rng = seed;
      draw_values (&rng, params, n);
      for (guint t = 1; t <= steps; t++)
        {
          draw_values (&rng, grads, n);
          entrena_optimizer_state_step (state, params, grads);
          if (g_str_has_prefix (lines[i + 1], "hash "))
            {
              g_auto (GStrv) h = g_strsplit (lines[i + 1], " ", -1);

              if ((guint) atoi (h[1]) == t)
                {
                  guint64 want = g_ascii_strtoull (h[2], NULL, 16);

                  if (state_hash (state, params) != want)
                    g_error ("%s (%s kernel): the state differs from PyTorch's after step %u", f[1], kernel, t);
                  i++;
                }
            }
        }
      for (guint k = 0; k < 3; k++)
        {
          const float *got = k == 0 ? params : k == 1 ? state->m : state->v;
          g_auto (GStrv) values = g_strsplit (lines[++i], " ", -1);

          parse_hex_floats (values, expected, n);
          for (guint j = 0; j < n; j++)
            if (memcmp (&got[j], &expected[j], sizeof (float)) != 0)
              g_error ("%s (%s kernel), %s[%u]: %.9g, PyTorch %.9g", f[1], kernel, values[0], j, got[j], expected[j]);
        }
      g_assert_cmpuint (state->step, ==, steps);
      cases++;
    }

  g_test_message ("%u cases of %u steps on the %s kernel", cases, steps, kernel);
  g_assert_cmpuint (cases, ==, 14);
}

/* The train-small.csv run (standardized) with an optimizer, trained for @epochs. */
static EntrenaRunResult *
trained_run (EntrenaTable     *table,
             EntrenaOptimizer  optimizer,
             double            momentum,
             gboolean          nesterov,
             double            weight_decay,
             guint             epochs,
             gsize             batch_size)
{
  g_autoptr (GError) error = NULL;
  EntrenaRunSettings settings;
  EntrenaRunResult *run;

  entrena_run_settings_init (&settings);
  settings.data.target = "grade";
  settings.training.epochs = epochs;
  settings.training.batch_size = batch_size;
  settings.training.standardize = TRUE;
  settings.training.optimizer = optimizer;
  settings.training.momentum = momentum;
  settings.training.nesterov = nesterov;
  settings.training.weight_decay = weight_decay;
  run = entrena_run_start (table, &settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (entrena_run_train (run, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  entrena_run_finish (run);
  return run;
}

static const struct
{
  EntrenaOptimizer optimizer;
  double           momentum;
  gboolean         nesterov;
  double           weight_decay;
} recipes[] = {
  { ENTRENA_OPTIMIZER_ADAM, 0, FALSE, 0.01 },
  { ENTRENA_OPTIMIZER_ADAMW, 0, FALSE, 0.01 },
  { ENTRENA_OPTIMIZER_SGD, 0, FALSE, 0 },
  { ENTRENA_OPTIMIZER_SGD, 0.9, TRUE, 0.001 },
  { ENTRENA_OPTIMIZER_SGD, 0.5, FALSE, 0 },
  { ENTRENA_OPTIMIZER_RMSPROP, 0, FALSE, 0.01 },
  { ENTRENA_OPTIMIZER_RMSPROP, 0.9, FALSE, 0 },
};

/* N epochs, then M more through Train More and through a checkpoint, give
 * exactly N + M at once, for every optimizer: its buffers and step count go
 * along. */
static void
test_train_more_and_resume (void)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("train-small.csv");

  for (guint r = 0; r < G_N_ELEMENTS (recipes); r++)
    for (gsize batch = 0; batch <= 16; batch += 16)
      {
        g_autoptr (EntrenaRunResult) straight = NULL;
        g_autoptr (EntrenaRunResult) more = NULL;
        g_autoptr (EntrenaRunResult) first = NULL;
        g_autoptr (EntrenaRunResult) resumed = NULL;
        g_autoptr (GBytes) bytes = NULL;
        g_autoptr (GError) error = NULL;

#define RECIPE recipes[r].optimizer, recipes[r].momentum, recipes[r].nesterov, recipes[r].weight_decay
        straight = trained_run (table, RECIPE, 25, batch);
        more = trained_run (table, RECIPE, 15, batch);
        first = trained_run (table, RECIPE, 15, batch);
#undef RECIPE

        g_assert_true (entrena_run_train_more (more, 10, NULL, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        ctu_assert_same_training (more->training, straight->training);

        bytes = entrena_checkpoint_save_bytes (first, &error);
        g_assert_no_error (error);
        resumed = entrena_checkpoint_restore_bytes (table, bytes, "run.ckpt", &error);
        g_assert_no_error (error);
        g_assert_cmpint (resumed->training->settings.optimizer, ==, recipes[r].optimizer);
        g_assert_cmpfloat (resumed->training->optimizer->momentum, ==, recipes[r].momentum);
        g_assert_true (entrena_run_train_more (resumed, 10, NULL, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        ctu_assert_same_training (resumed->training, straight->training);
      }
}

/* The optimizer and its options go into the model's metadata and come back;
 * a file without them (Entrena 0.1.0) is Adam's; a wrong one is refused. */
static void
test_metadata (void)
{
  g_autoptr (EntrenaTable) table = ctu_read_fixture ("train-small.csv");
  g_autoptr (EntrenaRunResult) run = trained_run (table, ENTRENA_OPTIMIZER_SGD, 0.9, TRUE, 0.001, 2, 0);
  const EntrenaMlp *mlp = run->training->mlp;
  g_autoptr (JsonObject) meta = _entrena_model_metadata_write (run->info);
  g_autoptr (EntrenaModelInfo) back = NULL;
  g_autoptr (EntrenaModelInfo) old = NULL;
  g_autoptr (EntrenaModelInfo) bad = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *script = NULL;

  g_assert_cmpstr (json_object_get_string_member (meta, "optimizer"), ==, "sgd");
  back = _entrena_model_metadata_read (meta, mlp->sizes, mlp->n_layers, "m.safetensors", &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->training.optimizer, ==, ENTRENA_OPTIMIZER_SGD);
  g_assert_cmpfloat (back->training.momentum, ==, 0.9);
  g_assert_true (back->training.nesterov);
  g_assert_cmpfloat (back->training.weight_decay, ==, 0.001);

  script = entrena_script_generate (back, NULL);
  g_assert_nonnull (strstr (script, "optimizer = optim.SGD(model.parameters(), lr=LEARNING_RATE, "
                                    "momentum=0.9, nesterov=True, weight_decay=0.001)\n"));

  json_object_remove_member (meta, "optimizer");
  json_object_remove_member (meta, "momentum");
  json_object_remove_member (meta, "nesterov");
  json_object_remove_member (meta, "weight_decay");
  old = _entrena_model_metadata_read (meta, mlp->sizes, mlp->n_layers, "m.safetensors", &error);
  g_assert_no_error (error);
  g_assert_cmpint (old->training.optimizer, ==, ENTRENA_OPTIMIZER_ADAM);
  g_assert_cmpfloat (old->training.momentum, ==, 0);
  g_assert_false (old->training.nesterov);
  g_assert_cmpfloat (old->training.weight_decay, ==, 0);

  json_object_set_string_member (meta, "optimizer", "lbfgs");
  bad = _entrena_model_metadata_read (meta, mlp->sizes, mlp->n_layers, "m.safetensors", &error);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
  g_assert_null (bad);
  g_clear_error (&error);
  json_object_set_string_member (meta, "optimizer", "adam");
  json_object_set_string_member (meta, "momentum", "0.9");
  bad = _entrena_model_metadata_read (meta, mlp->sizes, mlp->n_layers, "m.safetensors", &error);
  g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_FORMAT);
  g_assert_null (bad);
}

/* What PyTorch would refuse, or what has no meaning, is refused with a
 * message; the rest is accepted. */
static void
test_check (void)
{
  static const struct
  {
    EntrenaOptimizer optimizer;
    double           momentum;
    gboolean         nesterov;
    double           weight_decay;
    gboolean         valid;
  } cases[] = {
    { ENTRENA_OPTIMIZER_ADAM, 0, FALSE, 0, TRUE },
    { ENTRENA_OPTIMIZER_ADAMW, 0, FALSE, 0.01, TRUE },
    { ENTRENA_OPTIMIZER_SGD, 0.9, TRUE, 0.1, TRUE },
    { ENTRENA_OPTIMIZER_RMSPROP, 0.5, FALSE, 0, TRUE },
    { ENTRENA_OPTIMIZER_ADAM, 0.9, FALSE, 0, FALSE },
    { ENTRENA_OPTIMIZER_ADAMW, 0.1, FALSE, 0, FALSE },
    { ENTRENA_OPTIMIZER_SGD, 0, TRUE, 0, FALSE },
    { ENTRENA_OPTIMIZER_RMSPROP, 0.9, TRUE, 0, FALSE },
    { ENTRENA_OPTIMIZER_SGD, -0.1, FALSE, 0, FALSE },
    { ENTRENA_OPTIMIZER_SGD, 1.0, FALSE, 0, FALSE },
    { ENTRENA_OPTIMIZER_SGD, NAN, FALSE, 0, FALSE },
    { ENTRENA_OPTIMIZER_SGD, 0, FALSE, -0.01, FALSE },
    { ENTRENA_OPTIMIZER_ADAM, 0, FALSE, INFINITY, FALSE },
    { (EntrenaOptimizer) 7, 0, FALSE, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean valid = entrena_optimizer_check (cases[i].optimizer, cases[i].momentum, cases[i].nesterov,
                                                cases[i].weight_decay, &error);

      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!valid)
        {
          g_assert_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

/* The names, both ways, and the PyTorch line of each. */
static void
test_names (void)
{
  for (guint i = 0; i < ENTRENA_N_OPTIMIZERS; i++)
    {
      EntrenaOptimizer back;

      g_assert_true (entrena_optimizer_from_string (entrena_optimizer_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_false (entrena_optimizer_from_string ("lbfgs", &(EntrenaOptimizer) { 0 }));

#define CHECK_TORCH(expected, ...) \
  G_STMT_START { \
    g_autofree char *line = entrena_optimizer_format_torch (__VA_ARGS__, "0.01"); \
    g_assert_cmpstr (line, ==, expected); \
  } G_STMT_END
  CHECK_TORCH ("optim.Adam(model.parameters(), lr=0.01)", ENTRENA_OPTIMIZER_ADAM, 0, FALSE, 0);
  CHECK_TORCH ("optim.Adam(model.parameters(), lr=0.01, weight_decay=0.0001)", ENTRENA_OPTIMIZER_ADAM, 0, FALSE, 1e-4);
  CHECK_TORCH ("optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.01)", ENTRENA_OPTIMIZER_ADAMW, 0, FALSE, 0.01);
  CHECK_TORCH ("optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.0)", ENTRENA_OPTIMIZER_ADAMW, 0, FALSE, 0);
  CHECK_TORCH ("optim.SGD(model.parameters(), lr=0.01)", ENTRENA_OPTIMIZER_SGD, 0, FALSE, 0);
  CHECK_TORCH ("optim.RMSprop(model.parameters(), lr=0.01, momentum=0.5)", ENTRENA_OPTIMIZER_RMSPROP, 0.5, FALSE, 0);
#undef CHECK_TORCH
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrena/optimizer/updates-golden", test_updates_golden);
  g_test_add_func ("/entrena/optimizer/train-more-and-resume", test_train_more_and_resume);
  g_test_add_func ("/entrena/optimizer/metadata", test_metadata);
  g_test_add_func ("/entrena/optimizer/check", test_check);
  g_test_add_func ("/entrena/optimizer/names", test_names);

  return g_test_run ();
}
