/**
 * Queries (RFC 7644 section 3.4.2, RFC 9865): the planner that answers filters from the store's
 * indexes, sort keys, keyset cursors, and the executor that pages, sorts and counts.
 */
package io.roster.scim.query;
