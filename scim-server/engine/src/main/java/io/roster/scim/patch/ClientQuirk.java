package io.roster.scim.patch;

import io.roster.scim.schema.AttributeResolver;
import jakarta.json.JsonValue;

/**
 * A named normaliser for one deviation a real client is known to send (CLIENTS.md). It rewrites the
 * value a request gives for one attribute into the RFC shape before the standard engine sees it, so
 * the engine stays RFC-shaped and every workaround can be found, tested and removed by name.
 */
public interface ClientQuirk {

    /**
     * The value to use instead of {@code value} for {@code attribute} (and {@code subAttribute}, when the
     * target is a sub-attribute, else null); returns {@code value} itself when the quirk does not apply.
     */
    JsonValue normalise(AttributeResolver.Resolved attribute, String subAttribute, JsonValue value);
}
