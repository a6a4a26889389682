package io.roster.scim.spi;

import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Filter;
import jakarta.json.JsonObject;

/**
 * SCIM filters (RFC 7644 section 3.4.2.2) for plugins: parsing text into the published AST, checking a
 * filter against a resource type's schemas, and evaluating it on a resource, with the same rules the
 * engine applies to queries (types, {@code caseExact}, multi-valued and absent attributes). Usable once
 * every plugin has registered (the schemas are complete then); before that every method throws
 * {@link IllegalStateException}.
 */
public interface Filters {

    /** The deepest nesting of a filter in a query, and the default limit of {@link #parse}. */
    int MAX_DEPTH = 32;

    /**
     * Parses filter text of at most {@code maxLength} characters and {@code maxDepth} levels of nesting.
     *
     * @throws io.roster.scim.error.ScimException 400 invalidFilter saying what is wrong and where
     */
    Filter parse(String text, int maxLength, int maxDepth);

    /**
     * Checks that every attribute the filter names exists on the type and is compared sensibly.
     *
     * @throws io.roster.scim.error.ScimException 400 invalidFilter naming the problem
     */
    void validate(String type, Filter filter);

    /** Whether a resource with these attributes (as stored, plus {@code id}) matches. */
    boolean matches(String type, Filter filter, JsonObject attributes);

    /** Whether the resource matches; its id counts as an attribute. */
    boolean matches(Filter filter, Resource resource);

    /** An attribute path resolved against the type's schemas, or null when the type has no such attribute. */
    AttributeName resolve(String type, AttrPath path);
}
