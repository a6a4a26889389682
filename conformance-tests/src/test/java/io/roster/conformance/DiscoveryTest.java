package io.roster.conformance;

import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.LIST_SCHEMA;
import static io.roster.conformance.Scim.SCIM_JSON;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Capabilities;
import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Exchanges;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7644 section 4: the three discovery endpoints, readable without a token. */
@Check(level = Level.RFC_MUST, area = Area.DISCOVERY, rule = "RFC 7644 4")
class DiscoveryTest {
    /**
     * Discovery as the server serves it: without a token when it allows that (then every test below also
     * shows it needs none), else with the run's token; RFC 7644 4 leaves authentication to the provider.
     */
    private static RequestSpecification discovery() {
        return Capabilities.current().has(Capability.ANONYMOUS_DISCOVERY) ? anonymous() : Scim.scim();
    }


    @Check(level = Level.ROSTER, rule = "Roster: its features")
    @Requires(Capability.ANONYMOUS_DISCOVERY)
    @Test
    void serviceProviderConfigNeedsNoTokenAndDescribesRosterFeatures() {
        anonymous().get("/ServiceProviderConfig").then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"))
                .body("patch.supported", equalTo(true))
                .body("bulk.supported", equalTo(true))
                .body("filter.supported", equalTo(true))
                .body("filter.maxResults", equalTo(1000))
                .body("changePassword.supported", equalTo(true))
                .body("sort.supported", equalTo(true))
                .body("etag.supported", equalTo(true))
                .body("authenticationSchemes", not(empty()))
                .body("authenticationSchemes[0].type", equalTo("oauthbearertoken"))
                .body("authenticationSchemes[0].primary", equalTo(true))
                .body("meta.resourceType", equalTo("ServiceProviderConfig"));
    }

    @Test
    @Requires({Capability.ENTERPRISE_USER, Capability.GROUPS})
    void schemasListNeedsNoTokenAndHoldsUserGroupAndEnterpriseSchemas() {
        discovery().get("/Schemas").then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", greaterThanOrEqualTo(3))
                .body("Resources.id", hasItems(USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA))
                .body("Resources.attributes", everyItem(not(empty())))
                .body("Resources.meta.resourceType", everyItem(equalTo("Schema")))
                .body("Resources.meta.location", everyItem(not(blankOrNullString())))
                .body("Resources.find { it.id == '" + USER_SCHEMA + "' }.attributes.name", hasItems("userName", "emails"))
                .body("Resources.find { it.id == '" + GROUP_SCHEMA + "' }.attributes.name", hasItems("displayName", "members"))
                .body("Resources.find { it.id == '" + ENTERPRISE_SCHEMA + "' }.attributes.name", hasItem("employeeNumber"));
    }

    @Test
    void singleSchemaByUrnNeedsNoToken() {
        discovery().get("/Schemas/" + USER_SCHEMA).then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("id", equalTo(USER_SCHEMA))
                .body("attributes", not(empty()))
                .body("attributes.name", hasItem("userName"))
                .body("meta.resourceType", equalTo("Schema"))
                .body("meta.location", endsWith("/Schemas/" + USER_SCHEMA));
    }

    @Test
    @Requires(Capability.ENTERPRISE_USER)
    void enterpriseSchemaByUrnIsReturned() {
        discovery().get("/Schemas/" + ENTERPRISE_SCHEMA).then()
                .statusCode(200)
                .body("id", equalTo(ENTERPRISE_SCHEMA))
                .body("attributes.name", hasItems("employeeNumber", "manager"));
    }

    @Test
    void unknownSchemaUrnIsNotFound() {
        Response r = discovery().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Nope");
        assertScimError(r, 404);
    }

    @Test
    @Requires({Capability.ENTERPRISE_USER, Capability.GROUPS})
    void resourceTypesNeedNoTokenAndListUserWithEnterpriseExtensionAndGroup() {
        String user = "Resources.find { it.name == 'User' }";
        String group = "Resources.find { it.name == 'Group' }";
        discovery().get("/ResourceTypes").then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("schemas", contains(LIST_SCHEMA))
                .body("Resources.name", hasItems("User", "Group"))
                .body(user + ".endpoint", equalTo("/Users"))
                .body(user + ".schema", equalTo(USER_SCHEMA))
                .body(user + ".schemaExtensions", hasSize(greaterThanOrEqualTo(1)))
                .body(user + ".schemaExtensions.find { it.schema == '" + ENTERPRISE_SCHEMA + "' }.required", equalTo(false))
                .body(user + ".meta.resourceType", equalTo("ResourceType"))
                .body(group + ".endpoint", equalTo("/Groups"))
                .body(group + ".schema", equalTo(GROUP_SCHEMA))
                .body("Resources.meta.location", everyItem(notNullValue()));
    }

    @Test
    @Requires(Capability.ENTERPRISE_USER)
    void userResourceTypeByNameNeedsNoToken() {
        discovery().get("/ResourceTypes/User").then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("name", equalTo("User"))
                .body("endpoint", equalTo("/Users"))
                .body("schema", equalTo(USER_SCHEMA))
                .body("schemaExtensions.schema", hasItem(ENTERPRISE_SCHEMA))
                .body("schemaExtensions.find { it.schema == '" + ENTERPRISE_SCHEMA + "' }.required", equalTo(false));
    }

    @Test
    void unknownResourceTypeIsNotFound() {
        assertScimError(discovery().get("/ResourceTypes/Nope"), 404);
    }

    /** RFC 7644 section 4: a filter on a discovery endpoint SHOULD get 403. */
    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 4")
    @Test
    void filterOnSchemasIsForbidden() {
        Response r = discovery().queryParam("filter", "id eq \"" + USER_SCHEMA + "\"").get("/Schemas");
        assertScimError(r, 403);
    }

    private static final List<String> DISCOVERY_PATHS = List.of("/ServiceProviderConfig", "/Schemas", "/Schemas/" + USER_SCHEMA,
            "/ResourceTypes", "/ResourceTypes/User");

    /** Issue 16: every method a discovery endpoint does not serve is 405 with Allow, POST included (it was 404). */
    @Check(level = Level.RFC_SHOULD, rule = "RFC 9110 15.5.6")
    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void everyMethodADiscoveryEndpointDoesNotServeIs405WithAllow(String method) {
        for (String path : DISCOVERY_PATHS) {
            boolean anonymousToo = Capabilities.current().has(Capability.ANONYMOUS_DISCOVERY);
            for (boolean withToken : anonymousToo ? new boolean[] {false, true} : new boolean[] {true}) {
                Response r = (withToken ? Scim.scim() : anonymous()).body("{}").request(method, path);
                assertScimError(r, 405);
                String allow = r.header("Allow");
                org.hamcrest.MatcherAssert.assertThat(method + " " + path, allow == null ? "" : allow.toUpperCase(Locale.ROOT),
                        org.hamcrest.Matchers.containsString("GET"));
            }
        }
    }

    /** The discovery documents carry an ETag; sending it back with If-None-Match gets 304 and no body. */
    @Check(level = Level.ROSTER, rule = "Roster: cacheable discovery")
    @Requires(Capability.ANONYMOUS_DISCOVERY)
    @Test
    void discoveryDocumentsCarryAnETagThatIfNoneMatchAnswersWith304() {
        for (String path : DISCOVERY_PATHS) {
            Response first = anonymous().get(path);
            first.then().statusCode(200);
            String etag = first.header("ETag");
            org.hamcrest.MatcherAssert.assertThat(path + " has an ETag", etag, not(blankOrNullString()));
            anonymous().get(path).then().statusCode(200).header("ETag", equalTo(etag));
            Response again = anonymous().header("If-None-Match", etag).get(path);
            again.then().statusCode(304);
            org.hamcrest.MatcherAssert.assertThat(again.asString(), equalTo(""));
            anonymous().header("If-None-Match", "\"something-else\"").get(path).then().statusCode(200);
        }
    }

    /** meta.location follows the URL the client used (the embedded server derives it per request). */
    @Check(level = Level.ROSTER, rule = "Roster: locations follow the request")
    @Requires(Capability.ANONYMOUS_DISCOVERY)
    @Test
    void discoveryLocationsUseTheRequestsBaseUrl() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ScimTarget.get().isEmbedded(), "a configured base URL may differ");
        String root = ScimTarget.get().scimRoot().toString();
        anonymous().get("/Schemas").then().body("Resources.meta.location", everyItem(startsWith(root + "/Schemas/")));
        anonymous().get("/ResourceTypes/User").then().body("meta.location", equalTo(root + "/ResourceTypes/User"));
        anonymous().get("/ServiceProviderConfig").then().body("meta.location", equalTo(root + "/ServiceProviderConfig"));
        // the same documents asked for through another host name carry that host
        String other = root.replace("127.0.0.1", "localhost");
        org.junit.jupiter.api.Assumptions.assumeFalse(other.equals(root));
        io.restassured.RestAssured.given().filter(Exchanges.FILTER).baseUri(other).get("/Schemas/" + USER_SCHEMA).then()
                .body("meta.location", equalTo(other + "/Schemas/" + USER_SCHEMA));
    }
}
