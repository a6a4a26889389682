package io.roster.scim.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.scim.store.ResourceStore;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Gauges read from the store when scraped, each cheap: its size on disk, the resources of each type
 * (the store's counters, not a scan), and the after-commit deliveries still waiting in the outbox.
 */
final class StoreGauges {

    private StoreGauges() {
    }

    static void bind(MeterRegistry registry, ResourceStore store, List<String> types, LongSupplier outboxPending) {
        Gauge.builder("roster.store.size", store, ResourceStore::sizeOnDisk)
                .description("Bytes the store holds on local disk (-1: the backend cannot tell)")
                .baseUnit("bytes")
                .register(registry);
        for (String type : types) {
            Gauge.builder("roster.resources", store, s -> s.read(r -> r.count(type)))
                    .description("Resources in the store, by resource type")
                    .tag("type", type)
                    .register(registry);
        }
        Gauge.builder("roster.outbox.pending", outboxPending, LongSupplier::getAsLong)
                .description("After-commit deliveries waiting in the outbox (lag of after-commit hooks)")
                .baseUnit("entries")
                .register(registry);
    }
}
