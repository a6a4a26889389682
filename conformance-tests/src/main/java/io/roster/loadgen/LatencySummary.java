package io.roster.loadgen;

/**
 * Exact latency percentiles of one run, in nanoseconds. {@code count} is 0 (and every figure 0)
 * when nothing was measured.
 */
record LatencySummary(long count, long p50, long p90, long p99, long p999, long max) {

    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** Summarises samples that are already sorted ascending. */
    static LatencySummary ofSorted(long[] sorted) {
        if (sorted.length == 0) {
            return EMPTY;
        }
        return new LatencySummary(sorted.length,
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                percentile(sorted, 99.9), sorted[sorted.length - 1]);
    }

    /**
     * Nearest-rank percentile: the smallest sample such that at least {@code p}% of the samples are
     * less than or equal to it. Unlike interpolation it always reports a latency that was actually
     * observed, which is what people expect of "p99 = 12 ms".
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        // the small epsilon keeps e.g. 99.9% of 1000 at rank 999 despite 0.999 * 1000 = 999.0000000000001
        long rank = (long) Math.ceil(p / 100.0 * sorted.length - 1e-9);
        int index = (int) Math.max(0, Math.min(sorted.length - 1, rank - 1));
        return sorted[index];
    }
}
