package io.roster.scim.store;

/**
 * Writes, available only inside {@link ResourceStore#write}. Reads through this interface see the
 * work's own earlier writes. If the work throws, every write it made is undone.
 */
public interface StoreWriter extends StoreReader {

    /**
     * Creates or replaces a record and maintains its indexes.
     *
     * @throws io.roster.scim.error.ScimException 409 uniqueness when a unique index value belongs to another resource;
     *                                            nothing has been written then
     */
    void put(StoredResource resource);

    /** Removes a resource, its index entries, its members (if a group) and its memberships. False if absent. */
    boolean delete(String type, String id);

    /** Adds or refreshes a membership entry; true when the member was not in the group before. */
    boolean addMember(String groupId, MemberRef member);

    /** True when the member was in the group. */
    boolean removeMember(String groupId, String memberId);

    void putSetting(String key, String value);
}
