package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.APP_ROLE_ASSIGNMENT;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.USER;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Locale;

/**
 * The rules of an AppRoleAssignment (DOMAIN.md 4.2): its principal is an existing User or Group, its
 * application exists, its role is one the application defines (Default Access only while it defines
 * none), enabled and allowed for that kind of principal; one per principal, application and role (409
 * uniqueness); at most {@code maxPerPrincipal} per principal; never changed once made (delete and create).
 */
final class Assignments {
    private Assignments() {
    }

    /** What a new assignment names, resolved. */
    record Target(String principalId, String principalType, Resource principal, Resource application, String roleId) {
    }

    static Target validateCreated(Change change, ResourceReader r, int maxPerPrincipal) {
        JsonObject a = change.after();
        JsonObject p = a.get("principal") instanceof JsonObject o ? o : JsonSupport.object().build();
        String principalId = p.getString("value", "").toLowerCase(Locale.ROOT);
        Resource user = principalId.isEmpty() ? null : r.get(USER, principalId);
        Resource group = user != null || principalId.isEmpty() ? null : r.get(GROUP, principalId);
        if (user == null && group == null) {
            throw ScimException.invalidValue("principal.value: no User or Group has the id \"" + p.getString("value", "") + "\".");
        }
        String type = user != null ? USER : GROUP;
        if (p.get("type") instanceof JsonString t && !t.getString().equalsIgnoreCase(type)) {
            throw ScimException.invalidValue("principal.type is \"" + t.getString() + "\" but " + principalId + " is a " + type + ".");
        }
        JsonObject app = a.get("application") instanceof JsonObject o ? o : JsonSupport.object().build();
        String appId = app.getString("value", "").toLowerCase(Locale.ROOT);
        Resource application = appId.isEmpty() ? null : r.get(APPLICATION, appId);
        if (application == null) {
            throw ScimException.invalidValue("application.value: no Application has the id \"" + app.getString("value", "") + "\".");
        }
        String roleId = a.getString("appRoleId", AppRole.DEFAULT_ACCESS).toLowerCase(Locale.ROOT);
        AppRole role = AppRole.find(application.attributes(), roleId);
        if (role == null) {
            throw ScimException.invalidValue("appRoleId: application " + appId + " has no app role with the id \"" + roleId + "\""
                    + (AppRole.DEFAULT_ACCESS.equals(roleId) ? " (Default Access exists only while an application defines no appRoles)" : "")
                    + ".");
        }
        if (!role.enabled()) {
            throw ScimException.invalidValue("appRoleId: app role \"" + role.value() + "\" of application " + appId + " is disabled.");
        }
        if (!role.allowedMemberTypes().contains(type)) {
            throw ScimException.invalidValue("appRoleId: app role \"" + role.value() + "\" may be given to " + String.join(" and ",
                    role.allowedMemberTypes()) + " only, not to a " + type + ".");
        }
        int held = 0;
        for (Resource other : AssignmentQueries.ofPrincipal(r, principalId)) {
            if (other.id().equals(change.id())) {
                continue;
            }
            held++;
            if (AssignmentQueries.application(other).equalsIgnoreCase(appId) && AssignmentQueries.roleId(other).equalsIgnoreCase(roleId)) {
                throw ScimException.uniqueness(type + " " + principalId + " already has app role " + roleId + " of application " + appId
                        + ": AppRoleAssignment " + other.id() + ".");
            }
        }
        if (held >= maxPerPrincipal) {
            throw ScimException.invalidValue(type + " " + principalId + " holds " + held + " app role assignments, the most one principal may "
                    + "hold (plugin setting applications.maxPerPrincipal).");
        }
        return new Target(principalId, type, user != null ? user : group, application, roleId);
    }

    /** A PUT or PATCH may repeat an assignment's values but not change them (RFC 7643 section 7, immutable). */
    static void validateUnchanged(Change change) {
        for (String attr : new String[] {"principal", "application", "appRoleId"}) {
            if (change.changed(attr) && !sameValue(change.before(), change.after(), attr)) {
                throw ScimException.mutability("An AppRoleAssignment is never changed: \"" + attr + "\" is immutable. Delete it and create "
                        + "another.");
            }
        }
    }

    private static boolean sameValue(JsonObject before, JsonObject after, String attr) {
        if (attr.equals("appRoleId")) {
            return before.getString(attr, AppRole.DEFAULT_ACCESS).equalsIgnoreCase(after.getString(attr, AppRole.DEFAULT_ACCESS));
        }
        JsonObject b = before.get(attr) instanceof JsonObject o ? o : JsonSupport.object().build();
        JsonObject a = after.get(attr) instanceof JsonObject o ? o : JsonSupport.object().build();
        return b.getString("value", "").equalsIgnoreCase(a.getString("value", ""))
                && (!a.containsKey("type") || a.getString("type", "").equalsIgnoreCase(b.getString("type", "")));
    }

    /** Stores what the server sets: the principal's type and name, the application's name, the role id. */
    static void complete(ResourceWriter w, String id, Target t) {
        w.update(APP_ROLE_ASSIGNMENT, id, attrs -> JsonSupport.object(attrs)
                .add("principal", JsonSupport.object().add("value", t.principalId()).add("type", t.principalType())
                        .add("display", Member.displayOf(t.principal().attributes())))
                .add("application", JsonSupport.object().add("value", t.application().id())
                        .add("display", t.application().attributes().getString("displayName", "")))
                .add("appRoleId", t.roleId())
                .build());
    }
}
