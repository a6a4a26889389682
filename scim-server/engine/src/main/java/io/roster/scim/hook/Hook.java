package io.roster.scim.hook;

/**
 * Reacts to changes inside the transaction that makes them. For each write (one request, or one Bulk
 * operation) every hook's {@link #validate} runs for every change, then every hook's {@link #apply};
 * changes the applies {@link HookContext#emit emit} then go through both phases in turn, until none
 * is left. Both run inside the store's single writer after the change's own writes, so they see the
 * store as the change leaves it and the change's former state in {@link Change#before()}. Throwing
 * from either undoes the whole write (the change and every derived write); a
 * {@link io.roster.scim.error.ScimException} reaches the client as it is, anything else as a 500.
 * Keep both phases short: they hold up every other writer.
 */
public interface Hook {

    /** May reject the change by throwing a {@link io.roster.scim.error.ScimException}; must not write. */
    default void validate(Change change, HookContext context) {
    }

    /** Makes derived writes, atomically with the change. */
    default void apply(Change change, HookContext context) {
    }

    /**
     * Sees a PATCH's operations before they are applied, inside the write, even when they would change
     * nothing (removing a value the resource does not hold is a no-op in RFC 7644 section 3.5.2.2, so no
     * {@link Change} follows): the place to refuse an operation aimed at a value the plugin derives.
     * May throw a {@link io.roster.scim.error.ScimException}; must not write.
     *
     * @param resourceType the resource type's name
     * @param id           the resource's id
     * @param current      its attributes as stored before the PATCH
     * @param operations   the request's operations, in order
     */
    default void validatePatch(String resourceType, String id, jakarta.json.JsonObject current,
                               java.util.List<io.roster.scim.patch.PatchOperation> operations, HookContext context) {
    }
}
