package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.JobStep;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.Principal;
import io.roster.scim.spi.RosterPlugin;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job resources are read-only to every client (405 with {@code Allow: GET}, in Bulk too) and readable only
 * by callers that may use the API: with the engine's default authorizer the administrator token reads them,
 * a token bound to a user (a {@code /Me}-only caller) gets 403.
 */
class JobAccessTest {
    static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"state\",\"value\":\"completed\"}]}";

    @TempDir
    Path dir;
    HookedService s;
    String jobId;

    /** One job, scheduled at start, never stepped. */
    static final class OneJob implements RosterPlugin {
        @Override
        public String id() {
            return "onejob";
        }

        @Override
        public void register(PluginContext context) {
            context.addJobHandler("work", (job, ctx) -> JobStep.done(1));
        }
    }

    @BeforeEach
    void open() {
        s = new HookedService(dir, new OneJob());
        s.hooks.runtime(s.store, "onejob").write(ctx -> {
            ctx.jobs().schedule("work", "k", null, 1);
            return null;
        });
        jobId = s.service.list(s.type("Job"), new ListRequest(null, null, null), HookedService.CTX).resources().get(0).id();
    }

    @AfterEach
    void close() {
        s.close();
    }

    private static void assertMethodNotAllowed(Executable call) {
        ScimException e = assertThrows(ScimException.class, call);
        assertEquals(405, e.status(), e.detail());
        assertEquals("GET", e.headers().get("Allow"));
        assertTrue(e.detail().contains("read-only"), e.detail());
    }

    @Test
    void everyWriteMethodIsRefusedWith405AndAllowGetWhoeverCalls() {
        for (RequestContext ctx : List.of(HookedService.CTX, HookedService.CTX.withPrincipal(new Principal("admin")))) {
            assertMethodNotAllowed(() -> s.service.create(s.type("Job"), JsonSupport.parseTrusted(
                    "{\"schemas\":[\"urn:roster:params:scim:schemas:core:2.0:Job\"],\"key\":\"mine\"}"), ctx));
            assertMethodNotAllowed(() -> s.service.replace(s.type("Job"), jobId, JsonSupport.parseTrusted(
                    "{\"schemas\":[\"urn:roster:params:scim:schemas:core:2.0:Job\"],\"key\":\"k\"}"), Precondition.NONE, ctx));
            assertMethodNotAllowed(() -> s.service.patch(s.type("Job"), jobId, JsonSupport.parseTrusted(PATCH), Precondition.NONE, ctx));
            assertMethodNotAllowed(() -> s.service.delete(s.type("Job"), jobId, Precondition.NONE, ctx));
            assertMethodNotAllowed(() -> s.service.delete(s.type("Job"), "no-such-job", Precondition.NONE, ctx));
        }
        assertEquals("queued", s.service.get(s.type("Job"), jobId, HookedService.CTX).representation().getString("state"));
    }

    @Test
    void bulkOperationsOnJobsFailWith405EachAndTheOthersStillRun() {
        String body = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "POST", "bulkId": "j", "path": "/Jobs", "data": {"key": "mine"}},
                  {"method": "PUT", "path": "/Jobs/%1$s", "data": {"key": "k"}},
                  {"method": "PATCH", "path": "/Jobs/%1$s", "data": %2$s},
                  {"method": "DELETE", "path": "/Jobs/%1$s"},
                  {"method": "POST", "bulkId": "u", "path": "/Users", "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bulk-ok"}}
                ]}""".formatted(jobId, PATCH);
        List<BulkService.OperationResult> results = s.bulk.execute(JsonSupport.parseTrusted(body), HookedService.CTX);
        assertEquals(List.of(405, 405, 405, 405, 201), results.stream().map(BulkService.OperationResult::status).toList());
        for (BulkService.OperationResult r : results.subList(0, 4)) {
            assertNotNull(r.error());
            assertTrue(r.error().detail().contains("read-only"), r.error().detail());
        }
        assertEquals("queued", s.service.get(s.type("Job"), jobId, HookedService.CTX).representation().getString("state"));
    }

    @Test
    void theAdministratorTokenReadsJobsAndAUserBoundTokenGets403() {
        RequestContext admin = HookedService.CTX.withPrincipal(new Principal("admin"));
        assertEquals(1, s.service.list(s.type("Job"), new ListRequest("key eq \"k\"", null, null), admin).totalResults());
        assertEquals(jobId, s.service.get(s.type("Job"), jobId, admin).id());

        String userId = s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"alice\"}");
        RequestContext me = HookedService.CTX.withPrincipal(new Principal("alice", userId));
        for (Executable read : List.<Executable>of(
                () -> s.service.list(s.type("Job"), new ListRequest(null, null, null), me),
                () -> s.service.get(s.type("Job"), jobId, me),
                () -> s.service.get(s.type("Job"), "no-such-job", me))) {
            assertEquals(403, assertThrows(ScimException.class, read).status());
        }
    }
}
