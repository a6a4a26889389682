package io.roster.conformance;

import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A "returned: never" attribute (RFC 7643 section 7: password) leaks through no side door: it cannot
 * order results (400 invalidValue), it cannot be filtered on (400 invalidFilter), and RFC 9865 cursors
 * are opaque, so no attribute value a page ended at can be read from them.
 */
@Check(level = Level.ROSTER, area = Area.CRUD, rule = "RFC 7643 2.4 (returned never) and Roster: no oracle")
class NeverReturnedTest {
    private static String label;
    private static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    @BeforeAll
    static void usersWithPasswords() {
        label = unique("never");
        for (int i = 0; i < 3; i++) {
            create("/Users", """
                    {"schemas": ["%s"], "userName": %s, "displayName": %s, "password": "Pa55-word-%d"}"""
                    .formatted(USER_SCHEMA, q(label + "-" + i + "@conformance.example"), q(label + " Display " + i), i));
        }
    }

    private static String filter() {
        return "userName sw \"" + label + "\"";
    }

    @Test
    void sortingByPasswordIsRefusedWhereverASortIsAccepted() {
        for (String sortBy : List.of("password", "Password", USER_SCHEMA + ":password")) {
            assertScimError(scim().queryParam("sortBy", sortBy).get("/Users"), 400, "invalidValue");
            assertScimError(scim().queryParam("filter", filter()).queryParam("sortBy", sortBy).queryParam("cursor", "")
                    .queryParam("count", 1).get("/Users"), 400, "invalidValue");
            String body = "{\"schemas\": [\"" + SEARCH + "\"], \"sortBy\": " + q(sortBy) + ", \"cursor\": \"\", \"count\": 1}";
            assertScimError(scim().body(body).post("/Users/.search"), 400, "invalidValue");
            assertScimError(scim().body(body).post("/.search"), 400, "invalidValue");
        }
        Response r = scim().queryParam("sortBy", "password").get("/Users");
        r.then().body("detail", containsString("never returned"));
    }

    @Test
    void filteringOnPasswordIsRefusedSoItIsNoOracle() {
        for (String f : List.of("password pr", "password sw \"$\"", "password eq \"Pa55-word-0\"", "not (password pr)",
                filter() + " and password co \"a\"")) {
            assertScimError(scim().queryParam("filter", f).get("/Users"), 400, "invalidFilter");
            String body = "{\"schemas\": [\"" + SEARCH + "\"], \"filter\": " + q(f) + "}";
            assertScimError(scim().body(body).post("/Users/.search"), 400, "invalidFilter");
            assertScimError(scim().body(body).post("/.search"), 400, "invalidFilter");
        }
    }

    /** Whatever a holder of the cursor can read from it: each base64url-looking part decoded (any other text as is). */
    private static String readable(String cursor) {
        StringBuilder out = new StringBuilder(cursor);
        for (String part : cursor.split("[.~]")) {
            for (int cut = 0; cut < 4 && cut < part.length(); cut++) {
                try {
                    out.append('\n').append(new String(Base64.getUrlDecoder().decode(part.substring(0, part.length() - cut)),
                            StandardCharsets.ISO_8859_1));
                    break;
                } catch (IllegalArgumentException notBase64) {
                    // try without the last characters: a length of 4n+1 is never valid base64
                }
            }
        }
        return out.toString();
    }

    @Test
    void aCursorShowsNoValueOfTheResourceItStoppedAt() {
        Response page = scim().queryParam("filter", filter()).queryParam("sortBy", "displayName").queryParam("cursor", "")
                .queryParam("count", 1).queryParam("attributes", "displayName").get("/Users");
        page.then().statusCode(200);
        String next = page.path("nextCursor");
        assertThat(next, notNullValue());
        assertThat("RFC 3986 unreserved characters only", next, matchesPattern("[A-Za-z0-9._~-]+"));
        String id = page.path("Resources[0].id");
        String display = page.path("Resources[0].displayName");
        String decoded = readable(next);
        for (String visible : List.of(display.toLowerCase(), display, id, label)) {
            assertThat(decoded, not(containsString(visible)));
            assertThat(next, not(containsString(visible)));
        }
        // And it still works: the walk continues after the first user.
        Response second = scim().queryParam("filter", filter()).queryParam("sortBy", "displayName").queryParam("cursor", next)
                .queryParam("count", 1).queryParam("attributes", "displayName").get("/Users");
        second.then().statusCode(200);
        assertThat((String) second.path("Resources[0].displayName"), containsString("Display 1"));
    }
}
