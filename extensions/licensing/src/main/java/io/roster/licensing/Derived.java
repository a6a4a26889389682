package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * The derived writes of one change: attributes the plugin maintains, seat counts and per-group error
 * counts. The resource the change is about keeps its version (its derived attributes belong to that
 * version); any other resource whose representation changes gets a new version, so its ETag moves.
 */
final class Derived {
    private final StoreWriter writer;
    private final String changedId;
    private final Instant now;

    Derived(StoreWriter writer, String changedId, Instant now) {
        this.writer = writer;
        this.changedId = changedId;
        this.now = now;
    }

    StoreWriter writer() {
        return writer;
    }

    String now() {
        return now.toString();
    }

    /** Stores {@code attrs} on {@code r} unless they are what it already holds. */
    void write(StoredResource r, JsonObject attrs) {
        if (attrs.equals(r.attributes())) {
            return;
        }
        writer.put(r.id().equals(changedId)
                ? new StoredResource(r.type(), r.id(), r.version(), r.created(), r.lastModified(), attrs)
                : r.next(attrs, now));
    }

    /**
     * One more or one fewer user holding {@code sku}. The caller has checked the seat limit; a count that
     * would pass it is a bug, and failing here undoes the whole write rather than oversell.
     */
    void adjustUsed(String sku, int delta) {
        StoredResource license = LicensingHook.license(writer, sku);
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

    /** How many members hold an Error entry from the group. */
    long errors(String groupId) {
        String v = writer.setting(LicensingHook.ERRORS_KEY + groupId);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** One more or one fewer member in Error from the group; keeps its {@code hasMembersWithLicenseErrors} in step. */
    void adjustErrors(String groupId, int delta) {
        long before = errors(groupId);
        long after = Math.max(0, before + delta);
        writer.putSetting(LicensingHook.ERRORS_KEY + groupId, Long.toString(after));
        StoredResource group = writer.get(GROUP, groupId);
        if (group != null && (before > 0) != (after > 0)) {
            JsonObject ext = LicensingHook.ext(group.attributes(), GROUP_EXTENSION);
            write(group, JsonSupport.object(group.attributes())
                    .add(GROUP_EXTENSION, JsonSupport.object(ext).add("hasMembersWithLicenseErrors", after > 0)).build());
        }
    }
}
