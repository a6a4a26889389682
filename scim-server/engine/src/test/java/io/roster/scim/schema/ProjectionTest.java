package io.roster.scim.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ProjectionTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private static final JsonObject FULL = JsonSupport.parseTrusted("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","externalId":"e1","userName":"a",
             "password":"$hash","displayName":"A","name":{"givenName":"G","familyName":"F"},
             "emails":[{"value":"a@x","type":"work"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","costCenter":"7"},
             "meta":{"resourceType":"User","version":"W/\\"1\\""}}""");

    @Test
    void defaultReturnsEverythingButNever() {
        JsonObject out = Projection.defaults(REGISTRY, USER).apply(FULL);
        assertFalse(out.containsKey("password"));
        assertTrue(out.containsKey("meta") && out.containsKey("emails") && out.containsKey(SchemaUrns.ENTERPRISE_USER));
    }

    @Test
    void attributesReturnsOnlyThoseAndAlwaysOnes() {
        JsonObject out = Projection.of(REGISTRY, USER, "userName,name.givenName", null).apply(FULL);
        assertEquals(JsonSupport.parseTrusted("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","name":{"givenName":"G"}}"""), out);
    }

    @Test
    void excludedAttributesRemovesThoseButNeverId() {
        JsonObject out = Projection.of(REGISTRY, USER, null, "id,emails,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department").apply(FULL);
        assertTrue(out.containsKey("id"));
        assertFalse(out.containsKey("emails"));
        assertEquals(JsonSupport.parseTrusted("{\"costCenter\":\"7\"}"), out.getJsonObject(SchemaUrns.ENTERPRISE_USER));
    }

    @Test
    void wholeExtensionCanBeRequestedByUrn() {
        JsonObject out = Projection.of(REGISTRY, USER, SchemaUrns.ENTERPRISE_USER, null).apply(FULL);
        assertEquals(2, out.getJsonObject(SchemaUrns.ENTERPRISE_USER).size());
        assertFalse(out.containsKey("userName"));
    }

    @Test
    void membersCanBeSkippedWithoutReadingThem() {
        assertFalse(Projection.of(REGISTRY, GROUP, null, "members").wants("members"));
        assertTrue(Projection.defaults(REGISTRY, GROUP).wants("members"));
        assertTrue(Projection.of(REGISTRY, GROUP, "members.value", null).wants("members"));
        JsonObject member = JsonSupport.parseTrusted("{\"value\":\"1\",\"display\":\"x\",\"type\":\"User\"}");
        assertEquals(JsonSupport.parseTrusted("{\"value\":\"1\"}"),
                Projection.of(REGISTRY, GROUP, "members.value", null).projectElement("members", member));
    }
}
