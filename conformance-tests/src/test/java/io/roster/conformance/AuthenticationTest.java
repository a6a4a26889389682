package io.roster.conformance;

import static io.roster.conformance.Scim.LIST_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.scim;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** RFC 7644 section 2 and RFC 6750: bearer tokens on every non-discovery endpoint. */
@Check(level = Level.RFC_MUST, area = Area.AUTH, rule = "RFC 7644 2, RFC 6750 3")
@Requires(Capability.TOKEN)
class AuthenticationTest {

    @Test
    void missingAuthorizationIsUnauthorizedWithBearerChallenge() {
        Response r = anonymous().get("/Users");
        assertScimError(r, 401);
        r.then().header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void wrongBearerTokenIsUnauthorized() {
        Response r = anonymous().header("Authorization", "Bearer not-the-token-" + Scim.unique("t")).get("/Users");
        assertScimError(r, 401);
        r.then().header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void basicAuthenticationIsUnauthorized() {
        Response r = anonymous().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/Users");
        assertScimError(r, 401);
    }

    @Test
    void emptyBearerTokenIsUnauthorized() {
        Response r = anonymous().header("Authorization", "Bearer ").get("/Users");
        assertScimError(r, 401);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 2")
    @Test
    void unauthenticatedWriteIsUnauthorizedAndCreatesNothing() {
        String userName = Scim.uniqueUserName("anon");
        assertScimError(anonymous().body(Scim.userBody(userName)).post("/Users"), 401);
        scim().queryParam("filter", "userName eq \"" + userName + "\"").get("/Users").then()
                .statusCode(200)
                .body("totalResults", equalTo(0));
    }

    /** RFC 7235 section 2.1: the auth-scheme is case-insensitive. */
    @Check(level = Level.RFC_MUST, rule = "RFC 7235 2.1, RFC 6750 2.1")
    @Test
    void bearerSchemeIsCaseInsensitive() {
        anonymous().header("Authorization", "bearer " + ScimTarget.get().token()).queryParam("count", 1).get("/Users").then()
                .statusCode(200)
                .body("schemas", contains(LIST_SCHEMA));
    }

    @Test
    void discoveryEndpointsAlsoWorkWithAToken() {
        Scim.scim().get("/ServiceProviderConfig").then().statusCode(200);
    }

    @Test
    void validBearerTokenIsAccepted() {
        scim().queryParam("count", 1).get("/Users").then()
                .statusCode(200)
                .body("schemas", contains(LIST_SCHEMA));
    }
}
