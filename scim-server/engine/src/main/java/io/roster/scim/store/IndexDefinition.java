package io.roster.scim.store;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An index the store maintains on every write of a resource type. {@code name} is the attribute path
 * it indexes ("userName", "emails.value"). {@code extractor} returns the raw values of the indexed
 * attribute in a record's attributes; values are compared case-insensitively unless {@code caseExact}.
 * A unique index rejects a second resource with an equal value (409 uniqueness). A multi-valued index
 * may hold several values per resource, so a walk over it can meet one resource more than once.
 * Entries are kept in (value, id) order, which answers prefix and range conditions and sorting.
 * Values that are empty or contain U+0000 are not indexed.
 */
public record IndexDefinition(String type, String name, boolean unique, boolean caseExact, boolean multiValued,
                              Function<JsonObject, List<String>> extractor) {

    /** A single-valued index. */
    public IndexDefinition(String type, String name, boolean unique, boolean caseExact,
                           Function<JsonObject, List<String>> extractor) {
        this(type, name, unique, caseExact, false, extractor);
    }

    public String normalise(String value) {
        return caseExact ? value : value.toLowerCase(Locale.ROOT);
    }
}
