package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.RFC_ENGINE;
import static io.roster.scim.patch.PatchEngineTest.array;
import static io.roster.scim.patch.PatchEngineTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import org.junit.jupiter.api.Test;

class EntraFilteredReplaceCreatesTest {
    private static final String HOME_ONLY = "{\"userName\":\"u\",\"emails\":[{\"value\":\"me@home.example\",\"type\":\"home\"}]}";

    /** Entra's replace of the work email as Microsoft documents it, sent whether or not the user has one. */
    private static final String ENTRA_REPLACE =
            "{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"TestBcwqnm@test.microsoft.com\"}";

    @Test
    void entrasFilteredReplaceWithNoWorkEmailCreatesItAndKeepsTheOthers() {
        assertEquals(array("[{\"value\":\"me@home.example\",\"type\":\"home\"},{\"type\":\"work\",\"value\":\"TestBcwqnm@test.microsoft.com\"}]"),
                user(HOME_ONLY, ENTRA_REPLACE).getJsonArray("emails"));
    }

    @Test
    void entrasFilteredReplaceWithAWorkEmailReplacesIt() {
        String withWork = "{\"userName\":\"u\",\"emails\":[{\"value\":\"old@work.example\",\"type\":\"work\"}]}";
        assertEquals(array("[{\"value\":\"TestBcwqnm@test.microsoft.com\",\"type\":\"work\"}]"),
                user(withWork, ENTRA_REPLACE).getJsonArray("emails"));
    }

    /** An add creates the value without the quirk: RFC 7644 section 3.5.2.1 adds a target that does not exist. */
    @Test
    void entrasFilteredAddCreatesTheValueWithOrWithoutTheQuirk() {
        String entraAdd = "{\"op\":\"Add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"a@b.c\"}";
        String expected = "[{\"value\":\"me@home.example\",\"type\":\"home\"},{\"type\":\"work\",\"value\":\"a@b.c\"}]";
        assertEquals(array(expected), user(HOME_ONLY, entraAdd).getJsonArray("emails"));
        assertEquals(array(expected), user(RFC_ENGINE, HOME_ONLY, entraAdd).getJsonArray("emails"));
    }

    /** Without the quirk the engine reads the replace the RFC's way (section 3.5.2.3): no match is noTarget. */
    @Test
    void withoutTheQuirkAFilteredReplaceMatchingNothingIsNoTarget() {
        ScimException e = assertThrows(ScimException.class, () -> user(RFC_ENGINE, HOME_ONLY, ENTRA_REPLACE));
        assertEquals(ScimType.NO_TARGET, e.scimType());
    }
}
