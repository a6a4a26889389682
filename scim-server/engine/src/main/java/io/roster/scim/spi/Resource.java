package io.roster.scim.spi;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * A resource as a plugin reads it: identity, version and timestamps, and its attributes as stored
 * (canonical names, extensions as objects under their URN, never {@code members}: membership is read with
 * {@link ResourceReader#members}). Read-only: change a resource through {@link ResourceWriter}.
 *
 * @param type         the resource type's name, e.g. {@link ResourceTypeNames#USER}
 * @param id           the resource's id
 * @param version      its version (the ETag's number); every change that shows in its representation moves it
 * @param created      when it was created
 * @param lastModified when its representation last changed
 * @param attributes   its attributes as stored
 */
public record Resource(String type, String id, long version, Instant created, Instant lastModified, JsonObject attributes) {

    /** The object of one extension of this resource (empty when it carries none). */
    public JsonObject extension(String urn) {
        return attributes.get(urn) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The text a membership entry keeps for this resource (see {@link Member#displayOf}). */
    public String display() {
        return Member.displayOf(attributes);
    }
}
