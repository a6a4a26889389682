package io.roster.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of one run. Latencies cover every measured request, failed ones included, because a
 * server that answers errors fast (or times out slowly) should show up in the numbers.
 *
 * @param measuredNanos length of the measured window (for seed: the whole run)
 * @param warmupNanos   warm-up that ran before it and is excluded from every figure
 * @param errors        failed requests by "HTTP status" or transport exception class, sorted by key
 */
record Report(
        String scenario,
        int clients,
        long measuredNanos,
        long warmupNanos,
        long ok,
        SortedMap<String, Long> errors,
        LatencySummary latency) {

    static Report from(Scenario scenario, int clients, long measuredNanos, long warmupNanos,
                       List<WorkerStats> workers) {
        long ok = 0;
        SortedMap<String, Long> errors = new TreeMap<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        for (WorkerStats w : workers) {
            ok += w.ok;
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            recorders.add(w.latencies);
        }
        long[] sorted = LatencyRecorder.mergeSorted(recorders);
        return new Report(scenario.cliName(), clients, measuredNanos, warmupNanos, ok, errors,
                LatencySummary.ofSorted(sorted));
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Successful requests per second of the measured window. */
    double throughput() {
        return measuredNanos <= 0 ? 0 : ok / (measuredNanos / 1e9);
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        line(b, "scenario", scenario);
        line(b, "clients", Integer.toString(clients));
        String measured = fmt("%.2f s", measuredNanos / 1e9);
        if (warmupNanos > 0) {
            measured += fmt(" (after %.2f s warm-up, excluded)", warmupNanos / 1e9);
        }
        line(b, "measured", measured);
        line(b, "requests ok", Long.toString(ok));
        long total = ok + errorCount();
        if (errors.isEmpty()) {
            line(b, "errors", "none");
        } else {
            line(b, "errors", fmt("%d (%.2f%% of %d)", errorCount(), 100.0 * errorCount() / total, total));
            int width = errors.keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, Long> e : errors.entrySet()) {
                b.append(fmt("  %-" + width + "s  %d%n", e.getKey(), e.getValue()));
            }
        }
        line(b, "throughput", fmt("%.2f ok requests/s", throughput()));
        if (latency.count() == 0) {
            line(b, "latency (ms)", "no requests measured");
        } else {
            line(b, "latency (ms)", fmt("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (over %d requests)",
                    ms(latency.p50()), ms(latency.p90()), ms(latency.p99()), ms(latency.p999()),
                    ms(latency.max()), latency.count()));
        }
        return b.toString();
    }

    /** The report as one line of JSON, for scripts that collect results. */
    String toJson() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"scenario\":").append(Json.quote(scenario));
        b.append(",\"clients\":").append(clients);
        b.append(",\"measuredSeconds\":").append(fmt("%.3f", measuredNanos / 1e9));
        b.append(",\"warmupSeconds\":").append(fmt("%.3f", warmupNanos / 1e9));
        b.append(",\"ok\":").append(ok);
        b.append(",\"errorCount\":").append(errorCount());
        b.append(",\"errors\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : errors.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(Json.quote(e.getKey())).append(':').append(e.getValue());
        }
        b.append('}');
        b.append(",\"throughputPerSecond\":").append(fmt("%.2f", throughput()));
        b.append(",\"latencyMs\":{");
        b.append("\"count\":").append(latency.count());
        b.append(",\"p50\":").append(ms(latency.p50()));
        b.append(",\"p90\":").append(ms(latency.p90()));
        b.append(",\"p99\":").append(ms(latency.p99()));
        b.append(",\"p99.9\":").append(ms(latency.p999()));
        b.append(",\"max\":").append(ms(latency.max()));
        b.append("}}");
        return b.toString();
    }

    /** Nanoseconds as milliseconds with 2 decimals. */
    static String ms(long nanos) {
        return fmt("%.2f", nanos / 1e6);
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(fmt("%-14s%s%n", label, value));
    }

    // Locale.ROOT: a decimal comma would break the JSON line and scripts parsing the text
    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
