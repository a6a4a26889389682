package io.roster.scim.store;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An index the store maintains on every write of a resource type. {@code extractor} returns the raw
 * values of the indexed attribute in a record's attributes; values are compared case-insensitively
 * unless {@code caseExact}. A unique index rejects a second resource with an equal value (409 uniqueness).
 */
public record IndexDefinition(String type, String name, boolean unique, boolean caseExact,
                              Function<JsonObject, List<String>> extractor) {

    public String normalise(String value) {
        return caseExact ? value : value.toLowerCase(Locale.ROOT);
    }
}
