package io.roster.scim.service;

import io.roster.scim.schema.ResourceType;
import jakarta.json.JsonObject;

/**
 * A resource as it is answered: its full representation (schemas, id, externalId, meta, attributes,
 * extensions; a group's members are not inside, they are streamed from the membership index when
 * the response is written) and its version for the ETag.
 */
public record ResourceSnapshot(ResourceType type, String id, long version, JsonObject representation) {
    public String etag() {
        return Precondition.etag(version);
    }
}
