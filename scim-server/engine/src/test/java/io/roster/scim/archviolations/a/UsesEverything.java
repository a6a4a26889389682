package io.roster.scim.archviolations.a;

import io.roster.scim.archviolations.b.PointsBack;
import io.roster.scim.store.mapdb.MapDbStore;

/**
 * Breaks every architecture rule on purpose, so {@code ArchitectureTest} can show its rules fail: JAX-RS
 * and MapDB outside their packages, Micrometer outside the metrics package, the MapDB backend named
 * directly, and a cycle with package b.
 */
public final class UsesEverything {
    public jakarta.ws.rs.core.Response response;
    public org.mapdb.DB db;
    public MapDbStore store;
    public PointsBack back;
    public io.micrometer.core.instrument.MeterRegistry meters;
}
