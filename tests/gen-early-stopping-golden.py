#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write tests/data/early-stopping-golden.json: early stopping as PyTorch does it.

Run by hand with Debian's Python, which has python3-torch 1.13, NumPy 1.24,
scikit-learn 1.2 and pandas 1.5 (not at test time; the output is committed):

    /usr/bin/python3 tests/gen-early-stopping-golden.py [OUTPUT]

Each case trains the lesson's network on train-small.csv with a validation
share and a patience, written here from scratch in PyTorch:

  - the rows: train_test_split(X, y, test_size=TEST, random_state=SEED,
    stratify=y if STRATIFY), then train_test_split(X_train, y_train,
    test_size=VAL, random_state=SEED, stratify=y_train if STRATIFY);
  - standardization, when asked, fitted on the rows trained on;
  - torch.manual_seed(SEED), nn.Sequential of Linear and ReLU, Adam(lr);
  - per epoch: the step(s), then the validation loss (CrossEntropyLoss on
    the validation rows, float32). A loss below the lowest so far (compared
    as float32) makes its epoch the best, keeping a copy of the state_dict;
    otherwise the epochs without improvement grow by one, and when they reach
    the patience training stops and the best state_dict is loaded back.

Per case the file holds the command-line options that ask Entrena for the
same run, the validation loss of every epoch, the stopped epoch (null if
patience never ran out), the best epoch, and the final weights (the restored
ones after a stop) in state_dict order, as floats. test-early-stopping.py
compares Entrena's run with them.
"""

import copy
import json
import os
import sys

CASES = [
    # name, options (as entrena-cli takes them), epochs
    ("standardized", ["--val-size", "0.25", "--patience", "5", "--standardize"], 300),
    ("stratified-one-hidden", ["--val-size", "0.3", "--patience", "10", "--stratify", "--layers", "16",
                               "--seed", "7", "--standardize"], 300),
    ("mini-batches", ["--val-size", "0.2", "--patience", "8", "--batch-size", "16", "--standardize"], 200),
    ("unscaled", ["--val-size", "0.25", "--patience", "3"], 200),
    ("patience-never-runs-out", ["--val-size", "0.2", "--patience", "500", "--standardize"], 60),
]


def option(options, name, default, kind=str):
    if name in options:
        return kind(options[options.index(name) + 1])
    return default


def run(csv, options, epochs):
    import numpy as np
    import pandas as pd
    import torch
    import torch.nn as nn
    import torch.optim as optim
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    seed = option(options, "--seed", 42, int)
    val_size = option(options, "--val-size", 0.0, float)
    patience = option(options, "--patience", 0, int)
    batch = option(options, "--batch-size", 0, int)
    hidden = [int(w) for w in option(options, "--layers", "64,32").split(",") if w]
    stratify = "--stratify" in options

    df = pd.read_csv(csv)
    X = df.drop(columns=["grade"]).to_numpy(dtype="float64")
    classes = sorted(df["grade"].unique())
    y = np.searchsorted(classes, df["grade"].to_numpy())

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=seed, stratify=y if stratify else None)
    X_train, X_val, y_train, y_val = train_test_split(
        X_train, y_train, test_size=val_size, random_state=seed, stratify=y_train if stratify else None)
    if "--standardize" in options:
        scaler = StandardScaler().fit(X_train)
        X_train, X_val, X_test = (scaler.transform(a) for a in (X_train, X_val, X_test))
    X_train, X_val, X_test = (torch.tensor(a, dtype=torch.float32) for a in (X_train, X_val, X_test))
    y_train, y_val, y_test = (torch.tensor(a, dtype=torch.long) for a in (y_train, y_val, y_test))

    torch.manual_seed(seed)
    sizes = [X_train.shape[1]] + hidden + [len(classes)]
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    model = nn.Sequential(*layers)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    shuffle = np.random.RandomState(seed)

    val_losses = []
    best, best_epoch, best_state, wait, stopped = np.float32(np.inf), None, None, 0, None
    for epoch in range(1, epochs + 1):
        if batch <= 0 or batch >= len(y_train):
            optimizer.zero_grad()
            criterion(model(X_train), y_train).backward()
            optimizer.step()
        else:
            order = torch.from_numpy(shuffle.permutation(len(y_train)))
            for start in range(0, len(order), batch):
                rows = order[start:start + batch]
                optimizer.zero_grad()
                criterion(model(X_train[rows]), y_train[rows]).backward()
                optimizer.step()
        with torch.no_grad():
            loss = np.float32(criterion(model(X_val), y_val).item())
        val_losses.append(float(loss))
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            wait += 1
            if wait >= patience:
                stopped = epoch
                model.load_state_dict(best_state)
                break

    with torch.no_grad():
        test_correct = int((model(X_test).argmax(dim=1) == y_test).sum().item())
    return {
        "val_rows": len(y_val), "train_rows": len(y_train),
        "val_loss": val_losses, "stopped_epoch": stopped, "best_val_epoch": best_epoch,
        "test_correct": test_correct,
        "weights": {name: [float(v) for v in t.flatten().tolist()]
                    for name, t in model.state_dict().items()},
    }


def main():
    import numpy
    import sklearn
    import torch
    torch.set_num_threads(1)
    here = os.path.dirname(os.path.abspath(__file__))
    csv = os.path.join(here, "data", "train-small.csv")
    out = {
        "generated": "by tests/gen-early-stopping-golden.py with torch %s, NumPy %s, scikit-learn %s; do not edit"
                     % (torch.__version__, numpy.__version__, sklearn.__version__),
        "csv": "train-small.csv",
        "target": "grade",
        "cases": [],
    }
    for name, options, epochs in CASES:
        case = {"name": name, "options": options, "epochs": epochs}
        case.update(run(csv, options, epochs))
        out["cases"].append(case)
        print(name, case["stopped_epoch"], case["best_val_epoch"], file=sys.stderr)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "data", "early-stopping-golden.json")
    with open(path, "w", encoding="ascii", newline="\n") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
