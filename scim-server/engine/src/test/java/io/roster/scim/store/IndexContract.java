package io.roster.scim.store;

import static io.roster.scim.store.ContractData.id;
import static io.roster.scim.store.ContractData.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.json.JsonSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store contract, rule 6: unique and ordered indexes, maintained on every write; range scans and counts. */
public interface IndexContract extends StoreContract {

    @Test
    default void aUniqueIndexRefusesAnEqualValueInAnyCaseAndTheRefusedPutLeavesNoTrace() {
        write(w -> w.put(user(id("u", 1), "Ann")));
        ScimException e = assertThrows(ScimException.class, () -> write(w -> w.put(user(id("u", 2), "ANN", "Second", List.of("a@x")))));
        assertEquals(409, e.status());
        assertEquals(ScimType.UNIQUENESS, e.scimType());
        store().read(r -> {
            assertNull(r.get("User", id("u", 2)));
            assertEquals(1, r.count("User"));
            assertEquals(id("u", 1), r.findUnique("User", "userName", "aNN"));
            assertEquals(0, r.countIndex("User", "displayName", IndexRange.all(), 10), "no entry of the refused put");
            assertEquals(0, r.countIndex("User", "emails.value", IndexRange.all(), 10));
            return null;
        });
    }

    @Test
    default void aChangedValueFreesTheOldOne() {
        write(w -> w.put(user(id("u", 1), "first")));
        write(w -> {
            StoredResource r = w.get("User", id("u", 1));
            w.put(r.next(JsonSupport.object().add("userName", "second").build(), r.lastModified()));
        });
        write(w -> w.put(user(id("u", 2), "first")));
        store().read(r -> {
            assertEquals(id("u", 2), r.findUnique("User", "userName", "first"));
            assertEquals(id("u", 1), r.findUnique("User", "userName", "second"));
            return null;
        });
    }

    @Test
    default void aNonUniqueIndexHoldsEveryHolderAndComparesAsItsDefinitionSays() {
        for (int i = 1; i <= 3; i++) {
            int n = i;
            write(w -> w.put(new StoredResource("User", id("u", n), 1, ContractData.T0, ContractData.T0,
                    JsonSupport.object().add("userName", "user-" + n).add("externalId", n == 3 ? "EXT" : "ext").build())));
        }
        store().read(r -> {
            // externalId is caseExact: "ext" and "EXT" are different values
            assertEquals(List.of(new IndexEntry("ext", id("u", 1)), new IndexEntry("ext", id("u", 2))),
                    r.scanIndex("User", "externalId", IndexRange.eq("ext"), null, false, 10));
            assertEquals(List.of(new IndexEntry("EXT", id("u", 3))), r.scanIndex("User", "externalId", IndexRange.eq("EXT"), null, false, 10));
            assertEquals(3, r.indexedCount("User", "externalId"));
            assertThrows(IllegalArgumentException.class, () -> r.findUnique("User", "externalId", "ext"),
                    "a non-unique index has no single holder");
            return null;
        });
    }

    @Test
    default void rangesPrefixesAndOrderComeFromTheIndexInBothDirections() {
        String[] names = {"alpha", "Beta", "beta", "Gamma", "delta", "bet"};
        for (int i = 0; i < names.length; i++) {
            int n = i;
            write(w -> w.put(user(id("u", n), "user-" + n, names[n], null)));
        }
        write(w -> w.put(user(id("u", 9), "no-display-name")));
        store().read(r -> {
            List<IndexEntry> all = r.scanIndex("User", "displayName", IndexRange.all(), null, false, 100);
            assertEquals(List.of(new IndexEntry("alpha", id("u", 0)), new IndexEntry("bet", id("u", 5)),
                    new IndexEntry("beta", id("u", 1)), new IndexEntry("beta", id("u", 2)), new IndexEntry("delta", id("u", 4)),
                    new IndexEntry("gamma", id("u", 3))), all, "(normalised value, id) order");
            List<IndexEntry> reversed = new ArrayList<>(all);
            java.util.Collections.reverse(reversed);
            assertEquals(reversed, r.scanIndex("User", "displayName", IndexRange.all(), null, true, 100));
            assertEquals(all.subList(1, 4), r.scanIndex("User", "displayName", IndexRange.prefix("bet"), null, false, 100));
            assertEquals(all.subList(2, 4), r.scanIndex("User", "displayName", IndexRange.eq("beta"), null, false, 100));
            assertEquals(all.subList(4, 6), r.scanIndex("User", "displayName", IndexRange.greaterThan("beta", false), null, false, 100));
            assertEquals(all.subList(0, 4), r.scanIndex("User", "displayName", IndexRange.lessThan("beta", true), null, false, 100));
            assertEquals(3, r.countIndex("User", "displayName", IndexRange.prefix("bet"), 100));
            assertEquals(2, r.countIndex("User", "displayName", IndexRange.prefix("bet"), 2), "counting stops at the cap");
            assertEquals(6, r.indexedCount("User", "displayName"), "the user without a displayName is not indexed");
            return null;
        });
    }

    @Test
    default void aWalkResumesStrictlyAfterTheLastEntryInEitherDirection() {
        for (int i = 0; i < 25; i++) {
            int n = i;
            write(w -> w.put(user(id("u", n), "user-" + n, "name-" + (n % 7), null)));
        }
        store().read(r -> {
            for (boolean descending : new boolean[] {false, true}) {
                List<IndexEntry> whole = r.scanIndex("User", "displayName", IndexRange.all(), null, descending, 100);
                List<IndexEntry> walked = new ArrayList<>();
                IndexEntry after = null;
                while (true) {
                    List<IndexEntry> chunk = r.scanIndex("User", "displayName", IndexRange.all(), after, descending, 4);
                    if (chunk.isEmpty()) {
                        break;
                    }
                    walked.addAll(chunk);
                    after = chunk.get(chunk.size() - 1);
                }
                assertEquals(25, whole.size());
                assertEquals(whole, walked, descending ? "descending" : "ascending");
            }
            return null;
        });
    }

    @Test
    default void aMultiValuedIndexHoldsAnEntryPerValueAndCountsResourcesOnce() {
        write(w -> w.put(user(id("u", 1), "ann", null, List.of("ann@work.example", "Ann@Home.example"))));
        write(w -> w.put(user(id("u", 2), "bob", null, List.of("bob@work.example"))));
        store().read(r -> {
            assertEquals(3, r.countIndex("User", "emails.value", IndexRange.all(), 100));
            assertEquals(2, r.indexedCount("User", "emails.value"));
            assertEquals(List.of(new IndexEntry("ann@home.example", id("u", 1)), new IndexEntry("ann@work.example", id("u", 1))),
                    r.scanIndex("User", "emails.value", IndexRange.prefix("ann@"), null, false, 10));
            return null;
        });
        write(w -> w.delete("User", id("u", 1)));
        store().read(r -> {
            assertEquals(1, r.countIndex("User", "emails.value", IndexRange.all(), 100));
            assertEquals(1, r.indexedCount("User", "emails.value"));
            return null;
        });
    }

    @Test
    default void emptyValuesAndValuesHoldingNulAreNotIndexed() {
        write(w -> w.put(user(id("u", 1), "ann", "", null)));
        write(w -> w.put(user(id("u", 2), "bob", "bad\u0000name", null)));
        store().read(r -> {
            assertEquals(0, r.countIndex("User", "displayName", IndexRange.all(), 10));
            assertTrue(r.get("User", id("u", 2)) != null, "the resource itself is stored");
            return null;
        });
    }
}
