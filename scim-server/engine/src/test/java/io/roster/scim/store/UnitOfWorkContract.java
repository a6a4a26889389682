package io.roster.scim.store;

import static io.roster.scim.store.ContractData.group;
import static io.roster.scim.store.ContractData.id;
import static io.roster.scim.store.ContractData.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.json.JsonSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Store contract, rules 1 to 3 and 9: units of work are atomic, durable on return and serializable. */
public interface UnitOfWorkContract extends StoreContract {

    // ------------------------------------------------------------------ rule 1: atomic

    @Test
    default void aUnitThatThrowsLeavesNothingAndItsExceptionReachesTheCaller() {
        write(w -> w.put(group(id("g", 1), "Kept")));
        RuntimeException boom = new IllegalArgumentException("boom");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> store().write(w -> {
            w.put(user(id("u", 1), "ann"));
            w.addMember(id("g", 1), new MemberRef(id("u", 1), "User", "ann"));
            w.putSetting("contract.setting", "x");
            w.delete("Group", id("g", 1));
            throw boom;
        }));
        assertSame(boom, thrown);
        store().read(r -> {
            assertNull(r.get("User", id("u", 1)));
            assertNull(r.findUnique("User", "userName", "ann"));
            assertEquals(0, r.count("User"));
            assertNull(r.setting("contract.setting"));
            assertNotNull(r.get("Group", id("g", 1)), "the delete was undone too");
            assertEquals(0, r.memberCount(id("g", 1)));
            assertEquals(List.of(), r.groupsOf(id("u", 1)));
            return null;
        });
    }

    @Test
    default void aFailingUnitIsUndoneAloneAmongUnitsSharingACommit() throws Exception {
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            futures.add(store().submit(w -> {
                w.put(user(id("u", n), "user-" + n));
                if (n % 2 == 1) {
                    throw new IllegalStateException("odd " + n);
                }
                return n;
            }));
        }
        for (int i = 0; i < 40; i++) {
            if (i % 2 == 1) {
                int n = i;
                assertThrows(Exception.class, () -> futures.get(n).get());
            } else {
                assertEquals(i, futures.get(i).get());
            }
        }
        store().read(r -> {
            for (int i = 0; i < 40; i++) {
                assertEquals(i % 2 == 0, r.get("User", id("u", i)) != null, "user " + i);
            }
            assertEquals(20, r.count("User"));
            return null;
        });
    }

    @Test
    default void aNestedWriteIsRefused() {
        assertThrows(IllegalStateException.class, () -> store().write(w -> store().write(x -> null)));
    }

    // ------------------------------------------------------------------ rule 2: durable on return

    @Test
    default void aReopenedStoreHoldsEveryAcknowledgedWrite() throws Exception {
        for (int i = 0; i < 50; i++) {
            int n = i;
            write(w -> w.put(user(id("u", n), "user-" + n)));
        }
        store().submit(w -> {
            w.delete("User", id("u", 0));
            w.putSetting("contract.setting", "kept");
            return null;
        }).get();
        reopen();
        store().read(r -> {
            assertNull(r.get("User", id("u", 0)));
            for (int i = 1; i < 50; i++) {
                assertEquals("user-" + i, r.get("User", id("u", i)).attributes().getString("userName"));
            }
            assertEquals(49, r.count("User"));
            assertEquals("kept", r.setting("contract.setting"));
            return null;
        });
    }

    // ------------------------------------------------------------------ rule 3: serializable

    @Test
    default void unitsOneThreadSubmitsRunInSubmissionOrder() throws Exception {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            futures.add(store().submit(w -> {
                String before = w.setting("contract.order");
                w.putSetting("contract.order", Integer.toString(n));
                return before;
            }));
        }
        for (int i = 1; i < 100; i++) {
            assertEquals(Integer.toString(i - 1), futures.get(i).get());
        }
    }

    @Test
    default void sixteenWritersIncrementingOneCounterLoseNoUpdate() throws Exception {
        int threads = 16;
        int each = 25;
        StoreContract.runConcurrently(threads, t -> {
            for (int i = 0; i < each; i++) {
                write(w -> {
                    String v = w.setting("contract.counter");
                    w.putSetting("contract.counter", Integer.toString(v == null ? 1 : Integer.parseInt(v) + 1));
                });
            }
            return null;
        });
        assertEquals(Integer.toString(threads * each), store().read(r -> r.setting("contract.counter")));
    }

    @Test
    default void sixteenWritersRacingForOneUserNameMakeExactlyOneWinner() throws Exception {
        List<Object> outcomes = StoreContract.runConcurrently(16, t -> {
            try {
                // differently cased: the unique index compares case-insensitively
                write(w -> w.put(user(id("racer", t), t % 2 == 0 ? "Winner" : "WINNER")));
                return "won";
            } catch (ScimException e) {
                return e.status() + " " + (e.scimType() == ScimType.UNIQUENESS ? "uniqueness" : e.scimType());
            }
        });
        assertEquals(1, outcomes.stream().filter("won"::equals).count(), outcomes.toString());
        assertEquals(15, outcomes.stream().filter("409 uniqueness"::equals).count(), outcomes.toString());
        assertEquals(1L, (long) store().read(r -> r.count("User")));
    }

    @Test
    default void sixteenWritersBumpingOneResourceEachGetAVersionOfTheirOwn() throws Exception {
        write(w -> w.put(user(id("u", 1), "ann")));
        List<Object> perThread = StoreContract.runConcurrently(16, t -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                mine.add(store().write(w -> {
                    StoredResource now = w.get("User", id("u", 1));
                    StoredResource next = now.next(JsonSupport.object(now.attributes()).add("title", "t" + t).build(), Instant.now());
                    w.put(next);
                    return next.version();
                }));
            }
            return mine;
        });
        List<Object> all = new ArrayList<>();
        perThread.forEach(v -> all.addAll((List<?>) v));
        assertEquals(160, all.stream().distinct().count(), "no two writers got the same version");
        assertEquals(161L, (long) store().read(r -> r.get("User", id("u", 1)).version()));
    }

    // ------------------------------------------------------------------ rule 9: closing

    @Test
    default void aClosedStoreRefusesWorkAndClosingAgainIsHarmless() {
        store().close();
        ScimException e = assertThrows(ScimException.class, () -> store().write(w -> null));
        assertEquals(503, e.status());
        store().close();
    }
}
