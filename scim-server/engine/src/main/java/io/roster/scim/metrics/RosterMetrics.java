package io.roster.scim.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's meters in one Prometheus registry: requests ({@link #requests}), the store's writer, store
 * and background-job gauges, seats per license, JVM and process. Gauges over resources (jobs, licenses)
 * are read from the store when scraped, not kept up to date on every write.
 */
public final class RosterMetrics implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RosterMetrics.class.getName());
    /** The Prometheus text exposition format's media type (version 0.0.4). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ResourceStore store;
    private final RequestMetrics requests;
    private final JvmMetrics jvm;
    private final List<Runnable> atScrape = new ArrayList<>();

    /**
     * @param types         the resource types the store holds (a count gauge each)
     * @param outboxPending after-commit deliveries waiting, read when scraped
     */
    public RosterMetrics(ResourceStore store, List<String> types, LongSupplier outboxPending) {
        this.store = store;
        this.requests = new RequestMetrics(registry);
        this.jvm = new JvmMetrics(registry);
        store.observe(new WriterMetrics(registry, store));
        StoreGauges.bind(registry, store, types, outboxPending);
        if (types.contains(JobGauges.TYPE)) {
            atScrape.add(new JobGauges(registry, store));
        }
        if (types.contains(LicenseGauges.TYPE)) {
            atScrape.add(new LicenseGauges(registry, store));
        }
    }

    public RequestMetrics requests() {
        return requests;
    }

    /** Every meter in the Prometheus text format, the resource gauges read now. */
    public synchronized String scrape() {
        for (Runnable refresh : atScrape) {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                // A store that is closing, or a resource of an unexpected shape: the other meters still count.
                LOG.log(Level.FINE, "reading resource gauges failed", e);
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        store.observe(StoreMetrics.NONE);
        jvm.close();
        registry.close();
    }
}
