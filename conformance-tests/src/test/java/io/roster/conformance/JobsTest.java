package io.roster.conformance;

import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Roster's Job resources ({@code /Jobs}): background jobs and their progress, discoverable like any type
 * (RFC 7644 section 4), listed and filtered like any type (section 3.4.2), read-only to every client (405
 * with {@code Allow: GET}, RFC 9110 section 15.5.6; the same status for each operation in a Bulk request,
 * section 3.7.3), and readable only by callers that may use the API beyond {@code /Me}. Skipped on a
 * server without the Job type.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster jobs")
class JobsTest {
    static final String JOB_SCHEMA = "urn:roster:params:scim:schemas:core:2.0:Job";
    static final String SOME_ID = "00000000-0000-3000-8000-000000000000";

    @BeforeAll
    static void jobsAreThere() {
        Assumptions.assumeTrue(anonymous().get("/ResourceTypes/Job").statusCode() == 200, "the server has no Job resource type");
    }

    @Test
    @SuppressWarnings("unchecked")
    void discoveryListsTheJobTypeAndItsSchemaOfReadOnlyAttributes() {
        Response types = anonymous().get("/ResourceTypes");
        types.then().statusCode(200);
        assertThat(types.jsonPath().getList("Resources.endpoint"), hasItem("/Jobs"));
        anonymous().get("/ResourceTypes/Job").then().statusCode(200)
                .body("endpoint", equalTo("/Jobs")).body("schema", equalTo(JOB_SCHEMA));

        Response schemas = anonymous().get("/Schemas");
        assertThat(schemas.jsonPath().getList("Resources.id"), hasItem(JOB_SCHEMA));
        Response schema = anonymous().get("/Schemas/" + JOB_SCHEMA);
        schema.then().statusCode(200).body("name", equalTo("Job"));
        List<Map<String, Object>> attributes = (List<Map<String, Object>>) root(schema).get("attributes");
        for (String name : List.of("plugin", "kind", "key", "run", "state", "processed", "total")) {
            Map<String, Object> a = attributes.stream().filter(x -> name.equals(x.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("the Job schema has no " + name));
            assertThat(name, a.get("mutability"), equalTo("readOnly"));
            assertThat(name, a.get("returned"), equalTo("default"));
        }
        assertThat(attributes.stream().map(a -> a.get("mutability")).toList(), everyItem(equalTo("readOnly")));
    }

    @Test
    void jobsAreListedFilteredAndSortedLikeAnyResourceType() {
        Response all = scim().queryParam("sortBy", "key").get("/Jobs");
        all.then().statusCode(200).body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:ListResponse"));
        scim().queryParam("filter", "state ne \"completed\"").queryParam("count", 5).get("/Jobs").then().statusCode(200);
        scim().queryParam("filter", "key eq \"" + SOME_ID + "\"").get("/Jobs").then().statusCode(200)
                .body("totalResults", equalTo(0));
        scim().queryParam("filter", "state eq \"queued\" or state eq \"running\"").queryParam("cursor", "").get("/Jobs")
                .then().statusCode(200);
        assertScimError(scim().queryParam("filter", "cursor pr").get("/Jobs"), 400, "invalidFilter");
        assertScimError(scim().get("/Jobs/" + SOME_ID), 404);
    }

    /** Whatever jobs the server holds (other tests' staged groups, say) read as Job resources with an ETag. */
    @Test
    void anExistingJobReadsAsAResourceWithItsProgressAndETag() {
        List<String> ids = scim().queryParam("count", 1).get("/Jobs").jsonPath().getList("Resources.id");
        if (ids.isEmpty() && hasDynamicGroups()) { // stage one: a rule over more than 1,000 users runs as a job
            String dept = unique("JobsDept");
            DynamicGroupsTest.bulkUsers(dept, 1001);
            Response group = scim().body(DynamicGroupsTest.groupBody(DynamicGroupsTest.departmentRule(dept), "")).post("/Groups");
            group.then().statusCode(201);
            ids = scim().queryParam("filter", "key eq \"" + group.path("id") + "\"").get("/Jobs").jsonPath().getList("Resources.id");
            assertThat("the group's job, scheduled in the write that created it", ids.size(), equalTo(1));
        }
        Assumptions.assumeFalse(ids.isEmpty(), "no background job has run on this server, and it has no dynamic groups to start one");
        Response job = scim().get("/Jobs/" + ids.get(0));
        job.then().statusCode(200).body("schemas", equalTo(List.of(JOB_SCHEMA))).body("meta.resourceType", equalTo("Job"))
                .body("meta.location", containsString("/Jobs/" + ids.get(0)));
        assertThat(job.path("state"), in(List.of("queued", "running", "completed")));
        assertThat(root(job).containsKey("cursor") || root(job).containsKey("params"), equalTo(false));
        String etag = job.header("ETag");
        int again = scim().header("If-None-Match", etag).get("/Jobs/" + ids.get(0)).statusCode();
        assertThat(again, in(List.of(200, 304))); // 200 only if the job stepped in between
    }

    private static boolean hasDynamicGroups() {
        Response r = scim().get("/Schemas/" + DynamicGroupsTest.GROUP_EXT);
        return r.statusCode() == 200 && r.asString().contains("membershipRule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /Jobs", "PUT /Jobs/" + SOME_ID, "PATCH /Jobs/" + SOME_ID, "DELETE /Jobs/" + SOME_ID})
    void everyWriteIs405WithAllowGet(String request) {
        String[] parts = request.split(" ");
        Response r = scim().body("{\"schemas\": [\"" + JOB_SCHEMA + "\"], \"key\": \"mine\"}").request(parts[0], parts[1]);
        assertScimError(r, 405);
        assertThat(r.header("Allow"), equalTo("GET"));
        r.then().body("detail", containsString("read-only"));
    }

    @Test
    void bulkOperationsOnJobsFailWith405Each() {
        String patch = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"replace\", "
                + "\"path\": \"state\", \"value\": \"completed\"}]}";
        String body = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "POST", "bulkId": "j", "path": "/Jobs", "data": {"schemas": [%1$s], "key": "mine"}},
                  {"method": "PUT", "path": "/Jobs/%2$s", "data": {"schemas": [%1$s], "key": "mine"}},
                  {"method": "PATCH", "path": "/Jobs/%2$s", "data": %3$s},
                  {"method": "DELETE", "path": "/Jobs/%2$s"}
                ]}""".formatted(q(JOB_SCHEMA), SOME_ID, patch);
        Response r = scim().body(body).post("/Bulk");
        r.then().statusCode(200).body("Operations.status", equalTo(List.of("405", "405", "405", "405")));
    }

    /** A caller that may use only /Me (a user's own token, without an admin role) may not read jobs. */
    @Test
    void aTokenBoundToAUserWithoutAnAdminRoleGets403() {
        String token = Roles.clientFor(createUniqueUser("jobs-me"));
        assertScimError(Roles.as(token).get("/Jobs"), 403);
        assertScimError(Roles.as(token).get("/Jobs/" + SOME_ID), 403);
        assertScimError(Roles.as(token).queryParam("filter", "key pr").get("/Jobs"), 403);
    }
}
