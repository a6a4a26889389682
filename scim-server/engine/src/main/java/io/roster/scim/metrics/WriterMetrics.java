package io.roster.scim.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The store writer's group commits, as the store reports them ({@link StoreMetrics}): how many units of
 * work share a commit, how long applying and committing (the journal force) take, and how many units wait.
 */
final class WriterMetrics implements StoreMetrics {
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    private final DistributionSummary batchSize;
    private final Timer apply;
    private final Timer commit;

    WriterMetrics(MeterRegistry registry, ResourceStore store) {
        batchSize = DistributionSummary.builder("roster.store.writer.batch.size")
                .description("Units of work (writes) sharing one group commit")
                .baseUnit("writes")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
                .register(registry);
        apply = Timer.builder("roster.store.writer.apply")
                .description("Time the store writer spends applying one batch")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        commit = Timer.builder("roster.store.writer.commit")
                .description("Time making one batch durable (journal force)")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        Gauge.builder("roster.store.writer.queue", store, s -> Math.max(0, s.queuedWrites()))
                .description("Writes queued for the store writer, not yet in a batch")
                .baseUnit("writes")
                .register(registry);
    }

    @Override
    public void batchCommitted(int units, long applyNanos, long commitNanos) {
        batchSize.record(units);
        apply.record(applyNanos, TimeUnit.NANOSECONDS);
        commit.record(commitNanos, TimeUnit.NANOSECONDS);
    }
}
