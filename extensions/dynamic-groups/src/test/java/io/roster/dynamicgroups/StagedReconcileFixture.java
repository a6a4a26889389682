package io.roster.dynamicgroups;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.roster.licensing.LicensingPlugin;
import io.roster.scim.app.Engine;
import io.roster.scim.hook.Hooks;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Job;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.ResourceStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engine, store and licensing plugin, with dynamic groups' stage threshold lowered to
 * {@value #THRESHOLD} members and {@value #CHUNK} users per write, so that a few dozen users exercise
 * what 100,000 do in production. The engine is opened without starting the plugins, so no job worker
 * runs: the tests run each step of a staged reconcile by hand ({@link #step}), as the worker would.
 */
abstract class StagedReconcileFixture {
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
    /** The membership deltas the plugin reported, one per change of the members in a write. */
    final List<Change> deltas = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        plugin = new DynamicGroupsPlugin(THRESHOLD, CHUNK);
        engine = Engine.open(dir, List.of(plugin, new LicensingPlugin(), deltaRecorder()));
        registry = engine.registry();
        hooks = engine.hooks();
        store = engine.store();
        service = engine.service();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** A server restart: the store closed and opened again; the plugins are not started. */
    void reopen() {
        close();
        open();
    }

    /** Records the MEMBERS_CHANGED changes dynamic groups emits. */
    RosterPlugin deltaRecorder() {
        return new LastHook("zz-delta-recorder", (change, ctx) -> {
            if (change.kind() == Change.Kind.MEMBERS_CHANGED && DynamicGroupsPlugin.ID.equals(change.source())) {
                deltas.add(change);
            }
        });
    }

    PluginRuntime runtime() {
        return hooks.runtime(store, DynamicGroupsPlugin.ID);
    }

    /** One step of the plugin's first pending job, in one write, as its worker would run it. */
    void step() {
        assertTrue(hooks.stepJobs(store, DynamicGroupsPlugin.ID), "a job was pending");
    }

    /** Runs the steps until no job is pending; returns how many there were. */
    int stepAll() {
        int steps = 0;
        while (hooks.stepJobs(store, DynamicGroupsPlugin.ID)) {
            steps++;
            assertTrue(steps < 1_000, "the jobs end");
        }
        return steps;
    }

    /** The group's pending reconcile job, or null. */
    Job job(String groupId) {
        return runtime().write(ctx -> ctx.jobs().get(ReconcileJob.KIND, groupId));
    }

    String user(String name, String department) {
        return service.create(registry.resourceType("User"), JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"], "userName": "%s", "%s": {"department": "%s"}}"""
                .formatted(ENT, name, ENT, department)), CTX).id();
    }

    /** {@code n} users in department {@code dept}, named after it. */
    List<String> users(String dept, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(user(dept.toLowerCase() + i, dept));
        }
        return out;
    }

    static String deptRule(String dept) {
        return ENT + ":department eq \"" + dept + "\"";
    }

    String dynamicGroup(String name, String rule, String extra) {
        return service.create(registry.resourceType("Group"), JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": "%s", "%s": {"membershipRule": %s%s}}"""
                .formatted(GROUP_EXTENSION, name, GROUP_EXTENSION, JsonSupport.toText(Json.createValue(rule)), extra)), CTX).id();
    }

    void patch(String type, String id, String path, String value) {
        service.patch(registry.resourceType(type), id, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": %s, "value": %s}]}""".formatted(
                JsonSupport.toText(Json.createValue(path)), JsonSupport.toText(Json.createValue(value)))),
                Precondition.NONE, CTX);
    }

    Set<String> members(String groupId) {
        Set<String> out = new TreeSet<>();
        service.forEachMember(groupId, m -> out.add(m.id()));
        return out;
    }

    JsonObject get(String type, String id) {
        return service.get(registry.resourceType(type), id, CTX).representation();
    }

    String processing(String groupId) {
        JsonObject ext = get("Group", groupId).getJsonObject(GROUP_EXTENSION);
        return ext == null ? null : ext.getString(DynamicGroupsHook.PROCESSING, null);
    }

    /** Polls the group's processing state, as a client would, until it is the expected one (a started engine). */
    void await(String groupId, String state) {
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
    Set<String> inDepartment(String dept) {
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

    int added() {
        return deltas.stream().mapToInt(d -> d.membersAdded().size()).sum();
    }

    int removed() {
        return deltas.stream().mapToInt(d -> d.membersRemoved().size()).sum();
    }
}
