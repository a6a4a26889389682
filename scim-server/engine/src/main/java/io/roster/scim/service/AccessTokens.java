package io.roster.scim.service;

import io.roster.scim.auth.Principal;
import io.roster.scim.store.ResourceStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
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
    /** The resource type of API clients (Roster's ApiClient schema). */
    public static final String API_CLIENT = "ApiClient";
    private static final String API_CLIENT_TOKEN_PREFIX = "auth.client.sha256.";

    private final ResourceStore store;
    private volatile byte[] bootstrapHash;

    public AccessTokens(ResourceStore store) {
        this.store = store;
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
     */
    public Optional<Principal> authenticate(String token) {
        byte[] expected = bootstrapHash;
        if (token == null) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        if (expected != null && MessageDigest.isEqual(hash, expected)) {
            return Optional.of(BOOTSTRAP);
        }
        String key = API_CLIENT_TOKEN_PREFIX + HexFormat.of().formatHex(hash);
        return store.read(r -> {
            String clientId = r.setting(key);
            StoredResource client = clientId == null ? null : r.get(API_CLIENT, clientId);
            if (client == null || JsonValue.FALSE.equals(client.attributes().get("active"))) {
                return Optional.empty();
            }
            return Optional.of(new Principal("API client " + client.attributes().getString("displayName", clientId)
                    + " (" + clientId + ")", client.attributes().getString("userId", null), clientId));
        });
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
