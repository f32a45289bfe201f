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

from bench_common import print_report, status_kib


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
    print_report(
        version=f"pandas {pandas.__version__}",
        seconds=f"{seconds:.6f}",
        rows=rows,
        columns=columns,
        baseline_kib=baseline,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
