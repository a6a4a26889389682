package io.roster.scim.store;

import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.schema.ResourceType;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * A query as the store receives it (RFC 7644 section 3.4.2; store contract, rule 8): the resource types
 * searched, the filter as an AST, the order each type is sorted in. Paging comes separately, per page
 * ({@link PreparedQuery#page}). The filter and sort are checked already (unknown attributes resolved,
 * {@code returned: never} refused); the store only answers.
 *
 * <p>Matches are the resources whose representation (as {@link #representation} builds it: the stored
 * attributes with {@code id}, {@code meta} and the derived {@code groups} / {@code members}) the filter
 * matches, as the target's evaluator decides; a backend that translates the filter into its own query
 * language must agree with the evaluator (RFC 7644 section 3.4.2.2: types, {@code caseExact},
 * multi-valued and absent attributes).
 *
 * @param targets        one per resource type searched (several for a search at the root); their
 *                       results are merged in the order of the first target's sort
 * @param filter         the filter, or null for every resource
 * @param naturalOrder   without a sortBy, the caller takes the order the store finds cheapest (one
 *                       type only); otherwise results come by id (creation order) unless sorted
 * @param representation builds the JSON a filter or sort key reads, for a backend that evaluates on resources
 */
public record StoreQuery(List<Target> targets, Filter filter, boolean naturalOrder, Representation representation) {

    public StoreQuery {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a query searches at least one resource type");
        }
    }

    /**
     * One resource type searched.
     *
     * @param evaluator the filter's meaning on this type's representation
     * @param sort      the order asked for on this type ({@link Sort#BY_ID} without sortBy)
     */
    public record Target(ResourceType type, FilterEvaluator evaluator, Sort sort) {
    }

    /** Builds the full representation that filters and sort keys read. */
    @FunctionalInterface
    public interface Representation {
        JsonObject of(ResourceType type, StoredResource resource, StoreReader reader, boolean groups, boolean members);
    }
}
