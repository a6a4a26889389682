package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;
import io.roster.scim.store.StoreReader;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API client secrets: rotation through the writeOnly rotateSecret, and the authorizer's part in authentication. */
class ApiClientSecretTest {
    @TempDir
    Path dir;

    @Test
    void rotatingASecretReturnsTheNewOneOnceAndTheOldOneStopsAtOnce() {
        try (HookedService s = new HookedService(dir)) {
            AccessTokens tokens = new AccessTokens(s.store);
            ResourceSnapshot created = s.service.create(s.type("ApiClient"),
                    io.roster.scim.json.JsonSupport.parseTrusted("{\"displayName\":\"job\"}"), HookedService.CTX);
            String id = created.id();
            String old = created.representation().getString("secret");
            assertEquals(id, tokens.authenticate(old).orElseThrow().clientId());

            ResourceSnapshot rotated = s.patch("ApiClient", id, "[{\"op\":\"replace\",\"path\":\"rotateSecret\",\"value\":true}]");
            String fresh = rotated.representation().getString("secret");
            assertNotEquals(old, fresh);
            assertEquals(created.version() + 1, rotated.version(), "a rotation alone is a change");
            assertTrue(tokens.authenticate(old).isEmpty());
            assertEquals(id, tokens.authenticate(fresh).orElseThrow().clientId());
            assertFalse(s.store.read(r -> r.get("ApiClient", id)).attributes().containsKey("rotateSecret"), "an action, never stored");
            assertFalse(s.service.get(s.type("ApiClient"), id, HookedService.CTX).representation().containsKey("secret"));

            ResourceSnapshot put = s.replace("ApiClient", id, "{\"displayName\":\"renamed\"}");
            assertFalse(put.representation().containsKey("secret"), "a PUT without rotateSecret keeps the secret");
            assertEquals(id, tokens.authenticate(fresh).orElseThrow().clientId());
        }
    }

    @Test
    void withoutAnAuthorizerOnlyTokensBoundToNoUserMayUseTheApi() {
        try (HookedService s = new HookedService(dir)) {
            AccessTokens tokens = new AccessTokens(s.store);
            assertTrue(tokens.mayUseApi(AccessTokens.BOOTSTRAP));
            assertFalse(tokens.mayUseApi(new Principal("me", "some-user")));
            assertNull(Authorizer.DEFAULT.readDenied(new Principal("x"), "ApiClient", null));
        }
    }

    @Test
    void aClientBoundToADeactivatedOrDeletedUserIsRefusedOnItsNextRequest() {
        try (HookedService s = new HookedService(dir)) {
            AccessTokens tokens = new AccessTokens(s.store);
            String user = s.create("User", "{\"userName\":\"bound\"}");
            String secret = s.service.create(s.type("ApiClient"), io.roster.scim.json.JsonSupport.parseTrusted(
                    "{\"displayName\":\"laptop\",\"userId\":\"" + user + "\"}"), HookedService.CTX).representation().getString("secret");
            assertEquals(user, tokens.authenticate(secret).orElseThrow().userId());

            s.patch("User", user, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
            ScimException inactive = assertThrows(ScimException.class, () -> tokens.authenticate(secret));
            assertEquals(401, inactive.status());
            assertTrue(inactive.detail().contains("deactivated"), inactive.detail());
            assertTrue(inactive.headers().get("WWW-Authenticate").contains("invalid_token"));

            s.patch("User", user, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
            assertEquals(user, tokens.authenticate(secret).orElseThrow().userId(), "reactivating the user restores its clients");

            s.delete("User", user);
            ScimException deleted = assertThrows(ScimException.class, () -> tokens.authenticate(secret));
            assertEquals(401, deleted.status());
            assertTrue(deleted.detail().contains("deleted"), deleted.detail());
        }
    }

    @Test
    void theAuthorizerResolvesEveryAuthenticatedPrincipal() {
        try (HookedService s = new HookedService(dir)) {
            Authorizer tagging = new Authorizer() {
                @Override
                public Principal resolve(Principal principal, io.roster.scim.spi.ResourceReader reader) {
                    return principal.withRoles(Set.of(reader == null ? "no-record" : "read-in-the-same-read"));
                }
            };
            AccessTokens tokens = new AccessTokens(s.store, tagging);
            tokens.initialise("admin-token");
            assertEquals(Set.of("no-record"), tokens.authenticate("admin-token").orElseThrow().roles());
            String secret = s.service.create(s.type("ApiClient"), io.roster.scim.json.JsonSupport.parseTrusted("{\"displayName\":\"c\"}"),
                    HookedService.CTX).representation().getString("secret");
            assertEquals(Set.of("read-in-the-same-read"), tokens.authenticate(secret).orElseThrow().roles());
        }
    }
}
