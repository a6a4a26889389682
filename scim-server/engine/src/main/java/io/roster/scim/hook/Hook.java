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
}
