package io.roster.conformance;

import static io.roster.conformance.Patches.assertOkWithCurrentResource;
import static io.roster.conformance.Patches.ops;
import static io.roster.conformance.Patches.patchUser;
import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.CurrentTest;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PATCH on Users (RFC 7644 section 3.5.2): every assertion reads the user back with GET. */
@Check(level = Level.RFC_MUST, area = Area.PATCH, rule = "RFC 7644 3.5.2")
@Requires(Capability.PATCH)
class PatchUserTest {
    private static final String EXT = "'" + ENTERPRISE_SCHEMA + "'";

    /** RFC 7644 3.5.2: a server may answer 204 without a body, leaving nothing to project. */
    private static void assumeBody(Response r) {
        org.junit.jupiter.api.Assumptions.assumeFalse(r.statusCode() == 204,
                "the server answered the PATCH with 204 and no body (RFC 7644 3.5.2), so there is no projection to check");
    }

    private record User(String id, String userName, String etag, Map<String, Object> body) {
    }

    /** A user with a name, two emails (work primary, home), a title and enterprise attributes. */
    private static User createUser(String label) {
        String userName = uniqueUserName(label);
        Response r = scim().body("""
                {"schemas": ["%s", "%s"], "userName": %s, "displayName": "Babs", "title": "Tour Guide",
                 "name": {"givenName": "Barbara", "familyName": "Jensen"},
                 "emails": [{"value": "work-%s", "type": "work", "primary": true},
                            {"value": "home-%s", "type": "home"}],
                 "%s": {"employeeNumber": "701984", "department": "Tour Operations"}}"""
                .formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(userName), userName, userName, ENTERPRISE_SCHEMA)).post("/Users");
        r.then().statusCode(201);
        Response get = getUser(r.path("id"));
        get.then().statusCode(200).header("ETag", equalTo(r.header("ETag")));
        return new User(r.path("id"), userName, get.header("ETag"), root(get));
    }

    private static void assertUnchanged(User u) {
        Response now = getUser(u.id());
        now.then().statusCode(200);
        assertThat("ETag unchanged", now.header("ETag"), equalTo(u.etag()));
        assertThat("resource unchanged", root(now), equalTo(u.body()));
    }

    @Test
    void patchReplaceReturns200WithTheWholeResourceAndPersists() {
        User u = createUser("p-replace");
        Response r = patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"displayName\", \"value\": \"Barbara J\"}"));
        Response get = assertOkWithCurrentResource(r, "/Users", u.id());
        get.then().body("displayName", equalTo("Barbara J")).body("title", equalTo("Tour Guide"))
                .body("userName", equalTo(u.userName()));
    }

    /** RFC 7644 3.5.2 lets a server answer 204; Roster answers a User PATCH with 200 and the resource as stored. */
    @Check(level = Level.ROSTER, rule = "Roster: 200 with the resource on a User PATCH")
    @Test
    void aUserPatchIsAnsweredWith200AndTheResourceAsStored() {
        User u = createUser("p-roster-200");
        Response r = patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Guide\"}"));
        assertOkWithCurrentResource(r, "/Users", u.id()).then().body("title", equalTo("Guide"));
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Entra")
    @Test
    void patchOpNamesAreCaseInsensitive() {
        User u = createUser("p-case");
        patchUser(u.id(), ops("{\"op\": \"Replace\", \"path\": \"title\", \"value\": \"A\"}",
                "{\"op\": \"ADD\", \"path\": \"nickName\", \"value\": \"Babs\"}",
                "{\"op\": \"Remove\", \"path\": \"displayName\"}")).then().statusCode(Patches.patchedUser());
        getUser(u.id()).then().body("title", equalTo("A")).body("nickName", equalTo("Babs")).body("$", not(hasKey("displayName")));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 2.1")
    @Test
    void patchAttributeNamesAreCaseInsensitive() {
        User u = createUser("p-names");
        String renamed = uniqueUserName("p-names-renamed");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"UserName\", \"value\": " + q(renamed) + "}",
                "{\"op\": \"replace\", \"path\": \"NAME.GivenName\", \"value\": \"Babs\"}")).then().statusCode(200);
        getUser(u.id()).then().body("userName", equalTo(renamed)).body("name.givenName", equalTo("Babs"))
                .body("name.familyName", equalTo("Jensen"));
    }

    @Test
    void patchAddToMultiValuedAppendsAndKeepsExistingValues() {
        User u = createUser("p-add-email");
        patchUser(u.id(), ops("{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": \"other@x.example\", \"type\": \"other\"}]}"))
                .then().statusCode(200);
        getUser(u.id()).then().body("emails.value", contains("work-" + u.userName(), "home-" + u.userName(), "other@x.example"));
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.5.2.1")
    @Test
    void patchAddOfAnExistingValueAddsNoDuplicateAndKeepsTheVersion() {
        User u = createUser("p-add-dup");
        Response r = patchUser(u.id(), ops("{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": \"home-" + u.userName()
                + "\", \"type\": \"home\"}]}"));
        r.then().statusCode(200).header("ETag", equalTo(u.etag()));
        assertUnchanged(u);
    }

    @Test
    void patchReplaceOfComplexAttributeKeepsSubAttributesNotGiven() {
        User u = createUser("p-name");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"name\", \"value\": {\"givenName\": \"Babs\"}}")).then().statusCode(200);
        getUser(u.id()).then().body("name.givenName", equalTo("Babs")).body("name.familyName", equalTo("Jensen"));
    }

    @Test
    void patchReplaceOfMultiValuedWithoutFilterReplacesAllValues() {
        User u = createUser("p-emails");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"emails\", \"value\": [{\"value\": \"only@x.example\", \"type\": \"work\"}]}"))
                .then().statusCode(200);
        getUser(u.id()).then().body("emails.value", contains("only@x.example"));
    }

    @Test
    void patchFilteredReplaceOfSubAttributeChangesOnlyTheMatchingValue() {
        User u = createUser("p-filter");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"emails[type eq \\\"home\\\"].value\", \"value\": \"new-home@x.example\"}"))
                .then().statusCode(200);
        Response get = getUser(u.id());
        get.then().body("emails.value", contains("work-" + u.userName(), "new-home@x.example"))
                .body("emails[0].primary", equalTo(true));
    }

    @Test
    void patchFilteredRemoveRemovesOnlyTheMatchingValue() {
        User u = createUser("p-filter-rm");
        patchUser(u.id(), ops("{\"op\": \"remove\", \"path\": \"emails[type eq \\\"work\\\"]\"}")).then().statusCode(200);
        getUser(u.id()).then().body("emails.value", contains("home-" + u.userName()));
    }

    @Test
    void patchRemoveWithValueListRemovesOnlyThoseValues() {
        User u = createUser("p-rm-list");
        patchUser(u.id(), ops("{\"op\": \"remove\", \"path\": \"emails\", \"value\": [{\"value\": \"home-" + u.userName() + "\"}]}"))
                .then().statusCode(200);
        getUser(u.id()).then().body("emails.value", contains("work-" + u.userName()));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.5.2 (primary)")
    @Test
    void patchPrimaryTrueOnOneValueClearsItOnTheOthers() {
        User u = createUser("p-primary");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"emails[type eq \\\"home\\\"].primary\", \"value\": true}")).then().statusCode(200);
        getUser(u.id()).then().body("emails.findAll { it.primary == true }.type", contains("home"));
    }

    @Test
    void patchReplaceWithNullRemovesTheAttribute() {
        User u = createUser("p-null");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": null}")).then().statusCode(200);
        getUser(u.id()).then().body("$", not(hasKey("title"))).body("displayName", equalTo("Babs"));
    }

    @Test
    void patchRemoveOfSubAttributeKeepsTheRestOfTheComplexValue() {
        User u = createUser("p-rm-sub");
        patchUser(u.id(), ops("{\"op\": \"remove\", \"path\": \"name.givenName\"}")).then().statusCode(200);
        getUser(u.id()).then().body("name", not(hasKey("givenName"))).body("name.familyName", equalTo("Jensen"));
    }

    @Test
    void patchUrnQualifiedPathChangesOnlyThatExtensionAttribute() {
        User u = createUser("p-urn");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"" + ENTERPRISE_SCHEMA + ":department\", \"value\": \"Sales\"}"))
                .then().statusCode(200);
        getUser(u.id()).then().body(EXT + ".department", equalTo("Sales")).body(EXT + ".employeeNumber", equalTo("701984"));
    }

    @Test
    void patchPathLessExtensionObjectMergesIntoTheExtension() {
        User u = createUser("p-ext-obj");
        patchUser(u.id(), ops("{\"op\": \"add\", \"value\": {\"" + ENTERPRISE_SCHEMA + "\": {\"costCenter\": \"4130\"}, \"schemas\": [\""
                + ENTERPRISE_SCHEMA + "\"], \"favouriteColour\": \"red\"}}")).then().statusCode(200);
        getUser(u.id()).then().body(EXT + ".costCenter", equalTo("4130")).body(EXT + ".department", equalTo("Tour Operations"))
                .body("$", not(hasKey("favouriteColour")));
    }

    @Test
    void patchWithAttributesReturnsOnlyTheRequestedAttributes() {
        User u = createUser("p-attrs");
        Response r = scim().queryParam("attributes", "title").body(ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": \"T\"}"))
                .patch("/Users/{id}", u.id());
        assumeBody(r);
        r.then().statusCode(200).body("id", equalTo(u.id())).body("title", equalTo("T"))
                .body("$", not(hasKey("emails"))).body("$", not(hasKey("displayName")));
    }

    @Test
    void patchWithExcludedAttributesLeavesThemOut() {
        User u = createUser("p-excl");
        Response r = scim().queryParam("excludedAttributes", "emails,name").body(ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": \"T\"}"))
                .patch("/Users/{id}", u.id());
        assumeBody(r);
        r.then().statusCode(200).body("title", equalTo("T")).body("displayName", equalTo("Babs"))
                .body("$", not(hasKey("emails"))).body("$", not(hasKey("name")));
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.5.2.1")
    @Test
    void patchThatChangesNothingKeepsVersionAndLastModified() {
        User u = createUser("p-noop");
        Response r = patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Tour Guide\"}",
                "{\"op\": \"remove\", \"path\": \"nickName\"}"));
        r.then().statusCode(200).header("ETag", equalTo(u.etag()));
        assertUnchanged(u);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 3.1 (meta.lastModified, version)")
    @Test
    void patchThatChangesSomethingBumpsVersionAndLastModified() throws InterruptedException {
        User u = createUser("p-bump");
        Thread.sleep(15); // lastModified has millisecond precision
        Response r = patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Other\"}"));
        // RFC 7644 3.5.2: 200 with the resource or 204; either way the stored version moved on
        r.then().statusCode(Patches.patchedUser());
        Response get = getUser(u.id());
        get.then().header("ETag", not(equalTo(u.etag())));
        if (r.header("ETag") != null) {
            get.then().header("ETag", equalTo(r.header("ETag")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metaBefore = (Map<String, Object>) u.body().get("meta");
        assertThat(Instant.parse(get.path("meta.lastModified")), greaterThan(Instant.parse((String) metaBefore.get("lastModified"))));
        assertThat(get.path("meta.created"), equalTo(metaBefore.get("created")));
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Entra")
    @Requires(Capability.FILTER)
    @Test
    void patchDeactivationKeepsTheUserReadableAndFilterable() {
        User u = createUser("p-deactivate");
        patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"active\", \"value\": false}")).then().statusCode(Patches.patchedUser());
        getUser(u.id()).then().statusCode(200).body("active", equalTo(false));
        scim().queryParam("filter", "userName eq " + q(u.userName())).get("/Users").then()
                .statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].active", equalTo(false));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.5.2, 3.12")
    @Test
    void patchRenameToAnotherUsersUserNameIsUniquenessAndChangesNothing() {
        User a = createUser("p-uniq-a");
        User b = createUser("p-uniq-b");
        Response r = patchUser(b.id(), ops("{\"op\": \"replace\", \"path\": \"userName\", \"value\": " + q(a.userName().toUpperCase()) + "}"));
        assertScimError(r, 409, "uniqueness");
        assertUnchanged(b);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.1.1 (password returned never)")
    @Test
    @Requires(Capability.CHANGE_PASSWORD)
    void patchOfPasswordIsAppliedAndNeverReturned() {
        User u = createUser("p-password");
        Response r = patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"password\", \"value\": \"t1meMa$heen\"}"));
        r.then().statusCode(200).body("$", not(hasKey("password"))).header("ETag", not(equalTo(u.etag())));
        getUser(u.id()).then().body("$", not(hasKey("password")));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void patchOfUnknownIdIs404() {
        assertScimError(patchUser(UUID.randomUUID().toString(), ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": \"x\"}")), 404);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.12")
    @Test
    void patchWithMalformedJsonIsInvalidSyntax() {
        User u = createUser("p-badjson");
        assertScimError(patchUser(u.id(), "{\"Operations\": [{\"op\": \"add\", "), 400, "invalidSyntax");
        assertUnchanged(u);
    }

    @Check(level = Level.ROSTER, rule = "Roster: strict PatchOp")
    @Test
    void patchWithoutThePatchOpSchemaIsInvalidSyntax() {
        User u = createUser("p-schema");
        assertScimError(patchUser(u.id(), "{\"schemas\": [\"" + USER_SCHEMA + "\"], \"Operations\": [{\"op\": \"replace\", \"path\": \"title\", \"value\": \"x\"}]}"),
                400, "invalidSyntax");
        assertUnchanged(u);
    }

    @Check(level = Level.ROSTER, rule = "Roster: strict PatchOp")
    @Test
    void patchWithEmptyOperationsIsInvalidSyntax() {
        User u = createUser("p-empty");
        assertScimError(patchUser(u.id(), ops()), 400, "invalidSyntax");
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.5.2, 3.12")
    @Test
    void patchWithUnknownOpIsInvalidSyntax() {
        User u = createUser("p-op");
        assertScimError(patchUser(u.id(), ops("{\"op\": \"merge\", \"path\": \"title\", \"value\": \"x\"}")), 400, "invalidSyntax");
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.5.2.1")
    @Test
    void patchAddWithoutValueIsInvalidValue() {
        User u = createUser("p-novalue");
        assertScimError(patchUser(u.id(), ops("{\"op\": \"add\", \"path\": \"title\"}")), 400, "invalidValue");
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.5.2.2")
    @Test
    void patchRemoveWithoutPathIsNoTarget() {
        User u = createUser("p-nopath");
        assertScimError(patchUser(u.id(), ops("{\"op\": \"remove\"}")), 400, "noTarget");
        assertUnchanged(u);
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.5.2, 3.12")
    @Test
    void patchWithMalformedOrUnknownPathIsInvalidPath() {
        User u = createUser("p-badpath");
        for (String path : List.of("emails[type eq \\\"work\\\"", "emails[type eq \\\"work\\\"].", "1title", "favouriteColour",
                "name.nickname", "userName[value eq \\\"x\\\"]", "emails[colour eq \\\"red\\\"]")) {
            Response r = patchUser(u.id(), ops("{\"op\": \"add\", \"path\": \"" + path + "\", \"value\": \"x\"}"));
            assertScimError(r, 400, "invalidPath");
        }
        assertUnchanged(u);
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.5.2, 3.12")
    @Test
    void patchOfReadOnlyAttributeIsMutability() {
        User u = createUser("p-readonly");
        for (String op : List.of("{\"op\": \"replace\", \"path\": \"id\", \"value\": \"mine\"}",
                "{\"op\": \"replace\", \"path\": \"meta.lastModified\", \"value\": \"2020-01-01T00:00:00Z\"}",
                "{\"op\": \"add\", \"path\": \"groups\", \"value\": [{\"value\": \"x\"}]}",
                "{\"op\": \"replace\", \"value\": {\"id\": \"someone-else\"}}")) {
            assertScimError(patchUser(u.id(), ops(op)), 400, "mutability");
        }
        assertUnchanged(u);
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7643 4.1.1, RFC 7644 3.5.2.2")
    @Test
    void patchRemovingUserNameIsMutability() {
        User u = createUser("p-required");
        Response r = patchUser(u.id(), ops("{\"op\": \"remove\", \"path\": \"userName\"}"));
        assertScimError(r, 400, "mutability");
        if (!CurrentTest.isRfc()) {
            assertThat(r.<String>path("detail"), containsString("userName"));
        }
        assertUnchanged(u);
    }

    @Test
    void patchWithOneFailingOperationAppliesNothing() {
        User u = createUser("p-atomic");
        Response r = patchUser(u.id(), ops("{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Changed\"}",
                "{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": \"more@x.example\"}]}",
                "{\"op\": \"replace\", \"path\": \"active\", \"value\": \"perhaps\"}"));
        assertScimError(r, 400, "invalidValue");
        r.then().body("detail", Scim.detail(containsString("Operation 3")));
        assertUnchanged(u);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.12")
    @Test
    void patchErrorResponseHasNoResourceBody() {
        User u = createUser("p-errbody");
        Response r = patchUser(u.id(), ops("{\"op\": \"remove\", \"path\": \"userName\"}"));
        assertScimError(r, 400, "mutability");
        assertThat(r.path("id"), nullValue());
    }
}
