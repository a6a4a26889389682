package io.roster.scim.query;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.Paging;
import io.roster.scim.store.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps one page while a query's matches stream past, in memory proportional to the page: a window when
 * the matches come in the query's order, else a bounded heap. An in-memory sort that would hold more
 * than {@code maxWindow} rows to reach a startIndex page is refused with {@code tooMany} (RFC 7644
 * section 3.12); keyset pages need only the page.
 */
final class PageCollector {
    private final Comparator<Row> cmp;
    private final Paging paging;
    private final boolean ordered;
    private final int maxWindow;
    private final PriorityQueue<Row> heap;
    private final List<Row> window = new ArrayList<>();
    private final int keep;
    private long total;
    private boolean before;
    private boolean after;

PageCollector(Comparator<Row> cmp, Paging paging, boolean ordered, int maxWindow) {
        this.cmp = cmp;
        this.paging = paging;
        this.ordered = ordered;
        this.maxWindow = maxWindow;
        if (paging instanceof Paging.Index index) {
            long k = index.count() == 0 ? 0 : index.startIndex() - 1L + index.count();
            keep = (int) Math.min(Integer.MAX_VALUE - 1, k);
            heap = new PriorityQueue<>(cmp.reversed()); // largest on top: drop it to keep the smallest
        } else if (paging instanceof Paging.After a) {
            keep = a.count() + 1;
            heap = new PriorityQueue<>(cmp.reversed());
        } else {
            keep = paging.count() + 1;
            heap = new PriorityQueue<>(cmp); // smallest on top: drop it to keep the largest
        }
    }

    void accept(Row row) {
        long ordinal = total++;
        if (paging instanceof Paging.Index index) {
            if (keep == 0) {
                return;
            }
            if (ordered) {
                if (ordinal >= index.startIndex() - 1L && window.size() < index.count()) {
                    window.add(row);
                }
                return;
            }
            offer(row);
            if (heap.size() > maxWindow) {
                throw ScimException.tooMany("Sorting this query in memory to reach startIndex " + index.startIndex()
                        + " would hold more than " + maxWindow + " resources. Page with cursors instead (cursor= and "
                        + "nextCursor, RFC 9865), sort by an indexed attribute (userName, externalId, displayName), "
                        + "or narrow the filter.");
            }
            return;
        }
        if (paging instanceof Paging.After a) {
            if (a.after() != null && cmp.compare(row, a.after()) <= 0) {
                before = true;
                return;
            }
            offer(row);
            return;
        }
        Paging.Before b = (Paging.Before) paging;
        if (b.before() != null && cmp.compare(row, b.before()) >= 0) {
            after = true;
            return;
        }
        offer(row);
    }

    private void offer(Row row) {
        heap.add(row);
        if (heap.size() > keep) {
            heap.poll();
        }
    }

    Page page() {
        if (paging instanceof Paging.Index index) {
            if (ordered) {
                return new Page(window, total, false, false);
            }
            List<Row> sorted = new ArrayList<>(heap);
            sorted.sort(cmp);
            int from = (int) Math.min(sorted.size(), index.startIndex() - 1L);
            return new Page(new ArrayList<>(sorted.subList(from, sorted.size())), total, false, false);
        }
        List<Row> sorted = new ArrayList<>(heap);
        sorted.sort(cmp);
        int n = paging.count();
        if (paging instanceof Paging.After) {
            boolean more = sorted.size() > n;
            return new Page(more ? new ArrayList<>(sorted.subList(0, n)) : sorted, total, before, more);
        }
        boolean more = sorted.size() > n;
        return new Page(more ? new ArrayList<>(sorted.subList(sorted.size() - n, sorted.size())) : sorted, total, more, after);
    }
}
