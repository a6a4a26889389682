package io.roster.licensing;

import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Engine;
import io.roster.scim.error.ScimException;
import io.roster.scim.hook.Hooks;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.RecordType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.ResourceStore;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin over the real engine and store: the cases an HTTP test cannot reach cheaply. */
class LicensingPluginTest {
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");

    @TempDir
    Path dir;
    SchemaRegistry registry;
    ResourceStore store;
    ResourceService service;

    Hooks hooks;
    Engine engine;

    @BeforeEach
    void open() {
        open(new LicensingPlugin());
    }

    /** Registers the plugin and opens the store, as a server start does (without starting plugins). */
    void open(LicensingPlugin plugin) {
        engine = Engine.open(dir, List.of(plugin));
        registry = engine.registry();
        hooks = engine.hooks();
        store = engine.store();
        service = engine.service();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** A server restart with a plugin that stages groups above {@code syncLimit} members, {@code chunk} per write. */
    void restart(int syncLimit, int chunk) {
        close();
        open(new LicensingPlugin(Clock.systemUTC(), syncLimit, chunk));
    }

    private String processingState(String group) {
        return store.read(r -> r.get("Group", group)).attributes().getJsonObject(GROUP_EXTENSION).getString("licenseProcessingState");
    }

    private void awaitComplete(String group) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!"ProcessingComplete".equals(processingState(group))) {
            assertTrue(System.nanoTime() < deadline, "group processing did not finish: " + processingState(group));
            Thread.sleep(20);
        }
    }

    private String state(String user, String group) {
        JsonObject ext = get("User", user).getJsonObject(USER_EXTENSION);
        if (ext == null || !ext.containsKey("licenseAssignmentStates")) {
            return "none";
        }
        for (JsonObject s : states(user).getValuesAs(JsonObject.class)) {
            if (group.equals(s.getString("assignedByGroup", null))) {
                return s.getString("state");
            }
        }
        return "none";
    }

    /** The plugin's runtime, for running a background step by hand and reading its records. */
    private io.roster.scim.spi.PluginRuntime runtime() {
        return hooks.runtime(store, "licensing");
    }

    /** One step of the plugin's staged work, as its background worker would run it. */
    private void step() {
        assertTrue(hooks.stepJobs(store, "licensing"), "a job was pending");
    }

    /** Users created in one order and made members of a new group in the reverse order. */
    private List<String> joinedInReverse(String group, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(user("r" + i + "-" + group.substring(0, 4)));
        }
        java.util.Collections.reverse(ids);
        for (String id : ids) {
            patch("Group", group, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]");
        }
        return ids;
    }

    private String group(String name) {
        return create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name + "\"}");
    }

    private void addLicense(String group, String sku) {
        patch("Group", group, "[{\"op\":\"add\",\"path\":\"" + GROUP_EXTENSION + ":licenses\",\"value\":[{\"value\":\"" + sku + "\"}]}]");
    }

    /**
     * A group above the limit is staged: the write that licenses it only queues the work; the background
     * chunks then grant seats in joining order (not id order), and the state ends ProcessingComplete.
     */
    @Test
    void aLargeGroupIsProcessedInBackgroundChunksInJoiningOrder() throws Exception {
        restart(10, 7);
        String lic = license("sku-staged", 30);
        String g = group("staged");
        List<String> joined = joinedInReverse(g, 50);
        addLicense(g, "sku-staged");
        assertEquals("QueuedForProcessing", processingState(g), "nothing runs before the plugin starts");
        assertEquals(0, used(lic));
        assertEquals("none", state(joined.get(0), g), "a member without states, truthfully reported by the group's state");

        engine.start();
        awaitComplete(g);
        assertEquals(30, used(lic));
        for (int i = 0; i < joined.size(); i++) {
            assertEquals(i < 30 ? "Active" : "Error", state(joined.get(i), g), "joiner #" + i);
        }
        assertFalse(hooks.hasPendingJobs(store, "licensing"), "no job is left");
    }

    /** The group's Job resource as {@code GET /Jobs?filter=key eq "<group>"} finds it, or null. */
    private JsonObject job(String group) {
        var found = service.list(registry.resourceType("Job"), new io.roster.scim.service.ListRequest("key eq \"" + group + "\"",
                null, null), CTX).resources();
        assertTrue(found.size() <= 1, "one Job resource per group");
        return found.isEmpty() ? null : found.get(0).representation();
    }

    private static void assertJob(JsonObject job, String state, long processed, long total) {
        assertEquals(state, job.getString("state"), "state of " + job);
        assertEquals(processed, job.getJsonNumber("processed").longValue(), "processed of " + job);
        assertEquals(total, job.getJsonNumber("total").longValue(), "total of " + job);
    }

    /**
     * A client follows a staged group at /Jobs: queued with the member count as total, processed moving
     * chunk by chunk, completed with every member counted; the same resource (same id) restarts for the next
     * run, and goes when the group is deleted.
     */
    @Test
    void aStagedGroupsJobShowsItsProgressToClientsAndEndsCompleted() {
        restart(10, 7);
        license("sku-progress", 100);
        String g = group("progress");
        joinedInReverse(g, 20);
        addLicense(g, "sku-progress");
        JsonObject queued = job(g);
        assertJob(queued, "queued", 0, 20);
        assertEquals("licensing", queued.getString("plugin"));
        assertEquals("group", queued.getString("kind"));
        step();
        assertJob(job(g), "running", 7, 20);
        step();
        assertJob(job(g), "running", 14, 20);
        step();
        assertJob(job(g), "completed", 20, 20);
        assertEquals("ProcessingComplete", processingState(g));
        assertFalse(hooks.hasPendingJobs(store, "licensing"));

        patch("Group", g, "[{\"op\":\"remove\",\"path\":\"" + GROUP_EXTENSION + ":licenses\"}]");
        JsonObject again = job(g);
        assertJob(again, "queued", 0, 20);
        assertEquals(queued.getString("id"), again.getString("id"), "a client polling keeps the same URL");
        assertEquals(2, again.getInt("run"));
        service.delete(registry.resourceType("Group"), g, Precondition.NONE, CTX);
        assertNull(job(g), "a deleted group's job goes with it");
        assertFalse(hooks.hasPendingJobs(store, "licensing"));
    }

    /** The job and its cursor are in the store: a restart between chunks resumes where it stopped. */
    @Test
    void stagedWorkResumesAfterARestart() throws Exception {
        restart(10, 7);
        String lic = license("sku-resume", 100);
        String g = group("resume");
        List<String> joined = joinedInReverse(g, 40);
        addLicense(g, "sku-resume");
        // Two chunks by hand, as the background thread would, then a "crash" before the rest.
        step();
        step();
        assertEquals("ProcessingInProgress", processingState(g));
        assertEquals(14, used(lic));
        assertEquals("Active", state(joined.get(13), g));
        assertEquals("none", state(joined.get(14), g));

        restart(10, 7);
        assertEquals("ProcessingInProgress", processingState(g));
        engine.start();
        awaitComplete(g);
        assertEquals(40, used(lic));
        assertTrue(joined.stream().allMatch(u -> "Active".equals(state(u, g))));
    }

    /**
     * Members leaving and joining while a group waits for its staged work: the leaver (even the one the
     * cursor points at) holds nothing afterwards, the newcomer is served after the earlier members.
     */
    @Test
    void membersJoiningAndLeavingDuringStagedWorkEndUpRight() throws Exception {
        restart(10, 5);
        String lic = license("sku-moving", 20);
        String g = group("moving");
        List<String> joined = joinedInReverse(g, 25);
        addLicense(g, "sku-moving");
        step();
        assertEquals(5, used(lic));
        // the cursor's member leaves; so does one not reached yet; a newcomer joins
        String cursor = joined.get(4);
        patch("Group", g, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + cursor + "\\\"]\"},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + joined.get(10) + "\\\"]\"}]");
        assertEquals(4, used(lic), "leaving frees the seat at once");
        String newcomer = user("newcomer");
        patch("Group", g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + newcomer + "\"}]}]");
        assertEquals("none", state(newcomer, g), "the newcomer waits for the staged work (rule 5)");

        engine.start();
        awaitComplete(g);
        assertEquals(20, used(lic));
        assertEquals("none", state(cursor, g));
        assertEquals("none", state(joined.get(10), g));
        // 23 earlier members remain; the first 20 of them hold the seats, the newcomer comes last
        List<String> remaining = new ArrayList<>(joined);
        remaining.remove(cursor);
        remaining.remove(joined.get(10));
        for (int i = 0; i < remaining.size(); i++) {
            assertEquals(i < 20 ? "Active" : "Error", state(remaining.get(i), g), "remaining joiner #" + i);
        }
        assertEquals("Error", state(newcomer, g));
    }

    /** A store from before the joining order was kept: the order is filled in at start, so rule 8 reaches every member. */
    @Test
    void membershipsWithoutAJoiningOrderAreRecordedAtStart() throws Exception {
        String lic = license("sku-old", 10);
        String g = group("old");
        List<String> members = joinedInReverse(g, 5);
        runtime().write(ctx -> {
            members.forEach(m -> JoinOrder.remove(ctx.resources(), g, m));
            ctx.resources().records(JoinOrderBackfill.STATE, RecordType.STRING).put(JoinOrderBackfill.COMPLETE, null);
            return null;
        });
        assertEquals(List.of(), runtime().read(r -> JoinOrder.page(r, g, "", 10)));

        engine.start();
        assertEquals("1", runtime().read(r -> r.records(JoinOrderBackfill.STATE, RecordType.STRING).get(JoinOrderBackfill.COMPLETE)));
        List<String> byId = new ArrayList<>(members);
        java.util.Collections.sort(byId);
        assertEquals(byId, runtime().read(r -> JoinOrder.page(r, g, "", 10)), "member-id order: the best an old store knows");
        addLicense(g, "sku-old");
        assertEquals(5, used(lic));
    }

    /**
     * A data directory written by a release that kept the plugin's data in server settings: the joining
     * order links, the error counts and a staged job are moved into records and jobs at start, and the
     * order is the joining order the settings held (not member-id order).
     */
    @Test
    void dataKeptInSettingsByAnEarlierReleaseIsMigratedAtStart() throws Exception {
        restart(3, 2);
        String lic = license("sku-legacy", 2);
        String g = group("legacy");
        List<String> joined = joinedInReverse(g, 4); // join order: reverse of id order
        String other = group("legacy-errors");
        addLicense(g, "sku-legacy"); // staged (4 members > 3): queued, not run before the start
        // turn what this release wrote into what the earlier one did: settings, and no records or jobs
        runtime().write(ctx -> {
            var order = ctx.resources().records(JoinOrder.TABLE, RecordType.STRING);
            var legacy = ctx.legacySettings();
            legacy.put("order." + g, order.get(g));
            order.put(g, null);
            for (String u : joined) {
                legacy.put("order." + g + "." + u, order.get(g + "." + u));
                order.put(g + "." + u, null);
            }
            legacy.put("groupErrors." + other, "3");
            ctx.jobs().cancel("group", g);
            legacy.put("jobs", g);
            legacy.put("job." + g, "R|");
            legacy.put("joinOrderComplete", "1");
            var state = ctx.resources().records(JoinOrderBackfill.STATE, RecordType.STRING);
            state.put(JoinOrderBackfill.COMPLETE, null);
            state.put(LegacyMigration.MIGRATED, null);
            return null;
        });
        engine.start();
        assertEquals(joined, runtime().read(r -> JoinOrder.page(r, g, "", 10)), "the joining order the settings held");
        assertEquals(Long.valueOf(3), runtime().<Long>read(r -> Derived.errorCounts(r).get(other)));
        awaitComplete(g);
        assertEquals(2, used(lic));
        assertEquals("Active", state(joined.get(0), g));
        assertEquals("Active", state(joined.get(1), g));
        assertEquals("Error", state(joined.get(2), g));
        runtime().write(ctx -> {
            assertNull(ctx.legacySettings().get("order." + g));
            assertNull(ctx.legacySettings().get("order." + g + "." + joined.get(0)));
            assertNull(ctx.legacySettings().get("jobs"));
            assertNull(ctx.legacySettings().get("groupErrors." + other));
            return null;
        });
    }

    /** The engine keeps a multi-valued sub-attribute (disabledPlans) through a second PATCH of the list. */
    @Test
    void directLicensesWithDisabledPlansCanBeAddedOneAfterAnother() {
        license("sku-one", 5);
        license("sku-two", 5);
        String u = create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + USER_EXTENSION + "\"],\"userName\":\"dp\","
                + "\"" + USER_EXTENSION + "\":{\"usageLocation\":\"DE\",\"licenses\":[{\"value\":\"sku-one\",\"disabledPlans\":[\"p1\",\"p2\"]}]}}");
        patch("User", u, "[{\"op\":\"add\",\"path\":\"" + USER_EXTENSION + ":licenses\",\"value\":[{\"value\":\"sku-two\"}]}]");
        JsonArray direct = get("User", u).getJsonObject(USER_EXTENSION).getJsonArray("licenses");
        assertEquals(2, direct.size());
        assertEquals(List.of("p1", "p2"), direct.getJsonObject(0).getJsonArray("disabledPlans").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(2, states(u).size());
    }

    private String create(String type, String json) {
        return service.create(registry.resourceType(type), JsonSupport.parseTrusted(json), CTX).id();
    }

    private JsonObject get(String type, String id) {
        return service.get(registry.resourceType(type), id, CTX).representation();
    }

    private void patch(String type, String id, String ops) {
        service.patch(registry.resourceType(type), id, JsonSupport.parseTrusted(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + ops + "}"), Precondition.NONE, CTX);
    }

    private String license(String sku, int seats) {
        return create("License", "{\"schemas\":[\"" + LicensingPlugin.ENTITLEMENT + "\"],\"value\":\"" + sku
                + "\",\"display\":\"E3\",\"limitedAssignmentsPermitted\":true,\"totalAssignmentsPermitted\":" + seats + "}");
    }

    private String user(String name) {
        return create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name + "\"}");
    }

    private long used(String licenseId) {
        return get("License", licenseId).getJsonNumber("totalAssignmentsUsed").longValue();
    }

    private JsonArray states(String userId) {
        return get("User", userId).getJsonObject(USER_EXTENSION).getJsonArray("licenseAssignmentStates");
    }

    /** The seats gauges of /metrics read the License resources the plugin keeps, per SKU, at scrape time. */
    @Test
    void metricsShowSeatsUsedAndPermittedPerLicense() {
        String lic = license("sku-metrics", 5);
        license("sku-unused", 3);
        String g = group("licensed");
        addLicense(g, "sku-metrics");
        for (int i = 0; i < 2; i++) {
            String u = user("metrics-" + i);
            patch("Group", g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}]");
        }
        assertEquals(2, used(lic));
        try (io.roster.scim.metrics.RosterMetrics metrics = new io.roster.scim.metrics.RosterMetrics(store,
                List.of("User", "Group", "License"), () -> 0)) {
            String text = metrics.scrape();
            assertTrue(text.contains("roster_license_seats_used{sku=\"sku-metrics\"} 2.0"), text);
            assertTrue(text.contains("roster_license_seats_permitted{sku=\"sku-metrics\"} 5.0"), text);
            assertTrue(text.contains("roster_license_seats_used{sku=\"sku-unused\"} 0.0"), text);
            patch("License", lic, "[{\"op\":\"replace\",\"path\":\"totalAssignmentsPermitted\",\"value\":10}]");
            assertTrue(metrics.scrape().contains("roster_license_seats_permitted{sku=\"sku-metrics\"} 10.0"), "read at scrape time");
        }
    }

    @Test
    void theBundledPluginIsFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(io.roster.scim.spi.RosterPlugin.class).stream()
                .anyMatch(p -> p.type() == LicensingPlugin.class));
    }

    /**
     * The questions the console asks (members of a group in error, holders of a license, its users in an
     * error) are planned from the plugin's indexes on licenseAssignmentStates, not a walk over every user,
     * and answer exactly what the states say.
     */
    @Test
    void holdersAndErrorsAreFoundThroughIndexes() {
        license("sku-idx", 1);
        String a = user("idx-a");
        String b = user("idx-b");
        user("idx-outsider");
        String g = create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"idx\",\"members\":[{\"value\":\""
                + a + "\"},{\"value\":\"" + b + "\"}],\"" + GROUP_EXTENSION + "\":{\"licenses\":[{\"value\":\"sku-idx\"}]}}");
        String states = USER_EXTENSION + ":licenseAssignmentStates";
        io.roster.scim.query.QueryPlanner planner = new io.roster.scim.query.QueryPlanner(registry,
                io.roster.scim.service.IndexCatalogue.of(registry));
        for (String filter : List.of(states + "[assignedByGroup eq \"" + g + "\" and state eq \"Error\"]",
                states + "[skuId eq \"sku-idx\" and state eq \"Active\"]", states + "[skuId eq \"sku-idx\" and error eq \"CountViolation\"]")) {
            io.roster.scim.query.QueryPlan plan = planner.plan(registry.resourceType("User"),
                    new io.roster.scim.filter.FilterParser(4096, 32).parse(filter));
            assertFalse(plan.candidates() instanceof io.roster.scim.query.Candidates.All, filter + ": " + plan.describe());
        }
        var inError = service.list(registry.resourceType("User"), new io.roster.scim.service.ListRequest(
                states + "[assignedByGroup eq \"" + g + "\" and state eq \"Error\"]", null, null), CTX);
        var holders = service.list(registry.resourceType("User"), new io.roster.scim.service.ListRequest(
                states + "[skuId eq \"sku-idx\" and state eq \"Active\"]", null, null), CTX);
        assertEquals(1, inError.totalResults());
        assertEquals(1, holders.totalResults());
        assertFalse(inError.resources().get(0).id().equals(holders.resources().get(0).id()), "one seat: one holder, one in error");
    }

    /** Rule 8 over more members than one page of the member walk: exactly as many seats as were bought. */
    @Test
    void licensingALargeGroupGrantsExactlyThePermittedSeatsWalkingMembersPageByPage() {
        int members = LicensingHook.MEMBER_PAGE * 2 + 7;
        int seats = LicensingHook.MEMBER_PAGE + 3;
        String lic = license("sku-large", seats);
        List<String> ids = new ArrayList<>();
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < members; i++) {
            String id = user("u" + i);
            ids.add(id);
            refs.append(i == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        String group = create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"all\",\"members\":["
                + refs + "]}");
        patch("Group", group, "[{\"op\":\"add\",\"path\":\"" + GROUP_EXTENSION + ":licenses\",\"value\":[{\"value\":\"sku-large\"}]}]");

        assertEquals(seats, used(lic));
        long active = ids.stream().filter(id -> "Active".equals(states(id).getJsonObject(0).getString("state"))).count();
        long errors = ids.stream().filter(id -> "CountViolation".equals(states(id).getJsonObject(0).getString("error"))).count();
        assertEquals(seats, active);
        assertEquals(members - seats, errors);
        assertEquals("ProcessingComplete", get("Group", group).getJsonObject(GROUP_EXTENSION).getString("licenseProcessingState"));
    }

    /** An IdP's PUT of a user never carries the read-only states: the group's licenses stay. */
    @Test
    void aPutOfTheUserKeepsWhatItsGroupsGiveAndDropsWhatItNoLongerAssignsDirectly() {
        String lic = license("sku-put", 5);
        String u = create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + USER_EXTENSION + "\"],\"userName\":\"p\","
                + "\"" + USER_EXTENSION + "\":{\"usageLocation\":\"DE\",\"licenses\":[{\"value\":\"SKU-PUT\"}]}}");
        assertEquals("E3", get("User", u).getJsonObject(USER_EXTENSION).getJsonArray("licenses").getJsonObject(0).getString("display"));
        create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + u + "\"}],\"" + GROUP_EXTENSION + "\":{\"licenses\":[{\"value\":\"sku-put\"}]}}");
        assertEquals(2, states(u).size());
        assertEquals(1, used(lic), "one seat, however many sources (case-insensitive SKU)");

        // a PUT that does not mention the extension leaves it alone (Okta's core-only profile PUT)
        service.replace(registry.resourceType("User"), u, JsonSupport.parseTrusted(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"p\"}"), Precondition.NONE, CTX);
        assertEquals(2, states(u).size());
        // one that declares it without licenses drops the direct one and keeps the inherited one
        service.replace(registry.resourceType("User"), u, JsonSupport.parseTrusted(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + USER_EXTENSION + "\"],\"userName\":\"p\"}"),
                Precondition.NONE, CTX);
        JsonArray after = states(u);
        assertEquals(1, after.size());
        assertTrue(after.getJsonObject(0).containsKey("assignedByGroup"));
        assertEquals(1, used(lic));
    }

    /** Section 1.1: a renewal for fewer seats takes no seat away but grants none until usage falls below it. */
    @Test
    void loweringTheSeatsBelowTheUsedCountKeepsHoldersAndGrantsNoNewSeat() {
        String lic = license("sku-renew", 2);
        String a = user("a");
        String b = user("b");
        String c = user("c");
        String g = create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + a + "\"},{\"value\":\"" + b + "\"}],\"" + GROUP_EXTENSION + "\":{\"licenses\":[{\"value\":\"sku-renew\"}]}}");
        patch("License", lic, "[{\"op\":\"replace\",\"path\":\"totalAssignmentsPermitted\",\"value\":1}]");
        assertEquals(2, used(lic), "a PATCH of the License keeps the server's count");
        patch("Group", g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + c + "\"}]}]");
        assertEquals("CountViolation", states(c).getJsonObject(0).getString("error"));
        assertEquals("Active", states(a).getJsonObject(0).getString("state"));
        assertEquals(2, used(lic));
    }

    @Test
    void aLicenseInUseCannotBeDeletedNorHaveItsSkuChanged() {
        String lic = license("sku-held", 2);
        create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + user("h") + "\"}],\"" + GROUP_EXTENSION + "\":{\"licenses\":[{\"value\":\"sku-held\"}]}}");
        ScimException deleted = assertThrows(ScimException.class,
                () -> service.delete(registry.resourceType("License"), lic, Precondition.NONE, CTX));
        assertEquals(409, deleted.status());
        ScimException renamed = assertThrows(ScimException.class,
                () -> patch("License", lic, "[{\"op\":\"replace\",\"path\":\"value\",\"value\":\"other\"}]"));
        assertEquals(400, renamed.status());
        assertEquals("sku-held", get("License", lic).getString("value"));
    }

    /** The group's error flag follows its members: set by a CountViolation, cleared when that member leaves. */
    @Test
    void theGroupErrorFlagFollowsItsMembers() {
        license("sku-flag", 1);
        String a = user("a");
        String b = user("b");
        String g = create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + a + "\"},{\"value\":\"" + b + "\"}],\"" + GROUP_EXTENSION + "\":{\"licenses\":[{\"value\":\"sku-flag\"}]}}");
        JsonObject stored = store.read(r -> r.get("Group", g)).attributes().getJsonObject(GROUP_EXTENSION);
        assertTrue(stored.getBoolean("hasMembersWithLicenseErrors"));
        service.delete(registry.resourceType("User"), b, Precondition.NONE, CTX);
        stored = store.read(r -> r.get("Group", g)).attributes().getJsonObject(GROUP_EXTENSION);
        assertFalse(stored.getBoolean("hasMembersWithLicenseErrors"));
    }
}
