package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import org.junit.jupiter.api.Test;

class RequestTargetsTest {

    private static void refused(String path) {
        ScimException e = assertThrows(ScimException.class, () -> RequestTargets.path(path), path);
        assertEquals(400, e.status());
        assertTrue(e.detail().contains("'..'"), e.detail());
    }

    @Test
    void encodedSlashesAndBackslashesAreRefused() {
        refused("/scim/v2/Schemas%2F..%2FUsers");
        refused("/scim/v2/Schemas%2fUsers");
        refused("/scim/v2/Users%5C..%5CGroups");
        refused("/scim/v2/Users\\x");
    }

    @Test
    void dotSegmentsAreRefusedPlainEncodedOrWithParameters() {
        refused("/scim/v2/Schemas/../Users");
        refused("/scim/v2/./Users");
        refused("/scim/v2/Users/..");
        refused("/scim/v2/Schemas/%2E%2E/Users");
        refused("/scim/v2/Schemas/%2e./Users");
        refused("/scim/v2/Schemas/..;x=1/Users");
    }

    @Test
    void namesThatOnlyContainDotsAreFine() {
        assertEquals("/scim/v2/Users/.search", RequestTargets.path("/scim/v2/Users/.search"));
        assertEquals("/scim/v2/Users/a..b", RequestTargets.path("/scim/v2/Users/a..b"));
        assertEquals("/scim/v2/Users/...", RequestTargets.path("/scim/v2/Users/..."));
    }

    @Test
    void charactersThatMustBeEncodedAreEncodedNotRefused() {
        assertEquals("/scim/v2/Users/a%7Cb", RequestTargets.path("/scim/v2/Users/a|b"));
        // raw UTF-8 bytes arrive one char per byte and leave percent-encoded, so they decode as UTF-8
        assertEquals("/scim/v2/Users/%C3%A9", RequestTargets.path("/scim/v2/Users/\u00c3\u00a9"));
        assertEquals("/scim/v2/Users/50%25", RequestTargets.path("/scim/v2/Users/50%"));
        assertEquals("/scim/v2/Users/%7Bx%7D", RequestTargets.path("/scim/v2/Users/{x}"));
    }

    @Test
    void aValidPathIsReturnedAsItIs() {
        String path = "/scim/v2/Users/01a2-b3;v=1/x:y@z%20w";
        assertEquals(path, RequestTargets.path(path));
    }

    @Test
    void aQueryIsEncodedWhereItMustBeAndNeverRefused() {
        assertEquals("filter=userName%20eq%20%22a%22", RequestTargets.query("filter=userName%20eq%20\"a\""));
        assertEquals("filter=x%25&a=b/c?d", RequestTargets.query("filter=x%&a=b/c?d"));
        assertEquals("a=..%2F..%5C", RequestTargets.query("a=..%2F..%5C"));
        assertEquals("a=%5C", RequestTargets.query("a=\\"));
    }
}
