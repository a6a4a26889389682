package io.roster.scim.store;

import io.roster.scim.schema.ResourceType;
import java.util.List;

/**
 * One page of a query's matches, in the query's order.
 *
 * @param hits       the page
 * @param total      how many resources match in all (RFC 7644 {@code totalResults}), never just the page
 * @param moreBefore whether matches lie before the first hit (keyset paging only)
 * @param moreAfter  whether matches lie after the last hit (keyset paging only)
 */
public record QueryPage(List<Hit> hits, long total, boolean moreBefore, boolean moreAfter) {

    public static final QueryPage EMPTY = new QueryPage(List.of(), 0, false, false);

    /**
     * One match: its type, its keyset position in the query's order, and the resource as read when the
     * page was cut, or null when it was deleted after it matched (its position still continues a walk).
     */
    public record Hit(ResourceType type, Row position, StoredResource resource) {
    }
}
