package io.roster.dynamicgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;

import io.roster.licensing.LicensingPlugin;
import io.roster.scim.app.Engine;
import io.roster.scim.spi.Change;
import io.roster.scim.hook.Hooks;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.ResourceStore;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged reconciliation of big rule changes over the real engine, store and licensing plugin, with the
 * threshold lowered to {@value #THRESHOLD} members and {@value #CHUNK} users per write so that a few
 * dozen users exercise what 100,000 do in production.
 */
class StagedReconcileTest {
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");
    static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP_EXTENSION = RosterUrns.GROUP_EXTENSION;
    static final String USER_EXTENSION = RosterUrns.USER_EXTENSION;
    static final int THRESHOLD = 5;
    static final int CHUNK = 3;

    @TempDir
    Path dir;
    SchemaRegistry registry;
    ResourceStore store;
    Hooks hooks;
    Engine engine;
    ResourceService service;
    DynamicGroupsPlugin plugin;
    /** The membership deltas the plugin reported, one per write. */
    final List<Change> deltas = new CopyOnWriteArrayList<>();
    /** Permits for the worker's writes while a test holds it (see {@link #hold}). */
    final Semaphore permits = new Semaphore(0);

    @BeforeEach
    void open() {
        plugin = new DynamicGroupsPlugin(THRESHOLD, CHUNK);
        engine = Engine.open(dir, List.of(plugin, new LicensingPlugin(), deltaRecorder())).start();
        registry = engine.registry();
        hooks = engine.hooks();
        store = engine.store();
        service = engine.service();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** Records the MEMBERS_CHANGED changes dynamic groups emits: one per write that moved members. */
    RosterPlugin deltaRecorder() {
        return new LastHook("zz-delta-recorder", (change, ctx) -> {
            if (change.kind() == Change.Kind.MEMBERS_CHANGED && DynamicGroupsPlugin.ID.equals(change.source())) {
                deltas.add(change);
            }
        });
    }

    /** From now on every write of a staged run waits for a permit (a stop interrupts the wait). */
    private void hold() {
        plugin.stager().beforeWrite = () -> {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped while held", e);
            }
        };
    }

    private void releaseAll() {
        plugin.stager().beforeWrite = () -> { };
        permits.release(10_000);
    }

    private String user(String name, String department) {
        return service.create(registry.resourceType("User"), JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"], "userName": "%s", "%s": {"department": "%s"}}"""
                .formatted(ENT, name, ENT, department)), CTX).id();
    }

    /** {@code n} users in department {@code dept}, named after it. */
    private List<String> users(String dept, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(user(dept.toLowerCase() + i, dept));
        }
        return out;
    }

    private static String deptRule(String dept) {
        return ENT + ":department eq \"" + dept + "\"";
    }

    private String dynamicGroup(String name, String rule, String extra) {
        return service.create(registry.resourceType("Group"), JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": "%s", "%s": {"membershipRule": %s%s}}"""
                .formatted(GROUP_EXTENSION, name, GROUP_EXTENSION, JsonSupport.toText(jakarta.json.Json.createValue(rule)), extra)), CTX).id();
    }

    private void patch(String type, String id, String path, String value) {
        service.patch(registry.resourceType(type), id, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": %s, "value": %s}]}""".formatted(
                JsonSupport.toText(jakarta.json.Json.createValue(path)), JsonSupport.toText(jakarta.json.Json.createValue(value)))),
                Precondition.NONE, CTX);
    }

    private Set<String> members(String groupId) {
        Set<String> out = new TreeSet<>();
        service.forEachMember(groupId, m -> out.add(m.id()));
        return out;
    }

    private JsonObject get(String type, String id) {
        return service.get(registry.resourceType(type), id, CTX).representation();
    }

    private String processing(String groupId) {
        return get("Group", groupId).getJsonObject(GROUP_EXTENSION).getString(DynamicGroupsHook.PROCESSING, null);
    }

    /** Polls the group's processing state, as a client would, until it is the expected one. */
    private void await(String groupId, String state) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!state.equals(processing(groupId))) {
            if (System.nanoTime() > deadline) {
                fail("group " + groupId + " stayed " + processing(groupId) + ", expected " + state);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The users whose department is {@code dept} now, read from the store (the truth the rule is held to). */
    private Set<String> inDepartment(String dept) {
        Set<String> out = new TreeSet<>();
        store.read(r -> {
            for (String id : r.ids("User", null, 10_000)) {
                JsonObject ent = r.get("User", id).attributes().getJsonObject(ENT);
                if (ent != null && dept.equals(ent.getString("department", null))) {
                    out.add(id);
                }
            }
            return null;
        });
        return out;
    }

    @Test
    void aSmallRuleChangeStaysInTheWriteAndIsCompleteWhenItReturns() {
        List<String> a = users("A", THRESHOLD - 1);
        hold(); // a staged run would wait forever
        String g = dynamicGroup("small", deptRule("A"), "");
        assertEquals(new TreeSet<>(a), members(g));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
    }

    @Test
    void aRuleChangeOfABigGroupThatMovesFewMembersStaysInTheWrite() {
        List<String> a = users("A", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        await(g, DynamicGroupsHook.COMPLETE);
        String c = user("c0", "C");
        hold(); // a staged run would wait forever
        // 10 members and 11 candidates, but only c0 moves: one membership change, under the threshold
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("A") + " or " + deptRule("C"));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        Set<String> expected = new TreeSet<>(a);
        expected.add(c);
        assertEquals(expected, members(g));
    }

    @Test
    void aBigRuleChangeIsAppliedInSeveralWritesOfAtMostAChunkAndEndsExact() {
        List<String> a = users("A", 10);
        users("B", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(new TreeSet<>(a), members(g));
        List<Change> creating = List.copyOf(deltas);
        assertTrue(creating.size() >= 10 / CHUNK, "joined in several writes: " + creating.size());
        creating.forEach(d -> assertTrue(d.membersAdded().size() + d.membersRemoved().size() <= CHUNK, "at most a chunk per write"));

        deltas.clear();
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(inDepartment("B"), members(g));
        assertEquals(10, deltas.stream().mapToInt(d -> d.membersRemoved().size()).sum());
        assertEquals(10, deltas.stream().mapToInt(d -> d.membersAdded().size()).sum());
        assertTrue(deltas.size() >= 2 * (10 / CHUNK), "moved in several writes: " + deltas.size());
    }

    @Test
    void theProcessingStateGoesQueuedThenInProgressThenComplete() {
        List<String> a = users("A", 10);
        hold();
        String g = dynamicGroup("big", deptRule("A"), "");
        // the triggering write stored the rule and queued the run: no member yet
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));
        assertEquals(Set.of(), members(g));

        permits.release(2); // the claim, then the first chunk of members (none to walk)
        await(g, DynamicGroupsHook.IN_PROGRESS);
        permits.release(1); // the first chunk of candidate users
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (members(g).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(CHUNK, members(g).size(), "one chunk of users joined");
        assertEquals(DynamicGroupsHook.IN_PROGRESS, processing(g));

        releaseAll();
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(new TreeSet<>(a), members(g));
    }

    @Test
    void aUserChangedDuringTheRunIsEvaluatedAgainstTheNewRuleAndNotUndone() {
        List<String> a = users("A", 10);
        List<String> b = users("B", 10);
        hold();
        String g = dynamicGroup("big", deptRule("A"), "");
        permits.release(3); // claim, members walk, first chunk of users (a0..a2 joined)
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (members(g).size() < CHUNK && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        patch("User", a.get(0), ENT + ":department", "B"); // already a member: leaves now
        patch("User", a.get(9), ENT + ":department", "B"); // not reached yet: must not join
        patch("User", b.get(0), ENT + ":department", "A"); // joins now, and the run must keep it
        assertTrue(members(g).contains(b.get(0)));
        assertTrue(!members(g).contains(a.get(0)));

        releaseAll();
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(inDepartment("A"), members(g));
        assertEquals(10 - 2 + 1, members(g).size());
    }

    @Test
    void aSecondRuleChangeDuringTheRunSupersedesIt() {
        users("A", 10);
        users("B", 10);
        hold();
        String g = dynamicGroup("big", deptRule("A"), "");
        permits.release(3);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (members(g).size() < CHUNK && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));

        releaseAll();
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(inDepartment("B"), members(g));
    }

    @Test
    void pausingStopsTheRunAndOnAgainReconcilesFromScratch() {
        users("A", 10);
        hold();
        String g = dynamicGroup("big", deptRule("A"), "");
        permits.release(3);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (members(g).size() < CHUNK && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        patch("Group", g, GROUP_EXTENSION + ":membershipRuleProcessingState", "Paused");
        // the run was cut short: it is owed, and runs when the group is On again
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));
        Set<String> frozen = members(g);
        String late = user("late", "A");
        assertEquals(frozen, members(g), "Paused freezes membership");

        releaseAll();
        patch("Group", g, GROUP_EXTENSION + ":membershipRuleProcessingState", "On");
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(inDepartment("A"), members(g));
        assertTrue(members(g).contains(late));
    }

    @Test
    void removingTheRuleDuringTheRunStopsItKeepsTheMembersAndDropsTheState() {
        users("A", 10);
        List<String> b = users("B", 10);
        hold();
        String g = dynamicGroup("big", deptRule("A"), "");
        permits.release(3);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (members(g).size() < CHUNK && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        service.patch(registry.resourceType("Group"), g, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "remove", "path": "%s:membershipRule"}]}""".formatted(GROUP_EXTENSION)), Precondition.NONE, CTX);
        assertEquals(null, processing(g), "a static group has no processing state");
        Set<String> kept = members(g);
        assertEquals(CHUNK, kept.size());

        // a second staged run queues behind the first on the one worker: once it is complete, the first is over
        String marker = dynamicGroup("marker", deptRule("B"), "");
        releaseAll();
        await(marker, DynamicGroupsHook.COMPLETE);
        assertEquals(new TreeSet<>(b), members(marker));
        assertEquals(kept, members(g), "a static group keeps its members (as Entra does)");
    }

    @Test
    void aRunCutShortByARestartIsRunAgainAfterItAndEndsExact() {
        users("A", 10);
        users("B", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        await(g, DynamicGroupsHook.COMPLETE);
        hold();
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        permits.release(3); // claim and the first chunk of leavers
        await(g, DynamicGroupsHook.IN_PROGRESS);

        close(); // stops the held worker mid-run
        open();
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(inDepartment("B"), members(g));
    }

    @Test
    void licensesFollowAStagedRunChunkByChunkAndSeatCountsAreRightAtTheEnd() {
        String lic = service.create(registry.resourceType("License"), JsonSupport.parseTrusted("{\"schemas\":[\""
                + LicensingPlugin.ENTITLEMENT + "\"],\"value\":\"sku-dyn\",\"display\":\"E3\",\"limitedAssignmentsPermitted\":true,"
                + "\"totalAssignmentsPermitted\":4}"), CTX).id();
        List<String> a = users("A", 10);
        List<String> b = users("B", 10);
        String g = dynamicGroup("licensed", deptRule("A"), ", \"licenses\": [{\"value\": \"sku-dyn\"}]");
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(4, used(lic));
        assertEquals(4, a.stream().filter(this::licensed).count());

        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(4, used(lic), "the leavers' seats went to the joiners");
        assertEquals(0, a.stream().filter(this::licensed).count());
        assertEquals(4, b.stream().filter(this::licensed).count());
    }

    private long used(String licenseId) {
        return get("License", licenseId).getJsonNumber("totalAssignmentsUsed").longValue();
    }

    private boolean licensed(String userId) {
        JsonObject ext = get("User", userId).getJsonObject(USER_EXTENSION);
        return ext != null && ext.containsKey("licenseAssignmentStates")
                && ext.getJsonArray("licenseAssignmentStates").getValuesAs(JsonObject.class).stream()
                .anyMatch(s -> "Active".equals(s.getString("state", null)));
    }
}
