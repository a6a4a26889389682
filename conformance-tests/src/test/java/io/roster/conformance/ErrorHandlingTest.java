package io.roster.conformance;

import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.serverRoot;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 7644 section 3.12: every failure is a SCIM error, whatever layer produced it. */
@Check(level = Level.RFC_MUST, area = Area.ERRORS, rule = "RFC 7644 3.12")
class ErrorHandlingTest {

    private static final int MAX_PAYLOAD = 4 * 1024 * 1024;

    private static int countByUserName(String userName) {
        return scim().queryParam("filter", "userName eq " + q(userName)).get("/Users").then()
                .statusCode(200).extract().path("totalResults");
    }

    @Test
    void malformedJsonIsRejectedWithInvalidSyntax() {
        Response r = scim().body("{\"schemas\": [\"" + USER_SCHEMA + "\"], \"userName\": \"x@y\",").post("/Users");
        assertScimError(r, 400, "invalidSyntax");
    }

    @Test
    void malformedJsonOnPutIsRejectedWithInvalidSyntax() {
        String id = Scim.createUniqueUser("bad-put");
        Response r = scim().body("{\"userName\": }").put("/Users/{id}", id);
        assertScimError(r, 400, "invalidSyntax");
    }

    @Test
    void jsonArrayBodyIsRejectedWithInvalidSyntax() {
        String userName = uniqueUserName("array");
        Response r = scim().body("[" + Scim.userBody(userName) + "]").post("/Users");
        assertScimError(r, 400, "invalidSyntax");
        assertThat(countByUserName(userName), equalTo(0));
    }

    @Test
    void emptyBodyOnCreateIsRejected() {
        assertScimError(scim().body("").post("/Users"), 400);
    }

    @Check(level = Level.ROSTER, rule = "Roster: 415 for non-JSON")
    @Test
    void plainTextContentTypeIsUnsupportedMediaType() {
        String userName = uniqueUserName("text");
        Response r = scim().contentType("text/plain").body(Scim.userBody(userName)).post("/Users");
        assertScimError(r, 415);
        assertThat(countByUserName(userName), equalTo(0));
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.8")
    @Test
    void plainJsonContentTypeIsAccepted() {
        String userName = uniqueUserName("json");
        scim().contentType("application/json").body(Scim.userBody(userName)).post("/Users").then()
                .statusCode(201);
    }

    @Test
    void unknownEndpointUnderScimRootIsNotFound() {
        assertScimError(scim().get("/Nope"), 404);
    }

    @Check(level = Level.ROSTER, rule = "Roster: SCIM errors everywhere")
    @Test
    void unknownPathOutsideScimRootIsNotFound() {
        assertScimError(serverRoot().get("/nope"), 404);
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 9110 15.5.6")
    @Test
    void deleteOnTheCollectionIsMethodNotAllowed() {
        assertScimError(scim().delete("/Users"), 405);
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 9110 15.5.6")
    @Test
    void putOnTheCollectionIsMethodNotAllowed() {
        assertScimError(scim().body(Scim.userBody(uniqueUserName("put-coll"))).put("/Users"), 405);
    }

    @Check(level = Level.ROSTER, rule = "Roster: payload limit")
    @Test
    void bodyAboveThePayloadLimitIsRejectedWith413() {
        String userName = uniqueUserName("huge");
        StringBuilder body = new StringBuilder(5 * 1024 * 1024 + 200);
        body.append("{\"schemas\": [\"").append(USER_SCHEMA).append("\"], \"userName\": ").append(q(userName))
                .append(", \"displayName\": \"");
        body.append("x".repeat(5 * 1024 * 1024));
        body.append("\"}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length > MAX_PAYLOAD, equalTo(true));
        Response r = scim().body(bytes).post("/Users");
        assertScimError(r, 413);
        assertThat(countByUserName(userName), equalTo(0));
    }

    @Check(level = Level.ROSTER, rule = "Roster: validation")
    @Test
    void nonNumericCountIsRejected() {
        assertScimError(scim().queryParam("count", "abc").get("/Users"), 400);
    }

    @Check(level = Level.ROSTER, rule = "Roster: validation")
    @Test
    void nonNumericStartIndexIsRejected() {
        assertScimError(scim().queryParam("startIndex", "first").get("/Users"), 400);
    }
}
