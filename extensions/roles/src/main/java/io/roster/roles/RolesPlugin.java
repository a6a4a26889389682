package io.roster.roles;

import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.RosterUrns.ROLE_EXTENSION;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.ROLE;

import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;

/**
 * Admin roles (DOMAIN.md section 2). Registers the {@code Role} resource type at {@code /Roles} (the
 * Role schema of draft-ietf-scim-roles-entitlements plus Roster's Role extension), its own attributes of
 * the shared Roster User and Group extensions, the hook that authorizes every write and keeps effective
 * roles and role counts in the same write, and the authorizer that decides reads. The built-in roles are
 * created at start when missing.
 */
public final class RolesPlugin implements RosterPlugin {
    public static final String ROLE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Role";

    private final Clock clock;

    public RolesPlugin() {
        this(Clock.systemUTC());
    }

    RolesPlugin(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "roles";
    }

    /** Before the other plugins: a caller who may not make a change learns that first, not what else is wrong with it. */
    @Override
    public int order() {
        return -100;
    }

    @Override
    public void register(PluginContext context) {
        context.addSchemas(RolesPlugin.class, "schemas.json")
                .addResourceTypes(RolesPlugin.class, "resource-types.json")
                .addExtension(USER, USER_EXTENSION, false)
                .addExtension(GROUP, GROUP_EXTENSION, false)
                .addHook(new RolesHook(clock))
                .setAuthorizer(new RolesAuthorizer());
    }

    /**
     * Creates the built-in roles that are missing (their id is their value, so this is idempotent) and
     * brings the definitions of existing ones up to date, keeping their counts.
     */
    @Override
    public void start(PluginRuntime runtime) {
        runtime.write(ctx -> {
            for (BuiltInRole role : BuiltInRole.values()) {
                Resource existing = ctx.resources().get(ROLE, role.value());
                long used = existing == null || existing.attributes().getJsonNumber("totalAssignmentsUsed") == null ? 0
                        : existing.attributes().getJsonNumber("totalAssignmentsUsed").longValue();
                JsonObject attrs = definition(role, used);
                if (existing == null) {
                    ctx.resources().create(ROLE, role.value(), attrs);
                } else {
                    ctx.resources().update(ROLE, role.value(), old -> attrs);
                }
            }
            return null;
        });
    }

    static JsonObject definition(BuiltInRole role, long used) {
        JsonArrayBuilder perms = JsonSupport.array();
        role.permissions().forEach(p -> perms.add(p.id()));
        JsonObjectBuilder ext = JsonSupport.object()
                .add("description", role.description())
                .add("builtIn", true)
                .add("privileged", role.privileged())
                .add("permissions", perms);
        return JsonSupport.object()
                .add("value", role.value())
                .add("display", role.display())
                .add("type", "AdminRole")
                .add("supported", true)
                .add("limitedAssignmentsPermitted", false)
                .add("totalAssignmentsUsed", used)
                .add(ROLE_EXTENSION, ext)
                .build();
    }
}
