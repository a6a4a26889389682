package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;

class PatchAnswerTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");

    /** Entra's member PATCH ({"op":"Add","path":"members","value":[{"$ref":null,"value":"<id>"}]}) expects 204. */
    @Test
    void groupPatchAnswersNoContent() {
        assertFalse(PatchAnswer.withBody(GROUP, null, null));
    }

    @Test
    void groupPatchAskingForAttributesAnswersTheResource() {
        assertTrue(PatchAnswer.withBody(GROUP, null, "members"));
        assertTrue(PatchAnswer.withBody(GROUP, "displayName", null));
    }

    @Test
    void userPatchAnswersTheResource() {
        assertTrue(PatchAnswer.withBody(USER, null, null));
    }
}
