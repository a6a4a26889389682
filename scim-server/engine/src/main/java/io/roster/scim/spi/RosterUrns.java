package io.roster.scim.spi;

/**
 * Roster's own schema URNs. The User and Group extensions are shared: several plugins each add their
 * attributes to them (an attribute defined twice stops the start). The RFC 7643 URNs are the engine's
 * ({@code io.roster.scim.schema.SchemaUrns}); these are the ones Roster defines.
 */
public final class RosterUrns {
    private static final String EXTENSION = "urn:ietf:params:scim:schemas:extension:roster:2.0:";

    /** The Roster User extension: licenses, usage location, effective roles. */
    public static final String USER_EXTENSION = EXTENSION + "User";
    /** The Roster Group extension: licenses, role assignment, membership rules. */
    public static final String GROUP_EXTENSION = EXTENSION + "Group";
    /** The licensing plugin's SKU details on a License. */
    public static final String LICENSE_EXTENSION = EXTENSION + "License";
    /** The roles plugin's details on a Role. */
    public static final String ROLE_EXTENSION = EXTENSION + "Role";
    /** Roster's block in {@code /ServiceProviderConfig}. */
    public static final String SERVICE_PROVIDER_CONFIG_EXTENSION = EXTENSION + "ServiceProviderConfig";
    /** The core schema of the ApiClient resource type. */
    public static final String API_CLIENT = "urn:roster:params:scim:schemas:core:2.0:ApiClient";

    /** The core schema of the Application resource type ({@code /Applications}, the applications plugin's). */
    public static final String APPLICATION = "urn:roster:params:scim:schemas:core:2.0:Application";
    /** The core schema of the AppRoleAssignment resource type ({@code /AppRoleAssignments}). */
    public static final String APP_ROLE_ASSIGNMENT = "urn:roster:params:scim:schemas:core:2.0:AppRoleAssignment";

    /** The core schema of the Job resource type ({@code /Jobs}): a background job's state and progress. */
    public static final String JOB = "urn:roster:params:scim:schemas:core:2.0:Job";

    private RosterUrns() {
    }
}
