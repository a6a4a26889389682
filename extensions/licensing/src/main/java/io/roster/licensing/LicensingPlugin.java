package io.roster.licensing;

import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;

import io.roster.scim.hook.PluginContext;
import io.roster.scim.hook.PluginRuntime;
import io.roster.scim.hook.RosterPlugin;
import io.roster.scim.spi.RosterUrns;
import java.time.Clock;

/**
 * Group-based licensing (docs: DOMAIN.md section 1). Registers the {@code License} resource type at
 * {@code /Licenses} (the Entitlement core schema of draft-ietf-scim-roles-entitlements plus Roster's SKU
 * extension), Roster's User and Group extensions, and the hook that keeps license states and seat counts
 * in the same write as every change.
 */
public final class LicensingPlugin implements RosterPlugin {
    /** The Entitlement core schema of draft-ietf-scim-roles-entitlements. */
    public static final String ENTITLEMENT = "urn:ietf:params:scim:schemas:core:2.0:Entitlement";

    /** Groups with more members than this are processed in the background (README, Licensing); a system property may lower it. */
    static final int SYNC_LIMIT = Integer.getInteger("roster.licensing.syncLimit", 2_000);
    /** Members per background write. */
    static final int CHUNK = Integer.getInteger("roster.licensing.chunk", 250);

    private final Clock clock;
    private final GroupProcessing processing;

    public LicensingPlugin() {
        this(Clock.systemUTC(), SYNC_LIMIT, CHUNK);
    }

    LicensingPlugin(Clock clock, int syncLimit, int chunk) {
        this.clock = clock;
        this.processing = new GroupProcessing(syncLimit, chunk, clock);
    }

    @Override
    public String id() {
        return "licensing";
    }

    @Override
    public void register(PluginContext context) {
        context.addSchemas(LicensingPlugin.class, "schemas.json")
                .addResourceTypes(LicensingPlugin.class, "resource-types.json")
                .addExtension("User", USER_EXTENSION, false)
                .addExtension("Group", GROUP_EXTENSION, false)
                .addHook(new LicensingHook(clock, processing));
    }

    /** Resumes staged group processing left by an earlier run (DOMAIN 1.4: staged, and truthful about it). */
    @Override
    public void start(PluginRuntime runtime) {
        processing.start(runtime);
    }

    @Override
    public void stop() {
        processing.stop();
    }
}
