package io.roster.roles;

/**
 * What an admin role lets its holder do (DOMAIN.md section 2.1). A 403 names the permission that was
 * missing and the roles that grant it.
 */
public enum Permission {
    /** Read Users, Groups, Roles, Licenses and the other directory resources. */
    DIRECTORY_READ("directory.read"),
    /** Read API clients (never their secrets). */
    API_CLIENTS_READ("apiClients.read"),
    /** Create, update and delete users that hold no privileged role. */
    USERS_MANAGE("users.manage"),
    /** Update and delete users that hold a privileged role. */
    PRIVILEGED_USERS_MANAGE("users.privileged.manage"),
    /** Reset the password and {@code active} of users that hold no admin role at all. */
    PASSWORDS_RESET("users.password.reset"),
    /** Create, update and delete groups that are not role-assignable, and their members, rules and licenses. */
    GROUPS_MANAGE("groups.manage"),
    /** Create, update and delete role-assignable groups and their members. */
    ROLE_ASSIGNABLE_GROUPS_MANAGE("roleAssignableGroups.manage"),
    /** Assign and remove roles, on users and on role-assignable groups. */
    ROLES_ASSIGN("roles.assign"),
    /** Change license attributes and usageLocation of users and groups; reprocess. */
    LICENSES_ASSIGN("licenses.assign"),
    /** Create, change, rotate and revoke API clients. */
    API_CLIENTS_MANAGE("apiClients.manage"),
    /** Every application's registration, enterprise settings and assignments (DOMAIN.md 4.3), not its proxy settings. */
    APPLICATIONS_MANAGE("applications.manage"),
    /** Application proxy settings ({@code proxySettings} of an Application). */
    APPLICATION_PROXY_MANAGE("applications.proxy.manage"),
    /** Create applications (the creator becomes an owner) and change the registration of those the caller owns. */
    APPLICATIONS_CREATE("applications.create"),
    /** Anything else: the license pool, and resource types no other permission covers. */
    TENANT_MANAGE("tenant.manage");

    private final String id;

    Permission(String id) {
        this.id = id;
    }

    /** The permission's name as the Role extension lists it and 403 details quote it. */
    public String id() {
        return id;
    }
}
