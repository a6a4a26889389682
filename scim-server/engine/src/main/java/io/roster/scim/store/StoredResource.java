package io.roster.scim.store;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A resource as stored: its identity, version and timestamps, and its attributes in normalised JSON
 * (canonical names, extensions under their URN). Membership is never inside: it lives in index entries.
 * The version is the resource's ETag (RFC 7644 section 3.14): 1 at creation, one more for each new
 * version, set by the store ({@link StoreWriter#create}, {@link StoreWriter#update}, {@link
 * StoreWriter#touch}; {@link StoreWriter#put} checks the rule). {@link #next} and {@link #touched} build
 * such versions for backends and tests that write with {@code put}.
 */
public record StoredResource(String type, String id, long version, Instant created, Instant lastModified,
                             JsonObject attributes) {

    /** The next version of this resource with new attributes, modified at {@code now}. */
    public StoredResource next(JsonObject newAttributes, Instant now) {
        return new StoredResource(type, id, version + 1, created, now, newAttributes);
    }

    /** The same attributes, one version later (for changes that live outside the record, like membership). */
    public StoredResource touched(Instant now) {
        return new StoredResource(type, id, version + 1, created, now, attributes);
    }
}
