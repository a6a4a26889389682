package io.roster.scim.spi;

/**
 * The names of Roster's resource types, as {@code Change.resourceType()}, the store and the
 * {@code /ResourceTypes} documents spell them. The engine defines User, Group, ApiClient and Job; License,
 * Role, Application and AppRoleAssignment are registered by the bundled licensing, roles and applications plugins but named here too, because the
 * other plugins and the engine's messages refer to them.
 */
public final class ResourceTypeNames {
    public static final String USER = "User";
    public static final String GROUP = "Group";
    /** API clients ({@code /ApiClients}): tokens for connectors, with a secret and roles or a bound user. */
    public static final String API_CLIENT = "ApiClient";
    /**
     * Background jobs and their progress ({@code /Jobs}): read-only to clients and to plugins' resource
     * writes; kept by the engine's jobs facility (see {@link Jobs}).
     */
    public static final String JOB = "Job";
    /** The licensing plugin's SKUs ({@code /Licenses}). */
    public static final String LICENSE = "License";
    /** The roles plugin's admin roles ({@code /Roles}). */
    public static final String ROLE = "Role";
    /** The applications plugin's applications ({@code /Applications}): registration, app roles, owners, settings. */
    public static final String APPLICATION = "Application";
    /** The applications plugin's grants of an app role to a User or Group ({@code /AppRoleAssignments}). */
    public static final String APP_ROLE_ASSIGNMENT = "AppRoleAssignment";

    private ResourceTypeNames() {
    }
}
