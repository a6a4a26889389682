package io.roster.roles;

import static io.roster.roles.Permission.API_CLIENTS_MANAGE;
import static io.roster.roles.Permission.API_CLIENTS_READ;
import static io.roster.roles.Permission.APPLICATIONS_CREATE;
import static io.roster.roles.Permission.APPLICATIONS_MANAGE;
import static io.roster.roles.Permission.APPLICATION_PROXY_MANAGE;
import static io.roster.roles.Permission.DIRECTORY_READ;
import static io.roster.roles.Permission.GROUPS_MANAGE;
import static io.roster.roles.Permission.LICENSES_ASSIGN;
import static io.roster.roles.Permission.PASSWORDS_RESET;
import static io.roster.roles.Permission.ROLES_ASSIGN;
import static io.roster.roles.Permission.ROLE_ASSIGNABLE_GROUPS_MANAGE;
import static io.roster.roles.Permission.USERS_MANAGE;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The built-in admin roles of DOMAIN.md section 2.1, with Entra's role template ids as their values so
 * that an IdP that knows Entra's ids can use them unchanged.
 */
public enum BuiltInRole {
    GLOBAL_ADMINISTRATOR("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", true,
            "Everything.", EnumSet.allOf(Permission.class)),
    PRIVILEGED_ROLE_ADMINISTRATOR("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator", true,
            "Assigns and removes any role; creates and manages role-assignable groups and API clients; reads everything.",
            EnumSet.of(DIRECTORY_READ, API_CLIENTS_READ, ROLES_ASSIGN, ROLE_ASSIGNABLE_GROUPS_MANAGE, API_CLIENTS_MANAGE)),
    USER_ADMINISTRATOR("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator", true,
            "Creates, updates and deletes users that hold no privileged role; manages groups except role-assignable ones;"
                    + " assigns licenses to users and groups.",
            EnumSet.of(DIRECTORY_READ, USERS_MANAGE, PASSWORDS_RESET, GROUPS_MANAGE, LICENSES_ASSIGN)),
    GROUPS_ADMINISTRATOR("fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator", false,
            "Manages groups that are not role-assignable: their attributes, members, rules and licenses; not user attributes.",
            EnumSet.of(DIRECTORY_READ, GROUPS_MANAGE)),
    LICENSE_ADMINISTRATOR("4d6ac14f-3453-41d0-bef9-a3e0c569773a", "License Administrator", false,
            "Changes license attributes and usageLocation of users and groups, and reprocesses them; nothing else.",
            EnumSet.of(DIRECTORY_READ, LICENSES_ASSIGN)),
    HELPDESK_ADMINISTRATOR("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator", true,
            "Resets the password and active flag of users that hold no admin role.",
            EnumSet.of(DIRECTORY_READ, PASSWORDS_RESET)),
    APPLICATION_ADMINISTRATOR("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator", true,
            "Manages applications: registrations, enterprise settings (who has access) and proxy settings.",
            EnumSet.of(DIRECTORY_READ, APPLICATIONS_MANAGE, APPLICATION_PROXY_MANAGE, APPLICATIONS_CREATE)),
    CLOUD_APPLICATION_ADMINISTRATOR("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator", true,
            "As Application Administrator, except proxy settings.",
            EnumSet.of(DIRECTORY_READ, APPLICATIONS_MANAGE, APPLICATIONS_CREATE)),
    APPLICATION_DEVELOPER("cf1c38e5-3621-4004-a7cb-879624dced7c", "Application Developer", true,
            "Creates application registrations and updates the ones it owns; no enterprise settings, no proxy.",
            EnumSet.of(DIRECTORY_READ, APPLICATIONS_CREATE)),
    GLOBAL_READER("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader", true,
            "Reads everything, changes nothing.", EnumSet.of(DIRECTORY_READ, API_CLIENTS_READ));

    private final String value;
    private final String display;
    private final boolean privileged;
    private final String description;
    private final Set<Permission> permissions;

    BuiltInRole(String value, String display, boolean privileged, String description, EnumSet<Permission> permissions) {
        this.value = value;
        this.display = display;
        this.privileged = privileged;
        this.description = description;
        this.permissions = java.util.Collections.unmodifiableSet(permissions);
    }

    public String value() {
        return value;
    }

    public String display() {
        return display;
    }

    /** DOMAIN.md 2.1: every built-in role but Groups and License Administrator. */
    public boolean privileged() {
        return privileged;
    }

    public String description() {
        return description;
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /**
     * The role a client named: by value (template id, any case) or by display name (any case), as
     * Entra's app-role objects carry either (DOMAIN.md 2.2). Null when none matches.
     */
    public static BuiltInRole find(String valueOrName) {
        if (valueOrName == null) {
            return null;
        }
        String v = valueOrName.trim().toLowerCase(Locale.ROOT);
        for (BuiltInRole r : values()) {
            if (r.value.equals(v) || r.display.toLowerCase(Locale.ROOT).equals(v)) {
                return r;
            }
        }
        return null;
    }

    /** The roles that grant {@code p}, for a 403's detail. */
    public static String grantedBy(Permission p) {
        StringBuilder sb = new StringBuilder();
        for (BuiltInRole r : values()) {
            if (r.permissions.contains(p)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(r.display);
            }
        }
        return sb.toString();
    }
}
