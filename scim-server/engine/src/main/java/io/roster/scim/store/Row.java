package io.roster.scim.store;

/**
 * One resource in a query's order: its sort key (null when it has no value, or when the order is by
 * id alone) and its id, which breaks ties so that every position is unique. It is the keyset position
 * that crosses the store SPI when paging by cursor; the RFC 9865 cursor token carrying it is made above
 * the store ({@code io.roster.scim.query.Cursors}).
 */
public record Row(Object key, String id) {
}
