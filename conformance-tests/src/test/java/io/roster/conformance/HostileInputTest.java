package io.roster.conformance;

import static io.roster.conformance.Scim.ERROR_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: input built to cost the server far more than it costs to send, or to slip past routing
 * and authentication, is refused cheaply with a SCIM error: never a 5xx, a stack trace, or the
 * server's name. Each test sends the exact request that was reproduced against the old code.
 */
@Check(level = Level.ROSTER, area = Area.ERRORS, rule = "Roster: hostile input (issue 15)")
class HostileInputTest {
    private static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private static String patchBody(String opJson) {
        return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + opJson + "]}";
    }

    /** Sending it cost 37 s of CPU: expanding 1e64000000 to an integer. */
    @Test
    void aSearchCountWithAHugeExponentIsRefusedAtOnce() {
        long start = System.nanoTime();
        Response r = scim().body("{\"count\": 1e64000000}").post("/Users/.search");
        assertScimError(r, 400, "invalidValue");
        assertThat("refused without expanding the number (expanding took 37 s)", (System.nanoTime() - start) / 1_000_000, lessThan(20_000L));
        assertScimError(scim().body("{\"schemas\": [\"" + SEARCH + "\"], \"startIndex\": 1e-64000000}").post("/.search"), 400,
                "invalidValue");
    }

    /** A 60-byte PATCH stored a 10 MB nickName. */
    @Test
    void aHugeNumberForAStringAttributeIsRefusedNotStored() {
        String id = Scim.createUniqueUser("huge-number");
        Response r = scim().body(patchBody("{\"op\": \"replace\", \"path\": \"nickName\", \"value\": 1e10000000}"))
                .patch("/Users/{id}", id);
        assertScimError(r, 400, "invalidValue");
        assertThat(Scim.getUser(id).path("nickName"), nullValue());
        assertScimError(scim().body("{\"schemas\": [\"" + Scim.USER_SCHEMA + "\"], \"userName\": "
                + q(Scim.uniqueUserName("n")) + ", \"nickName\": 1e10000000}").post("/Users"), 400, "invalidValue");
    }

    /** An integer attribute's error quoted all 8 MB of the value back. */
    @Test
    void anErrorNeverEchoesMegabytesOfInput() {
        String big = "9".repeat(3_000_000);
        Response r = scim().body("{\"count\": \"" + big + "x\"}").post("/Users/.search");
        assertScimError(r, 400);
        assertThat(r.asString().length(), lessThan(10_000));
    }

    /** JSON nested 1,000 deep was a 500 on every body endpoint. */
    @Test
    void jsonNestedAThousandDeepIsInvalidSyntaxOnEveryBodyEndpoint() {
        String deep = "{\"a\": " + "[".repeat(1000) + "]".repeat(1000) + "}";
        String id = Scim.createUniqueUser("deep");
        List<Response> answers = List.of(
                scim().body(deep).post("/Users"),
                scim().body(deep).put("/Users/{id}", id),
                scim().body(deep).patch("/Users/{id}", id),
                scim().body(deep).post("/Users/.search"),
                scim().body(deep).post("/.search"),
                scim().body(deep).post("/Bulk"),
                scim().body(deep).post("/Groups"));
        for (Response r : answers) {
            assertScimError(r, 400, "invalidSyntax");
        }
    }

    /** A nesting of a few dozen levels is still ordinary JSON. */
    @Test
    void moderateNestingInAnUnknownAttributeIsAccepted() {
        String userName = Scim.uniqueUserName("nested");
        String body = "{\"schemas\": [\"" + Scim.USER_SCHEMA + "\"], \"userName\": " + q(userName) + ", \"x\": "
                + "[".repeat(30) + "]".repeat(30) + "}";
        scim().body(body).post("/Users").then().statusCode(201);
    }

    /** Was Grizzly's HTML 500. */
    @Test
    void aContentTypeWithAnInvalidQualityIsAScimErrorNotAServerError() {
        Response r = scim().contentType("application/scim+json; q=x")
                .body("{\"schemas\": [\"" + Scim.USER_SCHEMA + "\"], \"userName\": " + q(Scim.uniqueUserName("q")) + "}")
                .post("/Users");
        assertScimError(r, 415);
        // without a body the header describes nothing and is disregarded
        scim().contentType("application/scim+json; q=x").get("/Users?count=1").then().statusCode(200);
    }

    /** RFC 9110 section 12.5.1: an Accept the server cannot parse may be disregarded; it was an empty 400. */
    @Test
    void anUnparseableAcceptIsDisregarded() {
        scim().accept(";;;").get("/Users?count=1").then().statusCode(200).contentType(startsWith(Scim.SCIM_JSON));
        scim().accept("application/scim+json; q=x").get("/Users?count=1").then().statusCode(200);
    }

    /** Was an HTML 500 with a stack trace and the server's version, no token needed. */
    @Test
    void anIllegalCharacterInThePathIsAnsweredAsScim() {
        RawHttp.Response anonymousAnswer = RawHttp.send("GET", "/scim/v2/Users/a|b", null);
        assertRawScimError(anonymousAnswer, 401);
        RawHttp.Response withToken = RawHttp.send("GET", "/scim/v2/Users/a|b", null,
                "Authorization: Bearer " + ScimTarget.get().token());
        assertRawScimError(withToken, 404);
        RawHttp.Response quoteInQuery = RawHttp.send("GET", "/scim/v2/Users?filter=userName%20eq%20\"nobody@x\"", null,
                "Authorization: Bearer " + ScimTarget.get().token());
        assertThat(quoteInQuery.text(), quoteInQuery.status(), equalTo(200));
        assertThat(quoteInQuery.text(), containsString("\"totalResults\":0"));
    }

    /** /Schemas%2F..%2FUsers reached /Users without a token: the filter took it for discovery. */
    @Test
    void encodedSlashesAndDotSegmentsAreRefusedBeforeAuthentication() {
        for (String target : List.of("/scim/v2/Schemas%2F..%2FUsers", "/scim/v2/Schemas%2f..%2fUsers", "/scim/v2/Schemas/../Users",
                "/scim/v2/Schemas/%2E%2E/Users", "/scim/v2/ResourceTypes/..%2FUsers", "/scim/v2/Schemas%5C..%5CUsers",
                "/scim/v2/Schemas/..;/Users", "/scim/v2/./Users")) {
            RawHttp.Response r = RawHttp.send("GET", target, null);
            assertRawScimError(r, 400);
            assertThat(target, r.text(), not(containsString("ListResponse")));
        }
    }

    /** No response names the server or its version, errors included. */
    @Test
    void noResponseNamesTheServer() {
        List<RawHttp.Response> answers = List.of(
                RawHttp.send("GET", "/scim/v2/ServiceProviderConfig", null),
                RawHttp.send("GET", "/scim/v2/Users", null),
                RawHttp.send("GET", "/nowhere", null, "Authorization: Bearer " + ScimTarget.get().token()),
                RawHttp.send("GET", "/scim/v2/Users/a|b", null),
                RawHttp.send("POST", "/scim/v2/Users", "{", "Authorization: Bearer " + ScimTarget.get().token(),
                        "Content-Type: application/scim+json"),
                RawHttp.send("GET", "/scim/v2/Users?x=a b", null));
        for (RawHttp.Response r : answers) {
            assertThat(r.headerText(), r.header("Server"), nullValue());
            assertThat(r.headerText(), r.headerText().toLowerCase(Locale.ROOT), not(containsString("grizzly")));
            assertThat(r.text(), r.text().toLowerCase(Locale.ROOT), not(containsString("grizzly")));
            assertThat(r.headerText(), r.status(), lessThan(500));
        }
    }

    private static void assertRawScimError(RawHttp.Response r, int status) {
        assertThat(r.headerText() + "\n" + r.text(), r.status(), equalTo(status));
        assertThat(r.headerText(), r.header("Content-Type"), startsWith(Scim.SCIM_JSON));
        Map<String, Object> body = io.restassured.path.json.JsonPath.from(r.text()).getMap("$");
        assertThat(r.text(), body, notNullValue());
        assertThat(r.text(), body.get("schemas"), equalTo(List.of(ERROR_SCHEMA)));
        assertThat(r.text(), body.get("status"), equalTo(String.valueOf(status)));
        assertThat(r.text(), r.text(), not(containsString("at org.glassfish")));
        assertThat(r.text(), r.text().toLowerCase(Locale.ROOT), not(containsString("grizzly")));
    }
}
