package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.BJENSEN;
import static io.roster.scim.patch.PatchEngineTest.GROUP;
import static io.roster.scim.patch.PatchEngineTest.RFC_ENGINE;
import static io.roster.scim.patch.PatchEngineTest.group;
import static io.roster.scim.patch.PatchEngineTest.json;
import static io.roster.scim.patch.PatchEngineTest.operations;
import static io.roster.scim.patch.PatchEngineTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roster.scim.schema.AttributeResolver;
import jakarta.json.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntraRemoveByValueListTest {
    /** Entra's member removal as sent (CLIENTS.md; Microsoft's SCIM compliance notes, without aadOptscim062020). */
    private static final String ENTRA_REMOVE = "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"u1091\"}]}";

    private final EntraRemoveByValueList quirk = new EntraRemoveByValueList();
    private final PatchContext context = new PatchContext(GROUP, "g1", new AttributeResolver(PatchEngineTest.REGISTRY));

    @Test
    void entrasRemoveWithAValueListRemovesOnlyTheListedMembers() {
        PatchEngine.Result r = group("{\"displayName\":\"G\"}", ENTRA_REMOVE);
        assertEquals(List.of(new MemberChange.Remove(List.of("u1091"))), r.memberChanges());
    }

    @Test
    void severalListedMembersAndBareIdsAreRemovedTogether() {
        PatchEngine.Result r = group("{\"displayName\":\"G\"}",
                "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"},\"u2\",{\"Value\":\" u3 \"}]}");
        assertEquals(List.of(new MemberChange.Remove(List.of("u1", "u2", "u3"))), r.memberChanges());
    }

    @Test
    void onAnyMultiValuedAttributeOnlyTheListedValuesGo() {
        JsonArray emails = user(BJENSEN, "{\"op\":\"Remove\",\"path\":\"emails\",\"value\":[{\"value\":\"BABS@home.example\"}]}")
                .getJsonArray("emails");
        assertEquals(1, emails.size());
        assertEquals("bjensen@work.example", emails.getJsonObject(0).getString("value"));
    }

    @Test
    void aRemoveWithoutValueOrWithAFilterIsLeftAlone() {
        for (String op : List.of("{\"op\":\"Remove\",\"path\":\"members\"}",
                "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\"]\",\"value\":[{\"value\":\"u2\"}]}",
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}",
                "{\"op\":\"remove\",\"path\":\"displayName\",\"value\":\"G\"}")) {
            EngineOperation operation = EngineOperation.of(operations(op).get(0));
            assertSame(operation, quirk.rewrite(operation, context), op);
        }
    }

    /** Without the quirk the engine reads the remove the RFC's way (section 3.5.2.2): the attribute and all values go. */
    @Test
    void withoutTheQuirkTheRemoveClearsTheAttribute() {
        PatchEngine.Result r = RFC_ENGINE.apply(GROUP, "g1", json("{\"displayName\":\"G\"}"), operations(ENTRA_REMOVE), true);
        assertInstanceOf(MemberChange.RemoveAll.class, r.memberChanges().get(0));
        assertFalse(user(RFC_ENGINE, BJENSEN, "{\"op\":\"Remove\",\"path\":\"emails\",\"value\":[{\"value\":\"babs@home.example\"}]}")
                .containsKey("emails"));
    }
}
