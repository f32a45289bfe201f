#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write tests/data/split-golden.txt and split-val-golden.txt: the splits scikit-learn makes.

Run by hand with Debian's Python, which has NumPy 1.24 and scikit-learn 1.2
(not at test time; the output is committed):

    /usr/bin/python3 tests/gen-split-golden.py [OUTPUT [VAL_OUTPUT]]

OUTPUT defaults to data/split-golden.txt beside this script, VAL_OUTPUT to
data/split-val-golden.txt.

test-split.c reads the file and checks that entrena_split_new () returns the
same rows in the same order as

    train_test_split(np.arange(n), test_size=r, random_state=seed)
    train_test_split(np.arange(n), test_size=r, random_state=seed, stratify=y)

Format: text, one record per line, fields separated by single spaces. Lines
starting with '#' are comments.

    case N TEST_SIZE SEED KIND N_CLASSES

        Starts a case. KIND is "plain" or "stratified". TEST_SIZE is written
        with Python's repr(), so g_ascii_strtod () reads back the same double.
        N_CLASSES is 0 for plain cases; for stratified ones it is the
        n_classes argument, which may exceed the largest label + 1 (a class
        without rows, which scikit-learn never sees).

    labels L0 L1 ... L(N-1)

        Stratified cases only: the class index of every row.

    error

        scikit-learn raised ValueError for this case: the C code must fail
        with ENTRENA_ERROR_SPLIT.

    train COUNT HASH I0 I1 ...
    test COUNT HASH I0 I1 ...

        The row indices of each side, in order. COUNT is their number and HASH
        a 64-bit checksum of all of them, as 16 hex digits. When COUNT is above
        HEAD_LIMIT, only the first HEAD indices are listed (and the checksum
        covers the rest); otherwise all COUNT are listed.

The checksum is FNV-1a over whole indices: h = 0xcbf29ce484222325, then for
each index i in order, h = ((h ^ i) * 0x100000001b3) mod 2**64.

split-val-golden.txt: the validation rows, for test-split.c too, which
checks that entrena_split_new () followed by entrena_split_carve_validation ()
gives the rows of

    X_train, X_test, y_train, y_test = train_test_split(
        np.arange(n), y, test_size=r, random_state=seed, stratify=y or None)
    X_train, X_val, y_train, y_val = train_test_split(
        X_train, y_train, test_size=v, random_state=seed, stratify=y_train or None)

Same format, with these records:

    valcase N TEST_SIZE VAL_SIZE SEED KIND N_CLASSES
    labels L0 L1 ... L(N-1)       (always: the per-class checks need them)
    error                         scikit-learn failed, or Entrena must refuse:
                                  a class with training rows has none left to
                                  train on, or (stratified) no validation row
    train COUNT HASH I0 I1 ...    the rows trained on (X_train's second value)
    val COUNT HASH I0 I1 ...      the validation rows
    test COUNT HASH I0 I1 ...

Here every index is listed only up to 200 of them (VAL_HEAD_LIMIT); above
that, the first HEAD and the checksum.
"""

import os
import sys

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split

HEAD_LIMIT = 2000
HEAD = 50

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1

SIZES = [1, 2, 5, 10, 100, 1000, 1143, 5000, 70000]
TEST_SIZES = [0.1, 0.2, 0.25, 0.3, 0.33, 0.5]
SEEDS = [0, 1, 42, 123, 4294967295]

# Class counts for the stratified cases: (name, counts, shuffle the labels?).
# The labels are np.repeat (range (k), counts), shuffled with a fixed
# RandomState when asked, so the file does not depend on this list's order.
STRATIFIED = [
    # WineQT's quality column (3..8) has these class sizes: the lesson.
    ("wineqt", [6, 33, 483, 462, 143, 16], True),
    ("balanced-2", [50, 50], True),
    ("imbalanced-2", [90, 10], True),
    ("sorted-2", [900, 100], False),
    ("ties-3", [4, 4, 4], True),
    ("small-4", [3, 2, 2, 3], True),
    ("primes-7", [2, 3, 5, 7, 11, 13, 17], True),
    ("pairs-7", [2, 2, 2, 2, 2, 2, 2], True),
    ("mixed-5", [37, 1, 12, 50, 20], True),  # a singleton class: an error
    ("large-3", [2500, 1500, 1000], True),
]


def fnv(indices):
    h = FNV_OFFSET
    for i in indices:
        h = ((h ^ int(i)) * FNV_PRIME) & MASK64
    return h


def side(name, indices, limit=HEAD_LIMIT):
    indices = [int(i) for i in indices]
    shown = indices if len(indices) <= limit else indices[:HEAD]
    return "%s %d %016x %s" % (name, len(indices), fnv(indices),
                               " ".join(str(i) for i in shown))


def case(out, n, r, seed, labels=None, n_classes=0):
    kind = "plain" if labels is None else "stratified"
    out.append("case %d %r %d %s %d" % (n, r, seed, kind, n_classes))
    if labels is not None:
        out.append("labels " + " ".join(str(int(c)) for c in labels))
    X = np.arange(n)
    try:
        train, test = train_test_split(X, test_size=r, random_state=seed,
                                       stratify=labels)
    except ValueError:
        out.append("error")
        return
    out.append(side("train", train))
    out.append(side("test", test))


VAL_HEAD_LIMIT = 200
VAL_SIZES = [0.1, 0.2, 0.25, 0.5]
VAL_SEEDS = [0, 42, 4294967295]


def val_case(out, n, r, v, seed, labels, stratified, n_classes):
    kind = "stratified" if stratified else "plain"
    out.append("valcase %d %r %r %d %s %d" % (n, r, v, seed, kind, n_classes))
    out.append("labels " + " ".join(str(int(c)) for c in labels))
    X = np.arange(n)
    try:
        train, test = train_test_split(X, test_size=r, random_state=seed,
                                       stratify=labels if stratified else None)
        train2, val = train_test_split(train, test_size=v, random_state=seed,
                                       stratify=labels[train] if stratified else None)
    except ValueError:
        out.append("error")
        return
    before = set(labels[train])
    if set(labels[train2]) != before or (stratified and set(labels[val]) != before):
        out.append("error")
        return
    out.append(side("train", train2, VAL_HEAD_LIMIT))
    out.append(side("val", val, VAL_HEAD_LIMIT))
    out.append(side("test", test, VAL_HEAD_LIMIT))


def val_cases():
    out = [
        "# Generated by tests/gen-split-golden.py with NumPy %s and "
        "scikit-learn %s; do not edit." % (np.__version__, sklearn.__version__),
    ]
    for n in [10, 100, 1000, 1143]:
        labels = np.random.RandomState(n).randint(0, 3, n)
        for r in [0.2, 0.25]:
            for v in VAL_SIZES:
                for seed in VAL_SEEDS:
                    val_case(out, n, r, v, seed, labels, False, 3)
    for name, counts, shuffled in STRATIFIED:
        if name not in ("wineqt", "balanced-2", "imbalanced-2", "small-4", "mixed-5", "pairs-7"):
            continue
        k = len(counts)
        labels = np.repeat(np.arange(k), counts)
        if shuffled:
            labels = np.random.RandomState(2024).permutation(labels)
        out.append("# stratified: %s, class counts %s" % (name, counts))
        for v in VAL_SIZES:
            for seed in VAL_SEEDS:
                val_case(out, len(labels), 0.2, v, seed, labels, True, k)
                val_case(out, len(labels), 0.2, v, seed, labels, False, k)
    return out


def main():
    out = [
        "# Generated by tests/gen-split-golden.py with NumPy %s and "
        "scikit-learn %s; do not edit." % (np.__version__, sklearn.__version__),
    ]

    # The lesson's own split first: WineQT's 1143 rows, 20% test, seed 42.
    case(out, 1143, 0.2, 42)

    for n in SIZES:
        for r in TEST_SIZES:
            for seed in SEEDS:
                case(out, n, r, seed)

    # A few fractions whose ceil () depends on rounding in double.
    for n, r in [(100, 0.07), (1000, 0.001), (10, 0.9), (1143, 0.3333333333333333)]:
        case(out, n, r, 0)

    for name, counts, shuffled in STRATIFIED:
        k = len(counts)
        labels = np.repeat(np.arange(k), counts)
        if shuffled:
            labels = np.random.RandomState(2024).permutation(labels)
        out.append("# stratified: %s, class counts %s" % (name, counts))
        for r in TEST_SIZES:
            for seed in SEEDS:
                case(out, len(labels), r, seed, labels, k)

    # A class index without rows: labels 0, 1, 3 with n_classes = 4.
    labels = np.random.RandomState(7).permutation(np.repeat([0, 1, 3], [20, 7, 13]))
    out.append("# stratified: a gap in the class indices")
    for r in TEST_SIZES:
        for seed in SEEDS:
            case(out, len(labels), r, seed, labels, 4)

    if len(sys.argv) > 1:
        path = sys.argv[1]
    else:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "data", "split-golden.txt")
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(out) + "\n")

    if len(sys.argv) > 2:
        path = sys.argv[2]
    else:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "data", "split-val-golden.txt")
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(val_cases()) + "\n")


if __name__ == "__main__":
    main()
