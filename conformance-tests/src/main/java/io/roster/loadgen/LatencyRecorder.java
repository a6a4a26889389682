package io.roster.loadgen;

import java.util.Arrays;
import java.util.List;

/**
 * Every latency (in nanoseconds) one worker measured. Each worker owns its recorder, so adding is
 * a plain array store with no locking or atomics on the hot path; the recorders are only read
 * after the worker threads have been joined. Keeping every sample (rather than a histogram) makes
 * the percentiles exact: 30 s at a few thousand requests/s is only a few MB of longs.
 */
final class LatencyRecorder {
    private long[] samples = new long[4096];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** All samples of all recorders in one sorted array, ready for {@link LatencySummary#ofSorted}. */
    static long[] mergeSorted(List<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total = Math.addExact(total, r.size);
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.size);
            at += r.size;
        }
        Arrays.sort(all);
        return all;
    }
}
