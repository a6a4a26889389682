package io.roster.conformance;

import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.scim;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** /Me (RFC 7644 section 3.11) with a token that is bound to no User, such as the administrator token. */
@Check(level = Level.ROSTER, area = Area.AUTH, rule = "RFC 7644 3.11 and Roster tokens")
@Requires(Capability.ME)
class MeTest {

    @Test
    void meWithATokenBoundToNoUserIs404SayingSo() {
        var r = scim().get("/Me");
        assertScimError(r, 404);
        r.then().body("detail", containsString("bound to no User"));
        assertScimError(scim().body("{\"Operations\": [{\"op\": \"replace\", \"path\": \"title\", \"value\": \"x\"}]}").patch("/Me"), 404);
        assertScimError(scim().delete("/Me"), 404);
    }

    @Test
    void postToMeIsNotAllowedAndSaysWhatIs() {
        Response r = scim().body("{\"userName\": \"x\"}").post("/Me");
        assertScimError(r, 405);
        assertEquals("GET, PUT, PATCH, DELETE", r.header("Allow"));
    }
}
