package io.roster.scim.service;

import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.ResourceStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonValue;

/**
 * Bearer tokens. Only a SHA-256 hash of each token is stored: tokens are 256 random bits, so a salt
 * or a slow hash adds nothing, and a leaked store reveals no usable token. Presented tokens are
 * compared by hash with {@link MessageDigest#isEqual}, which takes the same time wherever the bytes differ.
 */
public final class AccessTokens {
    static final String BOOTSTRAP_KEY = "auth.bootstrap.sha256";
    public static final Principal BOOTSTRAP = new Principal("bootstrap-admin");
    private static final String API_CLIENT_TOKEN_PREFIX = "auth.client.sha256.";

    /** Per client, the setting key of its current secret, so that rotating the secret can drop the old one. */
    private static final String API_CLIENT_KEY_OF_PREFIX = "auth.client.key.";

    private final ResourceStore store;
    private final Authorizer authorizer;
    private volatile byte[] bootstrapHash;

    public AccessTokens(ResourceStore store) {
        this(store, Authorizer.DEFAULT);
    }

    /** @param authorizer resolves each authenticated principal (its roles) inside the authenticating read */
    public AccessTokens(ResourceStore store, Authorizer authorizer) {
        this.store = store;
        this.authorizer = authorizer;
    }

    /**
     * Sets up the bootstrap administrator token. A token given by the operator (ROSTER_ADMIN_TOKEN)
     * becomes the valid one; otherwise the stored hash stays; with neither, a token is generated,
     * its hash stored, and the token returned so the caller can show it once.
     *
     * @return the generated token, or empty when none was generated
     */
    public Optional<String> initialise(String configuredToken) {
        if (configuredToken != null && !configuredToken.isBlank()) {
            byte[] hash = sha256(configuredToken.trim());
            String hex = HexFormat.of().formatHex(hash);
            store.write(w -> {
                if (!hex.equals(w.setting(BOOTSTRAP_KEY))) {
                    w.putSetting(BOOTSTRAP_KEY, hex);
                }
                return null;
            });
            bootstrapHash = hash;
            return Optional.empty();
        }
        String stored = store.read(r -> r.setting(BOOTSTRAP_KEY));
        if (stored != null) {
            bootstrapHash = HexFormat.of().parseHex(stored);
            return Optional.empty();
        }
        String token = generate();
        byte[] hash = sha256(token);
        store.write(w -> {
            w.putSetting(BOOTSTRAP_KEY, HexFormat.of().formatHex(hash));
            return null;
        });
        bootstrapHash = hash;
        return Optional.of(token);
    }

    /**
     * The principal the token belongs to, if any: the bootstrap administrator, or an active API client
     * (looked up by the token's hash, so a revoked or deleted client fails at once).
     *
     * <p>A client bound to a user acts as that user, so it stops with the user: when the user is
     * deactivated ({@code active: false}) or deleted, the token is refused with 401 {@code invalid_token}
     * and a detail saying why, checked in the same store read as the secret, so on the very next request.
     * Refusing here, rather than rewriting the clients when a user changes, needs no index from users to
     * clients and covers every way a user can be deactivated or removed (PUT, PATCH, Bulk, a plugin);
     * reactivating the user makes its clients work again, as reactivating a client does. User ids are
     * never reused, so a deleted user's clients can never authenticate again.
     *
     * @throws ScimException 401 for a client whose user is deactivated or gone
     */
    public Optional<Principal> authenticate(String token) {
        byte[] expected = bootstrapHash;
        if (token == null) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        if (expected != null && MessageDigest.isEqual(hash, expected)) {
            return Optional.of(checked(authorizer.resolve(BOOTSTRAP, null)));
        }
        String key = API_CLIENT_TOKEN_PREFIX + HexFormat.of().formatHex(hash);
        return store.read(r -> {
            String clientId = r.setting(key);
            StoredResource client = clientId == null ? null : r.get(ResourceTypeNames.API_CLIENT, clientId);
            if (client == null || JsonValue.FALSE.equals(client.attributes().get("active"))) {
                return Optional.empty();
            }
            String name = "API client " + client.attributes().getString("displayName", clientId) + " (" + clientId + ")";
            String userId = client.attributes().getString("userId", null);
            if (userId != null) {
                StoredResource user = r.get(ResourceTypeNames.USER, userId);
                if (user == null) {
                    throw invalidToken("The bearer token belongs to " + name + ", which acts for User " + userId
                            + "; that user has been deleted, so the token is no longer valid.");
                }
                if (JsonValue.FALSE.equals(user.attributes().get("active"))) {
                    throw invalidToken("The bearer token belongs to " + name + ", which acts for User " + userId
                            + "; that user is deactivated (\"active\": false), so the token is refused until the user is active again.");
                }
            }
            return Optional.of(checked(authorizer.resolve(new Principal(name, userId, clientId), io.roster.scim.hook.Hooks.view(r))));
        });
    }

    /** No token stands for the server itself, whatever an authorizer returns. */
    private static Principal checked(Principal resolved) {
        if (resolved == null || resolved.isSystem()) {
            throw new IllegalStateException("the authorizer resolved a token to " + (resolved == null ? "nobody" : "the server itself"));
        }
        return resolved;
    }

    /**
     * 401 with {@code WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750 section 3.1: "revoked, or
     * invalid for other reasons"): the client should stop using this token, not retry it.
     */
    public static ScimException invalidToken(String detail) {
        return new ScimException(401, null, detail,
                Map.of("WWW-Authenticate", "Bearer realm=\"roster\", error=\"invalid_token\""));
    }

    /** Whether an authenticated caller may use endpoints other than /Me (the installed {@link Authorizer} decides). */
    public boolean mayUseApi(Principal principal) {
        return authorizer.mayUseApi(principal);
    }

    /**
     * Makes {@code secret} the client's only valid secret: the previous one (if this store recorded it)
     * stops authenticating in the same write.
     */
    static void setClientSecret(StoreWriter w, String clientId, String secret) {
        String previous = w.setting(API_CLIENT_KEY_OF_PREFIX + clientId);
        if (previous != null) {
            w.putSetting(previous, null);
        }
        String key = apiClientTokenKey(secret);
        w.putSetting(key, clientId);
        w.putSetting(API_CLIENT_KEY_OF_PREFIX + clientId, key);
    }

    /** The setting under which an API client's secret is found: its SHA-256 hash, never the secret. */
    static String apiClientTokenKey(String secret) {
        return API_CLIENT_TOKEN_PREFIX + HexFormat.of().formatHex(sha256(secret));
    }

    /** A new random token: "roster_" and 32 random bytes in base64url. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "roster_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
