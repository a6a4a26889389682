package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.APP_ROLE_ASSIGNMENT;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;

import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;

/**
 * Applications and app access (DOMAIN.md section 4). Registers the {@code Application} resource type at
 * {@code /Applications} and {@code AppRoleAssignment} at {@code /AppRoleAssignments}, the readOnly
 * {@code appRoleAssignments} of the shared Roster User extension, the indexes that answer "who may use
 * application X" ({@code appRoleAssignments[application eq "X"]} on /Users) and an assignment's
 * principal, application and role, the hook that keeps all of it exact in every write, and the jobs
 * that stage a large group. Who may manage applications is decided by the roles plugin (DOMAIN.md 4.3).
 */
public final class ApplicationsPlugin implements RosterPlugin {
    /** Set by a test; otherwise read from the plugin's configuration at registration. */
    private final ApplicationsConfig fixed;

    public ApplicationsPlugin() {
        this(null);
    }

    /** Tests stage groups above {@code syncLimit} members, {@code chunk} per write. */
    ApplicationsPlugin(int syncLimit, int chunk) {
        this(new ApplicationsConfig(syncLimit, chunk, ApplicationsConfig.DEFAULTS.maxPerPrincipal()));
    }

    private ApplicationsPlugin(ApplicationsConfig fixed) {
        this.fixed = fixed;
    }

    @Override
    public String id() {
        return "applications";
    }

    /** After dynamic groups: the membership changes their rules make reach this plugin's hook in the same write. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public void register(PluginContext context) {
        ApplicationsConfig config = fixed != null ? fixed : ApplicationsConfig.from(context.config());
        AccessProcessing processing = new AccessProcessing(config);
        context.addSchemas(ApplicationsPlugin.class, "schemas.json")
                .addResourceTypes(ApplicationsPlugin.class, "resource-types.json")
                .addExtension(USER, USER_EXTENSION, false)
                .addIndex(APP_ROLE_ASSIGNMENT, "principal.value")
                .addIndex(APP_ROLE_ASSIGNMENT, "application.value")
                .addIndex(APP_ROLE_ASSIGNMENT, "appRoleId")
                .addIndex(APPLICATION, "owners.value")
                .addIndex(USER, USER_EXTENSION + ":" + EffectiveAccess.ATTRIBUTE + ".application")
                .addHook(new ApplicationsHook(config, processing))
                .addJobHandler(AccessProcessing.GROUP_KIND, processing.groupHandler())
                .addJobHandler(AccessProcessing.APPLICATION_KIND, processing.applicationHandler());
    }
}
