package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTest {

    private static long[] oneTo(int n) {
        return LongStream.rangeClosed(1, n).toArray();
    }

    @Test
    void nearestRankOnOneToThousand() {
        long[] s = oneTo(1000);
        assertEquals(500, LatencySummary.percentile(s, 50));
        assertEquals(900, LatencySummary.percentile(s, 90));
        assertEquals(990, LatencySummary.percentile(s, 99));
        assertEquals(999, LatencySummary.percentile(s, 99.9));
        assertEquals(1000, LatencySummary.percentile(s, 100));
    }

    @Test
    void nearestRankOnSmallSamples() {
        assertEquals(7, LatencySummary.percentile(new long[] {7}, 50));
        assertEquals(7, LatencySummary.percentile(new long[] {7}, 99.9));
        // 4 samples: p50 is rank 2, p90 rank ceil(3.6)=4
        long[] s = {10, 20, 30, 40};
        assertEquals(20, LatencySummary.percentile(s, 50));
        assertEquals(40, LatencySummary.percentile(s, 90));
        // 10 samples: p90 is exactly rank 9, p99 rounds up to the max
        long[] t = oneTo(10);
        assertEquals(9, LatencySummary.percentile(t, 90));
        assertEquals(10, LatencySummary.percentile(t, 99));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.percentile(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.percentile(oneTo(3), 0));
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.percentile(oneTo(3), 100.1));
    }

    @Test
    void summaryOfSorted() {
        assertEquals(new LatencySummary(1000, 500, 900, 990, 999, 1000), LatencySummary.ofSorted(oneTo(1000)));
        assertEquals(LatencySummary.EMPTY, LatencySummary.ofSorted(new long[0]));
    }

    @Test
    void recorderGrowsAndMergesSorted() {
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        for (long i = 10_000; i > 0; i--) { // past the initial capacity, descending so sorting matters
            (i % 2 == 0 ? a : b).add(i);
        }
        assertEquals(5000, a.size());
        long[] merged = LatencyRecorder.mergeSorted(List.of(a, b, new LatencyRecorder()));
        assertArrayEquals(oneTo(10_000), merged);
        assertEquals(9990, LatencySummary.percentile(merged, 99.9));
    }
}
