package io.roster.scim.store;

import static io.roster.scim.store.ContractData.group;
import static io.roster.scim.store.ContractData.id;
import static io.roster.scim.store.ContractData.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Store contract, rule 10: an online backup holds every unit committed up to one instant and nothing
 * after it, each wholly, and opens as a data directory; an import's reads and {@code load} keep what was
 * exported (versions and timestamps included).
 */
public interface BackupContract extends StoreContract {

    private ResourceStore openCopy(Path dir) {
        return StoreProvider.openStore(ContractData.config(provider(), dir, options()));
    }

    @Test
    default void loadKeepsVersionsAndTimestampsAndRefusesWhatExists() {
        Instant created = Instant.parse("2024-03-01T10:00:00Z");
        Instant modified = Instant.parse("2024-06-01T10:00:00Z");
        StoredResource exported = new StoredResource("User", id("u", 1), 7, created, modified,
                JsonSupport.object().add("userName", "ada").build());
        write(w -> w.load(exported));
        store().read(r -> {
            assertEquals(exported, r.get("User", id("u", 1)));
            assertEquals(id("u", 1), r.findUnique("User", "userName", "ADA"), "load maintains the indexes");
            return null;
        });
        assertThrows(IllegalStateException.class, () -> write(w -> w.load(exported)), "the store holds it already");
        StoredResource clash = new StoredResource("User", id("u", 2), 3, created, modified,
                JsonSupport.object().add("userName", "Ada").build());
        assertThrows(ScimException.class, () -> write(w -> w.load(clash)), "unique indexes hold for loads too");
        assertThrows(IllegalStateException.class, () -> write(w -> w.load(
                new StoredResource("User", id("u", 3), 0, created, modified, JsonSupport.object().add("userName", "z").build()))));
        write(w -> w.update("User", id("u", 1), JsonSupport.object().add("userName", "ada").build(), modified));
        store().read(r -> {
            assertEquals(8, r.get("User", id("u", 1)).version(), "versions go on from the loaded one");
            return null;
        });
    }

    @Test
    default void everySettingIsVisitedOnce() {
        write(w -> {
            w.putSetting("plugin.a.one", "1");
            w.putSetting("plugin.a.two", "2");
            w.putSetting("gone", "x");
        });
        write(w -> w.putSetting("gone", null));
        Map<String, String> seen = new HashMap<>();
        store().read(r -> {
            r.forEachSetting((k, v) -> assertNull(seen.put(k, v), "visited twice: " + k));
            return null;
        });
        assertEquals("1", seen.get("plugin.a.one"));
        assertEquals("2", seen.get("plugin.a.two"));
        assertTrue(!seen.containsKey("gone"), "a removed setting is not visited");
    }

    @Test
    default void aBackupTakenWhileWritersRunHoldsOneInstantOfTheStore() throws Exception {
        write(w -> {
            w.put(group(id("g", 0), "all"));
            w.putSetting("plugin.x.k", "v");
        });
        int writers = 3;
        AtomicBoolean stop = new AtomicBoolean();
        List<List<Integer>> acknowledged = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            int n = t;
            List<Integer> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            acknowledged.add(mine);
            Thread th = new Thread(() -> {
                for (int i = 0; !stop.get() || i < 20; i++) {
                    String uid = "w" + n + "-" + String.format("%06d", i);
                    int k = i;
                    // One unit: the user, its membership and its pair; the backup holds all three or none.
                    write(w -> {
                        w.put(user(uid, uid));
                        w.addMember(id("g", 0), new MemberRef(uid, "User", uid));
                        w.put(group("pair-" + uid, "pair " + uid));
                    });
                    mine.add(k);
                    if (k == 5) {
                        started.countDown();
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        started.await();
        Map<Integer, Integer> ackedBefore = new HashMap<>();
        for (int t = 0; t < writers; t++) {
            ackedBefore.put(t, acknowledged.get(t).size());
        }
        Path target = dir().resolve("backup-under-test"); // a folder of its own (the temporary directory is removed after the test)
        List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());
        Backup backup = store().backup(target, progress::add);
        stop.set(true);
        for (Thread th : threads) {
            th.join(60_000);
        }
        try (ResourceStore copy = openCopy(target)) {
            copy.read(r -> {
                long users = 0;
                for (int t = 0; t < writers; t++) {
                    int held = 0;
                    while (r.get("User", "w" + t + "-" + String.format("%06d", held)) != null) {
                        held++;
                    }
                    // Each writer's units are sequential: the backup holds a prefix of them, no gaps.
                    for (int i = held; i < held + 50; i++) {
                        assertNull(r.get("User", "w" + t + "-" + String.format("%06d", i)), "a gap after " + held);
                    }
                    assertTrue(held >= ackedBefore.get(t), "everything acknowledged before the backup began is in it");
                    for (int i = 0; i < held; i++) {
                        String uid = "w" + t + "-" + String.format("%06d", i);
                        assertTrue(r.isMember(id("g", 0), uid), "a unit is held wholly: " + uid);
                        assertNotNull(r.get("Group", "pair-" + uid), "a unit is held wholly: " + uid);
                    }
                    users += held;
                }
                assertEquals(users, r.count("User"));
                assertEquals(users, r.memberCount(id("g", 0)));
                assertEquals(Map.of("User", users, "Group", users + 1), Map.of("User", backup.counts().get("User"),
                        "Group", backup.counts().get("Group")), "the backup reports what it holds");
                assertEquals("v", r.setting("plugin.x.k"));
                return null;
            });
        }
        assertTrue(backup.bytes() > 0);
    }
}
