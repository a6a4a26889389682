package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.BJENSEN;
import static io.roster.scim.patch.PatchEngineTest.ENTERPRISE;
import static io.roster.scim.patch.PatchEngineTest.json;
import static io.roster.scim.patch.PatchEngineTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class BareStringManagerTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final AttributeResolver RESOLVER = new AttributeResolver(REGISTRY);
    private final BareStringManager quirk = new BareStringManager();

    private static final String WITH_MANAGER = """
            {"userName": "u", "%s": {"department": "Sales", "manager": {"value": "m-26118915"}}}""".formatted(ENTERPRISE);

    private static AttributeResolver.Resolved manager() {
        return RESOLVER.resolve(REGISTRY.resourceType("User"), ENTERPRISE, "manager");
    }

    @Test
    void bareStringBecomesManagerValue() {
        assertEquals(json("{\"value\":\"m-1\"}"), quirk.normalise(manager(), null, JsonSupport.string("m-1")));
    }

    @Test
    void objectsAndSubAttributeTargetsAreLeftAlone() {
        JsonValue object = json("{\"value\":\"m-1\"}");
        assertSame(object, quirk.normalise(manager(), null, object));
        JsonValue s = JsonSupport.string("m-1");
        assertSame(s, quirk.normalise(manager(), "value", s));
        AttributeResolver.Resolved title = RESOLVER.resolve(REGISTRY.resourceType("User"), null, "title");
        assertSame(s, quirk.normalise(title, null, s));
    }

    @Test
    void entraAddOfManagerAsBareStringSetsManagerValue() {
        JsonObject after = user(BJENSEN,
                "{\"op\":\"Add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\",\"value\":\"m-26118915\"}");
        assertEquals(json("{\"value\":\"m-26118915\"}"), after.getJsonObject(ENTERPRISE).getJsonObject("manager"));
        assertEquals("701984", after.getJsonObject(ENTERPRISE).getString("employeeNumber"));
    }

    @Test
    void entraReplaceOfManagerAsBareStringChangesIt() {
        JsonObject after = user(WITH_MANAGER,
                "{\"op\":\"Replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\",\"value\":\"m-2\"}");
        assertEquals("m-2", after.getJsonObject(ENTERPRISE).getJsonObject("manager").getString("value"));
    }

    @Test
    void removeOfManagerWithoutValueUnassignsIt() {
        JsonObject after = user(WITH_MANAGER, "{\"op\":\"Remove\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\"}");
        assertFalse(after.getJsonObject(ENTERPRISE).containsKey("manager"));
        assertEquals("Sales", after.getJsonObject(ENTERPRISE).getString("department"));
    }

    @Test
    void removeOfManagerWithItsIdUnassignsItAndWithAnotherIdKeepsIt() {
        String path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
        for (String value : new String[] {"\"m-26118915\"", "{\"value\":\"m-26118915\"}", "[{\"value\":\"m-26118915\"}]"}) {
            JsonObject after = user(WITH_MANAGER, "{\"op\":\"Remove\",\"path\":\"" + path + "\",\"value\":" + value + "}");
            assertFalse(after.getJsonObject(ENTERPRISE).containsKey("manager"), value);
        }
        JsonObject kept = user(WITH_MANAGER, "{\"op\":\"Remove\",\"path\":\"" + path + "\",\"value\":\"someone-else\"}");
        assertEquals("m-26118915", kept.getJsonObject(ENTERPRISE).getJsonObject("manager").getString("value"));
    }

    @Test
    void removeOfManagerByValueFilterUnassignsOnlyThatManager() {
        String path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
        JsonObject after = user(WITH_MANAGER, "{\"op\":\"Remove\",\"path\":\"" + path + "[value eq \\\"m-26118915\\\"]\"}");
        assertFalse(after.getJsonObject(ENTERPRISE).containsKey("manager"));
        JsonObject kept = user(WITH_MANAGER, "{\"op\":\"Remove\",\"path\":\"" + path + "[value eq \\\"other\\\"]\"}");
        assertEquals("m-26118915", kept.getJsonObject(ENTERPRISE).getJsonObject("manager").getString("value"));
    }

    @Test
    void bareStringManagerOnPostBodyIsNormalisedToo() {
        ClientQuirks quirks = ClientQuirks.standard(REGISTRY);
        JsonObject body = json("{\"userName\":\"u\",\"" + ENTERPRISE + "\":{\"manager\":\"m-1\"}}");
        assertEquals(json("{\"manager\":{\"value\":\"m-1\"}}"), quirks.body(REGISTRY.resourceType("User"), body).getJsonObject(ENTERPRISE));
        JsonObject qualified = json("{\"userName\":\"u\",\"" + ENTERPRISE + ":manager\":\"m-1\"}");
        assertEquals(json("{\"value\":\"m-1\"}"), quirks.body(REGISTRY.resourceType("User"), qualified).getJsonObject(ENTERPRISE + ":manager"));
    }
}
