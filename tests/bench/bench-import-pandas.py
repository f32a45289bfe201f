#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times pandas.read_csv on one file, for bench-import to compare with.

Prints "key=value" lines on stdout, the same keys bench-import's own child
prints: the import time alone (pandas is imported before the clock starts),
the shape, the resident size before reading and the peak resident size.
"""

import resource
import sys
import time

import pandas

from bench_common import print_peak_memory, status_kib


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} FILE.csv", file=sys.stderr)
        return 2

    path = sys.argv[1]
    baseline = status_kib("VmRSS")
    if baseline < 0:
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    start = time.perf_counter()
    frame = pandas.read_csv(path)
    seconds = time.perf_counter() - start

    rows, columns = frame.shape
    print(f"version=pandas {pandas.__version__}")
    print(f"seconds={seconds:.6f}")
    print(f"rows={rows}")
    print(f"columns={columns}")
    print(f"baseline_kib={baseline}")
    print_peak_memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())
