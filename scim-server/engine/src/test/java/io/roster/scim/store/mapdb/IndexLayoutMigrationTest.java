package io.roster.scim.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory whose externalId index was built unique (before RFC 7643 section 3.1 was followed)
 * reopened with the non-unique definition: the entries move to the non-unique layout at open, through
 * the journal, and lookups, duplicates, counters and a rebuild from snapshot and journal all agree.
 */
class IndexLayoutMigrationTest {
    private static final List<String> TYPES = List.of("User", "Group");
    private static final IndexDefinition USER_NAME =
            new IndexDefinition("User", "userName", true, false, a -> str(a, "userName"));
    private static final IndexDefinition OLD_EXTERNAL_ID =
            new IndexDefinition("User", "externalId", true, true, a -> str(a, "externalId"));
    private static final IndexDefinition NEW_EXTERNAL_ID =
            new IndexDefinition("User", "externalId", false, true, a -> str(a, "externalId"));
    /** More users than one migration chunk, so the move takes several writes. */
    private static final int USERS = IndexLayoutMigration.CHUNK * 2 + 500;

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

    private static StoredResource user(String id, String externalId) {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        JsonObjectBuilder b = JsonSupport.object().add("userName", "user-" + id);
        if (externalId != null) {
            b.add("externalId", externalId);
        }
        return new StoredResource("User", id, 1, now, now, b.build());
    }

    private void open(IndexDefinition... defs) {
        store = MapDbStore.open(dir, TYPES, List.of(defs));
    }

    private void reopen(IndexDefinition... defs) {
        store.close();
        store = null;
        open(defs);
    }

    private void put(StoredResource... resources) {
        store.write(w -> {
            for (StoredResource r : resources) {
                w.put(r);
            }
            return null;
        });
    }

    /** Every 10th user has no externalId; the others have "ext-<n>". */
    private void fillOldStore() {
        open(USER_NAME, OLD_EXTERNAL_ID);
        for (int first = 0; first < USERS; first += 500) {
            int from = first;
            store.write(w -> {
                for (int n = from; n < Math.min(from + 500, USERS); n++) {
                    w.put(user(String.format("id%05d", n), n % 10 == 0 ? null : "ext-" + n));
                }
                return null;
            });
        }
    }

    private List<String> lookup(String externalId) {
        return store.read(r -> r.scanIndex("User", "externalId", IndexRange.eq(externalId), null, false, 100))
                .stream().map(IndexEntry::id).toList();
    }

    private long entries() {
        return store.read(r -> r.countIndex("User", "externalId", IndexRange.all(), Long.MAX_VALUE));
    }

    @Test
    void aUniqueExternalIdIndexFromAnOlderStoreBecomesNonUniqueAtOpen() {
        fillOldStore();
        long holding = USERS - USERS / 10;
        assertEquals(holding, (long) store.read(r -> r.indexedCount("User", "externalId")));

        reopen(USER_NAME, NEW_EXTERNAL_ID);
        assertEquals(List.of(), store.entriesInOtherLayout(NEW_EXTERNAL_ID, 10),
                "nothing is left in the unique table");
        assertEquals(holding, entries(), "every entry was moved, none lost or doubled");
        assertEquals(holding, (long) store.read(r -> r.indexedCount("User", "externalId")));
        assertEquals(List.of("id00007"), lookup("ext-7"));
        assertEquals(List.of("id02499"), lookup("ext-2499"));

        // now two users may share an externalId, and both are found, in id order
        put(user("id99999", "ext-7"));
        assertEquals(List.of("id00007", "id99999"), lookup("ext-7"));
        // changing and deleting maintain the moved entries like any other
        put(user("id00007", "ext-seven"));
        store.write(w -> w.delete("User", "id00011"));
        assertEquals(List.of("id99999"), lookup("ext-7"));
        assertEquals(List.of("id00007"), lookup("ext-seven"));
        assertEquals(List.of(), lookup("ext-11"));
        assertEquals(holding, entries());
        assertThrows(IllegalArgumentException.class, () -> store.read(r -> r.findUnique("User", "externalId", "ext-7")),
                "a non-unique index has no single owner of a value");
    }

    @Test
    void theMovedIndexSurvivesARestartAndARebuildFromSnapshotAndJournal() {
        fillOldStore();
        reopen(USER_NAME, NEW_EXTERNAL_ID);
        put(user("id99999", "ext-1"));
        reopen(USER_NAME, NEW_EXTERNAL_ID);
        assertEquals(List.of("id00001", "id99999"), lookup("ext-1"));

        // the move went through the journal: rebuilding the MapDB file from it gives the same index
        store.close();
        store = null;
        assertTrue(dir.resolve(MapDbStore.FILE_NAME).toFile().delete());
        open(USER_NAME, NEW_EXTERNAL_ID);
        assertEquals(List.of("id00001", "id99999"), lookup("ext-1"));
        assertEquals(USERS - USERS / 10 + 1, entries());
        store.snapshotNow();
        store.close();
        store = null;
        assertTrue(dir.resolve(MapDbStore.FILE_NAME).toFile().delete());
        open(USER_NAME, NEW_EXTERNAL_ID);
        assertEquals(List.of("id00001", "id99999"), lookup("ext-1"));
        assertEquals(List.of(), store.entriesInOtherLayout(NEW_EXTERNAL_ID, 10));
    }

    @Test
    void aMoveIntoAUniqueLayoutStoppedByASharedValueKeepsTheStoreUsable() {
        open(USER_NAME, NEW_EXTERNAL_ID);
        for (int first = 0; first < USERS; first += 500) {
            int from = first;
            store.write(w -> {
                for (int n = from; n < Math.min(from + 500, USERS); n++) {
                    w.put(user(String.format("id%05d", n), "ext-" + n));
                }
                return null;
            });
        }
        // "zz" sorts after every "ext-" value, so the move fails in its last chunk, after earlier chunks were written
        put(user("a-first", "zz-shared"), user("b-second", "zz-shared"));
        store.close();
        store = null;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(USER_NAME, OLD_EXTERNAL_ID));
        assertTrue(e.getMessage().contains("externalId") && e.getMessage().contains("zz-shared"), e.getMessage());

        // half moved (like a crash in the middle): opening with the non-unique definition moves it all back
        open(USER_NAME, NEW_EXTERNAL_ID);
        assertEquals(USERS + 2L, entries());
        assertEquals(List.of("a-first", "b-second"), lookup("zz-shared"));
        assertEquals(List.of("id01234"), lookup("ext-1234"));
        assertEquals(List.of(), store.entriesInOtherLayout(NEW_EXTERNAL_ID, 10));
    }
}
