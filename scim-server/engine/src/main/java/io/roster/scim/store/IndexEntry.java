package io.roster.scim.store;

/** One entry of an index: a normalised value and the id of a resource holding it. */
public record IndexEntry(String value, String id) {
}
