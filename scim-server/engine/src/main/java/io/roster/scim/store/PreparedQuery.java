package io.roster.scim.store;

/**
 * A query a store has planned ({@link ResourceStore#prepare}): the order its results come in, fixed
 * before any page is read (a cursor names it), and its pages.
 */
public interface PreparedQuery {

    /**
     * The order of the results: the first target's sort, or with {@link StoreQuery#naturalOrder} and no
     * sortBy, the order the store chose (for MapDB, the index a filter is answered from).
     */
    Sort order();

    /**
     * One page of the matches in {@link #order()}, and how many match in all. Pages by startIndex
     * count from the first match; pages by keyset position return the matches strictly after (or
     * before) the position, so a walk sees every resource that matches throughout it exactly once, and
     * say whether matches lie beyond the page on either side.
     *
     * @throws io.roster.scim.error.ScimException {@code tooMany} when the backend cannot reach a
     *                                            startIndex page without holding too much (page by keyset instead)
     */
    QueryPage page(Paging paging);
}
