package io.roster.conformance;

import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.SCIM_JSON;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Capabilities;
import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 7644 sections 3.3, 3.4.1, 3.5.1 and 3.6 for Users. */
@Check(level = Level.RFC_MUST, area = Area.CRUD, rule = "RFC 7644 3.3, 3.4.1, 3.5.1, 3.6")
class UserLifecycleTest {

    private static final String EXT = "'" + ENTERPRISE_SCHEMA + "'";

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.3, 3.14")
    @Test
    void createReturns201WithLocationEtagAndMeta() {
        String userName = uniqueUserName("create");
        Response r = scim().body(Scim.userBody(userName, "Create Me")).post("/Users");
        r.then()
                .statusCode(201)
                .contentType(startsWith(SCIM_JSON))
                .body("id", not(blankOrNullString()))
                .body("schemas", hasItem(USER_SCHEMA))
                .body("userName", equalTo(userName))
                .body("displayName", equalTo("Create Me"))
                .body("meta.resourceType", equalTo("User"))
                .body("meta.created", not(blankOrNullString()))
                .body("meta.lastModified", not(blankOrNullString()));
        String id = r.path("id");
        // RFC 7644 3.3: the URI of the new resource SHALL be in the Location header and in meta.location
        String location = Scim.resolved(r.path("meta.location"));
        assertThat(location, endsWith("/Users/" + id));
        assertThat("Location header", r.header("Location"), not(blankOrNullString()));
        assertThat("Location header equals meta.location", Scim.resolved(r.header("Location")), equalTo(location));
        // RFC 7644 3.14: with ETags, the ETag header MUST be sent; meta.version SHOULD carry the same
        if (Capabilities.current().has(Capability.ETAG)) {
            assertThat("ETag header", r.header("ETag"), not(blankOrNullString()));
            if (r.path("meta.version") != null) {
                assertThat("ETag header equals meta.version", r.header("ETag"), equalTo(r.path("meta.version")));
            }
        }
    }

    @Test
    void getByIdReturnsTheCreatedUser() {
        String userName = uniqueUserName("get");
        Response created = scim().body(Scim.userBody(userName, "Get Me")).post("/Users");
        created.then().statusCode(201);
        String id = created.path("id");

        Response r = getUser(id);
        r.then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .header("ETag", equalTo(created.header("ETag")))
                .body("id", equalTo(id))
                .body("userName", equalTo(userName))
                .body("displayName", equalTo("Get Me"))
                .body("schemas", hasItem(USER_SCHEMA))
                .body("meta.resourceType", equalTo("User"))
                .body("meta.location", equalTo(created.path("meta.location")))
                .body("meta.version", equalTo(created.path("meta.version")))
                .body("meta.created", equalTo(created.path("meta.created")))
                .body("meta.lastModified", equalTo(created.path("meta.lastModified")));
    }

    @Test
    void getUnknownIdIsNotFound() {
        assertScimError(getUser("does-not-exist-" + Scim.unique("id")), 404);
    }

    @Test
    void putReplacesTheWholeResourceAndChangesVersion() throws InterruptedException {
        String userName = uniqueUserName("put");
        String id = create("/Users", """
                {"schemas": ["%s"], "userName": %s, "displayName": "Before", "title": "Engineer",
                 "name": {"givenName": "Ann", "familyName": "Before"}}""".formatted(USER_SCHEMA, q(userName)));
        Response before = getUser(id);
        before.then().statusCode(200);
        Thread.sleep(15); // lastModified has millisecond precision

        String renamed = uniqueUserName("put-renamed");
        Response put = scim().body("""
                {"schemas": ["%s"], "id": %s, "userName": %s, "name": {"givenName": "Ann"}}"""
                .formatted(USER_SCHEMA, q(id), q(renamed))).put("/Users/{id}", id);
        put.then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .header("ETag", Scim.entityTag())
                .body("id", equalTo(id))
                .body("userName", equalTo(renamed))
                .body("name.givenName", equalTo("Ann"))
                .body("name.familyName", nullValue())
                .body("meta.created", equalTo(before.path("meta.created")));
        assertThat(root(put), not(hasKey("displayName")));
        assertThat(root(put), not(hasKey("title")));
        assertThat("lastModified changes", put.path("meta.lastModified"), not(equalTo(before.path("meta.lastModified"))));
        assertThat("version changes", put.path("meta.version"), not(equalTo(before.path("meta.version"))));
        assertThat("ETag changes", put.header("ETag"), not(equalTo(before.header("ETag"))));
        assertThat("ETag header equals meta.version", put.header("ETag"), equalTo(put.path("meta.version")));

        Response after = getUser(id);
        after.then().statusCode(200)
                .body("userName", equalTo(renamed))
                .body("meta.version", equalTo(put.path("meta.version")));
        assertThat(root(after), not(hasKey("displayName")));
        assertThat(root(after), not(hasKey("title")));
    }

    @Test
    void putToUnknownIdIsNotFound() {
        String missing = "does-not-exist-" + Scim.unique("id");
        Response r = scim().body(Scim.userBody(uniqueUserName("put-missing"))).put("/Users/{id}", missing);
        assertScimError(r, 404);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.6")
    @Test
    void deleteReturns204ThenTheUserIsGone() {
        String id = createUniqueUser("delete");
        Response del = scim().delete("/Users/{id}", id);
        del.then().statusCode(204);
        assertThat("204 has no body", del.asString(), emptyOrNullString());

        assertScimError(getUser(id), 404);
        assertScimError(scim().delete("/Users/{id}", id), 404);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.1.1")
    @Test
    void passwordIsNeverReturned() {
        String userName = uniqueUserName("pw");
        Response created = scim().body("""
                {"schemas": ["%s"], "userName": %s, "password": "t1meMa$heen-Secret"}""".formatted(USER_SCHEMA, q(userName)))
                .post("/Users");
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(root(created), not(hasKey("password")));
        assertThat(created.asString(), not(containsString("t1meMa$heen-Secret")));

        Response got = getUser(id);
        got.then().statusCode(200);
        assertThat(root(got), not(hasKey("password")));

        Response listed = scim().queryParam("filter", "userName eq \"" + userName + "\"").get("/Users");
        listed.then().statusCode(200).body("totalResults", equalTo(1));
        Map<String, Object> first = listed.jsonPath().getMap("Resources[0]");
        assertThat(first, not(hasKey("password")));
        assertThat(listed.asString(), not(containsString("t1meMa$heen-Secret")));

        Response withAttr = scim().queryParam("attributes", "password").get("/Users/{id}", id);
        withAttr.then().statusCode(200);
        assertThat(root(withAttr), not(hasKey("password")));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.5.1")
    @Test
    void putWithoutPasswordIsAccepted() {
        String userName = uniqueUserName("pw-put");
        String id = create("/Users", """
                {"schemas": ["%s"], "userName": %s, "password": "Secret-123-abc"}""".formatted(USER_SCHEMA, q(userName)));
        scim().body(Scim.userBody(userName, "No Password Here")).put("/Users/{id}", id).then()
                .statusCode(200)
                .body("displayName", equalTo("No Password Here"));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 3.1, RFC 7644 3.3")
    @Test
    @Requires(Capability.GROUPS)
    void clientSentIdMetaAndGroupsAreIgnored() {
        String groupId = Scim.createGroup(Scim.unique("ignored-groups"));
        String clientId = "client-chosen-" + Scim.unique("id");
        String userName = uniqueUserName("readonly");
        Response r = scim().body("""
                {
                  "schemas": ["%s"],
                  "id": %s,
                  "userName": %s,
                  "meta": {"resourceType": "Group", "created": "2001-01-01T00:00:00Z",
                           "lastModified": "2001-01-01T00:00:00Z", "version": "W/\\"client\\"",
                           "location": "https://evil.example/Users/%s"},
                  "groups": [{"value": %s, "display": "not mine", "type": "direct"}]
                }""".formatted(USER_SCHEMA, q(clientId), q(userName), clientId, q(groupId))).post("/Users");
        r.then().statusCode(201)
                .body("id", not(equalTo(clientId)))
                .body("meta.resourceType", equalTo("User"))
                .body("meta.created", not(startsWith("2001")))
                .body("meta.lastModified", not(startsWith("2001")))
                .body("meta.version", not(equalTo("W/\"client\"")));
        String id = r.path("id");
        assertThat("meta.location is the server's", Scim.resolved(r.path("meta.location")),
                equalTo(Scim.resolved("Users/" + id)));
        assertThat(Scim.values(r, "groups"), not(hasItem(groupId)));
        assertThat(Scim.values(getUser(id), "groups"), not(hasItem(groupId)));
        assertThat("the user did not join the group", Scim.memberIds(groupId), not(hasItem(id)));
        assertScimError(getUser(clientId), 404);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.3, 3.3")
    @Requires(Capability.ENTERPRISE_USER)
    @Test
    void enterpriseExtensionRoundTripsUnderItsUrn() {
        String managerId = createUniqueUser("manager");
        String userName = uniqueUserName("enterprise");
        Response r = scim().body("""
                {
                  "schemas": ["%s", "%s"],
                  "userName": %s,
                  "%s": {
                    "employeeNumber": "70142",
                    "costCenter": "CC-4",
                    "organization": "Roster",
                    "division": "Identity",
                    "department": "Provisioning",
                    "manager": {"value": %s}
                  }
                }""".formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(userName), ENTERPRISE_SCHEMA, q(managerId))).post("/Users");
        r.then().statusCode(201)
                .body("schemas", hasItems(USER_SCHEMA, ENTERPRISE_SCHEMA))
                .body(EXT + ".employeeNumber", equalTo("70142"))
                .body(EXT + ".department", equalTo("Provisioning"))
                .body(EXT + ".manager.value", equalTo(managerId));
        String id = r.path("id");

        getUser(id).then().statusCode(200)
                .body("schemas", hasItems(USER_SCHEMA, ENTERPRISE_SCHEMA))
                .body(EXT + ".employeeNumber", equalTo("70142"))
                .body(EXT + ".costCenter", equalTo("CC-4"))
                .body(EXT + ".organization", equalTo("Roster"))
                .body(EXT + ".division", equalTo("Identity"))
                .body(EXT + ".department", equalTo("Provisioning"))
                .body(EXT + ".manager.value", equalTo(managerId));
    }

    @Check(level = Level.ROSTER, rule = "Roster: no empty extension object")
    @Requires(Capability.ENTERPRISE_USER)
    @Test
    void userWithoutExtensionHasNoExtensionObject() {
        String id = createUniqueUser("no-ext");
        Response r = getUser(id);
        r.then().statusCode(200);
        assertThat(root(r), not(hasKey(ENTERPRISE_SCHEMA)));
    }

    /**
     * RFC 7644 section 3.5.1 lets a provider keep what a PUT omits. Roster keeps an extension the body does
     * not mention at all (Okta's profile PUT carries core attributes only) and clears one the body declares
     * in "schemas" without values.
     */
    @Check(level = Level.ROSTER, rule = "RFC 7644 3.5.1 leaves it open")
    @Requires(Capability.ENTERPRISE_USER)
    @Test
    void putKeepsAnUnmentionedExtensionAndClearsADeclaredEmptyOne() {
        String userName = uniqueUserName("ext-put");
        String id = create("/Users", """
                {"schemas": ["%s", "%s"], "userName": %s, "%s": {"employeeNumber": "1"}}"""
                .formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(userName), ENTERPRISE_SCHEMA));
        scim().body(Scim.userBody(userName)).put("/Users/{id}", id).then().statusCode(200);
        getUser(id).then().statusCode(200).body(EXT + ".employeeNumber", equalTo("1"));
        scim().body("""
                {"schemas": ["%s", "%s"], "userName": %s}""".formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(userName)))
                .put("/Users/{id}", id).then().statusCode(200);
        getUser(id).then().statusCode(200).body(EXT + ".employeeNumber", nullValue());
    }

    /** RFC 7643 section 3.1: id is readOnly; an id in a PUT body does not redirect the write. */
    @Check(level = Level.RFC_SHOULD, rule = "RFC 7643 3.1 (id readOnly)")
    @Test
    void putWithAnotherIdInTheBodyUpdatesThePathResource() {
        String target = createUniqueUser("put-target");
        String bystander = createUniqueUser("put-bystander");
        String bystanderName = getUser(bystander).path("userName");
        String userName = uniqueUserName("put-target-new");
        scim().body("""
                {"schemas": ["%s"], "id": %s, "userName": %s}""".formatted(USER_SCHEMA, q(bystander), q(userName)))
                .put("/Users/{id}", target).then()
                .statusCode(200)
                .body("id", equalTo(target))
                .body("userName", equalTo(userName));
        getUser(bystander).then().statusCode(200).body("userName", equalTo(bystanderName));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.1.1")
    @Test
    void putChangingOnlyTheCaseOfTheOwnUserNameIsAccepted() {
        String userName = "Case.Only." + Scim.unique("u") + "@conformance.example";
        String id = create("/Users", Scim.userBody(userName));
        String upper = userName.toUpperCase(Locale.ROOT);
        scim().body(Scim.userBody(upper)).put("/Users/{id}", id).then()
                .statusCode(200)
                .body("userName", equalTo(upper));
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void renamedUserIsFoundByItsNewUserNameOnly() {
        String oldName = uniqueUserName("rename-old");
        String newName = uniqueUserName("rename-new");
        String id = create("/Users", Scim.userBody(oldName));
        scim().body(Scim.userBody(newName)).put("/Users/{id}", id).then().statusCode(200);
        scim().queryParam("filter", "userName eq " + q(newName)).get("/Users").then()
                .statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
        scim().queryParam("filter", "userName eq " + q(oldName)).get("/Users").then()
                .statusCode(200).body("totalResults", equalTo(0));
        String reuse = create("/Users", Scim.userBody(oldName));
        assertThat("the old userName is free again", reuse, not(equalTo(id)));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.6")
    @Requires(Capability.FILTER)
    @Test
    void userNameAndExternalIdAreFreeAgainAfterDelete() {
        String userName = uniqueUserName("reuse");
        String externalId = Scim.unique("reuse-ext");
        String body = """
                {"schemas": ["%s"], "userName": %s, "externalId": %s}""".formatted(USER_SCHEMA, q(userName), q(externalId));
        String first = create("/Users", body);
        scim().delete("/Users/{id}", first).then().statusCode(204);
        String second = create("/Users", body);
        assertThat(second, not(equalTo(first)));
        scim().queryParam("filter", "userName eq " + q(userName)).get("/Users").then()
                .statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(second));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.8 (UTF-8)")
    @Test
    void nonAsciiValuesRoundTripInUtf8() {
        String userName = "zoë." + Scim.unique("ü") + "@conformance.example";
        String displayName = "Zoë Ångström 山田太郎 🚀";
        Response r = scim().body(Scim.userBody(userName, displayName)).post("/Users");
        r.then().statusCode(201)
                .body("userName", equalTo(userName))
                .body("displayName", equalTo(displayName));
        getUser(r.path("id")).then().statusCode(200).body("displayName", equalTo(displayName));
        scim().queryParam("filter", "userName eq " + q(userName)).get("/Users").then()
                .statusCode(200).body("totalResults", equalTo(1));
    }
}
