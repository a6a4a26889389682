package io.roster.scim.service;

/**
 * A query of RFC 7644 section 3.4.2 as the client sent it: filter text (or null), and the raw
 * {@code startIndex} and {@code count} (null when absent), which the service clamps.
 */
public record ListRequest(String filter, Integer startIndex, Integer count) {
}
