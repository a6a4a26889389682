package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;

import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RosterPlugin;
import java.time.Clock;

/**
 * Group-based licensing (DOMAIN section 1 of the domain reference). Registers the {@code License} resource
 * type at {@code /Licenses} (the Entitlement core schema of draft-ietf-scim-roles-entitlements plus
 * Roster's SKU extension), Roster's User and Group extensions, the hook that keeps license states and
 * seat counts in the same write as every change, and the background job that processes large groups.
 */
public final class LicensingPlugin implements RosterPlugin {
    /** The Entitlement core schema of draft-ietf-scim-roles-entitlements. */
    public static final String ENTITLEMENT = "urn:ietf:params:scim:schemas:core:2.0:Entitlement";

    private final Clock clock;
    /** Set by a test; otherwise read from the plugin's configuration at registration. */
    private final LicensingConfig fixed;
    private LicensingConfig config;

    public LicensingPlugin() {
        this(Clock.systemUTC(), null);
    }

    /** Tests stage groups above {@code syncLimit} members, {@code chunk} per write. */
    LicensingPlugin(Clock clock, int syncLimit, int chunk) {
        this(clock, new LicensingConfig(syncLimit, chunk));
    }

    private LicensingPlugin(Clock clock, LicensingConfig fixed) {
        this.clock = clock;
        this.fixed = fixed;
    }

    @Override
    public String id() {
        return "licensing";
    }

    @Override
    public void register(PluginContext context) {
        config = fixed != null ? fixed : LicensingConfig.from(context.config());
        GroupProcessing processing = new GroupProcessing(config, clock);
        context.addSchemas(LicensingPlugin.class, "schemas.json")
                .addResourceTypes(LicensingPlugin.class, "resource-types.json")
                .addExtension(USER, USER_EXTENSION, false)
                .addExtension(GROUP, GROUP_EXTENSION, false)
                // Who holds a license, who is in error and through which group are value filters on these
                // (the console's license and group pages): indexed, they read a range instead of every user.
                .addIndex(USER, USER_EXTENSION + ":licenseAssignmentStates.skuId")
                .addIndex(USER, USER_EXTENSION + ":licenseAssignmentStates.assignedByGroup")
                .addIndex(USER, USER_EXTENSION + ":licenseAssignmentStates.state")
                .addIndex(USER, USER_EXTENSION + ":licenseAssignmentStates.error")
                // which groups give a license: its delete and rename are refused while any does
                .addIndex(GROUP, GROUP_EXTENSION + ":licenses.value")
                .addHook(new LicensingHook(clock, processing))
                .addJobHandler(GroupProcessing.KIND, processing);
    }

    /**
     * Moves what an earlier release kept in server settings into the plugin's records and jobs, then
     * records the joining order of memberships from before it was kept; both before the first request.
     */
    @Override
    public void start(PluginRuntime runtime) {
        LegacyMigration.run(runtime);
        JoinOrderBackfill.run(runtime);
    }
}
