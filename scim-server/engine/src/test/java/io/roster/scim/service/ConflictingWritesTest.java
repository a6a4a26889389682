package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PUT or PATCH whose resource changes between its preparation and its write is prepared again from the
 * new version, outside the writer, a bounded number of times; Bulk does the same without reordering.
 */
class ConflictingWritesTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    static final ResourceType USER = REGISTRY.resourceType("User");
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");

    @TempDir
    Path dir;
    RacingStore store;
    ResourceService service;
    BulkService bulk;
    String id;

    @BeforeEach
    void open() {
        store = new RacingStore(StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, IndexCatalogue.of(REGISTRY))));
        service = new ResourceService(REGISTRY, store, new ServiceSettings(1000, 100, 4096, 32, 1000, 1000), Clock.systemUTC());
        bulk = new BulkService(REGISTRY, service, store);
        id = service.create(USER, json("{\"userName\":\"ann\",\"title\":\"Engineer\"}"), CTX).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static JsonObject json(String text) {
        return JsonSupport.parseTrusted(text);
    }

    static JsonObject ops(String... operations) {
        return json("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + String.join(",", operations) + "]}");
    }

    /** Another client sets nickName to "raced-<n>" just before each of the next {@code times} writes. */
    void raceNext(int times) {
        int[] n = {0};
        store.race(times, "User", id, attrs -> JsonSupport.object(attrs).add("nickName", "raced-" + ++n[0]).build());
    }

    StoredResource stored() {
        return store.read(r -> r.get("User", id));
    }

    @Test
    void aPatchOvertakenByAnotherWriteIsPreparedAgainOutsideTheWriterAndKeepsBothChanges() {
        raceNext(2);
        store.reads.set(0);
        ResourceSnapshot s = service.patch(USER, id, ops("{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@x.example\"}]}"),
                Precondition.NONE, CTX);
        assertEquals(3, store.reads.get(), "prepared three times, each from a fresh read");
        assertEquals(0, store.readsInsideWriter.get());
        JsonObject attrs = stored().attributes();
        assertEquals("raced-2", attrs.getString("nickName"), "the other writes are kept");
        assertEquals("a@x.example", attrs.getJsonArray("emails").getJsonObject(0).getString("value"));
        assertEquals(4, s.version(), "created, raced twice, patched");
    }

    @Test
    void aPutOvertakenByAnotherWriteIsPreparedAgainAndHashesThePasswordOutsideTheWriter() {
        raceNext(1);
        store.reads.set(0);
        service.replace(USER, id, json("{\"userName\":\"ann\",\"title\":\"Lead\",\"password\":\"s3cret-Passw0rd\"}"), Precondition.NONE, CTX);
        assertEquals(2, store.reads.get());
        assertEquals(0, store.readsInsideWriter.get());
        JsonObject attrs = stored().attributes();
        assertEquals("Lead", attrs.getString("title"));
        assertNull(attrs.get("nickName"), "a PUT replaces what it was prepared against, the raced value included");
        assertTrue(PasswordHasher.isHash(attrs.getString("password")));
    }

    @Test
    void afterFiveOvertakenAttemptsThePatchIsAConflictAndChangesNothing() {
        raceNext(PreparedWrite.MAX_ATTEMPTS);
        ScimException e = assertThrows(ScimException.class, () -> service.patch(USER, id,
                ops("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Lead\"}"), Precondition.NONE, CTX));
        assertEquals(409, e.status());
        assertTrue(e.detail().contains("User " + id) && e.detail().contains("5 times") && e.detail().contains("retry"), e.detail());
        assertEquals("Engineer", stored().attributes().getString("title"));
    }

    @Test
    void withIfMatchStarTheExhaustedRetriesAre412() {
        raceNext(PreparedWrite.MAX_ATTEMPTS);
        ScimException e = assertThrows(ScimException.class, () -> service.replace(USER, id,
                json("{\"userName\":\"ann\"}"), new Precondition(List.of("*")), CTX));
        assertEquals(412, e.status());
    }

    @Test
    void withIfMatchOfTheReadVersionAnOvertakenWriteIs412AtOnce() {
        raceNext(1);
        store.reads.set(0);
        ScimException e = assertThrows(ScimException.class, () -> service.patch(USER, id,
                ops("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Lead\"}"), new Precondition(List.of("W/\"1\"")), CTX));
        assertEquals(412, e.status());
        assertEquals(1, store.reads.get(), "the write sees the new version and stops");
    }

    @Test
    void aPatchOfMembersOnlyIsNeverStale() {
        ResourceType groupType = REGISTRY.resourceType("Group");
        String group = service.create(groupType, json("{\"displayName\":\"G\"}"), CTX).id();
        store.race(PreparedWrite.MAX_ATTEMPTS, "Group", group, attrs -> JsonSupport.object(attrs).add("displayName", "Renamed").build());
        store.reads.set(0);
        service.patch(groupType, group, ops("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}"),
                Precondition.NONE, CTX);
        assertEquals(1, store.reads.get(), "prepared once");
        assertEquals("Renamed", store.read(r -> r.get("Group", group)).attributes().getString("displayName"));
        assertEquals(1, store.read(r -> r.members(group, null, 10)).size());
    }

    @Test
    void aNewVersionWithTheSameAttributesDoesNotMakeAPreparedPatchStale() {
        ResourceType groupType = REGISTRY.resourceType("Group");
        String group = service.create(groupType, json("{\"displayName\":\"G\"}"), CTX).id();
        store.race(1, "Group", group, attrs -> attrs); // a membership change elsewhere: new version, same record
        store.reads.set(0);
        service.patch(groupType, group, ops("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"H\"}"), Precondition.NONE, CTX);
        assertEquals(1, store.reads.get());
        assertEquals("H", store.read(r -> r.get("Group", group)).attributes().getString("displayName"));
    }

    @Test
    void aBulkOperationOvertakenByAnotherWriteRunsAgainBeforeTheOperationsAfterIt() {
        raceNext(1);
        List<BulkService.OperationResult> results = bulk.execute(json("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                  {"method":"PATCH","path":"/Users/%1$s","data":{"Operations":[{"op":"replace","path":"title","value":"Lead"}]}},
                  {"method":"DELETE","path":"/Users/%1$s"}]}""".formatted(id)), CTX);
        assertEquals(200, results.get(0).status(), String.valueOf(results.get(0).error()));
        assertEquals(204, results.get(1).status(), "the DELETE ran after the PATCH it follows");
        assertNull(stored());
    }

    @Test
    void twoPatchesOfOneResourceInABulkEachSeeTheOnesBefore() {
        String created = "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"b\",\"data\":{\"userName\":\"bob\"}}";
        List<BulkService.OperationResult> results = bulk.execute(json("""
                {"Operations":[
                  {"method":"PATCH","path":"/Users/%1$s","data":{"Operations":[{"op":"add","path":"emails","value":[{"value":"a@x.example"}]}]}},
                  {"method":"PATCH","path":"/Users/%1$s","data":{"Operations":[{"op":"add","path":"emails","value":[{"value":"b@x.example"}]}]}},
                  %2$s,
                  {"method":"PATCH","path":"/Users/bulkId:b","data":{"Operations":[{"op":"replace","path":"title","value":"New"}]}},
                  {"method":"PUT","path":"/Users/%1$s","version":"W/\\"3\\"","data":{"userName":"ann","title":"Put"}}]}"""
                .formatted(id, created)), CTX);
        for (BulkService.OperationResult r : results) {
            assertTrue(r.status() < 300, r.method() + " " + r.status() + " " + r.error());
        }
        assertEquals("W/\"3\"", results.get(1).version());
        assertEquals("Put", stored().attributes().getString("title"));
        String bob = results.get(2).location().substring(results.get(2).location().lastIndexOf('/') + 1);
        assertEquals("New", store.read(r -> r.get("User", bob)).attributes().getString("title"));
    }

    @Test
    void membershipPatchesAndARenameOfOneGroupInABulkAllApply() {
        ResourceType groupType = REGISTRY.resourceType("Group");
        String group = service.create(groupType, json("{\"displayName\":\"G\"}"), CTX).id();
        String[] members = new String[3];
        for (int i = 0; i < members.length; i++) {
            members[i] = service.create(USER, json("{\"userName\":\"m" + i + "\"}"), CTX).id();
        }
        String add = "{\"method\":\"PATCH\",\"path\":\"/Groups/%s\",\"data\":{\"Operations\":[{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[{\"value\":\"%s\"}]}]}}";
        List<BulkService.OperationResult> results = bulk.execute(json("{\"Operations\":[" + add.formatted(group, members[0]) + ","
                + add.formatted(group, members[1]) + ",{\"method\":\"PATCH\",\"path\":\"/Groups/" + group + "\",\"data\":{\"Operations\":"
                + "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"H\"}]}}," + add.formatted(group, members[2]) + "]}"), CTX);
        for (BulkService.OperationResult r : results) {
            assertEquals(200, r.status(), String.valueOf(r.error()));
        }
        assertEquals("W/\"5\"", results.get(3).version());
        assertEquals("H", store.read(r -> r.get("Group", group)).attributes().getString("displayName"));
        assertEquals(3, store.read(r -> r.members(group, null, 10)).size());
    }

    @Test
    void aBulkOperationOvertakenFiveTimesFailsWith409AndTheOthersStillRun() {
        raceNext(100); // before every submit: the PATCH is overtaken each time it is tried
        List<BulkService.OperationResult> results = bulk.execute(json("""
                {"Operations":[
                  {"method":"PATCH","path":"/Users/%s","data":{"Operations":[{"op":"replace","path":"title","value":"Lead"}]}},
                  {"method":"POST","path":"/Users","bulkId":"cy","data":{"userName":"cy"}}]}""".formatted(id)), CTX);
        assertEquals(409, results.get(0).status());
        assertEquals(201, results.get(1).status());
    }
}
