package io.roster.roles;

import static io.roster.roles.EffectiveRoles.assignable;
import static io.roster.roles.EffectiveRoles.ext;
import static io.roster.scim.spi.ResourceTypeNames.API_CLIENT;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.ResourceTypeNames.ROLE;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;

import io.roster.scim.spi.Principal;
import io.roster.scim.spi.SelfService;
import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admin roles inside the write that changes anything. {@link #validate} authorizes a client's own
 * change against the caller's permissions (DOMAIN.md 2.1 and 2.3; every write path, Bulk operations
 * included, runs it in the same transaction, so a refusal changes nothing) and enforces the assignment
 * rules of 2.2. {@link #apply} keeps every affected user's {@code effectiveRoles} and every role's
 * {@code totalAssignmentsUsed} current in that same write.
 */
final class RolesHook implements Hook {
    /** The license attributes a License Administrator may change (DOMAIN.md 1.2, 1.3, 1.4 rule 7). */
    private static final Set<String> USER_LICENSE_ATTRS = Set.of(USER_EXTENSION + ":licenses", USER_EXTENSION + ":usageLocation",
            USER_EXTENSION + ":licenseProcessingState");
    private static final Set<String> GROUP_LICENSE_ATTRS = Set.of(GROUP_EXTENSION + ":licenses", GROUP_EXTENSION + ":licenseProcessingState");
    private static final String GROUP_ROLES = GROUP_EXTENSION + ":roles";
    private static final String ASSIGNABLE = GROUP_EXTENSION + ":isAssignableToRole";

    private final Clock clock;

    RolesHook(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------------ validate

    @Override
    public void validate(Change change, HookContext ctx) {
        if (!change.byRequest()) {
            return; // another plugin's derived change: the request that caused it was checked
        }
        if (ROLE.equals(change.resourceType())) {
            throw ScimException.mutability("Roles are built in and read-only: they cannot be created, changed or deleted. "
                    + "Assign them through a User's \"roles\" or a role-assignable group's \"roles\".");
        }
        authorize(change, ctx);
        switch (change.resourceType()) {
            case USER -> {
                // DOMAIN.md 4.4: a User's "roles" may hold any value; one naming no admin role is kept as a plain
                // role that grants nothing, never refused (Entra quarantines a whole job over one refused user).
            }
            case GROUP -> validateGroup(change, ctx.resources());
            case API_CLIENT -> validateClient(change);
            default -> {
            }
        }
    }

    private static void validateGroup(Change change, ResourceReader w) {
        JsonObject after = change.after();
        if (after == null) {
            return;
        }
        // Compared by effect, absent meaning false: RFC 7643 section 7 lets a PUT or PATCH repeat an immutable
        // attribute's value, and "isAssignableToRole": false on a group created without the flag repeats
        // the value in effect. Only a change of what the group is (false to true or back) is refused.
        if (change.kind() != Change.Kind.CREATED && change.changed(ASSIGNABLE) && assignable(change.before()) != assignable(after)) {
            throw ScimException.mutability("\"isAssignableToRole\" is set only when a group is created; "
                    + "create a new group to change it.");
        }
        boolean assignable = assignable(after);
        JsonValue roles = ext(after, GROUP_EXTENSION).get("roles");
        boolean hasRoles = roles instanceof JsonArray a && !a.isEmpty();
        if (hasRoles && !assignable) {
            throw ScimException.invalidValue("Only a group created with \"isAssignableToRole\": true may hold roles; group "
                    + change.id() + " is not role-assignable.");
        }
        if (hasRoles && (change.kind() == Change.Kind.CREATED || change.changed(GROUP_ROLES))) {
            String bad = EffectiveRoles.unknown(roles);
            if (bad != null) {
                throw unknownRole(bad);
            }
        }
        if (!assignable) {
            return;
        }
        if (ext(after, GROUP_EXTENSION).get("membershipRule") instanceof jakarta.json.JsonString) {
            throw ScimException.invalidValue("A role-assignable group cannot be dynamic: remove \"membershipRule\".");
        }
        for (String memberId : change.membersAdded()) {
            if (w.get(GROUP, memberId) != null) {
                throw ScimException.invalidValue("A role-assignable group cannot contain groups; " + memberId
                        + " is a Group.");
            }
        }
    }

    private static void validateClient(Change change) {
        JsonObject after = change.after();
        if (after == null) {
            return;
        }
        JsonValue roles = after.get("roles");
        boolean hasRoles = roles instanceof JsonArray a && !a.isEmpty();
        if (hasRoles && after.get("userId") != null) {
            throw ScimException.invalidValue("An API client has either a \"userId\" (it acts with that user's roles) or its own "
                    + "\"roles\", not both.");
        }
        String bad = EffectiveRoles.unknown(roles);
        if (bad != null) {
            throw unknownRole(bad);
        }
    }

    private static ScimException unknownRole(String entry) {
        return ScimException.invalidValue("No role matches " + entry + ": use a value (template id) or display name from /Roles.");
    }

    // ------------------------------------------------------------------ authorization

    private static void authorize(Change change, HookContext ctx) {
        Principal caller = ctx.caller();
        if (caller.isSystem()) {
            return;
        }
        Set<Permission> perms = Grants.of(caller, ctx.resources());
        if (perms.contains(Permission.TENANT_MANAGE)) {
            return; // Global Administrator: everything
        }
        switch (change.resourceType()) {
            case USER -> authorizeUser(change, caller, perms);
            case GROUP -> authorizeGroup(change, caller, perms);
            case API_CLIENT -> require(perms, Permission.API_CLIENTS_MANAGE, caller, "manage API clients");
            case ResourceTypeNames.APPLICATION -> ApplicationAuthorization.authorizeApplication(change, caller, perms);
            case ResourceTypeNames.APP_ROLE_ASSIGNMENT -> ApplicationAuthorization.authorizeAssignment(change, caller, perms, ctx.resources());
            default -> require(perms, Permission.TENANT_MANAGE, caller, "change " + change.resourceType() + " resources");
        }
    }

    private static void authorizeUser(Change change, Principal caller, Set<Permission> perms) {
        String target = "User " + change.id();
        boolean self = change.id().equals(caller.userId());
        boolean privileged = EffectiveRoles.holdsPrivileged(change.before());
        boolean holdsAnyRole = change.before() != null && !EffectiveRoles.heldValues(change.before()).isEmpty();
        Permission manage = privileged ? Permission.PRIVILEGED_USERS_MANAGE : Permission.USERS_MANAGE;
        String privilegedNote = privileged ? " (it holds a privileged role)" : "";
        switch (change.kind()) {
            case CREATED -> {
                require(perms, Permission.USERS_MANAGE, caller, "create users");
                if (!EffectiveRoles.named(change.after().get("roles")).isEmpty()) {
                    require(perms, Permission.ROLES_ASSIGN, caller, "assign roles");
                }
                return;
            }
            case DELETED -> {
                if (!self) {
                    require(perms, manage, caller, "delete " + target + privilegedNote);
                }
                return;
            }
            default -> {
            }
        }
        for (String attr : change.changedAttributes()) {
            if (attr.equals("roles") && adminRolesChanged(change)) {
                require(perms, Permission.ROLES_ASSIGN, caller, "assign or remove roles of " + target);
            } else if (attr.equals("roles")) {
                // Only plain roles (an IdP's app roles, DOMAIN.md 4.4) changed: they grant nothing, so they are
                // a profile attribute like any other, never one a user may set on itself.
                require(perms, manage, caller, "change roles of " + target + privilegedNote);
            } else if (USER_LICENSE_ATTRS.contains(attr)) {
                if (!perms.contains(manage)) {
                    require(perms, Permission.LICENSES_ASSIGN, caller, "change " + attr + " of " + target);
                }
            } else if (self && SelfService.allows(attr)) {
                // Everyone keeps their own profile and password (the engine's /Me allow-list, one list for
                // callers with and without roles); anything else of one's own record needs the permission
                // it would need on anybody's.
                continue;
            } else if (attr.equals("password") || attr.equals("active")) {
                // Helpdesk (DOMAIN.md 2.1): password and active of users holding no admin role.
                boolean helpdesk = perms.contains(Permission.PASSWORDS_RESET) && !holdsAnyRole;
                if (!helpdesk) {
                    require(perms, manage, caller, "change " + attr + " of " + target + privilegedNote);
                }
            } else {
                require(perms, manage, caller, "change " + attr + " of " + target + privilegedNote);
            }
        }
    }

    /** Whether the admin roles the {@code roles} attribute names differ before and after (plain roles aside). */
    private static boolean adminRolesChanged(Change change) {
        return !new java.util.HashSet<>(EffectiveRoles.named(change.before() == null ? null : change.before().get("roles")))
                .equals(new java.util.HashSet<>(EffectiveRoles.named(change.after() == null ? null : change.after().get("roles"))));
    }

    private static void authorizeGroup(Change change, Principal caller, Set<Permission> perms) {
        if (change.kind() == Change.Kind.MEMBERS_CHANGED) {
            return; // a member was deleted: that delete was authorized
        }
        boolean assignable = assignable(change.before()) || assignable(change.after());
        Permission manage = assignable ? Permission.ROLE_ASSIGNABLE_GROUPS_MANAGE : Permission.GROUPS_MANAGE;
        String target = (assignable ? "role-assignable group " : "group ") + change.id();
        if (change.kind() == Change.Kind.CREATED || change.kind() == Change.Kind.DELETED) {
            require(perms, manage, caller, (change.kind() == Change.Kind.CREATED ? "create " : "delete ") + target);
            if (change.after() != null && ext(change.after(), GROUP_EXTENSION).get("roles") instanceof JsonArray a && !a.isEmpty()) {
                require(perms, Permission.ROLES_ASSIGN, caller, "assign roles to " + target);
            }
            return;
        }
        if (change.membersChanged()) {
            require(perms, manage, caller, "change the members of " + target);
        }
        for (String attr : change.changedAttributes()) {
            if (attr.equals(GROUP_ROLES)) {
                require(perms, Permission.ROLES_ASSIGN, caller, "assign or remove roles of " + target);
            } else if (GROUP_LICENSE_ATTRS.contains(attr)) {
                if (!perms.contains(manage)) {
                    require(perms, Permission.LICENSES_ASSIGN, caller, "change " + attr + " of " + target);
                }
            } else {
                require(perms, manage, caller, "change " + attr + " of " + target);
            }
        }
    }

    private static void require(Set<Permission> perms, Permission needed, Principal caller, String what) {
        if (!perms.contains(needed)) {
            throw Grants.denied(caller, needed, what);
        }
    }

    // ------------------------------------------------------------------ apply

    @Override
    public void apply(Change change, HookContext ctx) {
        ResourceWriter w = ctx.resources();
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (USER.equals(change.resourceType())) {
            if (change.kind() == Change.Kind.DELETED) {
                EffectiveRoles.heldValues(change.before()).forEach(v -> counts.merge(v, -1, Integer::sum));
            } else if (change.changed("roles")) {
                refresh(w, change.id(), counts);
            }
        } else if (GROUP.equals(change.resourceType())) {
            boolean rolesChanged = change.changed(GROUP_ROLES) || change.kind() == Change.Kind.DELETED;
            if (!assignable(change.before()) && !assignable(change.after())) {
                return; // only role-assignable groups give roles
            }
            Set<String> users = new LinkedHashSet<>(change.membersAdded());
            users.addAll(change.membersRemoved());
            if (change.changed(GROUP_ROLES) && change.kind() != Change.Kind.DELETED) {
                eachMember(w, change.id(), users);
            }
            if (rolesChanged || !users.isEmpty()) {
                for (String userId : users) {
                    refresh(w, userId, counts);
                }
            }
        }
        adjustCounts(w, counts);
    }

    private static void eachMember(ResourceReader w, String groupId, Set<String> into) {
        String after = null;
        while (true) {
            List<Member> page = w.members(groupId, after, 1000);
            for (Member m : page) {
                into.add(m.id());
            }
            if (page.size() < 1000) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /**
     * Recomputes one user's effective roles and stores them if they differ (the facade keeps the version of
     * the user the change is about and gives any other user a new one, so its ETag moves).
     */
    private static void refresh(ResourceWriter w, String userId, Map<String, Integer> counts) {
        Resource user = w.get(USER, userId);
        if (user == null) {
            return; // a Group member, or a user deleted in this write
        }
        JsonObject attrs = user.attributes();
        JsonArray fresh = EffectiveRoles.compute(w, userId, attrs);
        JsonValue old = ext(attrs, USER_EXTENSION).get("effectiveRoles");
        if (fresh.equals(old) || (fresh.isEmpty() && old == null)) {
            return;
        }
        Set<String> before = EffectiveRoles.heldValues(attrs);
        Resource updated = w.updateExtension(USER, userId, USER_EXTENSION, ext -> {
            JsonObjectBuilder e = JsonSupport.object(ext);
            if (fresh.isEmpty()) {
                e.remove("effectiveRoles");
            } else {
                e.add("effectiveRoles", fresh);
            }
            return e.build();
        });
        Set<String> after = EffectiveRoles.heldValues(updated.attributes());
        for (String v : after) {
            if (!before.contains(v)) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        for (String v : before) {
            if (!after.contains(v)) {
                counts.merge(v, -1, Integer::sum);
            }
        }
    }

    /** totalAssignmentsUsed: distinct holders, moved by the net change of this write (one write per role). */
    private static void adjustCounts(ResourceWriter w, Map<String, Integer> counts) {
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            int delta = e.getValue();
            w.update(ROLE, e.getKey(), attrs -> {
                jakarta.json.JsonNumber current = attrs.getJsonNumber("totalAssignmentsUsed");
                long used = Math.max(0, (current == null ? 0 : current.longValue()) + delta);
                return JsonSupport.object(attrs).add("totalAssignmentsUsed", used).build();
            });
        }
    }
}
