package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreWork;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import java.util.function.Supplier;

/**
 * A PUT or PATCH computed outside the store's single writer against one version of its target: the
 * PATCH operations applied, the result normalised and checked, a new password hashed. Every other write
 * waits while the writer runs, so none of that costly work may happen inside it (a 10,000-operation
 * PATCH, or a PBKDF2 hash at 33 ms, would hold up every client). Inside the writer, {@link #work} checks
 * the request's If-Match against the version stored now, checks that the attributes the result was
 * computed from are still the stored ones, and stores the result.
 *
 * <p>The result depends on the attributes, not on the version: a membership change gives a group a new
 * version but leaves its record as it was, so a rename prepared meanwhile is still right. A PATCH that
 * only changes members depends on nothing stored at all (its member changes are applied to the index
 * inside the writer) and is never stale: sixteen clients adding members to one group never retry.
 *
 * <p>When another write changed the attributes in between, the work answers {@link Attempt#STALE} and
 * changes nothing; the caller then prepares again from what is stored now, outside the writer
 * ({@link #run}), at most {@link #MAX_ATTEMPTS} times before giving up with 409 (412 when the request
 * carried If-Match, RFC 7644 section 3.14). This is optimistic concurrency control: the check costs one
 * comparison, and a retry happens only when two writers change one resource at the same moment.
 */
final class PreparedWrite {
    /** How many times a write is prepared before a conflict is reported: enough to ride out a burst of writes to one resource. */
    static final int MAX_ATTEMPTS = 5;

    /** Stores the prepared result; runs inside the writer, on the very version the result was prepared from. */
    @FunctionalInterface
    interface Store {
        ResourceSnapshot apply(StoreWriter writer, StoredResource current);
    }

    /** The outcome inside the writer: the stored resource, or {@link #STALE} when the target moved on. */
    record Attempt(ResourceSnapshot snapshot, boolean stale) {
        static final Attempt STALE = new Attempt(null, true);
    }

    private final StoredResource base;
    private final Precondition precondition;
    private final boolean readsAttributes;
    private final Store store;

    /**
     * @param base            the stored resource the result was computed from
     * @param precondition    the request's If-Match, checked again inside the writer against the version then
     * @param readsAttributes false when the result does not depend on the stored attributes (a PATCH of members only)
     */
    PreparedWrite(StoredResource base, Precondition precondition, boolean readsAttributes, Store store) {
        this.base = base;
        this.precondition = precondition;
        this.readsAttributes = readsAttributes;
        this.store = store;
    }

    /**
     * The work for the writer. The attributes are compared, not just the version: plugins may rewrite
     * derived attributes keeping the version (a dynamic group's processing state), and storing a result
     * computed from the older attributes would undo that.
     */
    StoreWork<Attempt> work() {
        return w -> {
            StoredResource now = w.get(base.type(), base.id());
            if (now == null) {
                throw ScimException.notFound(base.type() + " " + base.id() + " not found.");
            }
            precondition.check(now.version());
            if (readsAttributes && !now.attributes().equals(base.attributes())) {
                return Attempt.STALE;
            }
            return new Attempt(store.apply(w, now), false);
        };
    }

    /**
     * Prepares and stores a write, preparing it again outside the writer while another write keeps
     * getting to the resource first. The precondition is checked at every preparation and in the writer,
     * so a client's If-Match fails with 412 as soon as the resource has moved past it.
     */
    static ResourceSnapshot run(ResourceStore store, Supplier<PreparedWrite> prepare, Precondition precondition) {
        for (int attempt = 1; ; attempt++) {
            PreparedWrite write = prepare.get();
            Attempt result = store.write(write.work());
            if (!result.stale()) {
                return result.snapshot();
            }
            if (attempt == MAX_ATTEMPTS) {
                throw conflict(write.base.type(), write.base.id(), precondition);
            }
        }
    }

    /** The answer once {@link #MAX_ATTEMPTS} preparations were all overtaken by other writes. */
    static ScimException conflict(String type, String id, Precondition precondition) {
        String detail = type + " " + id + " was changed by other requests " + MAX_ATTEMPTS + " times while this one was being "
                + "applied, each time before it could be stored; nothing was changed. Read the resource again and retry.";
        return precondition.ifMatch().isEmpty() ? ScimException.conflict(detail) : ScimException.preconditionFailed(detail);
    }
}
