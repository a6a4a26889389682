package io.roster.scim.store;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A resource as stored: its identity, version and timestamps, and its attributes in normalised JSON
 * (canonical names, extensions under their URN). Membership is never inside: it lives in index entries.
 * The version is the resource's ETag (RFC 7644 section 3.14): 1 at creation, one more for each new
 * version, derived with {@link #next} or {@link #touched} from the copy read in the same unit of work
 * (see {@link StoreWriter#put} for the rule the store checks).
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
