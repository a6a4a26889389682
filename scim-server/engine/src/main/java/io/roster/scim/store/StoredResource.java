package io.roster.scim.store;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A resource as stored: its identity, version and timestamps, and its attributes in normalised JSON
 * (canonical names, extensions under their URN). Membership is never inside: it lives in index entries.
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
