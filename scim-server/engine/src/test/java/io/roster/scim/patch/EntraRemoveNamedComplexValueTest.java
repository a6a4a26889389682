package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.ENTERPRISE;
import static io.roster.scim.patch.PatchEngineTest.RFC_ENGINE;
import static io.roster.scim.patch.PatchEngineTest.USER;
import static io.roster.scim.patch.PatchEngineTest.operations;
import static io.roster.scim.patch.PatchEngineTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roster.scim.schema.AttributeResolver;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntraRemoveNamedComplexValueTest {
    private static final String WITH_MANAGER = """
            {"userName": "u", "%s": {"department": "Sales", "manager": {"value": "m-26118915"}}}""".formatted(ENTERPRISE);

    /** Entra's manager removal as sent (CLIENTS.md), the manager named in the value. */
    private static String entraRemove(String id) {
        return "{\"op\":\"Remove\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\",\"value\":[{\"value\":\""
                + id + "\"}]}";
    }

    private final EntraRemoveNamedComplexValue quirk = new EntraRemoveNamedComplexValue();
    private final PatchContext context = new PatchContext(USER, "u1", new AttributeResolver(PatchEngineTest.REGISTRY));

    @Test
    void entrasRemoveNamingTheCurrentManagerUnassignsIt() {
        JsonObject ext = user(WITH_MANAGER, entraRemove("m-26118915")).getJsonObject(ENTERPRISE);
        assertFalse(ext.containsKey("manager"));
        assertEquals("Sales", ext.getString("department"));
    }

    @Test
    void entrasRemoveNamingAnotherManagerKeepsTheCurrentOne() {
        JsonObject ext = user(WITH_MANAGER, entraRemove("someone-else")).getJsonObject(ENTERPRISE);
        assertEquals("m-26118915", ext.getJsonObject("manager").getString("value"));
    }

    @Test
    void onlyARemoveWithAValueOnASingularComplexAttributeIsRewritten() {
        for (String op : List.of("{\"op\":\"Remove\",\"path\":\"" + ENTERPRISE + ":manager\"}",
                "{\"op\":\"Remove\",\"path\":\"" + ENTERPRISE + ":manager[value eq \\\"m\\\"]\",\"value\":\"m\"}",
                "{\"op\":\"Remove\",\"path\":\"" + ENTERPRISE + ":manager.value\",\"value\":\"m\"}",
                "{\"op\":\"Remove\",\"path\":\"title\",\"value\":\"T\"}",
                "{\"op\":\"Remove\",\"path\":\"emails\",\"value\":[{\"value\":\"e\"}]}")) {
            EngineOperation operation = EngineOperation.of(operations(op).get(0));
            assertSame(operation, quirk.rewrite(operation, context), op);
        }
        EngineOperation named = EngineOperation.of(operations(entraRemove("m")).get(0));
        assertEquals(named.value(), quirk.rewrite(named, context).only());
    }

    /** Without the quirk the engine reads the remove the RFC's way (section 3.5.2.2): the manager goes, whoever it is. */
    @Test
    void withoutTheQuirkTheManagerIsRemovedWhoeverItIs() {
        assertFalse(user(RFC_ENGINE, WITH_MANAGER, entraRemove("someone-else")).getJsonObject(ENTERPRISE).containsKey("manager"));
    }
}
