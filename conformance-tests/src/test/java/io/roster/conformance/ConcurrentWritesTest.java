package io.roster.conformance;

import static io.roster.conformance.Patches.ops;
import static io.roster.conformance.Patches.patchUser;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Writes to one resource at the same time: none is lost and none overwrites another (each PATCH applies
 * to the version it is stored on; one overtaken by another is applied again to the new version).
 */
@Check(level = Level.ROSTER, area = Area.PATCH, rule = "Roster: no lost update")
class ConcurrentWritesTest {

    @Test
    void concurrentPatchesOfOneUserAllApply() {
        String userName = uniqueUserName("concurrent");
        String id = create("/Users", Scim.userBody(userName));
        // Five writers: one can be overtaken at most four times, fewer than the server's five attempts.
        List<String> values = IntStream.range(0, 5).mapToObj(i -> "c" + i + "-" + userName).toList();
        ExecutorService pool = Executors.newFixedThreadPool(values.size());
        try {
            List<CompletableFuture<Integer>> statuses = values.stream().map(v -> CompletableFuture.supplyAsync(() ->
                    patchUser(id, ops("{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": " + q(v) + "}]}"))
                            .statusCode(), pool)).toList();
            assertThat(statuses.stream().map(CompletableFuture::join).toList(), everyItem(equalTo(200)));
        } finally {
            pool.shutdown();
        }
        Response get = getUser(id);
        assertThat(get.jsonPath().getList("emails.value"), containsInAnyOrder(values.toArray()));
    }

    @Requires(Capability.BULK)
    @Test
    void aBulkWithTwoPatchesOfOneUserAndAPatchOfAUserItCreatesAppliesEachOnTheOneBefore() {
        String id = create("/Users", Scim.userBody(uniqueUserName("bulk-same")));
        String newcomer = uniqueUserName("bulk-new");
        Response r = scim().body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "PATCH", "path": "/Users/%1$s", "data": {"Operations": [{"op": "add", "path": "emails", "value": [{"value": "a@x.example"}]}]}},
                  {"method": "PATCH", "path": "/Users/%1$s", "data": {"Operations": [{"op": "add", "path": "emails", "value": [{"value": "b@x.example"}]}]}},
                  {"method": "POST", "path": "/Users", "bulkId": "n", "data": {"userName": %2$s}},
                  {"method": "PATCH", "path": "/Users/bulkId:n", "data": {"Operations": [{"op": "replace", "path": "title", "value": "New"}]}},
                  {"method": "PUT", "path": "/Users/%1$s", "version": "W/\\"3\\"", "data": {"userName": "renamed-%1$s"}}]}"""
                .formatted(id, q(newcomer))).post("/Bulk");
        r.then().statusCode(200).body("Operations.status", equalTo(List.of("200", "200", "201", "200", "200")))
                .body("Operations[1].version", equalTo("W/\"3\""));
        getUser(id).then().body("userName", equalTo("renamed-" + id));
        String location = r.path("Operations[2].location");
        scim().get(location.substring(location.indexOf("/Users/"))).then().body("title", equalTo("New"));
    }
}
