package io.roster.scim.service;

import java.util.List;

/** One page of a query: how many resources match in all, where the page starts (1-based), the page. */
public record ListResult(long totalResults, int startIndex, List<ResourceSnapshot> resources) {
}
