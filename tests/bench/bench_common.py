# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Python sides of the benchmarks share (next to them, so that
`python3 tests/bench/bench-….py` finds it)."""

import resource


def status_kib(key):
    """A line of /proc/self/status in KiB (VmHWM, VmRSS), or -1 without /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def print_peak_memory():
    """Prints the "hwm_kib" and "maxrss_kib" lines the C side reads."""
    print(f"hwm_kib={status_kib('VmHWM')}")
    # ru_maxrss is in KiB on Linux.
    print(f"maxrss_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


def print_report(**values):
    """Prints the report the C side reads: a "key=value" line for each of
    values, in order, then the peak memory."""
    for key, value in values.items():
        print(f"{key}={value}")
    print_peak_memory()
