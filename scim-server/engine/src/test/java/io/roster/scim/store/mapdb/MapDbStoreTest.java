package io.roster.scim.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStoreTest {
    private static final List<String> TYPES = List.of("User", "Group");
    private static final List<IndexDefinition> INDEXES = List.of(
            new IndexDefinition("User", "userName", true, false, a -> str(a, "userName")),
            new IndexDefinition("User", "externalId", true, true, a -> str(a, "externalId")));

    @TempDir
    Path dir;
    private MapDbStore store;

    @BeforeEach
    void open() {
        store = MapDbStore.open(dir, TYPES, INDEXES);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static List<String> str(JsonObject a, String key) {
        return a.get(key) instanceof JsonString s ? List.of(s.getString()) : List.of();
    }

    private static StoredResource user(String id, String userName) {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        return new StoredResource("User", id, 1, now, now, JsonSupport.object().add("userName", userName).build());
    }

    @Test
    void writtenResourceIsReadBackWithItsIndexes() {
        store.write(w -> {
            w.put(user("u1", "Alice"));
            return null;
        });
        StoredResource r = store.read(x -> x.get("User", "u1"));
        assertEquals("Alice", r.attributes().getString("userName"));
        assertEquals("u1", store.read(x -> x.findUnique("User", "userName", "ALICE")));
        assertEquals((long) 1, (long) store.read(x -> x.count("User")));
    }

    @Test
    void uniqueConflictIsRejectedAndLeavesNothingBehind() {
        store.write(w -> {
            w.put(user("u1", "alice"));
            return null;
        });
        ScimException e = assertThrows(ScimException.class, () -> store.write(w -> {
            w.put(user("u2", "bob"));
            w.put(user("u3", "ALICE"));
            return null;
        }));
        assertEquals(409, e.status());
        // the whole work was undone: u2 was written first, and is gone too
        assertNull(store.read(x -> x.get("User", "u2")));
        assertNull(store.read(x -> x.findUnique("User", "userName", "bob")));
        assertEquals((long) 1, (long) store.read(x -> x.count("User")));
    }

    @Test
    void failingWorkIsUndoneWithoutDisturbingItsBatchMates() throws Exception {
        int writers = 32;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                start.await();
                return store.write(w -> {
                    w.put(user("u" + n, "user" + n));
                    if (n % 2 == 1) {
                        throw new IllegalStateException("boom " + n);
                    }
                    return null;
                });
            }));
        }
        start.countDown();
        int failed = 0;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
            }
        }
        pool.shutdown();
        assertEquals(writers / 2, failed);
        assertEquals((long) writers / 2, (long) store.read(x -> x.count("User")));
        for (int i = 0; i < writers; i++) {
            int n = i;
            StoredResource r = store.read(x -> x.get("User", "u" + n));
            if (n % 2 == 0) {
                assertNotNull(r);
            } else {
                assertNull(r);
                assertNull(store.read(x -> x.findUnique("User", "userName", "user" + n)));
            }
        }
    }

    @Test
    void membershipIsIndexedBothWaysAndCleanedOnDelete() {
        Instant now = Instant.now();
        store.write(w -> {
            w.put(new StoredResource("Group", "g1", 1, now, now, JsonSupport.object().add("displayName", "G").build()));
            w.put(user("u1", "a"));
            w.put(user("u2", "b"));
            assertTrue(w.addMember("g1", new MemberRef("u1", "User", "a")));
            assertTrue(w.addMember("g1", new MemberRef("u2", "User", "b")));
            assertFalse(w.addMember("g1", new MemberRef("u2", "User", "b")), "adding twice is not a second membership");
            return null;
        });
        assertEquals((long) 2, (long) store.read(x -> x.memberCount("g1")));
        assertEquals(List.of("g1"), store.read(x -> x.groupsOf("u1")));
        assertEquals(List.of("u2"), store.read(x -> x.members("g1", "u1", 10)).stream().map(MemberRef::id).toList());

        store.write(w -> w.delete("User", "u1"));
        assertEquals((long) 1, (long) store.read(x -> x.memberCount("g1")));
        assertFalse((boolean) store.read(x -> x.isMember("g1", "u1")));

        store.write(w -> w.delete("Group", "g1"));
        assertEquals(List.of(), store.read(x -> x.groupsOf("u2")));
        assertEquals((long) 0, (long) store.read(x -> x.memberCount("g1")));
    }

    @Test
    void idsComeInOrderAndPageAfterAGivenId() {
        store.write(w -> {
            for (String id : List.of("c", "a", "b", "d")) {
                w.put(user(id, "n" + id));
            }
            return null;
        });
        assertEquals(List.of("a", "b"), store.read(x -> x.ids("User", null, 2)));
        assertEquals(List.of("c", "d"), store.read(x -> x.ids("User", "b", 10)));
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        store.write(w -> {
            w.put(user("u1", "alice"));
            w.putSetting("k", "v");
            return null;
        });
        store.close();
        store = MapDbStore.open(dir, TYPES, INDEXES);
        assertEquals("alice", store.read(x -> x.get("User", "u1")).attributes().getString("userName"));
        assertEquals("v", store.read(x -> x.setting("k")));
        assertEquals("u1", store.read(x -> x.findUnique("User", "userName", "Alice")));
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedWithAClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MapDbStore.open(dir, TYPES, INDEXES));
        assertTrue(e.getMessage().contains("in use by another Roster process"), e.getMessage());
    }

    @Test
    void writesAfterCloseAreRefusedWith503() {
        store.close();
        ScimException e = assertThrows(ScimException.class, () -> store.write(w -> null));
        assertEquals(503, e.status());
    }
}
