package io.roster.roles;

import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.ResourceReader;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads and API access by role (DOMAIN.md 2.3). Every built-in role may read the directory (and Jobs, as it
 * may read Groups); API clients only Global Administrator, Privileged Role Administrator and Global Reader. A caller without any role
 * (a user's own token) may use only {@code /Me}, and read only itself.
 *
 * <p>{@link #writeDenied} is the coarse check the service makes before it looks at the resource: whether
 * any permission of the caller could change resources of the type at all. The exact check (which
 * attributes, which target) is {@link RolesHook}'s, inside the write.
 */
final class RolesAuthorizer implements Authorizer {
    /** Permissions that let a caller change some users (or some attributes of them). */
    private static final Set<Permission> USER_WRITES = EnumSet.of(Permission.USERS_MANAGE, Permission.PRIVILEGED_USERS_MANAGE,
            Permission.PASSWORDS_RESET, Permission.LICENSES_ASSIGN, Permission.ROLES_ASSIGN);
    /** Permissions that let a caller change some groups (or some attributes of them). */
    private static final Set<Permission> GROUP_WRITES = EnumSet.of(Permission.GROUPS_MANAGE,
            Permission.ROLE_ASSIGNABLE_GROUPS_MANAGE, Permission.LICENSES_ASSIGN, Permission.ROLES_ASSIGN);
    /** Permissions that let a caller create groups (which kind is the hook's check). */
    private static final Set<Permission> GROUP_CREATES = EnumSet.of(Permission.GROUPS_MANAGE,
            Permission.ROLE_ASSIGNABLE_GROUPS_MANAGE);

    @Override
    public Principal resolve(Principal principal, ResourceReader reader) {
        // Only the authentication of the bootstrap token passes no reader (a token without a stored record):
        // that, and nothing made in-process, acts as Global Administrator.
        boolean bootstrap = reader == null && principal.userId() == null && principal.clientId() == null;
        return principal.withRoles(bootstrap ? Grants.BOOTSTRAP_ROLES : Grants.roles(principal, reader));
    }

    @Override
    public boolean mayUseApi(Principal principal) {
        return !Grants.of(principal, null).isEmpty() || Grants.ownsApplications(principal);
    }

    /** Applications and their assignments: what an owner without an admin role may reach (the hook narrows it to its own). */
    private static boolean ownersReach(Principal principal, String resourceType) {
        return Grants.ownsApplications(principal) && (ResourceTypeNames.APPLICATION.equals(resourceType)
                || ResourceTypeNames.APP_ROLE_ASSIGNMENT.equals(resourceType));
    }

    @Override
    public String readDenied(Principal principal, String resourceType, String id) {
        if (principal.isSystem()) {
            return null;
        }
        Set<Permission> perms = Grants.of(principal, null);
        Permission needed = readPermission(resourceType);
        if (perms.contains(needed) || Authorizer.isSelf(principal, resourceType, id) || Authorizer.isOwnClient(principal, resourceType, id)
                || ownersReach(principal, resourceType)) {
            return null;
        }
        return denied(principal, "read " + resourceType + " resources", needed);
    }

    /**
     * What reading a type needs. Jobs ({@code /Jobs}) tell what the server does to groups (licensing them,
     * reconciling their rules), so reading them needs what reading Groups needs; any type not named here
     * needs directory.read too.
     */
    static Permission readPermission(String resourceType) {
        return switch (resourceType) {
            case ResourceTypeNames.API_CLIENT -> Permission.API_CLIENTS_READ;
            case ResourceTypeNames.JOB -> readPermission(ResourceTypeNames.GROUP);
            default -> Permission.DIRECTORY_READ;
        };
    }

    @Override
    public String writeDenied(Principal principal, String resourceType, String id) {
        if (principal.isSystem()) {
            return null;
        }
        Set<Permission> perms = Grants.of(principal, null);
        if (perms.contains(Permission.TENANT_MANAGE) || Authorizer.isSelf(principal, resourceType, id)) {
            return null; // Global Administrator; a user's own record (what it may change there is the hook's check)
        }
        if (ownersReach(principal, resourceType) && !(ResourceTypeNames.APPLICATION.equals(resourceType) && id == null)) {
            return null; // an owner's own application or its assignments: the hook checks whose (creating one is not an owner's)
        }
        Set<Permission> enough;
        String what;
        switch (resourceType) {
            case ResourceTypeNames.USER -> {
                enough = id == null ? EnumSet.of(Permission.USERS_MANAGE) : USER_WRITES;
                what = id == null ? "create users" : "change users";
            }
            case ResourceTypeNames.GROUP -> {
                enough = id == null ? GROUP_CREATES : GROUP_WRITES;
                what = id == null ? "create groups" : "change groups";
            }
            case ResourceTypeNames.API_CLIENT -> {
                enough = EnumSet.of(Permission.API_CLIENTS_MANAGE);
                what = "manage API clients";
            }
            case ResourceTypeNames.APPLICATION -> {
                // changing one: its owners may, whatever role gives them the API (the hook checks ownership)
                enough = id == null ? EnumSet.of(Permission.APPLICATIONS_MANAGE, Permission.APPLICATIONS_CREATE)
                        : EnumSet.of(Permission.APPLICATIONS_MANAGE, Permission.DIRECTORY_READ);
                what = id == null ? "create applications" : "change applications";
            }
            case ResourceTypeNames.APP_ROLE_ASSIGNMENT -> {
                // an application's owners, and Privileged Role Administrators for role-assignable groups (the hook's check)
                enough = EnumSet.of(Permission.APPLICATIONS_MANAGE, Permission.DIRECTORY_READ);
                what = "assign applications";
            }
            default -> {
                enough = EnumSet.of(Permission.TENANT_MANAGE);
                what = "change " + resourceType + " resources";
            }
        }
        for (Permission p : enough) {
            if (perms.contains(p)) {
                return null;
            }
        }
        return denied(principal, what, enough.iterator().next());
    }

    /** Backups hold the whole tenant, hashes included: only what manages the tenant (Global Administrator) may take them. */
    @Override
    public String backupDenied(Principal principal) {
        if (principal.isSystem() || Grants.of(principal, null).contains(Permission.TENANT_MANAGE)) {
            return null;
        }
        return denied(principal, "take backups", Permission.TENANT_MANAGE);
    }

    private static String denied(Principal principal, String what, Permission needed) {
        return "Permission denied: " + principal.name() + " may not " + what + "; that needs the permission " + needed.id()
                + " (granted by " + BuiltInRole.grantedBy(needed) + ").";
    }
}
