package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Change;
import io.roster.scim.hook.OutboxDispatcher;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.StoredResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookPipelineTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @TempDir
    Path dir;
    RecordingPlugin plugin;
    HookedService s;

    @BeforeEach
    void open() {
        plugin = new RecordingPlugin();
        s = new HookedService(dir, plugin);
    }

    @AfterEach
    void close() {
        s.close();
    }

    private String user(String userName) {
        return s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}");
    }

    private String group(String name, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return s.create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name
                + "\",\"members\":[" + members + "]}");
    }

    private String derived(String id) {
        return s.store.read(r -> r.setting(RecordingPlugin.derivedKey(id)));
    }

    private StoredResource stored(String type, String id) {
        return s.store.read(r -> r.get(type, id));
    }

    private Change poll() throws InterruptedException {
        Change c = plugin.delivered.poll(60, TimeUnit.SECONDS);
        assertNotNull(c, "no after-commit delivery");
        return c;
    }

    @Test
    void createValidatesThenAppliesInTheSameWriteAndIsDeliveredAfterCommit() throws Exception {
        try (OutboxDispatcher d = s.hooks.startDelivery(s.store)) {
            String id = s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ann\","
                    + "\"password\":\"s3cret-Passw0rd\"}");
            assertEquals(List.of("validate CREATED User", "apply CREATED User"), plugin.calls);
            assertEquals("CREATED", derived(id));
            Change c = plugin.lastApplied();
            assertEquals(id, c.id());
            assertNull(c.before());
            assertEquals("ann", c.after().getString("userName"));
            assertFalse(c.after().containsKey("password"), "the password hash never reaches hooks");
            assertTrue(c.changed("password"));
            Change delivered = poll();
            assertEquals(c, delivered);
        }
        assertEquals(0, s.hooks.pending(s.store));
    }

    @Test
    void aValidateRejectionWritesNothing() {
        plugin.reject = c -> c.after() != null && "blocked".equals(c.after().getString("userName", null));
        ScimException e = assertThrows(ScimException.class, () -> user("blocked"));
        assertEquals(409, e.status());
        assertEquals(0L, (long) s.store.read(r -> r.count("User")));
        assertEquals(List.of("validate CREATED User"), plugin.calls);
        assertEquals(0, s.hooks.pending(s.store));

        String g = group("g");
        String ok = user("ok");
        plugin.reject = c -> c.kind() == Change.Kind.PATCHED;
        long version = stored("Group", g).version();
        assertThrows(ScimException.class, () -> s.patch("Group", g,
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ok + "\"}]}]"));
        assertEquals(List.of(), s.memberIds(g));
        assertEquals(version, stored("Group", g).version());
    }

    @Test
    void anApplyFailureRollsBackTheResourceItsMembershipAndTheDerivedWrites() {
        String u1 = user("u1");
        String u2 = user("u2");
        String g = group("before", u1);
        long pending = s.hooks.pending(s.store);
        StoredResource was = stored("Group", g);
        plugin.failApply = c -> c.kind() == Change.Kind.PATCHED;

        ScimException e = assertThrows(ScimException.class, () -> s.patch("Group", g,
                "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"after\"},"
                        + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u1 + "\\\"]\"},"
                        + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u2 + "\"}]}]"));
        assertEquals(500, e.status());
        assertTrue(e.detail().contains("plugin " + RecordingPlugin.ID), e.detail());
        assertEquals(was, stored("Group", g));
        assertEquals(List.of(u1), s.memberIds(g));
        assertEquals(List.of(g), s.store.read(r -> r.groupsOf(u1)));
        assertEquals(List.of(), s.store.read(r -> r.groupsOf(u2)));
        assertEquals("CREATED", derived(g), "the failed apply's own derived write is undone too");
        assertEquals(pending, s.hooks.pending(s.store), "nothing queued for after commit");

        plugin.failApply = c -> c.kind() == Change.Kind.DELETED;
        assertThrows(ScimException.class, () -> s.delete("User", u1));
        assertNotNull(stored("User", u1));
        assertEquals(List.of(u1), s.memberIds(g));
    }

    @Test
    void patchReportsOnlyTheMembersThatActuallyChanged() {
        String u1 = user("u1");
        String u2 = user("u2");
        String u3 = user("u3");
        String u4 = user("u4");
        String g = group("g", u1);
        assertEquals(List.of(u1), plugin.lastApplied().membersAdded());

        s.patch("Group", g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u1 + "\"},{\"value\":\""
                + u2 + "\"},{\"value\":\"" + u3 + "\"}]}]");
        Change c = plugin.lastApplied();
        assertEquals(Change.Kind.PATCHED, c.kind());
        assertEquals(List.of(u2, u3), c.membersAdded());
        assertEquals(List.of(), c.membersRemoved());
        assertEquals(Set.of(), c.changedAttributes());

        s.patch("Group", g, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u2 + "\\\"]\"}]");
        assertEquals(List.of(u2), plugin.lastApplied().membersRemoved());
        assertEquals(List.of(), plugin.lastApplied().membersAdded());

        s.patch("Group", g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u4 + "\"}]},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u4 + "\\\"]\"},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u3 + "\\\"]\"}]");
        assertEquals(List.of(), plugin.lastApplied().membersAdded(), "added and removed in one PATCH nets out");
        assertEquals(List.of(u3), plugin.lastApplied().membersRemoved());

        int calls = plugin.calls.size();
        s.patch("Group", g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u1 + "\"}]}]");
        assertEquals(calls, plugin.calls.size(), "a PATCH that changes nothing runs no hooks");

        s.patch("Group", g, "[{\"op\":\"remove\",\"path\":\"members\"}]");
        assertEquals(List.of(u1), plugin.lastApplied().membersRemoved());
    }

    @Test
    void putReportsTheMembershipDifferenceAndKeepsMembersWhenItOmitsThem() {
        String u1 = user("u1");
        String u2 = user("u2");
        String u3 = user("u3");
        String g = group("g", u1, u2);
        s.replace("Group", g, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\","
                + "\"members\":[{\"value\":\"" + u2 + "\"},{\"value\":\"" + u3 + "\"}]}");
        Change c = plugin.lastApplied();
        assertEquals(Change.Kind.REPLACED, c.kind());
        assertEquals(List.of(u3), c.membersAdded());
        assertEquals(List.of(u1), c.membersRemoved());
        assertEquals(Set.of(), c.changedAttributes());

        s.replace("Group", g, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"renamed\"}");
        c = plugin.lastApplied();
        assertFalse(c.membersChanged());
        assertEquals(Set.of("displayName"), c.changedAttributes());
        assertEquals("g", c.before().getString("displayName"));
        assertEquals("renamed", c.after().getString("displayName"));
        assertEquals(Set.of(u2, u3), Set.copyOf(s.memberIds(g)));
    }

    @Test
    void deletingAMemberReportsTheDeletionAndEachGroupItLeft() {
        String u1 = user("u1");
        String g1 = group("g1", u1);
        String g2 = group("g2", u1);
        String g3 = group("g3");
        int before = plugin.applied.size();
        s.delete("User", u1);
        List<Change> changes = plugin.applied.subList(before, plugin.applied.size());
        assertEquals(3, changes.size());
        assertEquals(Change.Kind.DELETED, changes.get(0).kind());
        assertEquals("u1", changes.get(0).before().getString("userName"));
        assertNull(changes.get(0).after());
        assertEquals(Set.of(g1, g2), Set.of(changes.get(1).id(), changes.get(2).id()));
        for (Change c : changes.subList(1, 3)) {
            assertEquals(Change.Kind.MEMBERS_CHANGED, c.kind());
            assertEquals("Group", c.resourceType());
            assertEquals(List.of(u1), c.membersRemoved());
        }
        assertFalse(changes.stream().anyMatch(c -> c.id().equals(g3)));

        String u2 = user("u2");
        String u3 = user("u3");
        String inner = group("inner", u2);
        String outer = group("outer", u2, u3, inner);
        before = plugin.applied.size();
        s.delete("Group", inner);
        changes = plugin.applied.subList(before, plugin.applied.size());
        assertEquals(List.of(Change.Kind.DELETED, Change.Kind.MEMBERS_CHANGED), changes.stream().map(Change::kind).toList());
        assertEquals(List.of(u2), changes.get(0).membersRemoved(), "a deleted group's members all leave it");
        assertEquals(outer, changes.get(1).id());
        assertEquals(List.of(inner), changes.get(1).membersRemoved());
    }

    @Test
    void changedAttributesNameTopLevelAttributesAndExtensionAttributesByUrn() {
        String u = s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + ENTERPRISE + "\"],"
                + "\"userName\":\"u\",\"title\":\"t\",\"" + ENTERPRISE + "\":{\"department\":\"a\",\"division\":\"d\"}}");
        s.patch("User", u, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"U\"},"
                + "{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"b\"},"
                + "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t\"}]");
        Change c = plugin.lastApplied();
        assertEquals(Set.of("displayName", ENTERPRISE + ":department"), c.changedAttributes());
    }

    @Test
    void afterCommitDeliveryIsRetriedUntilTheHookSucceeds() throws Exception {
        plugin.failDeliveries.set(2);
        String id = user("retry");
        try (OutboxDispatcher d = s.hooks.startDelivery(s.store, Duration.ofMillis(5))) {
            Change c = poll();
            assertEquals(id, c.id());
            assertEquals(3, plugin.deliveryAttempts.get());
        }
        assertEquals(0, s.hooks.pending(s.store));
    }

    @Test
    void undeliveredChangesSurviveARestartAndAreDeliveredInCommitOrder() throws Exception {
        String u = user("kept");
        String g = group("kept", u);
        assertEquals(2, s.hooks.pending(s.store));
        s.close();

        s.open(); // the plugin registers again, as at a server start
        assertEquals(2, s.hooks.pending(s.store));
        try (OutboxDispatcher d = s.hooks.startDelivery(s.store)) {
            Change first = poll();
            Change second = poll();
            assertEquals(List.of(u, g), List.of(first.id(), second.id()));
            assertEquals(List.of(u), second.membersAdded());
        }
        assertEquals(0, s.hooks.pending(s.store), "acknowledged once delivered");
        s.close();
        s.open();
        assertEquals(0, s.hooks.pending(s.store));
    }

    @Test
    void bulkRunsTheHooksForEachOperationAndARejectedOneFailsAlone() {
        plugin.reject = c -> c.after() != null && "blocked".equals(c.after().getString("userName", null));
        List<BulkService.OperationResult> results = s.bulk.execute(JsonSupport.parseTrusted("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                 {"method":"POST","path":"/Users","bulkId":"u","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bulk"}},
                 {"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"bg","members":[{"value":"bulkId:u"}]}},
                 {"method":"POST","path":"/Users","bulkId":"b","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"blocked"}}
                ]}"""), HookedService.CTX);
        assertEquals(List.of(201, 201, 409), results.stream().map(BulkService.OperationResult::status).toList());
        assertEquals(List.of("validate CREATED User", "apply CREATED User", "validate CREATED Group", "apply CREATED Group",
                "validate CREATED User"), plugin.calls);
        String userId = plugin.applied.get(0).id();
        assertEquals(List.of(userId), plugin.applied.get(1).membersAdded());
        assertEquals(1L, (long) s.store.read(r -> r.count("User")));
        assertEquals(2, s.hooks.pending(s.store));
    }
}
