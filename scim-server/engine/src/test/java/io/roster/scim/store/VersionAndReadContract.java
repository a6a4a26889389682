package io.roster.scim.store;

import static io.roster.scim.store.ContractData.group;
import static io.roster.scim.store.ContractData.id;
import static io.roster.scim.store.ContractData.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store contract, rules 4 and 5: versions set and checked by the store; committed, consistent reads. */
public interface VersionAndReadContract extends StoreContract {
    Instant T1 = Instant.parse("2025-01-02T00:00:00Z");

    // ------------------------------------------------------------------ rule 4: versions

    @Test
    default void aNewResourceStartsAtVersionOne() {
        assertThrows(IllegalStateException.class, () -> write(w -> w.put(user(id("u", 1), "ann").touched(T1))));
        assertNull(store().read(r -> r.get("User", id("u", 1))));
    }

    @Test
    default void aPutKeepsTheVersionOrAddsOneAndNothingElse() {
        write(w -> w.put(user(id("u", 1), "ann")));
        StoredResource v1 = store().read(r -> r.get("User", id("u", 1)));
        // a rewrite keeping the version (derived attributes), then a new version
        write(w -> w.put(new StoredResource("User", v1.id(), v1.version(), v1.created(), v1.lastModified(),
                JsonSupport.object().add("userName", "ann").add("title", "derived").build())));
        write(w -> w.put(w.get("User", v1.id()).touched(T1)));
        write(w -> w.put(w.get("User", v1.id()).touched(T1)));
        StoredResource v3 = store().read(r -> r.get("User", id("u", 1)));
        assertEquals(3, v3.version());
        assertThrows(IllegalStateException.class, () -> write(w -> w.put(v1.next(JsonSupport.object()
                .add("userName", "ann").add("title", "stale").build(), T1))), "a version computed from an older copy");
        assertThrows(IllegalStateException.class, () -> write(w -> w.put(v3.touched(T1).touched(T1))), "a version skipped");
        StoredResource stored = store().read(r -> r.get("User", id("u", 1)));
        assertEquals(3, stored.version());
        assertEquals("derived", stored.attributes().getString("title"), "the refused puts wrote nothing");
        write(w -> {
            w.put(w.get("User", v1.id()).touched(T1));
            w.put(w.get("User", v1.id()).touched(T1)); // a second new version in the same unit, from its own write
        });
        assertEquals(5L, (long) store().read(r -> r.get("User", id("u", 1)).version()));
    }

    @Test
    default void theStoreSetsVersionsForItsWriters() {
        StoredResource created = store().write(w -> w.create("User", id("u", 2), JsonSupport.object().add("userName", "bo").build(), T1));
        assertEquals(1, created.version());
        assertThrows(IllegalStateException.class, () -> store().write(w -> w.create("User", id("u", 2),
                JsonSupport.object().add("userName", "bo2").build(), T1)), "create never overwrites");
        StoredResource updated = store().write(w -> w.update("User", id("u", 2), JsonSupport.object().add("userName", "bo")
                .add("title", "x").build(), T1.plusSeconds(1)));
        assertEquals(2, updated.version());
        assertEquals(T1.plusSeconds(1), updated.lastModified());
        assertEquals(T1, updated.created());
        StoredResource touched = store().write(w -> w.touch("User", id("u", 2), T1.plusSeconds(2)));
        assertEquals(3, touched.version());
        assertEquals("x", touched.attributes().getString("title"));
        StoredResource rewritten = store().write(w -> w.rewrite("User", id("u", 2), JsonSupport.object().add("userName", "bo")
                .add("title", "derived").build()));
        assertEquals(3, rewritten.version(), "a rewrite keeps the version");
        assertEquals(T1.plusSeconds(2), rewritten.lastModified());
        StoredResource twice = store().write(w -> {
            w.update("User", id("u", 2), JsonSupport.object().add("userName", "bo").build(), T1);
            return w.touch("User", id("u", 2), T1); // a second new version in one unit, from its own write
        });
        assertEquals(5, twice.version());
        assertEquals(twice, store().read(r -> r.get("User", id("u", 2))));
        assertNull(store().write(w -> w.update("User", id("u", 3), JsonSupport.object().build(), T1)), "nothing to update");
        assertNull(store().write(w -> w.touch("User", id("u", 3), T1)));
        assertNull(store().write(w -> w.rewrite("User", id("u", 3), JsonSupport.object().build())));
    }

    // ------------------------------------------------------------------ rule 5: committed, consistent reads

    @Test
    default void aReadNeverSeesHalfOfAUnit() throws Exception {
        int units = 100;
        Thread writer = new Thread(() -> {
            for (int i = 0; i < units; i++) {
                int n = i;
                write(w -> {
                    w.put(user(id("u", n), "user-" + n));
                    w.put(group(id("g", n), "group-" + n));
                    w.addMember(id("g", n), new MemberRef(id("u", n), "User", "user-" + n));
                });
            }
        });
        writer.start();
        while (writer.isAlive()) {
            Thread.sleep(1); // a reader that never pauses could hold the writer off (the lock is not fair)
            store().read(r -> {
                long users = r.count("User");
                assertEquals(users, r.count("Group"), "users and groups come in the same units");
                List<String> ids = r.ids("User", null, units);
                assertEquals(users, ids.size());
                for (String u : ids) {
                    String g = "g" + u.substring(1);
                    assertNotNull(r.get("Group", g), "the group of " + u);
                    assertTrue(r.isMember(g, u), "the membership of " + u);
                }
                return null;
            });
        }
        writer.join();
        assertEquals((long) units, (long) store().read(r -> r.count("User")));
    }

    @Test
    default void readsInsideAUnitSeeItsOwnWrites() {
        write(w -> {
            w.put(user(id("u", 1), "ann"));
            assertEquals("ann", w.get("User", id("u", 1)).attributes().getString("userName"));
            assertEquals(id("u", 1), w.findUnique("User", "userName", "ANN"));
            assertEquals(1, w.count("User"));
            w.putSetting("contract.setting", "x");
            assertEquals("x", w.setting("contract.setting"));
        });
    }

    @Test
    default void idsComeInIdOrderBothWays() {
        for (int i = 9; i >= 0; i--) {
            int n = i;
            write(w -> w.put(user(id("u", n), "user-" + n)));
        }
        assertEquals(List.of(id("u", 0), id("u", 1), id("u", 2)), store().read(r -> r.ids("User", null, 3)));
        assertEquals(List.of(id("u", 4), id("u", 5)), store().read(r -> r.ids("User", id("u", 3), 2)));
        assertEquals(List.of(id("u", 9), id("u", 8)), store().read(r -> r.idsBefore("User", null, 2)));
        assertEquals(List.of(id("u", 2), id("u", 1), id("u", 0)), store().read(r -> r.idsBefore("User", id("u", 3), 10)));
        assertEquals(10L, (long) store().read(r -> r.count("User")));
    }

    @Test
    default void aSettingIsWrittenAndRemoved() {
        write(w -> w.putSetting("contract.setting", "one"));
        assertEquals("one", store().read(r -> r.setting("contract.setting")));
        write(w -> w.putSetting("contract.setting", null));
        assertNull(store().read(r -> r.setting("contract.setting")));
    }
}
