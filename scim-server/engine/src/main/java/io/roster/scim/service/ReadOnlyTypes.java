package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.spi.ResourceTypeNames;
import java.util.Map;
import java.util.Set;

/**
 * Resource types that clients may only read: the server keeps them itself. Today that is Job
 * ({@code /Jobs}), written only by the jobs facility in the writes that schedule, step, finish or cancel
 * a job. A write to one is refused before anything else about it is looked at (the caller, the id, the
 * body), whoever asks: 405 with {@code Allow: GET} (RFC 9110 section 15.5.6), since the endpoint exists and
 * serves GET (and {@code POST .search}, RFC 7644 section 3.4.3, at its own path). In Bulk the operation
 * fails with the same status (RFC 7644 section 3.7.3).
 */
final class ReadOnlyTypes {
    static final String ALLOW = "GET";
    private static final Set<String> READ_ONLY = Set.of(ResourceTypeNames.JOB);

    private ReadOnlyTypes() {
    }

    static boolean isReadOnly(ResourceType type) {
        return READ_ONLY.contains(type.name());
    }

    /** Throws the 405 for a write to a read-only type; nothing for any other type. */
    static void refuseWrite(ResourceType type) {
        if (isReadOnly(type)) {
            throw new ScimException(405, null, type.name() + " resources (" + type.endpoint() + ") are read-only: the server "
                    + "keeps them as its background jobs are scheduled, progress and finish. Allowed: GET (and POST "
                    + type.endpoint() + "/.search).", Map.of("Allow", ALLOW));
        }
    }
}
