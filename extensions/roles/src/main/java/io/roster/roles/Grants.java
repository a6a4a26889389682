package io.roster.roles;

import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a caller may do: the permissions of the roles it acts with. A token bound to a User acts with
 * that user's {@code effectiveRoles}; an API client bound to no user with its own {@code roles}; the
 * bootstrap administrator token with exactly Global Administrator (resolved at authentication only). The roles are read in the same store
 * read that authenticates the token; turning a set of roles into permissions is cached, so a check is a
 * map lookup and a bit test.
 */
final class Grants {
    private static final Map<Set<String>, Set<Permission>> CACHE = new ConcurrentHashMap<>();
    static final Set<String> BOOTSTRAP_ROLES = Set.of(BuiltInRole.GLOBAL_ADMINISTRATOR.value());
    /**
     * Beside the role values of a user who owns applications (the applications plugin's
     * {@code ownedApplications}): not a role and granting no permission, it lets an owner without an admin
     * role reach applications and assignments, where the hook allows it its own application's registration
     * and assignments only (DOMAIN.md 4.3, "owner of an application (any user)").
     */
    static final String APPLICATION_OWNER = "roster:application-owner";

    private Grants() {
    }

    /** The role values the principal acts with, read from the store (null reader: a principal without a record). */
    static Set<String> roles(Principal p, ResourceReader r) {
        if (p.userId() != null) {
            Resource user = r == null ? null : r.get(ResourceTypeNames.USER, p.userId());
            if (user == null) {
                return Set.of();
            }
            Set<String> held = EffectiveRoles.heldValues(user.attributes());
            if (EffectiveRoles.ownsApplications(user.attributes())) {
                held.add(APPLICATION_OWNER); // no role: what an owner may do is ApplicationAuthorization's
            }
            return held;
        }
        if (p.clientId() != null) {
            Resource client = r == null ? null : r.get(ResourceTypeNames.API_CLIENT, p.clientId());
            return client == null ? Set.of() : clientRoles(client.attributes());
        }
        // Neither a user nor a client: nothing. Only authenticating the bootstrap token grants Global
        // Administrator (RolesAuthorizer.resolve); a principal made in-process without roles holds none.
        return Set.of();
    }

    static Set<String> clientRoles(JsonObject client) {
        Set<String> out = new LinkedHashSet<>();
        if (client.get("roles") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject o) {
                    BuiltInRole role = BuiltInRole.find(o.getString("value", null));
                    if (role != null) {
                        out.add(role.value());
                    }
                }
            }
        }
        return out;
    }

    /** The permissions of a set of role values (cached per distinct set: there are few). */
    static Set<Permission> permissions(Set<String> roles) {
        return CACHE.computeIfAbsent(roles, rs -> {
            EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
            for (String v : rs) {
                BuiltInRole role = BuiltInRole.find(v);
                if (role != null) {
                    out.addAll(role.permissions());
                }
            }
            return java.util.Collections.unmodifiableSet(out);
        });
    }

    /**
     * The permissions of a caller; {@code reader} resolves a principal that was not resolved at
     * authentication (made in-process). The server itself may do everything.
     */
    static Set<Permission> of(Principal p, ResourceReader reader) {
        if (p.isSystem()) {
            return EnumSet.allOf(Permission.class);
        }
        return permissions(p.roles() != null ? p.roles() : roles(p, reader));
    }

    /** Whether the resolved caller owns applications (see {@link #APPLICATION_OWNER}). */
    static boolean ownsApplications(Principal p) {
        return p.roles() != null && p.roles().contains(APPLICATION_OWNER);
    }

    static ScimException denied(Principal p, Permission missing, String what) {
        return ScimException.forbidden("Permission denied: " + p.name() + " may not " + what + "; that needs the permission "
                + missing.id() + " (granted by " + BuiltInRole.grantedBy(missing) + ").");
    }
}
