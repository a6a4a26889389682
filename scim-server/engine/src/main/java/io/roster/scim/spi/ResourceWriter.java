package io.roster.scim.spi;

import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * The mutation facade: the writes a plugin makes inside a write (a hook's {@code apply}, a job's step, a
 * {@link PluginRuntime#write}), atomically with it. The facade keeps what plugins used to keep by hand:
 * <ul>
 *   <li><b>versions</b>: a resource that a change of this write is about keeps the version that change
 *       gave it (its derived attributes belong to that version); any other resource whose representation
 *       a plugin changes gets one new version per write, so its ETag moves;</li>
 *   <li><b>member display</b>: membership entries carry the member's current display text;</li>
 *   <li><b>changes</b>: a membership change is reported as a {@link Change.Kind#MEMBERS_CHANGED} change
 *       marked as this plugin's, which every hook (this plugin's too) validates and applies in the same
 *       write: that is how licensing follows a dynamic group. Attribute updates are derived values: they
 *       are not reported.</li>
 * </ul>
 * In {@code validate} every write method throws {@link IllegalStateException}; so do {@link #update} and
 * {@link #create} of a {@link ResourceTypeNames#JOB} resource, which only the jobs facility ({@link Jobs}) writes.
 */
public interface ResourceWriter extends ResourceReader {

    /**
     * Removes, then adds members of a group; ids already in (or not in) it, and ids naming no User or Group,
     * change nothing. A group that would contain itself, directly or through nesting, is refused (400).
     * When anything changed the group gets a new version and one {@code MEMBERS_CHANGED} change is reported.
     *
     * @return what changed
     */
    MembershipDelta changeMembers(String groupId, Collection<String> add, Collection<String> remove);

    default MembershipDelta addMembers(String groupId, Collection<String> add) {
        return changeMembers(groupId, add, java.util.List.of());
    }

    default MembershipDelta removeMembers(String groupId, Collection<String> remove) {
        return changeMembers(groupId, java.util.List.of(), remove);
    }

    /**
     * Rewrites the attributes of a resource with {@code edit} (it gets the stored attributes and returns
     * the new ones). For values the plugin derives: they are stored as given (not validated against the
     * schema) and no hook hears of them. Nothing is written when the attributes come back unchanged.
     *
     * @return the resource as it is now, or null when it does not exist
     */
    Resource update(String type, String id, UnaryOperator<JsonObject> edit);

    /**
     * {@link #update} of one extension's object: {@code edit} gets it (empty when absent) and returns the
     * new one; an empty result removes the extension from the resource.
     */
    Resource updateExtension(String type, String id, String urn, UnaryOperator<JsonObject> edit);

    /**
     * Creates a resource with a chosen id (a plugin's built-in resources, such as the roles plugin's
     * roles) at version 1; no hook hears of it.
     *
     * @throws io.roster.scim.error.ScimException 409 when the id or a unique value is taken
     */
    Resource create(String type, String id, JsonObject attributes);

    /**
     * Deletes a resource that holds no memberships: one of a plugin's resource types (an assignment whose
     * target went away, deleted in the same write as the target). No hook hears of it: the plugin keeps
     * what it derived from the resource itself. Users and Groups are deleted by requests only (their
     * memberships and every plugin's hooks follow those), and Jobs only by the jobs facility: both throw
     * {@link IllegalStateException}.
     *
     * @return whether it existed
     */
    boolean delete(String type, String id);
}
