package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.BJENSEN;
import static io.roster.scim.patch.PatchEngineTest.USER;
import static io.roster.scim.patch.PatchEngineTest.json;
import static io.roster.scim.patch.PatchEngineTest.userFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceNormalizer;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class EntraBooleanStringsTest {
    private static final SchemaRegistry REGISTRY = PatchEngineTest.REGISTRY;
    private static final AttributeResolver RESOLVER = new AttributeResolver(REGISTRY);
    private final EntraBooleanStrings quirk = new EntraBooleanStrings();

    private static AttributeResolver.Resolved attribute(String name) {
        return RESOLVER.resolve(REGISTRY.resourceType("User"), null, name);
    }

    @Test
    void entraDeactivationWithTheStringFalseSetsActiveFalse() {
        // Entra's exact operation (CLIENTS.md).
        assertEquals(JsonValue.FALSE, PatchEngineTest.user(BJENSEN, "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}").get("active"));
        assertEquals(JsonValue.TRUE, PatchEngineTest.user(BJENSEN, "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}").get("active"));
    }

    @Test
    void booleanStringsInAnyCaseBecomeBooleans() {
        assertEquals(JsonValue.TRUE, quirk.normalise(attribute("active"), null, JsonSupport.string("TRUE")));
        assertEquals(JsonValue.FALSE, quirk.normalise(attribute("active"), null, JsonSupport.string(" false ")));
    }

    @Test
    void booleanSubAttributesGivenAsStringsBecomeBooleans() {
        assertEquals(json("{\"value\":\"a@x.example\",\"primary\":true}"),
                quirk.normalise(attribute("emails"), null, json("{\"value\":\"a@x.example\",\"primary\":\"True\"}")));
        assertEquals(JsonValue.TRUE, quirk.normalise(attribute("emails"), "primary", JsonSupport.string("True")));
        JsonObject after = PatchEngineTest.user(BJENSEN, "{\"op\":\"Add\",\"path\":\"emails\",\"value\":[{\"value\":\"n@x.example\",\"primary\":\"True\"}]}");
        assertEquals(JsonValue.TRUE, after.getJsonArray("emails").getJsonObject(2).get("primary"));
    }

    @Test
    void otherValuesAreLeftAsTheyAre() {
        JsonValue perhaps = JsonSupport.string("perhaps");
        assertSame(perhaps, quirk.normalise(attribute("active"), null, perhaps));
        JsonValue text = JsonSupport.string("True");
        assertSame(text, quirk.normalise(attribute("title"), null, text), "a string attribute keeps the string \"True\"");
        JsonValue emails = json("{\"value\":\"a@x.example\",\"primary\":true}");
        assertSame(emails, quirk.normalise(attribute("emails"), null, emails));
    }

    @Test
    void postAndPutBodiesGetTheQuirkToo() {
        JsonObject body = ClientQuirks.standard(REGISTRY).body(USER, json("{\"userName\":\"u\",\"active\":\"False\"}"));
        assertEquals(JsonValue.FALSE, new ResourceNormalizer(REGISTRY).forCreate(USER, body).get("active"));
    }

    @Test
    void withoutTheQuirkTheEngineTakesOnlyJsonBooleans() {
        ScimException e = assertThrows(ScimException.class,
                () -> new ResourceNormalizer(REGISTRY).forCreate(USER, json("{\"userName\":\"u\",\"active\":\"False\"}")));
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
        assertEquals(ScimType.INVALID_VALUE, userFails(BJENSEN, "{\"op\":\"replace\",\"path\":\"active\",\"value\":\"no\"}").scimType());
    }
}
