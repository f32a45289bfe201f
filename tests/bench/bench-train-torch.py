#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times the lesson's PyTorch training loop, for bench-train to compare with.

bench-train writes the data (float32 features, then one uint8 class per row)
and runs this script in a child process with the same rows, split, seed and
network it trains itself:

    torch.manual_seed(42)
    model = nn.Sequential(nn.Linear(11, 64), nn.ReLU(), nn.Linear(64, 32),
                          nn.ReLU(), nn.Linear(32, 6))
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=0.01)
    for epoch in range(epochs):            # full batch
        optimizer.zero_grad()
        loss = criterion(model(X_train), y_train)
        loss.backward()
        optimizer.step()
        train_losses.append(loss.item())
        with torch.no_grad():               # test loss and accuracy each epoch
            out = model(X_test)
            test_losses.append(criterion(out, y_test).item())
            accuracy = (out.argmax(1) == y_test).float().mean().item()

The split is scikit-learn's train_test_split(test_size=0.2, random_state=42)
without stratification: the test rows are the first ceil(0.2 n) of
RandomState(42).permutation(n), the training rows the rest, in that order
(Entrena's split picks the same rows).

Threads are pinned with torch.set_num_threads() and, when it is installed,
threadpoolctl (OpenBLAS and OpenMP); the parent also sets OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and MKL_NUM_THREADS in this process's environment.

Prints "key=value" lines on stdout: median seconds per epoch of the training
step alone, of the test evaluation alone and of the whole epoch; the first
epoch's training loss; resident sizes in KiB: at start (start_kib), after
importing torch (runtime_kib), after loading and splitting the data (data_kib)
and the peak (hwm_kib, VmHWM).
"""

import argparse
import math
import os
import statistics
import sys
import time

from bench_common import print_report, status_kib

START_KIB = status_kib("VmRSS")

import numpy  # noqa: E402
import torch  # noqa: E402
from torch import nn, optim  # noqa: E402

try:
    import threadpoolctl  # noqa: E402
except ImportError:
    threadpoolctl = None


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--data", required=True, help="float32 X[rows][features] then uint8 y[rows]")
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--features", type=int, default=11)
    p.add_argument("--classes", type=int, default=6)
    p.add_argument("--layers", default="64,32")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=1, help="epochs before timing")
    p.add_argument("--batch", type=int, default=1, help="epochs per timed batch")
    p.add_argument("--repeats", type=int, default=3, help="timed batches (the median counts)")
    p.add_argument("--budget", type=float, default=0,
                   help="seconds of timed batches before fewer repeats are made (0: no limit)")
    return p.parse_args()


def pin_threads(n):
    """Returns a threadpoolctl limiter to keep alive, or None."""
    torch.set_num_threads(n)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # only possible before any parallel work
    if threadpoolctl is None:
        return None
    return threadpoolctl.threadpool_limits(limits=n)


def pools_text():
    if threadpoolctl is None:
        return "threadpoolctl not installed"
    parts = []
    for pool in threadpoolctl.threadpool_info():
        name = pool.get("internal_api", pool.get("prefix", "?"))
        extra = pool.get("architecture")
        parts.append(f"{name}:{pool.get('num_threads')}" + (f"({extra})" if extra else ""))
    return " ".join(parts) if parts else "none found"


def main():
    args = parse_args()
    limiter = pin_threads(args.threads)  # noqa: F841 (kept alive on purpose)
    import_kib = status_kib("VmRSS")

    n, d = args.rows, args.features
    raw = numpy.fromfile(args.data, dtype=numpy.uint8)
    if raw.size != n * d * 4 + n:
        print(f"{args.data}: {raw.size} bytes, expected {n * d * 4 + n}", file=sys.stderr)
        return 1
    X = raw[: n * d * 4].view(numpy.float32).reshape(n, d)
    y = raw[n * d * 4:].astype(numpy.int64)
    del raw  # X is a view of it: the buffer stays, only the name goes

    # train_test_split (test_size=0.2, random_state=42), no stratification.
    n_test = math.ceil(0.2 * n)
    order = numpy.random.RandomState(42).permutation(n)
    test_rows, train_rows = order[:n_test], order[n_test:]
    X_train = torch.from_numpy(numpy.ascontiguousarray(X[train_rows]))
    X_test = torch.from_numpy(numpy.ascontiguousarray(X[test_rows]))
    y_train = torch.from_numpy(y[train_rows])
    y_test = torch.from_numpy(y[test_rows])
    data_kib = status_kib("VmRSS")

    torch.manual_seed(42)
    sizes = [d] + [int(w) for w in args.layers.split(",") if w] + [args.classes]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=0.01)

    first_loss = None
    clock = time.perf_counter

    def epoch():
        nonlocal first_loss
        t0 = clock()
        model.train()
        optimizer.zero_grad()
        loss = criterion(model(X_train), y_train)
        loss.backward()
        optimizer.step()
        train_loss = loss.item()
        t1 = clock()
        model.eval()
        with torch.no_grad():
            out = model(X_test)
            criterion(out, y_test).item()
            (out.argmax(1) == y_test).float().mean().item()
        t2 = clock()
        if first_loss is None:
            first_loss = train_loss
        return t1 - t0, t2 - t1

    warm_start = clock()
    for _ in range(args.warmup):
        epoch()
    repeats = args.repeats
    if args.budget > 0 and args.warmup > 0:
        per_batch = (clock() - warm_start) / args.warmup * args.batch
        repeats = max(1, min(repeats, int(args.budget / per_batch)))

    steps, evals, totals = [], [], []
    for _ in range(repeats):
        step_sum = eval_sum = 0.0
        for _ in range(args.batch):
            s, e = epoch()
            step_sum += s
            eval_sum += e
        steps.append(step_sum / args.batch)
        evals.append(eval_sum / args.batch)
        totals.append((step_sum + eval_sum) / args.batch)

    print_report(
        version=f"torch {torch.__version__}",
        threads=torch.get_num_threads(),
        pools=pools_text(),
        rows=n,
        repeats=repeats,
        n_train=len(train_rows),
        n_test=n_test,
        step_seconds=f"{statistics.median(steps):.9f}",
        eval_seconds=f"{statistics.median(evals):.9f}",
        seconds=f"{statistics.median(totals):.9f}",
        min_seconds=f"{min(totals):.9f}",
        first_loss=f"{first_loss:.9g}",
        start_kib=START_KIB,
        runtime_kib=import_kib,
        data_kib=data_kib,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
