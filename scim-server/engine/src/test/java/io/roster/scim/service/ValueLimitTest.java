package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At most maxValuesPerAttribute values in one multi-valued attribute, on every write path; Group members are not counted. */
class ValueLimitTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    static final ResourceType USER = REGISTRY.resourceType("User");
    static final ResourceType GROUP = REGISTRY.resourceType("Group");
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");
    static final int MAX = 3;

    @TempDir
    Path dir;
    ResourceStore store;
    ResourceService service;

    @BeforeEach
    void open() {
        store = StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, IndexCatalogue.of(REGISTRY)));
        service = new ResourceService(REGISTRY, store, ServiceSettings.defaults().withMaxValuesPerAttribute(MAX), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    static JsonObject json(String text) {
        return JsonSupport.parseTrusted(text);
    }

    static String emails(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"value\":\"e").append(i).append("@x.example\"}");
        }
        return b.append(']').toString();
    }

    static JsonObject addEmail(String value) {
        return json("{\"Operations\":[{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"" + value + "\"}]}]}");
    }

    static void assertRefused(ScimException e, String attribute) {
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
        assertTrue(e.detail().contains("'" + attribute + "'") && e.detail().contains("at most 3 values"), e.detail());
    }

    String user(int emails) {
        return service.create(USER, json("{\"userName\":\"u" + System.nanoTime() + "\",\"emails\":" + emails(emails) + "}"), CTX).id();
    }

    @Test
    void postWithMoreValuesThanTheLimitIsInvalidValueNamingTheAttributeAndTheLimit() {
        user(MAX);
        assertRefused(assertThrows(ScimException.class, () -> user(MAX + 1)), "emails");
    }

    @Test
    void putWithMoreValuesThanTheLimitIsRefused() {
        String id = user(1);
        ScimException e = assertThrows(ScimException.class,
                () -> service.replace(USER, id, json("{\"userName\":\"x\",\"emails\":" + emails(MAX + 1) + "}"), Precondition.NONE, CTX));
        assertRefused(e, "emails");
    }

    @Test
    void patchThatWouldPassTheLimitIsRefusedAndChangesNothing() {
        String id = user(MAX);
        ScimException e = assertThrows(ScimException.class, () -> service.patch(USER, id, addEmail("new@x.example"), Precondition.NONE, CTX));
        assertRefused(e, "emails");
        assertEquals(MAX, store.read(r -> r.get("User", id)).attributes().getJsonArray("emails").size());
        service.patch(USER, id, addEmail("e0@x.example"), Precondition.NONE, CTX); // an equal value adds nothing: allowed
    }

    @Test
    void bulkOperationsAreRefusedOneByOne() {
        List<BulkService.OperationResult> results = new BulkService(REGISTRY, service, store).execute(json("""
                {"Operations":[{"method":"POST","path":"/Users","bulkId":"big","data":{"userName":"big","emails":%s}},
                               {"method":"POST","path":"/Users","bulkId":"small","data":{"userName":"small","emails":%s}}]}"""
                .formatted(emails(MAX + 1), emails(MAX))), CTX);
        assertEquals(400, results.get(0).status());
        assertRefused(results.get(0).error(), "emails");
        assertEquals(201, results.get(1).status());
    }

    @Test
    void extensionAndSubAttributesAreCountedUnderTheirFullNames() {
        SchemaRegistry.Builder builder = SchemaRegistry.builderWithBuiltIns();
        builder.addSchema(io.roster.scim.schema.SchemaLoader.schema(json("""
                {"id": "urn:example:params:scim:schemas:extension:tags:2.0:User", "name": "Tags", "attributes": [
                  {"name": "tags", "type": "string", "multiValued": true},
                  {"name": "badges", "type": "complex", "multiValued": true, "subAttributes": [
                    {"name": "value", "type": "string"}, {"name": "doors", "type": "string", "multiValued": true}]}]}""")));
        builder.addExtension("User", new io.roster.scim.schema.SchemaExtension("urn:example:params:scim:schemas:extension:tags:2.0:User", false));
        SchemaRegistry registry = builder.build();
        ValueLimit limit = new ValueLimit(registry, MAX);
        ResourceType user = registry.resourceType("User");
        String ext = "urn:example:params:scim:schemas:extension:tags:2.0:User";
        assertRefused(assertThrows(ScimException.class, () -> limit.check(user,
                json("{\"userName\":\"u\",\"" + ext + "\":{\"tags\":[\"a\",\"b\",\"c\",\"d\"]}}"), null)), ext + ":tags");
        assertRefused(assertThrows(ScimException.class, () -> limit.check(user,
                json("{\"userName\":\"u\",\"" + ext + "\":{\"badges\":[{\"value\":\"b\",\"doors\":[\"1\",\"2\",\"3\",\"4\"]}]}}"), null)),
                ext + ":badges.doors");
    }

    @Test
    void groupMembersAreIndexEntriesAndNotCounted() {
        StringBuilder members = new StringBuilder("[");
        for (int i = 0; i < MAX + 2; i++) {
            members.append(i == 0 ? "" : ",").append("{\"value\":\"").append(user(0)).append("\"}");
        }
        members.append(']');
        String group = service.create(GROUP, json("{\"displayName\":\"G\",\"members\":" + members + "}"), CTX).id();
        service.replace(GROUP, group, json("{\"displayName\":\"G2\",\"members\":" + members + "}"), Precondition.NONE, CTX);
        service.patch(GROUP, group, json("{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user(0)
                + "\"}]}]}"), Precondition.NONE, CTX);
        assertEquals(MAX + 3, store.read(r -> r.members(group, null, 100)).size());
    }

    @Test
    void aResourceStoredOverTheLimitMayBeChangedAndShrunkButNotGrown() {
        String id = user(1);
        store.write(w -> {
            StoredResource r = w.get("User", id);
            w.put(r.next(JsonSupport.object(r.attributes()).add("emails", json("{\"a\":" + emails(MAX + 2) + "}").getJsonArray("a")).build(),
                    Instant.now()));
            return null;
        });
        service.patch(USER, id, json("{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"T\"}]}"), Precondition.NONE, CTX);
        service.patch(USER, id, json("{\"Operations\":[{\"op\":\"remove\",\"path\":\"emails[value eq \\\"e0@x.example\\\"]\"}]}"),
                Precondition.NONE, CTX);
        assertRefused(assertThrows(ScimException.class, () -> service.patch(USER, id, addEmail("more@x.example"), Precondition.NONE, CTX)),
                "emails");
    }
}
