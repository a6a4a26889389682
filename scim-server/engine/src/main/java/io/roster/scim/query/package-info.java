/**
 * Queries answered from ordered indexes, and RFC 9865 cursors. The planner turns a filter (RFC 7644
 * section 3.4.2.2) into candidates (an id lookup, index ranges, unions and intersections, or a scan),
 * the executor seeks or streams through them and pages, sorts and counts; {@link
 * io.roster.scim.query.IndexQueries} puts them together as the MapDB backend's answer to the store's
 * queries. {@link io.roster.scim.query.Cursors} seals keyset positions into opaque cursor tokens for the
 * service: protocol, not storage.
 */
package io.roster.scim.query;
