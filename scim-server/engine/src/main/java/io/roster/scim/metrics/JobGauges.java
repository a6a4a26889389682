package io.roster.scim.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.roster.scim.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Background jobs in progress (Job resources queued or running), summed per plugin and kind so that the
 * series stay few however many jobs there are: how many, items processed and items in total. Read at
 * scrape time, at most {@value #CAP} Job resources.
 */
final class JobGauges implements Runnable {
    static final String TYPE = "Job";
    static final int CAP = 10_000;

    private final ResourceStore store;
    private final MultiGauge running;
    private final MultiGauge processed;
    private final MultiGauge total;

    JobGauges(MeterRegistry registry, ResourceStore store) {
        this.store = store;
        running = MultiGauge.builder("roster.jobs.in.progress").description("Background jobs queued or running, by plugin and kind")
                .register(registry);
        processed = MultiGauge.builder("roster.jobs.processed").description("Items processed by the jobs in progress, by plugin and kind")
                .baseUnit("items").register(registry);
        total = MultiGauge.builder("roster.jobs.total").description("Items in total for the jobs in progress, by plugin and kind")
                .baseUnit("items").register(registry);
    }

    /** Reads the jobs and replaces the gauges' rows. */
    @Override
    public void run() {
        Map<List<String>, long[]> sums = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1))
                : a.get(0).compareTo(b.get(0)));
        ResourceScan.each(store, TYPE, CAP, attrs -> {
            String state = attrs.getString("state", "");
            if (state.equals("queued") || state.equals("running")) {
                long[] s = sums.computeIfAbsent(List.of(attrs.getString("plugin", ""), attrs.getString("kind", "")), k -> new long[3]);
                s[0]++;
                s[1] += ResourceScan.number(attrs, "processed");
                s[2] += ResourceScan.number(attrs, "total");
            }
        });
        List<MultiGauge.Row<?>> r = new ArrayList<>();
        List<MultiGauge.Row<?>> p = new ArrayList<>();
        List<MultiGauge.Row<?>> t = new ArrayList<>();
        sums.forEach((key, s) -> {
            Tags tags = Tags.of("plugin", key.get(0), "kind", key.get(1));
            r.add(MultiGauge.Row.of(tags, s[0]));
            p.add(MultiGauge.Row.of(tags, s[1]));
            t.add(MultiGauge.Row.of(tags, s[2]));
        });
        running.register(r, true);
        processed.register(p, true);
        total.register(t, true);
    }
}
