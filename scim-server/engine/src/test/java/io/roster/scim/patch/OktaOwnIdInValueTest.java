package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.GROUP;
import static io.roster.scim.patch.PatchEngineTest.RFC_ENGINE;
import static io.roster.scim.patch.PatchEngineTest.group;
import static io.roster.scim.patch.PatchEngineTest.json;
import static io.roster.scim.patch.PatchEngineTest.operations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.schema.AttributeResolver;
import org.junit.jupiter.api.Test;

class OktaOwnIdInValueTest {
    /** Okta's group rename as sent (CLIENTS.md), the group's own id inside the value. */
    private static final String OKTA_RENAME = "{\"op\":\"replace\",\"value\":{\"id\":\"g1\",\"displayName\":\"Okta Renamed\"}}";

    private final OktaOwnIdInValue quirk = new OktaOwnIdInValue();
    private final PatchContext context = new PatchContext(GROUP, "g1", new AttributeResolver(PatchEngineTest.REGISTRY));

    @Test
    void oktasRenameWithTheGroupsOwnIdRenamesIt() {
        PatchEngine.Result r = group("{\"displayName\":\"Okta Group\"}", OKTA_RENAME);
        assertEquals("Okta Renamed", r.attributes().getString("displayName"));
        assertEquals(json("{\"displayName\":\"Okta Renamed\"}"),
                quirk.rewrite(EngineOperation.of(operations(OKTA_RENAME).get(0)), context).value());
    }

    @Test
    void anotherIdStaysAndIsMutability() {
        String other = "{\"op\":\"replace\",\"value\":{\"id\":\"g2\",\"displayName\":\"Okta Renamed\"}}";
        EngineOperation op = EngineOperation.of(operations(other).get(0));
        assertSame(op, quirk.rewrite(op, context));
        ScimException e = assertThrows(ScimException.class, () -> group("{\"displayName\":\"Okta Group\"}", other));
        assertEquals(ScimType.MUTABILITY, e.scimType());
    }

    /** Without the quirk the engine reads the value the RFC's way: id is readOnly (RFC 7643 section 3.1). */
    @Test
    void withoutTheQuirkEvenTheOwnIdIsMutability() {
        ScimException e = assertThrows(ScimException.class,
                () -> RFC_ENGINE.apply(GROUP, "g1", json("{\"displayName\":\"Okta Group\"}"), operations(OKTA_RENAME), true));
        assertEquals(ScimType.MUTABILITY, e.scimType());
        assertTrue(e.detail().contains("'id' is readOnly"), e.detail());
    }
}
