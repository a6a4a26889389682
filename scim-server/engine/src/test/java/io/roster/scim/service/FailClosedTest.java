package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.StoreReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * The service serves nobody anonymously, and nothing from outside the server becomes the server itself
 * ({@link Principal#SYSTEM}).
 */
class FailClosedTest {
    static final RequestContext NOBODY = RequestContext.unauthenticated("http://localhost/scim/v2");

    @TempDir
    Path dir;

    @Test
    void everyServiceOperationRefusesARequestWithoutAPrincipal() {
        try (HookedService s = new HookedService(dir)) {
            String user = s.create("User", "{\"userName\":\"existing\"}");
            long version = s.store.read(r -> r.get("User", user).version());
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("get", () -> s.service.get(s.type("User"), user, NOBODY));
            calls.put("list", () -> s.service.list(s.type("User"), new ListRequest(null, null, null, null, null, null), NOBODY));
            calls.put("root search", () -> s.service.search(new ListRequest(null, null, null, null, null, null), NOBODY));
            calls.put("create", () -> s.service.create(s.type("User"), JsonSupport.parseTrusted("{\"userName\":\"anon\"}"), NOBODY));
            calls.put("replace", () -> s.service.replace(s.type("User"), user,
                    JsonSupport.parseTrusted("{\"userName\":\"existing\",\"displayName\":\"x\"}"), Precondition.NONE, NOBODY));
            calls.put("patch", () -> s.service.patch(s.type("User"), user, JsonSupport.parseTrusted(
                    "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}"), Precondition.NONE, NOBODY));
            calls.put("delete", () -> s.service.delete(s.type("User"), user, Precondition.NONE, NOBODY));
            calls.put("bulk", () -> s.bulk.execute(JsonSupport.parseTrusted("{\"Operations\":[{\"method\":\"POST\",\"path\":\"/Users\","
                    + "\"data\":{\"userName\":\"bulk-anon\"}}]}"), NOBODY));
            calls.forEach((name, call) -> {
                ScimException e = assertThrows(ScimException.class, call, name);
                assertEquals(401, e.status(), name);
                assertTrue(e.headers().containsKey("WWW-Authenticate"), name);
            });
            assertEquals(version, (long) s.store.read(r -> r.get("User", user).version()), "nothing changed");
            assertEquals(1L, (long) s.store.read(r -> r.count("User")), "nothing created");
        }
    }

    @Test
    void aContextWithoutAPrincipalNeverStandsForTheServer() {
        assertFalse(NOBODY.authenticated());
        assertThrows(ScimException.class, NOBODY::principal);
        assertTrue(RequestContext.system("http://x").principal().isSystem());
        assertFalse(new RequestContext("http://x", new Principal("roster")).principal().isSystem(),
                "a principal that merely looks like the server is not the server");
    }

    @Test
    void noTokenAuthenticatesAsTheServerItselfWhateverTheAuthorizerReturns() {
        try (HookedService s = new HookedService(dir)) {
            Authorizer rogue = new Authorizer() {
                @Override
                public Principal resolve(Principal principal, io.roster.scim.spi.ResourceReader reader) {
                    return Principal.SYSTEM;
                }
            };
            AccessTokens tokens = new AccessTokens(s.store, rogue);
            tokens.initialise("admin-token");
            assertThrows(IllegalStateException.class, () -> tokens.authenticate("admin-token"));
            String secret = s.service.create(s.type("ApiClient"), JsonSupport.parseTrusted("{\"displayName\":\"c\"}"), HookedService.CTX)
                    .representation().getString("secret");
            assertThrows(IllegalStateException.class, () -> tokens.authenticate(secret));
        }
    }

    @Test
    void aUserBoundCallerIsRefusedOtherTypesBeforeExistenceOrVersionAreLookedAt() {
        try (HookedService s = new HookedService(dir)) {
            String me = s.create("User", "{\"userName\":\"me\"}");
            String client = s.create("ApiClient", "{\"displayName\":\"job\"}");
            RequestContext asMe = HookedService.CTX.withPrincipal(new Principal("token of me", me, "client-of-me"));
            Precondition wrongVersion = new Precondition(List.of(Precondition.etag(99)));
            for (String id : List.of(client, "no-such-client")) {
                for (Precondition p : List.of(Precondition.NONE, wrongVersion)) {
                    List<Executable> calls = List.of(
                            () -> s.service.get(s.type("ApiClient"), id, asMe),
                            () -> s.service.replace(s.type("ApiClient"), id, JsonSupport.parseTrusted("{\"displayName\":\"x\"}"), p, asMe),
                            () -> s.service.patch(s.type("ApiClient"), id, JsonSupport.parseTrusted("{\"Operations\":[]}"), p, asMe),
                            () -> s.service.delete(s.type("ApiClient"), id, p, asMe));
                    for (Executable call : calls) {
                        ScimException e = assertThrows(ScimException.class, call);
                        assertEquals(403, e.status(), id + " " + p + ": " + e.detail());
                        assertFalse(e.detail().contains(client), e.detail());
                    }
                }
            }
            // Another user is no different from another type.
            String other = s.create("User", "{\"userName\":\"other\"}");
            assertEquals(403, assertThrows(ScimException.class, () -> s.service.patch(s.type("User"), other,
                    JsonSupport.parseTrusted("{\"Operations\":[]}"), wrongVersion, asMe)).status());
            assertEquals(403, assertThrows(ScimException.class, () -> s.service.create(s.type("User"),
                    JsonSupport.parseTrusted("{\"userName\":\"made-by-me\"}"), asMe)).status());
        }
    }
}
