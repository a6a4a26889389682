package io.roster.conformance;

import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.CurrentTest;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** RFC 7643 section 2 and 4.1 rules for User bodies, and the leniency real clients need. */
@Check(level = Level.RFC_MUST, area = Area.CRUD, rule = "RFC 7643 4.1, RFC 7644 3.3, 3.12")
class UserValidationTest {

    private static String filterUserName(String userName) {
        return "userName eq " + q(userName);
    }

    private static int countByUserName(String userName) {
        return scim().queryParam("filter", filterUserName(userName)).get("/Users").then()
                .statusCode(200).extract().path("totalResults");
    }

    @Test
    void missingUserNameIsRejectedWithInvalidValue() {
        Response r = scim().body("""
                {"schemas": ["%s"], "displayName": "No Username"}""".formatted(USER_SCHEMA)).post("/Users");
        assertScimError(r, 400, "invalidValue");
    }

    @Test
    void duplicateUserNameIsRejectedWithUniqueness() {
        String userName = uniqueUserName("dup");
        create("/Users", Scim.userBody(userName));
        assertScimError(scim().body(Scim.userBody(userName)).post("/Users"), 409, "uniqueness");
        assertThat(countByUserName(userName), equalTo(1));
    }

    @Test
    void duplicateUserNameInAnotherCaseIsRejectedWithUniqueness() {
        String token = unique("case");
        String first = "Alice." + token + "@x.example";
        String second = "alice." + token.toUpperCase(Locale.ROOT) + "@X.EXAMPLE";
        create("/Users", Scim.userBody(first));
        assertScimError(scim().body(Scim.userBody(second)).post("/Users"), 409, "uniqueness");
    }

    @Test
    void putTakingAnotherUsersUserNameIsRejectedWithUniqueness() {
        String taken = uniqueUserName("taken");
        create("/Users", Scim.userBody(taken));
        String mine = uniqueUserName("mine");
        String id = create("/Users", Scim.userBody(mine));
        assertScimError(scim().body(Scim.userBody(taken.toUpperCase(Locale.ROOT))).put("/Users/{id}", id), 409, "uniqueness");
        getUser(id).then().statusCode(200).body("userName", equalTo(mine));
    }

    /** externalId is caseExact (RFC 7643 section 3.1): values differing only in case are different. */
    @Check(level = Level.RFC_MUST, rule = "RFC 7643 3.1 (externalId caseExact)")
    @Test
    void externalIdsDifferingOnlyInCaseCoexist() {
        String base = unique("abc");
        create("/Users", """
                {"schemas": ["%s"], "userName": %s, "externalId": %s}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("ext-upper")), q("ABC-" + base.toUpperCase(Locale.ROOT))));
        create("/Users", """
                {"schemas": ["%s"], "userName": %s, "externalId": %s}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("ext-lower")), q("abc-" + base)));
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Entra")
    @Test
    void activeAsStringFalseIsStoredAsBooleanFalse() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "active": "False"}""".formatted(USER_SCHEMA, q(uniqueUserName("act-f"))))
                .post("/Users");
        r.then().statusCode(201).body("active", equalTo(false));
        getUser(r.path("id")).then().statusCode(200).body("active", equalTo(false));
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Entra")
    @Test
    void activeAsStringTrueIsStoredAsBooleanTrue() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "active": "True"}""".formatted(USER_SCHEMA, q(uniqueUserName("act-t"))))
                .post("/Users");
        r.then().statusCode(201).body("active", equalTo(true));
        getUser(r.path("id")).then().statusCode(200).body("active", equalTo(true));
    }

    @Check(level = Level.ROSTER, rule = "Roster: validation")
    @Test
    void activeAsArbitraryStringIsRejectedWithInvalidValue() {
        String userName = uniqueUserName("act-maybe");
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "active": "maybe"}""".formatted(USER_SCHEMA, q(userName))).post("/Users");
        assertScimError(r, 400, "invalidValue");
        assertThat(countByUserName(userName), equalTo(0));
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7643 2.3.8, RFC 7644 3.12")
    @Test
    void stringForComplexNameIsRejectedWithInvalidValue() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "name": "Bob"}""".formatted(USER_SCHEMA, q(uniqueUserName("name-str"))))
                .post("/Users");
        assertScimError(r, 400, "invalidValue");
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md both")
    @Test
    void unknownAttributesAreIgnoredAndNotReturned() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "favouriteColour": "teal", "displayName": "Known"}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("unknown")))).post("/Users");
        r.then().statusCode(201).body("displayName", equalTo("Known"));
        assertThat(root(r), not(hasKey("favouriteColour")));
        Response got = getUser(r.path("id"));
        got.then().statusCode(200);
        assertThat(root(got), not(hasKey("favouriteColour")));
    }

    /** RFC 7643 section 2.1: attribute names are case-insensitive; responses use the schema's spelling. */
    @Check(level = Level.RFC_MUST, rule = "RFC 7643 2.1")
    @Test
    void attributeNamesInAnotherCaseAreAccepted() {
        String userName = uniqueUserName("case-names");
        Response r = scim().body("""
                {"schemas": ["%s"], "UserName": %s, "DisplayName": "Cased", "NAME": {"GivenName": "Cas"}}"""
                .formatted(USER_SCHEMA, q(userName))).post("/Users");
        r.then().statusCode(201)
                .body("userName", equalTo(userName))
                .body("displayName", equalTo("Cased"))
                .body("name.givenName", equalTo("Cas"));
        assertThat(root(r), not(hasKey("UserName")));
        assertThat(root(r), not(hasKey("DisplayName")));
    }

    @Check(level = Level.ROSTER, rule = "Roster: canonical values")
    @Test
    void emailTypeIsReturnedInCanonicalCase() {
        String userName = uniqueUserName("email-case");
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s,
                 "emails": [{"value": "a@work.example", "type": "Work", "primary": true}]}"""
                .formatted(USER_SCHEMA, q(userName))).post("/Users");
        r.then().statusCode(201).body("emails[0].type", equalTo("work"));
        getUser(r.path("id")).then().statusCode(200).body("emails[0].type", equalTo("work"));
    }

    /**
     * Canonical values are suggestions (RFC 7643 section 2.3.1) and clients may use other types
     * (section 4.1.2): a value outside them is kept as sent.
     */
    @Check(level = Level.RFC_SHOULD, rule = "RFC 7643 2.3.1 (canonicalValues)")
    @Test
    void emailTypeOutsideCanonicalValuesIsKeptAsSent() {
        scim().body("""
                {"schemas": ["%s"], "userName": %s,
                 "emails": [{"value": "a@net.example", "type": "internet"}]}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("email-type")))).post("/Users")
                .then().statusCode(201)
                .body("emails[0].type", equalTo("internet"));
    }

    /** RFC 7643 section 2.4: primary true may appear at most once. */
    @Check(level = Level.ROSTER, rule = "RFC 7643 2.4 leaves it open")
    @Test
    void twoPrimaryEmailsAreRejectedWithInvalidValue() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s,
                 "emails": [{"value": "a@x.example", "type": "work", "primary": true},
                            {"value": "b@x.example", "type": "home", "primary": true}]}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("two-primary")))).post("/Users");
        assertScimError(r, 400, "invalidValue");
    }

    /** RFC 7643 section 2.5: null is equivalent to unassigned. */
    @Check(level = Level.RFC_MUST, rule = "RFC 7643 2.5")
    @Test
    void explicitNullsAreAcceptedAndMeanAbsent() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "displayName": null, "title": null, "nickName": null,
                 "name": null, "emails": null, "externalId": null}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("nulls")))).post("/Users");
        r.then().statusCode(201);
        Response got = getUser(r.path("id"));
        got.then().statusCode(200);
        for (String key : new String[] {"displayName", "title", "nickName", "name", "emails", "externalId"}) {
            // RFC 7643 2.5: null is unassigned, and unassigned attributes MAY be omitted: an RFC test takes
            // either; Roster omits them
            if (CurrentTest.isRfc()) {
                assertThat(key + " unassigned", root(r).get(key), nullValue());
                assertThat(key + " unassigned", root(got).get(key), nullValue());
            } else {
                assertThat(root(r), not(hasKey(key)));
                assertThat(root(got), not(hasKey(key)));
            }
        }
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 2.5")
    @Test
    void nullSubAttributesAreAcceptedAndMeanAbsent() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "name": {"givenName": "Nel", "familyName": null}}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("null-sub")))).post("/Users");
        r.then().statusCode(201)
                .body("name.givenName", equalTo("Nel"))
                .body("name.familyName", nullValue());
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Entra")
    @Test
    void emptyRolesArrayIsAccepted() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "roles": []}""".formatted(USER_SCHEMA, q(uniqueUserName("roles"))))
                .post("/Users");
        r.then().statusCode(201).body("roles", anyOf(nullValue(), empty()));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.1.2")
    @Test
    void rolesAreStoredAndReturned() {
        Response r = scim().body("""
                {"schemas": ["%s"], "userName": %s, "roles": [{"value": "Global Reader", "display": "Global Reader", "primary": false}]}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("roles-v")))).post("/Users");
        r.then().statusCode(201).body("roles.value", contains("Global Reader"));
    }
}
