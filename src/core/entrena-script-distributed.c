/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-script"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "entrena-error.h"
#include "entrena-script-distributed.h"
#include "entrena-script-private.h"

char *
entrena_script_generate_distributed (const EntrenaModelInfo *info,
                                     const char             *csv_path,
                                     GError                **error)
{
  GString *s;
  gboolean validation;
  gboolean regression;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (info->training.batch_size > 0)
    {
      g_set_error (error, ENTRENA_ERROR, ENTRENA_ERROR_INVALID_ARGUMENT,
                   _("A distributed script trains on full batches only: mini-batches draw their rows "
                     "from the whole training set, not from one process's share. Leave out the batch size."));
      return NULL;
    }
  validation = info->training.val_size > 0;
  regression = info->task == ENTRENA_TASK_REGRESSION;

  s = g_string_new (NULL);
  entrena_script_append_intro (s,
    "# This is the distributed form, for torchrun: every process (rank) reads the\n"
    "# file, makes the same split and scaling, and trains on its own contiguous\n"
    "# share of the training rows under DistributedDataParallel. It is meant for\n"
    "# data that outgrows one machine's time; the numbers are the single-process\n"
    "# script's, to float rounding.\n"
    "#\n"
    "# Usage, one machine with 2 processes:\n"
    "#   torchrun --standalone --nproc_per_node=2 run.py [FILE.csv] [--no-plot] [--json]\n"
    "# Several machines (run on each, NODE from 0 to N-1, HOST the first one's address):\n"
    "#   torchrun --nnodes=N --node_rank=NODE --nproc_per_node=2 \\\n"
    "#            --master_addr=HOST --master_port=29500 run.py FILE.csv --no-plot\n");
  g_string_append (s,
    "import os\n"
    "import torch.distributed as dist\n"
    "from torch.nn.parallel import DistributedDataParallel\n\n"
    "# The process group: gloo on CPU, NCCL when CUDA is present (one GPU per\n"
    "# process). torchrun sets RANK, WORLD_SIZE and LOCAL_RANK.\n"
    "dist.init_process_group(\"nccl\" if torch.cuda.is_available() else \"gloo\")\n"
    "RANK, WORLD = dist.get_rank(), dist.get_world_size()\n"
    "if torch.cuda.is_available():\n"
    "    DEVICE = torch.device(\"cuda\", int(os.environ.get(\"LOCAL_RANK\", 0)))\n"
    "    torch.cuda.set_device(DEVICE)\n"
    "else:\n"
    "    DEVICE = torch.device(\"cpu\")\n\n");
  entrena_script_append_data_and_model (s, info, csv_path);

  g_string_append (s,
    "# 5. The distribution. Every rank built the same model from the same seed,\n"
    "#    and DistributedDataParallel copies rank 0's weights to the others anyway.\n"
    "#    Each rank takes a contiguous share of the training rows.\n"
    "if 0 < BATCH_SIZE < len(y_train):\n"
    "    sys.exit(\"This script trains on full batches only.\")\n"
    "n_train = len(y_train)\n"
    "first, last = RANK * n_train // WORLD, (RANK + 1) * n_train // WORLD\n"
    "X_shard, y_shard = X_train[first:last].to(DEVICE), y_train[first:last].to(DEVICE)\n"
    "X_train, y_train = X_train.to(DEVICE), y_train.to(DEVICE)\n"
    "X_test, y_test = X_test.to(DEVICE), y_test.to(DEVICE)\n");
  if (validation)
    g_string_append (s, "X_val, y_val = X_val.to(DEVICE), y_val.to(DEVICE)\n");
  g_string_append_printf (s,
    "model.to(DEVICE)\n"
    "ddp = DistributedDataParallel(model)\n"
    "# The weighting. One process minimizes the mean loss over all n_train rows,\n"
    "# (sum of the row losses) / n_train. DistributedDataParallel averages the\n"
    "# gradients of the ranks: it sums them and divides by WORLD. So each rank's\n"
    "# loss is its shard's summed row losses times WORLD / n_train: the average\n"
    "# of those gradients is exactly the gradient of the full-batch mean, even\n"
    "# when the shards are of unequal sizes.\n"
    "shard_criterion = %s\n\n",
    regression ? "nn.MSELoss(reduction=\"sum\")  # one output: the summed squared errors"
               : "nn.CrossEntropyLoss(reduction=\"sum\")");

  g_string_append (s,
    "# 6. The lesson's loop: the loss of each epoch is recorded before the step\n"
    "#    (the ranks' summed losses, added up over all ranks), the test loss and\n"
    "#    accuracy after it, by rank 0 alone.\n");
  entrena_script_append_history (s, info);
  g_string_append (s,
    "for epoch in range(EPOCHS):\n"
    "    ddp.train()\n"
    "    optimizer.zero_grad()\n"
    "    summed = shard_criterion(ddp(X_shard), y_shard)\n"
    "    (summed * (WORLD / n_train)).backward()\n"
    "    optimizer.step()\n"
    "    total = summed.detach().to(torch.float64).reshape(1)\n"
    "    dist.all_reduce(total)\n"
    "    train_losses.append(total.item() / n_train)\n"
    "    if RANK == 0:\n");
  entrena_script_append_epoch_report (s, info, "        ");
  if (validation)
    {
      g_string_append (s,
        "    # Rank 0 measures the validation loss and tells the others, so that\n"
        "    # every rank stops at the same epoch.\n"
        "    val = torch.zeros(1, dtype=torch.float64, device=DEVICE)\n"
        "    if RANK == 0:\n");
      entrena_script_append_validation (s, info, "        ");
      g_string_append (s,
        "        val[0] = val_losses[-1]\n"
        "    dist.broadcast(val, 0)\n"
        "    if RANK != 0:\n"
        "        val_losses.append(val.item())\n");
      entrena_script_append_early_stopping (s);
    }
  if (regression)
    g_string_append (s,
      "\n"
      "# 7. Results, and the curve, from rank 0.\n"
      "dist.destroy_process_group()\n"
      "if RANK != 0:\n"
      "    sys.exit(0)\n");
  else
    g_string_append (s,
      "\n"
      "# 7. Results, and the curve, from rank 0. The training accuracy adds up the\n"
      "#    right answers of every rank's shard.\n"
      "with torch.no_grad():\n"
      "    right = (model(X_shard).argmax(dim=1) == y_shard).sum().to(torch.float64).reshape(1)\n"
      "dist.all_reduce(right)\n"
      "train_accuracy = right.item() / n_train\n"
      "dist.destroy_process_group()\n"
      "if RANK != 0:\n"
      "    sys.exit(0)\n");
  entrena_script_append_results (s, info);

  return g_string_free (s, FALSE);
}
