package io.roster.conformance;

import static io.roster.conformance.Patches.ops;
import static io.roster.conformance.Patches.patchUser;
import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * RFC 7643 section 2.3: a value of the wrong JSON type is 400 invalidValue naming the attribute, on
 * POST, PUT and PATCH alike; it is never stringified. Entra's "True"/"False" booleans stay accepted.
 */
@Check(level = Level.RFC_SHOULD, area = Area.CRUD, rule = "RFC 7643 2.3, RFC 7644 3.12")
class AttributeTypeTest {
    /** Attribute JSON members of the wrong type for a User, with the name the error must give. */
    private static final String[][] WRONG = {
            {"\"userType\": true", "userType"},
            {"\"displayName\": 123", "displayName"},
            {"\"nickName\": [\"a\"]", "nickName"},
            {"\"name\": {\"givenName\": 7}", "name.givenName"},
            {"\"" + ENTERPRISE_SCHEMA + "\": {\"employeeNumber\": 701984}", ENTERPRISE_SCHEMA + ":employeeNumber"},
            {"\"active\": \"yes\"", "active"}};

    private static String body(String userName, String member) {
        return """
                {"schemas": ["%s", "%s"], "userName": %s, %s}""".formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(userName), member);
    }

    private static void assertRefusedNaming(Response r, String attribute) {
        assertScimError(r, 400, "invalidValue");
        // naming the attribute is Roster's detail; the RFC asks for the status and scimType only
        r.then().body("detail", Scim.detail(containsString("'" + attribute + "'")));
    }

    @Test
    void postWithAValueOfTheWrongTypeIsInvalidValueNamingTheAttribute() {
        for (String[] w : WRONG) {
            assertRefusedNaming(scim().body(body(uniqueUserName("type-post"), w[0])).post("/Users"), w[1]);
        }
    }

    @Test
    void putWithAValueOfTheWrongTypeIsInvalidValueAndChangesNothing() {
        String userName = uniqueUserName("type-put");
        String id = create("/Users", Scim.userBody(userName, "Kept"));
        String etag = getUser(id).header("ETag");
        for (String[] w : WRONG) {
            assertRefusedNaming(scim().body(body(userName, w[0])).put("/Users/{id}", id), w[1]);
        }
        getUser(id).then().header("ETag", equalTo(etag)).body("displayName", equalTo("Kept"));
    }

    @Test
    void patchWithAValueOfTheWrongTypeIsInvalidValueNamingTheAttribute() {
        String id = create("/Users", Scim.userBody(uniqueUserName("type-patch"), "Kept"));
        assertRefusedNaming(patchUser(id, ops("{\"op\": \"replace\", \"path\": \"userType\", \"value\": true}")), "userType");
        assertRefusedNaming(patchUser(id, ops("{\"op\": \"replace\", \"path\": \"displayName\", \"value\": 123}")), "displayName");
        assertRefusedNaming(patchUser(id, ops("{\"op\": \"add\", \"path\": \"nickName\", \"value\": [\"a\"]}")), "nickName");
        assertRefusedNaming(patchUser(id, ops("{\"op\": \"replace\", \"value\": {\"displayName\": false}}")), "displayName");
        getUser(id).then().body("displayName", equalTo("Kept"));
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Entra")
    @Test
    void entraBooleanStringsStayAccepted() {
        String id = create("/Users", body(uniqueUserName("type-entra"), "\"active\": \"True\""));
        getUser(id).then().body("active", equalTo(true));
        patchUser(id, ops("""
                {"op":"Replace","path":"active","value":"False"}""")).then().statusCode(200).body("active", equalTo(false));
    }

    @Check(level = Level.ROSTER, rule = "Roster: liberal input")
    @Test
    void aLoneValueForAMultiValuedAttributeIsStillAOneElementList() {
        String id = create("/Users", body(uniqueUserName("type-lone"), "\"emails\": {\"value\": \"lone@x.example\"}"));
        getUser(id).then().body("emails.value", org.hamcrest.Matchers.contains("lone@x.example"));
    }
}
