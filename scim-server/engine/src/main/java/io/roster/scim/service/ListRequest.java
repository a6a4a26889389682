package io.roster.scim.service;

/**
 * A query of RFC 7644 section 3.4.2 as the client sent it, by GET or POST /.search: filter text (or
 * null), the raw {@code startIndex} and {@code count} (null when absent), which the service clamps,
 * {@code sortBy} and {@code sortOrder} (section 3.4.2.3), and RFC 9865's {@code cursor} (null when
 * absent, empty for the first page).
 */
public record ListRequest(String filter, Integer startIndex, Integer count, String sortBy, String sortOrder,
                          String cursor) {

    public ListRequest(String filter, Integer startIndex, Integer count) {
        this(filter, startIndex, count, null, null, null);
    }
}
