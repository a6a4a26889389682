package io.roster.scim.store;

/**
 * Writes, available only inside {@link ResourceStore#write}. Reads through this interface see the
 * work's own earlier writes. If the work throws, every write it made is undone.
 */
public interface StoreWriter extends StoreReader {

    /**
     * Creates or replaces a record and maintains its indexes.
     *
     * <p>Versions (store contract, rule 4): a new resource has version 1; an existing one the version
     * stored now, as this unit sees it (a rewrite that keeps the version), or one more (a new version,
     * from {@link StoredResource#next} or {@link StoredResource#touched} on the resource read in this
     * unit). The caller sets the version; the store checks it.
     *
     * @throws io.roster.scim.error.ScimException 409 uniqueness when a unique index value belongs to another resource;
     *                                            nothing has been written then
     * @throws IllegalStateException              when the version breaks the rule above (a copy read before
     *                                            another unit changed the resource); nothing has been written then
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
