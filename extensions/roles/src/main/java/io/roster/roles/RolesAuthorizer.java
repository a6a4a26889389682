package io.roster.roles;

import io.roster.scim.auth.Authorizer;
import io.roster.scim.auth.Principal;
import io.roster.scim.store.StoreReader;
import java.util.Set;

/**
 * Reads and API access by role (DOMAIN.md 2.3). Every built-in role may read the directory; API clients
 * only Global Administrator, Privileged Role Administrator and Global Reader. A caller without any role
 * (a user's own token) may use only {@code /Me}, and read only itself.
 */
final class RolesAuthorizer implements Authorizer {

    @Override
    public Principal resolve(Principal principal, StoreReader reader) {
        return principal.withRoles(Grants.roles(principal, reader));
    }

    @Override
    public boolean mayUseApi(Principal principal) {
        return !Grants.of(principal, null).isEmpty();
    }

    @Override
    public String readDenied(Principal principal, String resourceType, String id) {
        if (principal.isSystem()) {
            return null;
        }
        Set<Permission> perms = Grants.of(principal, null);
        Permission needed = RolesPlugin.API_CLIENT.equals(resourceType) ? Permission.API_CLIENTS_READ : Permission.DIRECTORY_READ;
        if (perms.contains(needed) || (RolesPlugin.USER.equals(resourceType) && id != null && id.equals(principal.userId()))) {
            return null;
        }
        return "Permission denied: " + principal.name() + " may not read " + resourceType + " resources; that needs the "
                + "permission " + needed.id() + " (granted by " + BuiltInRole.grantedBy(needed) + ").";
    }
}
