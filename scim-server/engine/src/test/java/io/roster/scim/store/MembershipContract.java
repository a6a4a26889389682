package io.roster.scim.store;

import static io.roster.scim.store.ContractData.group;
import static io.roster.scim.store.ContractData.id;
import static io.roster.scim.store.ContractData.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store contract, rule 7: membership both ways, with counts; deletes remove every membership in the same unit. */
public interface MembershipContract extends StoreContract {

    private void users(int n) {
        write(w -> {
            for (int i = 0; i < n; i++) {
                w.put(user(id("u", i), "user-" + i));
            }
        });
    }

    private static MemberRef member(int i) {
        return new MemberRef(id("u", i), "User", "user-" + i);
    }

    @Test
    default void membershipIsReadBothWaysWithCounts() {
        users(3);
        write(w -> {
            w.put(group(id("g", 1), "one"));
            w.put(group(id("g", 2), "two"));
            assertTrue(w.addMember(id("g", 1), member(2)));
            assertTrue(w.addMember(id("g", 1), member(0)));
            assertTrue(w.addMember(id("g", 2), member(0)));
            assertFalse(w.addMember(id("g", 1), member(0)), "already a member");
            assertFalse(w.addMember(id("g", 1), new MemberRef(id("u", 0), "User", "renamed")), "a refreshed display is no new member");
        });
        store().read(r -> {
            assertEquals(List.of(new MemberRef(id("u", 0), "User", "renamed"), member(2)), r.members(id("g", 1), null, 10),
                    "member-id order, with type and display");
            assertEquals(List.of(member(2)), r.members(id("g", 1), id("u", 0), 10));
            assertEquals(2, r.memberCount(id("g", 1)));
            assertEquals(1, r.memberCount(id("g", 2)));
            assertEquals(List.of(id("g", 1), id("g", 2)), r.groupsOf(id("u", 0)));
            assertEquals(List.of(), r.groupsOf(id("u", 1)));
            assertTrue(r.isMember(id("g", 1), id("u", 2)));
            assertFalse(r.isMember(id("g", 2), id("u", 2)));
            return null;
        });
        write(w -> {
            assertTrue(w.removeMember(id("g", 1), id("u", 0)));
            assertFalse(w.removeMember(id("g", 1), id("u", 0)));
        });
        store().read(r -> {
            assertEquals(List.of(id("g", 2)), r.groupsOf(id("u", 0)));
            assertEquals(1, r.memberCount(id("g", 1)));
            return null;
        });
    }

    @Test
    default void aLargeGroupIsReadPageByPageInOrder() {
        int n = 1100;
        users(n);
        write(w -> {
            w.put(group(id("g", 1), "large"));
            for (int i = n - 1; i >= 0; i--) {
                w.addMember(id("g", 1), member(i));
            }
        });
        List<MemberRef> all = new ArrayList<>();
        String after = null;
        while (true) {
            String from = after;
            List<MemberRef> page = store().read(r -> r.members(id("g", 1), from, 500));
            all.addAll(page);
            if (page.size() < 500) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        assertEquals(n, all.size());
        for (int i = 0; i < n; i++) {
            assertEquals(id("u", i), all.get(i).id());
        }
        assertEquals((long) n, (long) store().read(r -> r.memberCount(id("g", 1))));
    }

    @Test
    default void deletingAMemberRemovesItFromEveryGroup() {
        users(2);
        write(w -> {
            w.put(group(id("g", 1), "one"));
            w.put(group(id("g", 2), "two"));
            w.addMember(id("g", 1), member(0));
            w.addMember(id("g", 1), member(1));
            w.addMember(id("g", 2), member(0));
        });
        write(w -> assertTrue(w.delete("User", id("u", 0))));
        store().read(r -> {
            assertEquals(List.of(member(1)), r.members(id("g", 1), null, 10));
            assertEquals(1, r.memberCount(id("g", 1)));
            assertEquals(0, r.memberCount(id("g", 2)));
            assertEquals(List.of(), r.groupsOf(id("u", 0)));
            assertFalse(r.isMember(id("g", 2), id("u", 0)));
            return null;
        });
        write(w -> assertFalse(w.delete("User", id("u", 0)), "deleting what is not there"));
    }

    @Test
    default void deletingAGroupRemovesItsMembersAndItsOwnMemberships() {
        users(2);
        write(w -> {
            w.put(group(id("g", 1), "parent"));
            w.put(group(id("g", 2), "child"));
            w.addMember(id("g", 1), new MemberRef(id("g", 2), "Group", "child"));
            w.addMember(id("g", 2), member(0));
            w.addMember(id("g", 2), member(1));
        });
        write(w -> w.delete("Group", id("g", 2)));
        store().read(r -> {
            assertEquals(List.of(), r.members(id("g", 2), null, 10));
            assertEquals(0, r.memberCount(id("g", 2)));
            assertEquals(List.of(), r.groupsOf(id("u", 0)));
            assertEquals(List.of(), r.groupsOf(id("u", 1)));
            assertEquals(List.of(), r.members(id("g", 1), null, 10), "the parent lost the deleted child");
            assertEquals(0, r.memberCount(id("g", 1)));
            assertEquals(1, r.count("Group"));
            return null;
        });
    }
}
