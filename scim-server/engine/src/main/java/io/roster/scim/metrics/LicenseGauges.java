package io.roster.scim.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.roster.scim.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Seats per license (License resources, tagged by their SKU {@code value}): used and permitted. Read at
 * scrape time, at most {@value #CAP} licenses, so a store with very many cannot make a scrape expensive.
 */
final class LicenseGauges implements Runnable {
    static final String TYPE = "License";
    static final int CAP = 1_000;

    private final ResourceStore store;
    private final MultiGauge used;
    private final MultiGauge permitted;

    LicenseGauges(MeterRegistry registry, ResourceStore store) {
        this.store = store;
        used = MultiGauge.builder("roster.license.seats.used").description("Assignments used, by license SKU")
                .register(registry);
        permitted = MultiGauge.builder("roster.license.seats.permitted").description("Assignments permitted, by license SKU")
                .register(registry);
    }

    @Override
    public void run() {
        List<MultiGauge.Row<?>> u = new ArrayList<>();
        List<MultiGauge.Row<?>> p = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        ResourceScan.each(store, TYPE, CAP, attrs -> {
            String sku = attrs.getString("value", "");
            if (!sku.isEmpty() && seen.add(sku)) {
                Tags tags = Tags.of("sku", sku);
                u.add(MultiGauge.Row.of(tags, ResourceScan.number(attrs, "totalAssignmentsUsed")));
                p.add(MultiGauge.Row.of(tags, ResourceScan.number(attrs, "totalAssignmentsPermitted")));
            }
        });
        used.register(u, true);
        permitted.register(p, true);
    }
}
