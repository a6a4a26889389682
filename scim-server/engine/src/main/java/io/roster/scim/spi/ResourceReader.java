package io.roster.scim.spi;

import io.roster.scim.filter.Filter;
import java.util.List;

/**
 * Read-only access to resources, memberships and queries. Within one read (or one write) every call sees
 * the same state; inside a write it includes that write's own changes. Long lists are read in pages:
 * keep each read short, so that writers are not held up.
 */
public interface ResourceReader {

    /** The resource, or null. */
    Resource get(String type, String id);

    /**
     * The id of the resource holding {@code value} in a unique attribute (e.g. a License's {@code value},
     * a Group's {@code displayName}; compared as the attribute's {@code caseExact} says), or null.
     */
    String findUnique(String type, String attribute, String value);

    /** How many resources of the type exist. */
    long count(String type);

    /** Up to {@code limit} ids in ascending order (creation order), strictly after {@code afterId} (null: from the first). */
    List<String> ids(String type, String afterId, int limit);

    /** Up to {@code limit} members of a group in member-id order, strictly after {@code afterMemberId} (null: from the first). */
    List<Member> members(String groupId, String afterMemberId, int limit);

    long memberCount(String groupId);

    boolean isMember(String groupId, String memberId);

    /** The ids of the groups {@code memberId} directly belongs to. */
    List<String> groupsOf(String memberId);

    /**
     * The resources of a type matching a filter, in id order, a page at a time (see {@link Matches}). The
     * filter must be valid for the type ({@link Filters#validate}); indexes answer it where they can,
     * otherwise the resources are read one at a time, never all at once.
     */
    Matches matching(String type, Filter filter);

    /**
     * An upper bound of how many resources of the type match the filter, from indexes and counts alone
     * (no record is read): the number of resources of the type when no index narrows it.
     */
    long estimateMatching(String type, Filter filter);

    /**
     * One of the calling plugin's own keyed tables (see {@link RecordTable}); writable only inside a write.
     *
     * @param table a name of the plugin's choosing: letters, digits, '.', '_' or '-'
     */
    <V> RecordTable<V> records(String table, RecordType<V> type);
}
