package io.roster.scim.filter;

/**
 * A parsed RFC 7644 section 3.4.2.2 filter. Nodes are immutable records; {@code toString()} prints
 * filter text that parses back to an equal tree, which is what error details and logs show.
 */
public sealed interface Filter permits And, Or, Not, Compare, Present, ValuePath {
}
