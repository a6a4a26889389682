package io.roster.dynamicgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;

import io.roster.scim.app.Engine;
import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Change;
import io.roster.scim.hook.Hooks;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.ResourceStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin over the real engine and store: what an HTTP test cannot see (the index, a restart). */
class DynamicGroupsPluginTest {
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");
    static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP_EXTENSION = RosterUrns.GROUP_EXTENSION;

    @TempDir
    Path dir;
    SchemaRegistry registry;
    ResourceStore store;
    Hooks hooks;
    Engine engine;
    ResourceService service;
    DynamicGroupsPlugin plugin;

    @BeforeEach
    void open() {
        plugin = new DynamicGroupsPlugin();
        engine = Engine.open(dir, List.of(plugin, new RoleAssignableStandIn(), exploder())).start();
        registry = engine.registry();
        hooks = engine.hooks();
        store = engine.store();
        service = engine.service();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void reopen() {
        close();
        open();
    }

    private String user(String name, String department) {
        return service.create(registry.resourceType("User"), JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"], "userName": "%s", "%s": {"department": "%s"}}"""
                .formatted(ENT, name, ENT, department)), CTX).id();
    }

    private String dynamicGroup(String name, String rule) {
        return service.create(registry.resourceType("Group"), JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": "%s", "%s": {"membershipRule": %s}}"""
                .formatted(GROUP_EXTENSION, name, GROUP_EXTENSION, JsonSupport.toText(jakarta.json.Json.createValue(rule)))), CTX).id();
    }

    private void patchUser(String id, String path, String value) {
        service.patch(registry.resourceType("User"), id, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "%s", "value": "%s"}]}""".formatted(path, value)), Precondition.NONE, CTX);
    }

    private Set<String> members(String groupId) {
        Set<String> out = new TreeSet<>();
        service.forEachMember(groupId, m -> out.add(m.id()));
        return out;
    }

    @Test
    void aUserChangeEvaluatesOnlyTheRulesThatReadAnAttributeItChanged() {
        String sales = dynamicGroup("sales", ENT + ":department eq \"Sales\"");
        dynamicGroup("titled", "title pr");
        String ann = user("ann", "Ops");
        long before = plugin.hook().userEvaluations();

        patchUser(ann, "displayName", "Ann");
        assertEquals(before, plugin.hook().userEvaluations(), "no rule reads displayName");

        patchUser(ann, ENT + ":department", "Sales");
        assertEquals(before + 1, plugin.hook().userEvaluations(), "only the department rule is evaluated");
        assertEquals(Set.of(ann), members(sales));
    }

    @Test
    void aRuleThatMatchesOnAbsenceIsEvaluatedWhenAUserIsCreated() {
        String untitled = dynamicGroup("untitled", "not (title pr)");
        String bob = user("bob", "Ops");
        assertEquals(Set.of(bob), members(untitled));
        patchUser(bob, "title", "Boss");
        assertEquals(Set.of(), members(untitled));
    }

    @Test
    void theRuleIndexIsReloadedFromTheStoreAfterARestart() {
        String sales = dynamicGroup("sales", "user.department -eq \"Sales\"");
        String cat = user("cat", "Ops");
        reopen();
        patchUser(cat, ENT + ":department", "Sales");
        assertEquals(Set.of(cat), members(sales));
        assertEquals(1, plugin.index().size());
    }

    @Test
    void aRebuildDropsWhatAChangedRuleNoLongerReads() {
        String g = dynamicGroup("g", "title eq \"Boss\"");
        service.patch(registry.resourceType("Group"), g, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                  {"op": "replace", "path": "%s:membershipRule", "value": "nickName eq \\"b\\""}]}""".formatted(GROUP_EXTENSION)),
                Precondition.NONE, CTX);
        // the hook only adds: the group stays a candidate for title changes until a rebuild
        assertEquals(Set.of(g), plugin.index().candidates(Set.of("title"), false));
        String dan = user("dan", "X");
        patchUser(dan, "title", "Boss");
        assertEquals(Set.of(), members(g), "the durable rule reads nickName, not title");
        assertEquals(1, plugin.index().staleHits());

        plugin.rebuild();
        assertEquals(Set.of(), plugin.index().candidates(Set.of("title"), false));
        assertEquals(Set.of(g), plugin.index().candidates(Set.of("nickName"), false));
        patchUser(dan, "nickName", "b");
        assertEquals(Set.of(dan), members(g));
    }

    @Test
    void aRuleOnAnIndexedAttributeIsAnsweredFromTheIndexAndMatchesExactly() {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.add(user("alpha" + i, "X"));
            user("beta" + i, "X");
        }
        String g = dynamicGroup("alphas", "userName sw \"alpha\"");
        assertEquals(new TreeSet<>(a), members(g));
        // and an intersection with an unindexed attribute is evaluated on the smaller side
        patchUser(a.get(0), ENT + ":department", "Y");
        String both = dynamicGroup("alpha-y", "userName sw \"alpha\" and " + ENT + ":department eq \"Y\"");
        assertEquals(Set.of(a.get(0)), members(both));
    }

    /** The roles plugin is built in parallel; this adds only its isAssignableToRole to the shared extension. */
    static final class RoleAssignableStandIn implements RosterPlugin {
        @Override
        public String id() {
            return "role-assignable-stand-in";
        }

        @Override
        public void register(PluginContext context) {
            context.addSchemas(DynamicGroupsPluginTest.class, "role-assignable.json").addExtension("Group", GROUP_EXTENSION, false);
        }
    }

    /** Fails every write of a group named "explode" after the other hooks applied it, undoing the write. */
    static RosterPlugin exploder() {
        return new LastHook("zz-exploder", (change, ctx) -> {
            if (change.after() != null && "explode".equals(change.after().getString("displayName", null))) {
                throw ScimException.invalidValue("exploded on purpose");
            }
        });
    }

    @Test
    void anUndoneRuleChangeLeavesTheDurableRuleInChargeEvenThoughTheIndexSawIt() {
        String a = dynamicGroup("a", ENT + ":department eq \"A\"");
        String bob = user("bob", "B");
        // the rule change to B is applied by this plugin (bob joins, the index learns rule B), then undone
        ScimException undone = assertThrows(ScimException.class, () -> service.patch(registry.resourceType("Group"), a, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                  {"op": "replace", "path": "displayName", "value": "explode"},
                  {"op": "replace", "path": "%s:membershipRule", "value": "%s:department eq \\"B\\""}]}"""
                .formatted(GROUP_EXTENSION, ENT)), Precondition.NONE, CTX));
        assertEquals("exploded on purpose", undone.detail());
        assertEquals(Set.of(), members(a));

        patchUser(bob, ENT + ":department", "C"); // rule B would drop bob, rule A never had him: nothing
        assertEquals(Set.of(), members(a));
        patchUser(bob, ENT + ":department", "A"); // the durable rule A decides
        assertEquals(Set.of(bob), members(a));
    }

    @Test
    void aDynamicGroupCannotBeRoleAssignableAndNothingIsCreated() {
        long groups = store.read(r -> r.count("Group"));
        ScimException e = assertThrows(ScimException.class, () -> service.create(registry.resourceType("Group"),
                JsonSupport.parseTrusted("""
                        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": "admins",
                         "%s": {"membershipRule": "title pr", "isAssignableToRole": true}}""".formatted(GROUP_EXTENSION, GROUP_EXTENSION)), CTX));
        assertEquals(400, e.status());
        assertEquals("invalidValue", e.scimType().keyword());
        assertEquals(groups, (long) store.read(r -> r.count("Group")));
        // a role-assignable group without a rule is fine
        service.create(registry.resourceType("Group"), JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": "admins",
                 "%s": {"isAssignableToRole": true}}""".formatted(GROUP_EXTENSION, GROUP_EXTENSION)), CTX);
    }

    @Test
    void aRuleReadingAnUnknownAttributeIsRefused() {
        ScimException e = assertThrows(ScimException.class, () -> dynamicGroup("typo", "departmnt eq \"Sales\""));
        assertEquals(400, e.status());
        assertEquals("invalidValue", e.scimType().keyword());
    }

    private ScimException refusedCreate(String body) {
        return assertThrows(ScimException.class, () -> service.create(registry.resourceType("Group"), JsonSupport.parseTrusted(body), CTX));
    }

    private void patchGroup(String id, String operations) {
        service.patch(registry.resourceType("Group"), id, JsonSupport.parseTrusted(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations + "]}"),
                Precondition.NONE, CTX);
    }

    @Test
    void aProcessingStateWrittenOnAGroupWithoutARuleIsRefusedNotDropped() {
        long groups = store.read(r -> r.count("Group"));
        ScimException e = refusedCreate("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": "paused",
                 "%s": {"membershipRuleProcessingState": "Paused"}}""".formatted(GROUP_EXTENSION, GROUP_EXTENSION));
        assertEquals(400, e.status());
        assertEquals("invalidValue", e.scimType().keyword());
        assertTrue(e.detail().contains("membershipRule"), e.detail());
        assertEquals(groups, (long) store.read(r -> r.count("Group")), "nothing was created");

        String staticGroup = service.create(registry.resourceType("Group"), JsonSupport.parseTrusted(
                "{\"displayName\": \"static\"}"), CTX).id();
        e = assertThrows(ScimException.class, () -> patchGroup(staticGroup,
                "{\"op\": \"replace\", \"path\": \"" + GROUP_EXTENSION + ":membershipRuleProcessingState\", \"value\": \"On\"}"));
        assertEquals(400, e.status());
    }

    @Test
    void aProcessingStateLeftFromARuleTheRequestRemovesIsDroppedWithoutError() {
        String group = dynamicGroup("was-dynamic", "title pr");
        patchGroup(group, "{\"op\": \"remove\", \"path\": \"" + GROUP_EXTENSION + ":membershipRule\"}");
        jakarta.json.JsonObject ext = store.read(r -> r.get("Group", group)).attributes().getJsonObject(GROUP_EXTENSION);
        assertTrue(ext == null || !ext.containsKey(DynamicGroupsHook.STATE), "the state went with the rule: " + ext);

        // a PUT that drops the rule but sends back the state it read, unchanged, is a round trip, not a new state
        String other = dynamicGroup("round-trip", "title pr");
        service.replace(registry.resourceType("Group"), other, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": "round-trip",
                 "%s": {"membershipRuleProcessingState": "On"}}""".formatted(GROUP_EXTENSION, GROUP_EXTENSION)), Precondition.NONE, CTX);
        ext = store.read(r -> r.get("Group", other)).attributes().getJsonObject(GROUP_EXTENSION);
        assertTrue(ext == null || !ext.containsKey(DynamicGroupsHook.STATE), "static now: " + ext);
    }

    /**
     * Rules were stored before nesting was limited (an Entra rule 40 levels deep was accepted): such a
     * group must not stop the server from starting. It keeps its members, is not evaluated, and its next
     * write has to bring a rule that compiles.
     */
    @Test
    void aStoredRuleBeyondTheDepthLimitDoesNotStopTheStart() {
        String ann = user("ann", "Ops");
        String deepRule = "(".repeat(40) + "title pr" + ")".repeat(40);
        java.time.Instant now = java.time.Instant.now();
        store.write(w -> { // as an older Roster stored it: straight into the store, past today's validation
            w.put(new io.roster.scim.store.StoredResource("Group", "deep-group", 1, now, now, JsonSupport.parseTrusted("""
                    {"displayName": "deep", "%s": {"membershipRule": "%s", "membershipRuleProcessingState": "On",
                     "membershipProcessingState": "QueuedForProcessing"}}""".formatted(GROUP_EXTENSION, deepRule))));
            w.addMember("deep-group", new io.roster.scim.store.MemberRef(ann, "User", "ann"));
            return null;
        });
        reopen();
        assertEquals(Set.of(ann), members("deep-group"), "kept, not reconciled");
        patchUser(ann, "title", "Boss");
        assertEquals(Set.of(ann), members("deep-group"));
        ScimException e = assertThrows(ScimException.class,
                () -> patchGroup("deep-group", "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": \"x\"}"));
        assertEquals(400, e.status());
        assertTrue(e.detail().contains("32"), e.detail());
        patchGroup("deep-group", "{\"op\": \"replace\", \"path\": \"" + GROUP_EXTENSION + ":membershipRule\", \"value\": \"title eq \\\"Boss\\\"\"}");
        assertEquals(Set.of(ann), members("deep-group"));
        assertEquals(1, plugin.index().size());
    }
}
