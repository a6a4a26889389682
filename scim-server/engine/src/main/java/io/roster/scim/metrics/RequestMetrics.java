package io.roster.scim.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code roster.http.requests}: a timer per endpoint, method and status. The endpoint is a label the
 * edge chose from a bounded set (a resource type's endpoint, a discovery endpoint; never a path with an
 * id), and methods outside the HTTP verbs the API uses count as {@code OTHER}, so the number of series
 * stays bounded whatever clients send. Latency buckets are fixed (SLO buckets), not per-series HDR
 * histograms, to keep each series small.
 */
public final class RequestMetrics {
    static final String NAME = "roster.http.requests";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private record Key(String endpoint, String method, int status) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request answered with {@code status} after {@code nanos}, to {@code endpoint} (a bounded label). */
    public void record(String endpoint, String method, int status, long nanos) {
        Key key = new Key(endpoint, METHODS.contains(method) ? method : "OTHER", status);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder(NAME)
                    .description("HTTP requests by endpoint (resource type or discovery endpoint), method and status")
                    .tags("endpoint", k.endpoint(), "method", k.method(), "status", Integer.toString(k.status()))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
