package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.patch.PatchOperation;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.store.StoreWork;
import jakarta.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One operation of a Bulk request (RFC 7644 section 3.7) from parsing to its outcome: what the client
 * sent, the id and references resolved by {@link BulkPlan}, the work prepared outside the writer and
 * what became of it in the writer ({@link BulkService}).
 */
final class BulkOperation {
    final int index;
    String method;
    String bulkId;
    String path;
    JsonObject data;
    String version;
    ResourceType type;
    String id;
    final Set<String> references = new LinkedHashSet<>();
    ScimException error;
    List<PatchOperation> patch;
    /** POST and DELETE: the work for the writer, prepared once. */
    StoreWork<ResourceSnapshot> work;
    /** PUT and PATCH: the result prepared against the target as read; null when it must be (re)prepared. */
    PreparedWrite prepared;
    int attempts;
    Outcome outcome;
    Throwable failure;

    Precondition precondition() {
        return version == null ? Precondition.NONE : new Precondition(List.of(version));
    }

    /** The resource a PUT, PATCH or DELETE (or, by its chosen id, a POST) writes. */
    String target() {
        return type == null || id == null ? null : type.name() + "/" + id;
    }

    BulkOperation(int index) {
        this.index = index;
    }

    /** What became of an operation in the writer. */
    enum Status {
        DONE,
        /** After failOnErrors was reached: not processed, not reported (RFC 7644 section 3.7.3). */
        SKIPPED,
        /** Its target changed after it was prepared: it is prepared again and runs in the next round. */
        STALE,
        /** An earlier operation of its round was stale: it did not run, and runs in the next round. */
        DEFERRED
    }

    record Outcome(Status status, ResourceSnapshot snapshot) {
        static final Outcome SKIPPED = new Outcome(Status.SKIPPED, null);
        static final Outcome STALE = new Outcome(Status.STALE, null);
        static final Outcome DEFERRED = new Outcome(Status.DEFERRED, null);
    }
}
