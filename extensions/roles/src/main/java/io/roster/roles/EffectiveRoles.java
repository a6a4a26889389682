package io.roster.roles;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's effective roles (DOMAIN.md 2.2): the direct {@code roles} plus the roles of every
 * role-assignable group the user directly belongs to, one entry per source.
 */
final class EffectiveRoles {
    private EffectiveRoles() {
    }

    /** The effective roles the user should show, computed from its direct roles and its direct groups. */
    static JsonArray compute(ResourceReader r, String userId, JsonObject userAttrs) {
        JsonArrayBuilder out = JsonSupport.array();
        Set<String> seen = new LinkedHashSet<>();
        for (BuiltInRole role : named(userAttrs.get("roles"))) {
            if (seen.add(role.value() + "|")) {
                out.add(JsonSupport.object().add("value", role.value()).add("display", role.display()));
            }
        }
        for (String groupId : r.groupsOf(userId)) {
            Resource g = r.get(GROUP, groupId);
            if (g == null || !assignable(g.attributes())) {
                continue;
            }
            for (BuiltInRole role : groupRoles(g.attributes())) {
                if (seen.add(role.value() + "|" + groupId)) {
                    out.add(JsonSupport.object().add("value", role.value()).add("display", role.display())
                            .add("assignedByGroup", groupId));
                }
            }
        }
        return out.build();
    }

    /** The distinct role values a user holds, as its stored {@code effectiveRoles} say. */
    static Set<String> heldValues(JsonObject userAttrs) {
        Set<String> out = new LinkedHashSet<>();
        if (ext(userAttrs, USER_EXTENSION).get("effectiveRoles") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject o && o.get("value") instanceof jakarta.json.JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    /** True when the applications plugin lists applications the user owns. */
    static boolean ownsApplications(JsonObject userAttrs) {
        return ext(userAttrs, USER_EXTENSION).get("ownedApplications") instanceof JsonArray a && !a.isEmpty();
    }

    /** True when the user holds a privileged role (DOMAIN.md 2.1): User and Helpdesk Administrators cannot touch it. */
    static boolean holdsPrivileged(JsonObject userAttrs) {
        if (userAttrs == null) {
            return false;
        }
        for (String v : heldValues(userAttrs)) {
            BuiltInRole role = BuiltInRole.find(v);
            if (role != null && role.privileged()) {
                return true;
            }
        }
        return false;
    }

    static boolean assignable(JsonObject groupAttrs) {
        return groupAttrs != null && JsonValue.TRUE.equals(ext(groupAttrs, GROUP_EXTENSION).get("isAssignableToRole"));
    }

    static List<BuiltInRole> groupRoles(JsonObject groupAttrs) {
        return named(ext(groupAttrs, GROUP_EXTENSION).get("roles"));
    }

    /** The built-in roles a {@code roles} array names (by value or display name); unknown entries are skipped. */
    static List<BuiltInRole> named(JsonValue roles) {
        List<BuiltInRole> out = new ArrayList<>();
        if (roles instanceof JsonArray a) {
            for (JsonValue v : a) {
                BuiltInRole role = v instanceof JsonObject o ? lookup(o) : null;
                if (role != null && !out.contains(role)) {
                    out.add(role);
                }
            }
        }
        return out;
    }

    /** The first entry of a {@code roles} array that names no role, or null when every one does. */
    static String unknown(JsonValue roles) {
        if (roles instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (!(v instanceof JsonObject o) || lookup(o) == null) {
                    return JsonSupport.toText(v);
                }
            }
        }
        return null;
    }

    /** A role entry names its role by value, or (Entra's app-role objects) by display name. */
    private static BuiltInRole lookup(JsonObject entry) {
        BuiltInRole role = BuiltInRole.find(entry.getString("value", null));
        return role != null ? role : BuiltInRole.find(entry.getString("display", null));
    }

    static JsonObject ext(JsonObject attrs, String urn) {
        return attrs != null && attrs.get(urn) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }
}
