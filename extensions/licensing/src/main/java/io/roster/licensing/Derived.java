package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.RecordTable;
import io.roster.scim.spi.RecordType;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * The derived writes of one change: attributes the plugin maintains, seat counts and per-group error
 * counts. Versions are the facade's: the resource a change is about keeps its version, any other whose
 * representation changes gets a new one.
 */
final class Derived {
    /** Per group: how many members hold an Error entry from it (kept in step like the seats). */
    static final String ERRORS = "groupErrors";

    private final ResourceWriter writer;
    private final Instant now;

    Derived(ResourceWriter writer, Instant now) {
        this.writer = writer;
        this.now = now;
    }

    ResourceWriter writer() {
        return writer;
    }

    String now() {
        return now.toString();
    }

    /** Stores {@code attrs} on {@code r} unless they are what it already holds. */
    void write(Resource r, JsonObject attrs) {
        writer.update(r.type(), r.id(), old -> attrs);
    }

    /**
     * One more or one fewer user holding {@code sku}. The caller has checked the seat limit; a count that
     * would pass it is a bug, and failing here undoes the whole write rather than oversell.
     */
    void adjustUsed(String sku, int delta) {
        Resource license = LicensingHook.license(writer, sku);
        if (license == null) {
            return; // a License cannot be deleted while held, so this is an entry for a SKU that never granted a seat
        }
        JsonObject attrs = license.attributes();
        long used = Math.max(0, LicensingHook.used(attrs) + delta);
        if (delta > 0 && attrs.getBoolean("limitedAssignmentsPermitted", false)
                && used > attrs.getJsonNumber("totalAssignmentsPermitted").longValue()) {
            throw new IllegalStateException("seat accounting would oversell " + sku);
        }
        write(license, JsonSupport.object(attrs).add("totalAssignmentsUsed", used).build());
    }

    static RecordTable<Long> errorCounts(io.roster.scim.spi.ResourceReader r) {
        return r.records(ERRORS, RecordType.LONG);
    }

    /** How many members hold an Error entry from the group. */
    long errors(String groupId) {
        Long v = errorCounts(writer).get(groupId);
        return v == null ? 0 : v;
    }

    /** One more or one fewer member in Error from the group; keeps its {@code hasMembersWithLicenseErrors} in step. */
    void adjustErrors(String groupId, int delta) {
        long before = errors(groupId);
        long after = Math.max(0, before + delta);
        errorCounts(writer).put(groupId, after);
        if ((before > 0) != (after > 0)) {
            writer.updateExtension(GROUP, groupId, GROUP_EXTENSION,
                    ext -> JsonSupport.object(ext).add("hasMembersWithLicenseErrors", after > 0).build());
        }
    }
}
