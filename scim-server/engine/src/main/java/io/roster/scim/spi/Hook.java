package io.roster.scim.spi;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * Reacts to changes inside the transaction that makes them. For each write (one request, or one Bulk
 * operation) every hook's {@link #validate} runs for every change, then every hook's {@link #apply};
 * changes the applies cause (membership changes made through {@link ResourceWriter}) then go through
 * both phases in turn, until none is left. Both run inside the store's single writer after the change's
 * own writes, so they see the store as the change leaves it and the change's former state in
 * {@link Change#before()}. Throwing from either undoes the whole write (the change and every derived
 * write); a {@link io.roster.scim.error.ScimException} reaches the client as it is, anything else as a
 * 500. Keep both phases short: they hold up every other writer.
 */
public interface Hook {

    /** May reject the change by throwing a {@link io.roster.scim.error.ScimException}; cannot write. */
    default void validate(Change change, HookContext context) {
    }

    /** Makes derived writes through {@link HookContext#resources()}, atomically with the change. */
    default void apply(Change change, HookContext context) {
    }

    /**
     * Sees the {@code remove} operations of a PATCH inside its write, before they are applied, even those
     * that will remove nothing. RFC 7644 section 3.5.2.2 makes removing a value that is not there a no-op,
     * so no {@link Change} follows and {@link #validate} never hears of it; a plugin that derives values of
     * an attribute (licensing's inherited licenses) refuses here a client's attempt to remove one, which the
     * client would otherwise believe removed. This is the only place a request's intent, not its effect,
     * reaches a hook. May throw a {@link io.roster.scim.error.ScimException}; cannot write.
     *
     * @param resourceType the resource type's name
     * @param id           the resource's id
     * @param current      its attributes as stored before the PATCH
     * @param removals     the PATCH's remove operations, in order
     */
    default void validateRemovals(String resourceType, String id, JsonObject current, List<RemovalRequest> removals,
                                  HookContext context) {
    }
}
