package io.roster.conformance.kit;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.roster.conformance.ScimTarget;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the server under test offers, read once per target from its discovery documents (RFC 7644
 * section 4) and, for the features discovery cannot express, from one harmless probe each. A capability
 * the server does not offer is a reason to skip, never a failure: whether the documents themselves are
 * right is what DiscoveryTest checks.
 */
public final class Capabilities {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private static volatile Capabilities cached;

    private final ScimTarget target;
    private final Map<Capability, String> missing = new EnumMap<>(Capability.class);

    private Capabilities(ScimTarget target) {
        this.target = target;
        read();
    }

    /** The capabilities of the current target (read again when the target changes). */
    public static Capabilities current() {
        ScimTarget t = ScimTarget.get();
        Capabilities c = cached;
        if (c == null || c.target != t) {
            synchronized (Capabilities.class) {
                c = cached;
                if (c == null || c.target != t) {
                    c = new Capabilities(t);
                    cached = c;
                }
            }
        }
        return c;
    }

    /** Why the server lacks the capability, or null when it has it. */
    public String whyNot(Capability capability) {
        if (capability == Capability.STRESS) {
            // the one setting that may change between runs against one target
            return KitSettings.current().stress() ? null : "large data sets are opt-in against this server (--stress)";
        }
        return missing.get(capability);
    }

    public boolean has(Capability capability) {
        return whyNot(capability) == null;
    }

    private void read() {
        Response spc = given().spec(target.spec()).get("/ServiceProviderConfig");
        JsonPath config = spc.statusCode() == 200 ? spc.jsonPath() : new JsonPath("{}");
        for (Capability c : List.of(Capability.ETAG, Capability.BULK, Capability.SORT, Capability.FILTER,
                Capability.PATCH, Capability.CHANGE_PASSWORD, Capability.CURSOR)) {
            if (!Boolean.TRUE.equals(config.get(c.source()))) {
                missing.put(c, "/ServiceProviderConfig does not say " + c.source() + ": true"
                        + (spc.statusCode() == 200 ? "" : " (it answered " + spc.statusCode() + ")"));
            }
        }
        if (!target.hasToken()) {
            missing.put(Capability.TOKEN, "the run has no token (--no-auth)");
        }
        int anonymous = given().spec(target.anonymousSpec()).get("/ServiceProviderConfig").statusCode();
        if (anonymous != 200) {
            missing.put(Capability.ANONYMOUS_DISCOVERY, "/ServiceProviderConfig without a token answers " + anonymous);
        }

        Response types = given().spec(target.spec()).get("/ResourceTypes");
        List<Map<String, Object>> resourceTypes = types.statusCode() == 200
                ? types.jsonPath().getList("Resources") : null;
        boolean enterprise = false;
        boolean groups = false;
        if (resourceTypes != null) {
            for (Map<String, Object> rt : resourceTypes) {
                if ("User".equals(rt.get("name")) && rt.get("schemaExtensions") instanceof List<?> ext) {
                    enterprise = ext.stream().anyMatch(e -> e instanceof Map<?, ?> m && ENTERPRISE.equals(m.get("schema")));
                }
                groups |= "urn:ietf:params:scim:schemas:core:2.0:Group".equals(rt.get("schema"));
            }
        }
        if (!enterprise) {
            missing.put(Capability.ENTERPRISE_USER, "/ResourceTypes lists no enterprise extension on User");
        }
        if (!groups) {
            missing.put(Capability.GROUPS, "/ResourceTypes lists no Group resource type");
        }

        Response user = given().spec(target.spec()).get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
        List<String> attributes = user.statusCode() == 200 ? user.jsonPath().getList("attributes.name") : null;
        if (attributes == null || attributes.stream().noneMatch(a -> "groups".equalsIgnoreCase(a))) {
            missing.put(Capability.USER_GROUPS, "the User schema in /Schemas has no groups attribute");
        }

        // RFC 7644 3.11: a server without /Me answers 501 Not Implemented
        int me = given().spec(target.spec()).get("/Me").statusCode();
        if (me == 501 || me == 405) {
            missing.put(Capability.ME, "GET /Me answers " + me);
        }

        // RFC 7644 3.4.3: queries by POST, on a resource type and (MAY) at the root; the probes match nothing
        String probe = "{\"schemas\": [\"" + SEARCH + "\"], \"filter\": \"id eq \\\"roster-conformance-probe\\\"\", \"count\": 1}";
        int search = given().spec(target.spec()).body(probe).post("/Users/.search").statusCode();
        if (search != 200) {
            missing.put(Capability.SEARCH, "POST /Users/.search answers " + search);
        }
        int rootSearch = given().spec(target.spec()).body(probe).post("/.search").statusCode();
        if (rootSearch != 200) {
            missing.put(Capability.ROOT_SEARCH, "POST /.search answers " + rootSearch);
        }
    }
}
