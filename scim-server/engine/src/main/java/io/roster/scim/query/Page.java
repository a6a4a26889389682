package io.roster.scim.query;

import io.roster.scim.store.Row;
import java.util.List;

/**
 * The rows of one page in order, how many resources match in all, and whether matches exist before
 * the first and after the last row of the page (for previousCursor and nextCursor).
 */
public record Page(List<Row> rows, long total, boolean moreBefore, boolean moreAfter) {
    public static final Page EMPTY = new Page(List.of(), 0, false, false);
}
