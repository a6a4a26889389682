package io.roster.scim.spi;

import java.util.List;

/**
 * The ids of the resources matching one filter, in ascending id order, read a page at a time. A
 * {@code Matches} may be kept between reads and writes (a background job walks it chunk by chunk): each
 * page is evaluated against the state of the reader it is given, so a resource that stopped matching is
 * not returned. When indexes answer the filter, the candidates are taken from them once, at the first
 * page; a resource that starts matching after that through an indexed attribute is found only by a new
 * {@code Matches} (a plugin that follows changes with its hook, as dynamic groups do, evaluates those itself).
 */
public interface Matches {

    /**
     * Up to {@code limit} matching ids after the last one returned (or after {@link #startAfter}), in
     * ascending order; fewer than {@code limit} only when no more match.
     */
    List<String> next(ResourceReader reader, int limit);

    /**
     * Skips to the ids strictly after {@code id} (a job resuming from its cursor), or back to the first
     * when {@code id} is null; returns this.
     */
    Matches startAfter(String id);
}
