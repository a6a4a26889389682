package io.roster.scim.store;

import java.util.List;
import java.util.function.BiConsumer;

/** Reads. Within one {@link ResourceStore#read} call every read sees the same committed state. */
public interface StoreReader {

    /** The resource, or null. */
    StoredResource get(String type, String id);

    /** The id holding {@code value} in a unique index, or null. */
    String findUnique(String type, String index, String value);

    /** How many resources of the type exist. */
    long count(String type);

    /** Up to {@code limit} ids in ascending (creation) order, strictly after {@code afterId} (null: from the start). */
    List<String> ids(String type, String afterId, int limit);

    /** Up to {@code limit} ids in descending (creation) order, strictly before {@code beforeId} (null: from the end). */
    List<String> idsBefore(String type, String beforeId, int limit);

    /**
     * Up to {@code limit} entries of an index within {@code range} (normalised values), in (value, id)
     * order or, when {@code descending}, its reverse, strictly after {@code after} in that order (null:
     * from the start of the range).
     */
    List<IndexEntry> scanIndex(String type, String index, IndexRange range, IndexEntry after, boolean descending, int limit);

    /** How many entries of an index lie within {@code range}, counting no further than {@code cap}. */
    long countIndex(String type, String index, IndexRange range, long cap);

    /** How many resources of the type have at least one value in the index. */
    long indexedCount(String type, String index);

    /** Up to {@code limit} members of a group in member-id order, strictly after {@code afterMemberId}. */
    List<MemberRef> members(String groupId, String afterMemberId, int limit);

    long memberCount(String groupId);

    boolean isMember(String groupId, String memberId);

    /** The ids of the groups {@code memberId} directly belongs to. */
    List<String> groupsOf(String memberId);

    /** A server setting, or null. */
    String setting(String key);

    /**
     * Hands every setting the engine and the plugins wrote to {@code visitor}, in no particular order;
     * what the backend keeps for itself (its format, its index build marks) is left out. It visits them
     * all in this one read, so it is for a store nobody writes to while it runs (an export of a stopped
     * server's data or of a restored backup), not for a serving one.
     */
    void forEachSetting(BiConsumer<String, String> visitor);
}
