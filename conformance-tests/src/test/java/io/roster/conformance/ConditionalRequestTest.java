package io.roster.conformance;

import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.uniqueUserName;
import static io.roster.conformance.Scim.userBody;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7644 section 3.14 with RFC 7232 semantics: ETags, If-None-Match and If-Match. */
@Check(level = Level.RFC_MUST, area = Area.ETAGS, rule = "RFC 7644 3.14, RFC 7232 3")
@Requires(Capability.ETAG)
class ConditionalRequestTest {

    private record Created(String id, String userName, String etag) {
    }

    private static Created createUser(String label) {
        String userName = uniqueUserName(label);
        Response r = scim().body(userBody(userName, "Version One")).post("/Users");
        r.then().statusCode(201).header("ETag", Scim.entityTag());
        return new Created(r.path("id"), userName, r.header("ETag"));
    }

    @Test
    void getWithCurrentEtagInIfNoneMatchIsNotModified() {
        Created u = createUser("inm");
        Response r = scim().header("If-None-Match", u.etag()).get("/Users/{id}", u.id());
        // RFC 7232 section 4.1: a 304 carries the ETag a 200 would have carried.
        r.then().statusCode(304).header("ETag", equalTo(u.etag()));
        assertThat("304 has no body", r.asString(), emptyOrNullString());
    }

    @Test
    void getWithAnotherEtagInIfNoneMatchReturnsTheResource() {
        Created u = createUser("inm-other");
        scim().header("If-None-Match", "W/\"not-the-version\"").get("/Users/{id}", u.id()).then()
                .statusCode(200)
                .header("ETag", equalTo(u.etag()))
                .body("id", equalTo(u.id()));
    }

    @Test
    void putWithStaleIfMatchFailsWith412AndChangesNothing() {
        Created u = createUser("stale");
        Response second = scim().body(userBody(u.userName(), "Version Two")).put("/Users/{id}", u.id());
        second.then().statusCode(200);
        String current = second.header("ETag");
        assertThat(current, not(equalTo(u.etag())));

        Response stale = scim().header("If-Match", u.etag()).body(userBody(u.userName(), "Version Three"))
                .put("/Users/{id}", u.id());
        assertScimError(stale, 412);

        getUser(u.id()).then().statusCode(200)
                .header("ETag", equalTo(current))
                .body("displayName", equalTo("Version Two"));
    }

    @Test
    void putWithCurrentIfMatchSucceeds() {
        Created u = createUser("current");
        Response r = scim().header("If-Match", u.etag()).body(userBody(u.userName(), "Version Two"))
                .put("/Users/{id}", u.id());
        r.then().statusCode(200)
                .body("displayName", equalTo("Version Two"))
                .header("ETag", not(equalTo(u.etag())));
    }

    @Test
    void deleteWithStaleIfMatchFailsWith412AndKeepsTheUser() {
        Created u = createUser("stale-delete");
        scim().body(userBody(u.userName(), "Version Two")).put("/Users/{id}", u.id()).then().statusCode(200);
        assertScimError(scim().header("If-Match", u.etag()).delete("/Users/{id}", u.id()), 412);
        getUser(u.id()).then().statusCode(200);
    }

    @Test
    void deleteWithIfMatchStarSucceeds() {
        Created u = createUser("star");
        scim().header("If-Match", "*").delete("/Users/{id}", u.id()).then().statusCode(204);
        assertScimError(getUser(u.id()), 404);
    }

    @Requires({Capability.PATCH, Capability.GROUPS})
    @Test
    void groupEtagChangesWhenItsMembersChange() {
        String name = Scim.unique("Etag Members");
        Response created = scim().body(Scim.groupBody(name, List.of())).post("/Groups");
        created.then().statusCode(201);
        String id = created.path("id");
        String before = created.header("ETag");
        String user = Scim.createUniqueUser("etag-member");
        scim().body(Scim.groupBody(name, List.of(user))).put("/Groups/{id}", id).then()
                .statusCode(200)
                .header("ETag", not(equalTo(before)));
        scim().header("If-None-Match", before).get("/Groups/{id}", id).then()
                .statusCode(200)
                .body("members.value", contains(user));
    }

    @Check(level = Level.ROSTER, rule = "Roster: a member deletion changes the group")
    @Test
    @Requires(Capability.GROUPS)
    void groupEtagChangesWhenAMemberIsDeleted() {
        String user = Scim.createUniqueUser("etag-deleted");
        Response created = scim().body(Scim.groupBody(Scim.unique("Etag Deleted"), List.of(user))).post("/Groups");
        created.then().statusCode(201);
        String id = created.path("id");
        String before = created.header("ETag");
        scim().delete("/Users/{id}", user).then().statusCode(204);
        scim().header("If-None-Match", before).get("/Groups/{id}", id).then()
                .statusCode(200)
                .header("ETag", not(equalTo(before)));
    }

    @Test
    @Requires(Capability.GROUPS)
    void groupGetWithCurrentEtagIsNotModified() {
        Response created = scim().body(Scim.groupBody(Scim.unique("Etag Group"), List.of())).post("/Groups");
        created.then().statusCode(201).header("ETag", Scim.entityTag());
        scim().header("If-None-Match", created.header("ETag")).get("/Groups/{id}", created.<String>path("id")).then()
                .statusCode(304);
    }

    // ---------------------------------------------------------------- PATCH

    private static String replaceDisplayName(String value) {
        return Patches.ops("{\"op\": \"replace\", \"path\": \"displayName\", \"value\": " + Scim.q(value) + "}");
    }

    @Requires(Capability.PATCH)
    @Test
    void patchWithStaleIfMatchFailsWith412AndChangesNothing() {
        Created u = createUser("patch-stale");
        Response second = Patches.patchUser(u.id(), replaceDisplayName("Version Two"));
        second.then().statusCode(Patches.patchedUser());
        String current = getUser(u.id()).header("ETag");
        assertThat(current, not(equalTo(u.etag())));

        Response stale = scim().header("If-Match", u.etag()).body(replaceDisplayName("Version Three")).patch("/Users/{id}", u.id());
        assertScimError(stale, 412);

        getUser(u.id()).then().statusCode(200)
                .header("ETag", equalTo(current))
                .body("displayName", equalTo("Version Two"));
    }

    @Requires(Capability.PATCH)
    @Test
    void patchWithCurrentIfMatchIsApplied() {
        Created u = createUser("patch-current");
        Response r = scim().header("If-Match", u.etag()).body(replaceDisplayName("Version Two")).patch("/Users/{id}", u.id());
        // RFC 7644 3.5.2: 200 with the resource or 204; the stored version moves on either way
        r.then().statusCode(Patches.patchedUser());
        Response get = getUser(u.id());
        get.then().header("ETag", not(equalTo(u.etag()))).body("displayName", equalTo("Version Two"));
        if (r.statusCode() == 200) {
            r.then().body("displayName", equalTo("Version Two"));
        }
        if (r.header("ETag") != null) {
            assertThat("the PATCH's ETag is the stored one", r.header("ETag"), equalTo(get.header("ETag")));
        }
    }

    @Requires(Capability.PATCH)
    @Test
    void patchWithIfMatchStarIsApplied() {
        Created u = createUser("patch-star");
        scim().header("If-Match", "*").body(replaceDisplayName("Version Two")).patch("/Users/{id}", u.id()).then()
                .statusCode(Patches.patchedUser());
        getUser(u.id()).then().body("displayName", equalTo("Version Two"));
    }

    @Requires({Capability.PATCH, Capability.GROUPS})
    @Test
    void groupPatchWithStaleIfMatchFailsWith412AndKeepsMembers() {
        String first = Scim.createUniqueUser("patch-group-stale-1");
        String second = Scim.createUniqueUser("patch-group-stale-2");
        Response created = scim().body(Scim.groupBody(Scim.unique("Patch Etag Stale"), List.of(first))).post("/Groups");
        created.then().statusCode(201);
        String id = created.path("id");
        String before = created.header("ETag");
        Response changed = Patches.patchGroup(id, Patches.ops("{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": "
                + Scim.q(second) + "}]}"));
        changed.then().statusCode(Patches.patched()).header("ETag", not(equalTo(before)));

        Response stale = scim().header("If-Match", before).body(Patches.ops("{\"op\": \"remove\", \"path\": \"members\"}"))
                .patch("/Groups/{id}", id);
        assertScimError(stale, 412);
        Scim.getGroup(id).then().header("ETag", equalTo(changed.header("ETag")));
        assertThat(Scim.memberIds(id), org.hamcrest.Matchers.containsInAnyOrder(first, second));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.5.2, 3.14")
    @Requires({Capability.PATCH, Capability.GROUPS})
    @Test
    void groupPatchWithCurrentIfMatchAnswers204WithTheNewEtag() {
        String user = Scim.createUniqueUser("patch-group-current");
        Response created = scim().body(Scim.groupBody(Scim.unique("Patch Etag Current"), List.of())).post("/Groups");
        created.then().statusCode(201);
        String id = created.path("id");
        Response r = scim().header("If-Match", created.header("ETag"))
                .body(Patches.ops("{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + Scim.q(user) + "}]}"))
                .patch("/Groups/{id}", id);
        r.then().statusCode(Patches.patched()).header("ETag", not(equalTo(created.header("ETag"))));
        Scim.getGroup(id).then().header("ETag", equalTo(r.header("ETag"))).body("members.value", contains(user));
    }
}
