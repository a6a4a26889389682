package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The built-in part of the ApiClient resource type: its secret. Every new client gets one, and a PUT or
 * PATCH setting the writeOnly action {@code rotateSecret} to true gets a new one; the secret is stored
 * only as a hash ({@link AccessTokens}) and shown once, in that write's response. For every other
 * resource type, and writes that ask for nothing, the secret is null and each step does nothing, so the
 * service's write paths carry no ApiClient branches.
 */
final class ApiClientSecrets {
    /** The writeOnly action asking for a new secret; never stored. */
    static final String ROTATE_SECRET = "rotateSecret";

    private ApiClientSecrets() {
    }

    /** The secret of a new resource: one for every new ApiClient, null otherwise. */
    static String forCreate(ResourceType type) {
        return ResourceTypeNames.API_CLIENT.equals(type.name()) ? AccessTokens.generate() : null;
    }

    /** The secret a PUT or PATCH asks for with {@code rotateSecret: true}, or null. */
    static String forUpdate(StoredResource resource, JsonObject attrs) {
        return ResourceTypeNames.API_CLIENT.equals(resource.type()) && JsonValue.TRUE.equals(attrs.get(ROTATE_SECRET))
                ? AccessTokens.generate() : null;
    }

    /** The attributes without the action, which is never stored. */
    static JsonObject withoutAction(JsonObject attrs) {
        if (!attrs.containsKey(ROTATE_SECRET)) {
            return attrs;
        }
        JsonObjectBuilder b = JsonSupport.object(attrs);
        b.remove(ROTATE_SECRET);
        return b.build();
    }

    /**
     * Stores a new client's secret (no-op when null). A client bound to a user needs that user to exist.
     */
    static void issue(StoreWriter w, StoredResource client, String secret) {
        if (secret == null) {
            return;
        }
        String userId = client.attributes().getString("userId", null);
        if (userId != null && w.get(ResourceTypeNames.USER, userId) == null) {
            throw ScimException.invalidValue("\"userId\" must be the id of an existing User; there is no User " + userId + ".");
        }
        AccessTokens.setClientSecret(w, client.id(), secret);
    }

    /** Replaces a client's secret (no-op when null); the old one fails from this write on. */
    static void rotate(StoreWriter w, String clientId, String secret) {
        if (secret != null) {
            AccessTokens.setClientSecret(w, clientId, secret);
        }
    }

    /** The response shows the new secret once; without one it is the snapshot as it is. */
    static ResourceSnapshot reveal(ResourceSnapshot snapshot, String secret) {
        if (secret == null) {
            return snapshot;
        }
        return new ResourceSnapshot(snapshot.type(), snapshot.id(), snapshot.version(),
                JsonSupport.object(snapshot.representation()).add("secret", secret).build());
    }
}
