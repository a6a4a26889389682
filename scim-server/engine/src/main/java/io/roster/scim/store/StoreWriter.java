package io.roster.scim.store;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * Writes, available only inside {@link ResourceStore#write}. Reads through this interface see the
 * work's own earlier writes. If the work throws, every write it made is undone.
 */
public interface StoreWriter extends StoreReader {

    /**
     * Creates a resource at version 1, created and modified at {@code now}; returns what was stored.
     *
     * @throws IllegalStateException when a resource of that type and id exists already
     */
    default StoredResource create(String type, String id, JsonObject attributes, Instant now) {
        if (get(type, id) != null) {
            throw new IllegalStateException(type + " " + id + " exists already");
        }
        StoredResource created = new StoredResource(type, id, 1, now, now, attributes);
        put(created);
        return created;
    }

    /**
     * Stores a new version of a resource with {@code attributes}, modified at {@code now}: the store sets
     * the version, one more than the one it holds (store contract, rule 4). Returns what was stored, or
     * null when there is no such resource.
     */
    default StoredResource update(String type, String id, JsonObject attributes, Instant now) {
        StoredResource old = get(type, id);
        if (old == null) {
            return null;
        }
        StoredResource updated = new StoredResource(type, id, old.version() + 1, old.created(), now, attributes);
        put(updated);
        return updated;
    }

    /** A new version with the same attributes, for a change kept outside the record (membership); null when absent. */
    default StoredResource touch(String type, String id, Instant now) {
        StoredResource old = get(type, id);
        if (old == null) {
            return null;
        }
        StoredResource touched = old.touched(now);
        put(touched);
        return touched;
    }

    /**
     * Rewrites a resource's attributes keeping its version and lastModified: for values the server derives
     * (a plugin's effective licenses) that are part of a change already versioned in this unit, or that
     * do not make a new version. Returns what was stored, or null when absent.
     */
    default StoredResource rewrite(String type, String id, JsonObject attributes) {
        StoredResource old = get(type, id);
        if (old == null) {
            return null;
        }
        StoredResource same = new StoredResource(type, id, old.version(), old.created(), old.lastModified(), attributes);
        put(same);
        return same;
    }

    /**
     * Creates or replaces a record exactly as given and maintains its indexes: the primitive the methods
     * above are written with, which a backend may answer more directly (an SQL backend: one
     * {@code UPDATE ... SET version = version + 1 RETURNING}). The engine writes through them, so no
     * caller computes a version; this one is for backends, restores and tests.
     *
     * <p>Versions (store contract, rule 4): a new resource has version 1; an existing one the version
     * stored now, as this unit sees it (a rewrite that keeps the version), or one more. The store checks
     * it on every call.
     *
     * @throws io.roster.scim.error.ScimException 409 uniqueness when a unique index value belongs to another resource;
     *                                            nothing has been written then
     * @throws IllegalStateException              when the version breaks the rule above (a copy read before
     *                                            another unit changed the resource); nothing has been written then
     */
    void put(StoredResource resource);

    /**
     * Writes a resource exactly as an export holds it (version, created and lastModified included) into a
     * store that does not hold it yet, maintaining its indexes like {@link #put}: how an import restores
     * resources without changing their ETags (RFC 7644 section 3.14), which clients keep.
     *
     * @throws IllegalStateException when the store holds a resource of that type and id already, or the
     *                               version is below 1; nothing has been written then
     * @throws io.roster.scim.error.ScimException 409 uniqueness as {@link #put}
     */
    void load(StoredResource resource);

    /** Removes a resource, its index entries, its members (if a group) and its memberships. False if absent. */
    boolean delete(String type, String id);

    /** Adds or refreshes a membership entry; true when the member was not in the group before. */
    boolean addMember(String groupId, MemberRef member);

    /** True when the member was in the group. */
    boolean removeMember(String groupId, String memberId);

    void putSetting(String key, String value);
}
