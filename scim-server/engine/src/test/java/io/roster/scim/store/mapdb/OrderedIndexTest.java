package io.roster.scim.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Range scans, keyset positions and counters of the ordered indexes, and building an index added to an existing store. */
class OrderedIndexTest {
    private static final List<String> TYPES = List.of("User", "Group");
    private static final IndexDefinition USER_NAME =
            new IndexDefinition("User", "userName", true, false, a -> str(a, "userName"));
    private static final IndexDefinition DISPLAY_NAME =
            new IndexDefinition("User", "displayName", false, false, a -> str(a, "displayName"));
    private static final IndexDefinition EMAILS =
            new IndexDefinition("User", "emails.value", false, false, true, OrderedIndexTest::emails);

    @TempDir
    Path dir;
    private MapDbStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static List<String> str(JsonObject a, String key) {
        return a.get(key) instanceof JsonString s ? List.of(s.getString()) : List.of();
    }

    private static List<String> emails(JsonObject a) {
        List<String> out = new ArrayList<>();
        if (a.get("emails") instanceof JsonArray arr) {
            for (JsonValue v : arr) {
                out.add(v.asJsonObject().getString("value"));
            }
        }
        return out;
    }

    private static StoredResource user(String id, String userName, String displayName, String... emails) {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        var b = JsonSupport.object().add("userName", userName);
        if (displayName != null) {
            b.add("displayName", displayName);
        }
        JsonArrayBuilder arr = JsonSupport.array();
        for (String e : emails) {
            arr.add(JsonSupport.object().add("value", e));
        }
        b.add("emails", arr);
        return new StoredResource("User", id, 1, now, now, b.build());
    }

    private void put(StoredResource... resources) {
        store.write(w -> {
            for (StoredResource r : resources) {
                w.put(r);
            }
            return null;
        });
    }

    private List<String> ids(String index, IndexRange range, IndexEntry after, boolean descending, int limit) {
        return store.read(r -> r.scanIndex("User", index, range, after, descending, limit)).stream().map(IndexEntry::id).toList();
    }

    private long countOf(String index, IndexRange range, long cap) {
        return store.read(r -> r.countIndex("User", index, range, cap));
    }

    private long indexed(String index) {
        return store.read(r -> r.indexedCount("User", index));
    }

    private void openWith(IndexDefinition... defs) {
        store = MapDbStore.open(dir, TYPES, List.of(defs));
    }

    @Test
    void uniqueIndexAnswersPrefixAndRangesInValueOrder() {
        openWith(USER_NAME);
        put(user("1", "Carol", null), user("2", "alice", null), user("3", "Bob", null), user("4", "alicia", null),
                user("5", "al", null));
        assertEquals(List.of("5", "2", "4", "3", "1"), ids("userName", IndexRange.all(), null, false, 10));
        assertEquals(List.of("1", "3", "4", "2", "5"), ids("userName", IndexRange.all(), null, true, 10));
        assertEquals(List.of("5", "2", "4"), ids("userName", IndexRange.prefix("al"), null, false, 10));
        assertEquals(List.of("2", "4"), ids("userName", IndexRange.prefix("ali"), null, false, 10));
        assertEquals(List.of("3", "1"), ids("userName", IndexRange.greaterThan("alicia", false), null, false, 10));
        assertEquals(List.of("4", "3", "1"), ids("userName", IndexRange.greaterThan("alicia", true), null, false, 10));
        assertEquals(List.of("5", "2"), ids("userName", IndexRange.lessThan("alicia", false), null, false, 10));
        assertEquals(List.of("4"), ids("userName", IndexRange.eq("alicia"), null, false, 10));
        assertEquals(List.of(), ids("userName", IndexRange.eq("ALICIA"), null, false, 10), "ranges take normalised values");
        // keyset positions resume strictly after the entry, in either direction
        assertEquals(List.of("4", "3"), ids("userName", IndexRange.all(), new IndexEntry("alice", "2"), false, 2));
        assertEquals(List.of("2", "5"), ids("userName", IndexRange.all(), new IndexEntry("alicia", "4"), true, 10));
        assertEquals(3L, countOf("userName", IndexRange.prefix("al"), 100));
        assertEquals(2L, countOf("userName", IndexRange.prefix("al"), 2), "counting stops at the cap");
        assertEquals(5L, indexed("userName"));
    }

    @Test
    void nonUniqueIndexOrdersTiesByIdAndSeesEveryValueOfAMultiValuedAttribute() {
        openWith(USER_NAME, DISPLAY_NAME, EMAILS);
        put(user("a", "u1", "Same", "x@one.com", "y@two.com"), user("b", "u2", "same", "z@one.com"),
                user("c", "u3", "Other"), user("d", "u4", null, "x@ONE.com"));
        assertEquals(List.of("c", "a", "b"), ids("displayName", IndexRange.all(), null, false, 10));
        assertEquals(List.of("b", "a", "c"), ids("displayName", IndexRange.all(), null, true, 10));
        assertEquals(List.of("b"), ids("displayName", IndexRange.eq("same"), new IndexEntry("same", "a"), false, 10));
        assertEquals(List.of("a", "d"), ids("emails.value", IndexRange.eq("x@one.com"), null, false, 10));
        assertEquals(List.of("a", "d", "a", "b"), ids("emails.value", IndexRange.greaterThan("x", true), null, false, 10),
                "a multi-valued index meets a resource once per value");
        assertEquals(3L, indexed("displayName"), "d has no displayName");
        assertEquals(3L, indexed("emails.value"), "resources holding a value, not values");

        // changing and deleting keep entries and counters exact
        put(user("c", "u3", null, "c@three.com"));
        store.write(w -> w.delete("User", "a"));
        assertEquals(List.of("b"), ids("displayName", IndexRange.all(), null, false, 10));
        assertEquals(1L, indexed("displayName"));
        assertEquals(List.of("d"), ids("emails.value", IndexRange.eq("x@one.com"), null, false, 10));
        assertEquals(3L, indexed("emails.value"));
    }

    @Test
    void anIndexAddedToAnExistingStoreIsBuiltAtOpenAndSurvivesRestart() {
        openWith(USER_NAME);
        for (int chunk = 0; chunk < 25; chunk++) {
            int first = chunk * 100;
            store.write(w -> {
                for (int n = first; n < first + 100; n++) {
                    w.put(user(String.format("id%05d", n), "user" + n, n % 10 == 0 ? null : "Name " + (n % 7)));
                }
                return null;
            });
        }
        store.close();
        openWith(USER_NAME, DISPLAY_NAME);
        assertEquals(2250L, indexed("displayName"));
        assertEquals(2250L, countOf("displayName", IndexRange.all(), Long.MAX_VALUE));
        assertEquals(2500L, indexed("userName"), "existing indexes get their counters too");
        long name3 = countOf("displayName", IndexRange.eq("name 3"), Long.MAX_VALUE);
        assertTrue(name3 > 300);
        // written through the journal: a restart (and a rebuild from snapshot and journal) keeps it
        store.close();
        openWith(USER_NAME, DISPLAY_NAME);
        assertEquals(2250L, countOf("displayName", IndexRange.all(), Long.MAX_VALUE));
        store.snapshotNow();
        store.close();
        java.nio.file.Path db = dir.resolve(MapDbStore.FILE_NAME);
        assertTrue(db.toFile().delete());
        openWith(USER_NAME, DISPLAY_NAME);
        assertEquals(name3, countOf("displayName", IndexRange.eq("name 3"), Long.MAX_VALUE));
        assertEquals(2250L, indexed("displayName"));
    }

    @Test
    void aUniqueIndexThatExistingDataViolatesRefusesToOpen() {
        openWith(USER_NAME);
        put(user("1", "a", "Twin"), user("2", "b", "twin"));
        store.close();
        store = null;
        IndexDefinition uniqueDisplay = new IndexDefinition("User", "displayName", true, false, a -> str(a, "displayName"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MapDbStore.open(dir, TYPES, List.of(USER_NAME, uniqueDisplay)));
        assertTrue(e.getMessage().contains("displayName"), e.getMessage());
        // and the directory is not left locked
        openWith(USER_NAME);
        assertEquals(2L, (long) store.read(r -> r.count("User")));
    }

    @Test
    void idsBeforeWalksCreationOrderBackwards() {
        openWith(USER_NAME);
        put(user("1", "a", null), user("2", "b", null), user("3", "c", null));
        assertEquals(List.of("3", "2", "1"), store.read(r -> r.idsBefore("User", null, 10)));
        assertEquals(List.of("2", "1"), store.read(r -> r.idsBefore("User", "3", 10)));
        assertEquals(List.of("1"), store.read(r -> r.idsBefore("User", "2", 1)));
    }

    @Test
    void rangeHelpersIntersectAndDetectEmptiness() {
        IndexRange r = IndexRange.greaterThan("b", true).intersect(IndexRange.lessThan("d", false));
        assertTrue(r.contains("b") && r.contains("c") && !r.contains("d") && !r.contains("a"));
        assertTrue(IndexRange.greaterThan("d", false).intersect(IndexRange.lessThan("d", true)).isEmpty());
        IndexRange p = IndexRange.prefix("ab");
        assertTrue(p.contains("ab") && p.contains("abzzz") && !p.contains("ac") && !p.contains("aa"));
        assertTrue(IndexRange.prefix("a\uffff").contains("a\uffff\uffffx"));
    }
}
