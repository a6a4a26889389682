package io.roster.conformance;

import static io.roster.conformance.Patches.ops;
import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through {@code /Me} a user without any admin role changes only its own profile and password: name,
 * displayName, nickName, phoneNumbers, addresses, locale, timezone, preferredLanguage, photos, password.
 * Anything else (identifiers IdPs match by, what decides group rules, licenses and roles) is 403 naming
 * the attribute, and changes nothing. Skipped against servers without Roster's API clients.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster /Me allow list")
class MeAllowListTest {
    private static final String ROSTER_USER_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:User";

    @BeforeAll
    static void onlyWhereApiClientsExist() {
        Assumptions.assumeTrue(anonymous().get("/ResourceTypes/ApiClient").statusCode() == 200,
                "the server has no ApiClient resource type");
    }

    private record Me(String id, String userName, RequestSpecification as) {
    }

    /** A user with identifiers, a title and an enterprise department, and a token of its own. */
    private static Me me() {
        String userName = uniqueUserName("me-allow");
        String id = create("/Users", """
                {"schemas": ["%s", "%s"], "userName": %s, "externalId": %s, "displayName": "Me", "title": "Clerk",
                 "emails": [{"type": "work", "value": %s, "primary": true}],
                 "%s": {"department": "Support"}}"""
                .formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(userName), q("ext-" + userName), q(userName), ENTERPRISE_SCHEMA));
        Response client = scim().body("{\"schemas\": [\"urn:roster:params:scim:schemas:core:2.0:ApiClient\"], \"displayName\": "
                + "\"my laptop\", \"userId\": " + q(id) + "}").post("/ApiClients");
        client.then().statusCode(201);
        String secret = client.path("secret");
        return new Me(id, userName, anonymous().header("Authorization", "Bearer " + secret));
    }

    @Test
    void theProfileAndPasswordMayBeChangedThroughMe() {
        Me me = me();
        me.as().body(ops(
                        "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": \"Still Me\"}",
                        "{\"op\": \"replace\", \"value\": {\"name.givenName\": \"Mia\", \"nickName\": \"mia\", \"locale\": \"en-GB\","
                                + " \"timezone\": \"Europe/London\", \"preferredLanguage\": \"en-GB\"}}",
                        "{\"op\": \"Add\", \"path\": \"phoneNumbers\", \"value\": [{\"type\": \"work\", \"value\": \"+44 20 7946 0000\"}]}",
                        "{\"op\": \"Add\", \"path\": \"addresses\", \"value\": [{\"type\": \"work\", \"locality\": \"London\"}]}",
                        "{\"op\": \"Add\", \"path\": \"photos\", \"value\": [{\"type\": \"photo\", \"value\": \"https://photos.example/mia.jpg\"}]}",
                        "{\"op\": \"replace\", \"path\": \"password\", \"value\": \"N3w-Passw0rd!\"}"))
                .patch("/Me").then().statusCode(200)
                .body("displayName", equalTo("Still Me")).body("name.givenName", equalTo("Mia")).body("timezone", equalTo("Europe/London"));
    }

    @Test
    void anythingElseIs403NamingTheAttributeAndChangesNothing() {
        Me me = me();
        String manager = create("/Users", Scim.userBody(uniqueUserName("boss")));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("userName", "{\"op\": \"replace\", \"path\": \"userName\", \"value\": " + q(uniqueUserName("renamed")) + "}");
        refused.put("externalId", "{\"op\": \"replace\", \"path\": \"externalId\", \"value\": \"someone-else\"}");
        // Entra's filtered add on the work email: the email IdPs match users by
        refused.put("emails", "{\"op\": \"Add\", \"path\": \"emails[type eq \\\"work\\\"].value\", \"value\": \"ceo@conformance.example\"}");
        refused.put("title", "{\"op\": \"replace\", \"path\": \"title\", \"value\": \"CEO\"}");
        refused.put("active", "{\"op\": \"Replace\", \"path\": \"active\", \"value\": \"False\"}");
        refused.put("roles", "{\"op\": \"Add\", \"path\": \"roles\", \"value\": [{\"value\": \"62e90394-69f5-4237-9190-012177145e10\"}]}");
        // what a dynamic group's rule reads, and so licenses and roles: department, and Entra's bare-string manager
        refused.put(ENTERPRISE_SCHEMA + ":department", "{\"op\": \"replace\", \"path\": \"" + ENTERPRISE_SCHEMA
                + ":department\", \"value\": \"Licensed Sales\"}");
        refused.put(ENTERPRISE_SCHEMA + ":manager", "{\"op\": \"Add\", \"path\": \"" + ENTERPRISE_SCHEMA + ":manager\", \"value\": "
                + q(manager) + "}");
        refused.put(ROSTER_USER_EXT + ":usageLocation", "{\"op\": \"replace\", \"path\": \"" + ROSTER_USER_EXT
                + ":usageLocation\", \"value\": \"US\"}");
        Response before = getUser(me.id());
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Response r = me.as().body(ops(e.getValue())).patch("/Me");
            assertScimError(r, 403);
            assertThat(e.getKey(), (String) r.path("detail"), containsString("\"" + e.getKey() + "\""));
        }
        // A mix of an allowed and a refused change is refused as a whole.
        assertScimError(me.as().body(ops("{\"op\": \"replace\", \"path\": \"nickName\", \"value\": \"x\"}",
                "{\"op\": \"replace\", \"path\": \"title\", \"value\": \"CEO\"}")).patch("/Me"), 403);
        getUser(me.id()).then().body("meta.version", equalTo(before.path("meta.version")));
    }

    @Test
    void aPutThroughMeMayRepeatValuesItCannotChange() {
        Me me = me();
        String body = """
                {"schemas": ["%s", "%s"], "userName": %s, "externalId": %s, "displayName": "Put Through Me", "title": "Clerk",
                 "nickName": "putter", "emails": [{"type": "work", "value": %s, "primary": true}],
                 "%s": {"department": "Support"}}"""
                .formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(me.userName()), q("ext-" + me.userName()), q(me.userName()),
                        ENTERPRISE_SCHEMA);
        me.as().body(body).put("/Me").then().statusCode(200).body("displayName", equalTo("Put Through Me"))
                .body("nickName", equalTo("putter"));
        Response renamed = me.as().body(body.replace(q(me.userName()) + ", \"externalId\"", q(uniqueUserName("new")) + ", \"externalId\""))
                .put("/Me");
        assertScimError(renamed, 403);
        renamed.then().body("detail", containsString("\"userName\""));
        // Leaving out title clears it (RFC 7644 section 3.5.1), which is a change too.
        Response cleared = me.as().body(body.replace("\"title\": \"Clerk\",", "")).put("/Me");
        assertScimError(cleared, 403);
        cleared.then().body("detail", containsString("\"title\""));
    }

    @Test
    void aUserNameCollisionThroughMeNamesNobodyElse() {
        Me me = me();
        String takenName = uniqueUserName("taken");
        String other = create("/Users", Scim.userBody(takenName));
        Response r = me.as().body(ops("{\"op\": \"replace\", \"path\": \"userName\", \"value\": " + q(takenName) + "}")).patch("/Me");
        assertScimError(r, 403);
        assertThat(r.asString(), not(containsString(other)));
        // An administrator gets the 409 (RFC 7644 section 3.12 uniqueness), still without the other user's id.
        Response admin = scim().body(ops("{\"op\": \"replace\", \"path\": \"userName\", \"value\": " + q(takenName) + "}"))
                .patch("/Users/{id}", me.id());
        assertScimError(admin, 409, "uniqueness");
        assertThat(admin.asString(), not(containsString(other)));
    }
}
