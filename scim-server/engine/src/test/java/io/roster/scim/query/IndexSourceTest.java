package io.roster.scim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.IndexCatalogue;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.Row;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObjectBuilder;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resources without a value of a sort index are found by reading resources in id order, as no index
 * holds them: a walk that starts at the first of them stops at the last one the counts of its read
 * announce, instead of reading every resource of the type. That is the first page of a descending sort
 * where a few of the newest resources lack a value (users created before a client fills them in); when
 * the few are the oldest, the read still goes through the type.
 */
class IndexSourceTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final int USERS = 300;

    @TempDir
    Path dir;
    private ResourceStore store;
    private Sources.IndexSource byDisplayName;
    private Sources.IndexSource byDisplayNameDescending;

    @BeforeEach
    void open() {
        store = StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, IndexCatalogue.of(REGISTRY)));
        QueryPlanner planner = new QueryPlanner(REGISTRY, IndexCatalogue.of(REGISTRY));
        byDisplayName = new Sources.IndexSource("User", planner.index(USER, "displayName"), IndexRange.all(), false, true);
        byDisplayNameDescending = new Sources.IndexSource("User", planner.index(USER, "displayName"), IndexRange.all(), true, true);
        store.write(w -> {
            Instant now = Instant.parse("2025-01-01T00:00:00Z");
            for (int i = 0; i < USERS; i++) {
                JsonObjectBuilder b = JsonSupport.object().add("userName", "u" + i);
                if (i < USERS - 3) { // the three newest have no displayName
                    b.add("displayName", String.format("name %03d", i));
                }
                w.put(new StoredResource("User", String.format("id-%03d", i), 1, now, now, b.build()));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The reader, counting the resources it reads. */
    private static StoreReader counting(StoreReader r, AtomicInteger gets) {
        return (StoreReader) Proxy.newProxyInstance(StoreReader.class.getClassLoader(), new Class<?>[] {StoreReader.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        gets.incrementAndGet();
                    }
                    return method.invoke(r, args);
                });
    }

    private List<Row> page(Sources.Walk walk, int size, AtomicInteger gets) {
        List<Row> out = new ArrayList<>();
        while (out.size() < size) {
            List<Row> more = store.read(r -> walk.next(counting(r, gets), size - out.size()));
            if (more.isEmpty()) {
                break;
            }
            out.addAll(more);
        }
        return out;
    }

    @Test
    void theFirstDescendingPageReadsOnlyTheResourcesWithoutAValue() {
        AtomicInteger gets = new AtomicInteger();
        List<Row> first = page(byDisplayNameDescending.forward(null), 50, gets);
        assertEquals(List.of("id-299", "id-298", "id-297", "id-296", "id-295"), first.subList(0, 5).stream().map(Row::id).toList());
        assertEquals(50, first.size());
        assertEquals(3, gets.get(), "only the three without a displayName are read, not all " + USERS);
    }

    @Test
    void aWalkResumedInsideTheResourcesWithoutAValueStillFindsThemAll() {
        // from a cursor inside them the count cannot bound the read: every one is still found, in order
        AtomicInteger gets = new AtomicInteger();
        List<Row> rest = page(byDisplayNameDescending.forward(new Row(null, "id-299")), 10, gets);
        assertEquals(List.of("id-298", "id-297", "id-296"), rest.subList(0, 3).stream().map(Row::id).toList());
        assertTrue(gets.get() >= 2);
    }
}
