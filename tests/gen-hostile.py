#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the big files of the hostile corpus, which are too large to commit.

usage: gen-hostile.py DIR

tests/data/hostile/MANIFEST.tsv names these files with a leading "@": the
test programs run this script into a temporary folder and read them from
there. Every file is made the same way each time (no randomness).
"""
import os
import sys


def ragged_at_50000(out):
    """A numeric table of 50,000 lines whose last row has one field too few."""
    with open(out, 'w') as f:
        f.write('a,b,c,label\n')
        for i in range(2, 50000):
            f.write('%d,%d.5,%d,%s\n' % (i, i % 17, i % 5, 'yes' if i % 3 else 'no'))
        f.write('1,2,no\n')


def columns_5000(out):
    """5,000 numeric columns and a class: accepted."""
    n = 5000
    with open(out, 'w') as f:
        f.write(','.join('f%d' % j for j in range(n)) + ',label\n')
        for i in range(20):
            f.write(','.join(str((i * 7 + j) % 11) for j in range(n)) + (',a\n' if i % 2 else ',b\n'))


def columns_100000(out):
    """100,000 numeric columns, 40 rows: accepted by the reader (16 MB of floats)."""
    n = 100000
    row = ','.join('1' for _ in range(n))
    with open(out, 'w') as f:
        f.write(','.join('f%d' % j for j in range(n)) + ',label\n')
        for i in range(40):
            f.write(row + (',a\n' if i % 2 else ',b\n'))


def duplicate_names_5000(out):
    """5,000 columns that are all called "x": renamed x, x.1, x.2... as pandas does."""
    n = 5000
    with open(out, 'w') as f:
        f.write(','.join('x' for _ in range(n)) + '\n')
        for i in range(4):
            f.write(','.join(str(i) for _ in range(n)) + '\n')


def long_cell(out):
    """A 100,000-character cell in a numeric column: the message quotes its start only."""
    with open(out, 'w') as f:
        f.write('a,b,label\n1,2,x\n3,4,y\n')
        f.write('5,' + '9' * 50000 + 'z' * 50000 + ',x\n')
        f.write('6,7,y\n')


def long_cell_quoted(out):
    """A quoted cell of 5 MB holding line breaks, in a text column: accepted."""
    with open(out, 'w') as f:
        f.write('a,note,label\n1,short,x\n2,"' + ('abcdefghi\n' * 500000) + '",y\n3,x,x\n')


def classes_10000(out):
    """10,000 distinct target values: more classes than Entrena trains on."""
    with open(out, 'w') as f:
        f.write('a,b,label\n')
        for i in range(20000):
            f.write('%d,%d,c%d\n' % (i % 13, i % 7, i % 10000))


def nul_after_sample(out):
    """A zero byte after the first 64 KiB, which the sniffer does not see."""
    with open(out, 'wb') as f:
        f.write(b'a,b,label\n')
        line = 0
        while f.tell() < 100000:
            f.write(b'%d,%d,x\n' % (line, line))
            line += 1
        f.write(b'1,\x002,y\n')


def directory(out):
    """A folder where a file is expected."""
    os.mkdir(out)


GENERATORS = {
    'ragged-line-50000.csv': ragged_at_50000,
    'columns-5000.csv': columns_5000,
    'columns-100000.csv': columns_100000,
    'duplicate-names-5000.csv': duplicate_names_5000,
    'long-cell-100000.csv': long_cell,
    'long-cell-quoted-5mb.csv': long_cell_quoted,
    'classes-10000.csv': classes_10000,
    'nul-after-sample.csv': nul_after_sample,
    'directory.csv': directory,
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    for name, make in GENERATORS.items():
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            make(path)


if __name__ == '__main__':
    main()
