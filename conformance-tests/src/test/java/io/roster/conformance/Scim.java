package io.roster.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.roster.conformance.kit.CurrentTest;
import io.restassured.specification.RequestSpecification;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Constants, request shortcuts, unique names, fixtures and the SCIM error assertion shared by the kit. */
public final class Scim {
    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String SCIM_JSON = ScimTarget.SCIM_JSON;

    private static final String RUN = randomAlnum(6);
    private static final AtomicLong SEQ = new AtomicLong();
    private static final ExecutorService FIXTURE_POOL = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "conformance-fixtures");
        t.setDaemon(true);
        return t;
    });

    private Scim() {
    }

    // ---------------------------------------------------------------- requests

    /** An authenticated request against the SCIM root. */
    public static RequestSpecification scim() {
        return given().spec(ScimTarget.get().spec());
    }

    /** A request against the SCIM root without Authorization. */
    public static RequestSpecification anonymous() {
        return given().spec(ScimTarget.get().anonymousSpec());
    }

    /** An authenticated request against the server root (outside /scim/v2). */
    public static RequestSpecification serverRoot() {
        return given().spec(ScimTarget.get().serverRootSpec());
    }

    // ---------------------------------------------------------------- names

    /**
     * A name no other test (in this or another run against the same server) uses: label, run id, sequence
     * and a random tail, all lower case.
     */
    public static String unique(String label) {
        return label + "-" + RUN + "-" + SEQ.incrementAndGet() + "-" + randomAlnum(4);
    }

    /** A unique userName shaped like an e-mail address. */
    public static String uniqueUserName(String label) {
        return unique(label) + "@conformance.example";
    }

    private static String randomAlnum(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- bodies

    /** A JSON string literal. */
    public static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    public static String userBody(String userName) {
        return """
                {"schemas": ["%s"], "userName": %s}""".formatted(USER_SCHEMA, q(userName));
    }

    public static String userBody(String userName, String displayName) {
        return """
                {"schemas": ["%s"], "userName": %s, "displayName": %s}""".formatted(USER_SCHEMA, q(userName), q(displayName));
    }

    public static String groupBody(String displayName, List<String> memberIds) {
        String members = memberIds.stream().map(id -> "{\"value\": " + q(id) + "}").collect(Collectors.joining(", "));
        return """
                {"schemas": ["%s"], "displayName": %s, "members": [%s]}""".formatted(GROUP_SCHEMA, q(displayName), members);
    }

    public static String groupBodyWithoutMembers(String displayName) {
        return """
                {"schemas": ["%s"], "displayName": %s}""".formatted(GROUP_SCHEMA, q(displayName));
    }

    // ---------------------------------------------------------------- fixtures

    /** POSTs the body to the endpoint, requires 201 and returns the new id. */
    public static String create(String endpoint, String body) {
        Response r = scim().body(body).post(endpoint);
        r.then().statusCode(201);
        String id = r.path("id");
        assertThat("id of the created resource", id, not(blankOrNullString()));
        return id;
    }

    /**
     * POSTs all bodies concurrently (so that the server can commit them together) and returns the ids in
     * the order of the bodies.
     */
    public static List<String> createAll(String endpoint, List<String> bodies) {
        List<CompletableFuture<String>> futures = bodies.stream()
                .map(b -> CompletableFuture.supplyAsync(() -> create(endpoint, b), FIXTURE_POOL))
                .toList();
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<String> f : futures) {
            try {
                ids.add(f.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
        return ids;
    }

    /**
     * Creates users with these userNames; returns their ids in the same order. Many users go through
     * /Bulk when the server offers it (a few requests instead of one per user), else one POST each,
     * concurrently.
     */
    public static List<String> createUsers(List<String> userNames) {
        int chunk = userNames.size() >= 200 ? bulkChunk() : 0;
        if (chunk == 0) {
            return createAll("/Users", userNames.stream().map(Scim::userBody).toList());
        }
        List<CompletableFuture<List<String>>> futures = new ArrayList<>();
        for (int from = 0; from < userNames.size(); from += chunk) {
            List<String> part = userNames.subList(from, Math.min(userNames.size(), from + chunk));
            futures.add(CompletableFuture.supplyAsync(() -> createUsersInOneBulk(part), FIXTURE_POOL));
        }
        List<String> ids = new ArrayList<>();
        futures.forEach(f -> ids.addAll(f.join()));
        return ids;
    }

    /** Operations per Bulk request for fixtures, or 0 when the server has no Bulk. */
    private static int bulkChunk() {
        Response spc = scim().get("/ServiceProviderConfig");
        if (spc.statusCode() != 200 || !Boolean.TRUE.equals(spc.path("bulk.supported"))) {
            return 0;
        }
        Integer max = spc.path("bulk.maxOperations");
        return max == null || max < 1 ? 0 : Math.min(max, 1000);
    }

    private static List<String> createUsersInOneBulk(List<String> userNames) {
        String ops = userNames.stream()
                .map(u -> "{\"method\": \"POST\", \"path\": \"/Users\", \"bulkId\": " + q(u) + ", \"data\": " + userBody(u) + "}")
                .collect(Collectors.joining(","));
        Response r = scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"], \"Operations\": ["
                + ops + "]}").post("/Bulk");
        r.then().statusCode(200);
        // a fixture, not the Bulk test: the status may be the RFC's string or a number (BulkTest judges the shape)
        List<String> statuses = r.jsonPath().getList("Operations.status", Object.class).stream().map(String::valueOf).toList();
        assertThat("every fixture user created", statuses.stream().distinct().toList(), contains("201"));
        List<String> locations = r.jsonPath().getList("Operations.location");
        return locations.stream().map(l -> l.substring(l.lastIndexOf('/') + 1)).toList();
    }

    public static String createUser(String userName) {
        return create("/Users", userBody(userName));
    }

    /** A user with a unique userName whose displayName is the given label made unique. */
    public static String createUniqueUser(String label) {
        String userName = uniqueUserName(label);
        return create("/Users", userBody(userName, "Display " + userName));
    }

    public static String createGroup(String displayName, String... memberIds) {
        return create("/Groups", groupBody(displayName, List.of(memberIds)));
    }

    public static Response getUser(String id) {
        return scim().get("/Users/{id}", id);
    }

    public static Response getGroup(String id) {
        return scim().get("/Groups/{id}", id);
    }

    /** The member values of a group (empty when the group has no members attribute). */
    public static List<String> memberIds(String groupId) {
        Response r = getGroup(groupId);
        r.then().statusCode(200);
        return values(r, "members");
    }

    /** The {@code value} sub-attribute of every element of a multi-valued attribute (empty when absent). */
    public static List<String> values(Response r, String attribute) {
        List<Map<String, Object>> list = r.jsonPath().getList(attribute);
        if (list == null) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (Map<String, Object> m : list) {
            out.add((String) m.get("value"));
        }
        return out;
    }

    /** The element of a multi-valued attribute whose value is the given one, or null. */
    public static Map<String, Object> element(Response r, String attribute, String value) {
        List<Map<String, Object>> list = r.jsonPath().getList(attribute);
        if (list == null) {
            return null;
        }
        return list.stream().filter(m -> value.equals(m.get("value"))).findFirst().orElse(null);
    }

    /** The top-level JSON object of a response. */
    public static Map<String, Object> root(Response r) {
        Map<String, Object> map = r.jsonPath().getMap("$");
        assertThat("a JSON object body", map, notNullValue());
        return map;
    }

    /**
     * A resource's location as an absolute URI: RFC 7643 3.1 makes meta.location "the URI of the resource",
     * which a server may give relative to its SCIM root, as it may the Location header (RFC 9110 10.2.2).
     */
    public static String resolved(String location) {
        assertThat("a location is given", location, not(blankOrNullString()));
        return java.net.URI.create(ScimTarget.get().scimRoot() + "/").resolve(location).toString();
    }

    /** An entity-tag as RFC 7232 2.3 defines it: an opaque quoted string, weak ({@code W/}) or strong. */
    public static org.hamcrest.Matcher<String> entityTag() {
        return org.hamcrest.Matchers.matchesPattern("(W/)?\"[^\"]*\"");
    }

    // ---------------------------------------------------------------- errors

    /** RFC 7644 3.12, Table 9, and RFC 9865 (cursors): the scimType values the RFCs define. */
    private static final java.util.Set<String> RFC_SCIM_TYPES = java.util.Set.of("invalidFilter", "tooMany", "uniqueness",
            "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive",
            "invalidCursor", "expiredCursor");
    /**
     * The scimTypes the RFC text requires by name: "uniqueness" on a conflicting create (RFC 7644 3.3) and
     * "noTarget" for a PATCH remove without a target (3.5.2.2, 3.5.2.3). Everywhere else the scimType is
     * OPTIONAL (3.12), so an RFC MUST test accepts it absent or any of Table 9's.
     */
    private static final java.util.Set<String> NAMED_BY_THE_RFC = java.util.Set.of("uniqueness", "noTarget");

    /**
     * Asserts an RFC 7644 section 3.12 error: the status, Content-Type application/scim+json, the Error
     * schema and {@code status} as a JSON string equal to the HTTP status (all REQUIRED). In an RFC MUST
     * test the scimType is held exactly only where the RFC names it (else absent or any Table 9 value
     * passes) and {@code detail} is OPTIONAL, as in the RFC. In RFC SHOULD tests the scimType is held as
     * given; in client and Roster tests so is a non-empty detail, and no stack trace may leak.
     */
    public static void assertScimError(Response r, int status, String scimType) {
        r.then()
                .statusCode(status)
                .contentType(startsWith(SCIM_JSON))
                .body("schemas", contains(ERROR_SCHEMA))
                .body("status", equalTo(String.valueOf(status)));
        if (scimType != null) {
            if (!CurrentTest.isRfcMust() || NAMED_BY_THE_RFC.contains(scimType)) {
                r.then().body("scimType", equalTo(scimType));
            } else {
                Object given = r.path("scimType");
                assertThat("scimType " + given + " is absent or one RFC 7644 Table 9 defines",
                        given == null || RFC_SCIM_TYPES.contains(given), equalTo(true));
            }
        }
        if (CurrentTest.isRfc()) {
            return;
        }
        r.then().body("detail", not(blankOrNullString()));
        String raw = r.asString();
        assertThat("no stack frame in the error body", raw, not(containsString("at io.roster")));
        assertThat("no stack frame in the error body", raw, not(containsString("at java.")));
        assertThat("no stack frame in the error body", raw, not(containsString("at org.glassfish")));
        if (status >= 400 && status < 500) {
            String detail = r.path("detail");
            assertThat("a 4xx detail names no Java exception", detail, not(containsString("Exception")));
        }
    }

    /**
     * A {@code detail} check: the detail is OPTIONAL (RFC 7644 3.12), so an RFC test takes any; client and
     * Roster tests hold the given text.
     */
    public static org.hamcrest.Matcher<?> detail(org.hamcrest.Matcher<String> wanted) {
        return CurrentTest.isRfc() ? org.hamcrest.Matchers.anything() : wanted;
    }

    /**
     * A {@code scimType} check where the RFC does not name the type: an RFC MUST test takes it absent or any
     * the RFCs define; other tests hold the given one.
     */
    public static org.hamcrest.Matcher<?> scimType(String wanted) {
        if (!CurrentTest.isRfcMust() || NAMED_BY_THE_RFC.contains(wanted)) {
            return equalTo(wanted);
        }
        return org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.nullValue(), org.hamcrest.Matchers.in(RFC_SCIM_TYPES));
    }

    public static void assertScimError(Response r, int status) {
        assertScimError(r, status, null);
    }
}
