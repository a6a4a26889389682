package io.roster.scim.service;

import java.util.List;

/**
 * One page of a query: how many resources match in all, where the page starts (1-based; null when
 * paging by cursor), the page, and RFC 9865's cursors to the next and previous pages (null when there
 * is no such page or the query did not page by cursor).
 */
public record ListResult(long totalResults, Integer startIndex, List<ResourceSnapshot> resources, String nextCursor,
                         String previousCursor) {

    public ListResult(long totalResults, int startIndex, List<ResourceSnapshot> resources) {
        this(totalResults, startIndex, resources, null, null);
    }
}
