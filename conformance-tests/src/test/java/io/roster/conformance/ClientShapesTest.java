package io.roster.conformance;

import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.LIST_SCHEMA;
import static io.roster.conformance.Scim.SCIM_JSON;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The exact request shapes Microsoft Entra ID and Okta send for create, get, list, put and delete
 * (see CLIENTS.md). PATCH shapes are tested elsewhere.
 */
@Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md")
class ClientShapesTest {

    private static final String EXT = "'" + ENTERPRISE_SCHEMA + "'";

    /** Entra's user create: both schemas, externalId, active, empty roles, explicit nulls and a client meta. */
    private static final String ENTRA_CREATE_USER = """
            {
              "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
              ],
              "externalId": "%1$s",
              "userName": "Test_User_%2$s@contoso.example",
              "active": true,
              "displayName": "Test User %2$s",
              "emails": [
                {
                  "primary": true,
                  "type": "work",
                  "value": "Test_User_%2$s@contoso.example"
                }
              ],
              "meta": {
                "resourceType": "User"
              },
              "name": {
                "familyName": "familyName",
                "givenName": "givenName",
                "formatted": "givenName familyName"
              },
              "roles": [],
              "title": null,
              "preferredLanguage": null,
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "%3$s",
                "department": "Sales",
                "costCenter": null,
                "manager": null
              }
            }""";

    /** Entra's group create: an extra Microsoft schema URI, a client meta and empty members. */
    private static final String ENTRA_CREATE_GROUP = """
            {
              "externalId": "%1$s",
              "displayName": "%2$s",
              "meta": {
                "resourceType": "Group"
              },
              "members": [],
              "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:Group",
                "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
              ]
            }""";

    /** Okta's user create: password, empty groups, active. */
    private static final String OKTA_CREATE_USER = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "userName": "%1$s",
              "name": {
                "givenName": "Test",
                "familyName": "User"
              },
              "emails": [{
                "primary": true,
                "value": "%1$s",
                "type": "work"
              }],
              "displayName": "Test User",
              "locale": "en-US",
              "externalId": "%2$s",
              "groups": [],
              "password": "1mz050nq",
              "active": true
            }""";

    /** Okta's profile update: the full resource, with the id and the groups it was given. */
    private static final String OKTA_PUT_USER = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "id": "%1$s",
              "userName": "%2$s",
              "name": {
                "givenName": "Another",
                "familyName": "User"
              },
              "emails": [{
                "primary": true,
                "value": "%2$s",
                "type": "work"
              }],
              "displayName": "Another User",
              "locale": "en-US",
              "externalId": "%3$s",
              "groups": [],
              "active": true
            }""";

    /** Okta's group push. */
    private static final String OKTA_CREATE_GROUP = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
              "displayName": "%s",
              "members": []
            }""";

    private static String guid() {
        return UUID.randomUUID().toString();
    }

    private static String plusEncoded(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- Entra ID

    @Test
    void entraUserCreateIsAcceptedWithTheFullResource() {
        String externalId = guid();
        String tag = guid();
        String employeeNumber = String.valueOf(Math.abs(tag.hashCode()));
        String userName = "Test_User_" + tag + "@contoso.example";
        Response r = scim().body(ENTRA_CREATE_USER.formatted(externalId, tag, employeeNumber)).post("/Users");
        r.then().statusCode(201)
                .contentType(startsWith(SCIM_JSON))
                .body("id", not(blankOrNullString()))
                .body("schemas", hasItems(USER_SCHEMA, ENTERPRISE_SCHEMA))
                .body("userName", equalTo(userName))
                .body("externalId", equalTo(externalId))
                .body("active", equalTo(true))
                .body("displayName", equalTo("Test User " + tag))
                .body("emails[0].value", equalTo(userName))
                .body("emails[0].type", equalTo("work"))
                .body("emails[0].primary", equalTo(true))
                .body("name.givenName", equalTo("givenName"))
                .body("name.familyName", equalTo("familyName"))
                .body("meta.resourceType", equalTo("User"))
                .body("meta.created", not(blankOrNullString()))
                .body(EXT + ".employeeNumber", equalTo(employeeNumber))
                .body(EXT + ".department", equalTo("Sales"))
                .body("roles", anyOf(nullValue(), empty()));
        Map<String, Object> body = root(r);
        assertThat(body, not(hasKey("title")));
        assertThat(body, not(hasKey("preferredLanguage")));
        assertThat(r.header("Location"), equalTo(r.path("meta.location")));

        getUser(r.path("id")).then().statusCode(200)
                .body("externalId", equalTo(externalId))
                .body(EXT + ".employeeNumber", equalTo(employeeNumber));
    }

    @Test
    void entraConnectionTestFilterReturnsAnEmptyList() {
        scim().urlEncodingEnabled(false)
                .get("/Users?filter=" + plusEncoded("userName eq \"" + guid() + "\"")).then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", equalTo(0))
                .body("Resources", empty());
    }

    @Test
    void entraMatchingByUserNameInAnotherCaseFindsTheUser() {
        String tag = guid();
        String id = Scim.create("/Users", ENTRA_CREATE_USER.formatted(guid(), tag, "1"));
        String upper = ("Test_User_" + tag + "@contoso.example").toUpperCase(Locale.ROOT);
        scim().urlEncodingEnabled(false)
                .get("/Users?filter=" + plusEncoded("userName eq \"" + upper + "\"")).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Test
    void entraMatchingByExternalIdFindsTheUser() {
        String externalId = guid();
        String id = Scim.create("/Users", ENTRA_CREATE_USER.formatted(externalId, guid(), "2"));
        scim().urlEncodingEnabled(false)
                .get("/Users?filter=" + plusEncoded("externalId eq \"" + externalId + "\"")).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Test
    void entraDuplicateUserNameIsRejectedWithUniqueness() {
        String tag = guid();
        Scim.create("/Users", ENTRA_CREATE_USER.formatted(guid(), tag, "3"));
        Response r = scim().body(ENTRA_CREATE_USER.formatted(guid(), tag, "4")).post("/Users");
        assertScimError(r, 409, "uniqueness");
    }

    @Test
    @Requires(Capability.GROUPS)
    void entraGroupCreateWithMicrosoftSchemaAndEmptyMembersIsAccepted() {
        String name = "Entra Group " + guid();
        String externalId = guid();
        Response r = scim().body(ENTRA_CREATE_GROUP.formatted(externalId, name)).post("/Groups");
        r.then().statusCode(201)
                .contentType(startsWith(SCIM_JSON))
                .body("id", not(blankOrNullString()))
                .body("displayName", equalTo(name))
                .body("externalId", equalTo(externalId))
                .body("schemas", hasItem(GROUP_SCHEMA))
                .body("meta.resourceType", equalTo("Group"))
                .body("members", anyOf(nullValue(), empty()));
    }

    @Test
    @Requires(Capability.GROUPS)
    void entraGroupLookupExcludingMembersFindsTheGroupWithoutMembers() {
        String name = "Entra Lookup " + guid();
        String groupId = Scim.create("/Groups", ENTRA_CREATE_GROUP.formatted(guid(), name));
        String userId = Scim.create("/Users", ENTRA_CREATE_USER.formatted(guid(), guid(), "5"));
        scim().body(Scim.groupBody(name, List.of(userId))).put("/Groups/{id}", groupId).then().statusCode(200);

        Response r = scim().urlEncodingEnabled(false)
                .get("/Groups?excludedAttributes=members&filter=" + plusEncoded("displayName eq \"" + name + "\""));
        r.then().statusCode(200)
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(groupId))
                .body("Resources[0].displayName", equalTo(name));
        assertThat(r.jsonPath().getMap("Resources[0]"), not(hasKey("members")));
    }

    @Test
    void entraDeactivatedUserIsStillReturnedByGetAndFilters() {
        String externalId = guid();
        String tag = guid();
        String userName = "Test_User_" + tag + "@contoso.example";
        String id = Scim.create("/Users", ENTRA_CREATE_USER.formatted(externalId, tag, "6"));
        String deactivated = ENTRA_CREATE_USER.formatted(externalId, tag, "6").replace("\"active\": true", "\"active\": false");
        scim().body(deactivated).put("/Users/{id}", id).then().statusCode(200).body("active", equalTo(false));

        getUser(id).then().statusCode(200).body("active", equalTo(false));
        scim().queryParam("filter", "userName eq \"" + userName + "\"").get("/Users").then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id))
                .body("Resources[0].active", equalTo(false));
        scim().queryParam("filter", "externalId eq \"" + externalId + "\"").get("/Users").then()
                .statusCode(200)
                .body("totalResults", equalTo(1));

        Response del = scim().delete("/Users/{id}", id);
        del.then().statusCode(204);
        assertThat(del.asString(), emptyOrNullString());
    }

    @Test
    void entraMatchingByWorkEmailValueFindsTheUser() {
        String tag = guid();
        String id = Scim.create("/Users", ENTRA_CREATE_USER.formatted(guid(), tag, "7"));
        String email = "Test_User_" + tag + "@contoso.example";
        scim().urlEncodingEnabled(false)
                .get("/Users?filter=" + plusEncoded("emails[type eq \"work\"].value eq \"" + email + "\"")).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    // ---------------------------------------------------------------- Okta

    @Test
    void oktaCreateWithCharsetInContentTypeIsAccepted() {
        String userName = "okta." + Scim.unique("charset") + "@okta.example";
        scim().contentType("application/scim+json; charset=utf-8")
                .body(OKTA_CREATE_USER.formatted(userName, Scim.unique("okta-ext")).replace("Test User", "Tëst Üser"))
                .post("/Users").then()
                .statusCode(201)
                .body("userName", equalTo(userName))
                .body("displayName", equalTo("Tëst Üser"));
    }

    @Test
    void oktaUserCreateWithPasswordAndEmptyGroupsIsAccepted() {
        String userName = "okta." + Scim.unique("user") + "@okta.example";
        String externalId = "00u" + Scim.unique("okta").replace("-", "");
        Response r = scim().body(OKTA_CREATE_USER.formatted(userName, externalId)).post("/Users");
        r.then().statusCode(201)
                .contentType(startsWith(SCIM_JSON))
                .body("id", not(blankOrNullString()))
                .body("userName", equalTo(userName))
                .body("externalId", equalTo(externalId))
                .body("active", equalTo(true))
                .body("locale", equalTo("en-US"))
                .body("name.givenName", equalTo("Test"))
                .body("groups", anyOf(nullValue(), empty()));
        assertThat(root(r), not(hasKey("password")));
    }

    @Test
    void oktaDuplicateCreateIsRejectedWith409() {
        String userName = "okta." + Scim.unique("dup") + "@okta.example";
        Scim.create("/Users", OKTA_CREATE_USER.formatted(userName, Scim.unique("okta-ext")));
        assertScimError(scim().body(OKTA_CREATE_USER.formatted(userName, Scim.unique("okta-ext"))).post("/Users"), 409, "uniqueness");
    }

    @Test
    void oktaMatchingWithStartIndexAndCountFindsTheUser() {
        String userName = "okta." + Scim.unique("match") + "@okta.example";
        String id = Scim.create("/Users", OKTA_CREATE_USER.formatted(userName, Scim.unique("okta-ext")));
        scim().urlEncodingEnabled(false)
                .get("/Users?filter=" + plusEncoded("userName eq \"" + userName + "\"") + "&startIndex=1&count=100").then()
                .statusCode(200)
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", equalTo(1))
                .body("startIndex", equalTo(1))
                .body("itemsPerPage", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Test
    void oktaPagingByStartIndexPlusCountVisitsEveryUserOnce() {
        String prefix = "okta." + Scim.unique("page");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bodies.add(OKTA_CREATE_USER.formatted(prefix + "." + i + "@okta.example", Scim.unique("okta-ext")));
        }
        Set<String> created = new HashSet<>(Scim.createAll("/Users", bodies));
        List<String> seen = new ArrayList<>();
        int count = 2;
        for (int start = 1; start <= 5; start += count) {
            Response page = scim().urlEncodingEnabled(false)
                    .get("/Users?filter=" + plusEncoded("userName sw \"" + prefix + "\"") + "&startIndex=" + start + "&count=" + count);
            page.then().statusCode(200).body("totalResults", equalTo(5)).body("startIndex", equalTo(start));
            seen.addAll(page.jsonPath().getList("Resources.id"));
        }
        assertThat(seen.size(), equalTo(5));
        assertThat(new HashSet<>(seen), equalTo(created));
    }

    @Test
    void oktaProfilePutReplacesTheUser() {
        String userName = "okta." + Scim.unique("put") + "@okta.example";
        String externalId = Scim.unique("okta-ext");
        String id = Scim.create("/Users", OKTA_CREATE_USER.formatted(userName, externalId));
        scim().body(OKTA_PUT_USER.formatted(id, userName, externalId)).put("/Users/{id}", id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("name.givenName", equalTo("Another"))
                .body("displayName", equalTo("Another User"));
        getUser(id).then().statusCode(200).body("displayName", equalTo("Another User"));
    }

    @Test
    @Requires(Capability.GROUPS)
    void oktaGroupPushWithEmptyMembersIsAcceptedAndUnlinkDeletesIt() {
        String name = "Okta Group " + Scim.unique("push");
        Response r = scim().body(OKTA_CREATE_GROUP.formatted(name)).post("/Groups");
        r.then().statusCode(201)
                .body("id", not(blankOrNullString()))
                .body("displayName", equalTo(name))
                .body("members", anyOf(nullValue(), empty()));
        String id = r.path("id");

        Response del = scim().delete("/Groups/{id}", id);
        del.then().statusCode(204);
        assertThat(del.asString(), emptyOrNullString());
        assertScimError(Scim.getGroup(id), 404);
    }

    @Test
    @Requires(Capability.GROUPS)
    void oktaGroupPutWithFullMemberListReplacesMembers() {
        String name = "Okta Group " + Scim.unique("replace");
        String groupId = Scim.create("/Groups", OKTA_CREATE_GROUP.formatted(name));
        String u1 = Scim.create("/Users", OKTA_CREATE_USER.formatted("okta." + Scim.unique("m1") + "@okta.example", Scim.unique("e")));
        String u2 = Scim.create("/Users", OKTA_CREATE_USER.formatted("okta." + Scim.unique("m2") + "@okta.example", Scim.unique("e")));
        String body = """
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                  "id": "%s",
                  "displayName": "%s",
                  "members": [{"value": "%s", "display": "m1"}, {"value": "%s", "display": "m2"}]
                }""".formatted(groupId, name, u1, u2);
        scim().body(body).put("/Groups/{id}", groupId).then().statusCode(200);
        assertThat(Scim.memberIds(groupId), containsInAnyOrder(u1, u2));
    }
}
