package io.roster.roles;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;

import io.roster.scim.spi.Change;
import io.roster.scim.spi.Principal;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * Who may change applications and their assignments (DOMAIN.md 4.3), checked inside the write:
 * <ul>
 *   <li>Application Administrator everything; Cloud Application Administrator everything but
 *       {@code proxySettings} (403 naming it, on create, PUT and PATCH alike);</li>
 *   <li>Application Developer creates applications with registration attributes only (it becomes an owner)
 *       and changes the registration of those it owns; never enterprise settings, proxy or assignments;</li>
 *   <li>an owner (any user who may use the API) the registration and the assignments of its application;</li>
 *   <li>assigning an application to a role-assignable group, or removing such an assignment, only Global
 *       and Privileged Role Administrators (it hands the group's members access, and those groups are
 *       theirs to manage); nobody else, whatever application role it holds.</li>
 * </ul>
 * Global Administrator never gets here (RolesHook lets it do everything).
 */
final class ApplicationAuthorization {
    /** The enterprise settings: who may get in (DOMAIN.md 4.1); everything else but proxySettings is registration. */
    static final Set<String> ENTERPRISE = Set.of("appRoleAssignmentRequired", "visibleToUsers", "signInAudience",
            "preferredSingleSignOnMode", "loginUrl");
    static final String PROXY = "proxySettings";

    private ApplicationAuthorization() {
    }

    static void authorizeApplication(Change change, Principal caller, Set<Permission> perms) {
        String target = change.kind() == Change.Kind.CREATED ? "an application" : "application " + change.id();
        Set<String> touched = change.kind() == Change.Kind.CREATED ? change.after().keySet() : change.changedAttributes();
        if (touched.contains(PROXY)) {
            require(perms, Permission.APPLICATION_PROXY_MANAGE, caller, "set \"" + PROXY + "\" of " + target);
        }
        if (perms.contains(Permission.APPLICATIONS_MANAGE)) {
            return;
        }
        switch (change.kind()) {
            case CREATED -> require(perms, Permission.APPLICATIONS_CREATE, caller, "create applications");
            case DELETED -> require(perms, Permission.APPLICATIONS_MANAGE, caller, "delete " + target);
            default -> {
                if (!owns(change.before(), caller)) {
                    throw Grants.denied(caller, Permission.APPLICATIONS_MANAGE, "change " + target + ", which it does not own");
                }
            }
        }
        for (String attr : touched) {
            if (ENTERPRISE.contains(attr)) {
                throw Grants.denied(caller, Permission.APPLICATIONS_MANAGE, "set \"" + attr + "\" of " + target
                        + " (an enterprise setting; owners and Application Developers change the registration only)");
            }
        }
    }

    static void authorizeAssignment(Change change, Principal caller, Set<Permission> perms, ResourceReader r) {
        JsonObject a = change.after() != null ? change.after() : change.before();
        String principal = value(a, "principal");
        String app = value(a, "application");
        Resource group = principal == null ? null : r.get(GROUP, principal.toLowerCase(java.util.Locale.ROOT));
        if (group != null && EffectiveRoles.assignable(group.attributes())) {
            require(perms, Permission.ROLE_ASSIGNABLE_GROUPS_MANAGE, caller, "assign applications to role-assignable group "
                    + group.id());
            return;
        }
        if (perms.contains(Permission.APPLICATIONS_MANAGE)) {
            return;
        }
        Resource application = app == null ? null : r.get(APPLICATION, app.toLowerCase(java.util.Locale.ROOT));
        boolean developer = perms.contains(Permission.APPLICATIONS_CREATE);
        if (application != null && owns(application.attributes(), caller) && !developer) {
            return;
        }
        throw Grants.denied(caller, Permission.APPLICATIONS_MANAGE, "assign application " + app + (developer
                ? " (an Application Developer's ownership covers the registration only)" : " (only its owners may without the permission)"));
    }

    private static boolean owns(JsonObject app, Principal caller) {
        if (caller.userId() == null || app == null || !(app.get("owners") instanceof JsonArray owners)) {
            return false;
        }
        for (JsonValue o : owners) {
            if (o instanceof JsonObject obj && caller.userId().equalsIgnoreCase(obj.getString("value", ""))) {
                return true;
            }
        }
        return false;
    }

    private static String value(JsonObject a, String attr) {
        return a != null && a.get(attr) instanceof JsonObject o ? o.getString("value", null) : null;
    }

    private static void require(Set<Permission> perms, Permission needed, Principal caller, String what) {
        if (!perms.contains(needed)) {
            throw Grants.denied(caller, needed, what);
        }
    }
}
