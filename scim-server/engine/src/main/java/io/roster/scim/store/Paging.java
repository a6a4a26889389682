package io.roster.scim.store;

/** Which page of the ordered matches a query asks for. */
public sealed interface Paging {

    int count();

    /** RFC 7644 section 3.4.2.4: {@code count} matches from the 1-based {@code startIndex}. */
    record Index(int startIndex, int count) implements Paging {
    }

    /** RFC 9865 forward: the first {@code count} matches after {@code after} (null: from the start). */
    record After(Row after, int count) implements Paging {
    }

    /** RFC 9865 backward: the last {@code count} matches before {@code before} (null: from the end). */
    record Before(Row before, int count) implements Paging {
    }
}
