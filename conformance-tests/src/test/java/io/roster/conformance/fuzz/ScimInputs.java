package io.roster.conformance.fuzz;

import java.util.List;
import java.util.function.Supplier;

/**
 * SCIM-shaped random inputs: filters, attribute paths, PATCH operations, resource bodies, Bulk
 * requests, query strings, headers and request paths. Each is mostly well-formed with one thing wrong,
 * sometimes wholly wrong, and sometimes at the size or depth where limits must hold (RFC 7644 §3.4.2.2
 * filters, §3.5.2 PATCH, §3.7 Bulk, §3.12 errors).
 */
final class ScimInputs {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String ROSTER_USER = "urn:ietf:params:scim:schemas:extension:roster:2.0:User";
    static final String ROSTER_GROUP = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private static final List<String> ATTRIBUTES = List.of(
            "userName", "UserName", "name", "name.givenName", "name.familyName", "name.formatted", "displayName", "nickName",
            "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone", "active", "password",
            "emails", "emails.value", "emails.type", "emails.primary", "phoneNumbers", "phoneNumbers.value", "addresses",
            "addresses.locality", "addresses.primary", "groups", "groups.value", "roles", "roles.value", "entitlements",
            "ims", "photos", "x509Certificates", "externalId", "id", "meta", "meta.lastModified", "meta.created",
            "meta.version", "meta.resourceType", "members", "members.value", "members.display", "members.type", "schemas",
            ENTERPRISE + ":employeeNumber", ENTERPRISE + ":department", ENTERPRISE + ":manager", ENTERPRISE + ":manager.value",
            ENTERPRISE, ROSTER_USER, ROSTER_GROUP, ROSTER_USER + ":usageLocation", ROSTER_USER + ":licenses",
            ROSTER_USER + ":licenses.value", ROSTER_USER + ":effectiveRoles", ROSTER_USER + ":licenseAssignmentStates",
            ROSTER_GROUP + ":membershipRule", ROSTER_GROUP + ":isAssignableToRole", ROSTER_GROUP + ":roles",
            ROSTER_GROUP + ":licenses", "value", "display", "primary", "type", "$ref",
            "urn:bogus:schema:attr", "urn:", "a.b.c.d", "unknownAttribute", "");

    private static final List<String> OPS = List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Eq", "sW");

    private final Gen g;
    private final Fixtures fixtures;

    ScimInputs(Gen g, Fixtures fixtures) {
        this.g = g;
        this.fixtures = fixtures;
    }

    /**
     * Ids the fuzzer owns. The self user (whose own token the fuzzer also uses) is reached only through
     * {@code /Me}, so that an administrator's random PATCH cannot deactivate or delete it mid-run.
     */
    record Fixtures(String userId, String groupId, String selfUserId) {
    }

    String attribute() {
        return g.chance(0.9) ? g.pick(ATTRIBUTES) : g.text();
    }

    String id() {
        return g.weighted(
                4, (Supplier<String>) fixtures::userId,
                3, (Supplier<String>) fixtures::groupId,
                2, (Supplier<String>) () -> g.pick("00000000-0000-0000-0000-000000000000", "x", "", " ", "bulkId:u1", "%2e%2e",
                        "a|b", "../Users", "..", "."),
                1, (Supplier<String>) g::text);
    }

    // ---------------------------------------------------------------- filters

    String filter() {
        String f = g.weighted(
                8, (Supplier<String>) () -> filter(g.between(0, 4)),
                1, (Supplier<String>) () -> nested(g.pick(33, 64, 200, 1000, 5000)),
                1, (Supplier<String>) () -> attribute() + " eq " + Gen.quote("x".repeat(g.pick(4000, 4097, 70000))));
        return g.chance(0.3) ? mutate(f) : f;
    }

    private String filter(int depth) {
        if (depth <= 0) {
            return comparison();
        }
        return g.weighted(
                4, (Supplier<String>) this::comparison,
                2, (Supplier<String>) () -> filter(depth - 1) + g.pick(" and ", " or ", " AND ", " Or ") + filter(depth - 1),
                1, (Supplier<String>) () -> "not (" + filter(depth - 1) + ")",
                1, (Supplier<String>) () -> "(" + filter(depth - 1) + ")",
                2, (Supplier<String>) () -> g.pick("emails", "members", "addresses", "roles", ROSTER_USER + ":licenseAssignmentStates")
                        + "[" + filter(depth - 1) + "]" + (g.chance(0.3) ? "." + g.pick("value", "type", "x") : ""));
    }

    private String comparison() {
        String attr = attribute();
        if (g.chance(0.15)) {
            return attr + " pr";
        }
        return attr + " " + (g.chance(0.95) ? g.pick(OPS) : g.pick("=", "eqq", "", "in", "-eq")) + " " + g.weighted(
                5, (Supplier<String>) () -> Gen.quote(g.text()),
                2, (Supplier<String>) g::numberText,
                1, (Supplier<String>) () -> g.pick("true", "false", "null", "\"2024-01-01T00:00:00Z\"", "\"not a date\"",
                        "\"2024-13-45T99:99:99Z\""),
                1, (Supplier<String>) () -> g.text());
    }

    private String nested(int n) {
        return g.weighted(
                1, (Supplier<String>) () -> "(".repeat(n) + "userName eq \"a\"" + ")".repeat(n),
                1, (Supplier<String>) () -> "not (".repeat(n) + "userName pr" + ")".repeat(n),
                1, (Supplier<String>) () -> "emails[".repeat(n) + "value pr" + "]".repeat(n),
                1, (Supplier<String>) () -> "userName eq \"a\" and ".repeat(n) + "active eq true");
    }

    /** One small corruption: a character dropped, inserted or doubled, or the text cut short. */
    String mutate(String s) {
        if (s.isEmpty()) {
            return g.pick("(", "\"", "[", "\\");
        }
        int at = g.between(0, s.length() - 1);
        return g.weighted(
                1, (Supplier<String>) () -> s.substring(0, at) + s.substring(at + 1),
                1, (Supplier<String>) () -> s.substring(0, at) + g.pick("(", ")", "[", "]", "\"", "\\", " ", ".", ":", "\u0000", "\u00e9")
                        + s.substring(at),
                1, (Supplier<String>) () -> s.substring(0, at),
                1, (Supplier<String>) () -> s.substring(0, at) + s.substring(at, Math.min(s.length(), at + 8)).repeat(3) + s.substring(at));
    }

    // ---------------------------------------------------------------- PATCH

    String patchBody() {
        return g.weighted(
                8, (Supplier<String>) () -> "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": [" + operations(g.size(4, 300)) + "]}",
                1, (Supplier<String>) () -> "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": " + g.json(3) + "}",
                1, (Supplier<String>) () -> g.chance(0.5) ? g.json(4) : mutate("{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": ["
                        + operations(2) + "]}"));
    }

    private String operations(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(operation());
        }
        return b.toString();
    }

    String operation() {
        String op = g.pick("add", "replace", "remove", "Add", "Replace", "Remove", "ADD", "move", "", "test");
        StringBuilder b = new StringBuilder("{\"op\": ").append(Gen.quote(op));
        if (g.chance(0.8)) {
            b.append(", \"path\": ").append(g.chance(0.95) ? Gen.quote(patchPath()) : g.json(1));
        }
        if (g.chance(0.8)) {
            b.append(", \"value\": ").append(patchValue());
        }
        return b.append('}').toString();
    }

    String patchPath() {
        String p = g.weighted(
                5, (Supplier<String>) this::attribute,
                3, (Supplier<String>) () -> g.pick("emails", "members", "addresses", "phoneNumbers", "roles", ROSTER_USER + ":licenses")
                        + "[" + filter(g.between(0, 2)) + "]" + (g.chance(0.6) ? "." + g.pick("value", "type", "primary", "display", "x") : ""),
                1, (Supplier<String>) () -> "members[value eq " + Gen.quote(id()) + "]");
        return g.chance(0.2) ? mutate(p) : p;
    }

    String patchValue() {
        return g.weighted(
                4, (Supplier<String>) () -> g.json(3),
                2, (Supplier<String>) () -> "[{\"value\": " + Gen.quote(id()) + "}" + (g.chance(0.5) ? ", {\"value\": " + g.scalar() + "}" : "") + "]",
                2, (Supplier<String>) () -> "{" + Gen.quote(attribute()) + ": " + g.json(2) + (g.chance(0.5) ? ", " + Gen.quote(attribute())
                        + ": " + g.json(2) : "") + "}",
                1, (Supplier<String>) () -> g.pick("\"False\"", "\"True\"", "\"{\\\"id\\\":\\\"1\\\",\\\"value\\\":\\\"Admin\\\"}\""),
                1, (Supplier<String>) () -> g.deep(g.pick(64, 1000, 3000)));
    }

    // ---------------------------------------------------------------- resource bodies

    String userBody() {
        return resourceBody(USER, "userName");
    }

    String groupBody() {
        return resourceBody(GROUP, "displayName");
    }

    private String resourceBody(String schema, String required) {
        return g.weighted(
                7, (Supplier<String>) () -> {
                    StringBuilder b = new StringBuilder("{\"schemas\": [").append(schemas(schema)).append(']');
                    if (g.chance(0.8)) {
                        b.append(", \"").append(required).append("\": ").append(g.chance(0.8) ? Gen.quote("fz-" + g.text()) : g.scalar());
                    }
                    int n = g.size(6, 60);
                    for (int i = 0; i < n; i++) {
                        b.append(", ").append(Gen.quote(attribute())).append(": ").append(attributeValue());
                    }
                    return b.append('}').toString();
                },
                1, (Supplier<String>) () -> g.deep(g.pick(100, 1000, 2000)),
                1, (Supplier<String>) () -> g.json(4),
                1, (Supplier<String>) () -> mutate("{\"schemas\": [\"" + schema + "\"], \"" + required + "\": \"fz-x\"}"));
    }

    private String schemas(String core) {
        StringBuilder b = new StringBuilder(Gen.quote(g.chance(0.9) ? core : g.text()));
        if (g.chance(0.4)) {
            b.append(", ").append(Gen.quote(g.pick(ENTERPRISE, ROSTER_USER, ROSTER_GROUP, "urn:bogus", "")));
        }
        return b.toString();
    }

    private String attributeValue() {
        return g.weighted(
                4, (Supplier<String>) () -> g.json(3),
                2, (Supplier<String>) () -> "[{\"value\": " + g.scalar() + ", \"type\": " + g.scalar() + ", \"primary\": " + g.scalar() + "}]",
                1, (Supplier<String>) () -> "{\"membershipRule\": " + Gen.quote(g.chance(0.5) ? filter() : entraRule())
                        + ", \"isAssignableToRole\": " + g.scalar() + "}",
                1, (Supplier<String>) () -> "[" + ("{\"value\": " + Gen.quote(id()) + "},").repeat(g.size(3, 50)) + "{\"value\": \"x\"}]");
    }

    /** An Entra-style dynamic membership rule, sometimes absurdly nested. */
    String entraRule() {
        return g.weighted(
                4, (Supplier<String>) () -> "user." + g.pick("department", "accountEnabled", "userPrincipalName", "mail", "x", "extension_1")
                        + " -" + g.pick("eq", "ne", "startsWith", "contains", "in", "match", "any", "bogus") + " " + g.scalar(),
                1, (Supplier<String>) () -> "(".repeat(g.pick(40, 8000)) + "user.department -eq \"a\"" + ")".repeat(g.pick(40, 8000)),
                1, (Supplier<String>) () -> "-not ".repeat(g.pick(40, 3200)) + "user.department -eq \"a\"",
                1, (Supplier<String>) () -> mutate("(user.department -eq \"a\") -and (user.accountEnabled -eq true)"));
    }

    // ---------------------------------------------------------------- search and Bulk

    String searchBody() {
        StringBuilder b = new StringBuilder("{\"schemas\": [\"" + SEARCH + "\"]");
        if (g.chance(0.7)) {
            b.append(", \"filter\": ").append(g.chance(0.9) ? Gen.quote(filter()) : g.json(2));
        }
        if (g.chance(0.4)) {
            b.append(", \"count\": ").append(g.chance(0.7) ? g.numberText() : g.scalar());
        }
        if (g.chance(0.3)) {
            b.append(", \"startIndex\": ").append(g.chance(0.7) ? g.numberText() : g.scalar());
        }
        if (g.chance(0.3)) {
            b.append(", \"sortBy\": ").append(Gen.quote(attribute()));
        }
        if (g.chance(0.2)) {
            b.append(", \"sortOrder\": ").append(g.scalar());
        }
        if (g.chance(0.3)) {
            b.append(", \"attributes\": ").append(g.chance(0.5) ? "[" + Gen.quote(attribute()) + "]" : Gen.quote(attribute()));
        }
        if (g.chance(0.2)) {
            b.append(", \"cursor\": ").append(g.chance(0.5) ? "\"\"" : g.scalar());
        }
        return b.append('}').toString();
    }

    String bulkBody() {
        int n = g.chance(0.97) ? g.size(6, 40) : g.pick(1000, 1001);
        StringBuilder b = new StringBuilder("{\"schemas\": [\"" + BULK + "\"]");
        if (g.chance(0.6)) {
            b.append(", \"failOnErrors\": ").append(g.chance(0.7) ? g.numberText() : g.scalar());
        }
        b.append(", \"Operations\": [");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(bulkOperation());
        }
        return b.append("]}").toString();
    }

    private String bulkOperation() {
        String method = g.pick("POST", "PUT", "PATCH", "DELETE", "GET", "post", "FOO", "");
        StringBuilder b = new StringBuilder("{\"method\": ").append(Gen.quote(method));
        if (g.chance(0.9)) {
            b.append(", \"path\": ").append(Gen.quote(g.pick("/Users", "/Groups", "/Users/" + id(), "/Groups/" + id(), "/Users/bulkId:"
                    + g.pick("u1", "u2", "g1"), "/Me", "/Bulk", "Users", "/Licenses", "/ApiClients", g.text())));
        }
        if (g.chance(0.7)) {
            b.append(", \"bulkId\": ").append(g.chance(0.9) ? Gen.quote(g.pick("u1", "u2", "g1", "g2", "")) : g.scalar());
        }
        if (g.chance(0.2)) {
            b.append(", \"version\": ").append(g.chance(0.5) ? "\"W/\\\"1\\\"\"" : g.scalar());
        }
        if (g.chance(0.8)) {
            String data = g.weighted(
                    3, (Supplier<String>) this::userBody,
                    3, (Supplier<String>) () -> "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": " + Gen.quote("fz-" + g.text())
                            + ", \"members\": [{\"value\": \"bulkId:" + g.pick("u1", "u2", "g1", "g2", "nope") + "\"}]}",
                    2, (Supplier<String>) this::patchBody,
                    1, (Supplier<String>) () -> g.json(2));
            b.append(", \"data\": ").append(data);
        }
        return b.append('}').toString();
    }

    // ---------------------------------------------------------------- query strings, headers, paths

    /** A query string (without '?') of list parameters with odd values, sometimes badly encoded. */
    String listQuery() {
        StringBuilder b = new StringBuilder();
        String[] names = {"filter", "startIndex", "count", "sortBy", "sortOrder", "attributes", "excludedAttributes", "cursor",
                "Filter", "COUNT", "x"};
        int n = g.between(1, 4);
        for (int i = 0; i < n; i++) {
            String name = g.pick(names);
            String value = switch (name.toLowerCase()) {
                case "filter" -> filter();
                case "startindex", "count" -> g.chance(0.7) ? g.numberText() : g.text();
                case "sortby", "attributes", "excludedattributes" -> g.chance(0.7) ? attribute()
                        : attribute() + "," + attribute() + (g.chance(0.3) ? ",," : "");
                case "sortorder" -> g.pick("ascending", "descending", "DESCENDING", "up", "");
                case "cursor" -> g.pick("", "abc", "AAAA", "eyJ9", "x".repeat(g.pick(10, 5000)), g.text());
                default -> g.text();
            };
            b.append(i == 0 ? "" : "&").append(name).append('=').append(g.chance(0.9) ? encode(value) : framed(value));
        }
        return b.toString();
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Text as it may stand raw in a request-target: only what would break the request line's framing
     * (space, CR, LF, other control characters) is percent-encoded; every other odd character stays, so
     * the server's URI handling meets it.
     */
    static String framed(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                b.append(String.format("%%%02X", (int) c & 0xff));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    String contentType() {
        return g.weighted(
                8, (Supplier<String>) () -> "application/scim+json",
                1, (Supplier<String>) () -> "application/json; charset=utf-8",
                3, (Supplier<String>) () -> g.pick("application/scim+json; q=x", "application/scim+json; charset=bogus",
                        "application/scim+json;;", "application/scim+json; charset=\"", "text/plain", "application/xml",
                        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/", "",
                        "application/scim+json; charset=utf-16", "application/scim+json; a=b; a=c", "\u00e9/\u00e9"));
    }

    String precondition() {
        return g.pick("*", "W/\"1\"", "\"1\"", "W/\"999999999999999999999\"", "W/", "\"", "garbage", "W/\"1\", W/\"2\"", "",
                "W/\"" + "9".repeat(500) + "\"");
    }

    String accept() {
        return g.pick("application/scim+json", "application/json", "*/*", "text/html", "application/xml", "application/scim+json; q=x",
                "", "garbage/;;");
    }

    /** A request-target under the SCIM root: known endpoints, ids, dot segments, encoded separators, illegal characters. */
    String path(String root) {
        StringBuilder b = new StringBuilder(root);
        int n = g.between(0, 3);
        for (int i = 0; i < n; i++) {
            b.append('/').append(g.<String>weighted(
                    6, (Supplier<String>) () -> g.pick("Users", "Groups", "Me", "Bulk", ".search", "Schemas", "ResourceTypes",
                            "ServiceProviderConfig", "Licenses", "Roles", "ApiClients", "users", "USERS"),
                    3, (Supplier<String>) () -> framed(id()),
                    3, (Supplier<String>) () -> g.pick("..", ".", "%2e%2e", "%2E", "%2F", "Schemas%2F..%2FUsers", "a%2fb", "%5C", "%00",
                            "a|b", "{x}", "^", "a%ZZ", "%", "%%", "\u00e9", "a;b=c", "", "\\", "a\"b", "<script>",
                            urnSchema()),
                    1, (Supplier<String>) () -> "x".repeat(g.pick(300, 9000))));
        }
        if (g.chance(0.3)) {
            b.append('?').append(g.chance(0.8) ? listQuery() : g.pick("&&&", "%", "=", "a=%zz", "filter", "filter=", "count=%2", "%00=%00"));
        }
        return b.toString();
    }

    private String urnSchema() {
        return g.pick(USER, GROUP, ENTERPRISE, "urn:ietf:params:scim:schemas:core:2.0:Schema");
    }
}
