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
 * PATCH, or a PBKDF2 hash at 33 ms, would hold up every client). Inside the writer, {@link #work} only
 * checks that the target is still the version it was prepared from and stores the result.
 *
 * <p>When another write changed the target in between, the work answers {@link Attempt#STALE} and
 * changes nothing; the caller then prepares again from the new version, outside the writer
 * ({@link #run}), at most {@link #MAX_ATTEMPTS} times before giving up with 409 (412 when the request
 * carried If-Match, RFC 7644 section 3.14). This is optimistic concurrency control: the check costs a
 * version comparison, and a retry happens only when two writers race for one resource.
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
    private final Store store;

    /** @param base the stored resource the result was computed from */
    PreparedWrite(StoredResource base, Store store) {
        this.base = base;
        this.store = store;
    }

    /**
     * The work for the writer. The target must still be the version read, with the attributes read:
     * plugins may rewrite derived attributes keeping the version (a dynamic group's processing state),
     * and storing a result computed from the older attributes would undo that.
     */
    StoreWork<Attempt> work() {
        return w -> {
            StoredResource now = w.get(base.type(), base.id());
            if (now == null) {
                throw ScimException.notFound(base.type() + " " + base.id() + " not found.");
            }
            if (now.version() != base.version() || !now.attributes().equals(base.attributes())) {
                return Attempt.STALE;
            }
            return new Attempt(store.apply(w, now), false);
        };
    }

    /**
     * Prepares and stores a write, preparing it again outside the writer while another write keeps
     * getting to the resource first. {@code prepare} reads the resource and checks the precondition
     * each time, so a client's If-Match fails with 412 as soon as the resource has moved past it.
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
