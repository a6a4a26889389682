package io.roster.applications;

import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Engine;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged paths, over the real engine and store with job workers not started, so each step is taken by
 * the test: a group larger than syncLimit gets its access in chunks while its assignment says InProgress,
 * members joining meanwhile are exact at once, and an application's role change with many assignments
 * is walked by a job.
 */
class ApplicationsPluginTest {
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");

    @TempDir
    Path dir;
    Engine engine;
    ResourceService service;

    void open(int syncLimit, int chunk) {
        engine = Engine.open(dir, List.of(new ApplicationsPlugin(syncLimit, chunk)));
        service = engine.service();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String create(String type, String json) {
        return service.create(engine.registry().resourceType(type), JsonSupport.parseTrusted(json), CTX).id();
    }

    private String user(String name) {
        return create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name + "\"}");
    }

    private String group(List<String> members) {
        StringBuilder m = new StringBuilder();
        members.forEach(id -> m.append(m.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}"));
        return create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[" + m + "]}");
    }

    private String app(String roles) {
        return create("Application", "{\"schemas\":[\"urn:roster:params:scim:schemas:core:2.0:Application\"],\"displayName\":\"app\""
                + (roles.isEmpty() ? "" : ",\"appRoles\":" + roles) + "}");
    }

    private String assign(String principal, String app, String role) {
        return create("AppRoleAssignment", "{\"schemas\":[\"urn:roster:params:scim:schemas:core:2.0:AppRoleAssignment\"],"
                + "\"principal\":{\"value\":\"" + principal + "\"},\"application\":{\"value\":\"" + app + "\"}"
                + (role == null ? "" : ",\"appRoleId\":\"" + role + "\"") + "}");
    }

    private int entries(String user) {
        JsonObject ext = engine.store().read(r -> r.get("User", user)).attributes().getJsonObject(USER_EXTENSION);
        return ext == null || !(ext.get("appRoleAssignments") instanceof JsonArray a) ? 0 : a.size();
    }

    private String state(String assignment) {
        return engine.store().read(r -> r.get("AppRoleAssignment", assignment)).attributes().getString("processingState");
    }

    @Test
    void aLargeGroupIsStagedInChunksWithATruthfulStateJoinersAreExactAtOnceAndItsDeleteLeavesNothing() {
        open(3, 2);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            members.add(user("u" + i));
        }
        String g = group(members);
        String assignment = assign(g, app(""), null);
        assertEquals("InProgress", state(assignment), "five members are above syncLimit: staged");
        assertEquals(0, members.stream().mapToInt(this::entries).sum(), "the write that assigned only queued the work");

        assertTrue(engine.hooks().stepJobs(engine.store(), "applications"));
        assertEquals(2, members.stream().mapToInt(this::entries).sum(), "one chunk of two members per step");
        String joiner = user("late");
        service.patch(engine.registry().resourceType("Group"), g, JsonSupport.parseTrusted("{\"schemas\":[\"urn:ietf:params:scim:api:"
                + "messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + joiner + "\"}]}]}"),
                Precondition.NONE, CTX);
        assertEquals(1, entries(joiner), "a member joining while the job runs has access when its write returns");

        while (engine.hooks().stepJobs(engine.store(), "applications")) {
            // each step is one write of at most two members
        }
        assertEquals(5, members.stream().mapToInt(this::entries).sum());
        assertEquals(1, entries(joiner));
        assertEquals("Complete", state(assignment));
        assertFalse(engine.hooks().hasPendingJobs(engine.store(), "applications"));

        // unassigning is staged too; deleting the group before that job ran still leaves nobody access
        service.delete(engine.registry().resourceType("AppRoleAssignment"), assignment, Precondition.NONE, CTX);
        assertTrue(engine.hooks().hasPendingJobs(engine.store(), "applications"));
        assertEquals(5, members.stream().mapToInt(this::entries).sum(), "the removal is staged");
        service.delete(engine.registry().resourceType("Group"), g, Precondition.NONE, CTX);
        assertEquals(0, members.stream().mapToInt(this::entries).sum() + entries(joiner), "the group's delete refreshed its members");
        assertFalse(engine.hooks().hasPendingJobs(engine.store(), "applications"), "its job went with it");
    }

    @Test
    void disablingARoleOfAnAppWithManyAssignmentsIsWalkedByAJob() {
        open(2, 2);
        String app = app("[{\"value\":\"r\"}]");
        String role = service.get(engine.registry().resourceType("Application"), app, CTX).representation()
                .getJsonArray("appRoles").getJsonObject(0).getString("id");
        List<String> users = List.of(user("a"), user("b"), user("c"));
        users.forEach(u -> assign(u, app, role));
        assertEquals(3, users.stream().mapToInt(this::entries).sum(), "a direct assignment is exact in its write");

        service.patch(engine.registry().resourceType("Application"), app, JsonSupport.parseTrusted("{\"schemas\":[\"urn:ietf:params:"
                + "scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"appRoles[value eq \\\"r\\\"].isEnabled\","
                + "\"value\":false}]}"), Precondition.NONE, CTX);
        assertTrue(engine.hooks().hasPendingJobs(engine.store(), "applications"), "three assignments are above syncLimit: staged");
        while (engine.hooks().stepJobs(engine.store(), "applications")) {
            // two assignments per step
        }
        assertEquals(0, users.stream().mapToInt(this::entries).sum(), "a disabled role gives nothing");
    }
}
