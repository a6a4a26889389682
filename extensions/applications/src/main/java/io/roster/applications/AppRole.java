package io.roster.applications;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One app role of an application as assignments use it (DOMAIN.md 4.1): its id, value, whether it is in
 * effect, and who may be given it. An application without {@code appRoles} has exactly one, Default
 * Access, with Entra's all-zero id.
 */
record AppRole(String id, String value, boolean enabled, Set<String> allowedMemberTypes) {
    /** Entra's id of the implicit role of an application that defines none. */
    static final String DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";
    static final AppRole DEFAULT = new AppRole(DEFAULT_ACCESS, null, true, Set.of("User", "Group"));

    /** The roles an application's stored attributes define; Default Access alone when it defines none. */
    static List<AppRole> of(JsonObject application) {
        List<AppRole> out = new ArrayList<>();
        if (application.get("appRoles") instanceof JsonArray roles) {
            for (JsonValue v : roles) {
                if (v instanceof JsonObject r && r.get("id") instanceof JsonString id) {
                    out.add(new AppRole(id.getString(), r.getString("value", null), !JsonValue.FALSE.equals(r.get("isEnabled")),
                            memberTypes(r)));
                }
            }
        }
        return out.isEmpty() ? List.of(DEFAULT) : out;
    }

    /** The role with this id; Default Access only for an application that defines no roles. */
    static AppRole find(JsonObject application, String id) {
        for (AppRole r : of(application)) {
            if (r.id.equalsIgnoreCase(id)) {
                return r;
            }
        }
        return null;
    }

    /** The allowed member types as stored (canonical: User, Group); both when absent. */
    static Set<String> memberTypes(JsonObject role) {
        if (!(role.get("allowedMemberTypes") instanceof JsonArray a) || a.isEmpty()) {
            return Set.of("User", "Group");
        }
        Set<String> out = new java.util.LinkedHashSet<>();
        for (JsonValue v : a) {
            if (v instanceof JsonString s) {
                out.add(s.getString());
            }
        }
        return out;
    }
}
