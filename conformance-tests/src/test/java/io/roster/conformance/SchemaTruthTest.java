package io.roster.conformance;

import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createUser;
import static io.roster.conformance.Scim.getGroup;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What /Schemas declares is what the server does (RFC 7643 section 7): the canonical values listed for an
 * attribute a client may write are values a client may write, a type says what the attribute holds, and a
 * value a server would only drop is refused instead. Each part is skipped on a server without the feature.
 */
@Check(level = Level.ROSTER, area = Area.DISCOVERY, rule = "Roster: its schemas tell the truth")
class SchemaTruthTest {
    static final String ROSTER_USER = LicensingTest.USER_EXT;
    static final String ROSTER_GROUP = LicensingTest.GROUP_EXT;
    static final String LICENSE_EXT = LicensingTest.LICENSE_EXT;
    static final String API_CLIENT = "urn:roster:params:scim:schemas:core:2.0:ApiClient";
    static final String PATCH = LicensingTest.PATCH;

    private static Response patch(String endpoint, String id, String path, String value) {
        return scim().body("{\"schemas\": [\"" + PATCH + "\"], \"Operations\": [{\"op\": \"replace\", \"path\": " + q(path)
                + ", \"value\": " + q(value) + "}]}").patch(endpoint + "/{id}", id);
    }

    /** "schema:attribute[.sub]" of every attribute a client may write that lists canonicalValues, in the given schemas. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> writableCanonicalValues(List<String> schemaIds) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String id : schemaIds) {
            Response r = anonymous().get("/Schemas/" + id);
            if (r.statusCode() != 200) {
                continue;
            }
            for (Map<String, Object> a : (List<Map<String, Object>>) root(r).get("attributes")) {
                collect(id + ":" + a.get("name"), a, out);
                List<Map<String, Object>> subs = (List<Map<String, Object>>) a.get("subAttributes");
                if (subs != null && !"readOnly".equals(a.get("mutability"))) {
                    subs.forEach(s -> collect(id + ":" + a.get("name") + "." + s.get("name"), s, out));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(String key, Map<String, Object> a, Map<String, List<String>> out) {
        List<String> values = (List<String>) a.get("canonicalValues");
        if (values != null && !values.isEmpty() && !"readOnly".equals(a.get("mutability"))) {
            out.put(key, values);
        }
    }

    /**
     * RFC 7643 section 2.3.1's canonicalValues are values a client may use: listing one the server then
     * refuses misleads every client that builds its requests from /Schemas. Every writable attribute with
     * canonical values in Roster's own schemas is written with each value; a new one fails here until the
     * kit knows how to write it.
     */
    @Test
    void everyCanonicalValueOfAWritableRosterAttributeIsAccepted() {
        Map<String, List<String>> declared = writableCanonicalValues(List.of(ROSTER_USER, ROSTER_GROUP, LICENSE_EXT));
        Assumptions.assumeFalse(declared.isEmpty(), "the server has none of Roster's extension schemas");
        Map<String, Function<String, Response>> writers = Map.of(
                ROSTER_GROUP + ":licenseProcessingState", v -> patch("/Groups",
                        create("/Groups", Scim.groupBodyWithoutMembers(unique("canonical"))), ROSTER_GROUP + ":licenseProcessingState", v),
                ROSTER_USER + ":licenseProcessingState", v -> patch("/Users",
                        createUser(uniqueUserName("canonical")), ROSTER_USER + ":licenseProcessingState", v),
                ROSTER_GROUP + ":membershipRuleProcessingState", v -> scim().body("""
                        {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"membershipRule": %s, "membershipRuleProcessingState": %s}}"""
                        .formatted(GROUP_SCHEMA, ROSTER_GROUP, q(unique("canonical")), ROSTER_GROUP,
                                q("userName eq " + q(unique("nobody"))), q(v))).post("/Groups"),
                LICENSE_EXT + ":capabilityStatus", v -> scim().body("""
                        {"schemas": ["%s", "%s"], "value": "%s", "display": "CANONICAL", "type": "License", "supported": true,
                         "%s": {"capabilityStatus": %s}}""".formatted(LicensingTest.ENTITLEMENT, LICENSE_EXT,
                        UUID.randomUUID(), LICENSE_EXT, q(v))).post("/Licenses"));
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : declared.entrySet()) {
            Function<String, Response> writer = writers.get(e.getKey());
            if (writer == null) {
                unknown.add(e.getKey());
                continue;
            }
            for (String value : e.getValue()) {
                Response r = writer.apply(value);
                assertThat(e.getKey() + " = " + value + ": " + r.asString(), r.statusCode(),
                        anyOf(equalTo(200), equalTo(201), equalTo(204)));
            }
        }
        assertThat("writable attributes with canonical values the kit cannot write yet", unknown, empty());
    }

    /**
     * An ApiClient's userId holds a User's id, so it is declared a string; the User's URI (its
     * meta.location, or /Users/{id}), which a client reading an older "reference" declaration sends, is
     * taken as that id.
     */
    @Test
    void apiClientUserIdIsAStringAndTheUsersUriIsStoredAsItsId() {
        Assumptions.assumeTrue(anonymous().get("/ResourceTypes/ApiClient").statusCode() == 200, "no ApiClient resource type");
        Response schema = anonymous().get("/Schemas/" + API_CLIENT);
        List<Map<String, Object>> attributes = schema.jsonPath().getList("attributes");
        Map<String, Object> userId = attributes.stream().filter(a -> "userId".equals(a.get("name"))).findFirst().orElseThrow();
        assertThat(userId.get("type"), equalTo("string"));

        String userName = uniqueUserName("uri-client");
        String user = createUser(userName);
        String location = getUser(user).path("meta.location");
        for (String given : List.of(location, "/Users/" + user, user)) {
            Response created = scim().body("{\"schemas\": [\"" + API_CLIENT + "\"], \"displayName\": \"uri client\", \"userId\": "
                    + q(given) + "}").post("/ApiClients");
            created.then().statusCode(201).body("userId", equalTo(user));
            String secret = created.path("secret");
            anonymous().header("Authorization", "Bearer " + secret).get("/Me").then().statusCode(200)
                    .body("id", equalTo(user)).body("userName", equalTo(userName));
        }
        Response other = scim().body("{\"schemas\": [\"" + API_CLIENT + "\"], \"displayName\": \"uri client\", \"userId\": "
                + q("/Groups/" + user) + "}").post("/ApiClients");
        assertScimError(other, 400, "invalidValue");
    }

    /**
     * membershipRuleProcessingState is the state of a rule: on a group without one it would mean nothing,
     * and was dropped without a word. It is refused, naming what is missing.
     */
    @Test
    void aMembershipRuleProcessingStateWithoutARuleIsRefused() {
        Response schema = anonymous().get("/Schemas/" + ROSTER_GROUP);
        Assumptions.assumeTrue(schema.statusCode() == 200 && schema.asString().contains("membershipRule"), "no dynamic groups");
        String name = unique("stateless");
        Response created = scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"membershipRuleProcessingState": "Paused"}}"""
                .formatted(GROUP_SCHEMA, ROSTER_GROUP, q(name), ROSTER_GROUP)).post("/Groups");
        assertScimError(created, 400, "invalidValue");
        assertThat(created.path("detail"), containsString("membershipRule"));
        scim().queryParam("filter", "displayName eq " + q(name)).get("/Groups").then().body("totalResults", equalTo(0));

        String group = create("/Groups", Scim.groupBodyWithoutMembers(unique("static")));
        assertScimError(patch("/Groups", group, ROSTER_GROUP + ":membershipRuleProcessingState", "On"), 400, "invalidValue");
        Response read = getGroup(group);
        assertThat(read.asString(), not(containsString("membershipRuleProcessingState")));
    }

    /** A license entry is its SKU: one without "value" is refused (it was stored, or dropped, meaning nothing); a plan is its id. */
    @Test
    void aLicenseEntryWithoutItsSkuIsRefused() {
        Assumptions.assumeTrue(scim().get("/ResourceTypes/License").statusCode() == 200, "no License resource type");
        Response user = scim().body("""
                {"schemas": ["%s", "%s"], "userName": %s, "%s": {"usageLocation": "US", "licenses": [{"disabledPlans": ["x"]}]}}"""
                .formatted(USER_SCHEMA, ROSTER_USER, q(uniqueUserName("skuless")), ROSTER_USER)).post("/Users");
        assertScimError(user, 400, "invalidValue");
        Response group = scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"licenses": [{"disabledPlans": ["x"]}]}}"""
                .formatted(GROUP_SCHEMA, ROSTER_GROUP, q(unique("skuless")), ROSTER_GROUP)).post("/Groups");
        assertScimError(group, 400, "invalidValue");
        assertThat(group.path("detail"), containsString("value"));
        // likewise a service plan is its id: exclusivity and dependencies compare plan ids
        Response plan = scim().body("""
                {"schemas": ["%s", "%s"], "value": "%s", "display": "PLANLESS", "%s": {"servicePlans": [{"servicePlanName": "EXCHANGE"}]}}"""
                .formatted(LicensingTest.ENTITLEMENT, LICENSE_EXT, UUID.randomUUID(), LICENSE_EXT)).post("/Licenses");
        assertScimError(plan, 400, "invalidValue");
        assertThat(plan.path("detail"), containsString("servicePlanId"));
    }
}
