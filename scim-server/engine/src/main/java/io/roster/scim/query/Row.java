package io.roster.scim.query;

/**
 * One resource in a query's order: its sort key (null when it has no value, or when the order is by
 * id alone) and its id, which breaks ties so that every position is unique. A cursor is a Row.
 */
public record Row(Object key, String id) {
}
