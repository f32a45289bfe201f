/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-script"

#include "config.h"

#include <string.h>

#include "entrena-number.h"
#include "entrena-script.h"
#include "entrena-script-private.h"

/* A Python string literal: double quotes, with backslashes, quotes and
 * control characters escaped; other text stays as UTF-8. */
static void
append_py_string (GString    *out,
                  const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_py_list (GString      *out,
                char * const *items)
{
  g_string_append_c (out, '[');
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_py_string (out, items[i]);
    }
  g_string_append_c (out, ']');
}

static const char *
py_bool (gboolean value)
{
  return value ? "True" : "False";
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
append_features (GString                *out,
                 const EntrenaModelInfo *info)
{
  g_string_append (out, "FEATURES = [\n");
  for (guint k = 0; k < info->n_features; k++)
    {
      const char *category = info->feature_categories[k];
      double value;

      g_string_append (out, "    (");
      append_py_string (out, info->feature_columns[k]);
      g_string_append (out, ", ");
      if (category[0] == '\0')
        g_string_append (out, "None");
      else if (entrena_cell_classify (category, strlen (category), FALSE, &value) == ENTRENA_CELL_NUMBER)
        append_double (out, value);
      else
        append_py_string (out, category);
      g_string_append (out, "),\n");
    }
  g_string_append (out, "]\n");
}

/* Every line of @text, each after @indent. */
void
entrena_script_append_indented (GString    *out,
                                const char *indent,
                                const char *text)
{
  for (const char *line = text; *line != '\0';)
    {
      const char *end = strchr (line, '\n');
      gsize len = end != NULL ? (gsize) (end - line) + 1 : strlen (line);

      g_string_append (out, indent);
      g_string_append_len (out, line, len);
      line += len;
    }
}

void
entrena_script_append_intro (GString    *s,
                             const char *usage)
{
  g_string_append (s, "#!/usr/bin/env python3\n");
  g_string_append_printf (s, "# Written by Entrena %s. It repeats, with pandas, scikit-learn and PyTorch,\n", PACKAGE_VERSION);
  g_string_append (s,
    "# the training run Entrena made: the same columns, classes, split, initial\n"
    "# weights and training loop, so the loss of every epoch matches Entrena's to\n"
    "# float rounding (PyTorch's matrix code sums in another order than Entrena's).\n"
    "#\n");
  g_string_append (s, usage);
  g_string_append (s,
    "# Needs: python3-pandas, python3-sklearn, python3-torch; python3-matplotlib to plot.\n\n"
    "import copy\n"
    "import json\n"
    "import sys\n\n"
    "import numpy as np\n"
    "import pandas as pd\n"
    "import torch\n"
    "import torch.nn as nn\n"
    "import torch.optim as optim\n"
    "from sklearn.model_selection import train_test_split\n"
    "from sklearn.preprocessing import StandardScaler\n\n");
}

/* The number to predict, standardized on the training rows when the run
 * scaled it; the unscaled values stay for the results. */
static void
append_target_scaling (GString  *s,
                       gboolean  validation)
{
  g_string_append (s,
    "# The training and test rows' numbers in the target's units, for the results.\n"
    "y_train_units, y_test_units = y_train, y_test\n"
    "if SCALE_TARGET:\n"
    "    # Fitted on the training rows' targets; predictions are mapped back with it.\n"
    "    target_scaler = StandardScaler().fit(y_train.reshape(-1, 1))\n"
    "    y_train = target_scaler.transform(y_train.reshape(-1, 1)).reshape(-1)\n"
    "    y_test = target_scaler.transform(y_test.reshape(-1, 1)).reshape(-1)\n");
  if (validation)
    g_string_append (s, "    y_val = target_scaler.transform(y_val.reshape(-1, 1)).reshape(-1)\n");
}

/* Class indices, or for regression a column of float32 numbers. */
static void
append_target_tensor (GString    *s,
                      const char *name,
                      gboolean    regression)
{
  if (regression)
    g_string_append_printf (s, "%s = torch.tensor(%s, dtype=torch.float32).reshape(-1, 1)\n", name, name);
  else
    g_string_append_printf (s, "%s = torch.tensor(%s, dtype=torch.long)\n", name, name);
}

void
entrena_script_append_data_and_model (GString                *s,
                                      const EntrenaModelInfo *info,
                                      const char             *csv_path)
{
  const EntrenaTrainingSettings *training = &info->training;
  g_autofree char *layers = entrena_training_settings_format_layers (training);
  g_autofree char *optimizer = NULL;
  char delimiter[2] = { info->delimiter != 0 ? info->delimiter : ',', 0 };
  gboolean regression = info->task == ENTRENA_TASK_REGRESSION;

  g_string_append (s, "# The run's settings.\n");
  g_string_append (s, "ARGS = [a for a in sys.argv[1:] if not a.startswith(\"--\")]\n");
  g_string_append (s, "CSV = ARGS[0] if ARGS else ");
  append_py_string (s, csv_path != NULL ? csv_path : info->source_name);
  g_string_append (s, "\nTARGET = ");
  append_py_string (s, info->target);
  g_string_append (s, "\nEXCLUDE = ");
  append_py_list (s, info->exclude);
  g_string_append_printf (s, "\nDROP_MISSING_ROWS = %s\n", py_bool (info->missing == ENTRENA_MISSING_DROP_ROWS));
  g_string_append (s, "TEST_SIZE = ");
  append_double (s, info->test_size);
  g_string_append_printf (s, "\nSTRATIFY = %s\n", py_bool (info->stratify));
  g_string_append_printf (s, "SEED = %" G_GUINT64_FORMAT "\n", training->seed);
  g_string_append_printf (s, "HIDDEN_LAYERS = [%s]\n", layers);
  g_string_append (s, "LEARNING_RATE = ");
  append_double (s, training->learning_rate);
  g_string_append_printf (s, "\nEPOCHS = %u\n", training->epochs);
  g_string_append_printf (s, "BATCH_SIZE = %" G_GSIZE_FORMAT "  # 0: every training row in each step\n", training->batch_size);
  g_string_append_printf (s, "STANDARDIZE = %s\n", py_bool (training->standardize));
  if (regression)
    g_string_append_printf (s, "SCALE_TARGET = %s  # standardize the number to predict on the training rows\n",
                            py_bool (training->scale_target));
  g_string_append_printf (s, "ACTIVATION = %s  # between the Linear layers\n",
                          entrena_activation_torch_module (training->activation));
  if (training->val_size > 0)
    {
      g_string_append (s, "VAL_SIZE = ");
      append_double (s, training->val_size);
      g_string_append_printf (s, "  # the share of the training rows set aside for validation\n"
                                 "PATIENCE = %u  # 0: no early stopping\n", training->patience);
    }
  g_string_append_c (s, '\n');

  g_string_append (s,
    "# 1. Read the file as Entrena read it. These cells count as missing.\n"
    "MISSING = [\"\", \"NA\", \"na\", \"Na\", \"N/A\", \"n/a\", \"NaN\", \"nan\", \"NAN\", \"null\", \"NULL\",\n"
    "           \"Null\", \"None\", \"none\", \"NONE\", \"?\"]\n");
  g_string_append (s, "df = pd.read_csv(CSV, sep=");
  append_py_string (s, delimiter);
  g_string_append_printf (s, ", decimal=\"%s\", na_values=MISSING, keep_default_na=False,\n",
                          info->decimal_comma ? "," : ".");
  if (info->has_header)
    g_string_append (s, "                 skipinitialspace=True, encoding=\"utf-8-sig\")\n");
  else
    g_string_append (s,
      "                 skipinitialspace=True, encoding=\"utf-8-sig\", header=None)\n"
      "df.columns = [f\"column{i + 1}\" for i in range(df.shape[1])]\n");
  g_string_append (s, "df.columns = [str(c).strip() for c in df.columns]\n\n");

  g_string_append (s,
    "# 2. The inputs: numeric columns as they are, categories one-hot encoded\n"
    "#    (one input per category, 1 where the row has it).\n");
  append_features (s, info);
  if (!regression)
    {
      g_string_append (s, "CLASSES = ");
      append_py_list (s, info->class_names);
      g_string_append (s, "\n");
    }
  g_string_append_c (s, '\n');

  g_string_append (s,
    "columns = sorted({column for column, _ in FEATURES}, key=list(df.columns).index)\n"
    "df = df[df[TARGET].notna()]  # a row without a class cannot be learned from\n"
    "if DROP_MISSING_ROWS:\n"
    "    df = df.dropna(subset=columns)\n"
    "else:\n"
    "    for column in columns:\n"
    "        if pd.api.types.is_numeric_dtype(df[column]):\n"
    "            df[column] = df[column].fillna(df[column].mean())\n"
    "        else:\n"
    "            df[column] = df[column].fillna(df[column].mode()[0])\n\n"
    "def inputs(frame):\n"
    "    parts = []\n"
    "    for column, category in FEATURES:\n"
    "        if category is None:\n"
    "            parts.append(frame[column].astype(\"float64\"))\n"
    "        elif isinstance(category, str):\n"
    "            parts.append((frame[column].astype(str).str.strip() == category).astype(\"float64\"))\n"
    "        else:\n"
    "            parts.append((frame[column] == category).astype(\"float64\"))\n"
    "    return np.column_stack(parts)\n\n"
    "X = inputs(df)\n");
  if (regression)
    g_string_append (s,
      "# The number to predict, held as Entrena holds it: a float32.\n"
      "y = df[TARGET].to_numpy(dtype=\"float64\").astype(\"float32\").astype(\"float64\")\n\n");
  else
    g_string_append (s,
      "# Classes are the sorted distinct values of the target: 0, 1, 2, ...\n"
      "labels = df[TARGET]\n"
      "if pd.api.types.is_numeric_dtype(labels):\n"
      "    y = np.searchsorted(np.array([float(c) for c in CLASSES]), labels.to_numpy(dtype=\"float64\"))\n"
      "else:\n"
      "    y = np.searchsorted(np.array(CLASSES), labels.astype(str).str.strip().to_numpy())\n\n");

  g_string_append (s,
    "# 3. The split: the same rows, in the same order, as Entrena's.\n"
    "X_train, X_test, y_train, y_test = train_test_split(\n"
    "    X, y, test_size=TEST_SIZE, random_state=SEED, stratify=y if STRATIFY else None)\n");
  if (training->val_size > 0)
    g_string_append (s,
      "# The validation rows: a second split, of the training rows.\n"
      "X_train, X_val, y_train, y_val = train_test_split(\n"
      "    X_train, y_train, test_size=VAL_SIZE, random_state=SEED,\n"
      "    stratify=y_train if STRATIFY else None)\n");
  g_string_append (s,
    "if STANDARDIZE:\n"
    "    # Fitted on the training rows only, so the test rows stay unseen.\n"
    "    scaler = StandardScaler().fit(X_train)\n"
    "    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)\n");
  if (training->val_size > 0)
    g_string_append (s, "    X_val = scaler.transform(X_val)\n");
  if (regression)
    append_target_scaling (s, training->val_size > 0);
  g_string_append (s,
    "\n"
    "X_train = torch.tensor(X_train, dtype=torch.float32)\n"
    "X_test = torch.tensor(X_test, dtype=torch.float32)\n");
  if (training->val_size > 0)
    g_string_append (s, "X_val = torch.tensor(X_val, dtype=torch.float32)\n");
  append_target_tensor (s, "y_train", regression);
  append_target_tensor (s, "y_test", regression);
  if (training->val_size > 0)
    append_target_tensor (s, "y_val", regression);
  g_string_append_c (s, '\n');

  g_string_append (s,
    "# 4. The network: Linear layers with the activation between them. The seed\n"
    "#    fixes the initial weights, which Entrena draws the same way.\n"
    "torch.manual_seed(SEED)\n"
    "sizes = [X_train.shape[1]] + HIDDEN_LAYERS + ");
  g_string_append (s, regression ? "[1]  # one output: the number\n" : "[len(CLASSES)]\n");
  g_string_append (s,
    "layers = []\n"
    "for i in range(len(sizes) - 1):\n"
    "    layers.append(nn.Linear(sizes[i], sizes[i + 1]))\n"
    "    if i < len(sizes) - 2:\n"
    "        layers.append(ACTIVATION)\n"
    "model = nn.Sequential(*layers)\n");
  g_string_append (s, regression ? "criterion = nn.MSELoss()  # the mean of the squared errors\n"
                                 : "criterion = nn.CrossEntropyLoss()\n");
  optimizer = entrena_optimizer_format_torch (training->optimizer, training->momentum,
                                              training->nesterov, training->weight_decay,
                                              "LEARNING_RATE");
  g_string_append_printf (s, "optimizer = %s\n\n", optimizer);
}

/* The test loss (and for classes the accuracy) after an epoch's step, and
 * its line of output. */
void
entrena_script_append_epoch_report (GString                *s,
                                    const EntrenaModelInfo *info,
                                    const char             *indent)
{
  static const char regression[] =
    "model.eval()\n"
    "with torch.no_grad():\n"
    "    test_losses.append(criterion(model(X_test), y_test).item())\n"
    "if \"--json\" not in sys.argv:\n"
    "    print(f\"epoch {epoch + 1}: train loss {train_losses[-1]:.6f}, test loss {test_losses[-1]:.6f}\")\n";
  static const char classification[] =
    "model.eval()\n"
    "with torch.no_grad():\n"
    "    out = model(X_test)\n"
    "    test_losses.append(criterion(out, y_test).item())\n"
    "    test_accuracies.append((out.argmax(dim=1) == y_test).float().mean().item())\n"
    "if \"--json\" not in sys.argv:\n"
    "    print(f\"epoch {epoch + 1}: train loss {train_losses[-1]:.6f}, \"\n"
    "          f\"test loss {test_losses[-1]:.6f}, test accuracy {100 * test_accuracies[-1]:.1f}%\")\n";

  entrena_script_append_indented (s, indent, info->task == ENTRENA_TASK_REGRESSION ? regression
                                                                                 : classification);
}

/* The validation loss (and for classes the accuracy) of an epoch. */
void
entrena_script_append_validation (GString                *s,
                                  const EntrenaModelInfo *info,
                                  const char             *indent)
{
  entrena_script_append_indented (s, indent,
    info->task == ENTRENA_TASK_REGRESSION
      ? "with torch.no_grad():\n"
        "    val_losses.append(criterion(model(X_val), y_val).item())\n"
      : "with torch.no_grad():\n"
        "    out = model(X_val)\n"
        "    val_losses.append(criterion(out, y_val).item())\n"
        "    val_accuracies.append((out.argmax(dim=1) == y_val).float().mean().item())\n");
}

/* Early stopping, once val_losses has the epoch's validation loss. */
void
entrena_script_append_early_stopping (GString *s)
{
  g_string_append (s,
    "    # The loss as a float32, as Entrena compares it.\n"
    "    if np.float32(val_losses[-1]) < np.float32(best_loss):\n"
    "        best_loss, best_epoch, wait = val_losses[-1], epoch + 1, 0\n"
    "        best_state = copy.deepcopy(model.state_dict())\n"
    "    else:\n"
    "        wait += 1\n"
    "        if PATIENCE > 0 and wait >= PATIENCE:\n"
    "            # Stop, and go back to the weights of the best validation epoch.\n"
    "            stopped_epoch = epoch + 1\n"
    "            model.load_state_dict(best_state)\n"
    "            break\n");
}

/* The lists the loop fills. */
void
entrena_script_append_history (GString                *s,
                               const EntrenaModelInfo *info)
{
  gboolean regression = info->task == ENTRENA_TASK_REGRESSION;

  g_string_append (s, regression ? "train_losses, test_losses = [], []\n"
                                 : "train_losses, test_losses, test_accuracies = [], [], []\n");
  if (info->training.val_size > 0)
    g_string_append_printf (s,
      "# Early stopping: the lowest validation loss so far, its epoch and weights,\n"
      "# and the epochs since without a lower one.\n"
      "%s\n"
      "best_loss, best_epoch, best_state, wait, stopped_epoch = float(\"inf\"), None, None, 0, None\n",
      regression ? "val_losses = []" : "val_losses, val_accuracies = [], []");
}

char *
entrena_script_generate (const EntrenaModelInfo *info,
                         const char             *csv_path)
{
  GString *s;
  const EntrenaTrainingSettings *training;

  g_return_val_if_fail (info != NULL, NULL);

  s = g_string_new (NULL);
  training = &info->training;
  entrena_script_append_intro (s, "# Usage: python3 run.py [FILE.csv] [--no-plot] [--json]\n");
  entrena_script_append_data_and_model (s, info, csv_path);

  g_string_append (s,
    "# 5. The lesson's loop: the loss of each epoch is recorded before the step,\n"
    "#    the test loss and accuracy after it.\n"
    "shuffle = np.random.RandomState(SEED)  # the order of mini-batches, as Entrena draws it\n");
  entrena_script_append_history (s, info);
  g_string_append (s,
    "for epoch in range(EPOCHS):\n"
    "    model.train()\n"
    "    if BATCH_SIZE <= 0 or BATCH_SIZE >= len(y_train):\n"
    "        optimizer.zero_grad()\n"
    "        loss = criterion(model(X_train), y_train)\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
    "        train_losses.append(loss.item())\n"
    "    else:\n"
    "        order = torch.from_numpy(shuffle.permutation(len(y_train)))\n"
    "        total = 0.0\n"
    "        for start in range(0, len(order), BATCH_SIZE):\n"
    "            batch = order[start:start + BATCH_SIZE]\n"
    "            optimizer.zero_grad()\n"
    "            loss = criterion(model(X_train[batch]), y_train[batch])\n"
    "            loss.backward()\n"
    "            optimizer.step()\n"
    "            total += loss.item() * len(batch)\n"
    "        train_losses.append(total / len(y_train))\n");
  entrena_script_append_epoch_report (s, info, "    ");
  if (training->val_size > 0)
    {
      entrena_script_append_validation (s, info, "    ");
      entrena_script_append_early_stopping (s);
    }
  g_string_append_c (s, '\n');

  g_string_append (s, "# 6. Results, and the curve.\n");
  if (info->task != ENTRENA_TASK_REGRESSION)
    g_string_append (s,
      "with torch.no_grad():\n"
      "    train_accuracy = (model(X_train).argmax(dim=1) == y_train).float().mean().item()\n");
  entrena_script_append_results (s, info);

  return g_string_free (s, FALSE);
}

static void append_plot (GString                *s,
                         const EntrenaModelInfo *info);

/* A regression run's results: the test rows' predictions in the target's
 * units, their RMSE, MAE and R² as scikit-learn computes them, and the
 * baseline of always predicting the training rows' mean. */
static void
append_regression_results (GString                *s,
                           const EntrenaModelInfo *info)
{
  g_string_append (s,
    "from sklearn import metrics\n\n"
    "def predict(rows):\n"
    "    \"\"\"The network's numbers for some rows, in the target's units.\"\"\"\n"
    "    with torch.no_grad():\n"
    "        out = model(rows).cpu().numpy().astype(\"float64\").reshape(-1)\n"
    "    if SCALE_TARGET:\n"
    "        out = out * target_scaler.scale_[0] + target_scaler.mean_[0]\n"
    "    return out\n\n"
    "# After an early stop these are the restored weights' predictions.\n"
    "predicted = predict(X_test)\n"
    "baseline = np.full(len(y_test_units), y_train_units.mean())\n"
    "test_rmse = float(np.sqrt(metrics.mean_squared_error(y_test_units, predicted)))\n"
    "test_mae = float(metrics.mean_absolute_error(y_test_units, predicted))\n"
    "test_r2 = float(metrics.r2_score(y_test_units, predicted))\n"
    "baseline_rmse = float(np.sqrt(metrics.mean_squared_error(y_test_units, baseline)))\n");
  if (info->training.val_size > 0)
    g_string_append (s,
      "if stopped_epoch is not None and \"--json\" not in sys.argv:\n"
      "    print(f\"stopped at epoch {stopped_epoch}, weights from epoch {best_epoch}\")\n"
      "if \"--json\" in sys.argv:\n"
      "    print(json.dumps({\"train_loss\": train_losses, \"test_loss\": test_losses,\n"
      "                      \"test_rmse\": test_rmse, \"test_mae\": test_mae, \"test_r2\": test_r2,\n"
      "                      \"baseline_rmse\": baseline_rmse, \"test_predicted\": predicted.tolist(),\n"
      "                      \"val_loss\": val_losses, \"stopped_epoch\": stopped_epoch,\n"
      "                      \"best_val_epoch\": best_epoch}))\n"
      "    sys.exit(0)\n");
  else
    g_string_append (s,
      "if \"--json\" in sys.argv:\n"
      "    print(json.dumps({\"train_loss\": train_losses, \"test_loss\": test_losses,\n"
      "                      \"test_rmse\": test_rmse, \"test_mae\": test_mae, \"test_r2\": test_r2,\n"
      "                      \"baseline_rmse\": baseline_rmse, \"test_predicted\": predicted.tolist()}))\n"
      "    sys.exit(0)\n");
  g_string_append (s,
    "print(f\"test RMSE {test_rmse:.6g} (always predicting the training mean: {baseline_rmse:.6g}), \"\n"
    "      f\"test MAE {test_mae:.6g}, test R² {test_r2:.4f}\")\n");
}

/* From the final test accuracy (after an early stop) to the plot. */
void
entrena_script_append_results (GString                *s,
                               const EntrenaModelInfo *info)
{
  const EntrenaTrainingSettings *training = &info->training;

  if (info->task == ENTRENA_TASK_REGRESSION)
    {
      append_regression_results (s, info);
      append_plot (s, info);
      return;
    }
  if (training->val_size > 0)
    g_string_append (s,
      "with torch.no_grad():\n"
      "    # After an early stop the test results are the restored weights'.\n"
      "    test_accuracy = (model(X_test).argmax(dim=1) == y_test).float().mean().item()\n"
      "if stopped_epoch is not None and \"--json\" not in sys.argv:\n"
      "    print(f\"stopped at epoch {stopped_epoch}, weights from epoch {best_epoch}\")\n"
      "if \"--json\" in sys.argv:\n"
      "    print(json.dumps({\"train_loss\": train_losses, \"test_loss\": test_losses,\n"
      "                      \"test_accuracy\": test_accuracy, \"train_accuracy\": train_accuracy,\n"
      "                      \"val_loss\": val_losses, \"stopped_epoch\": stopped_epoch,\n"
      "                      \"best_val_epoch\": best_epoch}))\n"
      "    sys.exit(0)\n"
      "test_accuracies[-1] = test_accuracy\n");
  else
    g_string_append (s,
      "if \"--json\" in sys.argv:\n"
      "    print(json.dumps({\"train_loss\": train_losses, \"test_loss\": test_losses,\n"
      "                      \"test_accuracy\": test_accuracies[-1], \"train_accuracy\": train_accuracy}))\n"
      "    sys.exit(0)\n");
  g_string_append (s,
    "print(f\"test accuracy {100 * test_accuracies[-1]:.1f}%, train accuracy {100 * train_accuracy:.1f}%\")\n");
  append_plot (s, info);
}

/* The loss curves, when matplotlib is there. */
static void
append_plot (GString                *s,
             const EntrenaModelInfo *info)
{
  g_string_append (s,
    "try:\n"
    "    import matplotlib.pyplot as plt\n"
    "except ImportError:\n"
    "    plt = None\n"
    "if plt is not None and \"--no-plot\" not in sys.argv:\n"
    "    plt.plot(range(1, len(train_losses) + 1), train_losses, label=\"train loss\")\n"
    "    plt.plot(range(1, len(test_losses) + 1), test_losses, label=\"test loss\")\n");
  if (info->training.val_size > 0)
    g_string_append (s, "    plt.plot(range(1, len(val_losses) + 1), val_losses, label=\"validation loss\")\n");
  g_string_append (s, "    plt.xlabel(\"epoch\")\n");
  if (info->task != ENTRENA_TASK_REGRESSION)
    g_string_append (s, "    plt.ylabel(\"cross-entropy loss\")\n");
  else if (info->training.scale_target)
    g_string_append (s, "    plt.ylabel(\"mean squared error (target in standard deviations)\")\n");
  else
    g_string_append (s, "    plt.ylabel(\"mean squared error\")\n");
  g_string_append (s,

    "    plt.legend()\n"
    "    plt.show()\n");
}
