package io.roster.scim.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery of the store. A copy of the data directory taken while the store is open is exactly
 * what a SIGKILL leaves behind (the kernel keeps written pages when a process dies), so each test
 * writes, "crashes" by copying, damages the copy the way a crash at a given moment would, and opens it.
 */
class StoreRecoveryTest {
    private static final List<String> TYPES = List.of("User", "Group");
    private static final List<IndexDefinition> INDEXES = List.of(
            new IndexDefinition("User", "userName", true, false, a -> str(a, "userName")));
    /** No timed checkpoints during a test: only the ones a test asks for. */
    private static final MapDbStore.Options OPTIONS = new MapDbStore.Options(1000, 3_600_000, 10_000_000, 4096, 1L << 40);

    @TempDir
    Path dir;
    private MapDbStore store;
    private MapDbStore reopened;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (reopened != null) {
            reopened.close();
        }
    }

    private static List<String> str(JsonObject a, String key) {
        return a.get(key) instanceof JsonString s ? List.of(s.getString()) : List.of();
    }

    private static StoredResource user(String id) {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        return new StoredResource("User", id, 1, now, now, JsonSupport.object().add("userName", "name-" + id).build());
    }

    private void create(int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            store.write(w -> {
                w.put(user("u" + n));
                if (n % 3 == 0 && n > 0) {
                    w.delete("User", "u" + (n - 1)); // deletes must survive recovery too
                }
                return null;
            });
        }
    }

    /** Copies the live data directory: the state a SIGKILL at this instant would leave. */
    private Path crashImage() throws IOException {
        Path image = dir.resolve("image");
        Path live = dir.resolve("live");
        try (Stream<Path> files = Files.walk(live)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = image.resolve(live.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return image;
    }

    private void assertUsers(MapDbStore s, int to) {
        for (int i = 0; i < to; i++) {
            int n = i;
            boolean deleted = (n + 1) % 3 == 0 && n + 1 < to;
            StoredResource r = s.read(x -> x.get("User", "u" + n));
            if (deleted) {
                assertNull(r, "u" + n + " was deleted");
            } else {
                assertNotNull(r, "u" + n + " was acknowledged");
                assertEquals("u" + n, s.read(x -> x.findUnique("User", "userName", "NAME-u" + n)));
            }
        }
        long expected = s.read(x -> x.ids("User", null, 100_000)).size();
        assertEquals(expected, (long) s.read(x -> x.count("User")), "counter agrees with the records");
    }

    @Test
    void writesSinceTheLastCheckpointAreReplayedFromTheJournal() throws IOException {
        store = MapDbStore.open(dir.resolve("live"), TYPES, INDEXES, OPTIONS);
        create(0, 200);
        Path image = crashImage();
        reopened = MapDbStore.open(image, TYPES, INDEXES, OPTIONS);
        assertTrue(reopened.recovery().startsWith("replayed"), reopened.recovery());
        assertUsers(reopened, 200);
    }

    @Test
    void aCrashInsideACheckpointRebuildsFromTheJournal() throws IOException {
        store = MapDbStore.open(dir.resolve("live"), TYPES, INDEXES, OPTIONS);
        create(0, 150);
        Path image = crashImage();
        killedInsideACheckpoint(image);
        reopened = MapDbStore.open(image, TYPES, INDEXES, OPTIONS);
        assertTrue(reopened.recovery().startsWith("rebuilt"), reopened.recovery());
        assertUsers(reopened, 150);
    }

    @Test
    void aRebuildStartsFromTheNewestSnapshotAndTheJournalAfterIt() throws IOException {
        store = MapDbStore.open(dir.resolve("live"), TYPES, INDEXES, OPTIONS);
        create(0, 120);
        store.snapshotNow();
        create(120, 240);
        Path image = crashImage();
        try (Stream<Path> snapshots = Files.list(image)) {
            assertEquals(1, snapshots.filter(p -> p.getFileName().toString().startsWith("snapshot-")).count());
        }
        try (Stream<Path> segments = Files.list(image.resolve("journal"))) {
            // segments are 4 KiB here: the ones wholly covered by the snapshot are gone
            assertTrue(segments.noneMatch(p -> p.getFileName().toString().equals(String.format("journal-%020d.log", 1))));
        }
        killedInsideACheckpoint(image);
        reopened = MapDbStore.open(image, TYPES, INDEXES, OPTIONS);
        assertTrue(reopened.recovery().contains("snapshot"), reopened.recovery());
        assertUsers(reopened, 240);
    }

    @Test
    void aJournalThatDoesNotContinueTheSnapshotIsRefusedNotSilentlyUsed() throws IOException {
        store = MapDbStore.open(dir.resolve("live"), TYPES, INDEXES, OPTIONS);
        create(0, 60);
        store.snapshotNow();
        Path old;
        try (Stream<Path> files = Files.list(dir.resolve("live"))) {
            old = files.filter(p -> p.getFileName().toString().startsWith("snapshot-")).findFirst().orElseThrow();
        }
        byte[] oldSnapshot = Files.readAllBytes(old);
        create(60, 200);
        store.snapshotNow(); // drops the journal the old snapshot would need
        Path image = crashImage();
        try (Stream<Path> files = Files.list(image)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith("snapshot-")) {
                    Files.delete(p);
                }
            }
        }
        Files.write(image.resolve(old.getFileName()), oldSnapshot); // an old backup's snapshot with a newer journal
        killedInsideACheckpoint(image);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> MapDbStore.open(image, TYPES, INDEXES, OPTIONS));
        assertTrue(e.getMessage().contains("missing records"), e.getMessage());
    }

    @Test
    void aTornJournalTailIsCutOffAndTheStoreKeepsWorking() throws IOException {
        store = MapDbStore.open(dir.resolve("live"), TYPES, INDEXES, OPTIONS);
        create(0, 50);
        Path image = crashImage();
        Path last;
        try (Stream<Path> segments = Files.list(image.resolve("journal"))) {
            last = segments.sorted().reduce((a, b) -> b).orElseThrow();
        }
        // A record whose write was cut short by the kill: a header promising more bytes than exist.
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(16).putInt(500).putInt(7).putLong(10_000).flip());
        }
        reopened = MapDbStore.open(image, TYPES, INDEXES, OPTIONS);
        assertUsers(reopened, 50);
        reopened.write(w -> {
            w.put(user("after"));
            return null;
        });
        reopened.close();
        reopened = MapDbStore.open(image, TYPES, INDEXES, OPTIONS);
        assertNotNull(reopened.read(x -> x.get("User", "after")));
    }

    @Test
    void aStoreKilledWhileBeingCreatedOpensAfresh() throws IOException {
        Path fresh = dir.resolve("fresh");
        Files.createDirectories(fresh);
        Files.write(fresh.resolve(MapDbStore.FILE_NAME + ".new"), new byte[] {1, 2, 3}); // half-made file
        Files.write(fresh.resolve(MapDbStore.FILE_NAME), new byte[0]); // or an empty one
        reopened = MapDbStore.open(fresh, TYPES, INDEXES, OPTIONS);
        assertEquals(0L, (long) reopened.read(x -> x.count("User")));
        reopened.write(w -> {
            w.put(user("first"));
            return null;
        });
        assertNotNull(reopened.read(x -> x.get("User", "first")));
    }

    @Test
    void aCleanCloseNeedsNoReplay() {
        store = MapDbStore.open(dir.resolve("live"), TYPES, INDEXES, OPTIONS);
        create(0, 30);
        store.close();
        store = null;
        reopened = MapDbStore.open(dir.resolve("live"), TYPES, INDEXES, OPTIONS);
        assertEquals("clean", reopened.recovery());
        assertUsers(reopened, 30);
    }

    /**
     * What a kill inside MapDB's commit leaves: the marker says busy and the MapDB file is half
     * written (here: its middle overwritten with garbage).
     */
    private static void killedInsideACheckpoint(Path image) throws IOException {
        try (CheckpointMarker m = CheckpointMarker.open(image)) {
            m.busy(1);
        }
        Path file = image.resolve(MapDbStore.FILE_NAME);
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[(int) Math.min(size / 2, 65536)];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            ch.write(ByteBuffer.wrap(junk), size / 4);
        }
    }
}
