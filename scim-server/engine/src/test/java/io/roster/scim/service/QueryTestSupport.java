package io.roster.scim.service;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** A ResourceService over a real store in a temporary directory, with a clock tests can move. */
final class QueryTestSupport implements AutoCloseable {
    static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    static final ResourceType USER = REGISTRY.resourceType("User");
    static final ResourceType GROUP = REGISTRY.resourceType("Group");
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");

    final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final ResourceStore store;
    final ResourceService service;

    QueryTestSupport(Path dir) {
        this(StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, IndexCatalogue.of(REGISTRY))));
    }

    QueryTestSupport(ResourceStore store) {
        this.store = store;
        this.service = new ResourceService(REGISTRY, store,
                new ServiceSettings(1000, 100, 4096, 32, 1000, ServiceSettings.DEFAULT_MAX_VALUES_PER_ATTRIBUTE), clock);
    }

    String createUser(String json) {
        return service.create(USER, JsonSupport.parseTrusted(json), CTX).id();
    }

    String createGroup(String json) {
        return service.create(GROUP, JsonSupport.parseTrusted(json), CTX).id();
    }

    ListResult list(ResourceType type, ListRequest request) {
        return service.list(type, request, CTX);
    }

    static List<String> ids(ListResult r) {
        return r.resources().stream().map(ResourceSnapshot::id).toList();
    }

    static String attr(ResourceSnapshot s, String name) {
        JsonObject o = s.representation();
        return o.containsKey(name) ? o.getString(name) : null;
    }

    @Override
    public void close() {
        store.close();
    }

    /** A clock that only moves when told to. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
