package io.roster.conformance;

import static io.roster.conformance.Patches.ops;
import static io.roster.conformance.Patches.patchUser;
import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Roster's limit on values per multi-valued attribute, advertised in /ServiceProviderConfig: beyond it a
 * POST, PUT, PATCH or Bulk operation is 400 invalidValue naming the attribute and the limit. Group
 * members are not values of the group's record and are not limited by it.
 */
@Check(level = Level.ROSTER, area = Area.ERRORS, rule = "Roster: value limits")
class ValueLimitTest {
    static final String ROSTER_SPC = "urn:ietf:params:scim:schemas:extension:roster:2.0:ServiceProviderConfig";

    /** The advertised limit; the tests skip on a server that advertises none. */
    static int limit() {
        Response spc = anonymous().get("/ServiceProviderConfig");
        spc.then().statusCode(200);
        Integer max = spc.path("'" + ROSTER_SPC + "'.maxValuesPerAttribute");
        Assumptions.assumeTrue(max != null, "the server advertises no maxValuesPerAttribute");
        return max;
    }

    static String emails(int n, String tag) {
        return IntStream.range(0, n).mapToObj(i -> "{\"value\": \"e" + i + "-" + tag + "@x.example\", \"type\": \"work\"}")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String userWithEmails(String userName, int n) {
        return """
                {"schemas": ["%s"], "userName": %s, "emails": %s}""".formatted(USER_SCHEMA, q(userName), emails(n, userName));
    }

    static void assertNamesAttributeAndLimit(Response r, int limit) {
        assertScimError(r, 400, "invalidValue");
        assertThat((String) r.path("detail"), allOf(containsString("'emails'"),
                containsString(String.format(Locale.ROOT, "%,d", limit))));
    }

    @Test
    void serviceProviderConfigAdvertisesTheLimitAndKeepsTheRfcFields() {
        anonymous().get("/ServiceProviderConfig").then().statusCode(200)
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"))
                .body("schemas", hasItem(ROSTER_SPC))
                .body("'" + ROSTER_SPC + "'.maxValuesPerAttribute", equalTo(1000))
                .body("patch.supported", equalTo(true))
                .body("bulk.maxOperations", equalTo(1000));
    }

    @Test
    void postWithOneValueMoreThanTheLimitIsInvalidValueAndCreatesNothing() {
        int max = limit();
        String userName = uniqueUserName("cap-post");
        assertNamesAttributeAndLimit(scim().body(userWithEmails(userName, max + 1)).post("/Users"), max);
        scim().queryParam("filter", "userName eq " + q(userName)).get("/Users").then().body("totalResults", equalTo(0));
        create("/Users", userWithEmails(uniqueUserName("cap-post-ok"), max));
    }

    @Test
    void putWithOneValueMoreThanTheLimitIsInvalidValue() {
        int max = limit();
        String userName = uniqueUserName("cap-put");
        String id = create("/Users", Scim.userBody(userName));
        assertNamesAttributeAndLimit(scim().body(userWithEmails(userName, max + 1)).put("/Users/{id}", id), max);
        getUser(id).then().body("emails", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void patchAddingTheValueBeyondTheLimitIsInvalidValueAndChangesNothing() {
        int max = limit();
        String userName = uniqueUserName("cap-patch");
        String id = create("/Users", userWithEmails(userName, max));
        String etag = getUser(id).header("ETag");
        assertNamesAttributeAndLimit(patchUser(id, ops("""
                {"op": "add", "path": "emails", "value": [{"value": "one-more@x.example", "type": "home"}]}""")), max);
        getUser(id).then().header("ETag", equalTo(etag)).body("emails", hasSize(max));
        // adding a value that is already there adds nothing, so it is allowed at the limit
        patchUser(id, ops("{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": \"E0-" + userName
                + "@X.EXAMPLE\", \"type\": \"work\"}]}")).then().statusCode(200);
    }

    @Test
    void bulkOperationBeyondTheLimitFailsAloneWithInvalidValue() {
        int max = limit();
        Response r = scim().body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "POST", "path": "/Users", "bulkId": "big", "data": %s},
                  {"method": "POST", "path": "/Users", "bulkId": "ok", "data": %s}]}"""
                .formatted(userWithEmails(uniqueUserName("cap-bulk"), max + 1), Scim.userBody(uniqueUserName("cap-bulk-ok"))))
                .post("/Bulk");
        r.then().statusCode(200)
                .body("Operations[0].status", equalTo("400"))
                .body("Operations[0].response.scimType", equalTo("invalidValue"))
                .body("Operations[0].response.detail", containsString("'emails'"))
                .body("Operations[1].status", equalTo("201"));
    }

    @Test
    void groupMembersAreNotLimitedByIt() {
        int max = limit();
        List<String> users = Scim.createUsers(IntStream.rangeClosed(0, max).mapToObj(i -> uniqueUserName("cap-member")).toList());
        String members = users.stream().map(u -> "{\"value\": " + q(u) + "}").collect(Collectors.joining(", ", "[", "]"));
        Response r = scim().body("""
                {"schemas": ["%s"], "displayName": %s, "members": %s}""".formatted(GROUP_SCHEMA, q(unique("cap-group")), members))
                .post("/Groups");
        r.then().statusCode(201);
        assertThat(Scim.memberIds(r.path("id")), hasSize(max + 1));
    }
}
