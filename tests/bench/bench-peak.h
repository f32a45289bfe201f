/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The FMA peak of a kernel path: what the benchmarks measure their figures
 * against, in the same run, on the same machine.
 */

/* GFLOP/s of a loop of independent multiply-adds in the registers of @path
 * ("scalar", "sse2", "avx2", "avx512", "neon") on @n_threads threads at once
 * (each pinned to nothing: the scheduler spreads them over the cores), the
 * best of three runs of about 0.1 s, each thread timed by its own CPU time
 * (so a busy machine does not lower it); 0 for a path this build lacks. Only for
 * paths the CPU has (entrena_kernels_get_table() says which). */
double bench_peak_gflops (const char *path,
                          unsigned    n_threads);
