package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.spi.Principal;
import io.roster.scim.spi.SelfService;
import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's /Me allow-list without any plugin: a user's own token changes only its profile and
 * password, through PUT and PATCH alike, and is refused (403 naming the attribute) before uniqueness is checked.
 */
class SelfServiceTest {
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @TempDir
    Path dir;

    private static String ops(String json) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + json + "}";
    }

    private static ResourceSnapshot patch(HookedService s, String id, String operations, RequestContext ctx) {
        return s.service.patch(s.type("User"), id, JsonSupport.parseTrusted(ops(operations)), Precondition.NONE, ctx);
    }

    private static ResourceSnapshot put(HookedService s, String id, String body, RequestContext ctx) {
        return s.service.replace(s.type("User"), id, JsonSupport.parseTrusted(body), Precondition.NONE, ctx);
    }

    private static final String ME = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
             "userName": "me@example.com", "externalId": "ext-me", "title": "Clerk", "displayName": "Me",
             "emails": [{"type": "work", "value": "me@example.com", "primary": true}],
             "%s": {"department": "Support"}}""".formatted(ENTERPRISE, ENTERPRISE);

    @Test
    void aUserWithoutRolesChangesOnlyTheAllowListedAttributesOfItself() {
        try (HookedService s = new HookedService(dir)) {
            String me = s.create("User", ME);
            s.create("User", "{\"userName\":\"taken@example.com\"}");
            RequestContext asMe = HookedService.CTX.withPrincipal(new Principal("token of me", me, "client-of-me"));

            ResourceSnapshot changed = patch(s, me, """
                    [{"op":"replace","path":"displayName","value":"Still Me"},
                     {"op":"replace","path":"name.givenName","value":"M"},
                     {"op":"add","path":"phoneNumbers","value":[{"type":"work","value":"+1 555 0100"}]},
                     {"op":"replace","value":{"nickName":"meme","locale":"en-GB","timezone":"Europe/London",
                      "preferredLanguage":"en-GB"}},
                     {"op":"replace","path":"password","value":"N3w-Passw0rd!"}]""", asMe);
            assertEquals("Still Me", changed.representation().getString("displayName"));

            List<String[]> refused = List.of(
                    new String[] {"userName", "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"taken@example.com\"}]"},
                    new String[] {"externalId", "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"ext-other\"}]"},
                    new String[] {"emails", "[{\"op\":\"add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"ceo@example.com\"}]"},
                    new String[] {"title", "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"CEO\"}]"},
                    new String[] {"active", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"},
                    new String[] {"roles", "[{\"op\":\"add\",\"path\":\"roles\",\"value\":[{\"value\":\"anything\"}]}]"},
                    new String[] {ENTERPRISE + ":department", "[{\"op\":\"replace\",\"path\":\"" + ENTERPRISE
                            + ":department\",\"value\":\"Sales\"}]"},
                    new String[] {ENTERPRISE + ":manager", "[{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\""
                            + me + "\"}]"});
            long version = s.store.read(r -> r.get("User", me).version());
            for (String[] c : refused) {
                ScimException e = assertThrows(ScimException.class, () -> patch(s, me, c[1], asMe), c[0]);
                assertEquals(403, e.status(), c[0]);
                assertTrue(e.detail().contains("\"" + c[0] + "\""), e.detail());
            }
            assertEquals(version, (long) s.store.read(r -> r.get("User", me).version()), "a refused change changes nothing");
        }
    }

    @Test
    void aPutThroughMeMayRepeatWhatItMayNotChange() {
        try (HookedService s = new HookedService(dir)) {
            String me = s.create("User", ME);
            RequestContext asMe = HookedService.CTX.withPrincipal(new Principal("token of me", me, "client-of-me"));
            String same = ME.replace("\"displayName\": \"Me\"", "\"displayName\": \"Renamed Me\", \"nickName\": \"m\"");
            ResourceSnapshot r = assertDoesNotThrow(() -> put(s, me, same, asMe));
            assertEquals("Renamed Me", r.representation().getString("displayName"));
            // The same body with a changed userName, or without title (a PUT clears what it leaves out), is refused.
            ScimException renamed = assertThrows(ScimException.class, () -> put(s, me, same.replace("me@example.com\", \"externalId",
                    "new@example.com\", \"externalId"), asMe));
            assertTrue(renamed.detail().contains("\"userName\""), renamed.detail());
            ScimException cleared = assertThrows(ScimException.class, () -> put(s, me, same.replace("\"title\": \"Clerk\", ", ""), asMe));
            assertEquals(403, cleared.status());
            assertTrue(cleared.detail().contains("\"title\""), cleared.detail());
        }
    }

    @Test
    void aUniquenessConflictNamesNoOtherResource() {
        try (HookedService s = new HookedService(dir)) {
            String other = s.create("User", "{\"userName\":\"taken@example.com\"}");
            String me = s.create("User", "{\"userName\":\"me@example.com\"}");
            ScimException e = assertThrows(ScimException.class,
                    () -> patch(s, me, "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"TAKEN@example.com\"}]", HookedService.CTX));
            assertEquals(409, e.status());
            assertFalse(e.detail().contains(other), e.detail());
        }
    }

    @Test
    void theAllowListMatchesChangedAttributeNamesAndNeverAnExtension() {
        assertTrue(SelfService.allows("displayName"));
        assertTrue(SelfService.allows("PHONENUMBERS"));
        assertFalse(SelfService.allows("emails"));
        assertFalse(SelfService.allows(ENTERPRISE + ":department"));
        assertFalse(SelfService.allows("urn:ietf:params:scim:schemas:extension:roster:2.0:User:usageLocation"));
        assertEquals("userName", SelfService.firstRefused(List.of("nickName", "userName", "title")));
    }
}
