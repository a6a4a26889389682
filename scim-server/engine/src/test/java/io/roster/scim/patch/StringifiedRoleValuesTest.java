package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.json;
import static io.roster.scim.patch.PatchEngineTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceNormalizer;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class StringifiedRoleValuesTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final AttributeResolver.Resolved ROLES = new AttributeResolver(REGISTRY).resolve(USER, null, "roles");
    private final StringifiedRoleValues quirk = new StringifiedRoleValues();

    /** The exact operation Entra sends for an app role assignment (CLIENTS.md). */
    private static final String ENTRA_ADD_ROLE = """
            {"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"7d5e1c3a-0000-4000-8000-000000000001\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]}""";

    @Test
    void entraStringifiedRoleBecomesValueAndDisplay() {
        JsonArray roles = user("{\"userName\":\"u\"}", ENTRA_ADD_ROLE).getJsonArray("roles");
        assertEquals(json("{\"roles\":[{\"value\":\"Admin\",\"display\":\"Admin\"}]}").getJsonArray("roles"), roles);
    }

    @Test
    void addingTheSameStringifiedRoleTwiceKeepsOneRole() {
        JsonObject once = user("{\"userName\":\"u\"}", ENTRA_ADD_ROLE);
        assertEquals(1, user(once.toString(), ENTRA_ADD_ROLE).getJsonArray("roles").size());
    }

    @Test
    void roleWithoutValueTakesItsDisplayName() {
        JsonValue v = quirk.normalise(ROLES, null, json("{\"r\":[{\"value\":\"{\\\"id\\\":\\\"1\\\",\\\"displayName\\\":\\\"Reader\\\"}\"}]}").get("r"));
        assertEquals(json("{\"r\":[{\"value\":\"Reader\",\"display\":\"Reader\"}]}").get("r"), v);
    }

    @Test
    void explicitDisplayIsKept() {
        JsonValue v = quirk.normalise(ROLES, null, json("{\"display\":\"Mine\",\"value\":\"{\\\"value\\\":\\\"Admin\\\",\\\"displayName\\\":\\\"Admin\\\"}\"}"));
        assertEquals(json("{\"display\":\"Mine\",\"value\":\"Admin\"}"), v);
    }

    @Test
    void filteredValueTargetIsUnwrapped() {
        JsonArray roles = user("{\"userName\":\"u\",\"roles\":[{\"value\":\"Old\",\"type\":\"app\"}]}",
                "{\"op\":\"replace\",\"path\":\"roles[type eq \\\"app\\\"].value\",\"value\":\"{\\\"id\\\":\\\"1\\\",\\\"value\\\":\\\"Admin\\\"}\"}")
                .getJsonArray("roles");
        assertEquals(json("{\"value\":\"Admin\",\"type\":\"app\"}"), roles.getJsonObject(0));
    }

    @Test
    void plainRolesAndNonJsonBracesAreLeftAlone() {
        JsonValue plain = json("{\"r\":[{\"value\":\"Admin\"}]}").get("r");
        assertEquals(plain, quirk.normalise(ROLES, null, plain));
        JsonValue braces = json("{\"value\":\"{not json}\"}");
        assertSame(braces, quirk.normalise(ROLES, null, braces));
    }

    @Test
    void otherAttributesAreLeftAlone() {
        AttributeResolver.Resolved entitlements = new AttributeResolver(REGISTRY).resolve(USER, null, "entitlements");
        JsonValue v = json("{\"value\":\"{\\\"value\\\":\\\"Admin\\\"}\"}");
        assertSame(v, quirk.normalise(entitlements, null, v));
    }

    @Test
    void stringifiedRolesInAPostBodyAreNormalised() {
        JsonObject body = json("""
                {"userName":"u","roles":[{"primary":false,"type":"WindowsAzureActiveDirectoryRole",
                  "value":"{\\"id\\":\\"1\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]}""");
        JsonObject stored = new ResourceNormalizer(REGISTRY).forCreate(USER, ClientQuirks.standard(REGISTRY).body(USER, body));
        assertEquals(json("{\"primary\":false,\"type\":\"WindowsAzureActiveDirectoryRole\",\"value\":\"Admin\",\"display\":\"Admin\"}"),
                stored.getJsonArray("roles").getJsonObject(0));
    }

    @Test
    void bodyWithoutQuirksIsReturnedAsIs() {
        JsonObject body = json("{\"userName\":\"u\",\"roles\":[{\"value\":\"Admin\"}]}");
        assertSame(body, ClientQuirks.standard(REGISTRY).body(USER, body), "nothing to normalise: the body itself");
        assertEquals(JsonSupport.string("x"), quirk.normalise(ROLES, "display", JsonSupport.string("x")));
    }
}
