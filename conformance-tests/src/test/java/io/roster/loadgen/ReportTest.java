package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Report sample() {
        WorkerStats a = new WorkerStats();
        WorkerStats b = new WorkerStats();
        for (int i = 1; i <= 1000; i++) {
            (i % 2 == 0 ? a : b).record(i * 1_000_000L, null); // 1 ms .. 1000 ms
        }
        a.record(2_500_000_000L, "HTTP 500");
        b.record(30_000_000_000L, "HttpTimeoutException");
        b.record(1_234_567L, "HTTP 500");
        return Report.from(Scenario.GET_USERS, 2, 10_000_000_000L, 5_000_000_000L, List.of(a, b));
    }

    @Test
    void mergesWorkers() {
        Report r = sample();
        assertEquals(1000, r.ok());
        assertEquals(3, r.errorCount());
        assertEquals(new TreeMap<>(java.util.Map.of("HTTP 500", 2L, "HttpTimeoutException", 1L)), r.errors());
        assertEquals(1003, r.latency().count());
        assertEquals(30_000_000_000L, r.latency().max());
        assertEquals(100.0, r.throughput(), 1e-9);
    }

    @Test
    void text() {
        String text = sample().toText();
        assertTrue(text.contains("scenario      get-users\n"), text);
        assertTrue(text.contains("clients       2\n"), text);
        assertTrue(text.contains("measured      10.00 s (after 5.00 s warm-up, excluded)\n"), text);
        assertTrue(text.contains("requests ok   1000\n"), text);
        assertTrue(text.contains("errors        3 (0.30% of 1003)\n"), text);
        assertTrue(text.contains("  HTTP 500              2\n"), text);
        assertTrue(text.contains("  HttpTimeoutException  1\n"), text);
        assertTrue(text.contains("throughput    100.00 ok requests/s\n"), text);
        assertTrue(text.contains("max 30000.00  (over 1003 requests)"), text);
        assertTrue(text.contains("p50 "), text);
    }

    @Test
    void jsonLineIsParseableByOurOwnReader() {
        String json = sample().toJson();
        assertTrue(!json.contains("\n"));
        assertEquals("get-users", Json.stringField(json, "scenario").orElseThrow());
        assertEquals(OptionalLong.of(1000), Json.longField(json, "ok"));
        assertEquals(OptionalLong.of(3), Json.longField(json, "errorCount"));
        assertTrue(json.contains("\"errors\":{\"HTTP 500\":2,\"HttpTimeoutException\":1}"), json);
        assertTrue(json.contains("\"throughputPerSecond\":100.00"), json);
        assertTrue(json.contains("\"max\":30000.00}}"), json);
    }

    @Test
    void emptyRun() {
        Report r = Report.from(Scenario.SEED, 1, 0, 0, List.of(new WorkerStats()));
        assertEquals(0, r.throughput());
        String text = r.toText();
        assertTrue(text.contains("errors        none\n"), text);
        assertTrue(text.contains("no requests measured"), text);
        assertTrue(!text.contains("warm-up"), text);
    }

    @Test
    void millisecondsWithTwoDecimals() {
        assertEquals("1.23", Report.ms(1_234_567));
        assertEquals("0.00", Report.ms(0));
        assertEquals("1000.00", Report.ms(1_000_000_000));
    }
}
