package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.HashMap;
import java.util.Map;

/**
 * A user's {@code appRoleAssignments} (DOMAIN.md 4.2): its own assignments, then those of each group it
 * directly belongs to (never through nesting: Entra's assignment "doesn't cascade to nested groups"),
 * one entry per source, for roles that are enabled. Always recomputed whole from the assignments, so a
 * refresh is right whatever changed; it reads one index range per source, so it costs the same however
 * large the applications and groups are.
 */
final class EffectiveAccess {
    static final String ATTRIBUTE = "appRoleAssignments";

    private EffectiveAccess() {
    }

    /** Recomputes the user's entries in the running write; nothing when it is not a User (a nested group). */
    static void refresh(ResourceWriter w, String userId) {
        if (w.get(USER, userId) == null) {
            return;
        }
        JsonArrayBuilder entries = JsonSupport.array();
        Map<String, JsonObject> apps = new HashMap<>();
        int n = add(w, entries, apps, userId, null);
        for (String group : w.groupsOf(userId)) {
            n += add(w, entries, apps, group, group);
        }
        JsonArray built = n == 0 ? null : entries.build();
        w.updateExtension(USER, userId, USER_EXTENSION, ext -> {
            JsonObjectBuilder b = JsonSupport.object(ext);
            if (built == null) {
                b.remove(ATTRIBUTE);
            } else {
                b.add(ATTRIBUTE, built);
            }
            return b.build();
        });
    }

    private static int add(ResourceWriter w, JsonArrayBuilder out, Map<String, JsonObject> apps, String principal, String group) {
        int n = 0;
        for (Resource a : AssignmentQueries.ofPrincipal(w, principal)) {
            String appId = AssignmentQueries.application(a);
            JsonObject app = apps.computeIfAbsent(appId, id -> {
                Resource r = w.get(APPLICATION, id);
                return r == null ? null : r.attributes();
            });
            AppRole role = app == null ? null : AppRole.find(app, AssignmentQueries.roleId(a));
            if (role == null && app != null && AppRole.DEFAULT_ACCESS.equals(AssignmentQueries.roleId(a))) {
                // Default Access given while the application defined no roles stays in effect once it defines some
                role = AppRole.DEFAULT;
            }
            if (role == null || !role.enabled()) {
                continue;
            }
            JsonObjectBuilder e = JsonSupport.object().add("application", appId).add("appRoleId", role.id());
            if (role.value() != null) {
                e.add("appRoleValue", role.value());
            }
            if (group != null) {
                e.add("assignedByGroup", group);
            }
            out.add(e);
            n++;
        }
        return n;
    }
}
