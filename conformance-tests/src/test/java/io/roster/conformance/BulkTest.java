package io.roster.conformance;

import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.createUser;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.memberIds;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

/** POST /Bulk (RFC 7644 section 3.7). */
@Check(level = Level.RFC_MUST, area = Area.BULK, rule = "RFC 7644 3.7")
@Requires(Capability.BULK)
class BulkTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    private static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    private static String bulk(String failOnErrors, String... operations) {
        return "{\"schemas\": [\"" + BULK_REQUEST + "\"]" + (failOnErrors == null ? "" : ", \"failOnErrors\": " + failOnErrors)
                + ", \"Operations\": [" + String.join(",\n", operations) + "]}";
    }

    private static String postUser(String bulkId, String userName) {
        return "{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": " + q(bulkId)
                + ", \"data\": {\"schemas\": [\"" + USER + "\"], \"userName\": " + q(userName) + "}}";
    }

    private static Response send(String body) {
        Response r = scim().body(body).post("/Bulk");
        r.then().statusCode(200).body("schemas[0]", equalTo(BULK_RESPONSE));
        return r;
    }

    private static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 5")
    @Test
    void serviceProviderConfigAdvertisesBulkWithItsLimits() {
        scim().get("/ServiceProviderConfig").then().statusCode(200)
                .body("bulk.supported", equalTo(true))
                .body("bulk.maxOperations", greaterThanOrEqualTo(1))
                .body("bulk.maxPayloadSize", greaterThanOrEqualTo(1));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.7.2")
    @Test
    @Requires(Capability.GROUPS)
    void bulkCreatesUsersAndAGroupReferencingThemByBulkIdInDependencyOrder() {
        String a = uniqueUserName("bulk-a");
        String b = uniqueUserName("bulk-b");
        String group = unique("bulk-group");
        // The group comes first but references users created later in the same request.
        Response r = send(bulk(null,
                "{\"method\": \"POST\", \"path\": \"/Groups\", \"bulkId\": \"g\", \"data\": {\"schemas\": "
                        + "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"], \"displayName\": " + q(group)
                        + ", \"members\": [{\"type\": \"User\", \"value\": \"bulkId:a\"}, {\"type\": \"User\", \"value\": \"bulkId:b\"}]}}",
                postUser("a", a),
                "{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": \"b\", \"data\": {\"schemas\": [\"" + USER + "\"], \"userName\": " + q(b)
                        + ", \"" + ENTERPRISE_SCHEMA + "\": {\"manager\": {\"value\": \"bulkId:a\"}}}}"));
        List<Map<String, Object>> ops = r.jsonPath().getList("Operations");
        assertThat(ops, hasSize(3));
        for (Map<String, Object> op : ops) {
            assertThat(op.get("status"), status("201"));
            assertThat(op.get("method"), equalTo("POST"));
            assertThat((String) op.get("location"), notNullValue());
            if (op.get("version") != null) {
                // RFC 7644 3.7: the version, when given, is an entity-tag
                assertThat((String) op.get("version"), Scim.entityTag());
            }
        }
        String groupId = idOf((String) ops.get(0).get("location"));
        String aId = idOf((String) ops.get(1).get("location"));
        String bId = idOf((String) ops.get(2).get("location"));
        assertThat(r.jsonPath().getString("Operations[0].bulkId"), equalTo("g"));
        assertThat((String) ops.get(1).get("location"), endsWith("/Users/" + aId));

        getUser(aId).then().statusCode(200).body("userName", equalTo(a));
        getUser(bId).then().statusCode(200).body("'" + ENTERPRISE_SCHEMA + "'.manager.value", equalTo(aId));
        assertThat(memberIds(groupId), containsInAnyOrder(aId, bId));
    }

    @Test
    void bulkRunsPutPatchAndDeleteWithPerOperationStatus() {
        String keep = createUser(uniqueUserName("bulk-put"));
        String patch = createUser(uniqueUserName("bulk-patch"));
        String gone = createUser(uniqueUserName("bulk-delete"));
        String newName = uniqueUserName("bulk-put-renamed");
        Response r = send(bulk(null,
                "{\"method\": \"PUT\", \"path\": \"/Users/" + keep + "\", \"data\": {\"schemas\": [\"" + USER + "\"], \"userName\": " + q(newName)
                        + ", \"active\": false}}",
                "{\"method\": \"PATCH\", \"path\": \"/Users/" + patch + "\", \"data\": {\"schemas\": "
                        + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Boss\"}]}}",
                "{\"method\": \"DELETE\", \"path\": \"/Users/" + gone + "\"}"));
        // RFC 7644 3.5.2: a PATCH succeeds with 200 or 204, inside a Bulk request too
        r.then().body("Operations.status", contains(status("200"), anyOf(status("200"), status("204")), status("204")))
                .body("Operations[0].location", endsWith("/Users/" + keep));
        if (r.path("Operations[1].version") != null) {
            assertThat(r.path("Operations[1].version"), equalTo(getUser(patch).header("ETag")));
        }
        getUser(keep).then().body("userName", equalTo(newName)).body("active", equalTo(false));
        getUser(patch).then().body("title", equalTo("Boss"));
        assertScimError(getUser(gone), 404);
    }

    @Test
    void bulkReportsEachFailureWithAScimErrorAndKeepsGoing() {
        String taken = uniqueUserName("bulk-taken");
        createUser(taken);
        String fresh = uniqueUserName("bulk-fresh");
        Response r = send(bulk(null,
                postUser("dup", taken.toUpperCase()),
                "{\"method\": \"DELETE\", \"path\": \"/Users/does-not-exist-" + unique("x") + "\"}",
                "{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": \"bad\", \"data\": {\"schemas\": [\"" + USER + "\"], \"userName\": \"\"}}",
                postUser("ok", fresh)));
        r.then().body("Operations.status", statuses("409", "404", "400", "201"))
                .body("Operations[0].response.scimType", equalTo("uniqueness"))
                .body("Operations[0].response.status", equalTo("409"))
                .body("Operations[0].location", nullValue())
                .body("Operations[1].response.detail", Scim.detail(not(equalTo(""))))
                .body("Operations[1].location", containsString("/Users/does-not-exist-"))
                .body("Operations[2].response.scimType", equalTo("invalidValue"));
        scim().queryParam("filter", "userName eq " + q(fresh)).get("/Users").then().body("totalResults", equalTo(1));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.7.3")
    @Test
    void failOnErrorsStopsProcessingAndLeavesLaterOperationsOut() {
        String taken = uniqueUserName("bulk-stop");
        createUser(taken);
        String never = uniqueUserName("bulk-never");
        Response r = send(bulk("1",
                postUser("one", taken),
                postUser("two", never)));
        r.then().body("Operations", hasSize(1)).body("Operations[0].status", status("409"));
        scim().queryParam("filter", "userName eq " + q(never)).get("/Users").then().body("totalResults", equalTo(0));
    }

    @Check(level = Level.ROSTER, rule = "RFC 7644 3.7.1 leaves the answer open")
    @Test
    @Requires(Capability.GROUPS)
    void circularBulkIdReferencesAreReportedAndNothingOfThemIsCreated() {
        String g1 = unique("bulk-cycle-1");
        String g2 = unique("bulk-cycle-2");
        Response r = send(bulk(null,
                "{\"method\": \"POST\", \"path\": \"/Groups\", \"bulkId\": \"c1\", \"data\": {\"displayName\": " + q(g1)
                        + ", \"members\": [{\"value\": \"bulkId:c2\"}]}}",
                "{\"method\": \"POST\", \"path\": \"/Groups\", \"bulkId\": \"c2\", \"data\": {\"displayName\": " + q(g2)
                        + ", \"members\": [{\"value\": \"bulkId:c1\"}]}}"));
        r.then().body("Operations.status", statuses("409", "409"))
                .body("Operations[0].response.detail", containsString("circular"))
                .body("Operations[1].response.detail", containsString("circular"));
        scim().queryParam("filter", "displayName eq " + q(g1)).get("/Groups").then().body("totalResults", equalTo(0));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.7.2")
    @Test
    @Requires(Capability.GROUPS)
    void aReferenceToAnUnknownBulkIdFailsThatOperation() {
        String group = unique("bulk-unknown");
        Response r = send(bulk(null, groupReferencingNobody(group)));
        // the RFC names no status for it: any client error, as a SCIM error, and nothing created
        r.then().body("Operations[0].status", clientError())
                .body("Operations[0].response.schemas", contains("urn:ietf:params:scim:api:messages:2.0:Error"));
        scim().queryParam("filter", "displayName eq " + q(group)).get("/Groups").then().body("totalResults", equalTo(0));
    }

    @Check(level = Level.ROSTER, rule = "Roster: an unknown bulkId is invalidValue naming it")
    @Test
    @Requires(Capability.GROUPS)
    void aReferenceToAnUnknownBulkIdIsInvalidValueNamingIt() {
        Response r = send(bulk(null, groupReferencingNobody(unique("bulk-unknown"))));
        r.then().body("Operations[0].status", status("400"))
                .body("Operations[0].response.scimType", equalTo("invalidValue"))
                .body("Operations[0].response.detail", containsString("nobody"));
    }

    private static String groupReferencingNobody(String displayName) {
        return "{\"method\": \"POST\", \"path\": \"/Groups\", \"bulkId\": \"g\", \"data\": {\"schemas\": [\"" + GROUP + "\"], "
                + "\"displayName\": " + q(displayName) + ", \"members\": [{\"value\": \"bulkId:nobody\"}]}}";
    }

    /** A 4xx status, as a string or a number. */
    private static Matcher<Object> clientError() {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                String s = String.valueOf(item);
                return s.matches("4[0-9][0-9]");
            }

            @Override
            public void describeTo(org.hamcrest.Description d) {
                d.appendText("a 4xx status");
            }
        };
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.7.2")
    @Test
    @Requires(Capability.GROUPS)
    void anOperationReferencingAFailedCreateFailsWithoutSideEffects() {
        String taken = uniqueUserName("bulk-dep");
        createUser(taken);
        String group = unique("bulk-dep-group");
        Response r = send(bulk(null,
                postUser("u", taken),
                "{\"method\": \"POST\", \"path\": \"/Groups\", \"bulkId\": \"g\", \"data\": {\"schemas\": [\"" + GROUP + "\"], "
                        + "\"displayName\": " + q(group) + ", \"members\": [{\"value\": \"bulkId:u\"}]}}"));
        // RFC 7644 3.3: the duplicate is 409; the RFC names no status for what depended on it, so any client error
        r.then().body("Operations[0].status", status("409")).body("Operations[1].status", clientError())
                .body("Operations[1].response.detail", Scim.detail(containsString("bulkId \"u\"")));
        scim().queryParam("filter", "displayName eq " + q(group)).get("/Groups").then().body("totalResults", equalTo(0));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.7, 3.14")
    @Requires(Capability.ETAG)
    @Test
    void bulkVersionIsAnIfMatchPrecondition() {
        String id = createUser(uniqueUserName("bulk-version"));
        String current = getUser(id).header("ETag");
        Response r = send(bulk(null,
                "{\"method\": \"PATCH\", \"path\": \"/Users/" + id + "\", \"version\": \"W/\\\"99\\\"\", \"data\": {\"Operations\": "
                        + "[{\"op\": \"replace\", \"path\": \"title\", \"value\": \"x\"}]}}",
                "{\"method\": \"PATCH\", \"path\": \"/Users/" + id + "\", \"version\": " + q(current) + ", \"data\": {\"Operations\": "
                        + "[{\"op\": \"replace\", \"path\": \"title\", \"value\": \"y\"}]}}"));
        r.then().body("Operations.status", contains(status("412"), anyOf(status("200"), status("204"))));
        getUser(id).then().body("title", equalTo("y"));
    }

    @Test
    void malformedBulkRequestsAreRefusedWhole() {
        assertScimError(scim().body("{\"schemas\": [\"" + BULK_REQUEST + "\"]}").post("/Bulk"), 400, "invalidSyntax");
        assertScimError(scim().body("{\"Operations\": [").post("/Bulk"), 400, "invalidSyntax");
    }

    /** RFC 7644 section 3.7: bulkId is "REQUIRED when "method" is "POST"". Only that operation fails. */
    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.7 (bulkId REQUIRED with POST)")
    @Test
    void aPostWithoutBulkIdFailsAloneWith400AndTheOtherOperationsRun() {
        String before = uniqueUserName("bulk-nobulkid-before");
        String without = uniqueUserName("bulk-nobulkid");
        String after = uniqueUserName("bulk-nobulkid-after");
        Response r = send(bulk(null,
                postUser("first", before),
                "{\"method\": \"POST\", \"path\": \"/Users\", \"data\": {\"schemas\": "
                        + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": " + q(without) + "}}",
                postUser("last", after)));
        r.then().body("Operations.status", statuses("201", "400", "201"))
                .body("Operations[1].method", equalTo("POST"))
                .body("Operations[1].location", nullValue())
                .body("Operations[1].response.status", equalTo("400"))
                .body("Operations[1].response.scimType", anyOf(equalTo("invalidSyntax"), equalTo("invalidValue")))
                .body("Operations[1].response.detail", Scim.detail(containsString("bulkId")));
        scim().queryParam("filter", "userName eq " + q(without)).get("/Users").then().body("totalResults", equalTo(0));
        scim().queryParam("filter", "userName eq " + q(after)).get("/Users").then().body("totalResults", equalTo(1));
    }

    /**
     * failOnErrors is "the number of errors that the service provider will accept before the operation is
     * terminated" (RFC 7644 section 3.7): 0 accepts none, so the first error stops the request, as 1 does.
     */
    @Check(level = Level.ROSTER, rule = "Roster: failOnErrors 0")
    @Test
    void failOnErrorsZeroStopsAtTheFirstError() {
        String taken = uniqueUserName("bulk-zero-taken");
        createUser(taken);
        String never = uniqueUserName("bulk-zero-never");
        Response r = send(bulk("0", postUser("dup", taken), postUser("never", never)));
        r.then().body("Operations", hasSize(1)).body("Operations[0].status", status("409"));
        scim().queryParam("filter", "userName eq " + q(never)).get("/Users").then().body("totalResults", equalTo(0));
    }

    @Check(level = Level.ROSTER, rule = "Roster: liberal input")
    @Test
    void failOnErrorsAcceptsAnIntegerAsAStringOrBeyond64Bits() {
        String taken = uniqueUserName("bulk-foe-taken");
        createUser(taken);
        // "2" as a string: the second error stops the request
        String never = uniqueUserName("bulk-foe-never");
        Response r = send(bulk("\"2\"", postUser("a", taken), postUser("b", taken.toUpperCase()), postUser("c", never)));
        r.then().body("Operations.status", statuses("409", "409"));
        scim().queryParam("filter", "userName eq " + q(never)).get("/Users").then().body("totalResults", equalTo(0));
        // larger than any error count (and than 64 bits): no limit in effect, every operation runs
        String fresh = uniqueUserName("bulk-foe-fresh");
        r = send(bulk("99999999999999999999999", postUser("a", taken), postUser("b", taken.toUpperCase()), postUser("c", fresh)));
        r.then().body("Operations.status", statuses("409", "409", "201"));
    }

    @Check(level = Level.ROSTER, rule = "Roster: validation before work")
    @Test
    void aNegativeOrNonNumericFailOnErrorsIsRefusedWholeBeforeAnythingRuns() {
        for (String value : List.of("-1", "\"all\"", "1.5", "true")) {
            String name = uniqueUserName("bulk-foe-bad");
            assertScimError(scim().body(bulk(value, postUser("x", name))).post("/Bulk"), 400, "invalidValue");
            scim().queryParam("filter", "userName eq " + q(name)).get("/Users").then().body("totalResults", equalTo(0));
        }
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.7.4")
    @Test
    void moreOperationsThanMaxOperationsIs413() {
        int max = scim().get("/ServiceProviderConfig").path("bulk.maxOperations");
        String ops = IntStream.range(0, max + 1)
                .mapToObj(i -> "{\"method\": \"DELETE\", \"path\": \"/Users/none-" + i + "\"}")
                .collect(Collectors.joining(","));
        assertScimError(scim().body("{\"schemas\": [\"" + BULK_REQUEST + "\"], \"Operations\": [" + ops + "]}").post("/Bulk"), 413);
    }

    @Check(level = Level.ROSTER, rule = "Roster: Bulk at its limits")
    @Requires(Capability.STRESS)
    @Test
    void aBulkOfManyCreatesSucceedsAndEveryUserIsThere() {
        List<String> ops = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String name = uniqueUserName("bulk-many");
            names.add(name);
            ops.add(postUser("u" + i, name));
        }
        Response r = send(bulk(null, ops.toArray(String[]::new)));
        List<String> statuses = r.jsonPath().getList("Operations.status", Object.class).stream().map(String::valueOf).toList();
        assertThat(statuses, hasSize(500));
        assertThat(statuses.stream().distinct().toList(), statuses("201"));
        String last = r.jsonPath().getString("Operations[499].location");
        getUser(idOf(last)).then().statusCode(200).body("userName", equalTo(names.get(499)));
    }

    /**
     * An operation's status: RFC 7644 3.7.3 calls it the HTTP response status code and writes it as a
     * string in its examples; servers also send a number. Either is read.
     */
    static Matcher<Object> status(String code) {
        return anyOf(equalTo((Object) code), equalTo((Object) Integer.valueOf(code)));
    }

    /** The operations' statuses, in order, each as {@link #status} reads it. */
    static Matcher<Iterable<?>> statuses(String... codes) {
        List<Matcher<? super Object>> each = new ArrayList<>();
        for (String c : codes) {
            each.add(status(c));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Matcher<Iterable<?>> m = (Matcher) contains(each);
        return m;
    }
}
