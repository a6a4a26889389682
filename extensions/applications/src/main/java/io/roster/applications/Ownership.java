package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user's readOnly {@code ownedApplications}: the ids of the applications it owns, kept in the write
 * that changes an application's owners. DOMAIN.md 4.3 lets any user who owns an application manage its
 * registration and assignments, admin role or not; the roles plugin decides who may use the API from the
 * caller's own record when it authenticates a token (in memory, no query), so the ownership is kept
 * there, beside the roles the user holds.
 */
final class Ownership {
    static final String ATTRIBUTE = "ownedApplications";
    /** Ids listed per user: enough to say that it owns applications, bounded like every multi-valued attribute. */
    static final int LISTED = 1_000;

    private Ownership() {
    }

    /** Refreshes every user who became or stopped being an owner between {@code before} and {@code after} (null: none). */
    static void changed(ResourceWriter w, JsonObject before, JsonObject after) {
        Set<String> was = owners(before);
        Set<String> is = owners(after);
        Set<String> moved = new LinkedHashSet<>(was);
        moved.addAll(is);
        moved.removeIf(id -> was.contains(id) && is.contains(id));
        moved.forEach(u -> refresh(w, u));
    }

    static Set<String> owners(JsonObject app) {
        Set<String> out = new LinkedHashSet<>();
        if (app != null && app.get("owners") instanceof JsonArray owners) {
            for (JsonValue o : owners) {
                if (o instanceof JsonObject obj && !obj.getString("value", "").isEmpty()) {
                    out.add(obj.getString("value").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** Recomputes the user's list from the applications' owners index, in the running write. */
    static void refresh(ResourceWriter w, String userId) {
        if (w.get(USER, userId) == null) {
            return;
        }
        List<String> owned = w.matching(APPLICATION, AssignmentQueries.eq("owners", "value", userId)).next(w, LISTED);
        w.updateExtension(USER, userId, USER_EXTENSION, ext -> {
            JsonObjectBuilder b = JsonSupport.object(ext);
            if (owned.isEmpty()) {
                b.remove(ATTRIBUTE);
            } else {
                JsonArrayBuilder ids = JsonSupport.array();
                owned.forEach(ids::add);
                b.add(ATTRIBUTE, ids);
            }
            return b.build();
        });
    }
}
