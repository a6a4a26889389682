package io.roster.conformance;

import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.createUser;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roster's API clients and /Me (RFC 7644 section 3.11) through a token bound to a user. Skipped against
 * servers without the /ApiClients resource type.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster API clients")
@Requires(Capability.TOKEN)
class ApiClientTest {

    @BeforeAll
    static void onlyWhereApiClientsExist() {
        Assumptions.assumeTrue(anonymous().get("/ResourceTypes/ApiClient").statusCode() == 200,
                "the server has no ApiClient resource type");
    }

    private static Response createClient(String userId) {
        return scim().body("{\"schemas\": [\"urn:roster:params:scim:schemas:core:2.0:ApiClient\"], \"displayName\": "
                + q("conformance client") + (userId == null ? "" : ", \"userId\": " + q(userId)) + "}").post("/ApiClients");
    }

    private static RequestSpecification as(String secret) {
        return anonymous().header("Authorization", "Bearer " + secret);
    }

    @Test
    void aClientsSecretIsShownOnceAndNeverStored() {
        Response created = createClient(null);
        created.then().statusCode(201).body("secret", startsWith("roster_"));
        String id = created.path("id");
        Response read = scim().get("/ApiClients/{id}", id);
        read.then().statusCode(200).body("displayName", equalTo("conformance client"));
        assertThat(read.jsonPath().getMap("$"), not(hasKey("secret")));
    }

    /**
     * RFC 6749 section 5.1: a response carrying a bearer secret must not be stored by any cache; Roster
     * says {@code Cache-Control: no-store} on every authenticated response, secrets or not.
     */
    @Test
    void responsesCarryingASecretAreNeverStored() {
        Response created = createClient(null);
        created.then().statusCode(201).header("Cache-Control", equalTo("no-store"));
        String id = created.path("id");
        Response rotated = scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
                + "[{\"op\": \"replace\", \"path\": \"rotateSecret\", \"value\": true}]}").patch("/ApiClients/{id}", id);
        rotated.then().statusCode(200).body("secret", startsWith("roster_")).header("Cache-Control", equalTo("no-store"));
        scim().get("/ApiClients/{id}", id).then().statusCode(200).header("Cache-Control", equalTo("no-store"));
        scim().get("/Users?count=1").then().statusCode(200).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void meIsTheUserTheTokenIsBoundTo() {
        String userName = uniqueUserName("me");
        String userId = createUser(userName);
        String secret = createClient(userId).then().statusCode(201).extract().path("secret");

        as(secret).get("/Me").then().statusCode(200)
                .body("id", equalTo(userId))
                .body("userName", equalTo(userName))
                .body("meta.location", equalTo(getUser(userId).path("meta.location")));
        as(secret).body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
                + "[{\"op\": \"replace\", \"path\": \"nickName\", \"value\": \"Self-made\"}]}").patch("/Me")
                .then().statusCode(200).body("nickName", equalTo("Self-made"));
        getUser(userId).then().body("nickName", equalTo("Self-made"));
        as(secret).body("{\"userName\": " + q(userName) + ", \"displayName\": \"Put Through Me\"}").put("/Me")
                .then().statusCode(200).body("displayName", equalTo("Put Through Me")).body("nickName", equalTo(null));
    }

    @Test
    void aUserBoundTokenMayUseOnlyMe() {
        String userId = createUser(uniqueUserName("me-only"));
        String secret = createClient(userId).then().statusCode(201).extract().path("secret");
        assertScimError(as(secret).get("/Users"), 403);
        assertScimError(as(secret).get("/Users/{id}", userId), 403);
    }

    @Test
    void deactivatingOrDeletingAClientRevokesItsSecretAtOnce() {
        String userId = createUser(uniqueUserName("revoke"));
        Response created = createClient(userId);
        String secret = created.path("secret");
        String id = created.path("id");
        as(secret).get("/Me").then().statusCode(200);
        scim().body("{\"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]}")
                .patch("/ApiClients/{id}", id).then().statusCode(200);
        assertScimError(as(secret).get("/Me"), 401);
        scim().body("{\"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": true}]}")
                .patch("/ApiClients/{id}", id).then().statusCode(200);
        as(secret).get("/Me").then().statusCode(200);
        scim().delete("/ApiClients/{id}", id).then().statusCode(204);
        assertScimError(as(secret).get("/Me"), 401);
    }

    @Test
    void deletingMyselfThroughMeWorksAndThenMyTokenIsRefused() {
        String userId = createUser(uniqueUserName("me-delete"));
        String secret = createClient(userId).then().statusCode(201).extract().path("secret");
        as(secret).delete("/Me").then().statusCode(204);
        assertScimError(getUser(userId), 404);
        Response r = as(secret).get("/Me");
        assertScimError(r, 401);
        r.then().header("WWW-Authenticate", containsString("invalid_token")).body("detail", containsString("deleted"));
    }

    @Test
    void deactivatingOrDeletingTheUserStopsItsClientsOnTheNextRequest() {
        String userId = createUser(uniqueUserName("deactivated"));
        String secret = createClient(userId).then().statusCode(201).extract().path("secret");
        as(secret).get("/Me").then().statusCode(200);
        // Entra's deactivation: a PATCH replacing active with the string "False"
        scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
                + "[{\"op\": \"Replace\", \"path\": \"active\", \"value\": \"False\"}]}").patch("/Users/{id}", userId)
                .then().statusCode(200);
        Response inactive = as(secret).get("/Me");
        assertScimError(inactive, 401);
        inactive.then().header("WWW-Authenticate", containsString("invalid_token")).body("detail", containsString("deactivated"));
        assertScimError(as(secret).body("{\"Operations\": [{\"op\": \"replace\", \"path\": \"nickName\", \"value\": \"x\"}]}")
                .patch("/Me"), 401);
        // Okta's reactivation: a path-less replace
        scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
                + "[{\"op\": \"replace\", \"value\": {\"active\": true}}]}").patch("/Users/{id}", userId).then().statusCode(200);
        as(secret).get("/Me").then().statusCode(200);
        scim().delete("/Users/{id}", userId).then().statusCode(204);
        assertScimError(as(secret).get("/Me"), 401);
    }

    @Test
    void aClientBoundToAMissingUserIsRefused() {
        assertScimError(createClient("no-such-user-" + uniqueUserName("x")), 400, "invalidValue");
    }

    @Test
    void theUserBindingIsImmutable() {
        String a = createUser(uniqueUserName("bind-a"));
        String b = createUser(uniqueUserName("bind-b"));
        String id = createClient(a).path("id");
        assertScimError(scim().body("{\"Operations\": [{\"op\": \"replace\", \"path\": \"userId\", \"value\": " + q(b) + "}]}")
                .patch("/ApiClients/{id}", id), 400, "mutability");
    }
}
