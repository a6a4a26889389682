package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerTest {

    @Test
    void progressLine() {
        assertEquals("seeded 12000/100000 users, 1500/s, eta 59s",
                Runner.progressLine(12_000, 0, 100_000, 8_000_000_000L));
        assertEquals("seeded 0/10 users, 0/s, eta unknown", Runner.progressLine(0, 0, 10, 2_000_000_000L));
        assertEquals("seeded 10/10 users, 5/s, done", Runner.progressLine(10, 0, 10, 2_000_000_000L));
    }

    @Test
    void progressLineCountsFailuresAsFinished() {
        // 64 failed creates are not retried, so the run is done though only 29936 exist
        assertEquals("seeded 29936/30000 users, 179/s, done, 64 failed",
                Runner.progressLine(29_936, 64, 30_000, 167_500_000_000L));
        // all failing: the rate of created users is 0 but the ETA still moves
        assertEquals("seeded 0/100 users, 0/s, eta 8s, 20 failed", Runner.progressLine(0, 20, 100, 2_000_000_000L));
    }

    @Test
    void formatSeconds() {
        assertEquals("0s", Runner.formatSeconds(0));
        assertEquals("59s", Runner.formatSeconds(59));
        assertEquals("3m12s", Runner.formatSeconds(192));
        assertEquals("2h3m", Runner.formatSeconds(7384));
    }

    @Test
    void timedRunExcludesWarmupAndTurnsExceptionsIntoErrorKeys() throws InterruptedException {
        long now = System.nanoTime();
        // whole run is "warm-up": nothing recorded
        List<WorkerStats> warm = Runner.runTimed(2, now + 3_600_000_000_000L, now + 20_000_000L, r -> null);
        assertEquals(0, warm.stream().mapToLong(w -> w.latencies.size()).sum());

        int[] calls = new int[1];
        List<WorkerStats> one = Runner.runTimed(1, 0, System.nanoTime() + 20_000_000L, r -> {
            calls[0]++;
            if (calls[0] % 2 == 0) {
                throw new java.net.ConnectException("refused");
            }
            return null;
        });
        Report report = Report.from(Scenario.GET_USERS, 1, 20_000_000L, 0, one);
        assertEquals(calls[0], report.ok() + report.errorCount());
        // However few calls a loaded machine fits in the window, every second one failed and was counted by name.
        assertEquals(calls[0] / 2, report.errors().getOrDefault("ConnectException", 0L).longValue());
    }
}
