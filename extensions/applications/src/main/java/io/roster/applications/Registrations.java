package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.USER;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.Principal;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of an Application's own attributes (DOMAIN.md 4.1): app role values unique and member types
 * {@code User}/{@code Group}, an enabled role never removed (disable it first, as Entra asks), owners that
 * are users, a known pre-authentication; then the values the server sets: role ids (kept for a role whose
 * id, or else value, was there before), {@code isEnabled} and {@code allowedMemberTypes} defaults, owners'
 * {@code display}, and the creating user as an owner.
 */
final class Registrations {
    private static final Set<String> MEMBER_TYPES = Set.of("User", "Group");
    private static final Set<String> PRE_AUTHENTICATION = Set.of("passthrough", "entra");

    private Registrations() {
    }

    /** Refuses what the schema cannot say; 400 with the attribute named. */
    static void validate(Change change, ResourceReader r) {
        JsonObject after = change.after();
        Set<String> values = new HashSet<>();
        for (JsonObject role : roles(after)) {
            String value = role.getString("value", "");
            if (value.isBlank()) {
                throw ScimException.invalidValue("Every entry of \"appRoles\" needs a \"value\" (the value tokens carry).");
            }
            if (!values.add(value)) {
                throw ScimException.invalidValue("Two app roles have the value \"" + value + "\"; values are unique within an application.");
            }
            if (role.get("allowedMemberTypes") instanceof JsonArray types) {
                for (JsonValue t : types) {
                    if (!(t instanceof JsonString s) || canonicalType(s.getString()) == null) {
                        throw ScimException.invalidValue("appRoles[value eq \"" + value + "\"].allowedMemberTypes may hold only User and Group, not "
                                + JsonSupport.describe(t) + ".");
                    }
                }
            }
        }
        if (change.before() != null) {
            Map<String, JsonObject> now = new HashMap<>();
            for (JsonObject role : roles(after)) {
                now.put(role.getString("value", ""), role);
            }
            for (JsonObject old : roles(change.before())) {
                boolean kept = roles(after).stream().anyMatch(n -> old.getString("id", "").equals(n.getString("id", null)))
                        || now.containsKey(old.getString("value", ""));
                if (!kept && !JsonValue.FALSE.equals(old.get("isEnabled"))) {
                    throw ScimException.invalidValue("App role \"" + old.getString("value", "") + "\" (id " + old.getString("id", "")
                            + ") is enabled: set its \"isEnabled\" to false before removing it (its assignments are removed with it).");
                }
            }
        }
        if (after.get("owners") instanceof JsonArray owners) {
            for (JsonValue o : owners) {
                String id = o instanceof JsonObject obj ? obj.getString("value", "") : "";
                if (id.isEmpty() || r.get(USER, id) == null) {
                    throw ScimException.invalidValue("owners: " + (id.isEmpty() ? "an entry has no \"value\"" : "no User has the id \"" + id + "\"")
                            + "; an owner is a User, named by its id.");
                }
            }
        }
        if (after.get("proxySettings") instanceof JsonObject proxy && proxy.get("preAuthentication") instanceof JsonString pre
                && !PRE_AUTHENTICATION.contains(pre.getString().toLowerCase(Locale.ROOT))) {
            throw ScimException.invalidValue("proxySettings.preAuthentication must be passthrough or entra, not \"" + pre.getString() + "\".");
        }
    }

    /** Sets what the server sets, in the running write, on the application the change is about. */
    static void complete(Change change, ResourceWriter w, Principal caller) {
        Map<String, String> oldIds = new HashMap<>();
        Set<String> oldIdSet = new HashSet<>();
        for (JsonObject old : roles(change.before())) {
            oldIds.putIfAbsent(old.getString("value", ""), old.getString("id", ""));
            oldIdSet.add(old.getString("id", ""));
        }
        w.update(APPLICATION, change.id(), attrs -> {
            JsonObjectBuilder b = JsonSupport.object(attrs);
            if (attrs.get("appRoles") instanceof JsonArray roles) {
                JsonArrayBuilder out = JsonSupport.array();
                Set<String> used = new HashSet<>();
                for (JsonValue v : roles) {
                    JsonObject role = (JsonObject) v;
                    String id = role.getString("id", null);
                    if (id == null || !oldIdSet.contains(id) || used.contains(id)) {
                        id = oldIds.get(role.getString("value", ""));
                    }
                    if (id == null || id.isEmpty() || used.contains(id)) {
                        id = UUID.randomUUID().toString();
                    }
                    used.add(id);
                    JsonArrayBuilder types = JsonSupport.array();
                    for (String t : memberTypes(role)) {
                        types.add(t);
                    }
                    out.add(JsonSupport.object(role).add("id", id)
                            .add("isEnabled", !JsonValue.FALSE.equals(role.get("isEnabled")))
                            .add("allowedMemberTypes", types));
                }
                b.add("appRoles", out);
            }
            Set<String> owners = new LinkedHashSet<>();
            if (attrs.get("owners") instanceof JsonArray list) {
                for (JsonValue o : list) {
                    owners.add(((JsonObject) o).getString("value").toLowerCase(Locale.ROOT));
                }
            }
            if (change.kind() == Change.Kind.CREATED && caller.userId() != null && w.get(USER, caller.userId()) != null) {
                owners.add(caller.userId());
            }
            if (!owners.isEmpty()) {
                JsonArrayBuilder out = JsonSupport.array();
                for (String id : owners) {
                    Resource user = w.get(USER, id);
                    out.add(JsonSupport.object().add("value", id).add("display", user == null ? "" : Member.displayOf(user.attributes())));
                }
                b.add("owners", out);
            }
            if (attrs.get("proxySettings") instanceof JsonObject proxy && proxy.get("preAuthentication") instanceof JsonString pre) {
                b.add("proxySettings", JsonSupport.object(proxy).add("preAuthentication", pre.getString().toLowerCase(Locale.ROOT)));
            }
            return b.build();
        });
    }

    /**
     * Whether the change changed what assignments give: a role's id set, value or enabled state. A role
     * added changes nothing (nobody holds it yet).
     */
    static boolean rolesChanged(JsonObject before, JsonObject after) {
        Map<String, AppRole> was = new HashMap<>();
        for (AppRole r : AppRole.of(before)) {
            was.put(r.id(), r);
        }
        for (AppRole r : AppRole.of(after)) {
            AppRole old = was.remove(r.id());
            if (old != null && (old.enabled() != r.enabled() || !java.util.Objects.equals(old.value(), r.value()))) {
                return true;
            }
        }
        return !was.isEmpty() && !(was.size() == 1 && was.containsKey(AppRole.DEFAULT_ACCESS));
    }

    /** The ids of roles the application had before and no longer has. */
    static Set<String> removedRoles(JsonObject before, JsonObject after) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonObject r : roles(before)) {
            out.add(r.getString("id", ""));
        }
        for (JsonObject r : roles(after)) {
            out.remove(r.getString("id", ""));
        }
        out.remove("");
        return out;
    }

    static java.util.List<JsonObject> roles(JsonObject app) {
        if (app == null || !(app.get("appRoles") instanceof JsonArray a)) {
            return java.util.List.of();
        }
        return a.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
    }

    private static Set<String> memberTypes(JsonObject role) {
        Set<String> out = new LinkedHashSet<>();
        if (role.get("allowedMemberTypes") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonString s && canonicalType(s.getString()) != null) {
                    out.add(canonicalType(s.getString()));
                }
            }
        }
        return out.isEmpty() ? new LinkedHashSet<>(java.util.List.of("User", "Group")) : out;
    }

    /** User or Group in their canonical spelling, or null. */
    static String canonicalType(String t) {
        for (String c : MEMBER_TYPES) {
            if (c.equalsIgnoreCase(t)) {
                return c;
            }
        }
        return null;
    }
}
