package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.BJENSEN;
import static io.roster.scim.patch.PatchEngineTest.ENGINE;
import static io.roster.scim.patch.PatchEngineTest.GROUP;
import static io.roster.scim.patch.PatchEngineTest.USER;
import static io.roster.scim.patch.PatchEngineTest.array;
import static io.roster.scim.patch.PatchEngineTest.group;
import static io.roster.scim.patch.PatchEngineTest.json;
import static io.roster.scim.patch.PatchEngineTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaUrns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What each kind of filter node means inside a PATCH path's brackets: which values a filtered add
 * creates when none matches, which members a filtered remove names directly, and which nodes a path
 * may not hold at all.
 */
class PatchValueFilterTest {
    private static final String NO_WORK_EMAIL = "{\"userName\":\"u\",\"emails\":[{\"value\":\"me@home.example\",\"type\":\"home\"}]}";

    private static PatchOperation remove(String attribute, Filter filter) {
        return new PatchOperation(PatchOperation.Op.REMOVE, new PatchPath(new AttrPath(attribute), filter, null), null, 1);
    }

    private static Compare eq(String sub, String value) {
        return new Compare(new AttrPath(sub), CompareOp.EQ, JsonSupport.string(value));
    }

    // ------------------------------------------------------------------ what a filtered add creates

    @Test
    void filteredAddWithNoMatchCreatesTheValueFromTheEqualityTermsJoinedByAnd() {
        assertEquals(array("[{\"value\":\"me@home.example\",\"type\":\"home\"},{\"type\":\"work\",\"display\":\"W\",\"value\":\"a@b.c\"}]"),
                user(NO_WORK_EMAIL, "{\"op\":\"add\",\"path\":\"emails[type eq \\\"work\\\" and display eq \\\"W\\\"].value\",\"value\":\"a@b.c\"}")
                        .getJsonArray("emails"));
    }

    @Test
    void filteredAddWithNoMatchPinsNothingThroughOrNotPresentOrOtherOperators() {
        for (String filter : List.of("type eq \\\"work\\\" or type eq \\\"other\\\"", "not (type eq \\\"home\\\")", "display pr",
                "type sw \\\"wo\\\"")) {
            assertEquals(array("[{\"value\":\"me@home.example\",\"type\":\"home\"},{\"value\":\"a@b.c\"}]"),
                    user(NO_WORK_EMAIL, "{\"op\":\"add\",\"path\":\"emails[" + filter + "].value\",\"value\":\"a@b.c\"}")
                            .getJsonArray("emails"), filter);
        }
    }

    /** No filter: the sub-attribute of every value, and there is none, so the target does not exist (RFC 7644 section 3.5.2.3). */
    @Test
    void aSubAttributeAddOrReplaceOnAnEmptyMultiValuedAttributeCreatesAValue() {
        for (String op : List.of("add", "replace", "Add", "ADD")) {
            assertEquals(array("[{\"locality\":\"Utrecht\"}]"),
                    user("{\"userName\":\"u\"}", "{\"op\":\"" + op + "\",\"path\":\"addresses.locality\",\"value\":\"Utrecht\"}")
                            .getJsonArray("addresses"), op);
        }
        assertEquals(array("[{\"locality\":\"Utrecht\"}]"), user(PatchEngineTest.RFC_ENGINE, "{\"userName\":\"u\"}",
                "{\"op\":\"replace\",\"path\":\"addresses.locality\",\"value\":\"Utrecht\"}").getJsonArray("addresses"));
    }

    // ------------------------------------------------------------------ which members a remove names

    @Test
    void memberRemovalByValueTermsJoinedByOrNamesTheIds() {
        PatchEngine.Result r = group("{\"displayName\":\"G\"}",
                "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\" or value eq \\\"u2\\\" or value eq \\\"u3\\\"]\"}");
        assertEquals(new MemberChange.Remove(List.of("u1", "u2", "u3")), r.memberChanges().get(0));
    }

    @Test
    void memberRemovalByAndNotPresentOrAnotherOperatorIsEvaluatedPerMember() {
        for (String filter : List.of("value eq \\\"u1\\\" and value eq \\\"u2\\\"", "not (value eq \\\"u1\\\")", "value pr",
                "value sw \\\"u\\\"", "value eq \\\"u1\\\" or type eq \\\"User\\\"")) {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}", "{\"op\":\"remove\",\"path\":\"members[" + filter + "]\"}");
            assertInstanceOf(MemberChange.RemoveMatching.class, r.memberChanges().get(0), filter);
        }
    }

    // ------------------------------------------------------------------ what a path may not hold

    @Test
    void aValuePathInsideAValueFilterIsInvalidPath() {
        Filter nested = new ValuePath(new AttrPath("emails"), eq("type", "work"));
        ScimException onEmails = assertThrows(ScimException.class,
                () -> ENGINE.apply(USER, "u1", json(BJENSEN), List.of(remove("emails", nested)), false));
        assertEquals(ScimType.INVALID_PATH, onEmails.scimType(), onEmails.detail());
        ScimException onManager = assertThrows(ScimException.class, () -> ENGINE.apply(USER, "u1", json(BJENSEN),
                List.of(new PatchOperation(PatchOperation.Op.REMOVE,
                        new PatchPath(new AttrPath(SchemaUrns.ENTERPRISE_USER, "manager", null), nested, null), null, 1)), false));
        assertEquals(ScimType.INVALID_PATH, onManager.scimType(), onManager.detail());
        ScimException onMembers = assertThrows(ScimException.class,
                () -> ENGINE.apply(GROUP, "g1", json("{\"displayName\":\"G\"}"), List.of(remove("members", nested)), true));
        assertEquals(ScimType.INVALID_PATH, onMembers.scimType(), onMembers.detail());
    }
}
